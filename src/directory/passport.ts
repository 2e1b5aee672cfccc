/**
 * Passport's customer list (`GET /v1/customers`), written to its page: a Bearer token;
 * `page_params.page_size` / `page_number` / `first_request_timestamp.seconds` / `.nanos` (fixed
 * across the pages of one walk, for a stable snapshot); `order_params.order_key` /
 * `order_direction`; filters `identification_number`, `customer_id`, `identification_type`;
 * `pagination_info` read; a 404 ("no customers exist") is an empty list; a 401 names the scope.
 * Name and e-mail have no filter on the page, so they are matched locally while scanning.
 */
import { DirectoryError } from './errors.js';
import { createTransport, failFor, providerMessage } from './http.js';
import {
  PASSPORT_CUSTOMERS_PATH,
  PASSPORT_DEFAULT_BASE_URL,
  PASSPORT_FIRST_PAGE,
  PASSPORT_LIST_FIELDS,
  PASSPORT_LIST_SCOPE,
  PASSPORT_MAX_SECONDS,
  PASSPORT_MIN_SECONDS,
  PASSPORT_ORDER_DIRECTIONS,
  PASSPORT_PARAMS,
  PASSPORT_SCOPE_IN_TEXT,
} from './assumptions.js';
import { checkLimit, checkText, decodeCursor, digitsOf, isoDate, localMatcher, numberedList, searchFields, strOrNull, walk } from './paging.js';
import type { NumberedPage } from './paging.js';
import type { Customer, CustomerDirectory, CustomerPage, DirectoryHttpOptions, DirectoryQuery } from './types.js';

export type PassportOrderDirection = (typeof PASSPORT_ORDER_DIRECTIONS)[number];

/** A protobuf Timestamp, as the page's `first_request_timestamp`. */
export interface PassportTimestamp {
  seconds: number;
  nanos: number;
}

export interface PassportQuery extends DirectoryQuery {
  identificationNumber?: string | undefined;
  customerId?: string | undefined;
  /** E.g. `CC`, `NIT`. */
  identificationType?: string | undefined;
  orderKey?: string | undefined;
  orderDirection?: PassportOrderDirection | undefined;
  /** The walk's snapshot; default: the time of the first page, kept in the cursors. */
  snapshot?: PassportTimestamp | Date | undefined;
}

export interface PassportDirectoryOptions extends DirectoryHttpOptions {
  token: string;
  /** Default Passport's sandbox, `https://api.paas.sandbox.co.passportfintech.com/v1`. */
  baseUrl?: string;
  /** Clock for the snapshot timestamp. */
  now?: () => number;
  /** Upstream pages a name / e-mail search may read per call. Default 10. */
  maxScanPages?: number;
}

function fail(message: string): never {
  throw new DirectoryError('passport', 'invalid_query', message);
}

export function toTimestamp(v: PassportTimestamp | Date | number): PassportTimestamp {
  if (typeof v === 'number' || v instanceof Date) {
    const ms = typeof v === 'number' ? v : v.getTime();
    if (!Number.isFinite(ms)) fail('snapshot: the date is invalid.');
    const seconds = Math.floor(ms / 1000);
    return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
  }
  const { seconds, nanos } = v;
  if (!Number.isInteger(seconds) || seconds < PASSPORT_MIN_SECONDS || seconds > PASSPORT_MAX_SECONDS) {
    fail('snapshot.seconds must be a whole number between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.');
  }
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) fail('snapshot.nanos must be a whole number from 0 to 999999999.');
  return { seconds, nanos };
}

function toCustomer(raw: unknown): Customer | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const id = strOrNull(o['id']) ?? strOrNull(o['customer_id']);
  if (!id) return undefined;
  const person = [strOrNull(o['first_name']), strOrNull(o['last_name'])].filter(Boolean).join(' ');
  const number = strOrNull(o['identification_number']);
  return {
    source: 'passport',
    id,
    name: strOrNull(o['business_name']) ?? (person || strOrNull(o['name'])),
    email: strOrNull(o['email']),
    phone: strOrNull(o['phone_number']) ?? strOrNull(o['phone']),
    document: number ? { type: strOrNull(o['identification_type']) ?? 'UNKNOWN', number } : null,
    createdAt: isoDate(o['created_at']),
    updatedAt: isoDate(o['updated_at']),
  };
}

const num = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
};

