/**
 * `POST /orders/:orderId/payments` (create) and `GET /payments/:id` (status).
 *
 * Money rules enforced here:
 * - one order, one settled payment: once a payment of the order is PAID/AUTHORIZED, another create
 *   answers 409 `order_paid` with that payment;
 * - one open payment per order and method: a second create returns the open one;
 * - a create whose answer was lost (timeout, reset, 5xx, a surprising 4xx) is reconciled before
 *   anything is answered or created again: the order's transactions are looked up at the gateway
 *   and what was really created is answered;
 * - shown = charged: a card plan's `total` (interest included) is what the gateway is asked to
 *   charge, and the payment's `amount` is what the gateway holds.
 */
import { CreatePaymentRequestSchema } from '../../contract/helper.js';
import type { CreatePaymentRequest, FieldError, InstallmentOption } from '../../contract/helper.js';
import { PaymentSchema, isFinalStatus, isSuccessStatus } from '../../contract/payment.js';
import type { Payment, PaymentStatus } from '../../contract/payment.js';
import { formatZodIssues } from '../../contract/issues.js';
import { isValidDocument } from '../../brazil/document.js';
import { isExpiryValid, luhnValid } from '../../brazil/card.js';
import {
  GATEWAY_ID_PATTERN,
  buildCheckoutPaymentBody,
  buildTransactionBody,
  readCheckoutPayment,
  readTransaction,
  shippingPart,
  toPayment,
} from '../gateway/assumptions.js';
import type { PaymentParts } from '../gateway/assumptions.js';
import { GatewayError } from '../gateway/errors.js';
import type { CatalogEntry, HelperContext } from '../context.js';
import { HttpError } from '../http.js';
import { clampPixLifetime } from '../pix-lifetime.js';
import type { Reply } from '../http.js';
import type { RequestInfo } from '../options.js';
import type { PaymentRecord } from '../payments.js';
import { adoptOrderTransactions, findOrderTransactions, orderFromToken, recoverForToken } from '../recovery.js';
import type { OrderRecord } from '../state.js';
import type { CheckoutTokenPayload } from '../token.js';

const CLOSING_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['REFUSED', 'EXPIRED', 'CANCELED']);
/** Clock skew allowed between the helper and the gateway when matching a create to its transaction. */
const CREATE_MATCH_SKEW_MS = 120_000;

export async function postPayment(ctx: HelperContext, req: Request, info: RequestInfo | undefined, orderId: string): Promise<Response> {
  const tok = await ctx.requireToken(req);
  if (!tok.orderId) throw new HttpError('invalid_token', 'This token has no order yet; create the order first.');
  if (tok.orderId !== orderId) throw new HttpError('invalid_token', 'This token does not belong to this order.');
  const raw = await ctx.readJson(req);
  const key = ctx.requireIdempotencyKey(req);
  const body = ctx.validate(CreatePaymentRequestSchema, raw);
  const entry = await ctx.catalog(tok.kind, tok.ref, req, { amount: tok.amount });
  const plan = ctx.installmentPlan({ ...entry, info: { ...entry.info, amount: tok.amount } }, tok.kind);
  const option = crossCheck(ctx, body, entry, plan);
  const rate = ctx.r.rate;
  if (rate) await ctx.limitIp('pay-ip', req, info, rate.paymentsPerIp);
  const ip = ctx.clientAddress(req, info);
  return ctx.idempotent(`POST /orders/${orderId}/payments|${tok.jti}|${key}`, raw, () => createPayment(ctx, tok, orderId, body, entry, option, ip));
}

