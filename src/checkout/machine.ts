/**
 * The checkout flow as one pure state machine: `transition(state, event) -> state`.
 *
 *   loading --config-loaded--> ready --submit--> creating-order --order-created--> creating-payment
 *   creating-payment --payment-created--> awaiting (PIX | BOLETO) | card-processing | paid | failed | expired
 *   awaiting / card-processing --payment-updated--> paid | failed | expired      awaiting(PIX) --expire--> expired
 *   failed --submit--> creating-payment (another card, SAME order)   failed --retry / select-method--> ready
 *   expired --renew--> creating-payment (new PIX, SAME order) or ready (when the buyer's data must be re-entered)
 *   any request --request-failed--> error (recoverable: `retry` re-enters the same request, same idempotency key)
 *   ready --resume--> the view of a payment restored after a reload (no new order, no new payment)
 *   loading / ready --remembered-paid--> paid (a paid outcome this tab remembers; the helper could not re-read it)
 *   ready --resume-failed--> unverified (a resumed payment the helper cannot read: it may be paid)
 *   awaiting / card-processing --payment-lost--> unverified (the helper stopped knowing the payment)
 *   unverified --recheck--> unverified(checking) --payment-updated--> its view | --request-failed--> unverified
 *   creating-payment --order-paid--> paid (409 `order_paid`: the order was already paid; never pay again)
 *   awaiting (PIX | BOLETO) / expired / failed / error(request) --change-method--> ready without a
 *     method (the method choice, SAME order). Leaving an open PIX/boleto keeps it as `ready.open`: it stays
 *     payable at the gateway, the root keeps following it quietly, and `payment-updated` PAID for it -> paid.
 *   ready (with an order) / failed / error --order-paid--> paid (an open payment the buyer left was paid)
 *   error (a failed request) --select-method / submit--> ready / a new request: the form stays usable
 *   creating-payment (card) --request-failed 429--> ready(card) with the notice: a card lockout is the card's
 *     alone (the root marks the card option locked); PIX and boleto stay available
 *   any --reset--> loading (a new checkout; the root forgets what it remembered first)
 *
 * No I/O and no clock: the root element performs the side effects of entering a state (fetch the
 * config, create the order/payment, start the status controller) and feeds results back as events.
 * Unknown or out-of-place events leave the state unchanged (same object), so callers can compare.
 * Card data and customer data never enter the machine.
 */
import type { ConfigResponse } from '../contract/helper.js';
import { isFinalStatus, isSuccessStatus } from '../contract/lean-values.js';
import type { Payment, PaymentMethod } from '../contract/payment.js';
import type { CheckoutError } from './errors.js';

export interface FlowContext {
  config: ConfigResponse;
  /** The latest checkout token (after order creation it carries the order id). */
  token: string;
  /** Server clock minus client clock, ms (for countdowns). */
  clockOffsetMs: number;
  /** The order of this checkout, once created (or restored). One per checkout. */
  orderId?: string;
}
type WithOrder = FlowContext & { orderId: string };

export type LoadingState = { kind: 'loading' };
export type ReadyState = {
  kind: 'ready';
  ctx: FlowContext;
  method?: PaymentMethod;
  /** A problem to show above the pay button (e.g. the helper rejected the data). */
  notice?: CheckoutError;
  /**
   * An open PIX/boleto of this order the buyer left for the method choice ("choose another payment
   * method"). It stays payable at the gateway; the root keeps following it, and its PAID ends the flow.
   */
  open?: Payment;
};
export type CreatingOrderState = {
  kind: 'creating-order';
  ctx: FlowContext;
  method: PaymentMethod;
  orderKey: string;
  paymentKey: string;
};
export type CreatingPaymentState = { kind: 'creating-payment'; ctx: WithOrder; method: PaymentMethod; paymentKey: string };
export type AwaitingState = { kind: 'awaiting'; ctx: WithOrder; method: 'PIX' | 'BOLETO'; payment: Payment };
export type CardProcessingState = { kind: 'card-processing'; ctx: WithOrder; payment: Payment };
export type PaidState = {
  kind: 'paid';
  /** Absent only when a remembered paid outcome is shown without the config (it failed to load). */
  ctx?: WithOrder;
  payment: Payment;
  /**
   * How the flow learned it: `order-paid` (the helper refused a new payment because the order was
   * paid), `restored` (a paid outcome this tab remembered, re-read from the helper after a reload),
   * `remembered` (the same, shown from memory because the helper could not re-read it). Absent
   * when the payment was followed to PAID here.
   */
  source?: 'order-paid' | 'restored' | 'remembered';
};
/**
 * A payment may exist (and may be paid) but the helper cannot read it (401/404 after a reload, or
 * repeatedly while following it). Never a fresh form from here without the buyer's explicit choice.
 */
