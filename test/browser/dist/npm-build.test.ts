/**
 * The npm build (dist/esm/bynet-checkout.js) keeps lit, zod, imask... as bare imports, for the
 * storefront's bundler to resolve and dedupe. The test server resolves them from node_modules the
 * way a dev server does, so this checks the build runs once its imports are resolved.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { cardForm, chooseMethod, collectErrors, mountCheckout } from './dist-helpers.js';

describe('npm build (dependencies external)', () => {
  it('registers the elements, renders a checkout and loads its card chunk', async () => {
    const errors = collectErrors(window);
    const url = '/dist/esm/bynet-checkout.js';
    const mod = (await import(url)) as Record<string, unknown>;
    expect(mod.BynetCheckout).to.equal(customElements.get('bynet-checkout'));

    const { el, ready } = await mountCheckout(document);
    expect(ready.detail.methods).to.include.members(['PIX', 'BOLETO', 'CREDIT_CARD']);
    chooseMethod(el, 'CREDIT_CARD');
    await waitUntil(() => cardForm(el)?.shadowRoot?.querySelector('input'), 'the card form never rendered', { timeout: 8000 });
    expect(errors.messages).to.deep.equal([]);
    errors.stop();
    el.remove();
  });
});
