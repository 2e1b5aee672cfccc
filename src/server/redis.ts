/**
 * Redis-backed idempotency store, for several helper instances behind one load balancer.
 *
 * It talks to Redis through a one-method interface, `command(args)`, so any client fits:
 *   ioredis:     { command: (a) => redis.call(...a) }
 *   node-redis:  { command: (a) => client.sendCommand(a.map(String)) }
 * or the small built-in client `connectRedis()` (RESP2 over TCP or a unix socket, no dependency).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from './idempotency.js';

export interface RedisCommander {
  command(args: ReadonlyArray<string | number>): Promise<unknown>;
}

interface Entry {
  f: string;
  s: 'in_flight' | 'done';
  ttl: number;
  r?: StoredResponse;
}

export interface RedisIdempotencyStoreOptions {
  client: RedisCommander;
  /** Key prefix. Default `bynet:idem:`. */
  prefix?: string;
  /** How long an in-flight claim holds before it is considered abandoned. Default 60 s. */
  lockMs?: number;
}

/** Deletes the key only while it is still an in-flight claim. */
const ABORT_SCRIPT = `local v = redis.call('GET', KEYS[1])
if v and string.find(v, '"s":"in_flight"', 1, true) then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Stores the response only over this request's own in-flight claim (same fingerprint). */
const COMPLETE_SCRIPT = `local v = redis.call('GET', KEYS[1])
if v and string.find(v, '"s":"in_flight"', 1, true) and string.find(v, ARGV[3], 1, true) then
  return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 0`;

export function createRedisIdempotencyStore(o: RedisIdempotencyStoreOptions): IdempotencyStore {
  const prefix = o.prefix ?? 'bynet:idem:';
  const lockMs = o.lockMs ?? 60_000;
  const client = o.client;
  // what this process claimed, so `complete` can keep the fingerprint and retention
  const claimed = new Map<string, { f: string; ttl: number }>();

  const parse = (v: unknown): Entry | undefined => {
    if (typeof v !== 'string') return undefined;
    try {
      const e = JSON.parse(v) as Entry;
      return typeof e.f === 'string' && (e.s === 'in_flight' || e.s === 'done') ? e : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    async begin(key, fingerprint, ttlMs): Promise<IdempotencyBegin> {
      const k = prefix + key;
      const claim = JSON.stringify({ f: fingerprint, s: 'in_flight', ttl: ttlMs } satisfies Entry);
      for (let i = 0; i < 3; i++) {
        const set = await client.command(['SET', k, claim, 'NX', 'PX', lockMs]);
        if (set === 'OK') {
          claimed.set(key, { f: fingerprint, ttl: ttlMs });
          return { state: 'new' };
        }
        const cur = parse(await client.command(['GET', k]));
        if (!cur) continue; // expired between the two calls: try to claim again
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
      const done = JSON.stringify({ f: c.f, s: 'done', ttl: c.ttl, r: response } satisfies Entry);
      await client.command(['EVAL', COMPLETE_SCRIPT, 1, prefix + key, done, c.ttl, JSON.stringify(c.f)]);
    },
    async abort(key) {
      claimed.delete(key);
      await client.command(['EVAL', ABORT_SCRIPT, 1, prefix + key]);
    },
  };
}

// ── a minimal RESP2 client ────────────────────────────────────────────────────────────────

export class RedisError extends Error {
  override readonly name = 'RedisError';
}

export interface RedisConnection extends RedisCommander {
  close(): Promise<void>;
}

/**
 * Connects to Redis: `redis://host:port[/db]` or `{ path }` for a unix socket. Commands are
 * pipelined in order on one connection. Intended for the idempotency store; no pub/sub, no TLS.
 */
export async function connectRedis(target: string | { path: string } = 'redis://127.0.0.1:6379'): Promise<RedisConnection> {
  let socket: Socket;
  let db = 0;
  if (typeof target === 'string') {
    const u = new URL(target);
    if (u.protocol !== 'redis:') throw new TypeError('connectRedis: only redis:// URLs are supported.');
    db = Number(u.pathname.slice(1) || 0);
    socket = connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) });
  } else {
    socket = connect({ path: target.path });
  }
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.setNoDelay(true);

  const queue: Array<{ resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];
  let buf: Buffer = Buffer.alloc(0);
  let failed: Error | undefined;

  const failAll = (e: Error) => {
    failed = e;
    while (queue.length) queue.shift()!.reject(e);
  };
  socket.on('error', (e) => failAll(e));
  socket.on('close', () => failAll(new RedisError('connection closed')));

  /** Parses one reply at `pos`; returns [value, next] or undefined when incomplete. */
  function parse(pos: number): [unknown, number] | undefined {
    if (pos >= buf.length) return undefined;
    const end = buf.indexOf('\r\n', pos);
    if (end < 0) return undefined;
    const type = String.fromCharCode(buf[pos]!);
    const line = buf.toString('utf8', pos + 1, end);
    const next = end + 2;
    switch (type) {
      case '+':
        return [line, next];
      case '-':
        return [new RedisError(line), next];
      case ':':
        return [Number(line), next];
      case '$': {
        const len = Number(line);
        if (len < 0) return [null, next];
        if (buf.length < next + len + 2) return undefined;
        return [buf.toString('utf8', next, next + len), next + len + 2];
      }
      case '*': {
        const n = Number(line);
        if (n < 0) return [null, next];
        const out: unknown[] = [];
        let p = next;
        for (let i = 0; i < n; i++) {
          const r = parse(p);
          if (!r) return undefined;
          out.push(r[0]);
          p = r[1];
        }
        return [out, p];
      }
      default:
        throw new RedisError('protocol error');
    }
  }

  socket.on('data', (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      let r: [unknown, number] | undefined;
      try {
        r = parse(pos);
      } catch (e) {
        socket.destroy(e as Error);
        return;
      }
      if (!r) break;
      pos = r[1];
      const waiter = queue.shift();
      if (!waiter) continue;
      if (r[0] instanceof RedisError) waiter.reject(r[0]);
      else waiter.resolve(r[0]);
    }
    buf = buf.subarray(pos);
  });

  const command = (args: ReadonlyArray<string | number>): Promise<unknown> => {
    if (failed) return Promise.reject(failed);
    const parts = [`*${args.length}\r\n`];
    for (const a of args) {
      const s = String(a);
      parts.push(`$${Buffer.byteLength(s)}\r\n${s}\r\n`);
    }
    return new Promise((resolve, reject) => {
      queue.push({ resolve, reject });
      socket.write(parts.join(''));
    });
  };

  if (db) await command(['SELECT', db]);

  return {
    command,
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once('close', () => resolve());
        socket.end();
      }),
  };
}
