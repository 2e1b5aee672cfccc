/**
 * The widget's one error type. The helper client turns every failure (network, timeout, non-2xx,
 * schema mismatch) into a `CheckoutError`; components only ever see this class, never a raw
 * `Response`. Messages shown to the buyer come from `messageKeyFor`, never from upstream text.
 */
import type { ErrorCode, FieldError } from '../contract/helper.js';
import type { Payment } from '../contract/payment.js';
import type { MessageKey } from './i18n.js';

export type CheckoutErrorCode =
  | 'network'
  | 'timeout'
  | 'http'
  | 'invalid-response'
  | 'payment-refused'
  | 'payment-expired'
  | 'config'
  | 'session'
  | 'rate-limited'
  /** 409 `order_paid`: the order was already paid; `payment` carries the payment that settled it. */
  | 'order-paid'
  /** A payment this tab started (resumed after a reload) can no longer be read: it may be paid. */
  | 'payment-unverified';

export interface CheckoutErrorOptions {
  /** HTTP status of the helper's answer, when there was one. */
  status?: number;
  /** The helper's error code (`error.code` of its envelope). */
  apiCode?: ErrorCode;
  /** Per-field validation problems reported by the helper. */
  fields?: FieldError[];
  /** How long the helper asked us to wait (`Retry-After`), in ms. */
  retryAfterMs?: number;
  /** Overrides the default for the code (see `isRecoverableByDefault`). */
  recoverable?: boolean;
  /** With `order-paid`: the payment that already settled the order (from the helper's envelope). */
  payment?: Payment;
  cause?: unknown;
}

/** Codes a "try again" can fix by default: all but these three; `http` depends on the status. */
function isRecoverableByDefault(code: CheckoutErrorCode, status?: number): boolean {
  if (code === 'http') return status === undefined || status >= 500 || status === 408 || status === 409;
  return code !== 'config' && code !== 'session' && code !== 'order-paid';
}

/**
 * The helper's codes for a store misconfiguration (the gateway does not know the hostname, rejects
 * the API key, cannot be reached; the product link is unknown or inactive; the page's origin is not
 * allowed). The buyer can do nothing but tell the store, so they become `config` errors (no retry).
 */
export const STORE_PROBLEM_CODES = [
  'hostname_not_registered',
  'gateway_key_rejected',
  'product_unavailable',
  'gateway_unreachable',
  'origin_not_allowed',
] as const satisfies readonly ErrorCode[];
export type StoreProblemCode = (typeof STORE_PROBLEM_CODES)[number];

export const isStoreProblemCode = (code: unknown): code is StoreProblemCode =>
  (STORE_PROBLEM_CODES as readonly unknown[]).includes(code);

export class CheckoutError extends Error {
  override name = 'CheckoutError';
  readonly code: CheckoutErrorCode;
  readonly status?: number;
  readonly apiCode?: ErrorCode;
  readonly fields?: FieldError[];
  readonly retryAfterMs?: number;
  readonly recoverable: boolean;
  /** With `order-paid`: the payment that settled the order (ids, status, amount; never card data). */
  readonly payment?: Payment;

  constructor(code: CheckoutErrorCode, message: string, { cause, recoverable, ...details }: CheckoutErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    // status, apiCode, fields, retryAfterMs, payment: own properties only when set
    for (const [k, v] of Object.entries(details)) if (v !== undefined) (this as Record<string, unknown>)[k] = v;
    this.recoverable = recoverable ?? isRecoverableByDefault(code, details.status);
  }
}

export const isCheckoutError = (e: unknown): e is CheckoutError => e instanceof CheckoutError;

/** True for the DOMException (or look-alike) that `fetch` rejects with after `abort()`. */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/** Anything thrown -> a CheckoutError (unknown throwables become a generic recoverable `http`). */
export function toCheckoutError(e: unknown): CheckoutError {
  if (e instanceof CheckoutError) return e;
  if (e instanceof TypeError) return new CheckoutError('network', 'Network request failed', { cause: e });
  return new CheckoutError('http', 'Unexpected failure', { cause: e, recoverable: true });
}

/**
 * The stable code a buyer can quote to the store for a problem only the store can fix, or
 * `undefined` when the error is not one: the helper's code for a misconfiguration, `not_found` for
 * a `/config` the helper does not answer (a wrong `endpoint`, an unknown product), and
 * `checkout_not_configured` for an element without `product`/`cart`.
 */
export function storeProblemCode(error: unknown): string | undefined {
  const e = toCheckoutError(error);
  if (e.code !== 'config') return undefined;
  if (isStoreProblemCode(e.apiCode)) return e.apiCode;
  if (e.apiCode === 'not_found' || e.status === 404) return 'not_found';
  return 'checkout_not_configured';
}

/** The message for each code but `config` and `http`, which depend on the helper's code. */
const MESSAGE_KEYS: Record<Exclude<CheckoutErrorCode, 'config' | 'http'>, MessageKey> = {
  network: 'error.network',
  timeout: 'error.timeout',
  'invalid-response': 'error.invalidResponse',
  'payment-refused': 'card.refused.generic',
  'payment-expired': 'expired.body',
  session: 'error.session',
  'rate-limited': 'error.rateLimited',
  'order-paid': 'error.orderPaid',
  'payment-unverified': 'unverified.body',
};

/** The localised message to show for an error (never the upstream text). */
export function messageKeyFor(error: unknown): MessageKey {
  const e = toCheckoutError(error);
  if (e.code === 'config') return isStoreProblemCode(e.apiCode) ? `error.store.${e.apiCode}` : 'error.config';
  if (e.code === 'http') return e.apiCode === 'invalid_request' ? 'error.form' : 'error.server';
  return MESSAGE_KEYS[e.code];
}
