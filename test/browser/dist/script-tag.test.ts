/**
 * The single-file script-tag build (dist/cdn/bynet-checkout.iife.js), loaded with a plain
 * `<script src>` as a merchant page does: defines the elements, renders a checkout against the demo
 * back end, carries the card form inside (no chunk fetched at run time), and survives being loaded
 * twice.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { addScript, cardForm, chooseMethod, collectErrors, IIFE_URL, mountCheckout, scriptRequests } from './dist-helpers.js';

/** The first-load elements; the PIX, boleto and card screens are defined when their method is picked. */
const TAGS = ['bynet-checkout', 'bynet-method-list', 'bynet-customer-fields', 'bynet-status-message'];

describe('script-tag build (IIFE)', () => {
  let errors: ReturnType<typeof collectErrors>;
  before(() => {
    errors = collectErrors(window);
  });
  after(() => errors.stop());

  it('loads without errors and defines every element of the main bundle', async () => {
    expect(customElements.get('bynet-checkout'), 'nothing defined before the script runs').to.equal(undefined);
    expect(await addScript(document, IIFE_URL)).to.equal('load');
    expect(errors.messages).to.deep.equal([]);
    for (const tag of TAGS) expect(customElements.get(tag), tag).to.be.a('function');
    // The screens are defined on demand, when the buyer picks their method (from this same file).
    for (const tag of ['bynet-card-form', 'bynet-pix-payment', 'bynet-boleto-payment']) expect(customElements.get(tag), tag).to.equal(undefined);
  });

  it('renders a checkout from the demo back end and fires bynet-ready', async () => {
    const { el, ready } = await mountCheckout(document);
    expect(ready.detail.methods).to.include.members(['PIX', 'BOLETO', 'CREDIT_CARD']);
    await waitUntil(() => el.shadowRoot?.querySelector('bynet-method-list'), 'no method list');
    const radios = el.shadowRoot!.querySelector('bynet-method-list')!.shadowRoot!.querySelectorAll('input[type="radio"]');
    expect([...radios].map((r) => (r as HTMLInputElement).value)).to.deep.equal(ready.detail.methods);
    expect(errors.messages).to.deep.equal([]);
    el.remove();
  });

  it('shows the card form without fetching any other script (everything is in the one file)', async () => {
    const before = scriptRequests(window, '/dist/');
    const { el } = await mountCheckout(document);
    chooseMethod(el, 'CREDIT_CARD');
    await waitUntil(() => cardForm(el)?.shadowRoot?.querySelector('input'), 'the card form never rendered', { timeout: 8000 });
    expect(customElements.get('bynet-card-form')).to.be.a('function');
    expect(scriptRequests(window, '/dist/')).to.deep.equal(before);
    expect(before).to.deep.equal([IIFE_URL]);
    expect(errors.messages).to.deep.equal([]);
    el.remove();
  });

  it('can be loaded a second time: no error, the first definitions stay, checkouts keep working', async () => {
    const first = customElements.get('bynet-checkout');
    expect(await addScript(document, `${IIFE_URL}?again`)).to.equal('load');
    expect(errors.messages).to.deep.equal([]);
    expect(customElements.get('bynet-checkout')).to.equal(first);
    const { el, ready } = await mountCheckout(document);
    expect(ready.detail.methods.length).to.be.greaterThan(0);
    expect(errors.messages).to.deep.equal([]);
    el.remove();
  });
});