function crossCheck(ctx: HelperContext, body: CreatePaymentRequest, entry: CatalogEntry, plan: InstallmentOption[]): InstallmentOption | undefined {
  const fields: FieldError[] = [];
  if (!entry.info.methods.includes(body.method)) fields.push({ path: 'method', message: 'This payment method is not available for this checkout.' });
  if (body.method === 'CREDIT_CARD' && !body.card) fields.push({ path: 'card', message: 'Card details are required for CREDIT_CARD.' });
  if (body.method !== 'CREDIT_CARD' && body.card) fields.push({ path: 'card', message: 'Card details are only accepted for CREDIT_CARD.' });
  if (ctx.r.addressRequiredFor.includes(body.method) && !body.address) fields.push({ path: 'address', message: `An address is required for ${body.method}.` });
  if (!isValidDocument(body.customer.document)) fields.push({ path: 'customer.document', message: 'Invalid CPF or CNPJ.' });
  let option: InstallmentOption | undefined;
  if (body.method === 'CREDIT_CARD') {
    const n = body.installments ?? 1;
    option = plan.find((p) => p.count === n);
    if (!option) fields.push({ path: 'installments', message: 'This number of installments is not offered.' });
    if (body.card) {
      if (!luhnValid(body.card.number)) fields.push({ path: 'card.number', message: 'Invalid card number.' });
      if (!isExpiryValid(body.card.expMonth, body.card.expYear, new Date(ctx.now()))) fields.push({ path: 'card.expYear', message: 'The card has expired.' });
    }
  } else if (body.installments !== undefined && body.installments !== 1) {
    fields.push({ path: 'installments', message: 'Installments apply to CREDIT_CARD only.' });
  }
  if (fields.length) throw new HttpError('invalid_request', 'The request is invalid.', { fields });
  return option;
}

function orderPaid(payment: Payment): HttpError {
  return new HttpError('order_paid', 'This order is already paid.', { extra: { payment } });
}

/** Errors after which the gateway may still have created (and charged) the payment. */
function mayHaveCreated(e: unknown): boolean {
  if (!(e instanceof GatewayError)) return true; // a crash in our own code after sending: look
  return !(e.code === 'circuit_open' || e.code === 'refused' || e.code === 'unauthorized');
}

/** A 4xx that is a definite "no" when nothing turns up at the gateway. */
function definiteRejection(e: unknown): boolean {
  return e instanceof GatewayError && (e.code === 'bad_request' || e.code === 'not_found');
}

const notConfirmed = () =>
  new HttpError('upstream_error', 'The payment gateway did not confirm this payment yet. Please try again: it will not be charged twice.', {
    headers: { 'retry-after': '2' },
  });

