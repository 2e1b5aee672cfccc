/**
 * A simulator of Pagar.me's customer list (`GET /1/customers`), built from its page "Retornando
 * mais de um customer": `api_key`, range prefixes on every filter (dates as Unix milliseconds,
 * strings compared lexicographically with capitals after small letters, as the page states),
 * cursor tokens in the `x-cursor-nextpage` / `x-cursor-previouspagr` response headers (empty when
 * there is no such page), and 429. What the page does not show is listed in ./README.md.
 */
import { createFaults, formParams, jsonResponse, recordCall } from './common.js';
import type { DirectoryCall, DirectoryFault } from './common.js';
import { generatePagarmeCustomers } from './seed.js';
import type { PagarmeCustomerRecord } from './seed.js';

export interface PagarmeSandboxOptions {
  /** The only key accepted. */
  apiKey: string;
  /** Default: the seeded customers. */
  customers?: PagarmeCustomerRecord[];
  /**
   * The previous-page header's name. Default the page's spelling, `x-cursor-previouspagr`;
   * `x-cursor-previouspage` to answer the correct spelling instead.
   */
  previousHeader?: 'x-cursor-previouspagr' | 'x-cursor-previouspage';
  /** Path prefix the customers route sits under. Default `/1`. */
  basePath?: string;
}

export interface PagarmeSandbox {
  handle(req: Request): Promise<Response>;
  /** Live list: push to add a customer. */
  readonly customers: PagarmeCustomerRecord[];
  readonly calls: DirectoryCall[];
  fault(f: DirectoryFault): void;
  clearFaults(): void;
}

const RESERVED = new Set(['api_key', 'cursor', 'count', 'page']);
const DATE_FIELDS = new Set(['date_created', 'date_updated', 'born_at']);
const DEFAULT_COUNT = 10;
const MAX_COUNT = 1000;

