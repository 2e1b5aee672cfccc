/**
 * The helper's HTTP contract (widget <-> merchant helper), design.md section 4.
 * Every request body the helper reads and every response body it writes is validated with these
 * schemas. The responses (and the headers) live in `responses.ts`, re-exported here, which is all
 * the widget loads: the request schemas below are the helper's alone, so they keep zod's detailed
 * checks and messages without weighing on the browser bundle.
 */
import * as z from 'zod/mini';
import { PaymentMethodSchema } from './payment.js';
import type { ErrorCode } from './responses.js';

export * from './responses.js';

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
  order_paid: 409,
  upstream_error: 502,
  upstream_timeout: 504,
  internal_error: 500,
  hostname_not_registered: 502,
  gateway_key_rejected: 502,
  product_unavailable: 404,
  gateway_unreachable: 502,
  origin_not_allowed: 403,
};

// ── POST /orders ──────────────────────────────────────────────────────────────────────────
/** The body is empty: the price comes from the token. Any amount sent is rejected. */
export const CreateOrderRequestSchema = z.strictObject({});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequestSchema>;

// ── POST /orders/:orderId/payments ────────────────────────────────────────────────────────
/**
 * Characters a person's name or address never holds and that can do harm downstream: C0/C1
 * control characters (NUL, line breaks, tabs, escape...), the Unicode line/paragraph separators,
 * and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which
 * make text display differently from what it is.
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
export const UNSAFE_TEXT_MESSAGE = 'Must not contain control characters (such as line breaks) or bidirectional text overrides.';
const safeText = z.refine<string>((v) => !UNSAFE_TEXT.test(v), { error: UNSAFE_TEXT_MESSAGE });
/** Buyer text: trimmed, `min`-`max` characters, no control or bidi-override characters. */
const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max), safeText);

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
  complement: z.optional(z.string().check(z.trim(), z.maxLength(80), safeText)),
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
