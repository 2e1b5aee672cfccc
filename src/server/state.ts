/**
 * Everything the helper keeps between requests, behind one small bundle so that several helper
 * instances can share it: idempotency records, payment records, per-key locks, rate-limit
 * counters, short-lived flags (webhook dedupe, status-poll throttle) and the status fan-out bus.
 *
 * `createMemoryState()` is the default (one process). `createRedisState()` (redis.ts) puts all of
 * it in Redis, for several instances behind a load balancer.
 */
import type { Payment, PaymentMethod, PaymentStatus } from '../contract/payment.js';
import { HttpError } from './http.js';
import { createMemoryIdempotencyStore } from './idempotency.js';
import type { IdempotencyStore, StoredResponse } from './idempotency.js';
import { createKeyedLock } from './lock.js';
import { createMemoryPaymentStore } from './payments.js';
import type { PaymentStore } from './payments.js';
import { createRateLimiter } from './rate-limit.js';
import type { RateLimiter } from './rate-limit.js';

/** Short-lived string flags with a time to live (SET NX PX semantics). */
export interface FlagStore {
  /** Sets `key` only when absent; true when this caller set it. `ttlMs <= 0` always claims. */
  claim(key: string, ttlMs: number, value?: string): Promise<boolean>;
  /** Sets `key` whatever it held. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
}

/** Runs `task` while holding `key` in every instance sharing the state. */
export type SharedLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** Status changes fanned out to every instance (the status streams live on any of them). */
export interface StatusBus {
  /** Tells the other instances about a change made here. Never throws. */
  publish(payment: Payment): void;
  /** Receives changes made by OTHER instances. Returns the unsubscribe function. */
  subscribe(listener: (payment: Payment) => void): () => void;
  /** Resolves once remote changes are being received (immediately for a local bus). */
  ready(): Promise<void>;
}

/**
 * What the helper knows of an order it created. Everything here can be rebuilt from the signed
 * checkout token and the gateway; the record makes postbacks for the order adoptable and lost
 * create answers reconcilable.
 */
export interface OrderRecord {
  orderId: string;
  /** The checkout (token `jti`) that created it. */
  checkoutId: string;
  kind: 'product' | 'cart';
  /** Product link id or cart reference. */
  ref: string;
  /** Price in cents (before installment interest). */
  amount: number;
  merchantRef?: string | undefined;
  createdAt: string;
  /**
   * A payment create sent to the gateway whose answer has not been seen yet (set before the call,
   * cleared after a definite answer). While set, the order's transactions are looked up at the
   * gateway before anything is answered or created again.
   */
  pendingCreate?: { method: PaymentMethod; startedAt: string } | undefined;
}

export interface OrderStore {
  get(orderId: string): Promise<OrderRecord | undefined>;
  /** Inserts or replaces. */
  put(record: OrderRecord): Promise<void>;
}

/** What `onPaymentUpdate` receives: one status change of one payment. */
export interface PaymentUpdate {
  /** `<paymentId>:<status>`: stable across retries, restarts and instances (dedupe on it). */
  eventId: string;
  orderId: string;
  paymentId: string;
  method: PaymentMethod;
  status: PaymentStatus;
  /** The status before this change; null when the payment was just created (or adopted). */
  previousStatus: PaymentStatus | null;
  /** Cents the gateway charges for this payment (installment interest included). */
  amount: number;
  installments: number | null;
  merchantRef: string | null;
  /** True when another payment of the same order had already been paid: refund one of them. */
  duplicate: boolean;
  /** When the helper observed the change (ISO). */
  occurredAt: string;
  /** What revealed the change. */
  source: 'created' | 'poll' | 'webhook' | 'reconcile' | 'expiry' | 'recovered';
}

/** A lifecycle event waiting for (or retrying) delivery to the merchant's hook. */
export interface OutboxEvent {
  eventId: string;
  update: PaymentUpdate;
  /** Failed deliveries so far. */
  attempts: number;
  /** Epoch ms before which it is not retried. */
  nextAt: number;
  lastError?: string | undefined;
}

/**
 * The hook's delivery queue. `add` is idempotent on `eventId` for as long as the id is
 * remembered (delivered ids are kept for `retentionMs`, default 30 days), so a status change seen
 * by a poll, a postback and a reconciliation at once is delivered once.
 */
export interface Outbox {
  /** Queues the event unless this id was queued before; true when queued now. */
  add(update: PaymentUpdate, now: number): Promise<boolean>;
  /** Queued events with `nextAt <= now`, oldest first, at most `limit`. */
  due(now: number, limit: number): Promise<OutboxEvent[]>;
  /** Delivered: leaves the queue; the id stays remembered. */
  ack(eventId: string): Promise<void>;
  /** Delivery failed: counts the attempt and waits until `nextAt`. */
  retry(eventId: string, nextAt: number, error?: string): Promise<void>;
  /** Events still queued (health checks, tests). */
  size(): Promise<number>;
}

export interface HelperState {
  readonly kind: 'memory' | 'redis' | 'durable';
  idempotency: IdempotencyStore;
  payments: PaymentStore;
  orders: OrderStore;
  outbox: Outbox;
  lock: SharedLock;
  rateLimiter: RateLimiter;
  flags: FlagStore;
  bus: StatusBus;
  /**
   * Optional: stores `writes.orders` and completes the idempotency record `complete.key` (claimed
   * through this state's `idempotency`) with its answer in ONE durable commit: all of it or none,
   * resolved once it is durable. Without it, the helper puts the orders one by one, then completes.
   */
  commit?(writes: StateWrites, complete: { key: string; response: StoredResponse }): Promise<void>;
  /** Releases what the state itself opened (never a client the merchant passed in). */
  close(): Promise<void>;
}

/** Records a route leaves to the end of its idempotent run, committed with its stored answer. */
export interface StateWrites {
  orders: OrderRecord[];
}

export interface MemoryStateOptions {
  now?: () => number;
  idempotency?: IdempotencyStore;
  payments?: PaymentStore;
}

/** The shared store (Redis) failed; answered as a temporary `upstream_error`, details in logs. */
export class StateUnavailableError extends Error {
  override readonly name = 'StateUnavailableError';
}

/** Thrown when a shared lock cannot be taken in time (another instance holds it). */
export function lockBusy(): HttpError {
  return new HttpError('idempotency_in_flight', 'Another request for this order is still running. Retry shortly.', {
    headers: { 'retry-after': '1' },
  });
}

export function createMemoryFlagStore(now: () => number = Date.now, maxEntries = 100_000): FlagStore {
  const map = new Map<string, { value: string; exp: number }>();
  let ops = 0;
  const live = (key: string) => {
    const e = map.get(key);
    if (!e) return undefined;
    if (e.exp <= now()) {
      map.delete(key);
      return undefined;
    }
    return e;
  };
  const sweep = () => {
    const t = now();
    for (const [k, e] of map) if (e.exp <= t) map.delete(k);
    while (map.size > maxEntries) {
      const first = map.keys().next();
      if (first.done) break;
      map.delete(first.value);
    }
  };
  const put = (key: string, value: string, ttlMs: number) => {
    if (++ops % 512 === 0 || map.size > maxEntries) sweep();
    map.delete(key); // re-insert: insertion order stays ~ age order
    map.set(key, { value, exp: now() + ttlMs });
  };
  return {
    async claim(key, ttlMs, value = '1') {
      if (ttlMs <= 0) return true;
      if (live(key)) return false;
      put(key, value, ttlMs);
      return true;
    },
    async set(key, value, ttlMs) {
      if (ttlMs <= 0) {
        map.delete(key);
        return;
      }
      put(key, value, ttlMs);
    },
    async get(key) {
      return live(key)?.value;
    },
    async delete(key) {
      map.delete(key);
    },
  };
}

export function createMemoryOrderStore(now: () => number = Date.now, ttlMs = 7 * 86_400_000, maxEntries = 100_000): OrderStore {
  const map = new Map<string, { record: OrderRecord; at: number }>();
  return {
    async get(orderId) {
      const e = map.get(orderId);
      if (!e) return undefined;
      if (e.at < now() - ttlMs) {
        map.delete(orderId);
        return undefined;
      }
      return structuredClone(e.record);
    },
    async put(record) {
      const prev = map.get(record.orderId);
      map.set(record.orderId, { record: structuredClone(record), at: prev?.at ?? now() });
      if (!prev && map.size > maxEntries) {
        const first = map.keys().next();
        if (!first.done) map.delete(first.value);
      }
    },
  };
}

export function createMemoryOutbox(retentionMs = 30 * 86_400_000, maxRemembered = 200_000): Outbox {
  const queue = new Map<string, OutboxEvent>();
  const seen = new Map<string, number>(); // eventId -> added at
  const forget = (now: number) => {
    for (const [id, at] of seen) {
      if (at > now - retentionMs && seen.size <= maxRemembered) break;
      if (!queue.has(id)) seen.delete(id);
      else break;
    }
  };
  return {
    async add(update, now) {
      if (seen.has(update.eventId)) return false;
      seen.set(update.eventId, now);
      queue.set(update.eventId, { eventId: update.eventId, update: structuredClone(update), attempts: 0, nextAt: now });
      forget(now);
      return true;
    },
    async due(now, limit) {
      const out: OutboxEvent[] = [];
      for (const e of queue.values()) {
        if (out.length >= limit) break;
        if (e.nextAt <= now) out.push(structuredClone(e));
      }
      return out;
    },
    async ack(eventId) {
      queue.delete(eventId);
    },
    async retry(eventId, nextAt, error) {
      const e = queue.get(eventId);
      if (!e) return;
      e.attempts++;
      e.nextAt = nextAt;
      e.lastError = error;
    },
    async size() {
      return queue.size;
    },
  };
}

/** What one process keeps only for itself: per-key locks, rate-limit counters, flags, a local bus. */
export function createProcessLocalParts(now: () => number): Pick<HelperState, 'lock' | 'rateLimiter' | 'flags' | 'bus'> {
  return {
    lock: createKeyedLock(),
    rateLimiter: createRateLimiter(now),
    flags: createMemoryFlagStore(now),
    // a local bus has no other instance to hear from
    bus: {
      publish: () => undefined,
      subscribe: () => () => undefined,
      ready: () => Promise.resolve(),
    },
  };
}

/**
 * One process, nothing kept across restarts: for tests and throwaway demos only. The default
 * (`createDurableState`, durable.ts) keeps payments, orders and idempotency on disk.
 */
export function createMemoryState(opts: MemoryStateOptions = {}): HelperState {
  const now = opts.now ?? Date.now;
  const ownIdem = !opts.idempotency;
  const ownPayments = !opts.payments;
  const idempotency = opts.idempotency ?? createMemoryIdempotencyStore({ now });
  const payments = opts.payments ?? createMemoryPaymentStore({ now });
  return {
    kind: 'memory',
    idempotency,
    payments,
    orders: createMemoryOrderStore(now),
    outbox: createMemoryOutbox(),
    ...createProcessLocalParts(now),
    async close() {
      if (ownIdem) await idempotency.close?.();
      if (ownPayments) await payments.close?.();
    },
  };
}
