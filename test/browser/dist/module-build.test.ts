/**
 * The CDN module build (dist/cdn/esm/), as `<script type="module">` would load it: everything
 * bundled, no bare imports left, and each payment screen (PIX, boleto, card) a separate chunk
 * fetched only when the buyer picks its method.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { cardForm, chooseMethod, collectErrors, mountCheckout, scriptRequests } from './dist-helpers.js';

const ENTRY = '/dist/cdn/esm/bynet-checkout.js';

describe('CDN module build', () => {
  let errors: ReturnType<typeof collectErrors>;
  before(() => {
    errors = collectErrors(window);
  });
  after(() => errors.stop());

  it('imports without errors, defines the elements and exports the element class', async () => {
    const url = ENTRY;
    const mod = (await import(url)) as Record<string, unknown>;
    expect(mod.BynetCheckout).to.equal(customElements.get('bynet-checkout'));
    expect(mod.registerElements).to.be.a('function');
    expect(errors.messages).to.deep.equal([]);
  });

  it('loads the card chunk only when the buyer picks card', async () => {
    const { el, ready } = await mountCheckout(document);
    expect(ready.detail.methods).to.include('CREDIT_CARD');
    const chunks = (name: string) => scriptRequests(window, '/dist/cdn/esm/chunks/').filter((p) => p.includes(`/chunks/${name}-`));
    const cardChunks = () => chunks('card');
    expect(cardChunks(), 'card chunk fetched before it was needed').to.deep.equal([]);
    expect(chunks('pix'), 'PIX chunk fetched before it was needed').to.deep.equal([]);
    expect(chunks('boleto'), 'boleto chunk fetched before it was needed').to.deep.equal([]);
    expect(customElements.get('bynet-card-form')).to.equal(undefined);

    chooseMethod(el, 'CREDIT_CARD');
    await waitUntil(() => cardForm(el)?.shadowRoot?.querySelector('input'), 'the card form never rendered', { timeout: 8000 });
    expect(cardChunks()).to.have.length(1);
    expect(customElements.get('bynet-card-form')).to.be.a('function');
    expect(chunks('pix'), 'picking card fetched the PIX chunk').to.deep.equal([]);

    chooseMethod(el, 'PIX');
    await waitUntil(() => customElements.get('bynet-pix-payment'), 'the PIX chunk never loaded', { timeout: 8000 });
    expect(chunks('pix')).to.have.length(1);
    expect(errors.messages).to.deep.equal([]);
    el.remove();
  });
});
