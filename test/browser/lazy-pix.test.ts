/**
 * The PIX screen is a lazy chunk: nothing of it (the view, the QR encoder, the countdown) is
 * requested until the buyer picks PIX; then the PIX flow completes as before.
 */
import { expect, fixtureCleanup } from '@open-wc/testing';
import {
  chooseMethod,
  deep,
  fillBuyer,
  mountCheckout,
  must,
  payAtGateway,
  payButton,
  recordEvents,
  createdPaymentId,
  resetBackend,
  waitFor,
  waitForState,
} from './demo/support.js';
import { screenRequests } from './lazy-support.js';

describe('lazy PIX screen (against the demo back end)', function () {
  this.timeout(40_000);
  beforeEach(resetBackend);
  afterEach(() => fixtureCleanup());

  it('is not requested before PIX is picked, is requested on the pick, and the PIX flow completes', async () => {
    const events = recordEvents();
    const el = await mountCheckout();
    await waitForState(el, 'ready');
    chooseMethod(el, 'CREDIT_CARD');
    await el.updateComplete;
    chooseMethod(el, 'BOLETO');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300)); // room for a stray request to show up
    expect(screenRequests('PIX'), 'PIX modules requested before the pick').to.deep.equal([]);
    expect(customElements.get('bynet-pix-payment')).to.equal(undefined);

    chooseMethod(el, 'PIX');
    await waitFor(() => customElements.get('bynet-pix-payment') !== undefined, 'the PIX screen never loaded');
    const paths = screenRequests('PIX');
    expect(paths.some((p) => p.endsWith('/pix-payment/pix-payment.ts')), paths.join(', ')).to.equal(true);
    expect(paths.some((p) => p.includes('/lean-qr/')), paths.join(', ')).to.equal(true);

    await fillBuyer(el);
    payButton(el)!.click();
    await waitForState(el, 'awaiting');
    const pix = must(el.shadowRoot!, 'bynet-pix-payment');
    await waitFor(() => deep(pix.shadowRoot!, 'svg[part~="qr-code"]') !== null, 'no QR drawn');
    await payAtGateway(await createdPaymentId(events));
    await waitForState(el, 'paid', 20_000);
  });
});
