/**
 * Resuming after a reload: a page that never showed a method list loads the screen of the
 * remembered payment (and only that one) and shows it.
 */
import { expect, fixtureCleanup } from '@open-wc/testing';
import { deep, mountCheckout, must, resetBackend, waitFor, waitForState } from './demo/support.js';
import { rememberOpenPayment, screenRequests } from './lazy-support.js';

describe('lazy screens on resume (against the demo back end)', function () {
  this.timeout(40_000);
  beforeEach(resetBackend);
  afterEach(() => fixtureCleanup());

  it('loads the PIX screen for a remembered open PIX, and nothing of boleto or card', async () => {
    expect(screenRequests('PIX')).to.deep.equal([]);
    await rememberOpenPayment('PIX');
    const el = await mountCheckout();
    await waitForState(el, 'awaiting');
    const pix = must(el.shadowRoot!, 'bynet-pix-payment');
    await waitFor(() => !!pix.shadowRoot && deep(pix.shadowRoot, '[part~="pix-code"]') !== null, 'the resumed PIX never rendered');
    expect(screenRequests('PIX').some((p) => p.endsWith('/pix-payment/pix-payment.ts'))).to.equal(true);
    expect(screenRequests('BOLETO')).to.deep.equal([]);
    expect(screenRequests('CREDIT_CARD')).to.deep.equal([]);
  });

  it('loads the boleto screen for a remembered open boleto', async () => {
    expect(screenRequests('BOLETO')).to.deep.equal([]);
    await rememberOpenPayment('BOLETO');
    const el = await mountCheckout();
    await waitForState(el, 'awaiting');
    const boleto = must(el.shadowRoot!, 'bynet-boleto-payment');
    await waitFor(() => !!boleto.shadowRoot && deep(boleto.shadowRoot, '[part~="digitable-line"]') !== null, 'the resumed boleto never rendered');
    expect(screenRequests('BOLETO').some((p) => p.endsWith('/boleto-payment/boleto-payment.ts'))).to.equal(true);
    expect(screenRequests('CREDIT_CARD')).to.deep.equal([]);
  });
});
