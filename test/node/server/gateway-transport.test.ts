/**
 * The keep-alive gateway transport (src/server/gateway/transport.ts) against a real node:http
 * server on 127.0.0.1: what the gateway client sends and reads goes through unchanged, sockets are
 * reused, redirects are returned not followed, and failures look like fetch's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayTransport } from '../../../src/server/gateway/transport.js';
import type { GatewayTransport } from '../../../src/server/gateway/transport.js';
import { createGatewayClient } from '../../../src/server/gateway/client.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { randomUUID } from 'node:crypto';
import { createBynetCheckout, createMemoryState } from '../../../src/server/index.js';

let server: Server;
let base: string;
let transport: GatewayTransport;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string; port: number }[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, port: req.socket.remotePort! });
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/json') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-extra': 'a' });
      res.end(JSON.stringify({ ok: true, echo: body }));
    } else if (path === '/missing') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"not here"}');
    } else if (path === '/empty') {
      res.writeHead(204);
      res.end();
    } else if (path === '/moved') {
      res.writeHead(302, { location: '/json' });
      res.end();
    } else if (path === '/bom') {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end('\ufeff{"ok":"ção"}');
    } else if (path === '/big') {
      res.writeHead(200);
      res.end('x'.repeat(4096));
    } else if (path === '/slow') {
      setTimeout(() => res.end('late'), 2000).unref();
    } else {
      res.writeHead(500);
      res.end();
    }
  });
}

before(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = createGatewayTransport({ maxBodyBytes: 1024 });
});

after(() => {
  transport.close();
  server.closeAllConnections();
  server.close();
});

test('sends method, headers and body as given; answers a standard Response', async () => {
  const res = await transport.fetch(`${base}/json?a=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'AtivoB2B/1.0', 'x-api-key': 'k' },
    body: '{"n":1}',
  });
  assert.ok(res instanceof Response);
  assert.equal(res.status, 200);
  assert.equal(res.ok, true);
  assert.equal(res.headers.get('x-extra'), 'a');
  assert.deepEqual(await res.json(), { ok: true, echo: '{"n":1}' });
  const got = seen.at(-1)!;
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/json?a=1');
  assert.equal(got.headers['user-agent'], 'AtivoB2B/1.0');
  assert.equal(got.headers['x-api-key'], 'k');
  assert.equal(got.headers['content-length'], '7');
});

test('keeps the connection alive: sequential requests share one socket', async () => {
  for (let i = 0; i < 3; i++) await (await transport.fetch(`${base}/json`)).text();
  const ports = new Set(seen.slice(-3).map((s) => s.port));
  assert.equal(ports.size, 1, `expected one socket, saw ports ${[...ports].join(', ')}`);
});

test('non-2xx answers, 204 and redirects come back as they are (a redirect is not followed)', async () => {
  const missing = await transport.fetch(`${base}/missing`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { message: 'not here' });
  const empty = await transport.fetch(`${base}/empty`);
  assert.equal(empty.status, 204);
  assert.equal(await empty.text(), '');
  const before = seen.length;
  const moved = await transport.fetch(`${base}/moved`, { redirect: 'manual' });
  assert.equal(moved.status, 302);
  assert.equal(moved.headers.get('location'), '/json');
  assert.equal(seen.length, before + 1, 'the redirect target must not be requested');
});

test('an abort rejects with the signal reason, a refused connection with a TypeError, an oversized body fails', async () => {
  await assert.rejects(transport.fetch(`${base}/slow`, { signal: AbortSignal.timeout(50) }), (e: unknown) => (e as Error).name === 'TimeoutError');
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  await assert.rejects(transport.fetch(`http://127.0.0.1:${port}/`), (e: unknown) => e instanceof TypeError && (e as TypeError).cause instanceof Error);
  await assert.rejects(transport.fetch(`${base}/big`), (e: unknown) => e instanceof TypeError && /larger than 1024 bytes/.test(String((e as TypeError).cause)));
  await assert.rejects(transport.fetch('ftp://127.0.0.1/'), TypeError);
});

test('request: the same call without a Response (status, headers, body text)', async () => {
  const a = await transport.request(new URL(`${base}/json?a=1`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'user-agent': 'AtivoB2B/1.0', 'x-api-key': 'k' },
    body: '{"n":1}',
  });
  assert.equal(a.status, 200);
  assert.equal(a.header('X-Extra'), 'a');
  assert.equal(a.header('retry-after'), null);
  assert.deepEqual(JSON.parse(a.text), { ok: true, echo: '{"n":1}' });
  const got = seen.at(-1)!;
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/json?a=1');
  assert.equal(got.headers['content-type'], 'application/json');
  assert.equal(got.headers['user-agent'], 'AtivoB2B/1.0');
  assert.equal(got.headers['content-length'], '7');

  // as Response.text() and Headers.get(): a leading BOM dropped, UTF-8 decoded, repeated headers joined
  const bom = await transport.request(`${base}/bom`);
  const viaFetch = await transport.fetch(`${base}/bom`);
  assert.equal(bom.text, await viaFetch.text());
  assert.deepEqual(JSON.parse(bom.text), { ok: 'ção' });
  assert.equal(bom.header('set-cookie'), 'a=1, b=2');

  const missing = await transport.request(`${base}/missing`);
  assert.equal(missing.status, 404);
  assert.equal(missing.text, '{"message":"not here"}');
  assert.equal((await transport.request(`${base}/empty`)).text, '');
  const before = seen.length;
  const moved = await transport.request(`${base}/moved`);
  assert.equal(moved.status, 302);
  assert.equal(moved.header('location'), '/json');
  assert.equal(seen.length, before + 1, 'the redirect target must not be requested');
});

test('request: fails as fetch does (abort, refused connection, oversized body, bad protocol)', async () => {
  await assert.rejects(transport.request(`${base}/slow`, { signal: AbortSignal.timeout(50) }), (e: unknown) => (e as Error).name === 'TimeoutError');
  const t0 = Date.now();
  await assert.rejects(transport.request(`${base}/slow`, { timeoutMs: 50 }), (e: unknown) => (e as Error).name === 'TimeoutError');
  assert.ok(Date.now() - t0 < 1500, 'the deadline, not the slow answer');
  assert.equal((await transport.request(`${base}/json`, { timeoutMs: 5_000 })).status, 200, 'a deadline that is not reached changes nothing');
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  await assert.rejects(transport.request(`http://127.0.0.1:${port}/`), (e: unknown) => e instanceof TypeError && (e as TypeError).cause instanceof Error);
  await assert.rejects(transport.request(`${base}/big`), (e: unknown) => e instanceof TypeError && /larger than 1024 bytes/.test(String((e as TypeError).cause)));
  await assert.rejects(transport.request('ftp://127.0.0.1/'), TypeError);
});

test('the gateway client works over it against the sandbox', async () => {
  const apiKey = 'sk_transport_test_key_0123456789';
  const sb = await startSandbox({ apiKey, log: () => {} });
  const t = createGatewayTransport();
  try {
    const client = createGatewayClient({ apiKey, baseUrl: sb.url, hostname: '127.0.0.1', fetch: t.fetch });
    const order = await client.checkout.createOrder('demo-product');
    assert.match(order.id, /\S/);
    // and over its lean request (what the helper uses), with the same answers
    const lean = createGatewayClient({ apiKey, baseUrl: sb.url, hostname: '127.0.0.1', transport: t });
    assert.match((await lean.checkout.createOrder('demo-product')).id, /\S/);
    await assert.rejects(lean.checkout.createOrder('no-such-product'), (e: unknown) => (e as { code?: string }).code === 'not_found');
  } finally {
    t.close();
    await sb.close();
  }
});

/** Open connections the sandbox's server holds right now. */
const connections = (server: Server) => new Promise<number>((r, j) => server.getConnections((e, n) => (e ? j(e) : r(n))));