/** The page's string order: lexicographic, with capitals "greater" than small letters. */
export function pagarmeCompare(a: string, b: string): number {
  const swap = (s: string) => s.replace(/[a-zA-Z]/g, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
  const x = swap(a);
  const y = swap(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

type Op = '=' | '<' | '>' | '<=' | '>=';
function parseCondition(raw: string): { op: Op; value: string } {
  for (const op of ['<=', '>=', '<', '>'] as const) if (raw.startsWith(op)) return { op, value: raw.slice(op.length) };
  return { op: '=', value: raw };
}

const error = (status: number, message: string, type = 'invalid_parameter', parameter: string | null = null) =>
  jsonResponse({ errors: [{ type, parameter_name: parameter, message }], url: '/customers', method: 'get' }, status);

export function createPagarmeSandbox(options: PagarmeSandboxOptions): PagarmeSandbox {
  const customers = options.customers ?? generatePagarmeCustomers();
  const calls: DirectoryCall[] = [];
  const faults = createFaults();
  const prevHeader = options.previousHeader ?? 'x-cursor-previouspagr';
  const basePath = (options.basePath ?? '/1').replace(/\/+$/, '');

  function matches(c: PagarmeCustomerRecord, field: string, cond: { op: Op; value: string }): boolean | 'bad' {
    const v = (c as unknown as Record<string, unknown>)[field];
    let cmp: number;
    if (DATE_FIELDS.has(field)) {
      // [DOC] dates are filtered as Unix timestamps in milliseconds
      if (!/^-?\d+$/.test(cond.value)) return 'bad';
      if (typeof v !== 'string') return false;
      cmp = Math.sign(Date.parse(v) - Number(cond.value));
    } else if (typeof v === 'number') {
      const n = Number(cond.value);
      if (cond.value === '' || !Number.isFinite(n)) return 'bad';
      cmp = Math.sign(v - n);
    } else if (typeof v === 'string') {
      cmp = pagarmeCompare(v, cond.value);
    } else {
      return false;
    }
    switch (cond.op) {
      case '=':
        return cmp === 0;
      case '<':
        return cmp < 0;
      case '>':
        return cmp > 0;
      case '<=':
        return cmp <= 0;
      case '>=':
        return cmp >= 0;
    }
  }

  function filterKey(params: [string, string][]): string {
    return params
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&');
  }

  const encodeToken = (offset: number, key: string) => Buffer.from(JSON.stringify({ o: offset, f: key })).toString('base64url');
  function decodeToken(t: string): { o: number; f: string } | undefined {
    try {
      const v = JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
      return typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && typeof v.f === 'string' ? { o: v.o, f: v.f } : undefined;
    } catch {
      return undefined;
    }
  }

  async function answer(req: Request, url: URL): Promise<Response> {
    if (url.pathname !== `${basePath}/customers`) return error(404, 'Rota não encontrada', 'not_found');
    if (req.method !== 'GET') return error(405, 'Método não permitido', 'method_not_allowed');
    // [DOC] parameters come as `-d` fields; read the query string and a form body alike
    const params = new URLSearchParams(url.search);
    for (const [k, v] of await formParams(req)) params.append(k, v);
    const key = params.get('api_key');
    if (!key) return error(401, 'api_key está faltando', 'action_forbidden', 'api_key');
    if (key !== options.apiKey) return error(401, 'api_key inválida', 'action_forbidden', 'api_key');
    const f = faults.take();
    if (f?.rateLimit) {
      const h: Record<string, string> = f.rateLimit.retryAfter !== undefined ? { 'retry-after': String(f.rateLimit.retryAfter) } : {};
      return jsonResponse({ errors: [{ type: 'rate_limit', parameter_name: null, message: 'Too Many Requests' }], url: '/customers', method: 'get' }, 429, h);
    }
    if (f?.status !== undefined) return error(f.status, 'Erro interno simulado', 'internal_error');

    const countRaw = params.get('count');
    const count = countRaw === null ? DEFAULT_COUNT : Number(countRaw);
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) return error(400, `count deve ser um inteiro entre 1 e ${MAX_COUNT}`, 'invalid_parameter', 'count');
    const filters: [string, string][] = [];
    for (const [k, v] of params) if (!RESERVED.has(k)) filters.push([k, v]);
    let list = customers;
    for (const [field, raw] of filters) {
      if (!customers.some((c) => field in c) && !DATE_FIELDS.has(field)) return error(400, `${field} não é um filtro válido`, 'invalid_parameter', field);
      const cond = parseCondition(raw);
      const out: PagarmeCustomerRecord[] = [];
      for (const c of list) {
        const m = matches(c, field, cond);
        if (m === 'bad') return error(400, `${field}: valor inválido`, 'invalid_parameter', field);
        if (m) out.push(c);
      }
      list = out;
    }
    // newest first (an assumption; the page does not say)
    list = [...list].sort((a, b) => b.date_created.localeCompare(a.date_created) || b.id - a.id);
    const key2 = filterKey(filters);
    let offset = 0;
    const cursor = params.get('cursor');
    if (cursor) {
      const t = decodeToken(cursor);
      if (!t || t.f !== key2) return error(400, 'cursor inválido para esta busca', 'invalid_parameter', 'cursor');
      offset = t.o;
    }
    const page = list.slice(offset, offset + count);
    const next = offset + count < list.length ? encodeToken(offset + count, key2) : '';
    const previous = offset > 0 ? encodeToken(Math.max(0, offset - count), key2) : '';
    return jsonResponse(page, 200, { 'x-cursor-nextpage': next, [prevHeader]: previous });
  }

  return {
    customers,
    calls,
    fault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    async handle(req) {
      const url = new URL(req.url);
      const res = await answer(req, url);
      recordCall(calls, req, url, res, (q) => q.replace(/(^|&)api_key=[^&]*/g, '$1api_key=[redacted]'));
      return res;
    },
  };
}
