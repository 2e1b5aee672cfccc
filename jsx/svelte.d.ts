/**
 * `<bynet-checkout>` in Svelte 5 markup. Opt in once: `/// <reference types="bynet-checkout/jsx/svelte" />`.
 * Listen with `onbynet-payment-complete={...}`.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { BynetCheckoutAttributes, BynetCheckoutEventProps } from './attributes.js';

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'bynet-checkout': HTMLAttributes<HTMLElement> & BynetCheckoutAttributes & BynetCheckoutEventProps;
  }
}
