/**
 * Browser entry: defines the elements (guarded, and only where `customElements` exists, so the
 * module can be imported during SSR) and exports the public types.
 */
import { registerElements } from './components/register.js';

export type * from './contract/payment.js';
export type {
  CheckoutInfo,
  CheckoutItem,
  ConfigResponse,
  Customer,
  Address,
  CardInput,
  CreatePaymentRequest,
  ErrorCode,
  FieldError,
  InstallmentOption,
  Layout,
  Order,
  PaymentResponse,
} from './contract/helper.js';
export { CheckoutError } from './checkout/errors.js';
export type { CheckoutErrorCode } from './checkout/errors.js';
export type { BynetEventDetailMap, BynetEventName } from './checkout/events.js';
export type { Locale, MessageKey, MessageOverrides, Messages } from './checkout/i18n.js';
export { BynetCheckout } from './components/checkout/checkout.js';
export type { CustomerPrefill, Theme } from './components/checkout/checkout.js';
export { registerElements } from './components/register.js';

if (typeof (globalThis as { customElements?: unknown }).customElements !== 'undefined') registerElements();
