/** Adapters: the handler as a plain fetch handler, and toNodeListener as Express-style middleware. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createBynetCheckout, createCheckoutHandler, createMemoryState, toNodeListener } from '../../../src/server/index.js';
import type { BynetCheckout } from '../../../src/server/index.js';
import { API_KEY, TOKEN_SECRET, auditLog } from './harness.js';

describe('adapters', () => {
  let sb: StartedSandbox;
  let helper: BynetCheckout;
  let server: Server;
  let origin: string;
  const logs: string[] = [];

  before(async () => {
    sb = await startSandbox({ apiKey: API_KEY });
    helper = createBynetCheckout({ apiKey: API_KEY, baseUrl: sb.url, hostname: 'localhost', tokenSecret: TOKEN_SECRET, basePath: '/pay', state: createMemoryState(), logger: (l) => {
      logs.push(l);
      auditLog(l);
    } });
    const mw = toNodeListener(helper.checkout);
    server = createServer((req, res) => {
      const next = () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('next route');
      };
      if (req.headers['x-pre-parse'] === '1') {
        // what express.json() does before our middleware: consume the stream, set req.body
        let text = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => (text += c));
        req.on('end', () => {
          (req as IncomingMessage & { body?: unknown }).body = JSON.parse(text);
          mw(req, res, next);
        });
        return;
      }
      mw(req, res, next);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await helper.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await sb.close();
  });

  it('the handler is a plain (Request) => Response function', async () => {
    const handle = createCheckoutHandler({ apiKey: API_KEY, baseUrl: sb.url, hostname: 'localhost', tokenSecret: TOKEN_SECRET, state: createMemoryState(), logger: auditLog });
    const res = await handle(new Request('http://shop.example.com/api/checkout/config?product=demo-product'));
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.checkout.amount, 4990);
    const other = await handle(new Request('http://shop.example.com/elsewhere'));
    assert.equal(other.status, 404);
  });

  it('as middleware: paths outside basePath fall through to next(); inside are answered', async () => {
    const outside = await fetch(`${origin}/products/42`);
    assert.equal(await outside.text(), 'next route');
    const inside = await fetch(`${origin}/pay/unknown`);
    assert.equal(inside.status, 404);
    assert.equal((await inside.json()).error.code, 'not_found');
    const cfg = await fetch(`${origin}/pay/config?product=demo-product`);
    assert.equal(cfg.status, 200);
    await cfg.text();
  });

  it('works after a body parser consumed the stream', async () => {
    const cfg = await (await fetch(`${origin}/pay/config?product=demo-product`)).json();
    const res = await fetch(`${origin}/pay/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-checkout-token': cfg.token, 'idempotency-key': 'pre-parsed-1', 'x-pre-parse': '1' },
      body: '{}',
    });
    assert.equal(res.status, 201);
    assert.match((await res.json()).order.id, /^[0-9a-f-]{36}$/);
  });

  it('logs one structured line per request, with route and status, without the key', async () => {
    const lines = logs.map((l) => JSON.parse(l));
    const reqs = lines.filter((l) => l.event === 'request');
    assert.ok(reqs.some((l) => l.route === 'config' && l.status === 200));
    assert.ok(reqs.every((l) => typeof l.ms === 'number' && typeof l.requestId === 'string'));
    assert.ok(logs.every((l) => !l.includes(API_KEY)));
  });
});
