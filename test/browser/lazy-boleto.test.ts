/**
 * The boleto screen is a lazy chunk: not requested before the buyer picks (or points at) boleto;
 * focusing the boleto option prefetches it; the boleto flow then completes as before.
 */
import { expect, fixtureCleanup } from '@open-wc/testing';
import {
  chooseMethod,
  createdPaymentId,
  deep,
  fillAddressByCep,
  fillBuyer,
  mountCheckout,
  must,
  payAtGateway,
  payButton,
  recordEvents,
  resetBackend,
  waitFor,
  waitForState,
} from './demo/support.js';
import { screenRequests } from './lazy-support.js';

describe('lazy boleto screen (against the demo back end)', function () {
  this.timeout(40_000);
  beforeEach(resetBackend);
  afterEach(() => fixtureCleanup());

  it('is prefetched when its option gets focus, not before, and the boleto flow completes', async () => {
    const events = recordEvents();
    const el = await mountCheckout();
    await waitForState(el, 'ready');
    await new Promise((r) => setTimeout(r, 300));
    expect(screenRequests('BOLETO'), 'boleto modules requested before anything pointed at it').to.deep.equal([]);
    expect(customElements.get('bynet-boleto-payment')).to.equal(undefined);

    const list = must(el.shadowRoot!, 'bynet-method-list');
    const radio = [...list.shadowRoot!.querySelectorAll('input')].find((i) => i.value === 'BOLETO')!;
    radio.focus();
    await waitFor(() => customElements.get('bynet-boleto-payment') !== undefined, 'focus on boleto did not prefetch its screen');
    expect(screenRequests('BOLETO').some((p) => p.endsWith('/boleto-payment/boleto-payment.ts'))).to.equal(true);
    expect(screenRequests('PIX'), 'focus on boleto fetched the PIX screen').to.deep.equal([]);

    chooseMethod(el, 'BOLETO');
    await fillBuyer(el);
    await fillAddressByCep(el);
    payButton(el)!.click();
    await waitForState(el, 'awaiting');
    const boleto = must(el.shadowRoot!, 'bynet-boleto-payment');
    await waitFor(() => deep(boleto.shadowRoot!, '[part~="digitable-line"]') !== null, 'no digitable line');
    await payAtGateway(await createdPaymentId(events));
    await waitForState(el, 'paid', 30_000);
  });
});
