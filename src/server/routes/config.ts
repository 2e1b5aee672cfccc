/** `GET /config?product=ID | ?cart=REF`: the priced checkout, layout and a signed checkout token. */
import { ConfigResponseSchema } from '../../contract/helper.js';
import type { CheckoutInfo, ConfigResponse } from '../../contract/helper.js';
import { GATEWAY_ID_PATTERN } from '../gateway/assumptions.js';
import type { HelperContext } from '../context.js';
import { HttpError } from '../http.js';
import type { Reply } from '../http.js';
import { CART_REF } from '../options.js';

export async function getConfig(ctx: HelperContext, req: Request, url: URL): Promise<Reply> {
  const product = url.searchParams.getAll('product');
  const cart = url.searchParams.getAll('cart');
  if (product.length + cart.length !== 1) {
    throw new HttpError('invalid_request', 'Pass exactly one of ?product=ID or ?cart=REF.', {
      fields: [{ path: 'product', message: 'Exactly one of product or cart is required.' }],
    });
  }
  const kind = product.length ? 'product' : 'cart';
  const ref = (product[0] ?? cart[0])!;
  if (!(kind === 'product' ? GATEWAY_ID_PATTERN : CART_REF).test(ref)) {
    throw new HttpError('invalid_request', `Invalid ${kind} reference.`, { fields: [{ path: kind, message: 'Invalid format.' }] });
  }
  const [entry, lay] = await Promise.all([ctx.catalog(kind, ref, req, { fresh: true }), ctx.layout()]);
  const checkout: CheckoutInfo = { kind, ref, ...entry.info, installments: ctx.installmentPlan(entry, kind) };
  const max = maxQuantityFor(ctx, kind, ref);
  if (max > 1) checkout.quantity = { max };
  const mref = await merchantRef(ctx, req, kind, ref, entry.merchantRef);
  const token = ctx.signer.sign({ kind, ref, amount: checkout.amount, currency: 'BRL', ...(mref !== undefined ? { mref } : {}) });
  const body: ConfigResponse = { checkout, layout: lay, token, serverTime: ctx.iso(), features: { statusStream: true } };
  return { status: 200, body: ctx.checked(ConfigResponseSchema, body, 'config') };
}

/** How many of a product the buyer may buy (1 when the merchant allows one only; always 1 for a cart). */
export function maxQuantityFor(ctx: HelperContext, kind: 'product' | 'cart', ref: string): number {
  const o = ctx.options.maxQuantity;
  if (kind !== 'product' || o === undefined) return 1;
  const v = typeof o === 'function' ? o(ref) : o;
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 99) {
    throw new Error('maxQuantity must return an integer from 1 to 99 (or undefined).');
  }
  return v;
}

/** The merchant's reference: its `merchantRef` hook, else the cart's own (cart flow). */
async function merchantRef(ctx: HelperContext, req: Request, kind: 'product' | 'cart', ref: string, fromCart: string | undefined): Promise<string | undefined> {
  const hook = ctx.options.merchantRef;
  if (!hook) return fromCart;
  const v = await hook(req, { kind, ref });
  if (v === undefined) return fromCart;
  if (typeof v !== 'string' || v.length === 0 || v.length > 128 || /[\u0000-\u001f\u007f]/.test(v)) {
    throw new Error('merchantRef must return a string of 1-128 printable characters.');
  }
  return v;
}
