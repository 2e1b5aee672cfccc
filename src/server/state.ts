/**
 * Everything the helper keeps between requests, behind one small bundle so that several helper
 * instances can share it: idempotency records, payment records, per-key locks, rate-limit
 * counters, short-lived flags (webhook dedupe, status-poll throttle) and the status fan-out bus.
 *
 * `createMemoryState()` is the default (one process). `createRedisState()` (redis.ts) puts all of
 * it in Redis, for several instances behind a load balancer.
 */
import type { Payment } from '../contract/payment.js';
import { HttpError } from './http.js';
import { createMemoryIdempotencyStore } from './idempotency.js';
import type { IdempotencyStore } from './idempotency.js';
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

export interface HelperState {
  readonly kind: 'memory' | 'redis';
  idempotency: IdempotencyStore;
  payments: PaymentStore;
  lock: SharedLock;
  rateLimiter: RateLimiter;
  flags: FlagStore;
  bus: StatusBus;
  /** Releases what the state itself opened (never a client the merchant passed in). */
  close(): Promise<void>;
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

/** One process: everything in memory. A local bus has no other instance to hear from. */
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
    lock: createKeyedLock(),
    rateLimiter: createRateLimiter(now),
    flags: createMemoryFlagStore(now),
    bus: {
      publish: () => undefined,
      subscribe: () => () => undefined,
      ready: () => Promise.resolve(),
    },
    async close() {
      if (ownIdem) await idempotency.close?.();
      if (ownPayments) await payments.close?.();
    },
  };
}
