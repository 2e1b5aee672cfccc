/**
 * `<BynetCheckoutReact>`: the `<bynet-checkout>` element as a React component, through @lit/react.
 * Plain props (`endpoint`, `product`, `cart`, `locale`, `theme`) and object props (`messages`,
 * `customer`) are set as element properties; the `bynet-*` DOM events become `on*` callbacks.
 *
 * React 19 can also render `<bynet-checkout>` directly in JSX; the wrapper adds typed props and
 * typed event callbacks.
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import { BynetCheckout } from 'bynet-checkout';
import type { BynetEventDetailMap, BynetEventName } from 'bynet-checkout';

type BynetEvent<K extends BynetEventName> = EventName<CustomEvent<BynetEventDetailMap[K]>>;

export const BynetCheckoutReact = createComponent({
  tagName: 'bynet-checkout',
  elementClass: BynetCheckout,
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
