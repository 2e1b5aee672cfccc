/**
 * Resume after reload: what one checkout must remember across a reload, in sessionStorage.
 * - An OPEN payment: `{ orderId, paymentId, method, token, savedAt }` so the widget follows the
 *   same payment again (no new order, no new payment).
 * - A PAID outcome: the same ids plus `paid: { status, amount, installments?, card?: { brand?, last4? }, paidAt }`
 *   so a reload after paying shows the confirmation (re-read when the helper still answers, else
 *   from this record) and never a fresh form that invites a second payment.
 * NOTHING else: no customer data, never card data (the card's brand and last 4 digits at most,
 * as the helper returned them). The key is scoped to the helper endpoint and the product/cart, so
 * two checkouts on one page do not mix; the paid confirmation therefore stays for that
 * product/cart in this tab until the merchant calls `reset()` on the element (or the record ages
 * out). A record is validated on read and dropped when it is broken or stale (older than
 * `maxAgeMs`, 24 h by default); a refused, cancelled or expired payment drops it.
 * Storage failures (Safari private mode, disabled storage, quota) are swallowed: resume is a
 * convenience, never a reason to break the checkout.
 */
import { isFinalStatus, isSuccessStatus, PAYMENT_METHODS } from '../contract/lean-values.js';
import { cardResultShape, check, integer, iso, lazy, leaf, object, oneOf, optional, str } from '../contract/lean-responses.js';
import type { $ZodShape } from 'zod/v4/core';
import type { CardResult, Payment, PaymentMethod } from '../contract/payment.js';

export const RESUME_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** What a paid outcome keeps: enough to show the confirmation again, nothing of the buyer. */
export interface PaidSummary {
  status: 'PAID' | 'AUTHORIZED';
  /** Cents the gateway charged (`payment.amount`, installment interest included). */
  amount: number;
  installments?: number | undefined;
  /** The card's brand and last 4 digits as the helper returned them (never more of the card). */
  card?: CardResult | undefined;
  /** When the payment reached its paid status (`payment.updatedAt`, ISO). */
  paidAt: string;
}

export interface ResumeRecord {
  orderId: string;
  paymentId: string;
  method: PaymentMethod;
  token: string;
  savedAt: number;
  /** Present once the payment was paid or authorised. */
  paid?: PaidSummary | undefined;
}

/**
 * A record read back is strict: an object with a key the schema does not name (something stored
 * by another version, or tampered with) is refused, not stripped. One leaf: the keys, then the
 * object schema built from the lean leaves (lean-responses.ts), so resume adds no zod type to the
 * widget bundle. Having no unknown key, a valid record is its own parsed value.
 */
const strict = <T>(shape: $ZodShape) => {
  const schema = object(shape);
  const keys = Object.keys(shape);
  return leaf<T>((v) => !!v && typeof v === 'object' && Object.keys(v).every((k) => keys.includes(k)) && check(schema, v).success);
};

const paidSummary = () =>
  strict<PaidSummary>({
    status: oneOf(['PAID', 'AUTHORIZED']),
    amount: integer(0),
    installments: optional(integer(1, 24)),
    card: optional(strict<CardResult>(cardResultShape())),
    paidAt: iso,
  });

/** Made on its first use (see `lazy`). */
export const PaidSummarySchema = lazy(paidSummary);

export const ResumeRecordSchema = lazy(() =>
  strict<ResumeRecord>({
    orderId: str(1, 128),
    paymentId: str(1, 128),
    method: oneOf(PAYMENT_METHODS),
    token: str(16, 4096),
    savedAt: leaf<number>((v) => typeof v === 'number' && Number.isFinite(v)),
    paid: optional(PaidSummarySchema()),
  }),
);

/** The paid payment a paid record stands for (what the confirmation shows when it cannot be re-read). */
export function rememberedPayment(r: ResumeRecord & { paid: PaidSummary }): Payment {
  const { paidAt, ...paid } = r.paid;
  return { id: r.paymentId, orderId: r.orderId, method: r.method, ...paid, updatedAt: paidAt };
}

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
  /**
   * Follows a payment: saves it while open, remembers it (as a paid record) once paid or
   * authorised, drops the record at any other final status (refused, cancelled, expired...).
   */
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

  const write = (record: ResumeRecord) => {
    // Only a record the schema accepts is written (built field by field below, it has no other key).
    const parsed = check(ResumeRecordSchema, record);
    if (!parsed.success) return;
    try {
      storage()?.setItem(key, JSON.stringify(parsed.data));
    } catch {
      /* private mode or quota: resume simply will not work */
    }
  };

  // Records are built field by field so nothing else (customer, card) can slip in.
  const save: ResumeStore['save'] = (r) =>
    write({ orderId: r.orderId, paymentId: r.paymentId, method: r.method, token: r.token, savedAt: now() });

  const savePaid = (p: Payment, token: string) => {
    const c = p.card;
    const card = c && { brand: c.brand, last4: c.last4 };
    const paid = { status: p.status as PaidSummary['status'], amount: p.amount, installments: p.installments, card, paidAt: p.updatedAt };
    write({ orderId: p.orderId, paymentId: p.id, method: p.method, token, savedAt: now(), paid });
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
      const parsed = check(ResumeRecordSchema, json);
      const age = parsed.success ? now() - parsed.data.savedAt : Infinity;
      if (!parsed.success || age > maxAgeMs || age < -maxAgeMs) {
        clear();
        return undefined;
      }
      return parsed.data;
    },
    save,
    track(payment, token) {
      if (isSuccessStatus(payment.status)) savePaid(payment, token);
      else if (isFinalStatus(payment.status)) clear();
      else save({ orderId: payment.orderId, paymentId: payment.id, method: payment.method, token });
    },
    clear,
  };
}
