import { expect, fixtureCleanup } from '@open-wc/testing';
import sinon from 'sinon';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import {
  chooseMethod,
  createdPaymentId,
  creations,
  decodeSvgQr,
  deep,
  deepText,
  expireAtGateway,
  fillBuyer,
  inState,
  mountCheckout,
  must,
  payAtGateway,
  payButton,
  recordEvents,
  resetBackend,
  waitFor,
  waitForState,
} from './support.js';

/** CRC16/CCITT-FALSE (poly 0x1021, init 0xFFFF), written here independently of the widget's code. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const pixView = (el: BynetCheckout) => must(el.shadowRoot!, 'bynet-pix-payment');
const pixCode = (el: BynetCheckout) => must<HTMLTextAreaElement>(pixView(el).shadowRoot!, '[part~="pix-code"]').value;
const qrSvg = (el: BynetCheckout) => must<SVGSVGElement>(pixView(el).shadowRoot!, 'svg[part~="qr-code"]');

/** Picks PIX, fills the buyer and asks for the code; resolves once the PIX view shows. */
async function issuePix(el: BynetCheckout): Promise<void> {
  await waitForState(el, 'ready');
  chooseMethod(el, 'PIX');
  await fillBuyer(el);
  payButton(el)!.click();
  await waitForState(el, 'awaiting');
  await waitFor(() => deep(pixView(el).shadowRoot!, 'svg[part~="qr-code"]') !== null, 'no QR drawn');
}

