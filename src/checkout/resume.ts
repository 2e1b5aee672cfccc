/**
 * Resume after reload: the ids of the open payment of one checkout, in sessionStorage.
 * Stored: `{ orderId, paymentId, method, token, savedAt }` and NOTHING else (no customer data,
 * never card data). The key is scoped to the helper endpoint and the product/cart, so two
 * checkouts on one page do not mix. A record is validated on read and dropped when it is broken,
 * stale (older than `maxAgeMs`, 24 h by default) or when its payment reached a final status.
 * Storage failures (Safari private mode, disabled storage, quota) are swallowed: resume is a
 * convenience, never a reason to break the checkout.
 */
import * as z from 'zod/mini';
import { isFinalStatus, PaymentMethodSchema } from '../contract/payment.js';
import { text } from '../contract/lean.js';
import type { Payment, PaymentMethod } from '../contract/payment.js';

export const RESUME_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const id = text(1, 128);
export const ResumeRecordSchema = z.strictObject({
  orderId: id,
  paymentId: id,
  method: PaymentMethodSchema,
  token: text(16, 4096),
  savedAt: z.number(),
});
export type ResumeRecord = z.infer<typeof ResumeRecordSchema>;

export interface ResumeStoreOptions {
  endpoint: string;
  product?: string | null;
  cart?: string | null;
  /** Defaults to `sessionStorage` (looked up lazily; its absence or a SecurityError disables resume). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  now?: () => number;
  maxAgeMs?: number;
}

export interface ResumeStore {
  readonly key: string;
  /** The saved record, or undefined (missing, unreadable, invalid or stale ones are dropped). */
  read(): ResumeRecord | undefined;
  save(record: { orderId: string; paymentId: string; method: PaymentMethod; token: string }): void;
  /** Saves an open payment; drops the record once the payment reached a final status. */
  track(payment: Payment, token: string): void;
  clear(): void;
}

export function resumeKey(endpoint: string, ref: { product?: string | null; cart?: string | null }): string {
  const scope = ref.product ? `product:${ref.product}` : `cart:${ref.cart ?? ''}`;
  return `bynet-checkout:resume:${endpoint}|${scope}`;
}

function defaultStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined {
  try {
    return (globalThis as { sessionStorage?: Storage }).sessionStorage;
  } catch {
    return undefined;
  }
}

export function createResumeStore(options: ResumeStoreOptions): ResumeStore {
  const key = resumeKey(options.endpoint, options);
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? RESUME_MAX_AGE_MS;
  const storage = () => options.storage ?? defaultStorage();

  const clear = () => {
    try {
      storage()?.removeItem(key);
    } catch {
      /* storage unavailable */
    }
  };

  const save: ResumeStore['save'] = (r) => {
    // Build the record field by field so nothing else can slip in.
    const record: ResumeRecord = { orderId: r.orderId, paymentId: r.paymentId, method: r.method, token: r.token, savedAt: now() };
    if (!ResumeRecordSchema.safeParse(record).success) return;
    try {
      storage()?.setItem(key, JSON.stringify(record));
    } catch {
      /* private mode or quota: resume simply will not work */
    }
  };

  return {
    key,
    read() {
      let raw: string | null | undefined;
      try {
        raw = storage()?.getItem(key);
      } catch {
        return undefined;
      }
      if (!raw) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        clear();
        return undefined;
      }
      const parsed = ResumeRecordSchema.safeParse(json);
      const age = parsed.success ? now() - parsed.data.savedAt : Infinity;
      if (!parsed.success || age > maxAgeMs || age < -maxAgeMs) {
        clear();
        return undefined;
      }
      return parsed.data;
    },
    save,
    track(payment, token) {
      if (isFinalStatus(payment.status)) clear();
      else save({ orderId: payment.orderId, paymentId: payment.id, method: payment.method, token });
    },
    clear,
  };
}
