/**
 * The merchant console's admin routes: a read-only Web-standard handler the merchant mounts (e.g.
 * at `/api/admin`) next to the checkout helper. Every request passes the merchant's `authorize(req)`
 * hook first; there is no open mode. The API key stays in the gateway client; answers carry only
 * what the console components show (src/console/types.ts is the contract).
 */
import { randomUUID } from 'node:crypto';
import { CONSOLE_METHODS, CONSOLE_STATUSES } from '../../console/types.js';
import type { ConsoleErrorCode, ConsolePage, ConsoleTransaction, CustomerSource } from '../../console/types.js';
import { createBynetDirectory } from '../../directory/bynet.js';
import { DirectoryError } from '../../directory/errors.js';
import type { CustomerDirectory } from '../../directory/types.js';
import { GATEWAY_ID_PATTERN } from '../gateway/assumptions.js';
import type { GatewayClient, ListQuery, QueryValue } from '../gateway/client.js';
import { GatewayError } from '../gateway/errors.js';
import { BASE_HEADERS } from '../http.js';
import { createLogger } from '../log.js';
import type { LogSink, Logger } from '../log.js';
import type { RequestInfo } from '../options.js';
import { createRateLimiter } from '../rate-limit.js';
import type { RateRule } from '../rate-limit.js';
import { csvNumber, csvRow, csvText } from './csv.js';
import { transactionRow, transactionSummary } from './map.js';

/**
 * The merchant's decision on one admin request: `true` lets it through, `false` answers 401
 * `unauthorized`, `'forbidden'` answers 403 (signed in, but not allowed the console).
 */
export type Authorize = (req: Request) => boolean | 'forbidden' | Promise<boolean | 'forbidden'>;

export interface AdminOptions {
  /** The helper's gateway client (holds the API key). */
  gateway: Pick<GatewayClient, 'transactions' | 'customers'>;
  /** Required: who may read the console. There is no default-open mode. */
  authorize: Authorize;
  /** Extra customer directories; `bynet` (from `gateway`) is always there unless set to `false`. */
  directories?: { bynet?: CustomerDirectory | false; pagarme?: CustomerDirectory; passport?: CustomerDirectory };
  /** Where the merchant mounts it. Default `/api/admin`. */
  basePath?: string;
  /** A log sink (one JSON line per call), `false` for none, or the helper's logger. Default: stderr. */
  logger?: LogSink | Logger | false;
  /** Strings never to log (e.g. the API key), besides the scrubber's patterns. */
  secrets?: readonly string[];
  /** Requests per client address (or in all, without one). Default 240 per minute; `false` turns it off. */
  rateLimit?: RateRule | false;
  /** Rows at most in one CSV export. Default 200000. */
  csvMaxRows?: number;
  /** Gateway page size the CSV export reads with (1-100). Default 100. */
  csvPageSize?: number;
}

export type AdminHandler = (req: Request, info?: RequestInfo) => Promise<Response | null>;

const STATUS: Record<ConsoleErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  invalid_request: 400,
  not_found: 404,
  source_not_configured: 404,
  rate_limited: 429,
  upstream_error: 502,
  upstream_timeout: 504,
  internal_error: 500,
};

class AdminError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly status: number = STATUS[code],
  ) {
    super(message);
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...headers } });

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

const TX_KEYS = new Set(['page', 'limit', 'id', 'paymentMethods', 'status', 'deliveryStatus', 'installments', 'name', 'email', 'phone', 'documentNumber', 'traceable']);
const CUSTOMER_KEYS = new Set(['source', 'q', 'name', 'email', 'document', 'cursor', 'limit']);

function bad(message: string): never {
  throw new AdminError('invalid_request', message);
}

function checkKeys(q: URLSearchParams, allowed: Set<string>): void {
  for (const k of q.keys()) if (!allowed.has(k)) bad(`Unknown parameter "${k.slice(0, 40)}"; use ${[...allowed].join(', ')}.`);
}

function intParam(q: URLSearchParams, name: string, min: number, max: number, dflt: number): number {
  const all = q.getAll(name);
  if (all.length === 0) return dflt;
  if (all.length > 1) bad(`Give "${name}" once.`);
  const v = all[0]!.trim();
  if (!/^\d{1,7}$/.test(v) || Number(v) < min || Number(v) > max) bad(`"${name}" must be a whole number from ${min} to ${max}.`);
  return Number(v);
}

function text(q: URLSearchParams, name: string, max = 120): string | undefined {
  const all = q.getAll(name);
  if (all.length > 1) bad(`Give "${name}" once.`);
  const v = all[0]?.trim();
  if (!v) return undefined;
  // eslint-disable-next-line no-control-regex
  if (v.length > max || /[\u0000-\u001f\u007f-\u009f]/.test(v)) bad(`"${name}" must be plain text of at most ${max} characters.`);
  return v;
}

