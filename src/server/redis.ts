/**
 * Redis-backed state for several helper instances behind one load balancer: idempotency records
 * (with in-flight claims that lapse), payment records (with the open-payment index), order
 * records, the hook outbox, per-order locks, rate-limit counters, webhook dedupe flags and the
 * status-stream fan-out (pub/sub). Every command the state sends fails with
 * `StateUnavailableError` when Redis has not answered within `commandTimeoutMs` (default 1.5 s; a request then answers 502 within about 2 s).
 *
 * The helper talks to Redis through one small interface, `RedisCommander`, so any client fits.
 * An ioredis client is adapted automatically:
 *
 *   import { Redis } from 'ioredis';
 *   const bynet = createBynetCheckout({ ...options, redis: new Redis(process.env.REDIS_URL) });
 *
 * node-redis (v4+) fits with a few lines:
 *   { command: (a) => client.sendCommand(a.map(String)),
 *     publish: (ch, m) => client.publish(ch, m),
 *     subscribe: async (ch, fn) => { const s = client.duplicate(); await s.connect();
 *       await s.subscribe(ch, fn); return async () => { await s.quit(); }; } }
 *
 * Nothing here imports a Redis client library: the merchant brings the client.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Payment } from '../contract/payment.js';
import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from './idempotency.js';
import { createKeyedLock } from './lock.js';
import { isReconcilable } from './payments.js';
import type { PaymentRecord, PaymentStore } from './payments.js';
import type { RateDecision, RateLimiter, RateRule } from './rate-limit.js';
import { StateUnavailableError, lockBusy } from './state.js';
import type { FlagStore, HelperState, OrderRecord, OrderStore, Outbox, OutboxEvent, PaymentUpdate, SharedLock, StatusBus } from './state.js';

// ── the client interface ──────────────────────────────────────────────────────────────────

/** The one interface the stores need: run a command, get its reply (bulk strings as strings). */
export interface RedisCommander {
  command(args: ReadonlyArray<string | number>): Promise<unknown>;
  /** Pub/sub for the status fan-out. Without it, streams fall back to their periodic check. */
  publish?(channel: string, message: string): Promise<unknown>;
  /** Subscribes on a connection of its own; resolves once subscribed, to the unsubscribe function. */
  subscribe?(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

/** The part of an ioredis `Redis` client the helper uses (structural: no import of ioredis). */
export interface IoredisLike {
  call(command: string, ...args: Array<string | number>): Promise<unknown>;
  publish(channel: string, message: string): Promise<number>;
  duplicate(): IoredisSubscriberLike;
}

export interface IoredisSubscriberLike {
  subscribe(...channels: string[]): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export type RedisClient = RedisCommander | IoredisLike;

function isIoredis(c: RedisClient): c is IoredisLike {
  const o = c as unknown as Record<string, unknown>;
  return typeof o['call'] === 'function' && typeof o['duplicate'] === 'function';
}

/**
 * Adapts an ioredis client. Commands go through `client.call`; pub/sub opens one duplicate
 * connection (owned, closed by the unsubscribe function). Connection errors of that duplicate go
 * to `onError` instead of the console.
 */
export function fromIoredis(client: IoredisLike, onError?: (e: Error) => void): RedisCommander {
  return {
    command: (args) => {
      const [name, ...rest] = args;
      return client.call(String(name), ...rest);
    },
    publish: (channel, message) => client.publish(channel, message),
    async subscribe(channel, onMessage) {
      const sub = client.duplicate();
      sub.on('error', (e: Error) => onError?.(e));
      sub.on('message', (ch: string, message: string) => {
        if (ch === channel) onMessage(message);
      });
      try {
        await sub.subscribe(channel);
      } catch (e) {
        sub.disconnect();
        throw e;
      }
      return async () => {
        try {
          await sub.quit();
        } catch {
          sub.disconnect();
        }
      };
    },
  };
}

const wrapped = new WeakSet<RedisCommander>();

/** How long one Redis command may take before the helper gives up on it. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_500;

/** `p`, or a rejection once `ms` have passed (the reply, if it ever comes, is dropped). */
/** How long a command waits, after a timeout, for the server to answer what is still pending. */
const RECOVERY_GRACE_MS = 150;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * The client as a `RedisCommander` whose failures are `StateUnavailableError`s (the message keeps
 * the Redis error text, e.g. NOSCRIPT; it never holds keys or values). Every call fails after
 * `timeoutMs` without a reply, whatever the client's own timeouts (an unreachable Redis is then a
 * prompt 502, not a request hanging on the client's offline queue). A subscription that completes
 * after its call timed out is closed again.
 */
export function toCommander(client: RedisClient, onError?: (e: Error) => void, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): RedisCommander {
  if (wrapped.has(client as RedisCommander)) return client as RedisCommander;
  let inner: RedisCommander;
  if (isIoredis(client)) inner = fromIoredis(client, onError);
  else if (typeof (client as RedisCommander).command === 'function') inner = client as RedisCommander;
  else throw new TypeError('bynet-checkout: redis must be an ioredis client or { command(args) }.');
  // After a command timed out, a new one waits at most RECOVERY_GRACE_MS for the unanswered ones
  // to be answered (one connection answers in order: nothing new can come back before them), then
  // fails. A request making several Redis calls during an outage answers in about one timeout, and
  // the first command after the server comes back goes through.
  let downUntil = 0;
  let unanswered = 0;
  let onDrained: Array<() => void> = [];
  const fail = (e: unknown): never => {
    if (e instanceof Error && e.message.startsWith('no reply within')) downUntil = Date.now() + timeoutMs;
    throw new StateUnavailableError(`redis: ${e instanceof Error ? e.message.slice(0, 200) : 'command failed'}`);
  };
  const settled = () => {
    if (--unanswered > 0) return;
    for (const f of onDrained.splice(0)) f();
  };
  const drained = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const done = () => {
        clearTimeout(t);
        resolve(true);
      };
      const t = setTimeout(() => {
        onDrained = onDrained.filter((f) => f !== done);
        resolve(false);
      }, ms);
      onDrained.push(done);
    });
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    if (Date.now() < downUntil && unanswered > 0 && !(await drained(RECOVERY_GRACE_MS))) {
      throw new StateUnavailableError('redis: unavailable (earlier commands are still unanswered)');
    }
    const p = run();
    unanswered++;
    p.then(settled, settled);
    return within(p, timeoutMs).catch(fail);
  };
  const out: RedisCommander = { command: (args) => guarded(() => inner.command(args)) };
  if (inner.publish) {
    const publish = inner.publish.bind(inner);
    out.publish = (channel, message) => guarded(() => publish(channel, message));
  }
  if (inner.subscribe) {
    const subscribe = inner.subscribe.bind(inner);
    out.subscribe = (channel, onMessage) => {
      const subscribed = subscribe(channel, onMessage);
      return within(subscribed, timeoutMs).catch((e: unknown) => {
        subscribed.then((stop) => stop(), () => undefined).catch(() => undefined);
        return fail(e);
      });
    };
  }
  wrapped.add(out);
  return out;
}

