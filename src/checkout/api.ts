/**
 * The helper client: the ONLY browser code that calls `fetch`. Every response is validated with
 * the contract's lean zod schemas (contract/lean-responses.ts); every failure becomes a
 * `CheckoutError`:
 *   - the helper's error envelope -> its code mapped (`apiCode` kept), `Retry-After` honoured;
 *     `409 order_paid` -> `order-paid` carrying the envelope's `payment` (the order is already paid);
 *   - a 2xx body that is not JSON or does not match the contract -> `invalid-response`;
 *   - our own timeout -> `timeout`; a `TypeError` from fetch -> `network`.
 * An abort requested by the caller's `signal` rejects with the platform's `AbortError` (callers
 * ignore it), never with a CheckoutError.
 */
import { CHECKOUT_TOKEN_HEADER, IDEMPOTENCY_KEY_HEADER } from '../contract/lean-values.js';
import {
  check,
  LeanCepResponseSchema as CepResponseSchema,
  LeanConfigResponseSchema as ConfigResponseSchema,
  LeanCreateOrderResponseSchema as CreateOrderResponseSchema,
  LeanErrorOnlySchema as ErrorOnlySchema,
  LeanPaymentResponseSchema as PaymentResponseSchema,
  LeanPaymentSchema as PaymentSchema,
} from '../contract/lean-responses.js';
import type { LazyLean } from '../contract/lean-responses.js';
import type {
  CepResponse,
  ConfigResponse,
  CreateOrderResponse,
  CreatePaymentRequest,
  PaymentResponse,
} from '../contract/helper.js';
import { CheckoutError, isAbortError, isStoreProblemCode } from './errors.js';
import type { CheckoutErrorCode } from './errors.js';

export type CheckoutRef = { product: string } | { cart: string };
/** The JSON body of `POST /orders`. */
export interface CreateOrderBody {
  quantity?: number;
}
export type CepAddress = CepResponse['address'];

export interface HelperClientOptions {
  /** Base path or URL of the merchant's helper, e.g. `/api/checkout`. */
  endpoint: string;
  /** Injectable for tests; defaults to the global `fetch` (looked up at call time). */
  fetch?: typeof fetch;
  /** Per-request timeout (response headers and body), ms. */
  timeoutMs?: number;
  /** A status stream that stays silent (no event, no heartbeat) this long is treated as broken, ms. */
  streamIdleMs?: number;
  /** How often a `409 idempotency_in_flight` is retried (same key) before giving up. */
  inFlightRetries?: number;
}

export interface HelperClient {
  getConfig(ref: CheckoutRef, options?: { signal?: AbortSignal }): Promise<ConfigResponse>;
  /**
   * `body.quantity`: the quantity the buyer chose, only when the config offers `checkout.quantity`
   * (product mode); without it the body is empty (`{}`), as helpers without quantities expect.
   */
  createOrder(token: string, idemKey?: string, body?: CreateOrderBody): Promise<CreateOrderResponse>;
  createPayment(orderId: string, token: string, body: CreatePaymentRequest, idemKey?: string): Promise<PaymentResponse>;
  getPayment(paymentId: string, token: string, options?: { signal?: AbortSignal }): Promise<PaymentResponse>;
  /** The address for a CEP, or `null` when the helper does not know it. */
  lookupCep(cep: string, token: string, options?: { signal?: AbortSignal }): Promise<CepAddress | null>;
  /**
   * Reads the server-sent status stream with fetch streaming and calls `onPayment` for each event.
   * Resolves when the server closes the stream or `signal` aborts; rejects with a CheckoutError
   * when it cannot be opened, goes silent, or sends something off-contract.
   */
  openEvents(
    paymentId: string,
    token: string,
    onPayment: (event: PaymentResponse) => void,
    signal?: AbortSignal,
  ): Promise<void>;
}

