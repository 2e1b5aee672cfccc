/**
 * Durable state for ONE helper process: idempotency records, payments (with their by-order and
 * open-payment indexes), orders and the hook outbox live in an embedded LMDB database under
 * `path`, so a restart or a `kill -9` loses nothing that was acknowledged (every write resolves
 * after LMDB's durable commit). The lock, the rate limiter, the flags and the status bus stay in
 * memory: they only matter while the process runs. Several instances share state through Redis
 * (`createRedisState`), never through one database directory.
 *
 * In-flight idempotency claims live in memory, not on disk: a claim only means "this process is
 * running that request", and a request dies with its process, so a retry after a crash must find
 * no claim (not a 409 until it would have lapsed). Keeping them off the disk saves a durable commit
 * per idempotent request (and the one of an abort). The completed record is written durably before
 * the answer leaves, as every other write. (Claims that an older version wrote to the
 * `idem-claims` store are released at open.)
 * Expired records (payments and orders after `paymentTtlMs`, idempotency records after their ttl,
 * remembered outbox ids after 30 days) are ignored by reads and deleted by a sweep at open and
 * every 10 minutes (an unref'd timer).
 *
 * The `lmdb` package is imported on first use, so loading the server module never loads the
 * native binary unless this state is used.
 *
 * Why LMDB and not better-sqlite3: the `lmdb` npm package ships its prebuilt binaries inside
 * per-platform npm packages, so `npm ci` needs neither a compiler nor a download from elsewhere;
 * better-sqlite3 fetches its prebuilt binary from GitHub and, when that download is unavailable,
 * builds SQLite from source (node-gyp, a C++ toolchain, about 2 minutes). LMDB's copy-on-write
 * commits are crash-safe by design (a commit is whole or absent, no recovery step), and any
 * number of readers run alongside the one writer without blocking.
 *
 * What a `POST /orders` costs here (measured on a 2-CPU virtual machine, 10 connections): one read
 * (`begin`), then four puts in one commit (order, answer, two expiry entries) that share LMDB's
 * transaction with the requests queued meanwhile (about 3 per commit). The cost is per commit far
 * more than per put: every commit ends with two device flushes (data, then meta page), about 0.3 ms
 * of CPU in the write thread and kernel and about 1 ms of waiting, plus a little per order (the
 * commit's puts alone, CPU per order: about 0.37 ms with 1 order per commit, 0.2 ms with 4, 0.09 ms
 * with 16). This thread's share is small (the read and the puts, about 0.05 ms). Tried and not
 * kept, each measured in alternation against this code: `useWritemap` (more CPU), `overlappingSync`
 * with the answer waiting for `flushed` (no gain), an explicit `root.batch` instead of the
 * event-turn batch (no change in commit latency), JSON -> msgpack values and skipping the order read (no
 * measurable change), holding requests in a queue so that one group commits at a time (fewer
 * commits, but the commit latency about doubled). Dropping the flushes would close most of the gap
 * to the in-memory state and is exactly what this state must not do.
 */
import type { Database, Key, RootDatabase } from 'lmdb';
import type { IdempotencyStore, StoredResponse } from './idempotency.js';
import { isReconcilable } from './payments.js';
import type { PaymentRecord, PaymentStore } from './payments.js';
import { storedOrder, storedRecord } from './redis.js';
import { StateUnavailableError, createProcessLocalParts } from './state.js';
import type { HelperState, OrderRecord, OrderStore, Outbox, OutboxEvent } from './state.js';

export interface DurableStateOptions {
  /** Directory of the database (created when missing). One state, in one process, per directory. */
  path: string;
  /** Clock (ms since epoch). Default `Date.now`. */
  now?: () => number;
  /** An abandoned in-flight idempotency claim lapses after this long. Default 60 s. */
  idempotencyLockMs?: number;
  /** Payment and order records are kept this long after creation. Default 30 days. */
  paymentTtlMs?: number;
}

const DAY_MS = 86_400_000;
/** Delivered outbox ids are remembered this long (`add` stays idempotent on them). */
const OUTBOX_RETENTION_MS = 30 * DAY_MS;
const SWEEP_EVERY_MS = 10 * 60_000;
/** Expired records deleted per write transaction by the sweep (keeps each commit short). */
const SWEEP_BATCH = 500;

/** A completed idempotency record. */
interface IdemDone {
  f: string;
  exp: number;
  r: StoredResponse;
}
/** An in-flight idempotency claim (in memory; see the top of this file). */
interface IdemClaim {
  f: string;
  /** Retention of the completed response. */
  ttl: number;
  exp: number;
}
/** A stored record and its creation time (its expiry counts from there; updates keep it). */
interface Aged<T> {
  record: T;
  at: number;
}
/** Stores whose records the sweep expires through the `expiry` index. */
type Expiring = 'idem' | 'pay' | 'order' | 'seen';