/** Runs Lua scripts by SHA (EVALSHA), loading them on first use or after a server restart. */
function scriptRunner(client: RedisCommander) {
  const shas = new Map<string, string>();
  return async (script: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> => {
    let sha = shas.get(script);
    if (!sha) shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
    try {
      return await client.command(['EVALSHA', sha, keys.length, ...keys, ...args]);
    } catch (e) {
      if (!(e instanceof Error) || !/NOSCRIPT/.test(e.message)) throw e;
      return client.command(['EVAL', script, keys.length, ...keys, ...args]);
    }
  };
}

// ── idempotency ───────────────────────────────────────────────────────────────────────────

interface IdemEntry {
  f: string;
  s: 'in_flight' | 'done';
  ttl: number;
  /** Claim id of the request holding an in-flight entry. */
  c?: string;
  r?: StoredResponse;
}

export interface RedisIdempotencyStoreOptions {
  client: RedisClient;
  /** Key prefix. Default `bynet:idem:`. */
  prefix?: string;
  /** How long an in-flight claim holds before it is considered abandoned. Default 60 s. */
  lockMs?: number;
}

/** Claims the key, or reports what holds it: [1] new, [0, value] taken. */
const BEGIN_SCRIPT = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1} end
return {0, redis.call('GET', KEYS[1])}`;

/** Deletes the key only while it is this request's in-flight claim. */
const ABORT_SCRIPT = `local v = redis.call('GET', KEYS[1])
if v and string.find(v, '"s":"in_flight"', 1, true) and string.find(v, ARGV[1], 1, true) then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Stores the response only over this request's own in-flight claim. */
const COMPLETE_SCRIPT = `local v = redis.call('GET', KEYS[1])
if v and string.find(v, '"s":"in_flight"', 1, true) and string.find(v, ARGV[3], 1, true) then
  return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 0`;

