/**
 * `<bynet-checkout>` in Vue templates (volar / vue-tsc). Opt in once:
 * `/// <reference types="bynet-checkout/jsx/vue" />`, and tell the compiler it is a custom element
 * (`compilerOptions.isCustomElement: (tag) => tag.startsWith('bynet-')`). Listen with
 * `@bynet-payment-complete="onPaid"`.
 */
import type { DefineComponent } from 'vue';
import type { BynetCheckoutAttributes } from './attributes.js';

declare module 'vue' {
  interface GlobalComponents {
    'bynet-checkout': DefineComponent<BynetCheckoutAttributes>;
  }
}