/** A v4 UUID for `Idempotency-Key`; falls back to getRandomValues where randomUUID is missing (non-secure contexts). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c.randomUUID) return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // variant 10xx
  return Array.from(b, (x, i) => (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (x + 256).toString(16).slice(1)).join('');
}

/** `Retry-After` in seconds or as an HTTP date -> ms (undefined when absent or unparsable). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const abortError = (): DOMException => new DOMException('The operation was aborted.', 'AbortError');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A body as JSON, or `undefined` when it is not JSON (no JSON text parses to `undefined`). */
const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** What a 404 means on each route. */
type NotFoundMeaning = 'config' | 'session' | 'http';

function errorFromResponse(res: Response, body: unknown, notFound: NotFoundMeaning): CheckoutError {
  const env = check(ErrorOnlySchema, body);
  const error = env.success ? env.data.error : undefined;
  const apiCode = error?.code;
  const status = res.status;
  let code: CheckoutErrorCode = 'http';
  let payment;
  if (isStoreProblemCode(apiCode)) code = 'config';
  else if (apiCode === 'order_paid') {
    code = 'order-paid';
    const p = check(PaymentSchema, (body as { payment?: unknown }).payment);
    if (p.success) payment = p.data;
  } else if (apiCode === 'rate_limited' || status === 429) code = 'rate-limited';
  else if (apiCode === 'invalid_token' || status === 401) code = 'session';
  else if (apiCode === 'payment_refused' || status === 402) code = 'payment-refused';
  else if (apiCode === 'upstream_timeout' || status === 504 || status === 408) code = 'timeout';
  else if (apiCode === 'not_found' || status === 404) code = notFound;
  return new CheckoutError(code, error?.message ?? `HTTP ${status}`, {
    status,
    apiCode,
    fields: error?.fields,
    retryAfterMs: parseRetryAfter(res.headers.get('Retry-After')),
    payment,
  });
}

/**
 * One exchange's signal: aborted when the caller's `signal` aborts, or when the timer that `arm`
 * (re)starts fires (then `timedOut`). `end()` clears the timer and the link.
 */
function link(signal: AbortSignal | undefined) {
  const ctrl = new AbortController();
  const abort = () => ctrl.abort();
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal?.addEventListener('abort', abort, { once: true });
  const l = {
    signal: ctrl.signal,
    timedOut: false,
    arm(ms: number) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        l.timedOut = true;
        abort();
      }, ms);
    },
    end() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    },
  };
  return l;
}

/**
 * What a failed exchange throws: a CheckoutError as it is, `timeout` when our timer aborted it,
 * `undefined` when the caller aborted it, `network` for anything else (e.g. fetch's TypeError).
 */
function failure(e: unknown, l: { timedOut: boolean }, signal: AbortSignal | undefined, what: string): CheckoutError | undefined {
  if (e instanceof CheckoutError) return e;
  if (l.timedOut) return new CheckoutError('timeout', `${what}: no answer in time`, { cause: e });
  if (signal?.aborted || isAbortError(e)) return undefined;
  return new CheckoutError('network', `${what} failed`, { cause: e });
}

