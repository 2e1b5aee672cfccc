/** `POST /orders`: creates the order for a checkout token (gateway order, or the helper's own). */
import { CreateOrderRequestSchema, CreateOrderResponseSchema } from '../../contract/helper.js';
import type { CreateOrderResponse } from '../../contract/helper.js';
import { GATEWAY_ID_PATTERN } from '../gateway/assumptions.js';
import type { HelperContext } from '../context.js';
import { HttpError } from '../http.js';
import { maxQuantityFor } from './config.js';

export async function postOrders(ctx: HelperContext, req: Request, newCartOrderId: () => string): Promise<Response> {
  const tok = await ctx.requireToken(req);
  const raw = await ctx.readJson(req);
  const key = ctx.requireIdempotencyKey(req);
  const { quantity } = ctx.validate(CreateOrderRequestSchema, raw);
  // more than one of a product: allowed up to the merchant's maxQuantity; the server multiplies
  const qty = quantity ?? 1;
  if (quantity !== undefined) {
    const max = maxQuantityFor(ctx, tok.kind, tok.ref);
    if (max <= 1 || tok.orderId !== undefined) {
      throw new HttpError('invalid_request', 'The request is invalid.', {
        fields: [{ path: 'quantity', message: 'This checkout sells one item; send an empty body.' }],
      });
    }
    if (quantity > max) {
      throw new HttpError('invalid_request', 'The request is invalid.', {
        fields: [{ path: 'quantity', message: `At most ${max} can be bought.` }],
      });
    }
  }
  if (tok.qty !== undefined) throw new HttpError('invalid_token', 'This token already belongs to an order.');
  const amount = tok.amount * qty;
  if (!Number.isSafeInteger(amount)) throw new HttpError('invalid_request', 'The request is invalid.', { fields: [{ path: 'quantity', message: 'Too many.' }] });
  return ctx.idempotent(`POST /orders|${tok.jti}|${key}`, raw, async (writes) => {
    // inside the idempotent run: a replayed answer costs nothing; a refusal is not stored
    const rate = ctx.r.rate;
    if (rate) await ctx.limit(`orders:${tok.jti}`, rate.ordersPerToken);
    let orderId: string;
    if (tok.kind === 'product' && qty === 1) {
      const order = await ctx.gateway.checkout.createOrder(tok.ref);
      if (!GATEWAY_ID_PATTERN.test(order.id)) {
        ctx.logger.error('gateway.order_id_invalid', {});
        throw new HttpError('upstream_error', 'The payment gateway answered something unexpected. Please try again.');
      }
      orderId = order.id;
    } else {
      // a cart, or several of a product: the helper's own order, paid as a direct transaction
      // (the product link charges the price of one)
      orderId = newCartOrderId();
    }
    const createdAt = ctx.iso();
    // the order record makes the order's postbacks adoptable after a restart; it is committed with
    // the stored answer (one durable commit), before the answer leaves
    writes.order({ orderId, checkoutId: tok.jti, kind: tok.kind, ref: tok.ref, amount, merchantRef: tok.mref, createdAt });
    const token = ctx.signer.sign({
      kind: tok.kind,
      ref: tok.ref,
      amount,
      ...(qty > 1 ? { qty } : {}),
      currency: 'BRL',
      orderId,
      jti: tok.jti,
      ...(tok.mref !== undefined ? { mref: tok.mref } : {}),
    });
    ctx.logger.info('order.created', { orderId, kind: tok.kind, amount, ...(qty > 1 ? { quantity: qty } : {}) });
    const body: CreateOrderResponse = { order: { id: orderId, amount, currency: 'BRL', createdAt }, token };
    return { status: 201, body: ctx.checked(CreateOrderResponseSchema, body, 'order') };
  });
}
