/**
 * The helper's HTTP contract (widget <-> merchant helper), design.md section 4.
 * Every request body the helper reads and every response body it writes is validated with these
 * schemas, on both sides. zod/mini keeps the browser bundle small.
 */
import * as z from 'zod/mini';
import { PaymentMethodSchema, PaymentSchema, IsoDateSchema } from './payment.js';

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
  'upstream_error',
  'upstream_timeout',
  'internal_error',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** HTTP status for each error code. */
export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_token: 401,
  not_found: 404,
  method_not_allowed: 405,
  idempotency_in_flight: 409,
  idempotency_mismatch: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  payment_refused: 402,
  upstream_error: 502,
  upstream_timeout: 504,
  internal_error: 500,
};

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    fields: z.optional(z.array(FieldErrorSchema)),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

// ── GET /config ───────────────────────────────────────────────────────────────────────────
export const InstallmentOptionSchema = z.object({
  count: z.int().check(z.gte(1), z.lte(24)),
  /** Amount of each installment, cents. */
  amount: z.int().check(z.nonnegative()),
  /** Total charged with this plan, cents. */
  total: z.int().check(z.nonnegative()),
  /** True when the plan charges interest (total > price). */
  interest: z.boolean(),
});
export type InstallmentOption = z.infer<typeof InstallmentOptionSchema>;

export const CheckoutItemSchema = z.object({
  title: z.string().check(z.maxLength(200)),
  unitPrice: z.int().check(z.nonnegative()),
  quantity: z.int().check(z.positive()),
});
export type CheckoutItem = z.infer<typeof CheckoutItemSchema>;

export const CheckoutInfoSchema = z.object({
  /** Which strategy priced this checkout. */
  kind: z.enum(['product', 'cart']),
  /** The product link id or cart reference the widget asked for. */
  ref: z.string(),
  title: z.string().check(z.maxLength(200)),
  /** Total in cents, set by the server. */
  amount: z.int().check(z.nonnegative()),
  currency: z.literal('BRL'),
  items: z.array(CheckoutItemSchema),
  methods: z.array(PaymentMethodSchema),
  installments: z.array(InstallmentOptionSchema),
  /** How long a PIX code lives, seconds. */
  pixExpiresInSeconds: z.int().check(z.positive()),
  /** Methods for which the buyer's address is required. */
  addressRequiredFor: z.array(PaymentMethodSchema),
});
export type CheckoutInfo = z.infer<typeof CheckoutInfoSchema>;

export const LayoutSchema = z.object({
  primaryColor: z.nullable(z.string().check(z.maxLength(64))),
  typography: z.nullable(z.string().check(z.maxLength(64))),
  logoUrl: z.nullable(z.string().check(z.maxLength(2048))),
});
export type Layout = z.infer<typeof LayoutSchema>;

export const ConfigResponseSchema = z.object({
  checkout: CheckoutInfoSchema,
  layout: LayoutSchema,
  /** Signed, expiring checkout token; send it back in `X-Checkout-Token`. */
  token: z.string().check(z.minLength(16), z.maxLength(4096)),
  /** The helper's clock (ISO), for skew correction of countdowns. */
  serverTime: IsoDateSchema,
  /** Optional capabilities the helper offers. */
  features: z.object({ statusStream: z.boolean() }),
});
export type ConfigResponse = z.infer<typeof ConfigResponseSchema>;

// ── POST /orders ──────────────────────────────────────────────────────────────────────────
/** The body is empty: the price comes from the token. Any amount sent is rejected. */
export const CreateOrderRequestSchema = z.strictObject({});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequestSchema>;

export const OrderSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  amount: z.int().check(z.nonnegative()),
  currency: z.literal('BRL'),
  createdAt: IsoDateSchema,
});
export type Order = z.infer<typeof OrderSchema>;

export const CreateOrderResponseSchema = z.object({
  order: OrderSchema,
  /** A new token that carries the order id. */
  token: z.string().check(z.minLength(16), z.maxLength(4096)),
});
export type CreateOrderResponse = z.infer<typeof CreateOrderResponseSchema>;

// ── POST /orders/:orderId/payments ────────────────────────────────────────────────────────
const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

export const CustomerSchema = z.strictObject({
  name: trimmed(2, 120),
  email: z.string().check(z.trim(), z.maxLength(160), z.email()),
  /** Digits only, DDD + number (10-11 digits). */
  phone: z.string().check(z.regex(/^\d{10,11}$/)),
  /** CPF (11 digits) or CNPJ (14 chars, alphanumeric allowed in the first 12), no punctuation. */
  document: z.string().check(z.regex(/^(\d{11}|[0-9A-Z]{12}\d{2})$/)),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const AddressSchema = z.strictObject({
  zipCode: z.string().check(z.regex(/^\d{8}$/)),
  street: trimmed(1, 160),
  streetNumber: trimmed(1, 20),
  complement: z.optional(z.string().check(z.trim(), z.maxLength(80))),
  neighborhood: trimmed(1, 80),
  city: trimmed(1, 80),
  state: z.string().check(z.regex(/^[A-Z]{2}$/)),
});
export type Address = z.infer<typeof AddressSchema>;

export const CardInputSchema = z.strictObject({
  number: z.string().check(z.regex(/^\d{12,19}$/)),
  holderName: trimmed(2, 80),
  expMonth: z.int().check(z.gte(1), z.lte(12)),
  expYear: z.int().check(z.gte(2000), z.lte(2100)),
  cvv: z.string().check(z.regex(/^\d{3,4}$/)),
});
export type CardInput = z.infer<typeof CardInputSchema>;

export const CreatePaymentRequestSchema = z.strictObject({
  method: PaymentMethodSchema,
  customer: CustomerSchema,
  address: z.optional(AddressSchema),
  card: z.optional(CardInputSchema),
  installments: z.optional(z.int().check(z.gte(1), z.lte(24))),
});
export type CreatePaymentRequest = z.infer<typeof CreatePaymentRequestSchema>;

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
