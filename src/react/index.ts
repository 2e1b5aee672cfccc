/**
 * `bynet-checkout/react`: the `<bynet-checkout>` element as a typed React component.
 *
 *   import { BynetCheckout } from 'bynet-checkout/react';
 *   <BynetCheckout endpoint="/api/checkout" product="..." onPaymentComplete={(e) => show(e.detail)} />
 *
 * Element properties (`endpoint`, `product`, `cart`, `locale`, `theme`, `messages`, `customer`)
 * are set as properties (objects included); the `bynet-*` events are `on*` props whose event
 * `detail` is typed. A React `ref` reaches the element (`reset()`...). Built on `@lit/react`
 * (an optional peer dependency, like React itself).
 */
// the default import: React ships CommonJS, and every bundler gives its exports as the default
import React from 'react';
import type { ComponentProps } from 'react';
import { createComponent } from '@lit/react';
import type { EventName, ReactWebComponent } from '@lit/react';
import { BynetCheckout as BynetCheckoutElement } from '../index.js';
import type { BynetEventDetailMap, BynetEventName } from '../index.js';

type Ev<K extends BynetEventName> = EventName<CustomEvent<BynetEventDetailMap[K]>>;

/** The React prop of each `bynet-*` event. */
export const BYNET_REACT_EVENTS = {
  onReady: 'bynet-ready' as Ev<'bynet-ready'>,
  onMethodSelect: 'bynet-method-select' as Ev<'bynet-method-select'>,
  onPaymentSubmit: 'bynet-payment-submit' as Ev<'bynet-payment-submit'>,
  onPaymentCreated: 'bynet-payment-created' as Ev<'bynet-payment-created'>,
  onPaymentStatus: 'bynet-payment-status' as Ev<'bynet-payment-status'>,
  onCopy: 'bynet-copy' as Ev<'bynet-copy'>,
  onPaymentComplete: 'bynet-payment-complete' as Ev<'bynet-payment-complete'>,
  /** Short for `onPaymentComplete` when only a paid outcome matters: the same event. */
  onPaid: 'bynet-payment-complete' as Ev<'bynet-payment-complete'>,
  onPaymentFailed: 'bynet-payment-failed' as Ev<'bynet-payment-failed'>,
  onError: 'bynet-error' as Ev<'bynet-error'>,
};

/**
 * The element's prototype as React sees it. The element class has an internal method named `ref`,
 * and `ref` is reserved in React: @lit/react would warn on every page ("contains property ref which
 * is a React reserved property"). Hiding that one name from the property check maps `ref` to React
 * (the element itself), which is what a React user means by it; every public property stays.
 */
const reactView = new Proxy(BynetCheckoutElement.prototype, {
  has: (target, key) => key !== 'ref' && key in target,
});
const elementClass = { prototype: reactView } as unknown as typeof BynetCheckoutElement;

/** `<bynet-checkout>` for React: typed props and `on*` event props. */
export const BynetCheckout: ReactWebComponent<BynetCheckoutElement, typeof BYNET_REACT_EVENTS> = createComponent({
  tagName: 'bynet-checkout',
  elementClass,
  react: React,
  events: BYNET_REACT_EVENTS,
  displayName: 'BynetCheckout',
});

/** The props `<BynetCheckout>` takes. */
export type BynetCheckoutProps = ComponentProps<typeof BynetCheckout>;
export type { BynetEventDetailMap, BynetEventName };
export type { BynetCheckout as BynetCheckoutElement } from '../index.js';
