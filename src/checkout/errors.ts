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

/** Codes a "try again" can fix by default; `http` depends on the status. */
function isRecoverableByDefault(code: CheckoutErrorCode, status?: number): boolean {
  switch (code) {
    case 'network':
    case 'timeout':
    case 'invalid-response':
    case 'rate-limited':
    case 'payment-refused':
    case 'payment-expired':
    case 'payment-unverified':
      return true;
    case 'http':
      return status === undefined || status >= 500 || status === 408 || status === 409;
    case 'config':
    case 'session':
    case 'order-paid':
      return false;
  }
}

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

  constructor(code: CheckoutErrorCode, message: string, options: CheckoutErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.apiCode !== undefined) this.apiCode = options.apiCode;
    if (options.fields !== undefined) this.fields = options.fields;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.payment !== undefined) this.payment = options.payment;
    this.recoverable = options.recoverable ?? isRecoverableByDefault(code, options.status);
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

/** The localised message to show for an error (never the upstream text). */
export function messageKeyFor(error: unknown): MessageKey {
  const e = toCheckoutError(error);
  switch (e.code) {
    case 'network':
      return 'error.network';
    case 'timeout':
      return 'error.timeout';
    case 'invalid-response':
      return 'error.invalidResponse';
    case 'payment-refused':
      return 'card.refused.generic';
    case 'payment-expired':
      return 'expired.body';
    case 'config':
      return 'error.config';
    case 'session':
      return 'error.session';
    case 'rate-limited':
      return 'error.rateLimited';
    case 'order-paid':
      return 'error.orderPaid';
    case 'payment-unverified':
      return 'unverified.body';
    case 'http':
      return e.apiCode === 'invalid_request' ? 'error.form' : 'error.server';
  }
}
