/**
 * Idempotency for the helper's POST routes (IETF Idempotency-Key draft semantics):
 * same key + same body -> the stored response is replayed; same key + other body -> mismatch;
 * same key while the first request runs -> in flight. Keys are scoped by the caller (route +
 * checkout id) so one checkout can never read another's stored response.
 */

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyBegin =
  | { state: 'new' }
  | { state: 'in_flight' }
  | { state: 'mismatch' }
  | { state: 'done'; response: StoredResponse };

export interface IdempotencyStore {
  /**
   * Claims `key` for a request whose canonical body hashes to `fingerprint`. `ttlMs` is how long a
   * completed response is kept.
   */
  begin(key: string, fingerprint: string, ttlMs: number): Promise<IdempotencyBegin>;
  /** Stores the final response for `key`. */
  complete(key: string, response: StoredResponse): Promise<void>;
  /** Releases `key` without storing (validation failures, upstream errors worth retrying). */
  abort(key: string): Promise<void>;
  /** Optional: release resources. */
  close?(): Promise<void>;
}

interface Entry {
  fingerprint: string;
  state: 'in_flight' | 'done';
  response?: StoredResponse;
  expiresAt: number;
  ttlMs: number;
}

export interface MemoryIdempotencyStoreOptions {
  /** How long an in-flight claim holds before it is considered abandoned. Default 60 s. */
  lockMs?: number;
  /** Upper bound on stored keys; the oldest are dropped first. Default 50 000. */
  maxEntries?: number;
  now?: () => number;
}

/** In-memory store for a single process. */
export function createMemoryIdempotencyStore(opts: MemoryIdempotencyStoreOptions = {}): IdempotencyStore {
  const lockMs = opts.lockMs ?? 60_000;
  const maxEntries = opts.maxEntries ?? 50_000;
  const now = opts.now ?? Date.now;
  const map = new Map<string, Entry>();

  function sweep(): void {
    const t = now();
    for (const [k, e] of map) if (e.expiresAt <= t) map.delete(k);
    while (map.size > maxEntries) {
      const first = map.keys().next();
      if (first.done) break;
      map.delete(first.value);
    }
  }

  let ops = 0;
  return {
    async begin(key, fingerprint, ttlMs) {
      if (++ops % 256 === 0 || map.size > maxEntries) sweep();
      const t = now();
      const e = map.get(key);
      if (e && e.expiresAt > t) {
        if (e.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (e.state === 'in_flight') return { state: 'in_flight' };
        if (e.response) return { state: 'done', response: e.response };
      }
      map.set(key, { fingerprint, state: 'in_flight', expiresAt: t + lockMs, ttlMs });
      return { state: 'new' };
    },
    async complete(key, response) {
      const e = map.get(key);
      if (!e) return;
      e.state = 'done';
      e.response = response;
      e.expiresAt = now() + e.ttlMs;
    },
    async abort(key) {
      const e = map.get(key);
      if (e && e.state === 'in_flight') map.delete(key);
    },
    async close() {
      map.clear();
    },
  };
}
