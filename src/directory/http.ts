/** The directories' HTTP transport: deadline per attempt, 429 waited out (Retry-After first, else backoff), typed errors. */
import type { CustomerSource } from '../console/types.js';
import { DirectoryError } from './errors.js';
import type { DirectoryHttpOptions } from './types.js';

export interface RawAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty / non-JSON body. */
  json: unknown;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(v: string | null, now = Date.now()): number | undefined {
  if (v === null || v.trim() === '') return undefined;
  const s = Number(v.trim());
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

export interface Transport {
  /** GET `url`; answers every status but 429 / 5xx (those are retried, then thrown). */
  get(url: URL, headers: Record<string, string>, what: string): Promise<RawAnswer>;
}

export function createTransport(source: CustomerSource, o: DirectoryHttpOptions): Transport {
  const doFetch = o.fetch ?? globalThis.fetch;
  const sleep = o.sleep ?? realSleep;
  const retries = Math.max(0, Math.min(o.retries ?? 4, 10));
  const maxRetryAfterMs = o.maxRetryAfterMs ?? 30_000;
  const base = o.backoffBaseMs ?? 500;
  const timeoutMs = o.timeoutMs ?? 15_000;
  return {
    async get(url, headers, what) {
      for (let attempt = 0; ; attempt++) {
        let res: Response;
        let text: string;
        try {
          res = await doFetch(url, { method: 'GET', headers: { accept: 'application/json', ...headers }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
          text = await res.text();
        } catch (e) {
          const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
          if (attempt < retries) {
            await sleep(Math.min(base * 2 ** attempt, 8_000));
            continue;
          }
          // never the URL: Pagar.me's key travels in its query string
          throw new DirectoryError(source, 'upstream', timedOut ? `${what}: no answer within ${timeoutMs} ms.` : `${what}: could not reach the provider.`);
        }
        if (res.status === 429) {
          const asked = parseRetryAfter(res.headers.get('retry-after'));
          const retryAfterSeconds = asked === undefined ? undefined : Math.ceil(asked / 1000);
          if (attempt < retries && (asked === undefined || asked <= maxRetryAfterMs)) {
            await sleep(asked ?? Math.min(base * 2 ** attempt, 8_000));
            continue;
          }
          throw new DirectoryError(source, 'rate_limited', `${what}: the provider's rate limit was still reached after ${attempt + 1} attempts; try again later.`, {
            httpStatus: 429,
            retryAfterSeconds,
          });
        }
        if (res.status >= 500) {
          if (attempt < retries) {
            await sleep(Math.min(base * 2 ** attempt, 8_000));
            continue;
          }
          throw new DirectoryError(source, 'upstream', `${what}: the provider answered HTTP ${res.status}.`, { httpStatus: res.status });
        }
        if (res.status >= 300 && res.status < 400) {
          throw new DirectoryError(source, 'invalid_response', `${what}: the provider answered an unexpected redirect.`, { httpStatus: res.status });
        }
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        return { status: res.status, headers: res.headers, json };
      }
    },
  };
}

/** A provider's error message, when it gives one, without any secret in it and kept short. */
export function providerMessage(json: unknown, secrets: readonly string[]): string | undefined {
  const pick = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return pick(v[0]);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return pick(o['message'] ?? o['errors'] ?? o['error'] ?? o['detail']);
    }
    return undefined;
  };
  let m = pick(json);
  if (!m) return undefined;
  for (const s of secrets) if (s) m = m.split(s).join('[redacted]');
  // eslint-disable-next-line no-control-regex
  return m.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
}

/** Throws the typed error for a 4xx the adapter has no special meaning for. */
export function failFor(source: CustomerSource, answer: RawAnswer, what: string, secrets: readonly string[]): never {
  const said = providerMessage(answer.json, secrets);
  const suffix = said ? ` (provider said: ${said})` : '';
  const s = answer.status;
  if (s === 401) throw new DirectoryError(source, 'unauthorized', `${what}: the provider rejected the credentials; check the key or token${suffix}.`, { httpStatus: s });
  if (s === 403) throw new DirectoryError(source, 'forbidden', `${what}: these credentials may not list customers${suffix}.`, { httpStatus: s });
  if (s === 400 || s === 422) throw new DirectoryError(source, 'invalid_query', `${what}: the provider refused the query${suffix}.`, { httpStatus: s });
  throw new DirectoryError(source, 'upstream', `${what}: the provider answered HTTP ${s}${suffix}.`, { httpStatus: s });
}
