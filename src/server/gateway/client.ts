/**
 * Typed client for the Bynet gateway API. Every call has a deadline (AbortSignal), every response
 * is validated with the gateway schemas (tolerant: unknown fields kept), GETs are retried at most
 * `retries` times with jittered backoff on network errors, 5xx and 429 (Retry-After honoured,
 * capped), and POST/PUT/DELETE are never retried: a repeated create could charge twice.
 * Circuit breakers, one per route family (catalogue, create, status, webhook re-fetch, admin),
 * fail calls fast for a cool-down after consecutive outages (timeouts, network errors, 5xx), then
 * let one trial call through: one sick endpoint does not pause the others.
 */
import * as z from 'zod/mini';
import {
  envelope,
  pagedOrArray,
  GatewayCheckoutPaymentSchema,
  GatewayCustomerSchema,
  GatewayErrorBodySchema,
  GatewayLayoutSchema,
  GatewayOrderSchema,
  GatewayProductSchema,
  GatewaySummarySchema,
  GatewayTransactionSchema,
  GatewayWebhookSchema,
} from '../../contract/gateway.js';
import type {
  GatewayCheckoutPayment,
  GatewayCustomer,
  GatewayLayout,
  GatewayOrder,
  GatewayProduct,
  GatewaySummary,
  GatewayTransaction,
  GatewayWebhook,
} from '../../contract/gateway.js';
import { scrub } from '../log.js';
import type { Logger } from '../log.js';
import { GatewayError } from './errors.js';
import { createGatewayTransport } from './transport.js';
import type { GatewayAnswer, GatewayRequestInit, GatewayTransport } from './transport.js';
import {
  API_KEY_HEADER,
  CREATE_ORDER_BODY,
  DEFAULT_LIST_LIMIT,
  DEFAULT_USER_AGENT,
  GATEWAY_ID_PATTERN,
  HOSTNAME_QUERY_PARAM,
  LIMIT_PARAM,
  MULTI_VALUE_FILTER,
  PAGE_PARAM,
  PATHS,
  PRODUCT_INDEX_TTL_MS,
  PRODUCT_LOOKUP,
  SEND_API_KEY_TO_PUBLIC_CHECKOUT,
  SEND_HOSTNAME_ON_PAYMENT,
  deliveryBody,
  errorBodyRefusal,
  refundBody,
  productMatchesLink,
  resolveBaseUrl,
  webhookBody,
} from './assumptions.js';
import type { CheckoutPaymentBody, DeliveryStatus, TransactionCreateBody } from './assumptions.js';

export interface GatewayClientOptions {
  apiKey: string;
  /** Gateway origin, or a host preset name (`bynet`, `ativopay`, `ativob2b`; see HOST_PRESETS). Default `bynet`. */
  baseUrl?: string;
  userAgent?: string;
  /** Checkout host sent as `?hostname=` on the public checkout calls. */
  hostname?: string;
  /** Deadline per call, retries included. Default 15000. */
  timeoutMs?: number;
  /**
   * How calls are made. Default: a keep-alive node:http(s) transport of this client's own
   * (`createGatewayTransport`), whose sockets `close()` ends; a `fetch` given here stays yours.
   */
  fetch?: typeof fetch;
  /**
   * Calls made through a gateway transport's lean `request` (no web `Response` per call), when no
   * `fetch` is given. It stays the caller's: `close()` does not end its sockets.
   */
  transport?: Pick<GatewayTransport, 'request'>;
  /** Extra attempts for idempotent calls (GET). Default 2. */
  retries?: number;
  /** Longest `Retry-After` the client waits out on a 429. Default 5000 ms. */
  maxRetryAfterMs?: number;
  /** Backoff base (ms) for retries. Default 200. */
  backoffBaseMs?: number;
  /** Fail fast after this many consecutive failed calls, for `cooldownMs`. `false` turns it off. */
  circuitBreaker?: CircuitBreakerOptions | false;
  logger?: Logger;
}

