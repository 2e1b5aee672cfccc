/**
 * `<bynet-checkout>` in React 19 JSX/TSX. Opt in once, e.g. in a `.d.ts` of your app:
 *
 *   /// <reference types="bynet-checkout/jsx/react" />
 *
 * or `import type {} from 'bynet-checkout/jsx/react';`. (For typed `on*` camelCase props and
 * object props, use the wrapper from `bynet-checkout/react` instead.)
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { BynetCheckout } from 'bynet-checkout';
import type { BynetCheckoutAttributes, BynetCheckoutEventProps } from './attributes.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'bynet-checkout': DetailedHTMLProps<HTMLAttributes<BynetCheckout>, BynetCheckout> &
        BynetCheckoutAttributes &
        BynetCheckoutEventProps & { class?: string };
    }
  }
}
