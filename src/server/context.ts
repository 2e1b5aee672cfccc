/**
 * The small context every route of the helper works with: options, clock, logger, gateway client,
 * token signer, state, payment tracker, and the request helpers they share (token and
 * idempotency-key checks, body parsing, rate limits, the idempotent-POST wrapper, error mapping,
 * the product/cart catalogue and the installment plan). Routes live in `routes/`, one file each.
 */
import { createHmac } from 'node:crypto';
import * as z from 'zod/mini';
import { CHECKOUT_TOKEN_HEADER, CheckoutItemSchema, IDEMPOTENCY_KEY_HEADER, PaymentResponseSchema } from '../contract/helper.js';
import type { CheckoutInfo, CheckoutItem, InstallmentOption, Layout, PaymentResponse } from '../contract/helper.js';
import { PAYMENT_METHODS } from '../contract/payment.js';
import type { Payment } from '../contract/payment.js';
import { formatZodIssues } from '../contract/issues.js';
import { buildInstallmentPlan } from '../brazil/installments.js';
import type { GatewayClient } from './gateway/client.js';
import { GatewayError } from './gateway/errors.js';
import {
  LAYOUT_LIST_QUERY,
  PRODUCT_FLOW_CHARGES_PRODUCT_PRICE,
  pickLayout,
  productAmountCents,
  productIsActive,
  productIsTangible,
  productMaxInstallments,
  productMethods,
  toLayout,
} from './gateway/assumptions.js';
import { ClientAbortedError, HttpError, canonicalJson, isJsonContentType, parseJson, readBodyText, serialize } from './http.js';
import type { Reply } from './http.js';
import type { IdempotencyStore } from './idempotency.js';
import type { Logger } from './log.js';
import type { CheckoutOptions, RequestInfo, Resolved } from './options.js';
import { IDEMPOTENCY_KEY } from './options.js';
import type { PaymentStore } from './payments.js';
import type { RateRule } from './rate-limit.js';
import { StateUnavailableError } from './state.js';
import type { HelperState, OrderRecord, OrderStore } from './state.js';
import { classifyGatewayError, inactiveProduct, reportMisconfig } from './misconfig.js';
import { DEFAULT_BASE_URL } from './gateway/assumptions.js';
import type { CheckoutTokenPayload, TokenSigner } from './token.js';
import type { PaymentTracker } from './tracker.js';

export const BODY_LIMIT = 16 * 1024;
/**
 * How long after its expiry an order's token may still READ the order's payments (status and
 * stream; never create anything): a boleto is paid days later, a buyer keeps the tab open.
 */
export const TOKEN_READ_GRACE_SECONDS = 14 * 86_400;
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

/** The price of a checkout, as the catalogue (gateway product or the merchant's cart hook) says. */
export interface CatalogEntry {
  info: Omit<CheckoutInfo, 'ref' | 'kind'>;
  /** Cart shipping fee in cents (already in `info.amount`). */
  shippingFee?: number | undefined;
  maxInstallments: number;
  items: CheckoutItem[];
  /** The cart's merchant reference (cart flow). */
  merchantRef?: string | undefined;
}

/** Records an idempotent route leaves to the end of its run (see `HelperContext.idempotent`). */
export interface IdempotentWrites {
  /** Stores an order record (inserts or replaces) before the answer leaves. */
  order(record: OrderRecord): void;
}

