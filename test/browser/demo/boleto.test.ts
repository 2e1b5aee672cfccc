import { expect, fixtureCleanup } from '@open-wc/testing';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import { boletoLineToBarcode } from '../../../src/brazil/boleto.js';
import { barsFromPath, decodeItf } from '../../support/itf-decode.js';
import {
  chooseMethod,
  createdPaymentId,
  creations,
  customerField,
  deep,
  deepText,
  ENDPOINT,
  fillAddressByCep,
  fillBuyer,
  KNOWN_CEP,
  mountCheckout,
  must,
  payButton,
  recordEvents,
  resetBackend,
  waitFor,
  waitForState,
} from './support.js';

const boletoView = (el: BynetCheckout) => must(el.shadowRoot!, 'bynet-boleto-payment');

/** The payment as the helper reports it, read with the token the widget saved for resuming. */
async function helperPayment(paymentId: string): Promise<{ boleto?: { barcode?: string; digitableLine: string; pdfUrl?: string } }> {
  const saved = JSON.parse(sessionStorage.getItem(sessionStorage.key(0)!)!) as { token: string; paymentId: string };
  expect(saved.paymentId).to.equal(paymentId);
  const res = await fetch(`${ENDPOINT}/payments/${encodeURIComponent(paymentId)}`, { headers: { 'X-Checkout-Token': saved.token } });
  expect(res.status).to.equal(200);
  return ((await res.json()) as { payment: { boleto?: { barcode?: string; digitableLine: string; pdfUrl?: string } } }).payment;
}

describe('<bynet-checkout> against the demo back end: boleto', function () {
  this.timeout(40_000); // real back end, real timers
  beforeEach(resetBackend);
  afterEach(() => fixtureCleanup());

  it('fills the address from the CEP, issues the boleto, and draws a barcode that reads back as the 44-digit code', async () => {
    const events = recordEvents();
    try {
      const el = await mountCheckout();
      await waitForState(el, 'ready');
      chooseMethod(el, 'BOLETO');
      await fillBuyer(el);
      await fillAddressByCep(el);
      expect(customerField(el, 'neighborhood').value).to.equal(KNOWN_CEP.neighborhood);
      expect(customerField(el, 'city').value).to.equal(KNOWN_CEP.city);
      expect(customerField(el, 'state').value).to.equal(KNOWN_CEP.state);
      await expect(el).to.be.accessible();

      payButton(el)!.click();
      await waitForState(el, 'awaiting');
      await waitFor(() => deep(boletoView(el).shadowRoot!, 'bynet-barcode') !== null, 'no boleto view');
      const paymentId = await createdPaymentId(events);
      const truth = (await helperPayment(paymentId)).boleto!;
      expect(truth.barcode).to.match(/^\d{44}$/);

      // The drawn bars decode as ITF to exactly the barcode.
      const barcode = must(boletoView(el).shadowRoot!, 'bynet-barcode');
      const path = must<SVGPathElement>(barcode.shadowRoot!, 'svg[part~="barcode"] path');
      expect(decodeItf(barsFromPath(path.getAttribute('d')!))).to.equal(truth.barcode);

      // The digitable line shown converts to the same barcode.
      const shown = must<HTMLTextAreaElement>(boletoView(el).shadowRoot!, '[part~="digitable-line"]').value;
      expect(shown.replace(/\D/g, '')).to.equal(truth.digitableLine);
      expect(boletoLineToBarcode(shown.replace(/\D/g, ''))).to.equal(truth.barcode);

      // The PDF link answers a PDF.
      const link = must<HTMLAnchorElement>(boletoView(el).shadowRoot!, 'a[part~="boleto-pdf"]');
      const pdf = await fetch(link.href);
      expect(pdf.status).to.equal(200);
      expect(pdf.headers.get('content-type')).to.match(/^application\/pdf\b/);
      expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).to.equal('%PDF-');

      expect(deepText(el)).to.include('Boleto gerado');
      await expect(el).to.be.accessible();

      const { orders, payments } = await creations();
      expect(orders).to.have.length(1);
      expect(payments).to.have.length(1);
      expect(events.first('bynet-payment-created')).to.deep.include({ paymentId, method: 'BOLETO', status: 'WAITING_PAYMENT' });
    } finally {
      events.stop();
    }
  });
});