export type UnverifiedState = {
  kind: 'unverified';
  ctx: WithOrder;
  paymentId: string;
  method: PaymentMethod;
  /** The last known payment, when the flow was following it. */
  payment?: Payment;
  error: CheckoutError;
  /** A re-read is running. */
  checking?: boolean;
};
export type FailedState = {
  kind: 'failed';
  ctx: WithOrder;
  method: PaymentMethod;
  /** Absent when the helper refused before creating a payment (402). */
  payment?: Payment;
  /** The refusal reason as the helper normalised it, if any. */
  reason?: string;
};
export type ExpiredState = { kind: 'expired'; ctx: WithOrder; payment: Payment };
export type ErrorState = {
  kind: 'error';
  error: CheckoutError;
  ctx?: FlowContext;
  /** The in-flight state to re-enter on `retry` (recoverable errors only). */
  retryState?: LoadingState | CreatingOrderState | CreatingPaymentState;
};

export type FlowState =
  | LoadingState
  | ReadyState
  | CreatingOrderState
  | CreatingPaymentState
  | AwaitingState
  | CardProcessingState
  | PaidState
  | FailedState
  | ExpiredState
  | UnverifiedState
  | ErrorState;
export type FlowStateKind = FlowState['kind'];

export type FlowEvent =
  | { type: 'config-loaded'; config: ConfigResponse; clockOffsetMs: number }
  | { type: 'config-failed'; error: CheckoutError }
  | { type: 'select-method'; method: PaymentMethod }
  | { type: 'submit'; method: PaymentMethod; orderKey: string; paymentKey: string }
  | { type: 'order-created'; orderId: string; token: string }
  | { type: 'payment-created'; payment: Payment; clockOffsetMs?: number }
  | { type: 'payment-updated'; payment: Payment }
  | { type: 'request-failed'; error: CheckoutError }
  | { type: 'expire' }
  | { type: 'renew'; paymentKey?: string }
  | { type: 'retry' }
  | { type: 'resume'; payment: Payment; token: string; clockOffsetMs?: number; restored?: boolean }
  | { type: 'remembered-paid'; payment: Payment; token: string }
  | { type: 'resume-failed'; orderId: string; paymentId: string; method: PaymentMethod; token: string; error: CheckoutError }
  | { type: 'payment-lost'; error: CheckoutError }
  | { type: 'recheck' }
  | { type: 'order-paid'; payment: Payment }
  /** The buyer asked to choose another payment method (same order). */
  | { type: 'change-method' }
  | { type: 'reset' };
export type FlowEventType = FlowEvent['type'];

export const initialState = (): LoadingState => ({ kind: 'loading' });

/** Server minus client clock, from the server's ISO time and the client time the answer arrived. */
export function clockOffset(serverTime: string, receivedAt: number): number {
  const t = Date.parse(serverTime);
  return Number.isNaN(t) ? 0 : t - receivedAt;
}

/** True while a request started by the flow is running (the pay button must stay disabled). */
export const isBusy = (s: FlowState): boolean => s.kind === 'creating-order' || s.kind === 'creating-payment';

/** Where a known payment puts the flow. */
function viewFor(ctx: WithOrder, payment: Payment): FlowState {
  if (isSuccessStatus(payment.status)) return { kind: 'paid', ctx, payment };
  if (payment.status === 'EXPIRED') return { kind: 'expired', ctx, payment };
  if (isFinalStatus(payment.status)) {
    return { kind: 'failed', ctx, method: payment.method, payment, ...(payment.refusal ? { reason: payment.refusal.message } : {}) };
  }
  if (payment.method === 'CREDIT_CARD') return { kind: 'card-processing', ctx, payment };
  return { kind: 'awaiting', ctx, method: payment.method, payment };
}

const offers = (ctx: FlowContext, method: PaymentMethod) => ctx.config.checkout.methods.includes(method);

