/**
 * The helper's public options and types, and their validation at start (every bad option is a
 * `TypeError` naming it, before any request is served).
 */
import type { CheckoutItem } from '../contract/helper.js';
import { PAYMENT_METHODS } from '../contract/payment.js';
import type { PaymentMethod } from '../contract/payment.js';
import type { CircuitBreakerOptions, GatewayClient } from './gateway/client.js';
import { GATEWAY_ID_PATTERN, resolveBaseUrl } from './gateway/assumptions.js';
import type { IdempotencyStore } from './idempotency.js';
import type { LogSink } from './log.js';
import type { PaymentStore } from './payments.js';
import { DEFAULT_RATE_LIMITS } from './rate-limit.js';
import type { RateLimitOptions, RateRule } from './rate-limit.js';
import type { RedisClient } from './redis.js';
import type { HelperState, PaymentUpdate } from './state.js';
import type { CepLookup } from './cep.js';
import type { AdminHandler, AdminOptions } from './admin/handler.js';
import { createClientAddressResolver } from './client-ip.js';
import type { ClientAddressResolver, TrustedProxies } from './client-ip.js';

// ── public types ──────────────────────────────────────────────────────────────────────────

/** Connection facts an adapter knows and a `Request` does not carry. */
export interface RequestInfo {
  remoteAddress?: string | undefined;
}

export type Handler = (request: Request, info?: RequestInfo) => Promise<Response>;

/** What `resolveCart` returns: the server-side price of a cart. */
export interface CartResolution {
  title?: string;
  /** The cart's lines; `tangible: true` marks a physical good (sent to the gateway as such). */
  items: CheckoutItem[];
  /**
   * Shipping fee in cents (integer). Added to the items' total: the buyer is charged items +
   * fee, `/config` shows it as `shippingFee`, and the gateway gets it as the transaction's shipping
   * fee (with the buyer's address when one is asked).
   */
  shippingFee?: number;
  /** Methods offered for this cart. Default: PIX, BOLETO, CREDIT_CARD. */
  methods?: PaymentMethod[];
  /** Default 12. */
  maxInstallments?: number;
  /**
   * Your reference for this cart's order (written on the gateway transaction, returned in
   * `onPaymentUpdate`). Default: the cart ref.
   */
  merchantRef?: string;
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
  /** Gateway origin, or a host preset: `bynet` (default), `ativopay`, `ativob2b` (same API, see HOST_PRESETS). */
  baseUrl?: string;
  userAgent?: string;
  /**
   * When set, a postback must carry this value in its `x-webhook-secret` header (compared in
   * constant time), else it is answered 401 and ignored. Only if the gateway is known to send it.
   */
  webhookSecret?: string;
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
  /**
   * Per payment, at most one gateway re-fetch per this window for postbacks; the ones arriving
   * meanwhile are coalesced into one re-fetch at the window's end (a forged burst naming a real
   * payment costs one or two reads, a real postback is applied at most this much later).
   * Default 1000 ms.
   */
  postbackWindowMs?: number;
  /** Longest life of one status stream. Default 30 min. */
  streamMaxMs?: number;
  /**
   * The client's address for rate limits, decided by your own code (it wins over
   * `trustedProxies`; pass one or the other). Default: the adapter's socket address (see
   * `trustedProxies`). When no address is known (some fetch runtimes), the per-address limits
   * are skipped and the per-checkout ones still apply.
   */
  clientIp?: (request: Request, info: RequestInfo | undefined) => string | undefined;
  /**
   * The reverse proxies in front of this server, so the buyer's address is read from
   * `X-Forwarded-For` (the rightmost address that is not one of them). Either a list of proxy
   * addresses and CIDRs (`["10.0.0.0/8", "2001:db8::/32"]`, keywords `loopback`, `private`,
   * `linklocal`), or the number of proxies in front of the server (e.g. `1` behind one load
   * balancer). Default: none: the socket's address is the client's and `X-Forwarded-For` is never
   * read (any client can write it). See README "Deploying behind a proxy".
   */
  trustedProxies?: TrustedProxies;
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
  /**
   * At start, read one page of products to learn whether the gateway accepts `apiKey`, and look at
   * `hostname`; the verdict is logged as `startup.check` (read-only: it never blocks the start and
   * never logs the key). Default: on against the live gateway, off against a loopback `baseUrl`.
   */
  startupCheck?: boolean;
  /**
   * Product mode: lets the buyer buy more than one of a product, up to the number returned (1-99;
   * 1 or undefined: one only). `/config` then carries `checkout.quantity = { max }` and `POST /orders`
   * accepts `{ "quantity": n }`; the order's amount is the product's price times n.
   */
  maxQuantity?: number | ((product: string) => number | undefined);
}