export function createPassportDirectory(options: PassportDirectoryOptions): CustomerDirectory<PassportQuery> {
  const token = options.token;
  if (typeof token !== 'string' || token.trim() === '' || /\s/.test(token)) {
    throw new TypeError('createPassportDirectory: token must be a non-empty string without spaces.');
  }
  let base: URL;
  try {
    base = new URL((options.baseUrl ?? PASSPORT_DEFAULT_BASE_URL).replace(/\/+$/, '') + PASSPORT_CUSTOMERS_PATH);
  } catch {
    throw new TypeError('createPassportDirectory: baseUrl is not a valid URL.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError('createPassportDirectory: baseUrl must be http(s).');
  const transport = createTransport('passport', options);
  const now = options.now ?? Date.now;
  const secrets = [token];

  async function fetchPage(params: [string, string][], page: number, size: number, snap: PassportTimestamp): Promise<NumberedPage> {
    const url = new URL(base.href);
    for (const [k, v] of params) url.searchParams.append(k, v);
    url.searchParams.set(PASSPORT_PARAMS.pageSize, String(size));
    url.searchParams.set(PASSPORT_PARAMS.pageNumber, String(page));
    url.searchParams.set(PASSPORT_PARAMS.seconds, String(snap.seconds));
    url.searchParams.set(PASSPORT_PARAMS.nanos, String(snap.nanos));
    const answer = await transport.get(url, { authorization: `Bearer ${token}` }, 'Passport customers');
    // [DOC] 404: no customers exist for the entity
    if (answer.status === 404) return { items: [], pages: 0, total: 0 };
    if (answer.status === 401) {
      const said = providerMessage(answer.json, secrets);
      const named = said?.match(PASSPORT_SCOPE_IN_TEXT)?.[0];
      throw new DirectoryError(
        'passport',
        'unauthorized',
        named
          ? `Passport customers: the token lacks the scope ${named}; grant it to the token's client.`
          : `Passport customers: the token is missing, expired, or lacks the scope ${PASSPORT_LIST_SCOPE}.`,
        { httpStatus: 401, missingScope: named ?? PASSPORT_LIST_SCOPE },
      );
    }
    if (answer.status < 200 || answer.status >= 300) failFor('passport', answer, 'Passport customers', secrets);
    const body = answer.json as Record<string, unknown> | undefined;
    const rawList = body && typeof body === 'object' ? PASSPORT_LIST_FIELDS.map((f) => body[f]).find(Array.isArray) : undefined;
    if (!Array.isArray(rawList)) {
      throw new DirectoryError('passport', 'invalid_response', 'Passport customers: the answer holds no list of customers.', { httpStatus: answer.status });
    }
    const info = (body?.['pagination_info'] ?? {}) as Record<string, unknown>;
    const items: Customer[] = [];
    for (const raw of rawList) {
      const c = toCustomer(raw);
      if (c) items.push(c);
    }
    return {
      items,
      pages: num(info['total_pages']),
      total: num(info['total_records'] ?? info['total_count'] ?? info['total']),
    };
  }

  async function list(q: PassportQuery = {}): Promise<CustomerPage> {
    const limit = checkLimit('passport', q.limit);
    const cursor = decodeCursor('passport', q.cursor);
    // the snapshot: from the cursor (same walk), else the query, else now
    const t = cursor?.['t'];
    const snap = Array.isArray(t) ? toTimestamp({ seconds: Number(t[0]), nanos: Number(t[1]) }) : toTimestamp(q.snapshot ?? now());
    const params: [string, string][] = [];
    const s = searchFields('passport', q);
    const idNumber = checkText('passport', 'identificationNumber', q.identificationNumber) ?? (s.document !== undefined ? digitsOf(s.document) : undefined);
    if (idNumber !== undefined) params.push([PASSPORT_PARAMS.identificationNumber, idNumber]);
    const customerId = checkText('passport', 'customerId', q.customerId);
    if (customerId !== undefined) params.push([PASSPORT_PARAMS.customerId, customerId]);
    const idType = checkText('passport', 'identificationType', q.identificationType);
    if (idType !== undefined) params.push([PASSPORT_PARAMS.identificationType, idType]);
    const orderKey = checkText('passport', 'orderKey', q.orderKey);
    if (orderKey !== undefined) {
      if (!/^[a-z][a-z0-9_.]{0,63}$/i.test(orderKey)) fail('orderKey must be a field name.');
      params.push([PASSPORT_PARAMS.orderKey, orderKey]);
    }
    if (q.orderDirection !== undefined) {
      if (!PASSPORT_ORDER_DIRECTIONS.includes(q.orderDirection)) fail(`orderDirection must be one of ${PASSPORT_ORDER_DIRECTIONS.join(', ')}.`);
      params.push([PASSPORT_PARAMS.orderDirection, q.orderDirection]);
    }
    const page = await numberedList({
      source: 'passport',
      limit,
      cursor: cursor && { ...cursor, p: typeof cursor['p'] === 'number' ? cursor['p'] : PASSPORT_FIRST_PAGE },
      keep: { t: [snap.seconds, snap.nanos] },
      fetchPage: (p, size) => fetchPage(params, p, size, snap),
      match: localMatcher({ name: s.name, email: s.email }),
      ...(options.maxScanPages !== undefined ? { maxScanPages: options.maxScanPages } : {}),
    });
    return page;
  }

  return {
    source: 'passport',
    list,
    all: async function* (q: PassportQuery = {}) {
      // one snapshot for the whole walk, even when the caller gave none
      const snapshot = q.snapshot ?? now();
      yield* walk((cursor) => list({ ...q, snapshot: q.snapshot ?? new Date(snapshot as number), limit: q.limit ?? 100, cursor }), q.cursor ?? null);
    },
  };
}
