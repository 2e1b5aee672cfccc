/** `POST /orders`: creates the order for a checkout token (gateway order, or the helper's own). */
import { CreateOrderRequestSchema, CreateOrderResponseSchema } from '../../contract/helper.js';
import type { CreateOrderResponse } from '../../contract/helper.js';
import { GATEWAY_ID_PATTERN } from '../gateway/assumptions.js';
import type { HelperContext } from '../context.js';
import { HttpError } from '../http.js';

export async function postOrders(ctx: HelperContext, req: Request, newCartOrderId: () => string): Promise<Response> {
  const tok = await ctx.requireToken(req);
  const raw = await ctx.readJson(req);
  const key = ctx.requireIdempotencyKey(req);
  ctx.validate(CreateOrderRequestSchema, raw);
  return ctx.idempotent(`POST /orders|${tok.jti}|${key}`, raw, async () => {
    // inside the idempotent run: a replayed answer costs nothing; a refusal is not stored
    const rate = ctx.r.rate;
    if (rate) await ctx.limit(`orders:${tok.jti}`, rate.ordersPerToken);
    let orderId: string;
    if (tok.kind === 'product') {
      const order = await ctx.gateway.checkout.createOrder(tok.ref);
      if (!GATEWAY_ID_PATTERN.test(order.id)) {
        ctx.logger.error('gateway.order_id_invalid', {});
        throw new HttpError('upstream_error', 'The payment gateway answered something unexpected. Please try again.');
      }
      orderId = order.id;
    } else {
      orderId = newCartOrderId();
    }
    const createdAt = ctx.iso();
    // the order record makes the order's postbacks adoptable after a restart
    await ctx.orders.put({ orderId, checkoutId: tok.jti, kind: tok.kind, ref: tok.ref, amount: tok.amount, merchantRef: tok.mref, createdAt });
    const token = ctx.signer.sign({
      kind: tok.kind,
      ref: tok.ref,
      amount: tok.amount,
      currency: 'BRL',
      orderId,
      jti: tok.jti,
      ...(tok.mref !== undefined ? { mref: tok.mref } : {}),
    });
    ctx.logger.info('order.created', { orderId, kind: tok.kind, amount: tok.amount });
    const body: CreateOrderResponse = { order: { id: orderId, amount: tok.amount, currency: 'BRL', createdAt }, token };
    return { status: 201, body: ctx.checked(CreateOrderResponseSchema, body, 'order') };
  });
}
