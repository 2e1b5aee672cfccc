/**
 * What `<bynet-checkout>` takes in markup, shared by the framework typings next to this file.
 * Objects (`messages`, `customer`) are properties: set them from code (or through the React wrapper,
 * `bynet-checkout/react`).
 */
import type { BynetEventDetailMap, BynetEventName } from 'bynet-checkout';

export interface BynetCheckoutAttributes {
  /** Base path or URL of the merchant's helper. Default `/api/checkout`. */
  endpoint?: string;
  /** Gateway product link id (product strategy). */
  product?: string;
  /** Merchant cart reference (cart strategy). */
  cart?: string;
  /** `pt-BR` (default) or `en`. */
  locale?: string;
  theme?: 'light' | 'dark';
}

/** A typed `bynet-*` event. */
export type BynetEvent<K extends BynetEventName> = CustomEvent<BynetEventDetailMap[K]>;

/** React 19 listeners: `on` + the exact event name (`onbynet-payment-complete`). */
export type BynetCheckoutEventProps = {
  [K in BynetEventName as `on${K}`]?: (event: BynetEvent<K>) => void;
};
