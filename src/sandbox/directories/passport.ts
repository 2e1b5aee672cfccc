/**
 * A simulator of Passport's "List Customers" (`GET /v1/customers`), built from its page: a Bearer
 * token with the scope `paas.core.entity_customers.list.get` (401 naming it otherwise),
 * `page_params.*` with a `first_request_timestamp` snapshot (customers created after it are not
 * listed, so pages stay put while a walk runs), `order_params.*`, the three identification
 * filters, `pagination_info`, 404 when no customer matches. What the page does not show is listed
 * in ./README.md.
 */
import { createFaults, jsonResponse, recordCall } from './common.js';
import type { DirectoryCall, DirectoryFault } from './common.js';
import { generatePassportCustomers } from './seed.js';
import type { PassportCustomerRecord } from './seed.js';

export const PASSPORT_SCOPE = 'paas.core.entity_customers.list.get';

export interface PassportSandboxOptions {
  /** Accepted tokens and their scopes. A token needs `paas.core.entity_customers.list.get`. */
  tokens: Record<string, readonly string[]>;
  /** Tokens that authenticate but may not list customers (403). */
  forbiddenTokens?: readonly string[];
  /** Default: the seeded customers. */
  customers?: PassportCustomerRecord[];
  /** Path prefix the customers route sits under. Default `/v1`. */
  basePath?: string;
}

export interface PassportSandbox {
  handle(req: Request): Promise<Response>;
  /** Live list: push to add a customer. */
  readonly customers: PassportCustomerRecord[];
  readonly calls: DirectoryCall[];
  fault(f: DirectoryFault): void;
  clearFaults(): void;
}

const ORDER_KEYS = new Set(['created_at', 'updated_at', 'id', 'identification_number', 'first_name', 'last_name', 'email']);
const DIRECTIONS = new Set(['ORDER_DIRECTION_ENUM_UNSPECIFIED', 'ASC', 'DESC']);
const MIN_SECONDS = -62_135_596_800;
const MAX_SECONDS = 253_402_300_799;
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

/** gRPC-style error bodies (`code` is the gRPC status number): an assumption. */
const error = (status: number, grpc: number, message: string) => jsonResponse({ code: grpc, message, details: [] }, status);
const bad = (message: string) => error(400, 3, message);

function intParam(q: URLSearchParams, name: string): number | undefined | 'bad' {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) return 'bad';
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : 'bad';
}

export function createPassportSandbox(options: PassportSandboxOptions): PassportSandbox {
  const customers = options.customers ?? generatePassportCustomers();
  const calls: DirectoryCall[] = [];
  const faults = createFaults();
  const basePath = (options.basePath ?? '/v1').replace(/\/+$/, '');
  const forbidden = new Set(options.forbiddenTokens ?? []);

  function answer(req: Request, url: URL): Response {
    if (url.pathname !== `${basePath}/customers`) return error(404, 5, 'Not Found');
    if (req.method !== 'GET') return error(405, 12, 'Method Not Allowed');
    const auth = req.headers.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) return error(401, 16, 'missing bearer token');
    const scopes = options.tokens[m[1]!];
    if (!scopes) return error(401, 16, 'invalid or expired bearer token');
    if (!scopes.includes(PASSPORT_SCOPE)) return error(401, 16, `token lacks the required scope ${PASSPORT_SCOPE}`);
    if (forbidden.has(m[1]!)) return error(403, 7, 'caller does not have permission to list customers');
    const f = faults.take();
    if (f?.rateLimit) {
      const h: Record<string, string> = f.rateLimit.retryAfter !== undefined ? { 'retry-after': String(f.rateLimit.retryAfter) } : {};
      return jsonResponse({ code: 8, message: 'rate limit exceeded', details: [] }, 429, h);
    }
    if (f?.status !== undefined) return error(f.status, 13, 'unexpected error');

    const q = url.searchParams;
    const size = intParam(q, 'page_params.page_size');
    const number = intParam(q, 'page_params.page_number');
    const seconds = intParam(q, 'page_params.first_request_timestamp.seconds');
    const nanos = intParam(q, 'page_params.first_request_timestamp.nanos');
    if (size === 'bad' || (size !== undefined && (size < 1 || size > MAX_PAGE_SIZE))) return bad(`page_params.page_size must be between 1 and ${MAX_PAGE_SIZE}`);
    if (number === 'bad' || (number !== undefined && number < 1)) return bad('page_params.page_number must be 1 or more');
    if (seconds === 'bad' || (seconds !== undefined && (seconds < MIN_SECONDS || seconds > MAX_SECONDS))) {
      return bad('first_request_timestamp.seconds must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z');
    }
    if (nanos === 'bad' || (nanos !== undefined && (nanos < 0 || nanos > 999_999_999))) return bad('first_request_timestamp.nanos must be between 0 and 999999999');
    if (nanos !== undefined && seconds === undefined) return bad('first_request_timestamp.nanos needs seconds');
    const orderKey = q.get('order_params.order_key') ?? 'created_at';
    if (!ORDER_KEYS.has(orderKey)) return bad(`order_params.order_key ${orderKey.slice(0, 40)} is not sortable`);
    const direction = q.get('order_params.order_direction') ?? 'ORDER_DIRECTION_ENUM_UNSPECIFIED';
    if (!DIRECTIONS.has(direction)) return bad('order_params.order_direction must be ORDER_DIRECTION_ENUM_UNSPECIFIED, ASC or DESC');

    let list = customers;
    if (seconds !== undefined) {
      // the snapshot: what existed at the walk's first request
      const snapMs = seconds * 1000 + Math.floor((nanos ?? 0) / 1_000_000);
      list = list.filter((c) => Date.parse(c.created_at) <= snapMs);
    }
    const idNumber = q.get('identification_number');
    if (idNumber) list = list.filter((c) => c.identification_number === idNumber);
    const customerId = q.get('customer_id');
    if (customerId) list = list.filter((c) => c.id === customerId);
    const idType = q.get('identification_type');
    if (idType) list = list.filter((c) => c.identification_type === idType.toUpperCase());
    // [DOC] 404: no customers exist (for the entity; here also for the filters given)
    if (list.length === 0) return error(404, 5, 'no customers found');
    const sign = direction === 'DESC' ? -1 : 1;
    list = [...list].sort((a, b) => {
      const x = String((a as unknown as Record<string, unknown>)[orderKey] ?? '');
      const y = String((b as unknown as Record<string, unknown>)[orderKey] ?? '');
      return sign * (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    const pageSize = size ?? DEFAULT_PAGE_SIZE;
    const pageNumber = number ?? 1;
    const data = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return jsonResponse({
      customers: data,
      pagination_info: {
        page_number: pageNumber,
        page_size: pageSize,
        total_pages: Math.ceil(list.length / pageSize),
        total_records: list.length,
      },
    });
  }

  return {
    customers,
    calls,
    fault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    async handle(req) {
      const url = new URL(req.url);
      const res = answer(req, url);
      recordCall(calls, req, url, res);
      return res;
    },
  };
}
