/** The helper as an HTTP surface: tokens, envelopes, limits, route table, CORS, rate limits. */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ErrorEnvelopeSchema } from '../../../src/contract/helper.js';
import { createTokenSigner } from '../../../src/server/token.js';
import { createBynetCheckout, createMemoryState } from '../../../src/server/index.js';
import { API_KEY, CUSTOMER, TOKEN_SECRET, assertNoSecrets, auditLog, newKey, startHarness } from './harness.js';
import type { Harness } from './harness.js';

/** Sends a raw request line (no URL normalisation by the client). */
function rawRequest(origin: string, method: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path: target, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function envelope(text: string) {
  return ErrorEnvelopeSchema.parse(JSON.parse(text)).error;
}

describe('helper HTTP safety', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ helper: { allowedOrigins: ['https://shop.example.com'] } });
  });
  after(async () => {
    await h.close();
  });

  it('401 invalid_token: missing, forged, tampered, expired, and signed with another secret', async () => {
    const cfg = await h.config();
    const [body, sig] = cfg.token.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), amount: 1 })).toString('base64url');
    const other = createTokenSigner('another-secret-of-sufficient-length-123456', 3600);
    const expired = createTokenSigner(TOKEN_SECRET, 60, () => Date.now() - 3_600_000);
    const tokens: Array<string | undefined> = [
      undefined,
      'not-a-token-at-all-but-long',
      `${tampered}.${sig}`,
      other.sign({ kind: 'product', ref: 'demo-product', amount: 4990, currency: 'BRL' }),
      expired.sign({ kind: 'product', ref: 'demo-product', amount: 4990, currency: 'BRL' }),
    ];
    for (const token of tokens) {
      const r = await h.call('POST', '/orders', { ...(token ? { token } : {}), key: newKey(), body: {} });
      assert.equal(r.status, 401, String(token));
      assert.equal(envelope(r.text).code, 'invalid_token');
    }
    const exp = await h.call('POST', '/orders', { token: tokens[4]!, key: newKey(), body: {} });
    assert.match(envelope(exp.text).message, /expired/i);
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order'), 0);
  });

  it('a payment id of another checkout is 404; a config token cannot read payments', async () => {
    const a = await h.order((await h.config()).token);
    const b = await h.order((await h.config()).token);
    const pay = await h.pay(a, { method: 'PIX', customer: CUSTOMER });
    assert.equal(pay.status, 201, pay.text);
    const id = pay.json.payment.id;
    assert.equal((await h.call('GET', `/payments/${id}`, { token: a.token })).status, 200);
    const other = await h.call('GET', `/payments/${id}`, { token: b.token });
    assert.equal(other.status, 404);
    assert.equal(envelope(other.text).code, 'not_found');
    const cfgOnly = await h.call('GET', `/payments/${id}`, { token: (await h.config()).token });
    assert.equal(cfgOnly.status, 404);
    const events = await h.call('GET', `/payments/${id}/events`, { token: b.token });
    assert.equal(events.status, 404);
    // paying B's order with A's token
    const cross = await h.call('POST', `/orders/${b.order.id}/payments`, { token: a.token, key: newKey(), body: { method: 'PIX', customer: CUSTOMER } });
    assert.equal(cross.status, 401);
    // a config token (no order yet) cannot pay
    const early = await h.call('POST', `/orders/${a.order.id}/payments`, { token: (await h.config()).token, key: newKey(), body: { method: 'PIX', customer: CUSTOMER } });
    assert.equal(early.status, 401);
  });

  it('400 with the envelope for malformed JSON, a missing key, and any client-sent amount', async () => {
    const cfg = await h.config();
    const orders = h.gatewayCalls('POST', '/api/public/checkout/create-order');
    const malformed = await h.call('POST', '/orders', { token: cfg.token, key: newKey(), rawBody: '{"a":', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 400);
    assert.equal(envelope(malformed.text).code, 'invalid_request');
    const noKey = await h.call('POST', '/orders', { token: cfg.token, body: {} });
    assert.equal(noKey.status, 400);
    assert.equal(envelope(noKey.text).fields?.[0]?.path, 'Idempotency-Key');
    const longKey = await h.call('POST', '/orders', { token: cfg.token, key: 'k'.repeat(256), body: {} });
    assert.equal(longKey.status, 400);
    for (const extra of [{ amount: 1 }, { price: 100 }, { currency: 'USD' }, { items: [] }]) {
      const r = await h.call('POST', '/orders', { token: cfg.token, key: newKey(), body: extra });
      assert.equal(r.status, 400, JSON.stringify(extra));
      const e = envelope(r.text);
      assert.equal(e.code, 'invalid_request');
      assert.ok(e.fields && e.fields.length > 0);
    }
    const notObject = await h.call('POST', '/orders', { token: cfg.token, key: newKey(), rawBody: '[]', headers: { 'content-type': 'application/json' } });
    assert.equal(notObject.status, 400);
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order'), orders, 'no order was created');
  });

  it('413 for a body over 16 KiB, 415 for a non-JSON content type', async () => {
    const cfg = await h.config();
    const big = await h.call('POST', '/orders', { token: cfg.token, key: newKey(), rawBody: JSON.stringify({ pad: 'x'.repeat(17 * 1024) }), headers: { 'content-type': 'application/json' } });
    assert.equal(big.status, 413);
    assert.equal(envelope(big.text).code, 'payload_too_large');
    // chunked (no Content-Length) is counted while streaming
    const chunked = await fetch(`${h.base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-checkout-token': cfg.token, 'idempotency-key': newKey() },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1024)));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    await chunked.text();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await h.call('POST', '/orders', { token: cfg.token, key: newKey(), rawBody: '{}', headers: { 'content-type': type } });
      assert.equal(r.status, 415, type);
      assert.equal(envelope(r.text).code, 'unsupported_media_type');
    }
    const charset = await h.call('POST', '/orders', { token: cfg.token, key: newKey(), rawBody: '{}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(charset.status, 201);
  });

  it('404 for unknown routes, traversal and absolute-form targets; nothing reaches the gateway', async () => {
    const before = h.sb.sandbox.calls.length;
    const targets = [
      '/api/checkout/../../x',
      '/api/checkout/%2e%2e/%2e%2e/api/user/transactions',
      '/api/checkout/payments/..%2f..%2fapi%2fuser%2ftransactions',
      '/api/checkout/payments/a%2Fb',
      '/api/checkout//config',
      '/api/checkout/api/user/transactions',
      '/api/user/transactions',
      '/api/checkout/config/extra',
      '/api/checkout/payments/http:%2F%2Fevil.example%2Fx',
      '//evil.example/api/checkout/config',
      'http://evil.example/api/checkout/config?product=demo-product',
      '/api/checkout',
    ];
    for (const t of targets) {
      const r = await rawRequest(h.origin, 'GET', t);
      assert.equal(r.status, 404, t);
      assert.equal(envelope(r.body).code, 'not_found', t);
    }
    assert.equal(h.sb.sandbox.calls.length, before);
  });

  it('405 for a wrong method on a known route, with Allow', async () => {
    const cfg = await h.config();
    for (const [method, path] of [
      ['POST', '/config'],
      ['GET', '/orders'],
      ['DELETE', '/payments/abc'],
      ['PUT', '/orders/abc/payments'],
    ] as const) {
      const r = await h.call(method, path, { token: cfg.token, key: newKey(), ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(envelope(r.text).code, 'method_not_allowed');
      assert.ok(r.headers.get('allow'));
    }
    const hook = await fetch(h.webhookUrl);
    assert.equal(hook.status, 405);
    await hook.text();
  });

  it('CORS: exact allowed origin only, never "*"', async () => {
    const ok = await h.call('GET', '/config?product=demo-product', { headers: { origin: 'https://shop.example.com' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example.com');
    assert.match(ok.headers.get('vary') ?? '', /Origin/);
    // another page: 403 origin_not_allowed, readable by that page (its origin, error envelope only, no token)
    const evil = await h.call('GET', '/config?product=demo-product', { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), 'https://evil.example');
    assert.equal(evil.headers.get('access-control-expose-headers'), null);
    assert.deepEqual(Object.keys(JSON.parse(evil.text)), ['error']);
    assert.equal(envelope(evil.text).code, 'origin_not_allowed');
    const pre = await fetch(`${h.base}/orders`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-checkout-token,idempotency-key' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example.com');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /X-Checkout-Token/);
    const preEvil = await fetch(`${h.base}/orders`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(preEvil.headers.get('access-control-allow-origin'), null);
    assert.throws(() => createBynetCheckout({ apiKey: API_KEY, hostname: 'shop.example.com', tokenSecret: TOKEN_SECRET, allowedOrigins: ['*'], logger: auditLog }), /allowedOrigins/);
  });

  it('every JSON response is no-store and nosniff', async () => {
    const r = await h.call('GET', '/config?product=demo-product');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.match(r.headers.get('content-type') ?? '', /^application\/json; charset=utf-8/);
  });

  it('leaks no API key, card number or CVV', () => {
    assertNoSecrets(h);
  });
});

describe('options are validated eagerly, without echoing the key', () => {
  const good = { apiKey: API_KEY, hostname: 'shop.example.com', tokenSecret: TOKEN_SECRET, logger: auditLog, state: createMemoryState() };
  const bad: Array<[string, Record<string, unknown>]> = [
    ['apiKey', { apiKey: '' }],
    ['apiKey', { apiKey: `${API_KEY} x` }],
    ['tokenSecret', { tokenSecret: 'short' }],
    ['hostname', { hostname: 'https://shop.example.com/' }],
    ['baseUrl', { baseUrl: 'http://api.example.com' }],
    ['baseUrl', { baseUrl: 'not a url' }],
    ['basePath', { basePath: 'api/' }],
    ['pixExpiresInSeconds', { pixExpiresInSeconds: 0 }],
    ['addressRequiredFor', { addressRequiredFor: ['CASH'] }],
  ];
  it('throws TypeError naming the option', () => {
    for (const [name, patch] of bad) {
      assert.throws(
        () => createBynetCheckout({ ...good, ...patch } as never),
        (e: unknown) => e instanceof TypeError && e.message.includes(name) && !e.message.includes(API_KEY),
        name,
      );
    }
    const same = `${API_KEY}-long-enough`;
    assert.throws(() => createBynetCheckout({ ...good, tokenSecret: same, apiKey: same }), /tokenSecret/);
    const ok = createBynetCheckout({ ...good, baseUrl: 'http://127.0.0.1:9' });
    assert.equal(typeof ok.checkout, 'function');
    void ok.close();
  });
});

describe('rate limits', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      helper: {
        rateLimit: {
          perIp: { limit: 1000, windowMs: 60_000 },
          perToken: { limit: 5, windowMs: 60_000 },
          cardPerToken: { limit: 2, windowMs: 600_000 },
          paymentsPerIp: { limit: 1000, windowMs: 60_000 },
        },
      },
    });
  });
  after(async () => {
    await h.close();
  });

  it('per token: 429 rate_limited with a numeric Retry-After', async () => {
    const cfg = await h.config();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const r = await h.call('GET', '/cep/01001000', { token: cfg.token });
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers.get('retry-after');
        assert.equal(envelope(r.text).code, 'rate_limited');
      }
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    assert.match(retryAfter ?? '', /^\d+$/);
    assert.ok(Number(retryAfter) >= 1);
    // another checkout is not affected
    const other = await h.config();
    assert.equal((await h.call('GET', '/cep/01001000', { token: other.token })).status, 200);
  });

  it('card attempts are limited per checkout (stricter), before reaching the gateway', async () => {
    const cfg = await h.config();
    const order = await h.order(cfg.token);
    const card = { number: '4000000000000002', holderName: 'MARIA DA SILVA', expMonth: 12, expYear: new Date().getFullYear() + 2, cvv: '739' };
    const s1 = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card });
    const s2 = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card });
    const before = h.gatewayCalls('POST', '/api/public/checkout/payment/');
    const s3 = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card });
    assert.deepEqual([s1.status, s2.status, s3.status], [201, 201, 429]);
    assert.ok(s3.headers.get('retry-after'));
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/payment/'), before);
    assertNoSecrets(h, ['4000000000000002']);
  });
});
