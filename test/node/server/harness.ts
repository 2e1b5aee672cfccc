/**
 * Test harness for the server helper: the real gateway sandbox on 127.0.0.1, the helper served by
 * `node:http` through `toNodeListener` on 127.0.0.1, and a recorder of every response and log line
 * (for the "no secrets anywhere" checks).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { SandboxOptions, StartedSandbox } from '../../../src/sandbox/index.js';
import { createBynetCheckout, toNodeListener } from '../../../src/server/index.js';
import type { BynetCheckout, CheckoutOptions } from '../../../src/server/index.js';

export const API_KEY = 'sk_test_5c1e9a7b3d2f4e6a8b0c9d1e2f3a4b5c';
export const TOKEN_SECRET = 'helper-test-secret-aF3kP9qL2xV7mN4bR8tW1yZ6';
export const HOSTNAME = 'localhost';

export const CUSTOMER = {
  name: 'Maria da Silva',
  email: 'maria.silva@example.com',
  phone: '11987654321',
  document: '52998224725',
} as const;

export const ADDRESS = {
  zipCode: '01001000',
  street: 'Praça da Sé',
  streetNumber: '100',
  neighborhood: 'Sé',
  city: 'São Paulo',
  state: 'SP',
} as const;

export const CARD_APPROVED = '4111111111111111';
export const CARD_REFUSED = '4000000000000002';
export const CVV = '739';

export function card(number: string) {
  return { number, holderName: 'MARIA DA SILVA', expMonth: 12, expYear: new Date().getFullYear() + 3, cvv: CVV };
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface Harness {
  /** Helper base, e.g. http://127.0.0.1:1234/api/checkout */
  base: string;
  origin: string;
  webhookUrl: string;
  sb: StartedSandbox;
  helper: BynetCheckout;
  logs: string[];
  /** Every response text and header block seen by `call`. */
  seen: string[];
  call<T = any>(method: string, path: string, o?: CallOptions): Promise<CallResult<T>>;
  config(product?: string): Promise<any>;
  order(token: string, key?: string): Promise<any>;
  pay(order: { order: { id: string }; token: string }, body: unknown, key?: string): Promise<CallResult<any>>;
  /** Gateway calls recorded by the sandbox matching `method` and a path prefix/regex. */
  gatewayCalls(method: string, path: string | RegExp): number;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  key?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

let keyCounter = 0;
export const newKey = () => `key-${process.pid}-${Date.now()}-${++keyCounter}`;

export async function startHarness(
  o: {
    /** Helper options, or a function of the helper's own URLs (known once its server listens). */
    helper?: Partial<CheckoutOptions> | ((urls: { origin: string; webhookUrl: string }) => Partial<CheckoutOptions>);
    sandbox?: Partial<SandboxOptions>;
  } = {},
): Promise<Harness> {
  const sb = await startSandbox({ apiKey: API_KEY, ...(o.sandbox ?? {}) });
  const logs: string[] = [];
  const seen: string[] = [];
  let checkout: ReturnType<typeof toNodeListener> = (_req, res) => res.end();
  let webhook: ReturnType<typeof toNodeListener> = (_req, res) => res.end();
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/webhooks/bynet')) webhook(req, res);
    else checkout(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const webhookUrl = `${origin}/webhooks/bynet`;
  const helperOptions = typeof o.helper === 'function' ? o.helper({ origin, webhookUrl }) : (o.helper ?? {});
  const helper = createBynetCheckout({
    apiKey: API_KEY,
    baseUrl: sb.url,
    hostname: HOSTNAME,
    tokenSecret: TOKEN_SECRET,
    logger: (line) => logs.push(line),
    rateLimit: {
      perIp: { limit: 100_000, windowMs: 60_000 },
      perToken: { limit: 100_000, windowMs: 60_000 },
      paymentsPerIp: { limit: 100_000, windowMs: 60_000 },
    },
    ...helperOptions,
  });
  checkout = toNodeListener(helper.checkout);
  webhook = toNodeListener(helper.webhook);
  const base = `${origin}${helperOptions.basePath ?? '/api/checkout'}`;

  async function call<T>(method: string, path: string, c: CallOptions = {}): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    if (c.token) headers['x-checkout-token'] = c.token;
    if (c.key) headers['idempotency-key'] = c.key;
    let body: string | undefined = c.rawBody;
    if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] ??= 'application/json';
    }
    const url = path.startsWith('http') ? path : `${base}${path}`;
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const hdrs: string[] = [];
    res.headers.forEach((v, k) => hdrs.push(`${k}: ${v}`));
    seen.push(hdrs.join('\n'), text);
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json: json as T };
  }

  return {
    base,
    origin,
    webhookUrl,
    sb,
    helper,
    logs,
    seen,
    call,
    async config(product = 'demo-product') {
      const r = await call<any>('GET', `/config?product=${product}`);
      assert.equal(r.status, 200, r.text);
      return r.json;
    },
    async order(token, key = newKey()) {
      const r = await call<any>('POST', '/orders', { token, key, body: {} });
      assert.equal(r.status, 201, r.text);
      return r.json;
    },
    pay(order, body, key = newKey()) {
      return call('POST', `/orders/${order.order.id}/payments`, { token: order.token, key, body });
    },
    gatewayCalls(method, path) {
      return sb.sandbox.calls.filter(
        (c) => c.method === method && (typeof path === 'string' ? c.path.startsWith(path) : path.test(c.path)),
      ).length;
    },
    async close() {
      await helper.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sb.close();
    },
  };
}

/** Fails when the API key, a full card number or a CVV field shows up in any response or log line. */
export function assertNoSecrets(h: Pick<Harness, 'logs' | 'seen'>, cardNumbers: readonly string[] = [CARD_APPROVED, CARD_REFUSED]): void {
  const all = [...h.seen, ...h.logs];
  assert.ok(all.length > 0, 'nothing was recorded');
  for (const text of all) {
    assert.ok(!text.includes(API_KEY), 'API key leaked');
    for (const n of cardNumbers) assert.ok(!text.includes(n), 'card number leaked');
    assert.ok(!/"cvv"\s*:/i.test(text), 'CVV field leaked');
    assert.ok(!text.includes(`"${CVV}"`), 'CVV value leaked');
  }
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
