/** Small helpers of the sandbox: gateway envelopes, JSON responses, ids, paging. */
import { uuidFrom } from './seed.js';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const reasonPhrase = (status: number): string => REASON[status] ?? (status >= 500 ? 'Server Error' : 'Error');

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** Gateway success envelope `{ status, message, data, error: null }`. */
export const ok = (data: unknown, message: string, status = 200): Response => json({ status, message, data, error: null }, status);

/**
 * Gateway error envelope `{ status, message, data: null, error: <reason phrase> }`. INVENTED: the
 * docs list 400/401/403/404 without showing a body (see README "invented shapes").
 */
export const fail = (status: number, message: string, headers: Record<string, string> = {}): Response =>
  json({ status, message, data: null, error: reasonPhrase(status) }, status, headers);

const dropped = new WeakSet<Response>();

/**
 * A Response that stands for "drop the connection, answer nothing" (a `reset` fault). Servers
 * check `isDroppedResponse` and destroy the socket; one that does not gets a plain 502 envelope
 * with `connection: close` as a fallback.
 */
export function droppedResponse(): Response {
  const res = fail(502, 'Conexão encerrada sem resposta.', { connection: 'close' });
  dropped.add(res);
  return res;
}

/**
 * True when the sandbox wants the connection of this answer dropped without any HTTP response
 * (a `reset` fault). A server that embeds `sandbox.handle` should then destroy the socket instead
 * of writing the Response; `startSandbox` does.
 */
export function isDroppedResponse(res: Response): boolean {
  return dropped.has(res);
}

/** Error thrown inside route code and turned into a gateway error envelope. */
export class SandboxError extends Error {
  override name = 'SandboxError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface Page<T> {
  data: T[];
  pages: number;
  page: number;
  limit: number;
  total: number;
}

/** Reads `page` / `limit` (defaults 1 / 10, limit capped at 100) and slices. */
export function paginate<T>(items: readonly T[], q: URLSearchParams, maxLimit = 100): Page<T> {
  const num = (name: string, dflt: number): number => {
    const raw = q.get(name);
    if (raw === null || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new SandboxError(400, `O campo "${name}" deve ser um número inteiro maior que zero.`);
    return n;
  };
  const page = num('page', 1);
  const limit = Math.min(num('limit', 10), maxLimit);
  const start = (page - 1) * limit;
  return { data: items.slice(start, start + limit), pages: Math.ceil(items.length / limit), page, limit, total: items.length };
}

/**
 * Sorts by `orderBy` (default `fallback`) and `orderDirection` (`asc`/`desc`, any casing).
 * Ties keep the input order in `asc` and reverse it in `desc` (newest insertion first).
 */
export function sortBy<T extends object>(items: readonly T[], q: URLSearchParams, fallback: keyof T & string, dfltDir: 'asc' | 'desc'): T[] {
  const field = q.get('orderBy') || fallback;
  const dirRaw = (q.get('orderDirection') || dfltDir).toLowerCase();
  if (dirRaw !== 'asc' && dirRaw !== 'desc') throw new SandboxError(400, 'O campo "orderDirection" deve ser ASC ou DESC.');
  const sample = items[0] as Record<string, unknown> | undefined;
  if (sample && !(field in sample)) throw new SandboxError(400, `Não é possível ordenar por "${field}".`);
  const dir = dirRaw === 'asc' ? 1 : -1;
  return items
    .map((item, i) => ({ item, i, v: (item as Record<string, unknown>)[field] }))
    .sort((a, b) => {
      const x = a.v;
      const y = b.v;
      if (x === y) return (a.i - b.i) * dir;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return ((x as number | string) < (y as number | string) ? -1 : 1) * dir;
    })
    .map((e) => e.item);
}

/** Values of a list filter given as a comma list and/or repeated parameters, upper-cased. */
export function listParam(q: URLSearchParams, ...names: string[]): string[] {
  return names
    .flatMap((n) => q.getAll(n))
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toUpperCase())
    .filter(Boolean);
}

export const uuid = (random: () => number): string => uuidFrom(random);

/** Random source backed by crypto (default when no `random` option is given). */
export function cryptoRandom(): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! / 4294967296;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export const digits = (s: string): string => s.replace(/\D+/g, '');

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Formats cents as "R$ 49,90" (ASCII only). */
export function brl(cents: number): string {
  const reais = Math.trunc(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `R$ ${reais},${String(cents % 100).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` of an instant, in São Paulo time (UTC-3, no DST since 2019). */
export function saoPauloDate(ms: number): string {
  return new Date(ms - 3 * 3_600_000).toISOString().slice(0, 10);
}
