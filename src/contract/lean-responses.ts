/**
 * The widget's view of the helper's answers: the same contract as responses.ts and payment.ts
 * (each schema is typed as the contract's type, so a field added there and not here fails the
 * typecheck), built from the smallest set of zod/mini features: `z.object`, `z.array`,
 * `z.optional`, and `z.custom` leaves, one predicate each, accepting what the helper's schema
 * accepts. The helper keeps the full schemas (zod's string, number, enum, literal and nullable
 * types, with their checks) to check what it sends. Once nothing else in the browser bundle builds
 * zod schemas of those kinds, the widget carries none of them.
 */
import * as z from 'zod/mini';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from './lean-values.js';
import type { CardResult, Payment } from './payment.js';
import { ERROR_CODES } from './lean-values.js';
import type { CepResponse, ConfigResponse, CreateOrderResponse, ErrorEnvelope, PaymentResponse } from './responses.js';

/** A leaf: one predicate, one zod type (`$ZodCustom`) for all of them. */
export const leaf = <T>(ok: (v: unknown) => boolean) => z.custom<T>(ok);
export const isString = (v: unknown): v is string => typeof v === 'string';
/** `text(min, max)`, or `z.string()` without bounds. */
export const str = (min = 0, max = Infinity) => leaf<string>((v) => isString(v) && v.length >= min && v.length <= max);
/** `int(min, max)`. */
export const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  leaf<number>((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max);
/** `z.boolean()`. */
export const bool = () => leaf<boolean>((v) => typeof v === 'boolean');
/** `z.enum(values)`, `z.literal(value)`. */
export const oneOf = <const T extends readonly string[]>(values: T) => leaf<T[number]>((v) => (values as readonly unknown[]).includes(v));
/** `pattern(re)`. */
export const matching = (re: RegExp) => leaf<string>((v) => isString(v) && re.test(v));
/** `z.nullable(text(0, max))`. */
export const textOrNull = (max: number) => leaf<string | null>((v) => v === null || (isString(v) && v.length <= max));

/**
 * `isoDateTime()` (zod's `z.regexes.datetime({ offset: true })`): `YYYY-MM-DDTHH:MM:SS[.f+]` then `Z`
 * or `±HH:MM`, with a real calendar day (leap years by the Gregorian rule, year 0 included). The
 * shape is one literal pattern and the day is checked against the month's length, so zod's pattern
 * builders stay out of the bundle.
 */
const ISO = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
export const iso = leaf<string>((v) => {
  const m = isString(v) && ISO.exec(v);
  // Day 0 of the next month is the month's last day; +400 years keeps the leap rule and avoids Date.UTC's 0-99 -> 19xx.
  return !!m && +m[3]! <= new Date(Date.UTC(+m[1]! + 400, +m[2]!, 0)).getUTCDate();
});
const method = oneOf(PAYMENT_METHODS);

/** `CardResultSchema`'s fields. */
export const cardResultShape = { brand: z.optional(str(0, 40)), last4: z.optional(matching(/^\d{4}$/)) };
/** `CardResultSchema`. */
export const LeanCardResultSchema: z.ZodMiniType<CardResult> = z.object(cardResultShape);

export const LeanPaymentSchema: z.ZodMiniType<Payment> = z.object({
  id: str(1, 128),
  orderId: str(1, 128),
  method,
  status: oneOf(PAYMENT_STATUSES),
  amount: integer(0),
  pix: z.optional(z.object({ code: str(20, 1024), expiresAt: iso })),
  boleto: z.optional(
    z.object({
      digitableLine: matching(/^\d{47,48}$/),
      barcode: z.optional(matching(/^\d{44}$/)),
      pdfUrl: z.optional(str(0, 2048)),
      dueDate: matching(/^\d{4}-\d{2}-\d{2}$/),
    }),
  ),
  card: z.optional(LeanCardResultSchema),
  installments: z.optional(integer(1, 24)),
  refusal: z.optional(z.object({ code: str(0, 80), message: str(0, 500) })),
  updatedAt: iso,
});

export const LeanConfigResponseSchema: z.ZodMiniType<ConfigResponse> = z.object({
  checkout: z.object({
    kind: oneOf(['product', 'cart']),
    ref: str(),
    title: str(0, 200),
    amount: integer(0),
    currency: oneOf(['BRL']),
    items: z.array(z.object({ title: str(0, 200), unitPrice: integer(0), quantity: integer(1), tangible: z.optional(bool()) })),
    methods: z.array(method),
    installments: z.array(z.object({ count: integer(1, 24), amount: integer(0), total: integer(0), interest: bool() })),
    pixExpiresInSeconds: integer(1),
    addressRequiredFor: z.array(method),
    shippingFee: z.optional(integer(0)),
    quantity: z.optional(z.object({ max: integer(1, 99) })),
  }),
  layout: z.object({ primaryColor: textOrNull(64), typography: textOrNull(64), logoUrl: textOrNull(2048) }),
  token: str(16, 4096),
  serverTime: iso,
  features: z.object({ statusStream: bool() }),
});

export const LeanCreateOrderResponseSchema: z.ZodMiniType<CreateOrderResponse> = z.object({
  order: z.object({ id: str(1, 128), amount: integer(0), currency: oneOf(['BRL']), createdAt: iso }),
  token: str(16, 4096),
});

/** Also each status event (`PaymentEventSchema` is `PaymentResponseSchema`). */
export const LeanPaymentResponseSchema: z.ZodMiniType<PaymentResponse> = z.object({ payment: LeanPaymentSchema, serverTime: iso });

export const LeanCepResponseSchema: z.ZodMiniType<CepResponse> = z.object({
  address: z.object({ zipCode: str(), street: str(), neighborhood: str(), city: str(), state: str() }),
});

/** The error envelope's `error` alone: a broken `payment` must not hide the code and message. */
export const LeanErrorOnlySchema: z.ZodMiniType<Pick<ErrorEnvelope, 'error'>> = z.object({
  error: z.object({
    code: oneOf(ERROR_CODES),
    message: str(),
    fields: z.optional(z.array(z.object({ path: str(), message: str() }))),
  }),
});
