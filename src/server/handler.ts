/**
 * The merchant helper: a Web-standard `(request) => Promise<Response>` handler serving the helper's
 * HTTP contract (design.md section 4) under a base path, plus the gateway webhook receiver.
 *
 * It holds the API key, prices every checkout on the server (product from the gateway, or the
 * merchant's `resolveCart` hook), signs checkout tokens, makes POSTs idempotent, keeps one settled
 * payment per order, follows payment status (cached polling, postbacks, background
 * reconciliation; monotonic), tells the merchant's server (`onPaymentUpdate`), streams status
 * changes, and never forwards anything the route table does not name.
 *
 * This file wires the parts together; each route lives in `routes/`, the shared request helpers
 * in `context.ts`, the gateway-as-the-record logic in `recovery.ts`, background work in
 * `lifecycle.ts`, options and their validation in `options.ts`.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { CHECKOUT_TOKEN_HEADER, IDEMPOTENCY_KEY_HEADER } from '../contract/helper.js';
import { createGatewayClient } from './gateway/client.js';
import { createGatewayTransport } from './gateway/transport.js';
import type { GatewayTransport } from './gateway/transport.js';
import { GATEWAY_ID_PATTERN, POSTBACK_SECRET_HEADER, postbackSecretMatches, postbackStatusHint, postbackTransactionId } from './gateway/assumptions.js';
import { createContext, WEBHOOK_BODY_LIMIT } from './context.js';
import type { HelperContext } from './context.js';
import { createDurableState } from './durable.js';
import { HttpError, parseJson, readBodyText, toResponse } from './http.js';
import { createLifecycle } from './lifecycle.js';
import type { Lifecycle } from './lifecycle.js';
import { createLogger } from './log.js';
import type { Logger } from './log.js';
import { fail, positiveInt, validateOptions } from './options.js';
import type { BynetCheckout, CheckoutOptions, Handler, RequestInfo } from './options.js';
import { adoptTransaction, createOrderIds } from './recovery.js';
import { attachStateReporter, createRedisState } from './redis.js';
import { createMemoryState } from './state.js';
import type { HelperState } from './state.js';
import { createTokenSigner } from './token.js';
import { createPaymentTracker } from './tracker.js';
import { builtInCepLookup } from './cep.js';
import { getCep } from './routes/cep.js';
import { getConfig } from './routes/config.js';
import { paymentEvents } from './routes/events.js';
import type { StreamRegistry } from './routes/events.js';
import { postOrders } from './routes/orders.js';
import { getPayment, postPayment } from './routes/payments.js';
import { fetchWithErrorCodes, startupCheck, withErrorCodes } from './misconfig.js';
import { createAdminHandler } from './admin/handler.js';
import { DEFAULT_BASE_URL } from './gateway/assumptions.js';

export type {
  BynetCheckout,
  CartResolution,
  CheckoutOptions,
  Handler,
  HelperStats,
  InstallmentSettings,
  RequestInfo,
  ResolveCart,
} from './options.js';

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

/**
 * A widget's request outside `basePath`: the path's tail is a checkout route (`.../config`,
 * `.../orders`...) and the request carries what the widget sends (a checkout token, or
 * `?product=` / `?cart=` on `config`). Most likely the handler is mounted (or the widget points)
 * somewhere else than `basePath` says. A shop's own `/admin/orders` page is not one.
 */
function looksLikeWidgetRequest(req: Request, url: URL): boolean {
  const segs = url.pathname.split('/').filter(Boolean);
  for (let n = 1; n <= 3 && n <= segs.length; n++) {
    const m = matchRoute(segs.slice(-n));
    if (!m) continue;
    if (req.headers.has(CHECKOUT_TOKEN_HEADER)) return true;
    return m.name === 'config' && (url.searchParams.has('product') || url.searchParams.has('cart'));
  }
  return false;
}

// ── the helper ────────────────────────────────────────────────────────────────────────────

/** Where the durable default keeps its files when `dataDir` is not given. */
export const DEFAULT_DATA_DIR = '.bynet-checkout';

