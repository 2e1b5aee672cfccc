/**
 * The helper mounted the way merchants mount it: Express (mounted, prefix stripped, with and
 * without a body parser), a Next.js App Router route (`nextRouteHandlers`, called with real
 * `Request`s) and Hono (`app.request()` and a real server through `toNodeListener(app.fetch)`).
 * Each runs a real PIX flow step against the sandbox.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { Hono } from 'hono';
import { ConfigResponseSchema, CreateOrderResponseSchema, PaymentResponseSchema } from '../../../src/contract/helper.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createBynetCheckout, createMemoryState, nextRouteHandlers, nextWebhookHandler, toNodeListener } from '../../../src/server/index.js';
import type { BynetCheckout, CheckoutOptions, RequestInfo } from '../../../src/server/index.js';
import { API_KEY, CUSTOMER, HOSTNAME, TOKEN_SECRET, auditLog, eventually, newKey, recordResponse } from './harness.js';

function helperFor(sb: StartedSandbox, extra: Partial<CheckoutOptions> = {}): BynetCheckout {
  const state = extra.redis || extra.state ? {} : { state: createMemoryState() };
  return createBynetCheckout({ apiKey: API_KEY, baseUrl: sb.url, hostname: HOSTNAME, tokenSecret: TOKEN_SECRET, logger: auditLog, ...state, ...extra });
}

/** Reads a response body as JSON, recording it for the secrets audit. */
async function json(res: Response): Promise<any> {
  const text = await res.text();
  recordResponse(res.headers, text);
  return text ? JSON.parse(text) : undefined;
}

/** config -> order -> PIX payment -> payment status, through `send` (any transport). */
async function pixFlow(send: (method: string, path: string, init?: { token?: string; body?: unknown; key?: string }) => Promise<Response>) {
  const cfgRes = await send('GET', '/api/checkout/config?product=demo-product');
  assert.equal(cfgRes.status, 200);
  const cfg = ConfigResponseSchema.parse(await json(cfgRes));
  assert.equal(cfg.checkout.amount, 4990);
  const orderRes = await send('POST', '/api/checkout/orders', { token: cfg.token, body: {}, key: newKey() });
  assert.equal(orderRes.status, 201);
  const order = CreateOrderResponseSchema.parse(await json(orderRes));
  const payRes = await send('POST', `/api/checkout/orders/${order.order.id}/payments`, { token: order.token, body: { method: 'PIX', customer: CUSTOMER }, key: newKey() });
  assert.equal(payRes.status, 201);
  const payment = PaymentResponseSchema.parse(await json(payRes)).payment;
  assert.equal(payment.method, 'PIX');
  assert.match(payment.pix?.code ?? '', /^000201/);
  const getRes = await send('GET', `/api/checkout/payments/${payment.id}`, { token: order.token });
  assert.equal(getRes.status, 200);
  assert.equal(PaymentResponseSchema.parse(await json(getRes)).payment.id, payment.id);
  return { order, payment };
}