export function createRedisIdempotencyStore(o: RedisIdempotencyStoreOptions): IdempotencyStore {
  const prefix = o.prefix ?? 'bynet:idem:';
  const lockMs = o.lockMs ?? 60_000;
  const client = toCommander(o.client);
  const run = scriptRunner(client);
  // what this process claimed, so `complete` keeps the fingerprint and retention
  const claimed = new Map<string, { f: string; ttl: number; c: string }>();

  const parse = (v: unknown): IdemEntry | undefined => {
    if (typeof v !== 'string') return undefined;
    try {
      const e = JSON.parse(v) as IdemEntry;
      return typeof e.f === 'string' && (e.s === 'in_flight' || e.s === 'done') ? e : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    async begin(key, fingerprint, ttlMs): Promise<IdempotencyBegin> {
      const k = prefix + key;
      const c = randomUUID();
      const claim = JSON.stringify({ f: fingerprint, s: 'in_flight', ttl: ttlMs, c } satisfies IdemEntry);
      for (let i = 0; i < 3; i++) {
        const res = (await run(BEGIN_SCRIPT, [k], [claim, lockMs])) as [number, unknown?];
        if (res[0] === 1) {
          claimed.set(key, { f: fingerprint, ttl: ttlMs, c });
          return { state: 'new' };
        }
        const cur = parse(res[1]);
        if (!cur) continue; // expired between the two steps: try again
        if (cur.f !== fingerprint) return { state: 'mismatch' };
        if (cur.s === 'in_flight' || !cur.r) return { state: 'in_flight' };
        return { state: 'done', response: cur.r };
      }
      return { state: 'in_flight' };
    },
    async complete(key, response) {
      const c = claimed.get(key);
      if (!c) return;
      claimed.delete(key);
      const done = JSON.stringify({ f: c.f, s: 'done', ttl: c.ttl, r: response } satisfies IdemEntry);
      await run(COMPLETE_SCRIPT, [prefix + key], [done, c.ttl, `"c":${JSON.stringify(c.c)}`]);
    },
    async abort(key) {
      const c = claimed.get(key);
      claimed.delete(key);
      if (!c) return;
      await run(ABORT_SCRIPT, [prefix + key], [`"c":${JSON.stringify(c.c)}`]);
    },
  };
}

// ── payments ──────────────────────────────────────────────────────────────────────────────

export interface RedisPaymentStoreOptions {
  client: RedisClient;
  /** Key prefix. Default `bynet:`. */
  prefix?: string;
  /** Records are kept this long after creation. Default 48 h. */
  ttlMs?: number;
  /** Clock (ms since epoch) of the open-payment index. Default `Date.now`. */
  now?: () => number;
}

/**
 * Saves a record; a new one is also appended to its order's list. Updates keep the TTL. The
 * open-payment index (a sorted set by creation time) gains a reconcilable payment, loses one that
 * is not, and sheds entries older than the TTL. ARGV: record, ttl, id, '1' when reconcilable,
 * now, exclusive cutoff of the shedding.
 */
const PUT_PAYMENT_SCRIPT = `local new = redis.call('EXISTS', KEYS[1]) == 0
if new then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('RPUSH', KEYS[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
end
if ARGV[4] == '1' then redis.call('ZADD', KEYS[3], 'NX', ARGV[5], ARGV[3]) else redis.call('ZREM', KEYS[3], ARGV[3]) end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[6])
if new then return 1 end
return 0`;

/** Only the fields the helper needs; never card numbers or CVVs (the Payment model has none). */
export function storedRecord(r: PaymentRecord): PaymentRecord {
  return {
    payment: r.payment,
    checkoutId: r.checkoutId,
    gatewayId: r.gatewayId,
    createdAt: r.createdAt,
    merchantRef: r.merchantRef,
    duplicate: r.duplicate,
  } satisfies Record<keyof PaymentRecord, unknown>;
}

/** An order record's own fields only (stray properties are never written). */
export function storedOrder(r: OrderRecord): OrderRecord {
  return {
    orderId: r.orderId,
    checkoutId: r.checkoutId,
    kind: r.kind,
    ref: r.ref,
    amount: r.amount,
    merchantRef: r.merchantRef,
    createdAt: r.createdAt,
    pendingCreate: r.pendingCreate && { method: r.pendingCreate.method, startedAt: r.pendingCreate.startedAt },
  } satisfies Record<keyof OrderRecord, unknown>;
}

/** A JSON value of the given shape check, or `undefined` (absent, corrupt or foreign). */
function parseJson<T>(v: unknown, ok: (x: T) => boolean): T | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const x = JSON.parse(v) as T;
    return x && typeof x === 'object' && ok(x) ? x : undefined;
  } catch {
    return undefined;
  }
}