async function createPayment(
  ctx: HelperContext,
  tok: CheckoutTokenPayload,
  orderId: string,
  body: CreatePaymentRequest,
  entry: CatalogEntry,
  option: InstallmentOption | undefined,
  ip: string | undefined,
): Promise<Reply> {
  // one create at a time per order (across instances when the state is shared)
  return ctx.lock(`order:${orderId}`, async () => {
    const order = (await ctx.orders.get(orderId)) ?? orderFromToken(tok, ctx.iso())!;

    // a create whose answer was lost: find what it left at the gateway before anything else
    const attempt = order.pendingCreate;
    if (attempt) {
      let txs;
      try {
        txs = await findOrderTransactions(ctx, orderId, body.customer.document);
      } catch (e) {
        ctx.logger.warn('payment.reconcile_failed', { orderId, error: e instanceof GatewayError ? e.toJSON() : e });
        throw notConfirmed();
      }
      await adoptOrderTransactions(ctx, order, txs);
      order.pendingCreate = undefined;
      await ctx.orders.put(order);
      ctx.logger.info('payment.reconciled', { orderId, found: txs.length });
    }

    const all = await ctx.payments.listByOrder(orderId);
    const paid = settlingPayment(all);
    if (paid) {
      // the lost answer of this very create: answer it; anything else settled the order already
      if (attempt && answersAttempt(paid, body, attempt.startedAt)) return ctx.paymentReply(201, paid.payment);
      throw orderPaid(paid.payment);
    }
    if (attempt) {
      const made = latestFor(all, body, attempt.startedAt);
      if (made) return ctx.paymentReply(201, (await ctx.tracker.current(made.payment.id))?.payment ?? made.payment);
    }

    // one open payment per order and method
    const same = all.filter((x) => x.payment.method === body.method);
    const latest = same[same.length - 1];
    if (latest) {
      const cur = await ctx.tracker.current(latest.payment.id);
      if (cur && !CLOSING_STATUSES.has(cur.payment.status) && hasInstructions(cur.payment)) {
        ctx.logger.info('payment.reused', { paymentId: cur.payment.id, orderId, method: body.method });
        return ctx.paymentReply(200, cur.payment);
      }
    }

    const rate = ctx.r.rate;
    if (rate && body.method === 'CREDIT_CARD') {
      // per checkout (every order of it), and per address across checkouts (card testing)
      await ctx.limit(`card:${tok.jti}`, rate.cardPerToken);
      if (ip !== undefined) await ctx.limit(`card-ip:${ip}`, rate.cardPerIp);
    }
    const installments = body.method === 'CREDIT_CARD' ? (option?.count ?? 1) : 1;
    // shown = charged: the plan's total (interest included) is what the gateway is asked to charge
    const charged = body.method === 'CREDIT_CARD' && option ? option.total : tok.amount;
    const startedAt = ctx.iso();
    order.pendingCreate = { method: body.method, startedAt };
    await ctx.orders.put(order);

    let parts: PaymentParts;
    try {
      if (tok.kind === 'product' && tok.qty === undefined) {
        const gwBody = buildCheckoutPaymentBody({ method: body.method, customer: body.customer, address: body.address, card: body.card, installments });
        parts = readCheckoutPayment(await ctx.gateway.checkout.createPayment(orderId, gwBody));
      } else {
        // several of a product: one line of `qty`; a cart: its lines as the merchant priced them
        const items = tok.qty !== undefined ? entry.items.map((i) => ({ ...i, quantity: tok.qty! })) : entry.items;
        const built = buildTransactionBody({
          amount: charged,
          method: body.method,
          customer: body.customer,
          address: body.address,
          card: body.card,
          installments,
          items,
          orderId,
          merchantRef: order.merchantRef,
          pixExpiresInSeconds: ctx.r.pixExpiresInSeconds,
          postbackUrl: ctx.options.postbackUrl,
        });
        // physical goods are sent as such, and the cart's shipping fee as the gateway's shipping
        const gwBody = {
          ...built,
          items: built.items.map((i, n) => ({ ...i, tangible: items[n]?.tangible === true })),
          ...(entry.shippingFee !== undefined ? { shipping: shippingPart(entry.shippingFee, built.customer.address) } : {}),
        };
        parts = readTransaction(await ctx.gateway.transactions.create(gwBody));
      }
    } catch (e) {
      if (!mayHaveCreated(e)) {
        order.pendingCreate = undefined;
        await ctx.orders.put(order);
        throw e;
      }
      return afterFailedCreate(ctx, order, body, startedAt, e);
    }

    if (!GATEWAY_ID_PATTERN.test(parts.id)) {
      ctx.logger.error('gateway.payment_id_invalid', { orderId });
      return afterFailedCreate(ctx, order, body, startedAt, new HttpError('upstream_error', 'The payment gateway answered something unexpected. Please try again.'));
    }
    const payment = clampPixLifetime(
      toPayment(parts, {
        orderId,
        method: body.method,
        amount: charged,
        installments,
        pixExpiresInSeconds: ctx.r.pixExpiresInSeconds,
        now: ctx.now(),
      }),
      ctx.now(),
      ctx.r.pixExpiresInSeconds,
    );
    const valid = PaymentSchema.safeParse(payment);
    const incomplete =
      valid.success && !isFinalStatus(payment.status) && ((payment.method === 'PIX' && !payment.pix) || (payment.method === 'BOLETO' && !payment.boleto));
    if (!valid.success || incomplete) {
      ctx.logger.error(valid.success ? 'gateway.payment_incomplete' : 'gateway.payment_invalid', {
        paymentId: payment.id,
        orderId,
        method: payment.method,
        ...(valid.success ? {} : { issues: formatZodIssues(valid.error) }),
      });
      // the buyer never gets instructions for it, so it cannot be paid: a new attempt is safe
      order.pendingCreate = undefined;
      await ctx.orders.put(order);
      throw new HttpError('upstream_error', valid.success ? 'The payment gateway answered without payment instructions. Please try again.' : 'The payment gateway answered something unexpected. Please try again.');
    }
    const record: PaymentRecord = { payment: valid.data, checkoutId: tok.jti, gatewayId: parts.id, createdAt: ctx.iso(), merchantRef: order.merchantRef };
    const stored = await ctx.tracker.created(record);
    order.pendingCreate = undefined;
    await ctx.orders.put(order);
    return ctx.paymentReply(201, stored.payment);
  });
}