export interface HelperContext {
  options: CheckoutOptions;
  r: Resolved;
  now: () => number;
  iso: () => string;
  logger: Logger;
  gateway: GatewayClient;
  signer: TokenSigner;
  state: HelperState;
  idem: IdempotencyStore;
  payments: PaymentStore;
  orders: OrderStore;
  tracker: PaymentTracker;
  /** Runs `task` holding `key` (per order, per payment), across instances when the state is shared. */
  lock: HelperState['lock'];
  /** Maps an error to the reply the buyer sees (and logs what the buyer must not see). */
  errorReply(e: unknown, ctx: Record<string, unknown>): Reply;
  fromGateway(e: GatewayError): HttpError;
  /** Throws 429 when `bucket` is over `rule`. */
  limit(bucket: string, rule: RateRule | false | undefined): Promise<void>;
  /**
   * The client's address (the `clientIp` hook, else the socket address and, with
   * `trustedProxies`, `X-Forwarded-For`); undefined when unknown.
   */
  clientAddress(req: Request, info: RequestInfo | undefined): string | undefined;
  /** The same per client address (skipped when the address is unknown). */
  limitIp(prefix: string, req: Request, info: RequestInfo | undefined, rule: RateRule | false | undefined): Promise<void>;
  /**
   * The verified checkout token. With `read`, a token that expired less than
   * `TOKEN_READ_GRACE_SECONDS` ago still reads its order's payments (a boleto is followed for days).
   */
  requireToken(req: Request, opts?: { read?: boolean }): Promise<CheckoutTokenPayload>;
  requireIdempotencyKey(req: Request): string;
  readJson(req: Request): Promise<unknown>;
  validate<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S>;
  /** Checks an outgoing body against its contract schema; a mismatch is an upstream problem. */
  checked<S extends z.ZodMiniType>(schema: S, value: z.infer<S>, what: string): z.infer<S>;
  /**
   * Idempotency-Key semantics around a POST: replay, mismatch (422), in flight (409). Records `run`
   * hands to `writes` are committed before the answer leaves, in the same durable commit as the
   * stored answer where the state can (`HelperState.commit`); if that fails, nothing is stored and
   * the answer is the state error.
   */
  idempotent(scope: string, body: unknown, run: (writes: IdempotentWrites) => Promise<Reply>): Promise<Response>;
  catalog(kind: 'product' | 'cart', ref: string, req: Request, opts?: { fresh?: boolean; amount?: number }): Promise<CatalogEntry>;
  installmentPlan(entry: CatalogEntry, kind: 'product' | 'cart'): InstallmentOption[];
  layout(): Promise<Layout>;
  paymentReply(status: number, payment: Payment): Reply;
}