/**
 * The gateway's route families, each behind its own circuit breaker:
 * - `catalog`: products and layouts (what `/config` needs);
 * - `create`: orders, payments, transactions, refunds;
 * - `status`: transaction status reads (polls, lookups by order);
 * - `refetch`: the transaction read a postback triggers;
 * - `admin`: webhooks registration and customers.
 */
export type GatewayRouteFamily = 'catalog' | 'create' | 'status' | 'refetch' | 'admin';

export interface CircuitBreakerOptions {
  /** Consecutive failed calls (timeouts, network errors, 5xx, after retries) that open it. Default 5. */
  failures?: number;
  /** How long it stays open before one trial call. Default 10000 ms. */
  cooldownMs?: number;
}

/** Open / half-open / closed; one instance per route family of a client. */
function createBreaker(o: CircuitBreakerOptions | false | undefined, logger: Logger | undefined, family: GatewayRouteFamily) {
  const threshold = o === false ? Infinity : Math.max(1, o?.failures ?? 5);
  const cooldownMs = o === false ? 0 : Math.max(1, o?.cooldownMs ?? 10_000);
  let failures = 0;
  let openUntil = 0;
  let trial = false;
  return {
    /** Throws when calls must fail fast; returns whether this call is the half-open trial. */
    enter(where: string): boolean {
      if (failures < threshold) return false;
      const now = Date.now();
      if (now < openUntil || trial) {
        const retryAfterSeconds = Math.max(1, Math.ceil((openUntil - now) / 1000));
        throw new GatewayError('circuit_open', `Gateway ${family} calls are paused after repeated failures (${where}).`, {
          retryAfterSeconds,
          details: { cause: 'circuit open', family },
        });
      }
      trial = true;
      return true;
    },
    leave(isTrial: boolean, outage: boolean): void {
      if (isTrial) trial = false;
      if (!outage) {
        if (failures >= threshold) logger?.info('gateway.circuit_closed', { family });
        failures = 0;
        return;
      }
      failures++;
      if (failures >= threshold) {
        openUntil = Date.now() + cooldownMs;
        if (isTrial || failures === threshold) logger?.warn('gateway.circuit_open', { family, failures, cooldownMs });
      }
    },
  };
}