function fetchSender(origin: string) {
  return (method: string, path: string, init: { token?: string; body?: unknown; key?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (init.token) headers['x-checkout-token'] = init.token;
    if (init.key) headers['idempotency-key'] = init.key;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${origin}${path}`, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function shut(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

describe('Express', () => {
  let sb: StartedSandbox;
  let bynet: BynetCheckout;
  let server: Server;
  let origin: string;
  let parsedServer: Server;
  let parsedOrigin: string;

  before(async () => {
    // the app listens first, so the sandbox can be told where to post
    const app = express();
    server = createServer(app);
    origin = await listen(server);
    sb = await startSandbox({ apiKey: API_KEY, postbackUrl: `${origin}/api/webhooks/bynet` });
    bynet = helperFor(sb);
    app.get('/api/health', (_req, res) => {
      res.json({ ok: true });
    });
    app.use('/api/checkout', toNodeListener(bynet.checkout));
    app.post('/api/webhooks/bynet', toNodeListener(bynet.webhook));
    app.get('/after', (_req, res) => {
      res.type('text/plain').send('other route');
    });

    // a second app where a JSON body parser runs first, and the helper is mounted at the root
    const parsedApp = express();
    parsedApp.use(express.json());
    parsedApp.use(toNodeListener(bynet.checkout));
    parsedApp.use((_req, res) => {
      res.status(404).type('text/plain').send('express 404');
    });
    parsedServer = createServer(parsedApp);
    parsedOrigin = await listen(parsedServer);
  });
  after(async () => {
    await bynet.close();
    await shut(server);
    await shut(parsedServer);
    await sb.close();
  });

  it("app.use('/api/checkout', ...) with the prefix stripped by the mount: a PIX flow, then PAID by webhook", async () => {
    const { order, payment } = await pixFlow(fetchSender(origin));
    await sb.sandbox.pay(payment.id);
    await sb.sandbox.idle();
    await bynet.idle();
    const deliveries = sb.sandbox.deliveries.filter((d) => d.objectId === payment.id && d.status === 'paid');
    assert.ok(deliveries.length >= 1 && deliveries.every((d) => d.httpStatus === 200), 'the Express webhook route answered 200');
    await eventually(async () => {
      const r = await fetchSender(origin)('GET', `/api/checkout/payments/${payment.id}`, { token: order.token });
      return (await json(r)).payment.status === 'PAID';
    });
  });

  it('other Express routes keep working; unknown paths under the mount get the helper 404', async () => {
    assert.deepEqual(await json(await fetch(`${origin}/api/health`)), { ok: true });
    const after = await fetch(`${origin}/after`);
    assert.equal(await after.text(), 'other route');
    const inside = await fetch(`${origin}/api/checkout/nope`);
    assert.equal(inside.status, 404);
    assert.equal((await json(inside)).error.code, 'not_found');
  });

  it('after express.json() consumed the body, mounted at the root with fall-through', async () => {
    await pixFlow(fetchSender(parsedOrigin));
    const outside = await fetch(`${parsedOrigin}/products/1`);
    assert.equal(await outside.text(), 'express 404');
  });
});

describe('Next.js App Router route handlers', () => {
  let sb: StartedSandbox;
  let bynet: BynetCheckout;
  const seenIps: Array<string | undefined> = [];

  before(async () => {
    sb = await startSandbox({ apiKey: API_KEY });
    bynet = helperFor(sb, {
      clientIp: (_req, info) => {
        seenIps.push(info?.remoteAddress);
        return info?.remoteAddress;
      },
    });
  });
  after(async () => {
    await bynet.close();
    await sb.close();
  });

  it('export const { GET, POST } = nextRouteHandlers(bynet): a PIX flow with real Requests', async () => {
    // app/api/checkout/[...path]/route.ts
    const { GET, POST, OPTIONS } = nextRouteHandlers(bynet, { clientAddress: (req) => req.headers.get('x-real-ip') ?? undefined });
    const context = { params: Promise.resolve({ path: [] as string[] }) };
    const send = (method: string, path: string, init: { token?: string; body?: unknown; key?: string } = {}) => {
      const headers: Record<string, string> = { 'x-real-ip': '203.0.113.7' };
      if (init.token) headers['x-checkout-token'] = init.token;
      if (init.key) headers['idempotency-key'] = init.key;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const req = new Request(`https://shop.example.com${path}`, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
      return (method === 'GET' ? GET : method === 'POST' ? POST : OPTIONS)(req, context);
    };
    const { order, payment } = await pixFlow(send);
    assert.ok(seenIps.includes('203.0.113.7'), 'the platform address reaches the rate limiter');

    // the status stream is a streaming Response; cancelling it releases everything
    const stream = await send('GET', `/api/checkout/payments/${payment.id}/events`, { token: order.token });
    assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^data: \{"payment":/);
    assert.equal(bynet.stats().streams, 1);
    await reader.cancel();
    assert.deepEqual({ ...bynet.stats(), background: 0 }, { state: 'memory', streams: 0, subscriptions: 0, timers: 0, background: 0 });

    // app/api/webhooks/bynet/route.ts
    const { POST: webhook } = nextWebhookHandler(bynet);
    await sb.sandbox.pay(payment.id);
    const hook = await webhook(
      new Request('https://shop.example.com/api/webhooks/bynet', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'transaction', objectId: payment.id, data: { id: payment.id, status: 'paid' } }),
      }),
    );
    assert.equal(hook.status, 200);
    assert.deepEqual(await json(hook), { received: true });
    await bynet.idle();
    const paid = await send('GET', `/api/checkout/payments/${payment.id}`, { token: order.token });
    assert.equal((await json(paid)).payment.status, 'PAID');
  });

  it('without a known client address, per-address limits are skipped, not shared by everyone', async () => {
    const strict = helperFor(sb, { rateLimit: { perIp: { limit: 2, windowMs: 60_000 } } });
    try {
      const { GET } = nextRouteHandlers(strict);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await GET(new Request('https://shop.example.com/api/checkout/config?product=demo-product'));
        statuses.push(res.status);
        await json(res);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200]);
      const { GET: withIp } = nextRouteHandlers(strict, { clientAddress: () => '198.51.100.1' });
      const limited: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await withIp(new Request('https://shop.example.com/api/checkout/config?product=demo-product'));
        limited.push(res.status);
        await json(res);
      }
      assert.deepEqual(limited, [200, 200, 429]);
    } finally {
      await strict.close();
    }
  });
});

