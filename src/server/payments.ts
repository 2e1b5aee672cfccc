/**
 * Where the helper keeps what it knows about each payment it created: the normalised payment
 * (PIX code, boleto line, card brand/last digits, status) and the checkout it belongs to. Never
 * card numbers or CVVs. In memory by default; the interface is small so Redis can replace it.
 */
import type { Payment, PaymentStatus } from '../contract/payment.js';

export interface PaymentRecord {
  payment: Payment;
  /** The checkout (token `jti`) that created it. */
  checkoutId: string;
  /** Gateway transaction id used for status look-ups (usually `payment.id`). */
  gatewayId: string;
  createdAt: string;
  /** The merchant's reference for the order (cart ref or its own order id), when it gave one. */
  merchantRef?: string | undefined;
  /** True when another payment of the same order was already PAID/AUTHORIZED when this one was. */
  duplicate?: boolean | undefined;
}

/**
 * Statuses the helper keeps re-checking at the gateway in the background (a PIX paid after the
 * buyer closed the tab, a card still processing, a locally expired PIX paid in its last second).
 */
export const RECONCILABLE_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>([
  'WAITING_PAYMENT',
  'PROCESSING',
  'AUTHORIZED',
  'EXPIRED',
]);
export const isReconcilable = (s: PaymentStatus): boolean => RECONCILABLE_STATUSES.has(s);

export interface PaymentStore {
  get(id: string): Promise<PaymentRecord | undefined>;
  put(record: PaymentRecord): Promise<void>;
  /** Every payment created for an order, oldest first. */
  listByOrder(orderId: string): Promise<PaymentRecord[]>;
  /**
   * Payments whose status `isReconcilable`, oldest first, at most `limit` (the background
   * re-check). A store keeps this as an index updated on every `put`.
   */
  listOpen(limit: number): Promise<PaymentRecord[]>;
  close?(): Promise<void>;
}

export interface MemoryPaymentStoreOptions {
  /** Records older than this are forgotten. Default 48 h. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function createMemoryPaymentStore(opts: MemoryPaymentStoreOptions = {}): PaymentStore {
  const ttlMs = opts.ttlMs ?? 48 * 3_600_000;
  const maxEntries = opts.maxEntries ?? 100_000;
  const now = opts.now ?? Date.now;
  const byId = new Map<string, { record: PaymentRecord; at: number }>();
  const byOrder = new Map<string, string[]>();

  function drop(id: string): void {
    const e = byId.get(id);
    if (!e) return;
    byId.delete(id);
    const list = byOrder.get(e.record.payment.orderId);
    if (list) {
      const rest = list.filter((x) => x !== id);
      if (rest.length) byOrder.set(e.record.payment.orderId, rest);
      else byOrder.delete(e.record.payment.orderId);
    }
  }
  function sweep(): void {
    const limit = now() - ttlMs;
    for (const [id, e] of byId) {
      if (e.at < limit || byId.size > maxEntries) drop(id);
      else break; // insertion order ~ age order
    }
  }

  return {
    async get(id) {
      const e = byId.get(id);
      if (!e) return undefined;
      if (e.at < now() - ttlMs) {
        drop(id);
        return undefined;
      }
      return structuredClone(e.record);
    },
    async put(record) {
      const id = record.payment.id;
      const prev = byId.get(id);
      byId.set(id, { record: structuredClone(record), at: prev?.at ?? now() });
      if (!prev) {
        const list = byOrder.get(record.payment.orderId) ?? [];
        list.push(id);
        byOrder.set(record.payment.orderId, list);
        sweep();
      }
    },
    async listByOrder(orderId) {
      const ids = byOrder.get(orderId) ?? [];
      return ids.flatMap((id) => {
        const e = byId.get(id);
        return e ? [structuredClone(e.record)] : [];
      });
    },
    async listOpen(limit) {
      const out: PaymentRecord[] = [];
      const old = now() - ttlMs;
      for (const e of byId.values()) {
        if (out.length >= limit) break;
        if (e.at >= old && isReconcilable(e.record.payment.status)) out.push(structuredClone(e.record));
      }
      return out;
    },
    async close() {
      byId.clear();
      byOrder.clear();
    },
  };
}

// ── status transitions ────────────────────────────────────────────────────────────────────

const PENDING: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['WAITING_PAYMENT', 'PROCESSING']);
const POST_PAYMENT: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['REFUNDED', 'CHARGEDBACK', 'IN_PROTEST']);

/**
 * Monotonic status machine: pending -> paid/authorized -> refunded/chargeback, and
 * pending -> refused/canceled/expired. A locally inferred EXPIRED may still become PAID (a PIX paid
 * in its last second). Anything else that would move a payment backwards is ignored.
 */
export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  if (from === to) return false;
  if (PENDING.has(from)) {
    if (from === 'PROCESSING' && to === 'WAITING_PAYMENT') return false;
    return true;
  }
  switch (from) {
    case 'AUTHORIZED':
      return to === 'PAID' || to === 'CANCELED' || POST_PAYMENT.has(to);
    case 'PAID':
      return POST_PAYMENT.has(to);
    case 'EXPIRED':
      return to === 'PAID' || to === 'AUTHORIZED';
    case 'IN_PROTEST':
      return to === 'REFUNDED' || to === 'CHARGEDBACK';
    default:
      return false; // REFUSED, CANCELED, REFUNDED, CHARGEDBACK are final
  }
}

/** The status to keep when `incoming` is observed for a payment currently `current`. */
export function nextStatus(current: PaymentStatus, incoming: PaymentStatus): PaymentStatus {
  return canTransition(current, incoming) ? incoming : current;
}
