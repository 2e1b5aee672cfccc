/**
 * The normalised payment model shared by the widget, the helper and the sandbox.
 * Pure schemas (zod/mini, built from the cheap checks of `lean.ts` for the browser bundle); no I/O.
 */
import * as z from 'zod/mini';
import { int, isoDateTime, pattern, text } from './lean.js';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from './lean-values.js';

export {
  FINAL_STATUSES,
  isFinalStatus,
  isSuccessStatus,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  SUCCESS_STATUSES,
} from './lean-values.js';
export type { PaymentMethod, PaymentStatus } from './lean-values.js';

export const PaymentMethodSchema = z.enum(PAYMENT_METHODS);
export const PaymentStatusSchema = z.enum(PAYMENT_STATUSES);

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