/** Repeated or comma-separated values, trimmed, de-duplicated. */
function multi(q: URLSearchParams, name: string): string[] {
  const out = new Set<string>();
  for (const raw of q.getAll(name)) for (const part of raw.split(',')) if (part.trim()) out.add(part.trim());
  if (out.size > 20) bad(`Too many values for "${name}".`);
  return [...out];
}

/** The transactions filters, checked, in the gateway's Find All form. */
export function transactionFilters(q: URLSearchParams, paging: boolean): ListQuery {
  checkKeys(q, TX_KEYS);
  const out: ListQuery = {};
  if (paging) {
    out.page = intParam(q, 'page', 1, 100_000, 1);
    out.limit = intParam(q, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  } else if (q.has('page') || q.has('limit')) {
    bad('The export has every page; leave out "page" and "limit".');
  }
  const id = text(q, 'id', 128);
  if (id !== undefined) {
    if (!GATEWAY_ID_PATTERN.test(id)) bad('"id" is not a transaction id.');
    out['id'] = id;
  }
  const statuses = multi(q, 'status').map((s) => s.toUpperCase());
  for (const s of statuses) if (!(CONSOLE_STATUSES as readonly string[]).includes(s)) bad(`"${s.slice(0, 30)}" is not a status; use ${CONSOLE_STATUSES.join(', ')}.`);
  if (statuses.length) out['status'] = statuses;
  const methods = multi(q, 'paymentMethods').map((s) => s.toUpperCase().replace(/[\s-]/g, '_'));
  for (const m of methods) if (!(CONSOLE_METHODS as readonly string[]).includes(m)) bad(`"${m.slice(0, 30)}" is not a payment method; use ${CONSOLE_METHODS.join(', ')}.`);
  if (methods.length) out['paymentMethods'] = methods;
  const delivery = multi(q, 'deliveryStatus').map((s) => s.toUpperCase());
  for (const d of delivery) if (!/^[A-Z_]{1,40}$/.test(d)) bad(`"${d.slice(0, 30)}" is not a delivery status (letters and _ only, e.g. WAITING, IN_TRANSIT).`);
  if (delivery.length) out['deliveryStatus'] = delivery;
  const inst = multi(q, 'installments');
  for (const i of inst) if (!/^\d{1,2}$/.test(i) || Number(i) < 1 || Number(i) > 24) bad(`"installments" takes whole numbers from 1 to 24 (e.g. 1,2,3).`);
  if (inst.length) out['installments'] = inst.map(Number);
  for (const k of ['name', 'email', 'phone'] as const) {
    const v = text(q, k);
    if (v !== undefined) out[k] = v;
  }
  const doc = text(q, 'documentNumber', 24);
  if (doc !== undefined) {
    if (!/^[\dA-Za-z.\-/ ]+$/.test(doc)) bad('"documentNumber" must be a CPF or CNPJ, digits or formatted (000.000.000-00).');
    out['documentNumber'] = doc;
  }
  const traceable = text(q, 'traceable', 5);
  if (traceable !== undefined) {
    if (traceable !== 'true' && traceable !== 'false') bad('"traceable" must be true or false.');
    out['traceable'] = traceable === 'true';
  }
  return out;
}

function toAdminError(e: unknown): AdminError {
  if (e instanceof AdminError) return e;
  if (e instanceof GatewayError) {
    const retry: Record<string, string> = e.retryAfterSeconds !== undefined ? { 'retry-after': String(e.retryAfterSeconds) } : {};
    switch (e.code) {
      case 'not_found':
        return new AdminError('not_found', 'The gateway has no such transaction.');
      case 'rate_limited':
        return new AdminError('rate_limited', "The gateway's rate limit was reached; try again shortly.", retry);
      case 'timeout':
        return new AdminError('upstream_timeout', 'The gateway did not answer in time; try again.');
      case 'circuit_open':
        return new AdminError('upstream_error', 'Gateway calls are paused after repeated failures; try again shortly.', retry);
      case 'unauthorized':
        return new AdminError('upstream_error', "The gateway rejected the server's API key; check the helper's configuration.");
      case 'bad_request':
        return new AdminError('invalid_request', 'The gateway refused this query; change the filters.');
      default:
        return new AdminError('upstream_error', 'The gateway could not answer; try again.');
    }
  }
  if (e instanceof DirectoryError) {
    const name = { bynet: 'Bynet', pagarme: 'Pagar.me', passport: 'Passport' }[e.source];
    const retry: Record<string, string> = e.retryAfterSeconds !== undefined ? { 'retry-after': String(e.retryAfterSeconds) } : {};
    switch (e.code) {
      case 'invalid_query':
        return new AdminError('invalid_request', e.message);
      case 'rate_limited':
        return new AdminError('rate_limited', `${name}'s rate limit was reached; try again shortly.`, retry);
      case 'unauthorized':
      case 'forbidden':
        return new AdminError('upstream_error', `${name} refused the credentials configured on the server${e.missingScope ? ` (scope ${e.missingScope} needed)` : ''}; check the console's configuration.`);
      default:
        return new AdminError('upstream_error', `${name} could not answer; try again.`);
    }
  }
  return new AdminError('internal_error', 'Something went wrong.');
}

function toLogger(l: AdminOptions['logger'], secrets: readonly string[]): Logger {
  if (l && typeof l === 'object') return l;
  return createLogger(l === undefined ? undefined : l, secrets);
}

export function createAdminHandler(options: AdminOptions): AdminHandler {
  if (!options || typeof options.authorize !== 'function') {
    throw new TypeError(
      'createAdminHandler: pass authorize(req), the hook that decides who may read the console (true, false or "forbidden"); there is no open mode.',
    );
  }
  if (!options.gateway?.transactions || !options.gateway.customers) throw new TypeError('createAdminHandler: pass the gateway client (gateway).');
  const basePath = (options.basePath ?? '/api/admin').replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) throw new TypeError('createAdminHandler: basePath must look like /api/admin.');
  const gateway = options.gateway;
  const logger = toLogger(options.logger, options.secrets ?? []);
  const rate = options.rateLimit === false ? undefined : (options.rateLimit ?? { limit: 240, windowMs: 60_000 });
  const limiter = createRateLimiter();
  const csvMaxRows = options.csvMaxRows ?? 200_000;
  const EXPORT_PAGE = Math.max(1, Math.min(options.csvPageSize ?? MAX_LIMIT, MAX_LIMIT));

  const directories = new Map<CustomerSource, CustomerDirectory>();
  const d = options.directories ?? {};
  if (d.bynet !== false) directories.set('bynet', d.bynet ?? createBynetDirectory(gateway));
  if (d.pagarme) directories.set('pagarme', d.pagarme);
  if (d.passport) directories.set('passport', d.passport);

  async function listTransactions(url: URL): Promise<Response> {
    const query = transactionFilters(url.searchParams, true);
    const r = await gateway.transactions.list(query);
    const page = query.page as number;
    const limit = query.limit as number;
    const body: ConsolePage<ConsoleTransaction> = {
      data: r.items.map(transactionRow),
      page: r.page ?? page,
      limit,
      pages: r.pages ?? null,
      total: r.total ?? null,
      hasMore: r.pages !== undefined ? page < r.pages : r.items.length >= limit,
    };
    return json(200, body);
  }

  const CSV_HEADER = ['id', 'created_at', 'status', 'payment_method', 'amount_cents', 'refunded_amount_cents', 'installments', 'delivery_status', 'customer_name', 'customer_email'];
  const csvLine = (t: ConsoleTransaction) =>
    csvRow([
      csvText(t.id),
      csvText(t.createdAt),
      csvText(t.status),
      csvText(t.paymentMethod),
      csvNumber(t.amount),
      csvNumber(t.refundedAmount),
      csvNumber(t.installments),
      csvText(t.deliveryStatus),
      csvText(t.customer?.name),
      csvText(t.customer?.email),
    ]);

  async function exportCsv(url: URL, requestId: string): Promise<Response> {
    const filters = transactionFilters(url.searchParams, false);
    const fetchPage = (page: number) => gateway.transactions.list({ ...filters, page, limit: EXPORT_PAGE } as Record<string, QueryValue>);
    // the first page before the answer starts: a bad filter or a refused key is still a JSON error
    let next = await fetchPage(1);
    let page = 1;
    let rows = 0;
    let done = false;
    const seen = new Set<string>();
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // BOM: spreadsheets then read the accents as UTF-8
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(CSV_HEADER)}`));
      },
      async pull(controller) {
        try {
          if (done) return;
          let chunk = '';
          for (const raw of next.items) {
            const t = transactionRow(raw);
            if (seen.has(t.id)) continue; // pages shifted under a new transaction: once only
            seen.add(t.id);
            if (rows >= csvMaxRows) break;
            rows++;
            chunk += csvLine(t);
          }
          if (chunk) controller.enqueue(encoder.encode(chunk));
          const more = next.items.length > 0 && rows < csvMaxRows && (next.pages !== undefined ? page < next.pages : next.items.length >= EXPORT_PAGE);
          if (!more) {
            done = true;
            if (rows >= csvMaxRows) logger.warn('admin.export_truncated', { requestId, rows });
            logger.info('admin.export_done', { requestId, rows, pages: page });
            controller.close();
            return;
          }
          page++;
          next = await fetchPage(page);
        } catch (e) {
          done = true;
          // the answer has started: the only honest signal left is a broken download
          logger.warn('admin.export_failed', { requestId, page, rows, error: e instanceof Error ? e.message : 'unknown' });
          controller.error(new Error('The export stopped: the gateway failed mid-way.'));
        }
      },
      cancel() {
        done = true;
      },
    });
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    return new Response(stream, {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="transactions-${day}.csv"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  }

  async function summary(id: string): Promise<Response> {
    if (!GATEWAY_ID_PATTERN.test(id)) throw new AdminError('not_found', 'No such transaction.');
    const s = await gateway.transactions.summary(id);
    return json(200, transactionSummary(s));
  }

  async function customers(url: URL): Promise<Response> {
    const q = url.searchParams;
    checkKeys(q, CUSTOMER_KEYS);
    const sourceRaw = text(q, 'source', 20) ?? 'bynet';
    const dir = directories.get(sourceRaw as CustomerSource);
    if (!dir) {
      throw new AdminError('source_not_configured', `No "${sourceRaw.slice(0, 20)}" customer directory is configured; use one of ${[...directories.keys()].join(', ')}.`);
    }
    const page = await dir.list({
      limit: intParam(q, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT),
      cursor: text(q, 'cursor', 1024) ?? null,
      q: text(q, 'q'),
      name: text(q, 'name'),
      email: text(q, 'email'),
      document: text(q, 'document', 32),
    });
    return json(200, page);
  }

  async function route(url: URL, rest: string, requestId: string, routeName: { v: string }): Promise<Response> {
    const parts = rest.split('/').filter((p, i) => i > 0 || p !== '');
    if (parts.length === 1 && parts[0] === 'transactions') {
      routeName.v = 'transactions';
      return listTransactions(url);
    }
    if (parts.length === 1 && parts[0] === 'transactions.csv') {
      routeName.v = 'transactions.csv';
      return exportCsv(url, requestId);
    }
    if (parts.length === 2 && parts[0] === 'transactions') {
      routeName.v = 'transactions.summary';
      if ([...url.searchParams.keys()].length) bad('This route takes no parameters.');
      let id: string;
      try {
        id = decodeURIComponent(parts[1]!);
      } catch {
        throw new AdminError('not_found', 'No such transaction.');
      }
      return summary(id);
    }
    if (parts.length === 1 && parts[0] === 'customers') {
      routeName.v = 'customers';
      return customers(url);
    }
    if (parts.length === 1 && parts[0] === 'sources') {
      routeName.v = 'sources';
      return json(200, { sources: [...directories.keys()] });
    }
    throw new AdminError('not_found', 'No such admin route.');
  }

  return async (req, info) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return null;
    }
    if (!(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) return null;
    const started = Date.now();
    const requestId = randomUUID();
    const routeName = { v: 'unmatched' };
    let res: Response;
    try {
      if (rate) {
        const d = await limiter.hit(`admin:${info?.remoteAddress ?? 'all'}`, rate);
        if (!d.ok) throw new AdminError('rate_limited', 'Too many console requests; wait a moment.', { 'retry-after': String(d.retryAfterSeconds) });
      }
      let decision: boolean | 'forbidden';
      try {
        decision = await options.authorize(req);
      } catch (e) {
        logger.error('admin.authorize_failed', { requestId, error: e instanceof Error ? e.message : 'unknown' });
        throw new AdminError('internal_error', 'Could not check who is asking.');
      }
      if (decision === 'forbidden') throw new AdminError('forbidden', 'This account may not use the console.');
      if (decision !== true) throw new AdminError('unauthorized', 'Sign in to use the console.');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new AdminError('invalid_request', 'The console is read-only: use GET.', { allow: 'GET, HEAD' }, 405);
      }
      res = await route(url, url.pathname.slice(basePath.length), requestId, routeName);
    } catch (e) {
      const err = toAdminError(e);
      if (err.code === 'internal_error' && !(e instanceof AdminError)) {
        logger.error('admin.internal_error', { requestId, route: routeName.v, error: e instanceof Error ? e.message : 'unknown' });
      }
      res = json(err.status, { error: { code: err.code, message: err.message } }, err.headers);
    }
    res.headers.set('x-request-id', requestId);
    logger.info('admin.request', { requestId, method: req.method, route: routeName.v, status: res.status, ms: Date.now() - started });
    if (req.method === 'HEAD') {
      void res.body?.cancel().catch(() => undefined);
      return new Response(null, { status: res.status, headers: res.headers });
    }
    return res;
  };
}