async function eventually(check: () => Promise<boolean>, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('the gateway client uses a keep-alive transport of its own by default; close() ends its sockets', async () => {
  const apiKey = 'sk_transport_test_key_0123456789';
  const sb = await startSandbox({ apiKey, log: () => {} });
  const ports = new Set<number>();
  sb.server.on('connection', (s) => ports.add(s.remotePort!));
  try {
    const client = createGatewayClient({ apiKey, baseUrl: sb.url, hostname: '127.0.0.1' });
    for (let i = 0; i < 3; i++) assert.match((await client.checkout.createOrder('demo-product')).id, /\S/);
    assert.equal(ports.size, 1, 'three sequential calls share one socket');
    assert.equal(await connections(sb.server), 1, 'the socket stays open between calls');
    client.close();
    client.close(); // idempotent
    await eventually(async () => (await connections(sb.server)) === 0);
  } finally {
    await sb.close();
  }
});

test('the helper calls the gateway over kept-alive sockets and close() leaves none open; a fetch of its own is used instead', async () => {
  const apiKey = 'sk_transport_test_key_0123456789';
  const sb = await startSandbox({ apiKey, log: () => {} });
  const ports = new Set<number>();
  sb.server.on('connection', (s) => ports.add(s.remotePort!));
  const options = { apiKey, baseUrl: sb.url, hostname: '127.0.0.1', tokenSecret: 'transport-test-secret-0123456789abcdef', logger: false as const, state: createMemoryState() };
  const order = async (helper: ReturnType<typeof createBynetCheckout>) => {
    const config = await helper.checkout(new Request('http://127.0.0.1/api/checkout/config?product=demo-product'));
    assert.equal(config.status, 200);
    const { token } = (await config.json()) as { token: string };
    const res = await helper.checkout(
      new Request('http://127.0.0.1/api/checkout/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-checkout-token': token, 'idempotency-key': randomUUID() },
        body: '{}',
      }),
    );
    assert.equal(res.status, 201, await res.clone().text());
  };
  try {
    const helper = createBynetCheckout(options);
    for (let i = 0; i < 3; i++) await order(helper);
    // the config route may make its gateway calls side by side: sockets are reused, not one per call
    const calls = sb.sandbox.counts().calls;
    assert.ok(calls >= 4 && ports.size <= 2, `${calls} gateway calls over ${ports.size} sockets`);
    await helper.close();
    await eventually(async () => (await connections(sb.server)) === 0);

    // A merchant's own fetch is the one used (and stays the merchant's: close() does not touch it).
    let ownCalls = 0;
    const own = createBynetCheckout({ ...options, state: createMemoryState(), fetch: (input, init) => (ownCalls++, globalThis.fetch(input, init)) });
    await order(own);
    assert.ok(ownCalls >= 2, 'the given fetch made the gateway calls');
    await own.close();
  } finally {
    sb.server.closeAllConnections();
    await sb.close();
  }
});
