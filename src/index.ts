/** Browser entry: defines the elements (guarded) and exports the public types. */
export * from './contract/payment.js';
export type { BynetEventDetailMap, BynetEventName } from './checkout/events.js';