interface Stores {
  root: RootDatabase;
  idem: Database<IdemDone, string>;
  /** Claims written by older versions (cleared at open; nothing writes there now). */
  legacyClaims: Database<IdemClaim, string>;
  pay: Database<Aged<PaymentRecord>, string>;
  /** Order id -> its payment ids, oldest first. */
  byOrder: Database<string[], string>;
  /** [created at, payment id] of every reconcilable payment (the `listOpen` index). */
  open: Database<true, [number, string]>;
  orders: Database<Aged<OrderRecord>, string>;
  /** Queued outbox events by id. */
  queue: Database<OutboxEvent, string>;
  /** [nextAt, event id] of every queued event. */
  due: Database<true, [number, string]>;
  /** Remembered outbox ids -> when they were added. */
  seen: Database<number, string>;
  /** [expires at, store, id]: what the sweep looks at. */
  expiry: Database<true, [number, Expiring, string]>;
}

/** Opens the database and its named stores, then releases the previous process's claims. */
async function openStores(path: string): Promise<Stores> {
  const { open } = await import('lmdb');
  // overlappingSync off: a write's promise resolves once the commit is flushed to disk (lmdb's
  // default on Linux resolves at commit, before the flush: that survives a killed process but not a
  // power loss). Every money record is on disk before the answer that depends on it leaves.
  const root = open({ path, noSubdir: false, overlappingSync: false });
  const db = <V, K extends Key>(name: string) => root.openDB<V, K>(name, { encoding: 'json' });
  const stores: Stores = {
    root,
    idem: db('idem'),
    legacyClaims: db('idem-claims'),
    pay: db('payments'),
    byOrder: db('payments-by-order'),
    open: db('payments-open'),
    orders: db('orders'),
    queue: db('outbox'),
    due: db('outbox-due'),
    seen: db('outbox-seen'),
    expiry: db('expiry'),
  };
  await stores.legacyClaims.clearAsync();
  return stores;
}

/** A store failure as the helper's typed "state unavailable" error (answered 502, logged). */
function unavailable(e: unknown): never {
  if (e instanceof StateUnavailableError) throw e;
  throw new StateUnavailableError(`durable state: ${e instanceof Error ? e.message.slice(0, 200) : 'operation failed'}`);
}

/**
 * The helper's state in an embedded LMDB database at `opts.path`, for one process (see the top of
 * this file). Nothing is opened until the first store call.
 */
