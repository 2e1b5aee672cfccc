/**
 * The contract's plain values, without zod: the payment methods and statuses, the final and success
 * sets, status normalisation, the helper's error codes and headers. payment.ts and responses.ts
 * build their schemas from these and re-export them; browser code imports them from here, so none
 * of the helper's full schemas comes with them.
 */
export const PAYMENT_METHODS = ['PIX', 'BOLETO', 'CREDIT_CARD'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The gateway's status enum (case-normalised) plus `EXPIRED` for a PIX/boleto past its expiry. */
export const PAYMENT_STATUSES = [
  'WAITING_PAYMENT',
  'PROCESSING',
  'AUTHORIZED',
  'PAID',
  'REFUSED',
  'CANCELED',
  'REFUNDED',
  'CHARGEDBACK',
  'IN_PROTEST',
  'EXPIRED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses after which the buyer's checkout is over (no more polling). */
export const FINAL_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>([
  'PAID',
  'AUTHORIZED',
  'REFUSED',
  'CANCELED',
  'REFUNDED',
  'CHARGEDBACK',
  'IN_PROTEST',
  'EXPIRED',
]);
/** Statuses that mean the money is (or will be) the merchant's. */
export const SUCCESS_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['PAID', 'AUTHORIZED']);

export const isFinalStatus = (s: PaymentStatus): boolean => FINAL_STATUSES.has(s);
export const isSuccessStatus = (s: PaymentStatus): boolean => SUCCESS_STATUSES.has(s);

export const CHECKOUT_TOKEN_HEADER = 'X-Checkout-Token';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

// ── errors ────────────────────────────────────────────────────────────────────────────────
export const ERROR_CODES = [
  'invalid_request',
  'invalid_token',
  'not_found',
  'method_not_allowed',
  'idempotency_in_flight',
  'idempotency_mismatch',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'payment_refused',
  /** 409: the order already has a PAID/AUTHORIZED payment; the body carries it as `payment`. */
  'order_paid',
  'upstream_error',
  'upstream_timeout',
  'internal_error',
  // Merchant misconfigurations: the buyer can do nothing but tell the store; the helper's log names
  // the cause and the fix.
  /** 502: the gateway does not know the checkout's hostname ("Hostname não identificado"). */
  'hostname_not_registered',
  /** 502: the gateway rejected the helper's API key (401/403). */
  'gateway_key_rejected',
  /** 404: the product link is unknown to the gateway or inactive. */
  'product_unavailable',
  /** 502: the gateway host cannot be reached (DNS failure, connection refused, TLS error). */
  'gateway_unreachable',
  /** 403: the page's origin is not in the helper's allowed origins (answered with CORS headers so the widget can read it). */
  'origin_not_allowed',
] as const;
