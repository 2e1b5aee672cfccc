/**
 * Pagar.me's customer list (`GET /1/customers`), written to its page: the key as `api_key`, range
 * prefixes `<`, `>`, `<=`, `>=` on any filter (dates as Unix milliseconds), cursor pagination
 * through the `x-cursor-nextpage` / `x-cursor-previouspage` (or, as the page spells it,
 * `x-cursor-previouspagr`) response headers, backward and forward, and 429 waited out.
 */
import { DirectoryError } from './errors.js';
import { createTransport, failFor } from './http.js';
import {
  PAGARME_API_KEY_PARAM,
  PAGARME_CURSOR_PARAM,
  PAGARME_CUSTOMERS_PATH,
  PAGARME_DEFAULT_BASE_URL,
  PAGARME_FIELDS,
  PAGARME_NAME_PREFIX_END,
  PAGARME_NEXT_HEADER,
  PAGARME_PAGE_SIZE_PARAM,
  PAGARME_PREVIOUS_HEADERS,
} from './assumptions.js';
import { checkLimit, digitsOf, isoDate, searchFields, strOrNull, walk } from './paging.js';
import type { Customer, CustomerDirectory, CustomerPage, DirectoryHttpOptions, DirectoryQuery } from './types.js';

export type PagarmeRangeOp = '<' | '>' | '<=' | '>=';
export type PagarmeValue = string | number | Date;
/** A plain value is an equality filter; `{ op, value }` a range bound. Dates are sent as Unix milliseconds. */
export type PagarmeCondition = PagarmeValue | { op: PagarmeRangeOp; value: PagarmeValue };

export interface PagarmeQuery extends DirectoryQuery {
  /**
   * Any filter of the page, by field name: `{ date_created: [{ op: '>=', value: new Date(...) }, { op: '<=', value: 1484689847590 }] }`.
   * Several conditions on one field are all sent (a range).
   */
  filters?: Record<string, PagarmeCondition | readonly PagarmeCondition[]> | undefined;
  /** `.all()` only: follow `next` (default) or `previous` cursors from `cursor`. */
  direction?: 'forward' | 'backward' | undefined;
}

export interface PagarmeDirectoryOptions extends DirectoryHttpOptions {
  apiKey: string;
  /** Default `https://api.pagar.me/1`. */
  baseUrl?: string;
}

const OPS: readonly PagarmeRangeOp[] = ['<=', '>=', '<', '>'];
const RESERVED = new Set([PAGARME_API_KEY_PARAM, PAGARME_CURSOR_PARAM, PAGARME_PAGE_SIZE_PARAM]);

function fail(message: string): never {
  throw new DirectoryError('pagarme', 'invalid_query', message);
}

function valueText(field: string, v: PagarmeValue): string {
  if (v instanceof Date) {
    const t = v.getTime();
    if (!Number.isFinite(t)) fail(`${field}: the date is invalid.`);
    return String(t);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(`${field}: the number is not finite.`);
    return String(v);
  }
  if (typeof v !== 'string') fail(`${field}: a filter value must be a string, a number or a Date.`);
  // eslint-disable-next-line no-control-regex
  if (v.length > 256 || /[\u0000-\u001f\u007f]/.test(v)) fail(`${field}: the value must be plain text of at most 256 characters.`);
  return v;
}

/** `field=value`, `field=<value`, `field=>=value`... as the page writes them. */
export function pagarmeFilterParams(filters: PagarmeQuery['filters']): [string, string][] {
  const out: [string, string][] = [];
  for (const [field, raw] of Object.entries(filters ?? {})) {
    if (!/^[a-z][a-z0-9_.]{0,63}$/i.test(field)) fail(`"${field.slice(0, 40)}" is not a filter name.`);
    if (RESERVED.has(field)) fail(`"${field}" is set by the directory, not as a filter.`);
    const conds = (Array.isArray(raw) ? raw : [raw]) as readonly PagarmeCondition[];
    for (const c of conds) {
      if (c !== null && typeof c === 'object' && !(c instanceof Date)) {
        if (!OPS.includes(c.op)) fail(`${field}: the range operator must be one of <, >, <=, >=.`);
        out.push([field, c.op + valueText(field, c.value)]);
      } else {
        const text = valueText(field, c);
        // a plain value that starts with < or > would be read as a range: say it with { op, value }
        if (/^[<>]/.test(text)) fail(`${field}: to filter by a range, pass { op, value } instead of "${text.slice(0, 2)}...".`);
        out.push([field, text]);
      }
    }
  }
  return out;
}