describe('Hono', () => {
  let sb: StartedSandbox;
  let bynet: BynetCheckout;
  let app: Hono<{ Bindings: RequestInfo }>;
  const seenIps: Array<string | undefined> = [];

  before(async () => {
    sb = await startSandbox({ apiKey: API_KEY });
    bynet = helperFor(sb, {
      clientIp: (_req, info) => {
        seenIps.push(info?.remoteAddress);
        return info?.remoteAddress;
      },
    });
    app = new Hono<{ Bindings: RequestInfo }>();
    app.get('/', (c) => c.text('shop'));
    app.all('/api/checkout/*', (c) => bynet.checkout(c.req.raw, c.env));
    app.post('/api/webhooks/bynet', (c) => bynet.webhook(c.req.raw, c.env));
  });
  after(async () => {
    await bynet.close();
    await sb.close();
  });

  it('app.request(): a PIX flow through app.all("/api/checkout/*")', async () => {
    const send = (method: string, path: string, init: { token?: string; body?: unknown; key?: string } = {}) => {
      const headers: Record<string, string> = {};
      if (init.token) headers['x-checkout-token'] = init.token;
      if (init.key) headers['idempotency-key'] = init.key;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return Promise.resolve(app.request(path, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) }));
    };
    await pixFlow(send);
    assert.equal(await (await app.request('/')).text(), 'shop');
  });

  it('a real node:http server via toNodeListener(app.fetch): flow, webhook, client address', async () => {
    const server = createServer(toNodeListener(app.fetch));
    const origin = await listen(server);
    try {
      const { order, payment } = await pixFlow(fetchSender(origin));
      assert.ok(seenIps.includes('127.0.0.1'), 'the socket address reaches the helper as c.env');
      await sb.sandbox.pay(payment.id);
      const hook = await fetch(`${origin}/api/webhooks/bynet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'transaction', objectId: payment.id, data: { id: payment.id, status: 'paid' } }),
      });
      assert.equal(hook.status, 200);
      await json(hook);
      await bynet.idle();
      const paid = await fetchSender(origin)('GET', `/api/checkout/payments/${payment.id}`, { token: order.token });
      assert.equal((await json(paid)).payment.status, 'PAID');
    } finally {
      await shut(server);
    }
  });
});