/** Creates the checkout handler and the webhook handler, sharing state. */
export function createBynetCheckout(options: CheckoutOptions): BynetCheckout {
  const r = validateOptions(options);
  const now = options.now ?? Date.now;
  const logger: Logger = createLogger(options.logger, options.webhookSecret ? [options.apiKey, options.tokenSecret, options.webhookSecret] : [options.apiKey, options.tokenSecret]);
  const gatewayOpts: Parameters<typeof createGatewayClient>[0] = { apiKey: options.apiKey, hostname: options.hostname, logger };
  if (options.baseUrl !== undefined) gatewayOpts.baseUrl = options.baseUrl;
  if (options.userAgent !== undefined) gatewayOpts.userAgent = options.userAgent;
  if (options.timeoutMs !== undefined) gatewayOpts.timeoutMs = positiveInt(options.timeoutMs, 'timeoutMs');
  if (options.retries !== undefined) gatewayOpts.retries = positiveInt(options.retries, 'retries', 0);
  // a connection failure's code (ENOTFOUND, ECONNREFUSED, a TLS code) reaches the log
  // Keep-alive node:http(s) sockets to the gateway unless the merchant brings a fetch (closed by
  // close()); the client calls the transport's lean `request` (no web Response per call).
  let transport: GatewayTransport | undefined;
  if (options.fetch) gatewayOpts.fetch = fetchWithErrorCodes(options.fetch);
  else {
    transport = createGatewayTransport();
    gatewayOpts.transport = { request: withErrorCodes(transport.request) };
  }
  if (options.circuitBreaker !== undefined) gatewayOpts.circuitBreaker = options.circuitBreaker;
  const gateway = createGatewayClient(gatewayOpts);
  const signer = createTokenSigner(options.tokenSecret, r.tokenTtlSeconds, now);
  if (options.state && options.redis) fail('pass either state or redis, not both.');
  if (options.dataDir !== undefined && (options.state || options.redis)) fail('dataDir applies to the durable default only (no state or redis).');
  const reportState = (event: string, error: unknown) => logger.warn(event, { error });
  let state: HelperState;
  if (options.state) {
    state = options.state;
    attachStateReporter(options.state, reportState);
  } else if (options.redis) {
    state = createRedisState(options.redis, { onError: reportState });
  } else if (options.idempotencyStore || options.paymentStore) {
    state = createMemoryState({
      now,
      ...(options.idempotencyStore ? { idempotency: options.idempotencyStore } : {}),
      ...(options.paymentStore ? { payments: options.paymentStore } : {}),
    });
  } else {
    state = createDurableState({ path: resolve(options.dataDir ?? DEFAULT_DATA_DIR), now });
  }
  const ownState = !options.state;
  const idem = options.idempotencyStore ?? state.idempotency;
  const payments = options.paymentStore ?? state.payments;
  const orderIds = createOrderIds(options.tokenSecret);
  // late-bound: the tracker, the context and the lifecycle refer to one another
  let ctx!: HelperContext;
  let lifecycle!: Lifecycle;
  const tracker = createPaymentTracker({
    gateway,
    payments,
    logger,
    now,
    statusCacheMs: r.statusCacheMs,
    lock: state.lock,
    flags: state.flags,
    bus: state.bus,
    outbox: options.onPaymentUpdate ? state.outbox : undefined,
    onQueued: () => lifecycle.kick(),
    onDuplicate: (rec) => lifecycle.duplicate(rec),
    adopt: (id) => adoptTransaction(ctx, id, orderIds.isOwn),
    ...(options.postbackRetryDelaysMs ? { postbackRetryDelaysMs: options.postbackRetryDelaysMs } : {}),
    ...(options.postbackWindowMs !== undefined ? { postbackWindowMs: positiveInt(options.postbackWindowMs, 'postbackWindowMs', 0) } : {}),
  });
  ctx = createContext({ options, r, now, logger, gateway, signer, state, idem, payments, tracker });
  lifecycle = createLifecycle(ctx);
  const cepLookup = options.cepLookup ?? builtInCepLookup;
  const streams: StreamRegistry = { open: new Set(), timers: 0 };
  const background = new Set<Promise<unknown>>();
  const rate = r.rate;
  let closed = false;

  // ── misconfiguration reports ──
  /** Each distinct mismatching path is reported once (a bounded set): the log names it without flooding. */
  const mismatchReported = new Set<string>();
  function reportBasePathMismatch(path: string): void {
    const shown = path.slice(0, 200);
    if (mismatchReported.has(shown) || mismatchReported.size >= 50) return;
    mismatchReported.add(shown);
    logger.error('misconfiguration', {
      code: 'base_path_mismatch',
      cause: `a checkout request arrived at ${shown}, outside basePath ${r.basePath}`,
      fix: `mount the checkout handler at ${r.basePath} and point the widget's endpoint there, or set basePath to the path the handler is mounted at`,
      requestPath: shown,
      basePath: r.basePath,
    });
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

  /**
   * A cross-origin request from an origin `allowedOrigins` does not list (CORS is on): answered
   * 403 `origin_not_allowed` WITH CORS headers for that origin, so the widget on that page can read
   * the code. Only the error envelope is ever exposed this way. Same-origin requests (no Origin, or
   * the request's own origin) pass.
   */
  const originsReported = new Set<string>();
  function refuseForeignOrigin(req: Request, url: URL): Response | undefined {
    if (r.allowedOrigins.size === 0) return undefined;
    const origin = req.headers.get('origin');
    if (!origin || r.allowedOrigins.has(origin) || req.headers.get('sec-fetch-site') === 'same-origin' || sameHost(origin, url)) return undefined;
    const shown = origin.slice(0, 200);
    if (!originsReported.has(shown) && originsReported.size < 50) {
      originsReported.add(shown);
      logger.error('misconfiguration', {
        code: 'origin_not_allowed',
        cause: `a checkout request came from the page origin ${shown}, which allowedOrigins does not list`,
        fix: `add "${shown}" to the allowedOrigins option if that page is yours`,
        origin: shown,
        allowedOrigins: [...r.allowedOrigins],
      });
    }
    const headers: Record<string, string> = {
      'access-control-allow-origin': shown,
      vary: 'Origin',
    };
    // a preflight is refused without CORS headers: nothing but a simple request (the widget's GET
    // /config comes first) may read the answer, and that answer is the error envelope only
    if (req.method === 'OPTIONS') return toResponse(new HttpError('origin_not_allowed', 'This page is not allowed to use this checkout.').toReply(), { vary: 'Origin' });
    return toResponse(new HttpError('origin_not_allowed', 'This page is not allowed to use this checkout.').toReply(), headers);
  }

  // ── dispatch ──
  async function dispatch(req: Request, info: RequestInfo | undefined, url: URL, route: { name: string }): Promise<Response> {
    const path = url.pathname;
    const base = r.basePath;
    if (!(path === base || path.startsWith(`${base}/`))) {
      if (looksLikeWidgetRequest(req, url)) reportBasePathMismatch(path);
      const res = toResponse(new HttpError('not_found', 'Not found.').toReply());
      outside.add(res);
      return res;
    }
    const refused = refuseForeignOrigin(req, url);
    if (refused) {
      route.name = 'origin_not_allowed';
      return refused;
    }
    if (rate) await ctx.limitIp('ip', req, info, rate.perIp);
    const restRaw = path.slice(base.length + 1);
    // no encoded separators, dots or empty segments: ids and names are plain
    if (/%|\\/.test(restRaw)) throw new HttpError('not_found', 'Not found.');
    const rest = restRaw.split('/');
    if (rest.some((s) => s === '' || s === '.' || s === '..')) throw new HttpError('not_found', 'Not found.');
    const m = matchRoute(rest);
    if (!m) throw new HttpError('not_found', 'Not found.');
    route.name = m.name;
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
        return toResponse(await getConfig(ctx, req, url));
      case 'orders':
        return postOrders(ctx, req, orderIds.next);
      case 'payments.create':
        return postPayment(ctx, req, info, m.params['orderId']!);
      case 'payments.get':
        return toResponse(await getPayment(ctx, req, m.params['paymentId']!));
      case 'payments.events':
        return paymentEvents(ctx, req, m.params['paymentId']!, streams);
      case 'cep':
        return toResponse(await getCep(ctx, req, m.params['cep']!, cepLookup));
    }
  }

  async function serve(req: Request, info: RequestInfo | undefined, kind: 'checkout' | 'webhook'): Promise<Response> {
    const started = now();
    const requestId = randomUUID();
    const route = { name: kind === 'webhook' ? 'webhook' : 'unmatched' };
    let res: Response;
    try {
      if (closed) throw new HttpError('upstream_error', 'The checkout service is shutting down.');
      const url = new URL(req.url);
      res = kind === 'checkout' ? await dispatch(req, info, url, route) : await receiveWebhook(req, info);
    } catch (e) {
      res = toResponse(ctx.errorReply(e, { route: route.name, requestId }));
    }
    try {
      res.headers.set('x-request-id', requestId);
      if (kind === 'checkout' && route.name !== 'origin_not_allowed') for (const [k, v] of Object.entries(corsHeaders(req))) res.headers.set(k, v);
    } catch {
      // immutable headers (a Response from elsewhere): leave them
    }
    const unmatched = route.name === 'unmatched' && res.status === 404 && !outside.has(res);
    logger.info('request', {
      requestId,
      method: req.method,
      route: route.name,
      status: res.status,
      ms: now() - started,
      ...(unmatched ? { requestPath: safePath(req.url), basePath: r.basePath } : {}),
    });
    return res;
  }

  // ── webhook ──
  async function receiveWebhook(req: Request, info: RequestInfo | undefined): Promise<Response> {
    if (req.method !== 'POST') {
      throw new HttpError('method_not_allowed', 'Use POST for this route.', { headers: { allow: 'POST' } });
    }
    // its own bucket: buyers' traffic does not throttle the gateway's postbacks, nor the reverse
    if (rate) await ctx.limitIp('hook-ip', req, info, rate.webhookPerIp);
    if (r.webhookSecret !== undefined && !postbackSecretMatches(req.headers.get(POSTBACK_SECRET_HEADER), r.webhookSecret)) {
      await req.body?.cancel().catch(() => undefined);
      logger.warn('webhook.bad_secret', {});
      throw new HttpError('invalid_token', `The postback's ${POSTBACK_SECRET_HEADER} header does not match the configured webhookSecret.`);
    }
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

  // live gateway only: is the key accepted, does the hostname look real? (read-only, never blocks)
  const gatewayBase = options.baseUrl ?? DEFAULT_BASE_URL;
  if (options.startupCheck ?? !isLoopbackUrl(gatewayBase)) {
    const task = startupCheck(gateway, logger, { hostname: options.hostname, baseUrl: gatewayBase }).catch(() => undefined);
    background.add(task);
    void task.finally(() => background.delete(task));
  }

  return {
    checkout: (req, info) => serve(req, info, 'checkout'),
    webhook: (req, info) => serve(req, info, 'webhook'),
    gateway,
    admin: (o) => createAdminHandler({ logger, secrets: [options.apiKey], ...o, gateway }),
    async idle() {
      while (background.size) await Promise.allSettled([...background]);
      await tracker.idle();
      await lifecycle.idle();
    },
    async reconcile() {
      await lifecycle.tick();
    },
    async pendingUpdates() {
      return options.onPaymentUpdate ? state.outbox.size() : 0;
    },
    stats() {
      return {
        state: state.kind,
        streams: streams.open.size,
        subscriptions: tracker.listenerCount(),
        timers: streams.timers,
        background: background.size,
      };
    },
    async close() {
      closed = true;
      for (const s of [...streams.open]) s.finish();
      await Promise.allSettled([...background]);
      await lifecycle.close();
      await tracker.close();
      if (ownState) await state.close();
      gateway.close();
      transport?.close();
    },
  };
}

/** The page's origin names this server's own host (same origin, even behind a TLS-terminating proxy). */
function sameHost(origin: string, url: URL): boolean {
  try {
    return new URL(origin).host === url.host;
  } catch {
    return false;
  }
}

function isLoopbackUrl(u: string): boolean {
  try {
    const h = new URL(u).hostname;
    return h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
  } catch {
    return false;
  }
}

/** The path of a request URL, capped (for logs; no query string). */
function safePath(raw: string): string {
  try {
    return new URL(raw).pathname.slice(0, 200);
  } catch {
    return '';
  }
}

/** The checkout routes only (no webhook receiver): `(request) => Promise<Response>`. */
export function createCheckoutHandler(options: CheckoutOptions): Handler {
  return createBynetCheckout(options).checkout;
}