/** The payment that settled the order: the first paid one that is not a duplicate. */
function settlingPayment(all: PaymentRecord[]): PaymentRecord | undefined {
  const paid = all.filter((x) => isSuccessStatus(x.payment.status));
  return paid.find((x) => !x.duplicate) ?? paid[0];
}

/**
 * A payment of an order that another payment already settled must not be offered any more (a
 * PIX still shown in a second tab after the card paid): reading it answers 409 `order_paid`
 * with the settling payment, so the widget shows the order paid instead of a payable code.
 */
export async function refuseIfOrderSettled(ctx: HelperContext, payment: Payment): Promise<void> {
  if (isSuccessStatus(payment.status)) return;
  const settled = settlingPayment(await ctx.payments.listByOrder(payment.orderId));
  if (settled && settled.payment.id !== payment.id) throw orderPaid(settled.payment);
}

/** A pending PIX or boleto the buyer can pay (its code or line is known). */
function hasInstructions(p: Payment): boolean {
  if (isFinalStatus(p.status)) return true;
  return p.method === 'PIX' ? Boolean(p.pix) : p.method === 'BOLETO' ? Boolean(p.boleto) : true;
}

/** Is `rec` the payment the create of `body` started at `startedAt` made? */
function answersAttempt(rec: PaymentRecord, body: CreatePaymentRequest, startedAt: string): boolean {
  return rec.payment.method === body.method && Date.parse(rec.createdAt) >= Date.parse(startedAt) - CREATE_MATCH_SKEW_MS;
}

function latestFor(all: PaymentRecord[], body: CreatePaymentRequest, startedAt: string): PaymentRecord | undefined {
  const made = all.filter((x) => answersAttempt(x, body, startedAt));
  return made[made.length - 1];
}

/**
 * The create failed in a way that may hide a created payment: look the order's transactions up
 * and answer with what the gateway really holds. When the lookup fails or finds nothing after an
 * ambiguous failure, the attempt stays pending (the next try looks again before creating).
 */
async function afterFailedCreate(ctx: HelperContext, order: OrderRecord, body: CreatePaymentRequest, startedAt: string, error: unknown): Promise<Reply> {
  ctx.logger.warn('payment.create_unconfirmed', { orderId: order.orderId, method: body.method, error: error instanceof GatewayError ? error.toJSON() : error });
  let txs;
  try {
    txs = await findOrderTransactions(ctx, order.orderId, body.customer.document);
  } catch (e) {
    ctx.logger.warn('payment.reconcile_failed', { orderId: order.orderId, error: e instanceof GatewayError ? e.toJSON() : e });
    throw notConfirmed();
  }
  const records = await adoptOrderTransactions(ctx, order, txs);
  const paid = settlingPayment(records);
  const made = paid && answersAttempt(paid, body, startedAt) ? paid : latestFor(records, body, startedAt);
  if (made || paid || definiteRejection(error)) {
    order.pendingCreate = undefined;
    await ctx.orders.put(order);
  }
  if (made) {
    ctx.logger.info('payment.reconciled', { orderId: order.orderId, paymentId: made.payment.id, status: made.payment.status });
    return ctx.paymentReply(201, made.payment);
  }
  if (paid) throw orderPaid(paid.payment);
  if (definiteRejection(error)) throw error;
  throw notConfirmed();
}

/** The payment `paymentId` if this token's order owns it: from the store, else proven at the gateway. */
export async function ownedPayment(ctx: HelperContext, req: Request, paymentId: string): Promise<PaymentRecord> {
  const tok = await ctx.requireToken(req, { read: true });
  let rec = await ctx.payments.get(paymentId);
  if (!rec && tok.orderId) rec = await recoverForToken(ctx, tok, paymentId);
  // another checkout's payment is indistinguishable from a missing one
  if (!rec || !tok.orderId || rec.payment.orderId !== tok.orderId) throw new HttpError('not_found', 'Payment not found.');
  return rec;
}

export async function getPayment(ctx: HelperContext, req: Request, paymentId: string): Promise<Reply> {
  const rec = await ownedPayment(ctx, req, paymentId);
  const payment = await ctx.tracker.refresh(rec, { strict: true });
  await refuseIfOrderSettled(ctx, payment);
  return ctx.paymentReply(200, payment);
}
