/**
 * The merchant helper: a Web-standard `(request) => Promise<Response>` handler serving the helper's
 * HTTP contract (design.md section 4) under a base path, plus the gateway webhook receiver.
 *
 * It holds the API key, prices every checkout on the server (product from the gateway, or the
 * merchant's `resolveCart` hook), signs checkout tokens, makes POSTs idempotent, keeps one open
 * payment per order and method, follows payment status (cached polling + postbacks, monotonic),
 * streams status changes, and never forwards anything the route table does not name.
 */
import { createHmac, randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import {
  CHECKOUT_TOKEN_HEADER,
  CepResponseSchema,
  CheckoutItemSchema,
  ConfigResponseSchema,
  CreateOrderRequestSchema,
  CreateOrderResponseSchema,
  CreatePaymentRequestSchema,
  IDEMPOTENCY_KEY_HEADER,
  PaymentResponseSchema,
} from '../contract/helper.js';
import type {
  CheckoutInfo,
  CheckoutItem,
  ConfigResponse,
  CreateOrderResponse,
  CreatePaymentRequest,
  FieldError,
  InstallmentOption,
  Layout,
  PaymentResponse,
} from '../contract/helper.js';
import { PAYMENT_METHODS, PaymentSchema, isFinalStatus } from '../contract/payment.js';
import type { Payment, PaymentMethod, PaymentStatus } from '../contract/payment.js';
import { formatZodIssues } from '../contract/issues.js';
import { buildInstallmentPlan } from '../brazil/installments.js';
import { isValidDocument } from '../brazil/document.js';
import { isExpiryValid, luhnValid } from '../brazil/card.js';
import { createGatewayClient } from './gateway/client.js';
import type { CircuitBreakerOptions, GatewayClient } from './gateway/client.js';
import { GatewayError } from './gateway/errors.js';
import {
  GATEWAY_ID_PATTERN,
  LAYOUT_LIST_QUERY,
  buildCheckoutPaymentBody,
  buildTransactionBody,
  pickLayout,
  postbackStatusHint,
  postbackTransactionId,
  productAmountCents,
  productIsActive,
  productMaxInstallments,
  productMethods,
  readCheckoutPayment,
  readTransaction,
  toLayout,
  toPayment,
} from './gateway/assumptions.js';
import type { PaymentParts } from './gateway/assumptions.js';
import { HttpError, canonicalJson, isJsonContentType, parseJson, readBodyText, serialize, toResponse } from './http.js';
import type { Reply } from './http.js';
import type { IdempotencyStore } from './idempotency.js';
import { createLogger } from './log.js';
import type { LogSink, Logger } from './log.js';
import { canTransition } from './payments.js';
import type { PaymentRecord, PaymentStore } from './payments.js';
import { DEFAULT_RATE_LIMITS } from './rate-limit.js';
import type { RateLimitOptions, RateRule } from './rate-limit.js';
import { attachStateReporter, createRedisState } from './redis.js';
import type { RedisClient } from './redis.js';
import { StateUnavailableError, createMemoryState } from './state.js';
import type { HelperState, PaymentUpdate } from './state.js';
import { createTokenSigner } from './token.js';
import type { CheckoutTokenPayload } from './token.js';
import { createPaymentTracker } from './tracker.js';
import { builtInCepLookup } from './cep.js';
import type { CepLookup } from './cep.js';

// ── public types ──────────────────────────────────────────────────────────────────────────

/** Connection facts an adapter knows and a `Request` does not carry. */
export interface RequestInfo {
  remoteAddress?: string | undefined;
}

export type Handler = (request: Request, info?: RequestInfo) => Promise<Response>;

/** What `resolveCart` returns: the server-side price of a cart. */
export interface CartResolution {
  title?: string;
  items: CheckoutItem[];
  /** Methods offered for this cart. Default: PIX, BOLETO, CREDIT_CARD. */
  methods?: PaymentMethod[];
  /** Default 12. */
  maxInstallments?: number;
}

export type ResolveCart = (
  cartRef: string,
  request: Request,
) => Promise<CartResolution | null | undefined> | CartResolution | null | undefined;

export interface InstallmentSettings {
  /** Counts up to this are interest-free. Default 1. */
  interestFreeUpTo?: number;
  /** Monthly compound rate for the other counts (e.g. 0.0199). Default 0. */
  monthlyInterestRate?: number;
  /** Installments below this many cents are not offered. Default 500. */
  minInstallmentAmount?: number;
}

export interface CheckoutOptions {
  /** Gateway secret key. Never appears in a response, log line or error. */
  apiKey: string;
  baseUrl?: string;
  userAgent?: string;
  /** The checkout domain registered at the gateway, sent as `?hostname=`. */
  hostname: string;
  /** HMAC secret for checkout tokens, at least 32 characters. */
  tokenSecret: string;
  tokenTtlSeconds?: number;
  /** Where the checkout routes are mounted. Default `/api/checkout`. */
  basePath?: string;
  /** Gateway layout to use; default: the first ACTIVE layout. */
  layoutId?: string;
  installments?: InstallmentSettings;
  pixExpiresInSeconds?: number;
  addressRequiredFor?: PaymentMethod[];
  /** Enables `?cart=REF` checkouts priced by the merchant (direct transactions). */
  resolveCart?: ResolveCart;
  /** Absolute URL of the mounted webhook handler, sent as `postbackUrl` on cart transactions. */
  postbackUrl?: string;
  cepLookup?: CepLookup;
  /**
   * Shares the helper's state between instances through Redis: an ioredis client (or any
   * `{ command(args) }`, see `RedisCommander`). The client stays yours: `close()` leaves it open.
   */
  redis?: RedisClient;
  /** The whole state bundle (`createMemoryState()`, `createRedisState(client, options)`). */
  state?: HelperState;
  /** Overrides the state's idempotency store. */
  idempotencyStore?: IdempotencyStore;
  /** How long idempotent responses are kept. Default 24 h. */
  idempotencyTtlMs?: number;
  /** Overrides the state's payment store. */
  paymentStore?: PaymentStore;
  /** Receives scrubbed JSON log lines. Default: stderr. `false` silences. */
  logger?: LogSink | false;
  fetch?: typeof fetch;
  /** Gateway call deadline, ms. Default 15000. */
  timeoutMs?: number;
  /** Extra attempts for gateway GETs. Default 2. */
  retries?: number;
  /** Fail fast (502 + Retry-After) after consecutive gateway outages. Default 5 failures, 10 s. */
  circuitBreaker?: CircuitBreakerOptions | false;
  /** Exact origins allowed cross-origin (CORS off when absent). Never `*`. */
  allowedOrigins?: string[];
  rateLimit?: RateLimitOptions | false;
  /** Status answers are served from cache this long. Default 1000 ms. */
  statusCacheMs?: number;
  /** Product/layout cache lifetime. Default 60000 ms. */
  catalogCacheMs?: number;
  /** Status stream heartbeat. Default 15000 ms. */
  heartbeatMs?: number;
  /**
   * When the re-fetch a postback triggers fails, try again after these delays (the gateway may
   * not redeliver). Default 1 s, 5 s, 15 s, 60 s.
   */
  postbackRetryDelaysMs?: readonly number[];
  /** Longest life of one status stream. Default 30 min. */
  streamMaxMs?: number;
  /**
   * The client's address for rate limits. Default: the adapter's remote address. When no address
   * is known (some fetch runtimes), the per-address limits are skipped and the per-checkout ones
   * still apply.
   */
  clientIp?: (request: Request, info: RequestInfo | undefined) => string | undefined;
  /** Clock (ms since epoch). Default `Date.now`. */
  now?: () => number;
  /**
   * Where the durable default state keeps its files (an embedded LMDB database), when neither
   * `state` nor `redis` is given. Default `.bynet-checkout` under the working directory.
   */
  dataDir?: string;
  /**
   * Tells the merchant's server about every status change of every payment (created, paid,
   * refused, expired, refunded...), at least once and once per change across restarts and
   * instances (dedupe on `eventId` if your handler can be interrupted). A throw is retried with
   * backoff. Fed by postbacks, polls and the helper's own background reconciliation.
   */
  onPaymentUpdate?: (update: PaymentUpdate) => void | Promise<void>;
  /**
   * The merchant's reference for a checkout (e.g. its own order id), asked at `/config` and
   * signed into the checkout token; it comes back in `onPaymentUpdate`. For carts the
   * `CartResolution.merchantRef` (default: the cart ref) is used when this hook is absent.
   */
  merchantRef?: (request: Request, checkout: { kind: 'product' | 'cart'; ref: string }) => string | undefined | Promise<string | undefined>;
  /**
   * Registers `postbackUrl` as a TRANSACTION webhook at the gateway on first use (unless one with
   * that URL exists). The product-link flow cannot send a per-payment `postbackUrl`, so without a
   * registered webhook no postback reaches the helper. Default true when `postbackUrl` is set.
   */
  registerWebhook?: boolean;
  /** Refund the later of two paid payments of one order automatically. Default false (reported only). */
  refundDuplicates?: boolean;
  /** Background re-check of open payments and hook delivery, ms. Default 30000. */
  reconcileIntervalMs?: number;
}

export interface BynetCheckout {
  /** The checkout routes (mount at `basePath`). */
  checkout: Handler;
  /** The gateway postback receiver (mount wherever the gateway is told to post). */
  webhook: Handler;
  /** The gateway client the helper uses (for admin scripts: webhooks registration, reports). */
  gateway: GatewayClient;
  /** Resolves when background postback work is done (handy in tests and graceful shutdown). */
  idle(): Promise<void>;
  /** Live resources of this instance (for health checks and leak tests). */
  stats(): HelperStats;
  /** Ends status streams and background work. */
  close(): Promise<void>;
}

export interface HelperStats {
  /** Where state lives. */
  state: 'memory' | 'redis' | 'durable';
  /** Open status streams. */
  streams: number;
  /** Status subscriptions held by those streams. */
  subscriptions: number;
  /** Pending timers of those streams (heartbeat, lifetime, expiry). */
  timers: number;
  /** Postback work still running. */
  background: number;
}

// ── option validation ─────────────────────────────────────────────────────────────────────

const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const CART_REF = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function fail(msg: string): never {
  throw new TypeError(`bynet-checkout: ${msg}`);
}

function positiveInt(v: unknown, name: string, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${name} must be an integer >= ${min}.`);
  return v;
}

interface Resolved {
  basePath: string;
  tokenTtlSeconds: number;
  pixExpiresInSeconds: number;
  addressRequiredFor: PaymentMethod[];
  idempotencyTtlMs: number;
  statusCacheMs: number;
  catalogCacheMs: number;
  heartbeatMs: number;
  streamMaxMs: number;
  allowedOrigins: Set<string>;
  rate: RateLimitOptions | false;
}

function validateOptions(o: CheckoutOptions): Resolved {
  if (!o || typeof o !== 'object') fail('options are required.');
  if (typeof o.apiKey !== 'string' || o.apiKey.trim() === '' || /\s/.test(o.apiKey)) {
    fail('apiKey must be a non-empty string without spaces.');
  }
  if (typeof o.tokenSecret !== 'string' || o.tokenSecret.length < 32) fail('tokenSecret must be at least 32 characters.');
  if (o.tokenSecret === o.apiKey) fail('tokenSecret must differ from apiKey.');
  if (typeof o.hostname !== 'string' || !HOSTNAME.test(o.hostname)) {
    fail('hostname must be a bare host name (no scheme, port or path), e.g. "shop.example.com".');
  }
  if (o.baseUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(o.baseUrl);
    } catch {
      fail('baseUrl must be an absolute URL.');
    }
    const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) fail('baseUrl must use https (http only on loopback).');
    if (u.username || u.password || u.search || u.hash) fail('baseUrl must not carry credentials, query or fragment.');
  }
  const basePath = o.basePath ?? '/api/checkout';
  if (typeof basePath !== 'string' || !/^(\/[A-Za-z0-9._~-]+)*$/.test(basePath) || basePath.includes('/..') || basePath.includes('/./')) {
    fail('basePath must look like "/api/checkout" (no trailing slash).');
  }
  const tokenTtlSeconds = positiveInt(o.tokenTtlSeconds ?? 3600, 'tokenTtlSeconds', 60);
  const pixExpiresInSeconds = positiveInt(o.pixExpiresInSeconds ?? 900, 'pixExpiresInSeconds', 60);
  const addressRequiredFor = o.addressRequiredFor ?? ['BOLETO'];
  if (!Array.isArray(addressRequiredFor) || !addressRequiredFor.every((m) => (PAYMENT_METHODS as readonly string[]).includes(m))) {
    fail('addressRequiredFor must list payment methods (PIX, BOLETO, CREDIT_CARD).');
  }
  if (o.layoutId !== undefined && (typeof o.layoutId !== 'string' || !GATEWAY_ID_PATTERN.test(o.layoutId))) fail('layoutId is invalid.');
  if (o.resolveCart !== undefined && typeof o.resolveCart !== 'function') fail('resolveCart must be a function.');
  if (o.cepLookup !== undefined && typeof o.cepLookup !== 'function') fail('cepLookup must be a function.');
  if (o.postbackUrl !== undefined) {
    try {
      const u = new URL(o.postbackUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    } catch {
      fail('postbackUrl must be an absolute http(s) URL.');
    }
  }
  const origins = new Set<string>();
  for (const origin of o.allowedOrigins ?? []) {
    if (typeof origin !== 'string' || origin === '*' || origin === 'null') fail('allowedOrigins must list exact origins; "*" is not allowed.');
    let u: URL;
    try {
      u = new URL(origin);
    } catch {
      fail('allowedOrigins entries must be origins like "https://shop.example.com".');
    }
    if (u.origin !== origin) fail('allowedOrigins entries must be origins like "https://shop.example.com" (no path or trailing slash).');
    origins.add(origin);
  }
  if (o.installments !== undefined) {
    const i = o.installments;
    if (i.interestFreeUpTo !== undefined) positiveInt(i.interestFreeUpTo, 'installments.interestFreeUpTo');
    if (i.monthlyInterestRate !== undefined && !(i.monthlyInterestRate >= 0 && i.monthlyInterestRate < 1)) {
      fail('installments.monthlyInterestRate must be in [0, 1).');
    }
    if (i.minInstallmentAmount !== undefined && !(i.minInstallmentAmount >= 0)) fail('installments.minInstallmentAmount must be >= 0.');
  }
  const rate: RateLimitOptions | false = o.rateLimit === false ? false : { ...DEFAULT_RATE_LIMITS, ...(o.rateLimit ?? {}) };
  if (rate) {
    for (const [k, r] of Object.entries(rate)) {
      if (r === false) continue;
      const rule = r as RateRule;
      positiveInt(rule.limit, `rateLimit.${k}.limit`);
      positiveInt(rule.windowMs, `rateLimit.${k}.windowMs`);
    }
  }
  return {
    basePath,
    tokenTtlSeconds,
    pixExpiresInSeconds,
    addressRequiredFor: [...addressRequiredFor],
    idempotencyTtlMs: positiveInt(o.idempotencyTtlMs ?? 24 * 3_600_000, 'idempotencyTtlMs'),
    statusCacheMs: positiveInt(o.statusCacheMs ?? 1000, 'statusCacheMs', 0),
    catalogCacheMs: positiveInt(o.catalogCacheMs ?? 60_000, 'catalogCacheMs', 0),
    heartbeatMs: positiveInt(o.heartbeatMs ?? 15_000, 'heartbeatMs', 10),
    streamMaxMs: positiveInt(o.streamMaxMs ?? 30 * 60_000, 'streamMaxMs', 1000),
    allowedOrigins: origins,
    rate,
  };
}

// ── routing ───────────────────────────────────────────────────────────────────────────────

type RouteName = 'config' | 'orders' | 'payments.create' | 'payments.get' | 'payments.events' | 'cep';
interface Matched {
  name: RouteName;
  method: 'GET' | 'POST';
  params: Record<string, string>;
}

const outside = new WeakSet<Response>();
/** True for the 404 the checkout handler gives to paths outside its base path (adapters fall through). */
export function isOutsideBasePath(res: Response): boolean {
  return outside.has(res);
}

function matchRoute(rest: string[]): Matched | undefined {
  const [a, b, c, ...more] = rest;
  if (more.length) return undefined;
  const id = (s: string | undefined) => s !== undefined && GATEWAY_ID_PATTERN.test(s);
  if (a === 'config' && b === undefined) return { name: 'config', method: 'GET', params: {} };
  if (a === 'orders' && b === undefined) return { name: 'orders', method: 'POST', params: {} };
  if (a === 'orders' && id(b) && c === 'payments') return { name: 'payments.create', method: 'POST', params: { orderId: b! } };
  if (a === 'payments' && id(b) && c === undefined) return { name: 'payments.get', method: 'GET', params: { paymentId: b! } };
  if (a === 'payments' && id(b) && c === 'events') return { name: 'payments.events', method: 'GET', params: { paymentId: b! } };
  if (a === 'cep' && b !== undefined && /^[0-9-]{1,12}$/.test(b) && c === undefined) return { name: 'cep', method: 'GET', params: { cep: b } };
  return undefined;
}

// ── the helper ────────────────────────────────────────────────────────────────────────────

const BODY_LIMIT = 16 * 1024;
const WEBHOOK_BODY_LIMIT = 256 * 1024;
const CLOSING_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['REFUSED', 'EXPIRED', 'CANCELED']);

interface StreamHandle {
  finish(): void;
}

interface CatalogEntry {
  info: Omit<CheckoutInfo, 'ref' | 'kind'>;
  maxInstallments: number;
  items: CheckoutItem[];
}

/** Creates the checkout handler and the webhook handler, sharing state. */
export function createBynetCheckout(options: CheckoutOptions): BynetCheckout {
  const r = validateOptions(options);
  const now = options.now ?? Date.now;
  const secrets = [options.apiKey, options.tokenSecret];
  const logger: Logger = createLogger(options.logger, secrets);
  const gatewayOpts: Parameters<typeof createGatewayClient>[0] = { apiKey: options.apiKey, hostname: options.hostname, logger };
  if (options.baseUrl !== undefined) gatewayOpts.baseUrl = options.baseUrl;
  if (options.userAgent !== undefined) gatewayOpts.userAgent = options.userAgent;
  if (options.timeoutMs !== undefined) gatewayOpts.timeoutMs = positiveInt(options.timeoutMs, 'timeoutMs');
  if (options.retries !== undefined) gatewayOpts.retries = positiveInt(options.retries, 'retries', 0);
  if (options.fetch !== undefined) gatewayOpts.fetch = options.fetch;
  if (options.circuitBreaker !== undefined) gatewayOpts.circuitBreaker = options.circuitBreaker;
  const gateway = createGatewayClient(gatewayOpts);
  const signer = createTokenSigner(options.tokenSecret, r.tokenTtlSeconds, now);
  if (options.state && options.redis) fail('pass either state or redis, not both.');
  const reportState = (event: string, error: unknown) => logger.warn(event, { error });
  const state: HelperState =
    options.state ??
    (options.redis
      ? createRedisState(options.redis, { onError: reportState })
      : createMemoryState({
          now,
          ...(options.idempotencyStore ? { idempotency: options.idempotencyStore } : {}),
          ...(options.paymentStore ? { payments: options.paymentStore } : {}),
        }));
  if (options.state) attachStateReporter(options.state, reportState);
  const ownState = !options.state;
  const idem = options.idempotencyStore ?? state.idempotency;
  const payments = options.paymentStore ?? state.payments;
  const tracker = createPaymentTracker({
    gateway,
    payments,
    logger,
    now,
    statusCacheMs: r.statusCacheMs,
    lock: state.lock,
    flags: state.flags,
    bus: state.bus,
    ...(options.postbackRetryDelaysMs ? { postbackRetryDelaysMs: options.postbackRetryDelaysMs } : {}),
  });
  const limiter = state.rateLimiter;
  const orderLock = state.lock;
  const fingerprintKey = createHmac('sha256', options.tokenSecret).update('bynet-checkout/idempotency/v1').digest();
  const cepLookup = options.cepLookup ?? builtInCepLookup;
  const streams = new Set<StreamHandle>();
  const background = new Set<Promise<unknown>>();
  let streamTimers = 0;
  let closed = false;

  // ── small caches (single flight + TTL) ──
  const cache = new Map<string, { value: Promise<unknown>; exp: number }>();
  function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const t = now();
    const hit = cache.get(key);
    if (hit && hit.exp > t) return hit.value as Promise<T>;
    if (cache.size > 2000) cache.clear();
    const value = load();
    cache.set(key, { value, exp: t + r.catalogCacheMs });
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    return value;
  }

  const iso = () => new Date(now()).toISOString();

  // ── errors ──
  function fromGateway(e: GatewayError): HttpError {
    switch (e.code) {
      case 'timeout':
        return new HttpError('upstream_timeout', 'The payment gateway did not answer in time. Please try again.');
      case 'rate_limited':
        return new HttpError('rate_limited', 'The payment gateway is busy. Please try again shortly.', {
          headers: { 'retry-after': String(Math.max(1, e.retryAfterSeconds ?? 1)) },
        });
      case 'not_found':
        return new HttpError('not_found', 'Not found.');
      case 'refused':
        return new HttpError('payment_refused', 'The payment was refused.');
      case 'bad_request':
        return new HttpError('invalid_request', 'The payment gateway rejected the data. Please check it and try again.');
      case 'circuit_open':
        return new HttpError('upstream_error', 'The payment gateway is unavailable. Please try again shortly.', {
          headers: { 'retry-after': String(Math.max(1, e.retryAfterSeconds ?? 1)) },
        });
      default:
        return new HttpError('upstream_error', 'The payment gateway is unavailable. Please try again shortly.');
    }
  }

  function errorReply(e: unknown, ctx: Record<string, unknown>): Reply {
    if (e instanceof HttpError) return e.toReply();
    if (e instanceof GatewayError) {
      logger.warn('gateway.error', { ...ctx, error: e.toJSON() });
      return fromGateway(e).toReply();
    }
    if (e instanceof StateUnavailableError) {
      logger.error('state.unavailable', { ...ctx, error: e });
      return new HttpError('upstream_error', 'The checkout service is temporarily unavailable. Please try again shortly.').toReply();
    }
    logger.error('internal.error', { ...ctx, error: e });
    return new HttpError('internal_error', 'Something went wrong. Please try again.').toReply();
  }

  // ── request helpers ──
  /** The client's address, or undefined when the runtime does not know it. */
  function ipOf(req: Request, info: RequestInfo | undefined): string | undefined {
    const ip = options.clientIp ? options.clientIp(req, info) : info?.remoteAddress;
    return typeof ip === 'string' && ip !== '' ? ip.slice(0, 64) : undefined;
  }

  async function limit(bucket: string, rule: RateRule | false | undefined): Promise<void> {
    if (!rule) return;
    let d;
    try {
      d = await limiter.hit(bucket, rule);
    } catch (e) {
      // a failing shared counter must not stop payments: let the request through, loudly
      logger.warn('rate_limit.unavailable', { error: e });
      return;
    }
    if (!d.ok) {
      throw new HttpError('rate_limited', 'Too many requests. Please wait and try again.', {
        headers: { 'retry-after': String(d.retryAfterSeconds) },
      });
    }
  }
  /** Per-address limit; skipped when the address is unknown (one shared bucket would block everyone). */
  async function limitIp(prefix: string, req: Request, info: RequestInfo | undefined, rule: RateRule | false | undefined): Promise<void> {
    const ip = ipOf(req, info);
    if (ip !== undefined) await limit(`${prefix}:${ip}`, rule);
  }
  const rate = r.rate;

  async function requireToken(req: Request): Promise<CheckoutTokenPayload> {
    const v = signer.verify(req.headers.get(CHECKOUT_TOKEN_HEADER));
    if (!v.ok) {
      throw new HttpError(
        'invalid_token',
        v.reason === 'expired' ? 'The checkout token has expired. Reload the checkout.' : 'Missing or invalid checkout token.',
      );
    }
    if (rate) await limit(`tok:${v.payload.jti}`, rate.perToken);
    return v.payload;
  }

  function requireIdempotencyKey(req: Request): string {
    const key = req.headers.get(IDEMPOTENCY_KEY_HEADER);
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new HttpError('invalid_request', 'An Idempotency-Key header (1-255 visible characters) is required.', {
        fields: [{ path: IDEMPOTENCY_KEY_HEADER, message: 'Required: 1-255 visible ASCII characters.' }],
      });
    }
    return key;
  }

  async function readJson(req: Request): Promise<unknown> {
    if (!isJsonContentType(req.headers.get('content-type'))) {
      throw new HttpError('unsupported_media_type', 'Send the body as application/json.');
    }
    return parseJson(await readBodyText(req, BODY_LIMIT));
  }

  function validate<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
    const res = schema.safeParse(value);
    if (!res.success) {
      throw new HttpError('invalid_request', 'The request is invalid.', { fields: formatZodIssues(res.error) });
    }
    return res.data;
  }

  /** Checks an outgoing body against its contract schema; a mismatch is an upstream problem. */
  function checked<S extends z.ZodMiniType>(schema: S, value: z.infer<S>, what: string): z.infer<S> {
    const res = schema.safeParse(value);
    if (!res.success) {
      logger.error('contract.response_invalid', { what, issues: formatZodIssues(res.error) });
      throw new HttpError('upstream_error', 'The payment gateway answered something unexpected. Please try again.');
    }
    return res.data;
  }

  // ── idempotency ──
  async function idempotent(scope: string, body: unknown, run: () => Promise<Reply>): Promise<Response> {
    const fingerprint = createHmac('sha256', fingerprintKey).update(canonicalJson(body)).digest('base64url');
    const begun = await idem.begin(scope, fingerprint, r.idempotencyTtlMs);
    if (begun.state === 'mismatch') {
      throw new HttpError('idempotency_mismatch', 'This Idempotency-Key was already used with a different request body.');
    }
    if (begun.state === 'in_flight') {
      throw new HttpError('idempotency_in_flight', 'A request with this Idempotency-Key is still running. Retry shortly.', {
        headers: { 'retry-after': '1' },
      });
    }
    if (begun.state === 'done') {
      const s = begun.response;
      return new Response(s.body, { status: s.status, headers: { ...s.headers, 'idempotency-replayed': 'true' } });
    }
    let reply: Reply;
    try {
      reply = await run();
    } catch (e) {
      reply = errorReply(e, { scope: scope.split('|')[0] });
    }
    const s = serialize(reply);
    // stored: successes and real refusals; not stored: validation failures and upstream trouble
    if ((s.status >= 200 && s.status < 300) || s.status === 402) await idem.complete(scope, s);
    else await idem.abort(scope);
    return new Response(s.body, { status: s.status, headers: s.headers });
  }

  // ── catalogue ──
  async function catalog(
    kind: 'product' | 'cart',
    ref: string,
    req: Request,
    opts: { fresh?: boolean; amount?: number } = {},
  ): Promise<CatalogEntry> {
    if (kind === 'product') {
      let product;
      try {
        product = await cached(`product:${ref}`, () => gateway.checkout.product(ref));
      } catch (e) {
        if (e instanceof GatewayError && e.code === 'not_found') throw new HttpError('not_found', 'Unknown product.');
        throw e;
      }
      if (!productIsActive(product)) throw new HttpError('not_found', 'This product is not available.');
      const amount = productAmountCents(product);
      const items: CheckoutItem[] = [{ title: product.title.slice(0, 200), unitPrice: amount, quantity: 1 }];
      return {
        info: {
          title: product.title.slice(0, 200),
          amount,
          currency: 'BRL',
          items,
          methods: productMethods(product),
          installments: [],
          pixExpiresInSeconds: r.pixExpiresInSeconds,
          addressRequiredFor: r.addressRequiredFor,
        },
        maxInstallments: productMaxInstallments(product),
        items,
      };
    }
    const resolveCart = options.resolveCart;
    if (!resolveCart) throw new HttpError('invalid_request', 'Cart checkouts are not enabled on this server.');
    // carts change: /config always asks the hook; payments reuse its answer while the amount matches
    const key = `cart:${ref}`;
    if (opts.fresh) cache.delete(key);
    const entry = await cached(key, async () => {
      const res = await resolveCart(ref, req);
      if (!res) throw new HttpError('not_found', 'Unknown cart.');
      const items = res.items.map((i) => {
        const p = CheckoutItemSchema.safeParse(i);
        if (!p.success) throw new Error('resolveCart returned an invalid item.');
        return p.data;
      });
      if (!items.length) throw new Error('resolveCart returned no items.');
      const amount = items.reduce((s, i) => s + i.unitPrice * i.quantity, 0);
      if (!Number.isSafeInteger(amount)) throw new Error('resolveCart total is not a safe integer.');
      const methods = (res.methods ?? [...PAYMENT_METHODS]).filter((m) => (PAYMENT_METHODS as readonly string[]).includes(m));
      return {
        info: {
          title: (res.title ?? items[0]!.title).slice(0, 200),
          amount,
          currency: 'BRL' as const,
          items,
          methods,
          installments: [],
          pixExpiresInSeconds: r.pixExpiresInSeconds,
          addressRequiredFor: r.addressRequiredFor,
        },
        maxInstallments: Math.min(24, Math.max(1, Math.floor(res.maxInstallments ?? 12))),
        items,
      };
    });
    if (opts.amount !== undefined && entry.info.amount !== opts.amount && !opts.fresh) {
      return catalog(kind, ref, req, { fresh: true });
    }
    return entry;
  }

  function installmentPlan(entry: CatalogEntry): InstallmentOption[] {
    if (!entry.info.methods.includes('CREDIT_CARD')) return [];
    const o = options.installments ?? {};
    const plan = buildInstallmentPlan(entry.info.amount, {
      maxInstallments: entry.maxInstallments,
      ...(o.interestFreeUpTo !== undefined ? { interestFreeUpTo: o.interestFreeUpTo } : {}),
      ...(o.monthlyInterestRate !== undefined ? { monthlyInterestRate: o.monthlyInterestRate } : {}),
      ...(o.minInstallmentAmount !== undefined ? { minInstallmentAmount: o.minInstallmentAmount } : {}),
    });
    return plan.map((p) => ({ count: p.count, amount: p.amount, total: p.total, interest: p.interest }));
  }

  async function layout(): Promise<Layout> {
    try {
      const l = await cached('layout', async () => {
        if (options.layoutId) return gateway.checkout.layouts.get(options.layoutId);
        return pickLayout((await gateway.checkout.layouts.list({ ...LAYOUT_LIST_QUERY })).items);
      });
      return toLayout(l);
    } catch (e) {
      logger.warn('config.layout_unavailable', { error: e instanceof GatewayError ? e.toJSON() : e });
      return toLayout(undefined);
    }
  }

  // ── routes ──
  async function getConfig(req: Request, url: URL): Promise<Reply> {
    const product = url.searchParams.getAll('product');
    const cart = url.searchParams.getAll('cart');
    if (product.length + cart.length !== 1) {
      throw new HttpError('invalid_request', 'Pass exactly one of ?product=ID or ?cart=REF.', {
        fields: [{ path: 'product', message: 'Exactly one of product or cart is required.' }],
      });
    }
    const kind = product.length ? 'product' : 'cart';
    const ref = (product[0] ?? cart[0])!;
    if (!(kind === 'product' ? GATEWAY_ID_PATTERN : CART_REF).test(ref)) {
      throw new HttpError('invalid_request', `Invalid ${kind} reference.`, { fields: [{ path: kind, message: 'Invalid format.' }] });
    }
    const [entry, lay] = await Promise.all([catalog(kind, ref, req, { fresh: true }), layout()]);
    const checkout: CheckoutInfo = { kind, ref, ...entry.info, installments: installmentPlan(entry) };
    const token = signer.sign({ kind, ref, amount: checkout.amount, currency: 'BRL' });
    const body: ConfigResponse = { checkout, layout: lay, token, serverTime: iso(), features: { statusStream: true } };
    return { status: 200, body: checked(ConfigResponseSchema, body, 'config') };
  }

  async function postOrders(req: Request): Promise<Response> {
    const tok = await requireToken(req);
    const raw = await readJson(req);
    const key = requireIdempotencyKey(req);
    validate(CreateOrderRequestSchema, raw);
    return idempotent(`POST /orders|${tok.jti}|${key}`, raw, async () => {
      let orderId: string;
      if (tok.kind === 'product') {
        const order = await gateway.checkout.createOrder(tok.ref);
        if (!GATEWAY_ID_PATTERN.test(order.id)) {
          logger.error('gateway.order_id_invalid', {});
          throw new HttpError('upstream_error', 'The payment gateway answered something unexpected. Please try again.');
        }
        orderId = order.id;
      } else {
        orderId = `ord_${randomUUID().replace(/-/g, '')}`;
      }
      const token = signer.sign({ kind: tok.kind, ref: tok.ref, amount: tok.amount, currency: 'BRL', orderId, jti: tok.jti });
      logger.info('order.created', { orderId, kind: tok.kind, amount: tok.amount });
      const body: CreateOrderResponse = { order: { id: orderId, amount: tok.amount, currency: 'BRL', createdAt: iso() }, token };
      return { status: 201, body: checked(CreateOrderResponseSchema, body, 'order') };
    });
  }

  function paymentReply(status: number, payment: Payment): Reply {
    const body: PaymentResponse = { payment, serverTime: iso() };
    return { status, body: checked(PaymentResponseSchema, body, 'payment') };
  }

  function crossCheck(body: CreatePaymentRequest, entry: CatalogEntry, plan: InstallmentOption[]): InstallmentOption | undefined {
    const fields: FieldError[] = [];
    if (!entry.info.methods.includes(body.method)) fields.push({ path: 'method', message: 'This payment method is not available for this checkout.' });
    if (body.method === 'CREDIT_CARD' && !body.card) fields.push({ path: 'card', message: 'Card details are required for CREDIT_CARD.' });
    if (body.method !== 'CREDIT_CARD' && body.card) fields.push({ path: 'card', message: 'Card details are only accepted for CREDIT_CARD.' });
    if (r.addressRequiredFor.includes(body.method) && !body.address) fields.push({ path: 'address', message: `An address is required for ${body.method}.` });
    if (!isValidDocument(body.customer.document)) fields.push({ path: 'customer.document', message: 'Invalid CPF or CNPJ.' });
    let option: InstallmentOption | undefined;
    if (body.method === 'CREDIT_CARD') {
      const n = body.installments ?? 1;
      option = plan.find((p) => p.count === n);
      if (!option) fields.push({ path: 'installments', message: 'This number of installments is not offered.' });
      if (body.card) {
        if (!luhnValid(body.card.number)) fields.push({ path: 'card.number', message: 'Invalid card number.' });
        if (!isExpiryValid(body.card.expMonth, body.card.expYear, new Date(now()))) fields.push({ path: 'card.expYear', message: 'The card has expired.' });
      }
    } else if (body.installments !== undefined && body.installments !== 1) {
      fields.push({ path: 'installments', message: 'Installments apply to CREDIT_CARD only.' });
    }
    if (fields.length) throw new HttpError('invalid_request', 'The request is invalid.', { fields });
    return option;
  }

  async function createPayment(tok: CheckoutTokenPayload, orderId: string, body: CreatePaymentRequest, entry: CatalogEntry, option: InstallmentOption | undefined): Promise<Reply> {
    // one open payment per order and method: serialise per order
    return orderLock(`order:${orderId}`, async () => {
      const same = (await payments.listByOrder(orderId)).filter((x) => x.payment.method === body.method && x.checkoutId === tok.jti);
      const latest = same[same.length - 1];
      if (latest) {
        const cur = await tracker.current(latest.payment.id);
        if (cur && !CLOSING_STATUSES.has(cur.payment.status)) {
          logger.info('payment.reused', { paymentId: cur.payment.id, orderId, method: body.method });
          return paymentReply(200, cur.payment);
        }
      }
      if (rate && body.method === 'CREDIT_CARD') await limit(`card:${tok.jti}`, rate.cardPerToken);
      const installments = body.method === 'CREDIT_CARD' ? (option?.count ?? 1) : 1;
      let parts: PaymentParts;
      if (tok.kind === 'product') {
        const gwBody = buildCheckoutPaymentBody({ method: body.method, customer: body.customer, address: body.address, card: body.card, installments });
        parts = readCheckoutPayment(await gateway.checkout.createPayment(orderId, gwBody));
      } else {
        const gwBody = buildTransactionBody({
          amount: body.method === 'CREDIT_CARD' && option ? option.total : tok.amount,
          method: body.method,
          customer: body.customer,
          address: body.address,
          card: body.card,
          installments,
          items: entry.items,
          orderId,
          pixExpiresInSeconds: r.pixExpiresInSeconds,
          postbackUrl: options.postbackUrl,
        });
        parts = readTransaction(await gateway.transactions.create(gwBody));
      }
      if (!GATEWAY_ID_PATTERN.test(parts.id)) {
        logger.error('gateway.payment_id_invalid', { orderId });
        throw new HttpError('upstream_error', 'The payment gateway answered something unexpected. Please try again.');
      }
      const payment = toPayment(parts, {
        orderId,
        method: body.method,
        amount: tok.amount,
        installments,
        pixExpiresInSeconds: r.pixExpiresInSeconds,
        now: now(),
      });
      const pending = !isFinalStatus(payment.status);
      if (pending && ((payment.method === 'PIX' && !payment.pix) || (payment.method === 'BOLETO' && !payment.boleto))) {
        logger.error('gateway.payment_incomplete', { paymentId: payment.id, orderId, method: payment.method });
        throw new HttpError('upstream_error', 'The payment gateway answered without payment instructions. Please try again.');
      }
      const valid = PaymentSchema.safeParse(payment);
      if (!valid.success) {
        logger.error('gateway.payment_invalid', { paymentId: payment.id, issues: formatZodIssues(valid.error) });
        throw new HttpError('upstream_error', 'The payment gateway answered something unexpected. Please try again.');
      }
      const record: PaymentRecord = { payment: valid.data, checkoutId: tok.jti, gatewayId: parts.id, createdAt: iso() };
      await tracker.created(record);
      logger.info('payment.created', { paymentId: payment.id, orderId, method: payment.method, status: payment.status });
      return paymentReply(201, valid.data);
    });
  }

  async function postPayment(req: Request, info: RequestInfo | undefined, orderId: string): Promise<Response> {
    const tok = await requireToken(req);
    if (!tok.orderId) throw new HttpError('invalid_token', 'This token has no order yet; create the order first.');
    if (tok.orderId !== orderId) throw new HttpError('invalid_token', 'This token does not belong to this order.');
    const raw = await readJson(req);
    const key = requireIdempotencyKey(req);
    const body = validate(CreatePaymentRequestSchema, raw);
    const entry = await catalog(tok.kind, tok.ref, req, { amount: tok.amount });
    const plan = entry.info.methods.includes('CREDIT_CARD') ? installmentPlan({ ...entry, info: { ...entry.info, amount: tok.amount } }) : [];
    const option = crossCheck(body, entry, plan);
    if (rate) await limitIp('pay-ip', req, info, rate.paymentsPerIp);
    return idempotent(`POST /orders/${orderId}/payments|${tok.jti}|${key}`, raw, () => createPayment(tok, orderId, body, entry, option));
  }

  async function ownedPayment(req: Request, paymentId: string): Promise<PaymentRecord> {
    const tok = await requireToken(req);
    const rec = await payments.get(paymentId);
    // another checkout's payment is indistinguishable from a missing one
    if (!rec || !tok.orderId || rec.payment.orderId !== tok.orderId || rec.checkoutId !== tok.jti) {
      throw new HttpError('not_found', 'Payment not found.');
    }
    return rec;
  }

  async function getPayment(req: Request, paymentId: string): Promise<Reply> {
    const rec = await ownedPayment(req, paymentId);
    return paymentReply(200, await tracker.refresh(rec, { strict: true }));
  }

  async function paymentEvents(req: Request, paymentId: string): Promise<Response> {
    const rec = await ownedPayment(req, paymentId);
    // listen before reading the current status, so no change can fall in between
    const early: Payment[] = [];
    let deliver: ((p: Payment) => void) | undefined;
    const unsubscribe = tracker.subscribe(paymentId, (p) => (deliver ? deliver(p) : early.push(p)));
    let first: Payment;
    try {
      await tracker.ready();
      first = await tracker.refresh(rec);
    } catch (e) {
      unsubscribe();
      throw e;
    }
    const enc = new TextEncoder();
    let finish = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let done = false;
        const timers = new Set<ReturnType<typeof setTimeout>>();
        const handle: StreamHandle = { finish: () => finish() };
        let last: Payment | undefined;
        const timer = (ms: number, fn: () => void) => {
          const t = setTimeout(() => {
            timers.delete(t);
            streamTimers--;
            fn();
          }, ms);
          unref(t);
          timers.add(t);
          streamTimers++;
        };
        finish = () => {
          if (done) return;
          done = true;
          deliver = undefined;
          unsubscribe();
          for (const t of timers) clearTimeout(t);
          streamTimers -= timers.size;
          timers.clear();
          clearInterval(heartbeat);
          streamTimers--;
          streams.delete(handle);
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        };
        const write = (s: string) => {
          if (done) return;
          try {
            controller.enqueue(enc.encode(s));
          } catch {
            finish();
          }
        };
        const send = (p: Payment) => {
          // monotonic and without repeats, whichever instance the change came from
          if (last && !canTransition(last.status, p.status)) return;
          last = p;
          const ev: PaymentResponse = { payment: p, serverTime: iso() };
          write(`data: ${JSON.stringify(ev)}\n\n`);
          if (isFinalStatus(p.status)) finish();
        };
        streams.add(handle);
        const heartbeat = setInterval(() => {
          write(': ping\n\n');
          // backstop for lost postbacks: a cached status check (changes arrive through `send`)
          void tracker.refresh(rec).catch(() => undefined);
        }, r.heartbeatMs);
        unref(heartbeat);
        streamTimers++;
        timer(r.streamMaxMs, () => finish());
        if (first.pix && !isFinalStatus(first.status)) {
          const ms = Date.parse(first.pix.expiresAt) - now();
          if (ms > 0 && ms < 86_400_000) timer(ms + 50, () => void tracker.current(paymentId).catch(() => undefined));
        }
        send(first);
        for (const p of early.splice(0)) send(p);
        if (!done) deliver = send;
      },
      cancel() {
        finish();
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-accel-buffering': 'no',
      },
    });
  }

  async function getCep(req: Request, raw: string): Promise<Reply> {
    await requireToken(req);
    const cep = raw.replace(/-/g, '');
    if (!/^\d{8}$/.test(cep)) {
      throw new HttpError('invalid_request', 'A CEP has 8 digits.', { fields: [{ path: 'cep', message: 'A CEP has 8 digits.' }] });
    }
    let found;
    try {
      found = await cepLookup(cep);
    } catch (e) {
      logger.warn('cep.lookup_failed', { error: e });
      throw new HttpError('upstream_error', 'The address service is unavailable. Please type the address.');
    }
    if (!found) throw new HttpError('not_found', 'CEP not found.');
    const body = { address: { zipCode: cep, street: found.street, neighborhood: found.neighborhood, city: found.city, state: found.state } };
    return { status: 200, body: checked(CepResponseSchema, body, 'cep') };
  }

  // ── CORS ──
  function corsHeaders(req: Request): Record<string, string> {
    if (r.allowedOrigins.size === 0) return {};
    const origin = req.headers.get('origin');
    if (!origin || !r.allowedOrigins.has(origin)) return { vary: 'Origin' };
    return {
      'access-control-allow-origin': origin,
      'access-control-expose-headers': 'Retry-After, Idempotency-Replayed, X-Request-Id',
      vary: 'Origin',
    };
  }

  // ── dispatch ──
  async function dispatch(req: Request, info: RequestInfo | undefined, url: URL, ctx: { route: string }): Promise<Response> {
    const path = url.pathname;
    const base = r.basePath;
    if (!(path === base || path.startsWith(`${base}/`))) {
      const res = toResponse(new HttpError('not_found', 'Not found.').toReply());
      outside.add(res);
      return res;
    }
    if (rate) await limitIp('ip', req, info, rate.perIp);
    const restRaw = path.slice(base.length + 1);
    // no encoded separators, dots or empty segments: ids and names are plain
    if (/%|\\/.test(restRaw)) throw new HttpError('not_found', 'Not found.');
    const rest = restRaw.split('/');
    if (rest.some((s) => s === '' || s === '.' || s === '..')) throw new HttpError('not_found', 'Not found.');
    const m = matchRoute(rest);
    if (!m) throw new HttpError('not_found', 'Not found.');
    ctx.route = m.name;
    if (req.method === 'OPTIONS') {
      const cors = corsHeaders(req);
      const headers: Record<string, string> = { allow: `${m.method}, OPTIONS`, 'cache-control': 'no-store' };
      if (cors['access-control-allow-origin']) {
        headers['access-control-allow-methods'] = `${m.method}, OPTIONS`;
        headers['access-control-allow-headers'] = `Content-Type, ${CHECKOUT_TOKEN_HEADER}, ${IDEMPOTENCY_KEY_HEADER}`;
        headers['access-control-max-age'] = '600';
      }
      return new Response(null, { status: 204, headers });
    }
    if (req.method !== m.method) {
      throw new HttpError('method_not_allowed', `Use ${m.method} for this route.`, { headers: { allow: `${m.method}, OPTIONS` } });
    }
    switch (m.name) {
      case 'config':
        return toResponse(await getConfig(req, url));
      case 'orders':
        return postOrders(req);
      case 'payments.create':
        return postPayment(req, info, m.params['orderId']!);
      case 'payments.get':
        return toResponse(await getPayment(req, m.params['paymentId']!));
      case 'payments.events':
        return paymentEvents(req, m.params['paymentId']!);
      case 'cep':
        return toResponse(await getCep(req, m.params['cep']!));
    }
  }

  async function serve(req: Request, info: RequestInfo | undefined, kind: 'checkout' | 'webhook'): Promise<Response> {
    const started = now();
    const requestId = randomUUID();
    const ctx = { route: kind === 'webhook' ? 'webhook' : 'unmatched' };
    let res: Response;
    try {
      if (closed) throw new HttpError('upstream_error', 'The checkout service is shutting down.');
      const url = new URL(req.url);
      res = kind === 'checkout' ? await dispatch(req, info, url, ctx) : await receiveWebhook(req, info);
    } catch (e) {
      res = toResponse(errorReply(e, { route: ctx.route, requestId }));
    }
    try {
      res.headers.set('x-request-id', requestId);
      if (kind === 'checkout') for (const [k, v] of Object.entries(corsHeaders(req))) res.headers.set(k, v);
    } catch {
      // immutable headers (a Response from elsewhere): leave them
    }
    logger.info('request', { requestId, method: req.method, route: ctx.route, status: res.status, ms: now() - started });
    return res;
  }

  // ── webhook ──
  async function receiveWebhook(req: Request, info: RequestInfo | undefined): Promise<Response> {
    if (req.method !== 'POST') {
      throw new HttpError('method_not_allowed', 'Use POST for this route.', { headers: { allow: 'POST' } });
    }
    if (rate) await limitIp('ip', req, info, rate.perIp);
    const body = parseJson(await readBodyText(req, WEBHOOK_BODY_LIMIT));
    // the postback is only a hint: take the id, re-fetch the transaction, trust that
    const id = postbackTransactionId(body);
    if (id) {
      const task: Promise<void> = tracker.postback(id, postbackStatusHint(body)).catch((e: unknown) => logger.warn('webhook.failed', { error: e }));
      background.add(task);
      void task.finally(() => background.delete(task));
    } else {
      logger.info('webhook.ignored', {});
    }
    return toResponse({ status: 200, body: { received: true } });
  }

  return {
    checkout: (req, info) => serve(req, info, 'checkout'),
    webhook: (req, info) => serve(req, info, 'webhook'),
    gateway,
    async idle() {
      while (background.size) await Promise.allSettled([...background]);
      await tracker.idle();
    },
    stats() {
      return {
        state: state.kind,
        streams: streams.size,
        subscriptions: tracker.listenerCount(),
        timers: streamTimers,
        background: background.size,
      };
    },
    async close() {
      closed = true;
      for (const s of [...streams]) s.finish();
      await Promise.allSettled([...background]);
      await tracker.close();
      if (ownState) await state.close();
    },
  };
}

/** The checkout routes only (no webhook receiver): `(request) => Promise<Response>`. */
export function createCheckoutHandler(options: CheckoutOptions): Handler {
  return createBynetCheckout(options).checkout;
}

function unref(t: ReturnType<typeof setTimeout> | ReturnType<typeof setInterval>): void {
  (t as { unref?: () => void }).unref?.();
}
