/**
 * The normalised payment model shared by the widget, the helper and the sandbox.
 * Pure schemas (zod/mini, built from the cheap checks of `lean.ts` for the browser bundle); no I/O.
 */
import * as z from 'zod/mini';
import { int, isoDateTime, pattern, text } from './lean.js';

export const PAYMENT_METHODS = ['PIX', 'BOLETO', 'CREDIT_CARD'] as const;
export const PaymentMethodSchema = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

/** The gateway's status enum (case-normalised) plus `EXPIRED` for a PIX/boleto past its expiry. */
export const PAYMENT_STATUSES = [
  'WAITING_PAYMENT',
  'PROCESSING',
  'AUTHORIZED',
  'PAID',
  'REFUSED',
  'CANCELED',
  'REFUNDED',
  'CHARGEDBACK',
  'IN_PROTEST',
  'EXPIRED',
] as const;
export const PaymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

/** Statuses after which the buyer's checkout is over (no more polling). */
export const FINAL_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>([
  'PAID',
  'AUTHORIZED',
  'REFUSED',
  'CANCELED',
  'REFUNDED',
  'CHARGEDBACK',
  'IN_PROTEST',
  'EXPIRED',
]);
/** Statuses that mean the money is (or will be) the merchant's. */
export const SUCCESS_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['PAID', 'AUTHORIZED']);

export const isFinalStatus = (s: PaymentStatus): boolean => FINAL_STATUSES.has(s);
export const isSuccessStatus = (s: PaymentStatus): boolean => SUCCESS_STATUSES.has(s);

/**
 * Maps a raw gateway status string (any casing, `waiting_payment`, `paid`, ...) to the closed enum.
 * Unknown strings return `undefined`; callers decide what that means.
 */
export function normalizeStatus(raw: unknown): PaymentStatus | undefined {
  if (typeof raw !== 'string') return undefined;
  const up = raw.trim().toUpperCase().replace(/[\s-]+/g, '_');
  const alias: Record<string, PaymentStatus> = { CANCELLED: 'CANCELED', PENDING: 'WAITING_PAYMENT', APPROVED: 'PAID' };
  const s = alias[up] ?? up;
  return (PAYMENT_STATUSES as readonly string[]).includes(s) ? (s as PaymentStatus) : undefined;
}

export const IsoDateSchema = isoDateTime();

export const PixDataSchema = z.object({
  /** The BR Code ("copia e cola") EMV string. */
  code: text(20, 1024),
  /** ISO-8601 instant after which the code can no longer be paid. */
  expiresAt: IsoDateSchema,
});
export type PixData = z.infer<typeof PixDataSchema>;

export const BoletoDataSchema = z.object({
  /** 47-digit "linha digitável" (digits only). */
  digitableLine: pattern(/^\d{47,48}$/),
  /** 44-digit barcode (digits only). */
  barcode: z.optional(pattern(/^\d{44}$/)),
  pdfUrl: z.optional(text(0, 2048)),
  /** Due date, `YYYY-MM-DD`. */
  dueDate: pattern(/^\d{4}-\d{2}-\d{2}$/),
});
export type BoletoData = z.infer<typeof BoletoDataSchema>;

export const CardResultSchema = z.object({
  brand: z.optional(text(0, 40)),
  last4: z.optional(pattern(/^\d{4}$/)),
});
export type CardResult = z.infer<typeof CardResultSchema>;

export const RefusalSchema = z.object({
  code: text(0, 80),
  message: text(0, 500),
});
export type Refusal = z.infer<typeof RefusalSchema>;

export const PaymentSchema = z.object({
  id: text(1, 128),
  orderId: text(1, 128),
  method: PaymentMethodSchema,
  status: PaymentStatusSchema,
  /** Integer cents (BRL). */
  amount: int(0),
  pix: z.optional(PixDataSchema),
  boleto: z.optional(BoletoDataSchema),
  card: z.optional(CardResultSchema),
  installments: z.optional(int(1, 24)),
  refusal: z.optional(RefusalSchema),
  updatedAt: IsoDateSchema,
});
export type Payment = z.infer<typeof PaymentSchema>;