export function transition(state: FlowState, event: FlowEvent): FlowState {
  if (event.type === 'reset') return initialState();
  if (event.type === 'remembered-paid' && (state.kind === 'loading' || state.kind === 'ready')) {
    const p = event.payment;
    const ctx = state.kind === 'ready' ? { ...state.ctx, token: event.token, orderId: p.orderId } : undefined;
    return { kind: 'paid', ...(ctx ? { ctx } : {}), payment: p, source: 'remembered' };
  }
  // the order was paid by another payment (another tab, a reconciled answer): show that one
  if (event.type === 'order-paid' && (state.kind === 'awaiting' || state.kind === 'card-processing' || state.kind === 'expired' || state.kind === 'unverified' || state.kind === 'failed')) {
    return { kind: 'paid', ctx: state.ctx, payment: event.payment, source: 'order-paid' };
  }
  // ...also when the buyer is back on the method choice (or an error box) of an order that exists
  if (event.type === 'order-paid' && (state.kind === 'ready' || state.kind === 'error') && state.ctx?.orderId !== undefined) {
    if (event.payment.orderId !== state.ctx.orderId) return state;
    return { kind: 'paid', ctx: { ...state.ctx, orderId: state.ctx.orderId }, payment: event.payment, source: 'order-paid' };
  }
  if (event.type === 'change-method') return changeMethod(state);
  switch (state.kind) {
    case 'loading':
      if (event.type === 'config-loaded') {
        const ctx: FlowContext = { config: event.config, token: event.config.token, clockOffsetMs: event.clockOffsetMs };
        const methods = event.config.checkout.methods;
        return { kind: 'ready', ctx, ...(methods.length === 1 ? { method: methods[0] } : {}) };
      }
      if (event.type === 'config-failed') {
        return { kind: 'error', error: event.error, ...(event.error.recoverable ? { retryState: state } : {}) };
      }
      return state;

    case 'ready':
      switch (event.type) {
        case 'select-method': {
          if (!offers(state.ctx, event.method) || event.method === state.method) return state;
          return { kind: 'ready', ctx: state.ctx, method: event.method, ...(state.open ? { open: state.open } : {}) };
        }
        case 'payment-updated': {
          // the open payment the buyer left behind, still followed
          const open = state.open;
          if (!open || event.payment.id !== open.id || state.ctx.orderId === undefined) return state;
          const ctx: WithOrder = { ...state.ctx, orderId: state.ctx.orderId };
          if (isSuccessStatus(event.payment.status)) return { kind: 'paid', ctx, payment: { ...open, ...event.payment } };
          const { open: _gone, ...rest } = state;
          if (isFinalStatus(event.payment.status)) return rest;
          if (event.payment.status === open.status && event.payment.updatedAt === open.updatedAt) return state;
          return { ...rest, open: { ...open, ...event.payment } };
        }
        case 'submit': {
          if (!offers(state.ctx, event.method)) return state;
          const { ctx } = state;
          if (ctx.orderId !== undefined) {
            return { kind: 'creating-payment', ctx: { ...ctx, orderId: ctx.orderId }, method: event.method, paymentKey: event.paymentKey };
          }
          return { kind: 'creating-order', ctx, method: event.method, orderKey: event.orderKey, paymentKey: event.paymentKey };
        }
        case 'resume': {
          const ctx: WithOrder = {
            ...state.ctx,
            token: event.token,
            orderId: event.payment.orderId,
            ...(event.clockOffsetMs !== undefined ? { clockOffsetMs: event.clockOffsetMs } : {}),
          };
          const next = viewFor(ctx, event.payment);
          return next.kind === 'paid' && event.restored ? { ...next, source: 'restored' } : next;
        }
        case 'resume-failed': {
          const ctx: WithOrder = { ...state.ctx, token: event.token, orderId: event.orderId };
          return { kind: 'unverified', ctx, paymentId: event.paymentId, method: event.method, error: event.error };
        }
        default:
          return state;
      }

    case 'creating-order':
      if (event.type === 'order-created') {
        return {
          kind: 'creating-payment',
          ctx: { ...state.ctx, orderId: event.orderId, token: event.token },
          method: state.method,
          paymentKey: state.paymentKey,
        };
      }
      if (event.type === 'request-failed') return failRequest(state, event.error);
      return state;

    case 'creating-payment':
      if (event.type === 'payment-created') {
        if (event.payment.orderId !== state.ctx.orderId) return state;
        const ctx = event.clockOffsetMs !== undefined ? { ...state.ctx, clockOffsetMs: event.clockOffsetMs } : state.ctx;
        return viewFor(ctx, event.payment);
      }
      if (event.type === 'order-paid') return { kind: 'paid', ctx: state.ctx, payment: event.payment, source: 'order-paid' };
      if (event.type === 'request-failed') {
        const { error } = event;
        if (error.code === 'payment-refused') return { kind: 'failed', ctx: state.ctx, method: state.method };
        // Too many card attempts: the card alone is locked; the method choice stays open.
        if (error.code === 'rate-limited' && state.method === 'CREDIT_CARD') {
          return { kind: 'ready', ctx: state.ctx, method: state.method, notice: error };
        }
        // The helper rejected the buyer's data: back to the form, with the problem shown.
        if (error.apiCode === 'invalid_request') return { kind: 'ready', ctx: state.ctx, method: state.method, notice: error };
        return failRequest(state, error);
      }
      return state;

    case 'awaiting':
    case 'card-processing':
      if (event.type === 'payment-updated') {
        if (event.payment.id !== state.payment.id) return state;
        if (event.payment.status === state.payment.status && event.payment.updatedAt === state.payment.updatedAt) return state;
        // Keep the PIX/boleto data we already show when an update omits it.
        const payment: Payment = {
          ...event.payment,
          ...(event.payment.pix ?? state.payment.pix ? { pix: event.payment.pix ?? state.payment.pix } : {}),
          ...(event.payment.boleto ?? state.payment.boleto ? { boleto: event.payment.boleto ?? state.payment.boleto } : {}),
        };
        return viewFor(state.ctx, payment);
      }
      if (event.type === 'expire' && state.kind === 'awaiting' && state.method === 'PIX') {
        return { kind: 'expired', ctx: state.ctx, payment: { ...state.payment, status: 'EXPIRED' } };
      }
      if (event.type === 'payment-lost') {
        const p = state.payment;
        return { kind: 'unverified', ctx: state.ctx, paymentId: p.id, method: p.method, payment: p, error: event.error };
      }
      return state;

    case 'unverified':
      if (event.type === 'recheck' && !state.checking) return { ...state, checking: true };
      if (event.type === 'payment-updated' && state.checking && event.payment.id === state.paymentId) {
        return viewFor(state.ctx, event.payment);
      }
      if (event.type === 'request-failed' && state.checking) return { ...state, checking: false, error: event.error };
      return state;

    case 'failed':
      switch (event.type) {
        case 'submit':
          if (!offers(state.ctx, event.method)) return state;
          return { kind: 'creating-payment', ctx: state.ctx, method: event.method, paymentKey: event.paymentKey };
        case 'select-method':
          if (!offers(state.ctx, event.method)) return state;
          return { kind: 'ready', ctx: state.ctx, method: event.method };
        case 'retry':
          return { kind: 'ready', ctx: state.ctx, method: state.method };
        default:
          return state;
      }

    case 'expired':
      if (event.type === 'renew') {
        const method = state.payment.method;
        if (event.paymentKey === undefined) return { kind: 'ready', ctx: state.ctx, method };
        return { kind: 'creating-payment', ctx: state.ctx, method, paymentKey: event.paymentKey };
      }
      if (event.type === 'select-method') {
        if (!offers(state.ctx, event.method)) return state;
        return { kind: 'ready', ctx: state.ctx, method: event.method };
      }
      return state;

    case 'error': {
      if (event.type === 'retry' && state.retryState) return state.retryState;
      // A request that failed (network, 5xx...) leaves the form usable: another method, or pay again.
      const request = state.retryState && state.retryState.kind !== 'loading' ? state.retryState : undefined;
      if (!request) return state;
      if (event.type === 'select-method' && offers(request.ctx, event.method)) {
        return { kind: 'ready', ctx: request.ctx, method: event.method };
      }
      if (event.type === 'submit') return transition({ kind: 'ready', ctx: request.ctx, method: event.method }, event);
      return state;
    }

    case 'paid':
      return state;
  }
}

/** "Choose another payment method": back to the method choice of the same order. */
function changeMethod(state: FlowState): FlowState {
  // nothing to choose from when the checkout offers one method
  if ('ctx' in state && state.ctx && state.ctx.config.checkout.methods.length < 2) return state;
  switch (state.kind) {
    case 'awaiting':
      return { kind: 'ready', ctx: state.ctx, open: state.payment };
    case 'expired':
    case 'failed':
      return { kind: 'ready', ctx: state.ctx };
    case 'error': {
      const request = state.retryState && state.retryState.kind !== 'loading' ? state.retryState : undefined;
      return request ? { kind: 'ready', ctx: request.ctx } : state;
    }
    default:
      return state;
  }
}

function failRequest(state: CreatingOrderState | CreatingPaymentState, error: CheckoutError): ErrorState {
  return { kind: 'error', error, ctx: state.ctx, ...(error.recoverable ? { retryState: state } : {}) };
}