export function createDurableState(opts: DurableStateOptions): HelperState {
  const now = opts.now ?? Date.now;
  const lockMs = opts.idempotencyLockMs ?? 60_000;
  const ttlMs = opts.paymentTtlMs ?? 30 * DAY_MS;
  let ready: Promise<Stores> | undefined;
  let sweeper: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  /** In-flight idempotency claims of this process, by key. */
  const claims = new Map<string, IdemClaim>();

  /** Opens the stores, sweeps once and starts the periodic sweep. */
  async function start(): Promise<Stores> {
    const s = await openStores(opts.path);
    try {
      await sweep(s);
    } catch (e) {
      await s.root.close();
      throw e;
    }
    if (!closed) sweeper = setInterval(() => void sweep(s).catch(() => undefined), SWEEP_EVERY_MS).unref();
    return s;
  }
  /** The open stores (opened by the first call; a failed open is tried again by the next). */
  const stores = (): Promise<Stores> => {
    if (closed) return Promise.reject(new StateUnavailableError('durable state: closed'));
    return (ready ??= start().catch((e: unknown) => {
      ready = undefined;
      throw e;
    }));
  };
  /** Runs `fn` on the open stores (reads). */
  const read = <T>(fn: (s: Stores) => T): Promise<T> => stores().then(fn).catch(unavailable);
  /** Runs `fn` in one write transaction; resolves once it is durably committed. */
  const write = <T>(fn: (s: Stores) => T): Promise<T> =>
    stores()
      .then((s) => s.root.transaction(() => fn(s)))
      .catch(unavailable);
  /**
   * Issues the writes `fn` makes, all in one event turn: LMDB commits them in one transaction
   * (all or none) on its write thread, with no round trip through this thread while it holds the
   * write lock (a transaction callback runs here, mid-commit, behind whatever this thread is doing).
   * For writes that need no read inside the transaction. `fn` adds each write's promise to `puts`;
   * resolves once the commit is durable.
   */
  const batch = (fn: (s: Stores, puts: Promise<unknown>[]) => void): Promise<void> =>
    stores()
      .then((s) => {
        const puts: Promise<unknown>[] = [];
        try {
          fn(s, puts);
        } catch (e) {
          // what was issued still settles (nothing left unhandled); the caller sees the error
          return Promise.allSettled(puts).then(() => Promise.reject(e));
        }
        return Promise.all(puts);
      })
      .then(() => undefined, unavailable);

  /** `e` unless it is older than the TTL at `t`. */
  const live = <T>(e: Aged<T> | undefined, t: number) => (e && e.at + ttlMs > t ? e : undefined);
  /** Deletes a payment with its index entries (inside a write transaction). */
  const dropPayment = (s: Stores, id: string, e: Aged<PaymentRecord>) => {
    void s.pay.remove(id);
    void s.open.remove([e.at, id]);
    const orderId = e.record.payment.orderId;
    const rest = (s.byOrder.get(orderId) ?? []).filter((x) => x !== id);
    void (rest.length ? s.byOrder.put(orderId, rest) : s.byOrder.remove(orderId));
  };
  /** How the sweep reads when a record of each store expires (`undefined`: gone) and deletes it. */
  const expiring = (s: Stores): Record<Expiring, { expiresAt(id: string): number | undefined; drop(id: string): void }> => ({
    idem: { expiresAt: (id) => s.idem.get(id)?.exp, drop: (id) => void s.idem.remove(id) },
    pay: {
      expiresAt: (id) => ageExpiry(s.pay.get(id)),
      drop: (id) => {
        const e = s.pay.get(id);
        if (e) dropPayment(s, id, e);
      },
    },
    order: { expiresAt: (id) => ageExpiry(s.orders.get(id)), drop: (id) => void s.orders.remove(id) },
    seen: {
      expiresAt: (id) => {
        const at = s.seen.get(id);
        return at === undefined ? undefined : at + OUTBOX_RETENTION_MS;
      },
      drop: (id) => void s.seen.remove(id),
    },
  });
  const ageExpiry = (e: Aged<unknown> | undefined) => e && e.at + ttlMs;
  /**
   * Inserts or replaces an order record, keeping its creation time. In a write transaction, or in a
   * `batch` (the creation time then read from the last commit).
   */
  const putOrder = (s: Stores, record: OrderRecord, puts: Promise<unknown>[] = []) => {
    const t = now();
    const kept = live(s.orders.get(record.orderId), t);
    const at = kept?.at ?? t;
    puts.push(s.orders.put(record.orderId, { record: storedOrder(record), at }));
    if (!kept) puts.push(s.expiry.put([at + ttlMs, 'order', record.orderId], true));
  };
  /** Stores the completed answer of a claimed idempotency key (plain writes: a transaction or a `batch`). */
  const putDone = (s: Stores, key: string, claim: IdemClaim, response: StoredResponse, puts: Promise<unknown>[]) => {
    const exp = now() + claim.ttl;
    puts.push(s.expiry.put([exp, 'idem', key], true), s.idem.put(key, { f: claim.f, exp, r: response }));
  };

  /**
   * Deletes what has expired, in batches: records due in the `expiry` index (an index entry whose
   * record lives on, e.g. after a ttl change, is moved to the record's real expiry) and lapsed
   * in-flight claims.
   */
  async function sweep(s: Stores): Promise<void> {
    for (let more = true; more && !closed; ) {
      more = await s.root.transaction(() => {
        const t = now();
        const stores = expiring(s);
        const keys = [...s.expiry.getKeys({ end: [t], limit: SWEEP_BATCH })];
        for (const key of keys) {
          const [, store, id] = key;
          void s.expiry.remove(key);
          const exp = stores[store].expiresAt(id);
          if (exp === undefined) continue;
          if (exp <= t) stores[store].drop(id);
          else void s.expiry.put([exp, store, id], true);
        }
        return keys.length === SWEEP_BATCH;
      });
    }
    const t = now();
    for (const [key, claim] of claims) if (claim.exp <= t) claims.delete(key);
  }

  const idempotency: IdempotencyStore = {
    // check-and-claim runs in one synchronous callback: two requests with one key cannot both win
    begin: (key, fingerprint, ttlMs) =>
      read((s) => {
        const t = now();
        const claim = claims.get(key);
        if (claim && claim.exp > t) return claim.f === fingerprint ? { state: 'in_flight' } : { state: 'mismatch' };
        const done = s.idem.get(key);
        if (done && done.exp > t) return done.f === fingerprint ? { state: 'done', response: done.r } : { state: 'mismatch' };
        claims.set(key, { f: fingerprint, ttl: ttlMs, exp: t + lockMs });
        return { state: 'new' };
      }),
    // the claim is released only once the completed record is durably committed
    complete: async (key, response) => {
      const claim = claims.get(key);
      if (!claim) return;
      await batch((s, puts) => putDone(s, key, claim, response, puts));
      if (claims.get(key) === claim) claims.delete(key);
    },
    abort: (key) =>
      read(() => {
        claims.delete(key);
      }),
  };

  const payments: PaymentStore = {
    get: (id) => read((s) => live(s.pay.get(id), now())?.record),
    put: (record) =>
      write((s) => {
        const id = record.payment.id;
        const t = now();
        const prev = s.pay.get(id);
        const kept = live(prev, t);
        if (prev && !kept) dropPayment(s, id, prev);
        const at = kept?.at ?? t;
        void s.pay.put(id, { record: storedRecord(record), at });
        if (!kept) {
          const orderId = record.payment.orderId;
          void s.byOrder.put(orderId, [...(s.byOrder.get(orderId) ?? []), id]);
          void s.expiry.put([at + ttlMs, 'pay', id], true);
        }
        void (isReconcilable(record.payment.status) ? s.open.put([at, id], true) : s.open.remove([at, id]));
      }),
    listByOrder: (orderId) =>
      read((s) => {
        const t = now();
        return (s.byOrder.get(orderId) ?? []).flatMap((id) => live(s.pay.get(id), t)?.record ?? []);
      }),
    listOpen: (limit) =>
      read((s) => {
        const t = now();
        const out: PaymentRecord[] = [];
        if (limit <= 0) return out;
        for (const [, id] of s.open.getKeys({ start: [t - ttlMs] })) {
          const e = live(s.pay.get(id), t);
          if (e) out.push(e.record);
          if (out.length >= limit) break;
        }
        return out;
      }),
  };

  const orders: OrderStore = {
    get: (orderId) => read((s) => live(s.orders.get(orderId), now())?.record),
    put: (record) => write((s) => putOrder(s, record)),
  };

  // One commit for a request's records and its stored answer (the answer's record issued last):
  // concurrent requests' writes share LMDB's batch (one disk flush), and each still resolves only
  // once its own commit is durable.
  const commit: NonNullable<HelperState['commit']> = async (writes, { key, response }) => {
    const claim = claims.get(key);
    await batch((s, puts) => {
      for (const o of writes.orders) putOrder(s, o, puts);
      if (claim) putDone(s, key, claim, response, puts);
    });
    if (claim && claims.get(key) === claim) claims.delete(key);
  };

  const outbox: Outbox = {
    add: (update, t) =>
      write((s) => {
        const id = update.eventId;
        const seenAt = s.seen.get(id);
        if ((seenAt !== undefined && seenAt + OUTBOX_RETENTION_MS > t) || s.queue.doesExist(id)) return false;
        void s.seen.put(id, t);
        void s.expiry.put([t + OUTBOX_RETENTION_MS, 'seen', id], true);
        void s.queue.put(id, { eventId: id, update, attempts: 0, nextAt: t });
        void s.due.put([t, id], true);
        return true;
      }),
    due: (t, limit) =>
      read((s) => {
        const out: OutboxEvent[] = [];
        if (limit <= 0) return out;
        for (const [nextAt, id] of s.due.getKeys()) {
          if (nextAt > t) break;
          const e = s.queue.get(id);
          if (e) out.push(e);
          if (out.length >= limit) break;
        }
        return out;
      }),
    ack: (eventId) =>
      write((s) => {
        const e = s.queue.get(eventId);
        if (!e) return;
        void s.queue.remove(eventId);
        void s.due.remove([e.nextAt, eventId]);
      }),
    retry: (eventId, nextAt, error) =>
      write((s) => {
        const e = s.queue.get(eventId);
        if (!e) return;
        void s.due.remove([e.nextAt, eventId]);
        void s.queue.put(eventId, { ...e, attempts: e.attempts + 1, nextAt, lastError: error });
        void s.due.put([nextAt, eventId], true);
      }),
    size: () => read((s) => s.queue.getCount()),
  };

  return {
    kind: 'durable',
    idempotency,
    payments,
    orders,
    outbox,
    commit,
    // one process per folder: locks, counters and flags need not outlive it
    ...createProcessLocalParts(now),
    async close() {
      closed = true;
      clearInterval(sweeper);
      claims.clear();
      const s = await ready?.catch(() => undefined);
      await s?.root.close();
    },
  };
}
