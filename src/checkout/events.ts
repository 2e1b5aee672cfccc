/**
 * The widget's public DOM events (design.md section 5). All bubble and cross shadow roots
 * (`composed`), are prefixed `bynet-`, and carry ids and statuses only — never card data,
 * tokens or upstream bodies.
 */
import type { PaymentMethod, PaymentStatus } from '../contract/payment.js';
import type { CheckoutErrorCode } from './errors.js';

export interface BynetEventDetailMap {
  'bynet-ready': { methods: PaymentMethod[]; amount: number; currency: 'BRL' };
  'bynet-method-select': {
    method: PaymentMethod;
    /**
     * Set when the buyer left an open PIX/boleto of this order for the method choice ("choose
     * another payment method"): that payment stays payable at the gateway (and followed while the
     * buyer is on the method choice); the next payment is created on the same `orderId`.
     */
    openPaymentId?: string;
    orderId?: string;
  };
  'bynet-payment-submit': { method: PaymentMethod; orderId?: string };
  'bynet-payment-created': { orderId: string; paymentId: string; method: PaymentMethod; status: PaymentStatus };
  'bynet-payment-status': { paymentId: string; status: PaymentStatus; previous?: PaymentStatus };
  'bynet-copy': { method: PaymentMethod; what: 'pix-code' | 'digitable-line' };
  'bynet-payment-complete': {
    orderId: string;
    paymentId: string;
    method: PaymentMethod;
    status: PaymentStatus;
    /** Cents the gateway charged (`payment.amount`: installment interest included). */
    amount: number;
    /** Card installments, when the helper reported them. */
    installments?: number;
    /** When the helper last saw the payment change (ISO 8601; for a payment followed to PAID here, about when it was paid). */
    paidAt?: string;
    /**
     * `true` when this tab had already shown this confirmation and shows it again after a reload
     * (re-read from the helper, or from memory when it cannot be re-read): do not count it twice.
     */
    restored?: boolean;
  };
  'bynet-payment-failed': {
    orderId: string;
    paymentId: string;
    method: PaymentMethod;
    status: PaymentStatus;
    /**
     * Why: `expired` for an expired PIX code; for a refusal, the specific refusal code (the
     * gateway's own code, or, when it only says `refused`, the kind read from its reason:
     * `invalid_cvv`, `insufficient_funds`, `expired_card`, `invalid_number`, `try_again_later`),
     * `refused` when nothing more is known.
     */
    reason?: string;
  };
  'bynet-error': {
    code: CheckoutErrorCode;
    message: string;
    recoverable: boolean;
    /**
     * Set when only the store can fix the problem (`code: 'config'`): the stable code the buyer
     * sees and can quote, e.g. `hostname_not_registered`, `gateway_key_rejected`,
     * `product_unavailable`, `gateway_unreachable`, `origin_not_allowed`, `not_found`.
     */
    storeCode?: string;
  };
}
export type BynetEventName = keyof BynetEventDetailMap;

/** Every public event name (the record's type makes the compiler keep it in step with the map). */
export const BYNET_EVENT_NAMES = Object.keys({
  'bynet-ready': 1,
  'bynet-method-select': 1,
  'bynet-payment-submit': 1,
  'bynet-payment-created': 1,
  'bynet-payment-status': 1,
  'bynet-copy': 1,
  'bynet-payment-complete': 1,
  'bynet-payment-failed': 1,
  'bynet-error': 1,
} satisfies Record<BynetEventName, 1>) as readonly BynetEventName[];

/** Creates a bubbling, composed `bynet-*` event; `bynet-payment-submit` is cancelable. */
export function bynetEvent<K extends BynetEventName>(name: K, detail: BynetEventDetailMap[K]): CustomEvent<BynetEventDetailMap[K]> {
  return new CustomEvent(name, {
    detail: Object.freeze({ ...detail }) as BynetEventDetailMap[K],
    bubbles: true,
    composed: true,
    cancelable: name === 'bynet-payment-submit',
  });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bynet-ready': CustomEvent<BynetEventDetailMap['bynet-ready']>;
    'bynet-method-select': CustomEvent<BynetEventDetailMap['bynet-method-select']>;
    'bynet-payment-submit': CustomEvent<BynetEventDetailMap['bynet-payment-submit']>;
    'bynet-payment-created': CustomEvent<BynetEventDetailMap['bynet-payment-created']>;
    'bynet-payment-status': CustomEvent<BynetEventDetailMap['bynet-payment-status']>;
    'bynet-copy': CustomEvent<BynetEventDetailMap['bynet-copy']>;
    'bynet-payment-complete': CustomEvent<BynetEventDetailMap['bynet-payment-complete']>;
    'bynet-payment-failed': CustomEvent<BynetEventDetailMap['bynet-payment-failed']>;
    'bynet-error': CustomEvent<BynetEventDetailMap['bynet-error']>;
  }
}
