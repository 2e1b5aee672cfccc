/**
 * The widget's view of the helper's answers: the same contract as responses.ts and payment.ts
 * (each schema is typed as the contract's type, so a field added there and not here fails the
 * typecheck), built from the smallest set of zod features: zod's core object, array, optional and
 * custom types, and `custom` leaves, one predicate each, accepting what the helper's schema
 * accepts. They are zod's own core schemas, run by zod's `safeParse`, without the zod/mini wrapper
 * classes (whose methods — check, clone, register, async parsing... — the widget never calls). The
 * helper keeps the full schemas (zod's string, number, enum, literal and nullable types, with their
 * checks) to check what it sends.
 */
import { $ZodArray, $ZodCustom, $ZodObject, $ZodOptional, safeParse } from 'zod/v4/core';
import type { $ZodShape, $ZodType } from 'zod/v4/core';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from './lean-values.js';
import type { Payment } from './payment.js';
import { ERROR_CODES } from './lean-values.js';
import type { CepResponse, ConfigResponse, CreateOrderResponse, ErrorEnvelope, PaymentResponse } from './responses.js';

/** A lean schema whose parsed value is a `T`. */
export type Lean<T> = $ZodType<T>;
/**
 * A schema made on its first use, then kept: what the modules export. Making the widget's hundred
 * or so zod schemas was most of the work of evaluating its module, in the page's longest task
 * (design.md section 7); made on demand, the first check pays it, in the task that reads an answer.
 */
export type LazyLean<T> = () => Lean<T>;
export const lazy = <T>(make: () => Lean<T>): LazyLean<T> => {
  let schema: Lean<T> | undefined;
  return () => (schema ??= make());
};
/** Validates `value` with zod (`safeParse` of zod's core): `{ success: true, data }` or `{ success: false, error }`. */
export const check = <T>(schema: Lean<T> | LazyLean<T>, value: unknown): { success: true; data: T } | { success: false; error: unknown } =>
  safeParse(typeof schema === 'function' ? schema() : schema, value);

/** `object(shape)`: unknown keys are stripped. */
export const object = <S extends $ZodShape>(shape: S) => new $ZodObject({ type: 'object', shape }) as $ZodObject<S>;
/** `array(element)`. */
export const array = <T extends $ZodType>(element: T) => new $ZodArray({ type: 'array', element }) as $ZodArray<T>;
/** `optional(inner)`. */
export const optional = <T extends $ZodType>(innerType: T) => new $ZodOptional({ type: 'optional', innerType }) as $ZodOptional<T>;
/** A leaf: one predicate, one zod type (`$ZodCustom`) for all of them (`z.custom(ok)`). */
export const leaf = <T>(ok: (v: unknown) => boolean) => new $ZodCustom({ type: 'custom', check: 'custom', fn: ok, abort: true }) as unknown as Lean<T>;
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

/** `CardResultSchema`'s fields (made anew on each call). */
export const cardResultShape = () => ({ brand: optional(str(0, 40)), last4: optional(matching(/^\d{4}$/)) });

export const LeanPaymentSchema: LazyLean<Payment> = lazy(() => object({
  id: str(1, 128),
  orderId: str(1, 128),
  method,
  status: oneOf(PAYMENT_STATUSES),
  amount: integer(0),
  pix: optional(object({ code: str(20, 1024), expiresAt: iso })),
  boleto: optional(
    object({
      digitableLine: matching(/^\d{47,48}$/),
      barcode: optional(matching(/^\d{44}$/)),
      pdfUrl: optional(str(0, 2048)),
      dueDate: matching(/^\d{4}-\d{2}-\d{2}$/),
    }),
  ),
  card: optional(object(cardResultShape())),
  installments: optional(integer(1, 24)),
  refusal: optional(object({ code: str(0, 80), message: str(0, 500) })),
  updatedAt: iso,
}));

export const LeanConfigResponseSchema: LazyLean<ConfigResponse> = lazy(() =>
  object({
  checkout: object({
    kind: oneOf(['product', 'cart']),
    ref: str(),
    title: str(0, 200),
    amount: integer(0),
    currency: oneOf(['BRL']),
    items: array(object({ title: str(0, 200), unitPrice: integer(0), quantity: integer(1), tangible: optional(bool()) })),
    methods: array(method),
    installments: array(object({ count: integer(1, 24), amount: integer(0), total: integer(0), interest: bool() })),
    pixExpiresInSeconds: integer(1),
    addressRequiredFor: array(method),
    shippingFee: optional(integer(0)),
    quantity: optional(object({ max: integer(1, 99) })),
  }),
  layout: object({ primaryColor: textOrNull(64), typography: textOrNull(64), logoUrl: textOrNull(2048) }),
  token: str(16, 4096),
  serverTime: iso,
  features: object({ statusStream: bool() }),
  }),
);

export const LeanCreateOrderResponseSchema: LazyLean<CreateOrderResponse> = lazy(() =>
  object({
  order: object({ id: str(1, 128), amount: integer(0), currency: oneOf(['BRL']), createdAt: iso }),
  token: str(16, 4096),
  }),
);

/** Also each status event (`PaymentEventSchema` is `PaymentResponseSchema`). */
export const LeanPaymentResponseSchema: LazyLean<PaymentResponse> = lazy(() => object({ payment: LeanPaymentSchema(), serverTime: iso }));

export const LeanCepResponseSchema: LazyLean<CepResponse> = lazy(() =>
  object({
  address: object({ zipCode: str(), street: str(), neighborhood: str(), city: str(), state: str() }),
  }),
);

/** The error envelope's `error` alone: a broken `payment` must not hide the code and message. */
export const LeanErrorOnlySchema: LazyLean<Pick<ErrorEnvelope, 'error'>> = lazy(() =>
  object({
  error: object({
    code: oneOf(ERROR_CODES),
    message: str(),
    fields: optional(array(object({ path: str(), message: str() }))),
  }),
  }),
);