function toCustomer(raw: unknown): Customer | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const id = strOrNull(o['id']);
  if (!id) return undefined;
  const docs = Array.isArray(o['documents']) ? (o['documents'] as Record<string, unknown>[]) : [];
  const number = strOrNull(o['document_number']) ?? strOrNull(docs[0]?.['number']);
  const type = strOrNull(o['document_type']) ?? strOrNull(docs[0]?.['type']);
  const phones = Array.isArray(o['phone_numbers']) ? (o['phone_numbers'] as unknown[]) : [];
  return {
    source: 'pagarme',
    id,
    name: strOrNull(o['name']),
    email: strOrNull(o['email']),
    phone: strOrNull(phones[0]) ?? strOrNull(o['phone']),
    document: number ? { type: (type ?? (digitsOf(number).length === 14 ? 'cnpj' : 'cpf')).toUpperCase(), number } : null,
    createdAt: isoDate(o['date_created']),
    updatedAt: isoDate(o['date_updated']),
  };
}

const header = (h: Headers, names: readonly string[]) => {
  for (const n of names) {
    const v = h.get(n)?.trim();
    if (v) return v;
  }
  return null;
};

export function createPagarmeDirectory(options: PagarmeDirectoryOptions): CustomerDirectory<PagarmeQuery> {
  const apiKey = options.apiKey;
  if (typeof apiKey !== 'string' || apiKey.trim() === '' || /\s/.test(apiKey)) {
    throw new TypeError('createPagarmeDirectory: apiKey must be a non-empty string without spaces.');
  }
  let base: URL;
  try {
    base = new URL((options.baseUrl ?? PAGARME_DEFAULT_BASE_URL).replace(/\/+$/, '') + PAGARME_CUSTOMERS_PATH);
  } catch {
    throw new TypeError('createPagarmeDirectory: baseUrl is not a valid URL.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError('createPagarmeDirectory: baseUrl must be http(s).');
  const transport = createTransport('pagarme', options);
  const secrets = [apiKey];

  async function list(q: PagarmeQuery = {}): Promise<CustomerPage> {
    const limit = checkLimit('pagarme', q.limit);
    const params = pagarmeFilterParams(q.filters);
    const s = searchFields('pagarme', q);
    if (s.email !== undefined) params.push([PAGARME_FIELDS.email, valueText('email', s.email)]);
    if (s.document !== undefined) params.push([PAGARME_FIELDS.document, digitsOf(s.document)]);
    if (s.name !== undefined) {
      const name = valueText('name', s.name);
      params.push([PAGARME_FIELDS.name, `>=${name}`], [PAGARME_FIELDS.name, `<${name}${PAGARME_NAME_PREFIX_END}`]);
    }
    if (q.cursor) {
      if (q.cursor.length > 512 || !/^[A-Za-z0-9_\-.~+/=]+$/.test(q.cursor)) fail('cursor is not one Pagar.me gave; start again from the first page.');
      params.push([PAGARME_CURSOR_PARAM, q.cursor]);
    }
    params.push([PAGARME_PAGE_SIZE_PARAM, String(limit)]);
    const url = new URL(base.href);
    url.searchParams.set(PAGARME_API_KEY_PARAM, apiKey);
    for (const [k, v] of params) url.searchParams.append(k, v);
    const answer = await transport.get(url, {}, 'Pagar.me customers');
    if (answer.status < 200 || answer.status >= 300) failFor('pagarme', answer, 'Pagar.me customers', secrets);
    if (!Array.isArray(answer.json)) {
      throw new DirectoryError('pagarme', 'invalid_response', 'Pagar.me customers: the answer is not a list of customers.', { httpStatus: answer.status });
    }
    const data: Customer[] = [];
    for (const raw of answer.json) {
      const c = toCustomer(raw);
      if (c) data.push(c);
    }
    return {
      source: 'pagarme',
      data,
      next: header(answer.headers, [PAGARME_NEXT_HEADER]),
      previous: header(answer.headers, PAGARME_PREVIOUS_HEADERS),
      total: null,
    };
  }

  return {
    source: 'pagarme',
    list,
    all: (q: PagarmeQuery = {}) => walk((cursor) => list({ ...q, limit: q.limit ?? 100, cursor }), q.cursor ?? null, q.direction ?? 'forward'),
  };
}