export interface BynetCheckout {
  /** The checkout routes (mount at `basePath`). */
  checkout: Handler;
  /** The gateway postback receiver (mount wherever the gateway is told to post). */
  webhook: Handler;
  /** The gateway client the helper uses (for admin scripts: webhooks registration, reports). */
  gateway: GatewayClient;
  /**
   * The merchant console's read-only admin routes (transactions, summaries, customers, CSV), on
   * this helper's gateway client and key. Throws without an `authorize(req)` hook: there is no
   * default-open mode. Mount the handler where the console's `endpoint` points (e.g. `/api/admin`).
   */
  admin(options: Omit<AdminOptions, 'gateway'>): AdminHandler;
  /** Resolves when background postback work is done (handy in tests and graceful shutdown). */
  idle(): Promise<void>;
  /**
   * Runs one background round now: registers the webhook if needed, re-checks open payments at the
   * gateway, delivers queued `onPaymentUpdate` events. (It also runs every `reconcileIntervalMs`.)
   */
  reconcile(): Promise<void>;
  /** `onPaymentUpdate` events not yet delivered (0 without a hook): for health checks. */
  pendingUpdates(): Promise<number>;
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
export const CART_REF = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function fail(msg: string): never {
  throw new TypeError(`bynet-checkout: ${msg}`);
}

export function positiveInt(v: unknown, name: string, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${name} must be an integer >= ${min}.`);
  return v;
}

export interface Resolved {
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
  reconcileIntervalMs: number;
  registerWebhook: boolean;
  /** The shared secret postbacks must carry (`x-webhook-secret`), when configured. */
  webhookSecret: string | undefined;
  /** The client address of a request, from the socket address and `X-Forwarded-For` (see `trustedProxies`). */
  clientAddress: ClientAddressResolver;
}

export function validateOptions(o: CheckoutOptions): Resolved {
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
      u = new URL(resolveBaseUrl(o.baseUrl));
    } catch {
      fail('baseUrl must be an absolute URL or a host preset (bynet, ativopay, ativob2b).');
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
  if (o.webhookSecret !== undefined && (typeof o.webhookSecret !== 'string' || o.webhookSecret.length < 16 || /\s/.test(o.webhookSecret))) {
    fail('webhookSecret must be a string of at least 16 characters without spaces.');
  }
  if (o.webhookSecret !== undefined && (o.webhookSecret === o.apiKey || o.webhookSecret === o.tokenSecret)) fail('webhookSecret must differ from apiKey and tokenSecret.');
  if (o.cepLookup !== undefined && typeof o.cepLookup !== 'function') fail('cepLookup must be a function.');
  if (o.onPaymentUpdate !== undefined && typeof o.onPaymentUpdate !== 'function') fail('onPaymentUpdate must be a function.');
  if (o.merchantRef !== undefined && typeof o.merchantRef !== 'function') fail('merchantRef must be a function.');
  if (o.maxQuantity !== undefined && typeof o.maxQuantity !== 'function') {
    if (typeof o.maxQuantity !== 'number' || !Number.isInteger(o.maxQuantity) || o.maxQuantity < 1 || o.maxQuantity > 99) {
      fail('maxQuantity must be an integer from 1 to 99, or a function of the product link id.');
    }
  }
  if (o.startupCheck !== undefined && typeof o.startupCheck !== 'boolean') fail('startupCheck must be a boolean.');
  if (o.dataDir !== undefined && (typeof o.dataDir !== 'string' || o.dataDir.trim() === '')) fail('dataDir must be a folder path.');
  if (o.registerWebhook === true && !o.postbackUrl) fail('registerWebhook needs postbackUrl (the URL to register).');
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
  if (o.clientIp !== undefined && typeof o.clientIp !== 'function') fail('clientIp must be a function.');
  if (o.clientIp !== undefined && o.trustedProxies !== undefined) {
    fail('pass either clientIp (your own address logic) or trustedProxies (the helper reads X-Forwarded-For), not both.');
  }
  const clientAddress = createClientAddressResolver(o.trustedProxies);
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
    reconcileIntervalMs: positiveInt(o.reconcileIntervalMs ?? 30_000, 'reconcileIntervalMs', 100),
    registerWebhook: o.registerWebhook ?? Boolean(o.postbackUrl),
    webhookSecret: o.webhookSecret,
    clientAddress,
  };
}

