/**
 * `bynet-checkout/react`: the typed React wrapper in real Chromium, against the demo helper the test
 * server mounts at /api/checkout. Props reach the element as properties, `on*` props get the
 * events, a React ref is the element, and nothing is written to the console (no reserved-`ref`
 * warning from @lit/react, no React warning).
 */
import './process-env.js';
import { expect, waitUntil } from '@open-wc/testing';
import React from 'react';
import ReactDOM from 'react-dom';
import ReactDOMClient from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { BynetCheckout as BynetCheckoutElement, BynetEventDetailMap } from '../../../src/index.js';

sessionStorage.clear();

describe('bynet-checkout/react', () => {
  const logged: string[] = [];
  const originals = { warn: console.warn, error: console.error };
  let root: Root | undefined;
  let host: HTMLElement;

  before(() => {
    console.warn = (...args: unknown[]) => {
      logged.push(`warn: ${args.map(String).join(' ')}`);
      originals.warn.apply(console, args);
    };
    console.error = (...args: unknown[]) => {
      logged.push(`error: ${args.map(String).join(' ')}`);
      originals.error.apply(console, args);
    };
  });
  after(() => {
    root?.unmount();
    host?.remove();
    console.warn = originals.warn;
    console.error = originals.error;
  });

  it('renders with typed props and events, a ref to the element, and no console warning', async () => {
    // imported after the console spies: the reserved-property warning is printed at definition time
    const { BynetCheckout } = await import('../../../src/react/index.js');
    const ready: Array<BynetEventDetailMap['bynet-ready']> = [];
    const elementRef = React.createRef<BynetCheckoutElement>();
    host = document.createElement('div');
    document.body.append(host);
    root = ReactDOMClient.createRoot(host);
    const messages = { en: { 'pix.title': 'Pay with Pix' } };
    ReactDOM.flushSync(() => {
      root!.render(
        React.createElement(BynetCheckout, {
          ref: elementRef,
          endpoint: '/api/checkout',
          product: 'demo-product',
          locale: 'en',
          messages,
          onReady: (e) => ready.push(e.detail),
          onPaid: () => undefined,
        }),
      );
    });
    const el = host.querySelector('bynet-checkout') as HTMLElement & { product?: string; messages?: unknown; endpoint?: string };
    expect(el).to.exist;
    expect(el.product).to.equal('demo-product');
    expect(el.endpoint).to.equal('/api/checkout');
    // objects are set as properties, not as "[object Object]" attributes
    expect(el.messages).to.equal(messages);
    expect(el.hasAttribute('messages')).to.equal(false);
    expect(elementRef.current).to.equal(el);
    expect(typeof elementRef.current!.reset).to.equal('function');
    await waitUntil(() => ready.length > 0, 'onReady never fired', { timeout: 8000 });
    expect(ready[0]!.currency).to.equal('BRL');
    expect(ready[0]!.methods.length).to.be.greaterThan(0);
    expect(logged).to.deep.equal([]);
  });
});
