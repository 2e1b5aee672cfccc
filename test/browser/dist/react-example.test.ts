/**
 * The React 19 example (examples/react, built by `npm run build` into dist/examples/react): the
 * @lit/react wrapper sets the element's properties and maps the bynet-* events to callbacks.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { chooseMethod, openFrame, waitForMethods } from './dist-helpers.js';

describe('React example (built)', () => {
  let frame: HTMLIFrameElement;
  let doc: Document;
  const logLines = () => [...doc.querySelectorAll('[data-testid="events"] li')].map((li) => li.textContent ?? '');

  before(async () => {
    frame = await openFrame('/dist/examples/react/index.html?product=demo-product');
    doc = frame.contentDocument!;
  });
  after(() => frame.remove());

  it('mounts <bynet-checkout> with its props, and onReady reaches React state', async () => {
    await waitUntil(() => doc.querySelector('bynet-checkout'), 'React never rendered the element', { timeout: 8000 });
    const el = doc.querySelector('bynet-checkout') as HTMLElement & { endpoint?: string; product?: string };
    expect(el.product).to.equal('demo-product');
    expect(el.endpoint).to.equal('/api/checkout');
    const methods = await waitForMethods(el);
    await waitUntil(() => logLines().some((l) => l.startsWith('ready:')), 'onReady never reached the React log');
    expect(logLines()).to.deep.equal([`ready: ${methods.join(', ')}`]);
  });

  it('onMethodSelect fires when the buyer picks a method', async () => {
    const el = doc.querySelector('bynet-checkout')!;
    chooseMethod(el, 'BOLETO');
    await waitUntil(() => logLines().includes('method: BOLETO'), 'onMethodSelect never reached the React log');
  });
});
