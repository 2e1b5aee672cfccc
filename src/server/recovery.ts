/**
 * The gateway is the record; the helper's store is a cache that can be rebuilt from it.
 *
 * - `recordFromTransaction`: a gateway transaction -> the helper's payment record.
 * - `recoverForToken`: a payment read (GET /payments/:id) the store cannot answer: fetch the
 *   transaction and prove ownership from what the gateway holds (the order id written on the
 *   transaction) against the signed checkout token, never from the id alone.
 * - `findOrderTransactions`: the transactions of one order at the gateway (a lost create answer,
 *   an "already paid" refusal), looked up as `ORDER_TRANSACTIONS_LOOKUP` says.
 * - `adoptTransaction`: a postback for a transaction the helper does not hold, adopted when its
 *   order is one of the helper's (an order record, or a cart order id signed by this helper).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PaymentSchema } from '../contract/payment.js';
import type { PaymentMethod } from '../contract/payment.js';
import type { GatewayTransaction } from '../contract/gateway.js';
import { formatZodIssues } from '../contract/issues.js';
import {
  GATEWAY_ID_PATTERN,
  ORDER_TRANSACTIONS_LOOKUP,
  documentNumberQuery,
  merchantRefOfTransaction,
  methodOfTransaction,
  orderIdOfTransaction,
  readTransaction,
  toPayment,
} from './gateway/assumptions.js';
import { GatewayError } from './gateway/errors.js';
import type { HelperContext } from './context.js';
import { clampPixLifetime } from './pix-lifetime.js';
import type { PaymentRecord } from './payments.js';
import type { OrderRecord } from './state.js';
import type { CheckoutTokenPayload } from './token.js';

/** Cart order ids carry a MAC, so any instance can tell its own orders even with an empty store. */
export function createOrderIds(tokenSecret: string) {
  const key = createHmac('sha256', tokenSecret).update('bynet-checkout/order-id/v1').digest();
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url').slice(0, 16);
  return {
    /** `ord_<24 random hex>_<16-char MAC>`. */
    next(): string {
      const body = `ord_${randomBytes(12).toString('hex')}`;
      return `${body}_${mac(body)}`;
    },
    isOwn(id: string): boolean {
      const m = /^(ord_[0-9a-f]{24})_([A-Za-z0-9_-]{16})$/.exec(id);
      if (!m) return false;
      const a = Buffer.from(mac(m[1]!));
      const b = Buffer.from(m[2]!);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}

/** The order as the signed token describes it (used when the store lost its record). */
export function orderFromToken(tok: CheckoutTokenPayload, createdAt: string): OrderRecord | undefined {
  if (!tok.orderId) return undefined;
  return { orderId: tok.orderId, checkoutId: tok.jti, kind: tok.kind, ref: tok.ref, amount: tok.amount, merchantRef: tok.mref, createdAt };
}

/**
 * A gateway transaction as a payment record of `order`. Undefined when the transaction is not
 * usable (unknown method, invalid id, a shape the contract refuses).
 */
export function recordFromTransaction(ctx: HelperContext, tx: GatewayTransaction, order: Pick<OrderRecord, 'orderId' | 'checkoutId' | 'amount' | 'merchantRef'>, fallbackMethod?: PaymentMethod): PaymentRecord | undefined {
  const method = methodOfTransaction(tx.paymentMethod) ?? fallbackMethod;
  if (!method || !GATEWAY_ID_PATTERN.test(tx.id)) return undefined;
  const created = tx.createdAt ? Date.parse(tx.createdAt) : NaN;
  const payment = clampPixLifetime(
    toPayment(readTransaction(tx), {
      orderId: order.orderId,
      method,
      amount: order.amount,
      pixExpiresInSeconds: ctx.r.pixExpiresInSeconds,
      now: ctx.now(),
    }),
    Number.isFinite(created) ? created : ctx.now(),
    ctx.r.pixExpiresInSeconds,
  );
  const valid = PaymentSchema.safeParse(payment);
  if (!valid.success) {
    ctx.logger.error('gateway.payment_invalid', { paymentId: tx.id, issues: formatZodIssues(valid.error) });
    return undefined;
  }
  const merchantRef = order.merchantRef ?? merchantRefOfTransaction(tx);
  return {
    payment: valid.data,
    checkoutId: order.checkoutId,
    gatewayId: tx.id,
    createdAt: tx.createdAt ?? ctx.iso(),
    ...(merchantRef !== undefined ? { merchantRef } : {}),
  };
}

/**
 * A payment the store does not hold, read with a token: found at the gateway and adopted when the
 * transaction's order is the token's order. Undefined when it is not (or not findable).
 * Negative answers are remembered briefly so a guessed id costs at most one gateway read.
 */
export async function recoverForToken(ctx: HelperContext, tok: CheckoutTokenPayload, paymentId: string): Promise<PaymentRecord | undefined> {
  if (!tok.orderId) return undefined;
  const missKey = `recover-miss:${tok.jti}:${paymentId}`;
  if ((await ctx.state.flags.get(missKey).catch(() => undefined)) !== undefined) return undefined;
  let tx: GatewayTransaction;
  try {
    tx = await ctx.gateway.transactions.get(paymentId);
  } catch (e) {
    if (e instanceof GatewayError && e.code === 'not_found') {
      await ctx.state.flags.set(missKey, '1', 10_000).catch(() => undefined);
      return undefined;
    }
    throw e;
  }
  if (tx.id !== paymentId || orderIdOfTransaction(tx) !== tok.orderId) {
    ctx.logger.warn('payment.recover_refused', { paymentId, reason: tx.id !== paymentId ? 'id mismatch' : 'order mismatch' });
    await ctx.state.flags.set(missKey, '1', 10_000).catch(() => undefined);
    return undefined;
  }
  const order = (await ctx.orders.get(tok.orderId)) ?? orderFromToken(tok, ctx.iso())!;
  const rec = recordFromTransaction(ctx, tx, order);
  if (!rec) return undefined;
  return ctx.tracker.created(rec, 'recovered');
}

/**
 * The order's transactions at the gateway, newest first (only those whose order id is this
 * order's). `document` is the buyer's CPF/CNPJ of the payment being created.
 */
export async function findOrderTransactions(ctx: HelperContext, orderId: string, document: string): Promise<GatewayTransaction[]> {
  const found: GatewayTransaction[] = [];
  for (let page = 1; page <= ORDER_TRANSACTIONS_LOOKUP.maxPages; page++) {
    const res = await ctx.gateway.transactions.list({
      page,
      limit: ORDER_TRANSACTIONS_LOOKUP.pageSize,
      [ORDER_TRANSACTIONS_LOOKUP.filter]: documentNumberQuery(document),
    });
    for (const tx of res.items) if (orderIdOfTransaction(tx) === orderId) found.push(tx);
    if (res.items.length < ORDER_TRANSACTIONS_LOOKUP.pageSize || (res.pages !== undefined && page >= res.pages)) break;
  }
  return found;
}

/**
 * Stores every transaction of the order that the helper does not hold yet (what a lost create
 * answer left at the gateway). Returns the order's records after adoption.
 */
export async function adoptOrderTransactions(ctx: HelperContext, order: OrderRecord, txs: GatewayTransaction[]): Promise<PaymentRecord[]> {
  for (const tx of [...txs].reverse()) {
    if (await ctx.payments.get(tx.id)) continue;
    const rec = recordFromTransaction(ctx, tx, order);
    if (rec) await ctx.tracker.created(rec, 'recovered');
  }
  return ctx.payments.listByOrder(order.orderId);
}

/**
 * A postback named a transaction the helper does not hold: re-fetch it and adopt it when its
 * order is one of the helper's. Each id is looked up at most once a minute (forged postbacks do
 * not amplify into gateway reads).
 */
export async function adoptTransaction(ctx: HelperContext, transactionId: string, isOwnOrderId: (id: string) => boolean): Promise<PaymentRecord | undefined> {
  if (!(await ctx.state.flags.claim(`adopt:${transactionId}`, 60_000).catch(() => true))) return undefined;
  let tx: GatewayTransaction;
  try {
    tx = await ctx.gateway.transactions.refetch(transactionId);
  } catch (e) {
    if (e instanceof GatewayError && e.code === 'not_found') return undefined;
    // an outage: the next postback (or the gateway's retry) may try again
    ctx.logger.warn('webhook.adopt_fetch_failed', { transactionId, error: e instanceof GatewayError ? e.toJSON() : e });
    await ctx.state.flags.delete(`adopt:${transactionId}`).catch(() => undefined);
    return undefined;
  }
  const orderId = orderIdOfTransaction(tx);
  if (tx.id !== transactionId || !orderId) return undefined;
  const order = await ctx.orders.get(orderId);
  if (!order && !isOwnOrderId(orderId)) return undefined;
  const rec = recordFromTransaction(ctx, tx, order ?? { orderId, checkoutId: '', amount: tx.amount, merchantRef: merchantRefOfTransaction(tx) });
  if (!rec) return undefined;
  return ctx.tracker.created(rec, 'webhook');
}
