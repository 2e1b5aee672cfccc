/**
 * The helper's answers (design.md section 4): every response body the helper writes, checked by
 * the helper before it sends it and by the widget when it arrives, with these same schemas.
 * The widget imports this module, never `helper.ts`, whose request schemas (parsed only by the
 * helper) would otherwise land in the browser bundle. `helper.ts` re-exports everything here.
 */
import * as z from 'zod/mini';
import { int, text } from './lean.js';
import { PaymentMethodSchema, PaymentSchema, IsoDateSchema } from './payment.js';
import { ERROR_CODES } from './lean-values.js';

export { CHECKOUT_TOKEN_HEADER, ERROR_CODES, IDEMPOTENCY_KEY_HEADER } from './lean-values.js';

// ── errors ────────────────────────────────────────────────────────────────────────────────
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    fields: z.optional(z.array(FieldErrorSchema)),
  }),
  /** With `order_paid`: the payment that already settled the order (show it; never pay again). */
  payment: z.optional(PaymentSchema),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

// ── GET /config ───────────────────────────────────────────────────────────────────────────
export const InstallmentOptionSchema = z.object({
  count: int(1, 24),
  /** Amount of each installment, cents. */
  amount: int(0),
  /** Total charged with this plan, cents. */
  total: int(0),
  /** True when the plan charges interest (total > price). */
  interest: z.boolean(),
});
export type InstallmentOption = z.infer<typeof InstallmentOptionSchema>;

export const CheckoutItemSchema = z.object({
  title: text(0, 200),
  unitPrice: int(0),
  quantity: int(1),
  /** A physical good (ships); from the merchant's resolver. */
  tangible: z.optional(z.boolean()),
});
export type CheckoutItem = z.infer<typeof CheckoutItemSchema>;

export const CheckoutInfoSchema = z.object({
  /** Which strategy priced this checkout. */
  kind: z.enum(['product', 'cart']),
  /** The product link id or cart reference the widget asked for. */
  ref: z.string(),
  title: text(0, 200),
  /** Total in cents, set by the server. */
  amount: int(0),
  currency: z.literal('BRL'),
  items: z.array(CheckoutItemSchema),
  methods: z.array(PaymentMethodSchema),
  installments: z.array(InstallmentOptionSchema),
  /** How long a PIX code lives, seconds. */
  pixExpiresInSeconds: int(1),
  /** Methods for which the buyer's address is required. */
  addressRequiredFor: z.array(PaymentMethodSchema),
  /** Shipping fee in cents, already included in `amount` (cart mode, from the merchant's resolver). */
  shippingFee: z.optional(int(0)),
  /**
   * Product mode only, when the merchant allows buying more than one: the buyer may pick a quantity
   * from 1 to `max` and send it as `quantity` in `POST /orders`; the order's amount is then
   * `amount * quantity` (the server computes it; `amount` here is for one).
   */
  quantity: z.optional(z.object({ max: int(1, 99) })),
});
export type CheckoutInfo = z.infer<typeof CheckoutInfoSchema>;

export const LayoutSchema = z.object({
  primaryColor: z.nullable(text(0, 64)),
  typography: z.nullable(text(0, 64)),
  logoUrl: z.nullable(text(0, 2048)),
});
export type Layout = z.infer<typeof LayoutSchema>;

export const ConfigResponseSchema = z.object({
  checkout: CheckoutInfoSchema,
  layout: LayoutSchema,
  /** Signed, expiring checkout token; send it back in `X-Checkout-Token`. */
  token: text(16, 4096),
  /** The helper's clock (ISO), for skew correction of countdowns. */
  serverTime: IsoDateSchema,
  /** Optional capabilities the helper offers. */
  features: z.object({ statusStream: z.boolean() }),
});
export type ConfigResponse = z.infer<typeof ConfigResponseSchema>;

// ── POST /orders ──────────────────────────────────────────────────────────────────────────
export const OrderSchema = z.object({
  id: text(1, 128),
  amount: int(0),
  currency: z.literal('BRL'),
  createdAt: IsoDateSchema,
});
export type Order = z.infer<typeof OrderSchema>;

export const CreateOrderResponseSchema = z.object({
  order: OrderSchema,
  /** A new token that carries the order id. */
  token: text(16, 4096),
});
export type CreateOrderResponse = z.infer<typeof CreateOrderResponseSchema>;

// ── POST /orders/:orderId/payments, GET /payments/:id ─────────────────────────────────────
export const PaymentResponseSchema = z.object({
  payment: PaymentSchema,
  serverTime: IsoDateSchema,
});
export type PaymentResponse = z.infer<typeof PaymentResponseSchema>;

// ── GET /cep/:cep ─────────────────────────────────────────────────────────────────────────
export const CepResponseSchema = z.object({
  address: z.object({
    zipCode: z.string(),
    street: z.string(),
    neighborhood: z.string(),
    city: z.string(),
    state: z.string(),
  }),
});
export type CepResponse = z.infer<typeof CepResponseSchema>;

// ── status stream (GET /payments/:id/events) ──────────────────────────────────────────────
/** One server-sent event `data:` line: the current normalised payment. */
export const PaymentEventSchema = PaymentResponseSchema;