describe('<bynet-checkout> against the demo back end: PIX', function () {
  this.timeout(40_000); // real back end, real timers
  beforeEach(resetBackend);
  afterEach(() => {
    sinon.restore();
    fixtureCleanup();
  });

  it('renders the gateway layout (colour, logo, font) and the methods the product offers, and is accessible', async () => {
    const el = await mountCheckout();
    await waitForState(el, 'ready');
    const root = el.shadowRoot!;
    const base = must(root, '[part~="base"]');
    await expect(el).to.be.accessible(); // choosing, no method picked yet

    // Primary colour: the layout's value reaches the private token, and the buttons are painted with it.
    expect(base.style.getPropertyValue('--_api-primary')).to.equal('#0b63ce');
    chooseMethod(el, 'PIX');
    await waitFor(() => payButton(el) !== null, 'no pay button');
    expect(getComputedStyle(payButton(el)!).backgroundColor).to.equal('rgb(11, 99, 206)');
    // Typography INTER -> an Inter font stack.
    expect(getComputedStyle(base).fontFamily).to.match(/^"?Inter"?,/);
    // Logo from the sandbox's layout, served and decoded.
    const logo = must<HTMLImageElement>(root, 'img[part~="logo"]');
    expect(new URL(logo.src).pathname).to.equal('/sandbox/assets/logo.svg');
    await waitFor(() => logo.complete && logo.naturalWidth > 0, 'the logo did not load');
    // The product's title and price, and its three methods.
    expect(must(root, '[part~="title"]').textContent).to.equal('Camiseta Bynet');
    expect(deepText(must(root, '[part~="amount"]'))).to.match(/R\$\s*49,90/);
    const list = must(root, 'bynet-method-list');
    const radios = [...list.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.value)).to.deep.equal(['PIX', 'BOLETO', 'CREDIT_CARD']);
    expect(deepText(list)).to.include('Pix').and.to.include('Boleto').and.to.include('Cartão de crédito');

    await expect(el).to.be.accessible();
  });

  it('shows a QR that decodes to exactly the copy-paste code (valid CRC), then the paid view once the gateway is paid', async () => {
    const events = recordEvents();
    const copied: string[] = [];
    sinon.stub(navigator.clipboard, 'writeText').callsFake(async (text: string) => {
      copied.push(text);
    });
    try {
      const el = await mountCheckout();
      await issuePix(el);

      const code = pixCode(el);
      expect(code).to.match(/^000201/);
      expect(code.slice(-8, -4)).to.equal('6304');
      expect(code.slice(-4)).to.equal(crc16(code.slice(0, -4)));
      expect(await decodeSvgQr(qrSvg(el))).to.equal(code);
      await expect(el).to.be.accessible();

      // Copy: the exact code goes to the clipboard and bynet-copy fires.
      must<HTMLButtonElement>(pixView(el).shadowRoot!, '[part~="copy-button"]').click();
      await waitFor(() => events.all('bynet-copy').length === 1, 'no bynet-copy');
      expect(copied).to.deep.equal([code]);

      const paymentId = await createdPaymentId(events);
      await payAtGateway(paymentId);
      await waitForState(el, 'paid');
      const paid = events.first('bynet-payment-complete');
      expect(paid).to.deep.include({ paymentId, method: 'PIX', status: 'PAID' });
      expect(deepText(el)).to.include('Pagamento confirmado!');
      expect(deep(el.shadowRoot!, 'bynet-pix-payment')).to.equal(null);
      await expect(el).to.be.accessible();

      // The flow's events, in order, each exactly once.
      expect(events.names()).to.deep.equal([
        'bynet-ready',
        'bynet-method-select',
        'bynet-payment-submit',
        'bynet-payment-created',
        'bynet-copy',
        'bynet-payment-status',
        'bynet-payment-complete',
      ]);
      const orderId = events.first('bynet-payment-created')!.orderId;
      expect(events.first('bynet-ready')).to.deep.equal({ methods: ['PIX', 'BOLETO', 'CREDIT_CARD'], amount: 4990, currency: 'BRL' });
      expect(events.first('bynet-method-select')).to.deep.equal({ method: 'PIX' });
      expect(events.first('bynet-payment-submit')).to.deep.equal({ method: 'PIX' });
      expect(events.first('bynet-payment-created')).to.deep.equal({ orderId, paymentId, method: 'PIX', status: 'WAITING_PAYMENT' });
      expect(events.first('bynet-copy')).to.deep.equal({ method: 'PIX', what: 'pix-code' });
      expect(events.first('bynet-payment-status')).to.deep.equal({ paymentId, status: 'PAID', previous: 'WAITING_PAYMENT' });
      expect(paid).to.deep.equal({ orderId, paymentId, method: 'PIX', status: 'PAID', amount: 4990, paidAt: paid!.paidAt });
      expect(Number.isFinite(Date.parse(String(paid!.paidAt)))).to.equal(true);
      // Ids and statuses only: nothing of the buyer, the code or the token.
      const details = JSON.stringify(events.seen.map((s) => s.detail));
      for (const secret of ['Maria', 'maria@example.com', '52998224725', '11987654321', code.slice(0, 40), sessionStorage.key(0) ?? 'no-key']) {
        expect(details).not.to.include(secret);
      }

      const { orders, payments } = await creations();
      expect(orders).to.have.length(1);
      expect(payments).to.have.length(1);
    } finally {
      events.stop();
    }
  });

  it('after a reload mid-payment shows the same code and creates no new payment', async () => {
    const events = recordEvents();
    try {
      const first = await mountCheckout();
      await issuePix(first);
      const code = pixCode(first);
      const paymentId = await createdPaymentId(events);
      expect(sessionStorage.length).to.equal(1);

      // "Reload": the element goes away and a new one starts from the same sessionStorage.
      first.remove();
      fixtureCleanup();
      const second = await mountCheckout();
      await waitForState(second, 'awaiting');
      await waitFor(() => deep(second.shadowRoot!, 'bynet-pix-payment') !== null, 'no PIX view after the reload');
      expect(pixCode(second)).to.equal(code);
      expect(await decodeSvgQr(qrSvg(second))).to.equal(code);
      expect(events.all('bynet-payment-created')).to.have.length(1);

      const { orders, payments, failedPayments } = await creations();
      expect(orders).to.have.length(1);
      expect(payments).to.have.length(1);
      expect(failedPayments).to.have.length(0);

      // And it still follows the same payment to the end.
      await payAtGateway(paymentId);
      await waitForState(second, 'paid');
      expect(events.first('bynet-payment-complete')).to.deep.include({ paymentId, status: 'PAID' });
      // The open record became a paid one: another reload shows this confirmation, not a new checkout.
      expect(sessionStorage.length).to.equal(1);
      const saved = JSON.parse(sessionStorage.getItem(sessionStorage.key(0)!)!) as { paymentId: string; paid?: { status: string; amount: number } };
      expect(saved.paymentId).to.equal(paymentId);
      expect(saved.paid).to.deep.include({ status: 'PAID', amount: 4990 });
    } finally {
      events.stop();
    }
  });

  it('shows the expired view, and "gerar novo código" makes a new payment for the same order with a new QR', async () => {
    const events = recordEvents();
    try {
      const el = await mountCheckout();
      await issuePix(el);
      const oldCode = pixCode(el);
      const firstId = await createdPaymentId(events);

      await expireAtGateway(firstId);
      await waitForState(el, 'expired');
      expect(deepText(el)).to.include('O código Pix expirou');
      expect(events.first('bynet-payment-failed')).to.deep.include({ paymentId: firstId, method: 'PIX', reason: 'expired' });
      await expect(el).to.be.accessible();

      const renew = must<HTMLButtonElement>(el.shadowRoot!, '[part~="retry-button"]');
      expect(renew.textContent!.trim()).to.equal('Gerar novo código');
      renew.click();
      await waitForState(el, 'awaiting');
      await waitFor(() => deep(el.shadowRoot!, 'bynet-pix-payment') !== null && deep(pixView(el).shadowRoot!, 'svg') !== null, 'no new QR');
      const newCode = pixCode(el);
      expect(newCode).not.to.equal(oldCode);
      expect(await decodeSvgQr(qrSvg(el))).to.equal(newCode);

      const created = events.all('bynet-payment-created');
      expect(created).to.have.length(2);
      expect(created[1]!.orderId).to.equal(created[0]!.orderId);
      expect(created[1]!.paymentId).not.to.equal(firstId);

      const { orders, payments } = await creations();
      expect(orders).to.have.length(1);
      expect(payments).to.have.length(2);
      expect(new Set(payments.map((p) => p.path)).size).to.equal(1); // both for the same order
      expect(inState(el, 'awaiting')).to.equal(true);

      const orderId = created[0]!.orderId;
      expect(events.seen.map((s) => [s.name, (s.detail as { status?: string }).status])).to.deep.equal([
        ['bynet-ready', undefined],
        ['bynet-method-select', undefined],
        ['bynet-payment-submit', undefined],
        ['bynet-payment-created', 'WAITING_PAYMENT'],
        ['bynet-payment-status', 'EXPIRED'],
        ['bynet-payment-failed', 'EXPIRED'],
        ['bynet-payment-submit', undefined],
        ['bynet-payment-created', 'WAITING_PAYMENT'],
      ]);
      expect(events.all('bynet-payment-submit')[1]).to.deep.equal({ method: 'PIX', orderId });
    } finally {
      events.stop();
    }
  });
});