export function createRedisPaymentStore(o: RedisPaymentStoreOptions): PaymentStore {
  const prefix = o.prefix ?? 'bynet:';
  const ttlMs = o.ttlMs ?? 48 * 3_600_000;
  const now = o.now ?? Date.now;
  const client = toCommander(o.client);
  const run = scriptRunner(client);
  const payKey = (id: string) => `${prefix}pay:${id}`;
  const orderKey = (id: string) => `${prefix}order:${id}`;
  const openKey = `${prefix}pay-open`;
  const parse = (v: unknown) => parseJson<PaymentRecord>(v, (r) => !!r.payment && typeof r.payment.id === 'string');
  /** The live records of `ids`, in that order. */
  const records = async (ids: readonly string[]): Promise<PaymentRecord[]> => {
    if (ids.length === 0) return [];
    const values = (await client.command(['MGET', ...ids.map(payKey)])) as unknown[];
    return values.flatMap((v) => parse(v) ?? []);
  };
  return {
    async get(id) {
      return parse(await client.command(['GET', payKey(id)]));
    },
    async put(record) {
      const id = record.payment.id;
      const open = isReconcilable(record.payment.status) ? '1' : '0';
      const t = now();
      await run(
        PUT_PAYMENT_SCRIPT,
        [payKey(id), orderKey(record.payment.orderId), openKey],
        [JSON.stringify(storedRecord(record)), ttlMs, id, open, t, `(${t - ttlMs}`],
      );
    },
    async listByOrder(orderId) {
      const ids = (await client.command(['LRANGE', orderKey(orderId), 0, 199])) as unknown;
      if (!Array.isArray(ids)) return [];
      return records([...new Set(ids.map(String))]);
    },
    async listOpen(limit) {
      if (limit <= 0) return [];
      const ids = (await client.command(['ZRANGEBYSCORE', openKey, `(${now() - ttlMs}`, '+inf', 'LIMIT', 0, limit])) as unknown;
      if (!Array.isArray(ids)) return [];
      return records(ids.map(String));
    },
  };
}