export function createHelperClient(options: HelperClientOptions): HelperClient {
  const base = options.endpoint.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const streamIdleMs = options.streamIdleMs ?? 45_000;
  const inFlightRetries = options.inFlightRetries ?? 3;
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const seg = encodeURIComponent;

  async function request<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: LazyLean<T>,
    o: { token?: string; idemKey?: string; body?: unknown; signal?: AbortSignal | undefined; notFound?: NotFoundMeaning } = {},
  ): Promise<T> {
    if (o.signal?.aborted) throw abortError();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (o.token !== undefined) headers[CHECKOUT_TOKEN_HEADER] = o.token;
    if (o.idemKey !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = o.idemKey;
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    const l = link(o.signal);
    l.arm(timeoutMs);
    try {
      const res = await doFetch(base + path, {
        method,
        headers,
        ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
        credentials: 'same-origin',
        cache: 'no-store',
        signal: l.signal,
      });
      const json = parseJson(await res.text());
      if (!res.ok) throw errorFromResponse(res, json, o.notFound ?? 'http');
      const parsed = check(schema, json);
      if (!parsed.success) {
        throw new CheckoutError('invalid-response', 'The helper answered off-contract (or not JSON)', { status: res.status, cause: parsed.error });
      }
      return parsed.data;
    } catch (e) {
      throw failure(e, l, o.signal, 'The request') ?? abortError();
    } finally {
      l.end();
    }
  }

  /** A POST that waits out `409 idempotency_in_flight` (same key: the first attempt is still running). */
  async function post<T>(path: string, schema: LazyLean<T>, token: string, idemKey: string, body: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request('POST', path, schema, { token, idemKey, body });
      } catch (e) {
        if (!(e instanceof CheckoutError) || e.apiCode !== 'idempotency_in_flight' || attempt >= inFlightRetries) throw e;
        await sleep(Math.min(e.retryAfterMs ?? 1000, 5000));
      }
    }
  }

  async function openEvents(
    paymentId: string,
    token: string,
    onPayment: (event: PaymentResponse) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    if (signal?.aborted) return;
    const l = link(signal);
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    // Cancel the body explicitly too: a pending read() must end even if the body ignores the signal.
    l.signal.addEventListener('abort', () => void reader?.cancel().catch(() => undefined), { once: true });
    try {
      l.arm(timeoutMs);
      const res = await doFetch(`${base}/payments/${seg(paymentId)}/events`, {
        method: 'GET',
        headers: { Accept: 'text/event-stream', [CHECKOUT_TOKEN_HEADER]: token },
        credentials: 'same-origin',
        cache: 'no-store',
        signal: l.signal,
      });
      if (!res.ok) throw errorFromResponse(res, parseJson(await res.text().catch(() => '')), 'session');
      if (!res.headers.get('Content-Type')?.includes('text/event-stream') || !res.body) {
        throw new CheckoutError('invalid-response', 'The status stream is not an event stream', { status: res.status });
      }
      reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      let data: string[] = [];
      try {
        for (;;) {
          l.arm(streamIdleMs);
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          // Keep a trailing CR: it may be the first half of a CRLF split across chunks.
          const cut = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
          const lines = buffer.slice(0, cut).split(/\r\n|\r|\n/);
          buffer = lines.pop()! + buffer.slice(cut);
          for (const line of lines) {
            if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
            else if (line === '' && data.length) {
              // each event is a PaymentResponse
              const parsed = check(PaymentResponseSchema, parseJson(data.join('\n')));
              data = [];
              if (!parsed.success) throw new CheckoutError('invalid-response', 'A status event was off-contract (or not JSON)', { cause: parsed.error });
              onPayment(parsed.data);
            }
            // comments (":"), "event:", "id:" and "retry:" carry nothing we need
          }
        }
      } finally {
        reader.cancel().catch(() => undefined);
      }
      if (l.timedOut) throw new CheckoutError('timeout', 'The status stream went silent');
    } catch (e) {
      const error = failure(e, l, signal, 'The status stream');
      if (error) throw error;
    } finally {
      l.end();
    }
  }

  return {
    getConfig(ref, o) {
      const q = new URLSearchParams('product' in ref ? { product: ref.product } : { cart: ref.cart });
      return request('GET', `/config?${q}`, ConfigResponseSchema, { notFound: 'config', signal: o?.signal });
    },
    createOrder(token, idemKey = newIdempotencyKey(), body = {}) {
      return post('/orders', CreateOrderResponseSchema, token, idemKey, body.quantity !== undefined ? { quantity: body.quantity } : {});
    },
    createPayment(orderId, token, body, idemKey = newIdempotencyKey()) {
      return post(`/orders/${seg(orderId)}/payments`, PaymentResponseSchema, token, idemKey, body);
    },
    getPayment(paymentId, token, o) {
      return request('GET', `/payments/${seg(paymentId)}`, PaymentResponseSchema, { token, notFound: 'session', signal: o?.signal });
    },
    async lookupCep(cep, token, o) {
      try {
        return (await request('GET', `/cep/${seg(cep.replace(/\D/g, ''))}`, CepResponseSchema, { token, signal: o?.signal })).address;
      } catch (e) {
        if (e instanceof CheckoutError && (e.status === 404 || e.apiCode === 'not_found')) return null;
        throw e;
      }
    },
    openEvents,
  };
}
