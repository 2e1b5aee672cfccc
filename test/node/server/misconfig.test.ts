/**
 * Every merchant misconfiguration is named: the buyer's answer carries a stable code and the log
 * carries one `misconfiguration` line with the cause and the fix. Real sandbox, real helper server.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createMemoryState } from '../../../src/server/index.js';
import { connectionErrorCode, fetchWithErrorCodes } from '../../../src/server/misconfig.js';
import { freePort } from '../../support/net.js';
import { newKey, startHarness } from './harness.js';
import type { Harness } from './harness.js';

type Line = Record<string, any>;
const lines = (h: Harness): Line[] => h.logs.map((l) => JSON.parse(l) as Line);
const misconfig = (h: Harness, code: string): Line[] => lines(h).filter((l) => l.event === 'misconfiguration' && l.code === code);

describe('misconfigurations are named', () => {
  it('hostname not registered at the gateway: 502 hostname_not_registered, the log names the hostname and the fix', async () => {
    const h = await startHarness({ helper: { hostname: 'shop.example.com', state: createMemoryState() } });
    try {
      const cfg = await h.config();
      const r = await h.call<any>('POST', '/orders', { token: cfg.token, key: 'k-host-1', body: {} });
      assert.equal(r.status, 502, r.text);
      assert.equal(r.json.error.code, 'hostname_not_registered');
      const [line] = misconfig(h, 'hostname_not_registered');
      assert.ok(line, h.logs.join('\n'));
      assert.equal(line.level, 'error');
      assert.equal(line.hostname, 'shop.example.com');
      assert.match(line.cause, /shop\.example\.com/);
      assert.match(line.fix, /register "shop\.example\.com"/);
      // not a buyer's field error any more
      assert.notEqual(r.json.error.code, 'invalid_request');
    } finally {
      await h.close();
    }
  });

  it('API key rejected: 502 gateway_key_rejected (not "unstable service"), the log says which option to fix and never shows the key', async () => {
    const wrongKey = 'sk_live_0000wrong0000key0000abcdef123456';
    const h = await startHarness({ helper: { apiKey: wrongKey, state: createMemoryState() } });
    try {
      const r = await h.call<any>('GET', '/config?product=demo-product');
      assert.equal(r.status, 502, r.text);
      assert.equal(r.json.error.code, 'gateway_key_rejected');
      const [line] = misconfig(h, 'gateway_key_rejected');
      assert.ok(line, h.logs.join('\n'));
      assert.equal(line.httpStatus, 401);
      assert.match(line.fix, /apiKey/);
      for (const text of [...h.logs, r.text]) assert.ok(!text.includes(wrongKey), 'the key is never shown');
    } finally {
      await h.close();
    }
  });

  it('unknown or inactive product: 404 product_unavailable, the log names the product and why', async () => {
    const h = await startHarness({ helper: { state: createMemoryState() } });
    try {
      for (const p of ['no-such-product', 'produto-inativo']) {
        const r = await h.call<any>('GET', `/config?product=${p}`);
        assert.equal(r.status, 404, r.text);
        assert.equal(r.json.error.code, 'product_unavailable');
      }
      const found = misconfig(h, 'product_unavailable');
      const unknown = found.find((l) => l.product === 'no-such-product');
      const inactive = found.find((l) => l.product === 'produto-inativo');
      assert.ok(unknown && inactive, h.logs.join('\n'));
      assert.match(unknown.cause, /no product/);
      assert.match(unknown.fix, /products\.list/);
      assert.match(inactive.cause, /INACTIVE/);
      assert.match(inactive.fix, /activate/);
    } finally {
      await h.close();
    }
  });

  it('gateway host unreachable: 502 gateway_unreachable, the log carries the host and the connection error code', async () => {
    const port = await freePort();
    const h = await startHarness({ helper: { baseUrl: `http://127.0.0.1:${port}`, retries: 0, state: createMemoryState() } });
    try {
      const r = await h.call<any>('GET', '/config?product=demo-product');
      assert.equal(r.status, 502, r.text);
      assert.equal(r.json.error.code, 'gateway_unreachable');
      const [line] = misconfig(h, 'gateway_unreachable');
      assert.ok(line, h.logs.join('\n'));
      assert.equal(line.errorCode, 'ECONNREFUSED');
      assert.equal(line.gatewayHost, `127.0.0.1:${port}`);
      assert.match(line.fix, /baseUrl/);
      // once the circuit breaker pauses calls to that host, the answer still names the cause
      for (let i = 0; i < 6; i++) await h.call('GET', '/config?product=demo-product');
      const paused = await h.call<any>('GET', '/config?product=demo-product');
      assert.equal(paused.json.error.code, 'gateway_unreachable');
      assert.ok(lines(h).some((l) => l.event === 'gateway.circuit_open' || /circuit/.test(JSON.stringify(l))), 'the breaker opened');
    } finally {
      await h.close();
    }
  });

  it('a page origin not in allowedOrigins: 403 origin_not_allowed readable by that page; the log names the origin and the option', async () => {
    const h = await startHarness({ helper: { allowedOrigins: ['https://shop.example.com'], state: createMemoryState() } });
    try {
      const r = await h.call<any>('GET', '/config?product=demo-product', { headers: { origin: 'https://loja.example.com' } });
      assert.equal(r.status, 403);
      assert.equal(r.json.error.code, 'origin_not_allowed');
      assert.equal(r.headers.get('access-control-allow-origin'), 'https://loja.example.com');
      assert.equal(r.json.token, undefined);
      const [line] = misconfig(h, 'origin_not_allowed');
      assert.ok(line, h.logs.join('\n'));
      assert.equal(line.origin, 'https://loja.example.com');
      assert.match(line.fix, /allowedOrigins/);
      // the allowed origin and same-origin requests still pass
      const ok = await h.call<any>('GET', '/config?product=demo-product', { headers: { origin: 'https://shop.example.com' } });
      assert.equal(ok.status, 200);
      const same = await h.call<any>('GET', '/config?product=demo-product', { headers: { origin: h.origin } });
      assert.equal(same.status, 200);
    } finally {
      await h.close();
    }
  });

  it('base path mismatch: the log names the request path and the configured basePath (once per path)', async () => {
    const h = await startHarness({ helper: { state: createMemoryState() } });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await h.call<any>('GET', `${h.origin}/checkout/config?product=demo-product`);
        assert.equal(r.status, 404);
      }
      const found = misconfig(h, 'base_path_mismatch');
      assert.equal(found.length, 1, h.logs.join('\n'));
      assert.equal(found[0]!.requestPath, '/checkout/config');
      assert.equal(found[0]!.basePath, '/api/checkout');
      assert.match(found[0]!.fix, /basePath/);
      // the widget's next request (a token) at another wrong path is reported too
      await h.call('POST', `${h.origin}/checkout/orders`, { token: 'x'.repeat(20), key: newKey(), body: {} });
      assert.equal(misconfig(h, 'base_path_mismatch').length, 2);
      // the shop's own pages are no misconfiguration (apps mount the handler in front of their routes)
      await h.call('GET', `${h.origin}/about`);
      await h.call('GET', `${h.origin}/admin/orders`);
      await h.call('GET', `${h.origin}/site/config`);
      assert.equal(misconfig(h, 'base_path_mismatch').length, 2);
      // inside basePath, an unknown route's request line carries its path
      await h.call('GET', '/nope');
      const req = lines(h).find((l) => l.event === 'request' && l.route === 'unmatched' && l.requestPath === '/api/checkout/nope');
      assert.ok(req, h.logs.join('\n'));
    } finally {
      await h.close();
    }
  });
});

describe('start-up check (read-only, never blocks the start)', () => {
  it('reports a rejected key and a placeholder hostname, without the key', async () => {
    const wrongKey = 'sk_live_1111wrong1111key1111abcdef654321';
    const h = await startHarness({ helper: { apiKey: wrongKey, hostname: 'shop.example.com', startupCheck: true, state: createMemoryState() } });
    try {
      await h.helper.idle();
      const checks = lines(h).filter((l) => l.event === 'startup.check');
      const key = checks.find((l) => l.check === 'apiKey');
      const host = checks.find((l) => l.check === 'hostname');
      assert.equal(key?.code, 'gateway_key_rejected', h.logs.join('\n'));
      assert.equal(host?.code, 'hostname_not_registered');
      assert.match(host?.fix ?? '', /hostname/);
      assert.ok(!h.logs.some((l) => l.includes(wrongKey)));
      // read-only: no order, no transaction
      assert.equal(h.gatewayCalls('POST', '/'), 0);
    } finally {
      await h.close();
    }
  });

  it('reports an accepted key; off by default against a loopback gateway', async () => {
    const h = await startHarness({ helper: { startupCheck: true, hostname: 'minhaloja.com.br', state: createMemoryState() } });
    const quiet = await startHarness({ helper: { state: createMemoryState() } });
    try {
      await h.helper.idle();
      const key = lines(h).find((l) => l.event === 'startup.check' && l.check === 'apiKey');
      assert.equal(key?.verdict, 'accepted', h.logs.join('\n'));
      assert.equal(lines(h).find((l) => l.check === 'hostname')?.verdict, 'unverified');
      await quiet.helper.idle();
      assert.equal(lines(quiet).filter((l) => l.event === 'startup.check').length, 0);
    } finally {
      await h.close();
      await quiet.close();
    }
  });
});

describe('connection error codes reach the log', () => {
  let server: ReturnType<typeof createServer>;
  let url = '';
  before(async () => {
    server = createServer((_req, res) => res.socket?.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('names the code of a real failed connection and of a DNS failure', async () => {
    const port = await freePort();
    const f = fetchWithErrorCodes(globalThis.fetch);
    await assert.rejects(f(`http://127.0.0.1:${port}/`), (e: Error) => /ECONNREFUSED/.test(e.message));
    await assert.rejects(f(url), (e: Error) => /\((UND_ERR_SOCKET|ECONNRESET)\)/.test(e.message));
    // the shape undici gives a DNS failure
    const dns = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND gw.example'), { code: 'ENOTFOUND' }) });
    assert.equal(connectionErrorCode(dns), 'ENOTFOUND');
    const aborted = new DOMException('aborted', 'TimeoutError');
    const passthrough = fetchWithErrorCodes(async () => {
      throw aborted;
    });
    await assert.rejects(passthrough('http://127.0.0.1/'), (e: unknown) => e === aborted);
  });
});