// ── orders ────────────────────────────────────────────────────────────────────────────────

/** Saves an order record; an update keeps the TTL set when it was created. */
const PUT_ORDER_SCRIPT = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL') end
return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`;

/** Order records under `<prefix>ord:<orderId>`, kept `ttlMs` after creation. */
function redisOrders(client: RedisCommander, prefix: string, ttlMs: number): OrderStore {
  const run = scriptRunner(client);
  const key = (id: string) => `${prefix}ord:${id}`;
  return {
    async get(orderId) {
      return parseJson<OrderRecord>(await client.command(['GET', key(orderId)]), (r) => typeof r.orderId === 'string');
    },
    async put(record) {
      await run(PUT_ORDER_SCRIPT, [key(record.orderId)], [JSON.stringify(storedOrder(record)), ttlMs]);
    },
  };
}

// ── hook outbox ───────────────────────────────────────────────────────────────────────────

/** Delivered outbox ids are remembered this long (`add` stays idempotent on them). */
const OUTBOX_RETENTION_MS = 30 * 86_400_000;

/**
 * Queues an event unless its id is remembered or still queued: remembers the id for the retention
 * time, stores the event (a hash: update JSON, attempts, nextAt, last error) and schedules it.
 * KEYS: remembered id, queue (sorted set by nextAt), event hash. ARGV: id, update, now, retention.
 */
const OUTBOX_ADD_SCRIPT = `if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[4])
redis.call('HSET', KEYS[3], 'u', ARGV[2], 'a', 0, 'n', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1`;

/** Counts a failed delivery of a queued event and reschedules it. ARGV: id, nextAt, error or ''. */
const OUTBOX_RETRY_SCRIPT = `if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[2], 'a', 1)
redis.call('HSET', KEYS[2], 'n', ARGV[2])
if ARGV[3] == '' then redis.call('HDEL', KEYS[2], 'e') else redis.call('HSET', KEYS[2], 'e', ARGV[3]) end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1`;

/** Removes a delivered event from the queue (its id stays remembered). */
const OUTBOX_ACK_SCRIPT = `redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('DEL', KEYS[2])`;

/** The hook outbox in Redis, shared by every instance (see `Outbox` for the semantics). */
function redisOutbox(client: RedisCommander, prefix: string, retentionMs: number): Outbox {
  const run = scriptRunner(client);
  const queueKey = `${prefix}outbox`;
  const eventKey = (id: string) => `${prefix}outbox:ev:${id}`;
  const seenKey = (id: string) => `${prefix}outbox:seen:${id}`;
  const parseUpdate = (v: unknown) => parseJson<PaymentUpdate>(v, (u) => typeof u.eventId === 'string');
  return {
    async add(update, now) {
      const id = update.eventId;
      const added = await run(OUTBOX_ADD_SCRIPT, [seenKey(id), queueKey, eventKey(id)], [id, JSON.stringify(update), now, retentionMs]);
      return added === 1;
    },
    async due(now, limit) {
      if (limit <= 0) return [];
      const ids = (await client.command(['ZRANGEBYSCORE', queueKey, '-inf', now, 'LIMIT', 0, limit])) as unknown;
      if (!Array.isArray(ids)) return [];
      const events = await Promise.all(
        ids.map(String).map(async (eventId): Promise<OutboxEvent | undefined> => {
          const [u, a, n, e] = (await client.command(['HMGET', eventKey(eventId), 'u', 'a', 'n', 'e'])) as unknown[];
          const update = parseUpdate(u);
          if (!update) return undefined; // acknowledged meanwhile
          return { eventId, update, attempts: Number(a) || 0, nextAt: Number(n), ...(typeof e === 'string' ? { lastError: e } : {}) };
        }),
      );
      return events.filter((e): e is OutboxEvent => e !== undefined);
    },
    async ack(eventId) {
      await run(OUTBOX_ACK_SCRIPT, [queueKey, eventKey(eventId)], [eventId]);
    },
    async retry(eventId, nextAt, error) {
      await run(OUTBOX_RETRY_SCRIPT, [queueKey, eventKey(eventId)], [eventId, nextAt, error ?? '']);
    },
    async size() {
      return Number(await client.command(['ZCARD', queueKey]));
    },
  };
}

// ── rate limits ───────────────────────────────────────────────────────────────────────────

/** Fixed window: INCR, PEXPIRE on the first hit of a window; answers the count and time left. */
const RATE_SCRIPT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

export function createRedisRateLimiter(o: { client: RedisClient; prefix?: string }): RateLimiter {
  const prefix = o.prefix ?? 'bynet:rl:';
  const run = scriptRunner(toCommander(o.client));
  return {
    async hit(bucket: string, rule: RateRule): Promise<RateDecision> {
      const [n, ttl] = (await run(RATE_SCRIPT, [`${prefix}${rule.windowMs}:${bucket}`], [rule.windowMs])) as [number, number];
      if (n <= rule.limit) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(ttl) / 1000)) };
    },
  };
}

// ── flags and locks ───────────────────────────────────────────────────────────────────────

function redisFlags(client: RedisCommander, prefix: string): FlagStore {
  return {
    async claim(key, ttlMs, value = '1') {
      if (ttlMs <= 0) return true;
      return (await client.command(['SET', prefix + key, value, 'NX', 'PX', Math.ceil(ttlMs)])) === 'OK';
    },
    async set(key, value, ttlMs) {
      if (ttlMs <= 0) await client.command(['DEL', prefix + key]);
      else await client.command(['SET', prefix + key, value, 'PX', Math.ceil(ttlMs)]);
    },
    async get(key) {
      const v = await client.command(['GET', prefix + key]);
      return typeof v === 'string' ? v : undefined;
    },
    async delete(key) {
      await client.command(['DEL', prefix + key]);
    },
  };
}

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A lock held in Redis (SET NX PX with a random token, released only by its holder), behind a
 * local per-key queue so one process does not compete with itself.
 */
function redisLock(client: RedisCommander, prefix: string, holdMs: number, waitMs: number): SharedLock {
  const local = createKeyedLock();
  const run = scriptRunner(client);
  return (key, task) =>
    local(key, async () => {
      const k = prefix + key;
      const token = randomUUID();
      const deadline = Date.now() + waitMs;
      let pause = 5;
      while ((await client.command(['SET', k, token, 'NX', 'PX', holdMs])) !== 'OK') {
        if (Date.now() + pause > deadline) throw lockBusy();
        await new Promise((r) => setTimeout(r, pause));
        pause = Math.min(pause * 2, 50);
      }
      try {
        return await task();
      } finally {
        await run(RELEASE_SCRIPT, [k], [token]).catch(() => undefined);
      }
    });
}

// ── status bus ────────────────────────────────────────────────────────────────────────────

interface BusMessage {
  o: string;
  p: Payment;
}

function redisBus(client: RedisCommander, channel: string, onError: (event: string, e: unknown) => void): StatusBus & { close(): Promise<void> } {
  const origin = randomUUID();
  const listeners = new Set<(p: Payment) => void>();
  let unsubscribe: (() => Promise<void>) | undefined;
  let closed = false;
  let ready: Promise<void> | undefined;

  const start = (): Promise<void> => {
    if (ready) return ready;
    if (!client.subscribe) {
      ready = Promise.resolve();
      return ready;
    }
    ready = client
      .subscribe(channel, (raw) => {
        let m: BusMessage;
        try {
          m = JSON.parse(raw) as BusMessage;
        } catch {
          return;
        }
        if (!m || m.o === origin || !m.p || typeof m.p.id !== 'string') return;
        for (const fn of [...listeners]) fn(m.p);
      })
      .then(
        async (stop) => {
          if (closed) await stop();
          else unsubscribe = stop;
        },
        (e: unknown) => {
          onError('state.subscribe_failed', e);
          ready = undefined; // try again on the next stream
        },
      );
    return ready;
  };

  return {
    publish(payment) {
      if (!client.publish) return;
      const message = JSON.stringify({ o: origin, p: payment } satisfies BusMessage);
      client.publish(channel, message).catch((e: unknown) => onError('state.publish_failed', e));
    },
    subscribe(listener) {
      listeners.add(listener);
      void start();
      return () => {
        listeners.delete(listener);
      };
    },
    ready: () => start(),
    async close() {
      closed = true;
      listeners.clear();
      await ready?.catch(() => undefined);
      await unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}

// ── the bundle ────────────────────────────────────────────────────────────────────────────

export interface RedisStateOptions {
  /** Prefix of every key and channel. Default `bynet:`. */
  prefix?: string;
  /** Payment and order records are kept this long. Default 48 h. */
  paymentTtlMs?: number;
  /**
   * Longest wait for one Redis reply before the call fails with `StateUnavailableError` (answered
   * as a 502), whatever timeouts the client has. Default 1500 ms.
   */
  commandTimeoutMs?: number;
  /** An abandoned in-flight idempotency claim lapses after this long. Default 60 s. */
  idempotencyLockMs?: number;
  /** Longest hold of a per-order lock (covers one gateway call). Default 45 s. */
  lockHoldMs?: number;
  /** Longest wait for a per-order lock before answering 409. Default 20 s. */
  lockWaitMs?: number;
  /** Receives Redis connection trouble of the pub/sub connection. */
  onError?: (event: string, error: unknown) => void;
}

/**
 * Everything the helper shares between instances, in Redis. The client stays the caller's: closing
 * the helper closes only the pub/sub connection the state opened.
 */
export function createRedisState(client: RedisClient, o: RedisStateOptions = {}): HelperState {
  const prefix = o.prefix ?? 'bynet:';
  const paymentTtlMs = o.paymentTtlMs ?? 48 * 3_600_000;
  let report = o.onError ?? (() => undefined);
  const commander = toCommander(client, (e) => report('state.redis_error', e), o.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  const bus = redisBus(commander, `${prefix}status`, (event, e) => report(event, e));
  const state: HelperState & { setErrorReporter(fn: (event: string, error: unknown) => void): void } = {
    kind: 'redis',
    idempotency: createRedisIdempotencyStore({ client: commander, prefix: `${prefix}idem:`, lockMs: o.idempotencyLockMs ?? 60_000 }),
    payments: createRedisPaymentStore({ client: commander, prefix, ttlMs: paymentTtlMs }),
    orders: redisOrders(commander, prefix, paymentTtlMs),
    outbox: redisOutbox(commander, prefix, OUTBOX_RETENTION_MS),
    lock: redisLock(commander, `${prefix}lock:`, o.lockHoldMs ?? 45_000, o.lockWaitMs ?? 20_000),
    rateLimiter: createRedisRateLimiter({ client: commander, prefix: `${prefix}rl:` }),
    flags: redisFlags(commander, `${prefix}flag:`),
    bus,
    close: () => bus.close(),
    setErrorReporter(fn) {
      if (!o.onError) report = fn;
    },
  };
  return state;
}

/** Lets the helper route state errors to its logger when the caller gave no `onError`. */
export function attachStateReporter(state: HelperState, fn: (event: string, error: unknown) => void): void {
  const s = state as HelperState & { setErrorReporter?: (f: (event: string, error: unknown) => void) => void };
  s.setErrorReporter?.(fn);
}