export function createContext(
  deps: Pick<HelperContext, 'options' | 'r' | 'now' | 'logger' | 'gateway' | 'signer' | 'state' | 'idem' | 'payments' | 'tracker'>,
): HelperContext {
  const { options, r, now, logger, gateway, signer, state, idem } = deps;
  const iso = () => new Date(now()).toISOString();
  const fingerprintKey = createHmac('sha256', options.tokenSecret).update('bynet-checkout/idempotency/v1').digest();
  const limiter = state.rateLimiter;
  const rate = r.rate;
  // one commit for a request's records and its stored answer, when the idempotency records are the state's own
  const commit = idem === state.idempotency ? state.commit?.bind(state) : undefined;

  // ── small caches (single flight + TTL) ──
  const cache = new Map<string, { value: Promise<unknown>; exp: number }>();
  /**
   * Single flight + TTL. A failure is forgotten at once, except one `keepMiss` says is a definite
   * miss (an unknown product): that is remembered as long as a hit (a negative cache), so asking
   * again for an unknown id costs no gateway call.
   */
  function cached<T>(key: string, load: () => Promise<T>, keepMiss?: (e: unknown) => boolean): Promise<T> {
    const t = now();
    const hit = cache.get(key);
    if (hit && hit.exp > t) return hit.value as Promise<T>;
    if (cache.size > 2000) cache.clear();
    const value = load();
    cache.set(key, { value, exp: t + r.catalogCacheMs });
    value.catch((e: unknown) => {
      if (keepMiss?.(e)) return;
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    return value;
  }
  const isGatewayNotFound = (e: unknown) => e instanceof GatewayError && e.code === 'not_found';
  const misconfigSettings = { hostname: options.hostname, baseUrl: options.baseUrl ?? DEFAULT_BASE_URL };
  /** When the gateway host was last found unreachable (a circuit breaker opened by it keeps the code). */
  let unreachableAt = -Infinity;
  /** The buyer's error for a misconfiguration behind `e` (logged with cause and fix), or undefined. */
  function misconfigured(e: unknown, logCtx: Record<string, unknown>, product?: string): HttpError | undefined {
    if (!(e instanceof GatewayError)) return undefined;
    const m = classifyGatewayError(e, misconfigSettings, product);
    if (m) {
      if (m.code === 'gateway_unreachable') unreachableAt = now();
      return reportMisconfig(logger, m, logCtx);
    }
    if (e.code === 'circuit_open' && now() - unreachableAt < 60_000) {
      // calls are paused because the host could not be reached: still that, not a generic outage
      return new HttpError('gateway_unreachable', 'This store cannot reach its payment gateway right now.', {
        headers: { 'retry-after': String(Math.max(1, e.retryAfterSeconds ?? 1)) },
      });
    }
    return undefined;
  }

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
    if (e instanceof ClientAbortedError) {
      // the buyer closed the tab or lost the network mid-request: no alert for an operator
      logger.info('request.aborted', ctx);
      return e.toReply();
    }
    if (e instanceof HttpError) return e.toReply();
    if (e instanceof GatewayError) {
      const m = misconfigured(e, ctx);
      if (m) return m.toReply();
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

  function ipOf(req: Request, info: RequestInfo | undefined): string | undefined {
    const ip = options.clientIp ? options.clientIp(req, info) : r.clientAddress(info?.remoteAddress, req.headers.get('x-forwarded-for'));
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

  async function limitIp(prefix: string, req: Request, info: RequestInfo | undefined, rule: RateRule | false | undefined): Promise<void> {
    const ip = ipOf(req, info);
    if (ip !== undefined) await limit(`${prefix}:${ip}`, rule);
  }

  async function requireToken(req: Request, opts: { read?: boolean } = {}): Promise<CheckoutTokenPayload> {
    let v = signer.verify(req.headers.get(CHECKOUT_TOKEN_HEADER));
    if (!v.ok && v.reason === 'expired' && opts.read && v.payload.orderId && now() / 1000 - v.payload.exp < TOKEN_READ_GRACE_SECONDS) {
      v = { ok: true, payload: v.payload };
    }
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
    if (!res.success) throw new HttpError('invalid_request', 'The request is invalid.', { fields: formatZodIssues(res.error) });
    return res.data;
  }

  function checked<S extends z.ZodMiniType>(schema: S, value: z.infer<S>, what: string): z.infer<S> {
    const res = schema.safeParse(value);
    if (!res.success) {
      logger.error('contract.response_invalid', { what, issues: formatZodIssues(res.error) });
      throw new HttpError('upstream_error', 'The payment gateway answered something unexpected. Please try again.');
    }
    return res.data;
  }

  async function idempotent(scope: string, body: unknown, run: (writes: IdempotentWrites) => Promise<Reply>): Promise<Response> {
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
    const orders: OrderRecord[] = [];
    const writes: IdempotentWrites = { order: (record) => void orders.push(record) };
    let reply: Reply;
    try {
      reply = await run(writes);
    } catch (e) {
      reply = errorReply(e, { scope: scope.split('|')[0] });
    }
    let s = serialize(reply);
    // stored: successes, real refusals and "already paid"; not stored: validation failures and upstream trouble
    const keep = (s.status >= 200 && s.status < 300) || s.status === 402 || isOrderPaid(reply);
    if (orders.length === 0) {
      if (keep) await idem.complete(scope, s);
      else await idem.abort(scope);
      return new Response(s.body, { status: s.status, headers: s.headers });
    }
    try {
      if (keep && commit) {
        // the records and the stored answer in one durable commit
        await commit({ orders }, { key: scope, response: s });
      } else {
        for (const o of orders) await state.orders.put(o);
        if (keep) await idem.complete(scope, s);
        else await idem.abort(scope);
      }
    } catch (e) {
      // the answer relies on records that may not be stored: give the state error, do not store it
      s = serialize(errorReply(e, { scope: scope.split('|')[0] }));
      await idem.abort(scope).catch(() => undefined);
    }
    return new Response(s.body, { status: s.status, headers: s.headers });
  }

  async function catalog(
    kind: 'product' | 'cart',
    ref: string,
    req: Request,
    opts: { fresh?: boolean; amount?: number } = {},
  ): Promise<CatalogEntry> {
    if (kind === 'product') {
      let product;
      try {
        product = await cached(`product:${ref}`, () => gateway.checkout.product(ref), isGatewayNotFound);
      } catch (e) {
        throw misconfigured(e, { route: 'catalog' }, ref) ?? e;
      }
      if (!productIsActive(product)) throw reportMisconfig(logger, inactiveProduct(ref), { route: 'catalog' });
      const amount = productAmountCents(product);
      const items: CheckoutItem[] = [{ title: product.title.slice(0, 200), unitPrice: amount, quantity: 1, tangible: productIsTangible(product) }];
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
    const entry = await cached(key, async (): Promise<CatalogEntry> => {
      const res = await resolveCart(ref, req);
      if (!res) throw new HttpError('not_found', 'Unknown cart.');
      const items = res.items.map((i) => {
        const p = CheckoutItemSchema.safeParse(i);
        if (!p.success) throw new Error('resolveCart returned an invalid item.');
        return p.data;
      });
      if (!items.length) throw new Error('resolveCart returned no items.');
      const fee = res.shippingFee;
      if (fee !== undefined && (typeof fee !== 'number' || !Number.isSafeInteger(fee) || fee < 0)) {
        throw new Error('resolveCart returned an invalid shippingFee (integer cents >= 0 expected).');
      }
      const amount = items.reduce((s, i) => s + i.unitPrice * i.quantity, 0) + (fee ?? 0);
      if (!Number.isSafeInteger(amount)) throw new Error('resolveCart total is not a safe integer.');
      const methods = (res.methods ?? [...PAYMENT_METHODS]).filter((m) => (PAYMENT_METHODS as readonly string[]).includes(m));
      const merchantRef = typeof res.merchantRef === 'string' && res.merchantRef.length <= 128 ? res.merchantRef : ref;
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
          ...(fee !== undefined ? { shippingFee: fee } : {}),
        },
        maxInstallments: Math.min(24, Math.max(1, Math.floor(res.maxInstallments ?? 12))),
        items,
        shippingFee: fee,
        merchantRef,
      };
    });
    if (opts.amount !== undefined && entry.info.amount !== opts.amount && !opts.fresh) {
      return catalog(kind, ref, req, { fresh: true });
    }
    return entry;
  }

  let warnedProductInterest = false;
  function installmentPlan(entry: CatalogEntry, kind: 'product' | 'cart'): InstallmentOption[] {
    if (!entry.info.methods.includes('CREDIT_CARD')) return [];
    const o = options.installments ?? {};
    const plan = buildInstallmentPlan(entry.info.amount, {
      maxInstallments: entry.maxInstallments,
      ...(o.interestFreeUpTo !== undefined ? { interestFreeUpTo: o.interestFreeUpTo } : {}),
      ...(o.monthlyInterestRate !== undefined ? { monthlyInterestRate: o.monthlyInterestRate } : {}),
      ...(o.minInstallmentAmount !== undefined ? { minInstallmentAmount: o.minInstallmentAmount } : {}),
    }).map((p) => ({ count: p.count, amount: p.amount, total: p.total, interest: p.interest }));
    if (kind === 'product' && PRODUCT_FLOW_CHARGES_PRODUCT_PRICE) {
      // the gateway charges the product price: a plan with interest would show a total it never charges
      const exact = plan.filter((p) => p.total === entry.info.amount);
      if (exact.length < plan.length && !warnedProductInterest) {
        warnedProductInterest = true;
        logger.info('config.product_interest_plans_dropped', {
          offered: exact.map((p) => p.count),
          reason: 'the product-link flow cannot charge installment interest; use a cart checkout to charge it',
        });
      }
      return exact;
    }
    return plan;
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

  function paymentReply(status: number, payment: Payment): Reply {
    const body: PaymentResponse = { payment, serverTime: iso() };
    return { status, body: checked(PaymentResponseSchema, body, 'payment') };
  }

  return {
    options,
    r,
    now,
    iso,
    logger,
    gateway,
    signer,
    state,
    idem,
    payments: deps.payments,
    orders: state.orders,
    tracker: deps.tracker,
    lock: state.lock,
    errorReply,
    fromGateway,
    limit,
    limitIp,
    clientAddress: ipOf,
    requireToken,
    requireIdempotencyKey,
    readJson,
    validate,
    checked,
    idempotent,
    catalog,
    installmentPlan,
    layout,
    paymentReply,
  };
}

/** A reply that says the order is already paid (kept for the Idempotency-Key like a success). */
function isOrderPaid(reply: Reply): boolean {
  const body = reply.body as { error?: { code?: unknown } } | undefined;
  return reply.status === 409 && body?.error?.code === 'order_paid';
}
