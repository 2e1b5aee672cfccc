/**
 * `<bynet-checkout>` in Preact JSX/TSX. Opt in once: `/// <reference types="bynet-checkout/jsx/preact" />`.
 * Listen with `onbynet-payment-complete={...}` (Preact adds a listener for that exact event name).
 */
import type { BynetCheckoutAttributes, BynetCheckoutEventProps } from './attributes.js';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'bynet-checkout': HTMLAttributes<HTMLElement> & BynetCheckoutAttributes & BynetCheckoutEventProps;
    }
  }
}
