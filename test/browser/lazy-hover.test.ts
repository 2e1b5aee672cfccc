/**
 * Pointing at a method prefetches its screen (so it shows with no wait once picked): the pointer
 * over the PIX option fetches the PIX chunk, nothing else, and picks nothing.
 */
import { expect, fixtureCleanup } from '@open-wc/testing';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import { mountCheckout, must, payButton, resetBackend, waitFor, waitForState } from './demo/support.js';
import { screenRequests } from './lazy-support.js';

describe('lazy screens: prefetch on hover (against the demo back end)', function () {
  this.timeout(40_000);
  beforeEach(resetBackend);
  afterEach(async () => {
    await resetMouse();
    fixtureCleanup();
  });

  it('fetches the PIX screen when the pointer rests on the PIX option, before any pick', async () => {
    const el = await mountCheckout();
    await waitForState(el, 'ready');
    await new Promise((r) => setTimeout(r, 300));
    expect(screenRequests('PIX')).to.deep.equal([]);

    const list = must(el.shadowRoot!, 'bynet-method-list');
    const label = [...list.shadowRoot!.querySelectorAll('label')].find((l) => l.querySelector('input')?.value === 'PIX')!;
    const box = label.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await waitFor(() => customElements.get('bynet-pix-payment') !== undefined, 'hovering PIX did not prefetch its screen');
    expect(screenRequests('PIX').some((p) => p.endsWith('/pix-payment/pix-payment.ts'))).to.equal(true);
    expect(screenRequests('BOLETO')).to.deep.equal([]);
    expect(screenRequests('CREDIT_CARD')).to.deep.equal([]);
    // nothing was picked: no buyer form, no pay button yet
    expect(payButton(el)).to.equal(null);
  });
});
