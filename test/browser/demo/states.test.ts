import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import { createHelperClient } from '../../../src/checkout/api.js';
import { contrastRatio, parseColor } from '../../../src/checkout/layout.js';
import {
  chooseMethod,
  control,
  creations,
  deep,
  deepText,
  ENDPOINT,
  fillBuyer,
  inState,
  mountCheckout,
  must,
  payButton,
  PRODUCT,
  recordEvents,
  resetBackend,
  waitFor,
  waitForState,
} from './support.js';

/** `rgb(r, g, b)` from getComputedStyle -> [r, g, b]. */
const rgb = (css: string): [number, number, number] => {
  const parsed = parseColor(css);
  if (!parsed) throw new Error(`unparsable colour ${css}`);
  return parsed;
};
const contrast = (fg: string, bg: string) => contrastRatio(rgb(fg), rgb(bg));

describe('<bynet-checkout> against the demo back end: loading, errors and theme', function () {
  this.timeout(40_000); // real back end, real timers
  beforeEach(resetBackend);
  afterEach(() => fixtureCleanup());

  it('is accessible while loading (the real helper, its answer held back)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const client = createHelperClient({
      endpoint: ENDPOINT,
      fetch: async (input, init) => {
        await gate;
        return fetch(input, init);
      },
    });
    const el = await fixture<BynetCheckout>(html`<bynet-checkout endpoint=${ENDPOINT} product=${PRODUCT} .client=${client}></bynet-checkout>`);
    expect(inState(el, 'loading')).to.equal(true);
    expect(deepText(el)).to.include('Carregando o pagamento');
    await expect(el).to.be.accessible();
    expect(inState(el, 'loading')).to.equal(true);
    release();
    await waitForState(el, 'ready');
  });

  it('on a gateway 503 at payment creation shows a clear error with retry; the retry makes exactly one payment', async () => {
    const events = recordEvents();
    try {
      await control('POST', 'faults', { route: 'POST /api/public/checkout/payment/*', status: 503, times: 1 });
      const el = await mountCheckout();
      await waitForState(el, 'ready');
      chooseMethod(el, 'PIX');
      await fillBuyer(el);
      payButton(el)!.click();

      await waitForState(el, 'error');
      const text = deepText(el);
      expect(text).to.include('O serviço de pagamento está instável. Tente de novo em instantes.');
      expect(text).not.to.match(/503|upstream|Service Unavailable/i);
      const retry = must<HTMLButtonElement>(el.shadowRoot!, '[part~="retry-button"]');
      expect(retry.textContent!.trim()).to.equal('Tentar de novo');
      expect(events.all('bynet-error')).to.have.length(1);
      expect(events.first('bynet-error')).to.deep.include({ recoverable: true });
      expect(events.all('bynet-payment-created')).to.have.length(0);
      await expect(el).to.be.accessible();

      retry.click();
      await waitForState(el, 'awaiting');
      await waitFor(() => deep(el.shadowRoot!, 'bynet-pix-payment') !== null, 'no PIX view after the retry');
      expect(events.all('bynet-payment-created')).to.have.length(1);

      const { orders, payments, failedPayments } = await creations();
      expect(orders).to.have.length(1);
      expect(failedPayments.map((c) => c.status)).to.deep.equal([503]);
      expect(payments).to.have.length(1);
      const state = await control<{ orders: number; transactions: number }>('GET', 'state');
      expect(state.transactions).to.equal(1);
      expect(state.orders).to.equal(1);
    } finally {
      events.stop();
    }
  });

  it('theme="dark": dark surface, light text, readable primary and accessible in the form and the PIX view', async () => {
    const el = await mountCheckout({ theme: 'dark' });
    await waitForState(el, 'ready');
    chooseMethod(el, 'PIX');
    await fillBuyer(el);
    const root = el.shadowRoot!;
    const base = getComputedStyle(must(root, '[part~="base"]'));
    const surface = base.backgroundColor;
    // Dark surface, light text.
    expect(contrast(surface, 'rgb(0, 0, 0)')).to.be.below(1.5);
    expect(contrast(base.color, 'rgb(255, 255, 255)')).to.be.below(1.5);
    expect(contrast(base.color, surface)).to.be.at.least(7);
    // Muted text, the pay button, and the inputs inside the customer fields.
    expect(contrast(getComputedStyle(must(root, '[part~="amount"]')).color, surface)).to.be.at.least(4.5);
    const pay = getComputedStyle(payButton(el)!);
    expect(contrast(pay.color, pay.backgroundColor)).to.be.at.least(4.5);
    expect(contrast(pay.backgroundColor, surface)).to.be.at.least(3);
    const fields = must(root, 'bynet-customer-fields');
    const input = getComputedStyle(fields.shadowRoot!.querySelector('input')!);
    expect(contrast(input.color, input.backgroundColor)).to.be.at.least(4.5);
    expect(contrast(input.backgroundColor, 'rgb(0, 0, 0)')).to.be.below(1.5);
    await expect(el).to.be.accessible();

    payButton(el)!.click();
    await waitForState(el, 'awaiting');
    await waitFor(() => deep(el.shadowRoot!, 'bynet-pix-payment') !== null, 'no PIX view');
    const pix = must(root, 'bynet-pix-payment');
    const code = getComputedStyle(must(pix.shadowRoot!, '[part~="pix-code"]'));
    expect(contrast(code.color, code.backgroundColor)).to.be.at.least(4.5);
    // The QR stays dark on white so phones can read it.
    const qr = getComputedStyle(must(must(pix.shadowRoot!, 'bynet-qr-code').shadowRoot!, 'svg'));
    expect(qr.backgroundColor).to.equal('rgb(255, 255, 255)');
    await expect(el).to.be.accessible();
    expect((await creations()).payments).to.have.length(1);
  });
});
