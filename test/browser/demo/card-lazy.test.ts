import { expect, fixtureCleanup } from '@open-wc/testing';
import { chooseMethod, deep, mountCheckout, resetBackend, waitFor, waitForCardForm, waitForState } from './support.js';

// Every resource this page requests, however full the resource-timing buffer gets.
const requested: string[] = [];
performance.setResourceTimingBufferSize(10_000);
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) requested.push(entry.name);
}).observe({ type: 'resource', buffered: true });

const CARD_CHUNK = /\/card-form\/|\/imask\/|\/credit-card-type\//;
const cardRequests = () =>
  [...new Set([...requested, ...performance.getEntriesByType('resource').map((e) => e.name)])].filter((u) => CARD_CHUNK.test(new URL(u).pathname));

describe('<bynet-checkout> against the demo back end: the lazy card chunk', function () {
  this.timeout(40_000); // real back end, real timers
  beforeEach(resetBackend);
  afterEach(() => fixtureCleanup());

  it('requests the card form, imask and credit-card-type only once the buyer picks the card method', async () => {
    const el = await mountCheckout();
    await waitForState(el, 'ready');
    // Loaded, interactive, PIX and boleto picked: still nothing of the card chunk.
    chooseMethod(el, 'PIX');
    await waitForState(el, 'ready');
    chooseMethod(el, 'BOLETO');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300)); // room for any stray request to show up
    expect(cardRequests()).to.deep.equal([]);
    expect(customElements.get('bynet-card-form')).to.equal(undefined);
    expect(deep(el.shadowRoot!, 'bynet-card-form')).to.equal(null);

    chooseMethod(el, 'CREDIT_CARD');
    await waitForCardForm(el);
    await waitFor(() => cardRequests().length > 0, 'no card chunk request observed');
    const paths = cardRequests().map((u) => new URL(u).pathname);
    expect(paths.some((p) => /\/card-form\/card-form\.[jt]s$/.test(p)), paths.join(', ')).to.equal(true);
    expect(paths.some((p) => p.includes('/imask/')), paths.join(', ')).to.equal(true);
    expect(paths.some((p) => p.includes('/credit-card-type/')), paths.join(', ')).to.equal(true);
    expect(customElements.get('bynet-card-form')).not.to.equal(undefined);
  });
});
