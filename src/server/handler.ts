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
  if (options.fetch !== undefined) gatewayOpts.fetch = options.fetch;
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
  async function dispatch(req: Request, info: RequestInfo | undefined, url: URL, route: { name: string }): Promise<Response> {
    const path = url.pathname;
    const base = r.basePath;
    if (!(path === base || path.startsWith(`${base}/`))) {
      const res = toResponse(new HttpError('not_found', 'Not found.').toReply());
      outside.add(res);
      return res;
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
      if (kind === 'checkout') for (const [k, v] of Object.entries(corsHeaders(req))) res.headers.set(k, v);
    } catch {
      // immutable headers (a Response from elsewhere): leave them
    }
    logger.info('request', { requestId, method: req.method, route: route.name, status: res.status, ms: now() - started });
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

  return {
    checkout: (req, info) => serve(req, info, 'checkout'),
    webhook: (req, info) => serve(req, info, 'webhook'),
    gateway,
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
    },
  };
}

/** The checkout routes only (no webhook receiver): `(request) => Promise<Response>`. */
export function createCheckoutHandler(options: CheckoutOptions): Handler {
  return createBynetCheckout(options).checkout;
}
