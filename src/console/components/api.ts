/**
 * The console's reader of the admin routes (see `../types.ts`): GET with the page's cookies
 * (`credentials: 'same-origin'`) plus the merchant's own headers, the helper's error envelope read
 * into a typed `ConsoleApiError`.
 */
import type { ConsoleErrorCode } from '../types.js';

/** Every code a console component can show: the envelope's, plus what happens before it. */
export type ConsoleClientErrorCode = ConsoleErrorCode | 'network' | 'invalid_response' | 'config';

const KNOWN_CODES: ReadonlySet<string> = new Set<ConsoleErrorCode>([
  'unauthorized',
  'forbidden',
  'invalid_request',
  'not_found',
  'source_not_configured',
  'rate_limited',
  'upstream_error',
  'upstream_timeout',
  'internal_error',
]);

export class ConsoleApiError extends Error {
  override readonly name = 'ConsoleApiError';
  constructor(
    readonly code: ConsoleClientErrorCode,
    message: string,
    /** HTTP status, 0 when no answer arrived. */
    readonly status = 0,
  ) {
    super(message);
  }
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];
export type Query = Record<string, QueryValue>;

/** `?a=1&status=PAID,REFUSED`: empty values left out, lists comma-separated (the contract takes both forms). */
export function toSearch(query: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
    } else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** `endpoint` + `path`, without a doubled slash. */
export function joinUrl(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}${path}`;
}

export async function getJson<T>(
  endpoint: string | undefined,
  path: string,
  query: Query,
  o: { headers?: HeadersInit | undefined; signal?: AbortSignal | undefined } = {},
): Promise<T> {
  if (!endpoint) throw new ConsoleApiError('config', 'The endpoint attribute is not set.');
  let res: Response;
  try {
    res = await fetch(joinUrl(endpoint, path) + toSearch(query), {
      method: 'GET',
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...Object.fromEntries(new Headers(o.headers ?? {})) },
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ConsoleApiError('network', 'The store server could not be reached.');
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ConsoleApiError(res.ok ? 'invalid_response' : statusCode(res.status), `HTTP ${res.status} without a JSON body.`, res.status);
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof err?.code === 'string' && KNOWN_CODES.has(err.code) ? (err.code as ConsoleErrorCode) : statusCode(res.status);
    throw new ConsoleApiError(code, typeof err?.message === 'string' ? err.message : `HTTP ${res.status}`, res.status);
  }
  if (!body || typeof body !== 'object') throw new ConsoleApiError('invalid_response', 'The answer is not a JSON object.', res.status);
  return body as T;
}

function statusCode(status: number): ConsoleClientErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 504) return 'upstream_timeout';
  if (status >= 500) return 'upstream_error';
  return 'invalid_response';
}
