/**
 * `<BynetCheckoutReact>`: the `<bynet-checkout>` element as a React component, through @lit/react.
 * Plain props (`endpoint`, `product`, `cart`, `locale`, `theme`) and object props (`messages`,
 * `customer`) are set as element properties; the `bynet-*` DOM events become `on*` callbacks.
 *
 * React 19 can also render `<bynet-checkout>` directly in JSX; the wrapper adds typed props and
 * typed event callbacks. The package ships the same wrapper ready-made: `bynet-checkout/react`.
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import { BynetCheckout } from 'bynet-checkout';
import type { BynetEventDetailMap, BynetEventName } from 'bynet-checkout';

type BynetEvent<K extends BynetEventName> = EventName<CustomEvent<BynetEventDetailMap[K]>>;

// The element has an internal method named `ref`, a name React reserves: hidden from @lit/react's
// property check, `ref` stays React's (the element itself) and no warning is printed.
const elementClass = {
  prototype: new Proxy(BynetCheckout.prototype, { has: (target, key) => key !== 'ref' && key in target }),
} as unknown as typeof BynetCheckout;

export const BynetCheckoutReact = createComponent({
  tagName: 'bynet-checkout',
  elementClass,
  displayName: 'BynetCheckoutReact',
  react: React,
  events: {
    onReady: 'bynet-ready' as BynetEvent<'bynet-ready'>,
    onMethodSelect: 'bynet-method-select' as BynetEvent<'bynet-method-select'>,
    onPaymentSubmit: 'bynet-payment-submit' as BynetEvent<'bynet-payment-submit'>,
    onPaymentCreated: 'bynet-payment-created' as BynetEvent<'bynet-payment-created'>,
    onPaymentStatus: 'bynet-payment-status' as BynetEvent<'bynet-payment-status'>,
    onCopy: 'bynet-copy' as BynetEvent<'bynet-copy'>,
    onPaymentComplete: 'bynet-payment-complete' as BynetEvent<'bynet-payment-complete'>,
    onPaymentFailed: 'bynet-payment-failed' as BynetEvent<'bynet-payment-failed'>,
    onError: 'bynet-error' as BynetEvent<'bynet-error'>,
  },
});