/** Failures that say the gateway is down or unreachable (not a refusal or a bad request). */
function isOutage(e: unknown): boolean {
  if (!(e instanceof GatewayError)) return false;
  return e.code === 'timeout' || e.code === 'network' || (e.code === 'http' && e.httpStatus !== undefined && e.httpStatus >= 500);
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;
export interface ListQuery {
  page?: number;
  limit?: number;
  [param: string]: QueryValue;
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number | undefined;
  limit: number | undefined;
  total: number | undefined;
}

export interface PagedResource<T> {
  list(q?: ListQuery): Promise<Page<T>>;
  get(id: string): Promise<T>;
  /** Every item of every page, in order: `for await (const x of r.all({ limit: 100 }))`. */
  all(q?: ListQuery): AsyncIterable<T>;
}

export interface WebhookInput {
  url: string;
  type?: string;
}

export interface GatewayClient {
  checkout: {
    layouts: { list(q?: ListQuery): Promise<Page<GatewayLayout>>; get(id: string): Promise<GatewayLayout> };
    /** The product behind a product link id (see PRODUCT_LOOKUP). */
    product(linkId: string): Promise<GatewayProduct>;
    createOrder(linkId: string): Promise<GatewayOrder>;
    createPayment(orderId: string, body: CheckoutPaymentBody): Promise<GatewayCheckoutPayment>;
  };
  transactions: PagedResource<GatewayTransaction> & {
    /** The same read as `get`, for a postback's re-fetch: behind its own circuit breaker (`refetch`). */
    refetch(id: string): Promise<GatewayTransaction>;
    create(body: TransactionCreateBody): Promise<GatewayTransaction>;
    summary(id: string): Promise<GatewaySummary>;
    /** Refunds a paid transaction, whole or `amount` cents (path: an assumption, see PATHS). Never retried. */
    refund(id: string, amount?: number): Promise<GatewayTransaction>;
    /** Update delivery status: `{ status: 'DELIVERED', trackingCode }` (body: an assumption, see deliveryBody). Never retried. */
    updateDelivery(id: string, input: { status: DeliveryStatus; trackingCode?: string }): Promise<unknown>;
  };
  customers: PagedResource<GatewayCustomer>;
  products: PagedResource<GatewayProduct>;
  webhooks: {
    create(input: WebhookInput): Promise<GatewayWebhook>;
    list(q?: ListQuery): Promise<Page<GatewayWebhook>>;
    get(id: string): Promise<GatewayWebhook>;
    update(id: string, input: Partial<WebhookInput>): Promise<GatewayWebhook>;
    delete(id: string): Promise<void>;
  };
  /** Ends the default transport's kept-alive sockets (nothing to do with a `fetch` of yours). Idempotent. */
  close(): void;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface CallSpec<S extends z.ZodMiniType> {
  method: Method;
  path: string;
  /** Path template for logs and errors (ids replaced). */
  route: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  /** Schema of `data` inside the envelope. */
  data: S;
  auth?: boolean;
  /** Which circuit breaker the call goes through. */
  family: GatewayRouteFamily;
}

const MAX_BODY_CHARS = 2_000_000;

/**
 * The envelope schema around each data schema, built once: a zod object schema compiles its
 * parser on first use, which costs far more than the parse itself (a new one per call made every
 * gateway answer pay it).
 */
const envelopes = new WeakMap<z.ZodMiniType, z.ZodMiniType>();
function envelopeOf(data: z.ZodMiniType): z.ZodMiniType {
  let env = envelopes.get(data);
  if (!env) envelopes.set(data, (env = envelope(data)));
  return env;
}
/** The data schemas that are not a contract export, built once for the same reason. */
const LAYOUT_LIST = pagedOrArray(GatewayLayoutSchema);
const WEBHOOK_LIST = pagedOrArray(GatewayWebhookSchema);
const ANY_DATA = z.optional(z.unknown());

function checkId(id: string, what: string): string {
  if (typeof id !== 'string' || !GATEWAY_ID_PATTERN.test(id)) {
    throw new GatewayError('bad_request', `Invalid ${what} id.`, { details: { cause: 'id failed local pattern' } });
  }
  return encodeURIComponent(id);
}

function parseRetryAfter(v: string | null, now: number): number | undefined {
  if (!v) return undefined;
  const s = Number(v.trim());
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

/** A `fetch` as the client calls it: redirects returned as they are, the body read as text. */
function answerOf(doFetch: typeof fetch): (url: URL, init: GatewayRequestInit) => Promise<GatewayAnswer> {
  return async (url, init) => {
    const { timeoutMs, ...rest } = init;
    const res = await doFetch(url, { ...rest, redirect: 'manual', ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }) });
    const text = await res.text();
    return { status: res.status, text, header: (name) => res.headers.get(name) };
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const apiKey = options.apiKey;
  if (typeof apiKey !== 'string' || apiKey.trim() === '' || /\s/.test(apiKey)) {
    throw new TypeError('createGatewayClient: apiKey must be a non-empty string without spaces.');
  }
  let base: URL;
  try {
    base = new URL(resolveBaseUrl(options.baseUrl));
  } catch {
    throw new TypeError('createGatewayClient: baseUrl is not a valid URL.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TypeError('createGatewayClient: baseUrl must be http(s).');
  }
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const hostname = options.hostname;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = Math.max(0, Math.min(options.retries ?? 2, 5));
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 5_000;
  const backoffBase = options.backoffBaseMs ?? 200;
  const ownTransport = options.fetch || options.transport ? undefined : createGatewayTransport();
  const send = options.fetch ? answerOf(options.fetch) : (options.transport ?? ownTransport!).request;
  const logger = options.logger;
  const secrets = [apiKey];

  const detailBody = (b: unknown) => scrub(b, secrets);
  const breakers = new Map<GatewayRouteFamily, ReturnType<typeof createBreaker>>();
  /** The breaker of a route family (made on first use). */
  const breakerOf = (family: GatewayRouteFamily) => {
    let b = breakers.get(family);
    if (!b) breakers.set(family, (b = createBreaker(options.circuitBreaker, logger, family)));
    return b;
  };

  const baseHref = base.href.replace(/\/+$/, '');
  function buildUrl(path: string, query?: Record<string, QueryValue>): URL {
    const url = new URL(baseHref + path);
    if (url.origin !== base.origin) throw new GatewayError('bad_request', 'Refusing to call a foreign origin.');
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        if (MULTI_VALUE_FILTER === 'comma') url.searchParams.set(k, v.map(String).join(','));
        else for (const x of v) url.searchParams.append(k, String(x));
      }
      else url.searchParams.set(k, String(v));
    }
    return url;
  }

  async function call<S extends z.ZodMiniType>(spec: CallSpec<S>): Promise<z.infer<S>> {
    const breaker = breakerOf(spec.family);
    const isTrial = breaker.enter(`${spec.method} ${spec.route}`);
    try {
      const out = await attempt(spec);
      breaker.leave(isTrial, false);
      return out;
    } catch (e) {
      breaker.leave(isTrial, isOutage(e));
      throw e;
    }
  }

  async function attempt<S extends z.ZodMiniType>(spec: CallSpec<S>): Promise<z.infer<S>> {
    const url = buildUrl(spec.path, spec.query);
    const idempotent = spec.method === 'GET';
    const maxAttempts = idempotent ? 1 + retries : 1;
    const deadline = Date.now() + timeoutMs;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent };
    if (spec.auth !== false) headers[API_KEY_HEADER] = apiKey;
    let payload: string | undefined;
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(spec.body);
    }
    const where = `${spec.method} ${spec.route}`;
    let attempt = 0;
    for (;;) {
      attempt++;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new GatewayError('timeout', `Gateway did not answer within ${timeoutMs} ms (${where}).`, {
          details: { method: spec.method, route: spec.route, attempts: attempt - 1 },
        });
      }
      let res: GatewayAnswer;
      try {
        const init: GatewayRequestInit = { method: spec.method, headers, timeoutMs: remaining };
        if (payload !== undefined) init.body = payload;
        res = await send(url, init);
      } catch (e) {
        if (isTimeout(e)) {
          throw new GatewayError('timeout', `Gateway did not answer within ${timeoutMs} ms (${where}).`, {
            details: { method: spec.method, route: spec.route, attempts: attempt },
          });
        }
        const err = new GatewayError('network', `Could not reach the gateway (${where}).`, {
          details: { method: spec.method, route: spec.route, attempts: attempt, cause: e instanceof Error ? e.message : 'unknown' },
        });
        if (attempt < maxAttempts && (await backoff(attempt, deadline))) {
          logger?.warn('gateway.retry', { route: spec.route, method: spec.method, attempt, reason: 'network' });
          continue;
        }
        throw err;
      }

      const status = res.status;
      const text = res.text;
      if (status >= 200 && status < 300) {
        return parseSuccess(spec, text, status);
      }
      let errBody: unknown;
      try {
        errBody = text ? JSON.parse(text.length > MAX_BODY_CHARS ? '' : text) : undefined;
      } catch {
        errBody = text.slice(0, 300);
      }
      const details = { method: spec.method, route: spec.route, attempts: attempt, body: detailBody(errBody) };
      if (status === 429) {
        const waitMs = parseRetryAfter(res.header('retry-after'), Date.now());
        const retryAfterSeconds = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
        const wait = Math.min(waitMs ?? backoffBase * 2 ** (attempt - 1), maxRetryAfterMs);
        if (attempt < maxAttempts && (waitMs === undefined || waitMs <= maxRetryAfterMs) && Date.now() + wait < deadline) {
          logger?.warn('gateway.retry', { route: spec.route, method: spec.method, attempt, reason: 'rate_limited', waitMs: wait });
          await sleep(wait);
          continue;
        }
        const opts: ConstructorParameters<typeof GatewayError>[2] = { httpStatus: 429, details };
        if (retryAfterSeconds !== undefined) opts.retryAfterSeconds = retryAfterSeconds;
        throw new GatewayError('rate_limited', `Gateway rate limit reached (${where}).`, opts);
      }
      if (status >= 500) {
        if (attempt < maxAttempts && (await backoff(attempt, deadline))) {
          logger?.warn('gateway.retry', { route: spec.route, method: spec.method, attempt, reason: `http_${status}` });
          continue;
        }
        throw new GatewayError('http', `Gateway answered HTTP ${status} (${where}).`, { httpStatus: status, details });
      }
      if (status >= 300 && status < 400) {
        throw new GatewayError('invalid_response', `Gateway answered an unexpected redirect (${where}).`, {
          httpStatus: status,
          details,
        });
      }
      if (status === 401 || status === 403) {
        throw new GatewayError('unauthorized', `Gateway rejected the API key (${where}).`, { httpStatus: status, details });
      }
      if (status === 404) {
        throw new GatewayError('not_found', `Gateway resource not found (${where}).`, { httpStatus: status, details });
      }
      const refused = errorBodyRefusal(errBody);
      if (refused) {
        throw new GatewayError('refused', `Gateway refused the payment (${where}).`, {
          httpStatus: status,
          refusedReason: refused,
          details,
        });
      }
      throw new GatewayError(status === 400 || status === 422 ? 'bad_request' : 'http', `Gateway answered HTTP ${status} (${where}).`, {
        httpStatus: status,
        details,
      });
    }
  }

  /** Waits a jittered exponential backoff; false when it would overrun the deadline. */
  async function backoff(attempt: number, deadline: number): Promise<boolean> {
    const cap = Math.min(backoffBase * 2 ** (attempt - 1), 2_000);
    const wait = cap / 2 + Math.random() * (cap / 2);
    if (Date.now() + wait >= deadline) return false;
    await sleep(wait);
    return true;
  }

  function parseSuccess<S extends z.ZodMiniType>(spec: CallSpec<S>, text: string, status: number): z.infer<S> {
    const where = `${spec.method} ${spec.route}`;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new GatewayError('invalid_response', `Gateway answered non-JSON (${where}).`, {
        httpStatus: status,
        details: { method: spec.method, route: spec.route, body: detailBody(text.slice(0, 200)) },
      });
    }
    const env = envelopeOf(spec.data).safeParse(json);
    if (!env.success) {
      // a 2xx that carries an error and no data is a failure in disguise
      const errBody = GatewayErrorBodySchema.safeParse(json);
      const hasError = errBody.success && errBody.data.error !== undefined && errBody.data.error !== null;
      throw new GatewayError(hasError ? 'http' : 'invalid_response', `Gateway answered an unexpected body (${where}).`, {
        httpStatus: status,
        details: {
          method: spec.method,
          route: spec.route,
          body: env.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        },
      });
    }
    return (env.data as { data: z.infer<S> }).data;
  }

  function toPage<T>(raw: { data: T[]; pages?: number | undefined; page?: number | string | undefined; limit?: number | string | undefined; total?: number | undefined } | T[], q: ListQuery): Page<T> {
    if (Array.isArray(raw)) {
      // [DOC] Transactions Find All answers a plain array: no paging fields to read
      return { items: raw, page: q.page ?? 1, pages: undefined, limit: q.limit ?? DEFAULT_LIST_LIMIT, total: undefined };
    }
    const num = (v: number | string | undefined) => (v === undefined ? undefined : Number(v));
    return {
      items: raw.data,
      page: num(raw.page) ?? q.page ?? 1,
      pages: raw.pages,
      limit: num(raw.limit) ?? q.limit,
      total: raw.total,
    };
  }

  function listQuery(q: ListQuery): Record<string, QueryValue> {
    const out: Record<string, QueryValue> = {};
    for (const [k, v] of Object.entries(q)) {
      if (k === 'page') out[PAGE_PARAM] = v;
      else if (k === 'limit') out[LIMIT_PARAM] = v;
      else out[k] = v;
    }
    return out;
  }

  function paged<S extends z.ZodMiniType>(
    path: string,
    route: string,
    item: S,
    byId: (id: string) => string,
    name: string,
    family: GatewayRouteFamily,
  ): PagedResource<z.infer<S>> {
    type T = z.infer<S>;
    const listSchema = pagedOrArray(item);
    const list = async (q: ListQuery = {}): Promise<Page<T>> => {
      const raw = await call({ method: 'GET', path, route, query: listQuery(q), data: listSchema, family });
      return toPage<T>(raw as never, q);
    };
    const get = async (id: string): Promise<T> =>
      call({ method: 'GET', path: byId(checkId(id, name)), route: byId(':id'), data: item, family });
    async function* all(q: ListQuery = {}): AsyncGenerator<T> {
      let page = q.page ?? 1;
      const seen = new Set<string>();
      for (let guard = 0; guard < 10_000; guard++) {
        const res = await list({ ...q, page });
        let fresh = 0;
        for (const it of res.items) {
          const id = (it as { id?: unknown }).id;
          if (typeof id === 'string') {
            if (seen.has(id)) continue;
            seen.add(id);
          }
          fresh++;
          yield it;
        }
        if (res.items.length === 0 || fresh === 0) return;
        if (res.pages !== undefined && page >= res.pages) return;
        if (res.pages === undefined && res.limit !== undefined && res.items.length < res.limit) return;
        if (res.pages === undefined && res.limit === undefined) return;
        page++;
      }
    }
    return { list, get, all: (q) => all(q) };
  }

  const hostQuery = (send: boolean): Record<string, QueryValue> | undefined =>
    send && hostname ? { [HOSTNAME_QUERY_PARAM]: hostname } : undefined;

  const products = paged(PATHS.products, PATHS.products, GatewayProductSchema, PATHS.product, 'product', 'catalog');
  const transactionsBase = paged(PATHS.transactions, PATHS.transactions, GatewayTransactionSchema, PATHS.transaction, 'transaction', 'status');
  const customers = paged(PATHS.customers, PATHS.customers, GatewayCustomerSchema, PATHS.customer, 'customer', 'admin');

  // the scanned product list, shared by every lookup that by-id could not answer (single flight)
  let productIndex: { byLink: Map<string, GatewayProduct>; exp: number; loading?: Promise<Map<string, GatewayProduct>> } | undefined;
  /** Link id -> product, read from the paged list at most once per `PRODUCT_INDEX_TTL_MS`. */
  function productIndexMap(): Promise<Map<string, GatewayProduct>> {
    const t = Date.now();
    if (productIndex && productIndex.exp > t) return Promise.resolve(productIndex.byLink);
    if (productIndex?.loading) return productIndex.loading;
    const loading = (async () => {
      const byLink = new Map<string, GatewayProduct>();
      let scanned = 0;
      for await (const p of products.all({ limit: PRODUCT_LOOKUP.scanPageSize })) {
        if (p.uniqueProductLinkId && !byLink.has(p.uniqueProductLinkId)) byLink.set(p.uniqueProductLinkId, p);
        if (!byLink.has(p.id)) byLink.set(p.id, p);
        if (++scanned >= PRODUCT_LOOKUP.scanMaxPages * PRODUCT_LOOKUP.scanPageSize) break;
      }
      productIndex = { byLink, exp: Date.now() + PRODUCT_INDEX_TTL_MS };
      return byLink;
    })();
    productIndex = { byLink: productIndex?.byLink ?? new Map(), exp: 0, loading };
    loading.catch(() => {
      if (productIndex?.loading === loading) productIndex = undefined;
    });
    return loading;
  }

  const client: GatewayClient = {
    checkout: {
      layouts: {
        list: async (q = {}) => {
          const raw = await call({
            method: 'GET',
            path: PATHS.layouts,
            route: PATHS.layouts,
            query: listQuery(q),
            data: LAYOUT_LIST,
            family: 'catalog',
          });
          return toPage<GatewayLayout>(raw as never, q);
        },
        get: async (id) => {
          checkId(id, 'layout');
          return call({ method: 'GET', path: PATHS.layoutById, route: PATHS.layoutById, query: { id }, data: GatewayLayoutSchema, family: 'catalog' });
        },
      },
      async product(linkId) {
        checkId(linkId, 'product link');
        if (PRODUCT_LOOKUP.byIdFirst) {
          try {
            const p = await products.get(linkId);
            if (productMatchesLink(p, linkId)) return p;
          } catch (e) {
            if (!(e instanceof GatewayError && e.code === 'not_found') || !PRODUCT_LOOKUP.scanListOnNotFound) throw e;
          }
        }
        // bounded: one shared, cached scan of the list, not one scan per unknown id
        const found = (await productIndexMap()).get(linkId);
        if (found && productMatchesLink(found, linkId)) return found;
        throw new GatewayError('not_found', 'Gateway product not found (product link).', { httpStatus: 404 });
      },
      createOrder: async (linkId) =>
        call({
          method: 'POST',
          path: PATHS.createOrder(checkId(linkId, 'product link')),
          route: PATHS.createOrder(':linkId'),
          query: hostQuery(true),
          body: CREATE_ORDER_BODY,
          data: GatewayOrderSchema,
          auth: SEND_API_KEY_TO_PUBLIC_CHECKOUT,
          family: 'create',
        }),
      createPayment: async (orderId, body) =>
        call({
          method: 'POST',
          path: PATHS.createPayment(checkId(orderId, 'order')),
          route: PATHS.createPayment(':orderId'),
          query: hostQuery(SEND_HOSTNAME_ON_PAYMENT),
          body,
          data: GatewayCheckoutPaymentSchema,
          auth: SEND_API_KEY_TO_PUBLIC_CHECKOUT,
          family: 'create',
        }),
    },
    transactions: {
      ...transactionsBase,
      refetch: async (id) =>
        call({ method: 'GET', path: PATHS.transaction(checkId(id, 'transaction')), route: PATHS.transaction(':id'), data: GatewayTransactionSchema, family: 'refetch' }),
      create: (body) =>
        call({ method: 'POST', path: PATHS.transactions, route: PATHS.transactions, body, data: GatewayTransactionSchema, family: 'create' }),
      summary: async (id) =>
        call({
          method: 'GET',
          path: PATHS.transactionSummary(checkId(id, 'transaction')),
          route: PATHS.transactionSummary(':id'),
          data: GatewaySummarySchema,
          family: 'status',
        }),
      refund: async (id, amount) =>
        call({
          method: 'POST',
          path: PATHS.transactionRefund(checkId(id, 'transaction')),
          route: PATHS.transactionRefund(':id'),
          body: refundBody(amount),
          data: GatewayTransactionSchema,
          family: 'create',
        }),
      updateDelivery: async (id, input) =>
        call({
          method: 'PUT',
          path: PATHS.transactionDelivery(checkId(id, 'transaction')),
          route: PATHS.transactionDelivery(':id'),
          body: deliveryBody(input),
          data: ANY_DATA,
          family: 'admin',
        }),
    },
    customers,
    products,
    webhooks: {
      create: (input) =>
        call({ method: 'POST', path: PATHS.webhooks, route: PATHS.webhooks, body: webhookBody(input, true), data: GatewayWebhookSchema, family: 'admin' }),
      list: async (q = {}) => {
        const raw = await call({ method: 'GET', path: PATHS.webhooks, route: PATHS.webhooks, query: listQuery(q), data: WEBHOOK_LIST, family: 'admin' });
        return toPage<GatewayWebhook>(raw as never, q);
      },
      get: async (id) => call({ method: 'GET', path: PATHS.webhook(checkId(id, 'webhook')), route: PATHS.webhook(':id'), data: GatewayWebhookSchema, family: 'admin' }),
      update: async (id, input) =>
        call({ method: 'PUT', path: PATHS.webhook(checkId(id, 'webhook')), route: PATHS.webhook(':id'), body: webhookBody(input, false), data: GatewayWebhookSchema, family: 'admin' }),
      delete: async (id) => {
        await call({ method: 'DELETE', path: PATHS.webhook(checkId(id, 'webhook')), route: PATHS.webhook(':id'), data: ANY_DATA, family: 'admin' });
      },
    },
    close() {
      ownTransport?.close();
    },
  };
  return client;
}
