/** The helper in front of a failing gateway: timeouts -> 504, 5xx -> 502, retries only on GETs. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ErrorEnvelopeSchema } from '../../../src/contract/helper.js';
import { CUSTOMER, assertNoSecrets, newKey, startHarness } from './harness.js';
import type { Harness } from './harness.js';

async function fault(h: Harness, spec: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${h.sb.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  assert.equal(r.status, 201, await r.text());
}

describe('helper against a failing gateway', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ helper: { timeoutMs: 400, catalogCacheMs: 1 } });
  });
  afterEach(() => {
    h.sb.sandbox.clearFaults();
  });
  after(async () => {
    await h.close();
  });

  it('a hanging gateway becomes 504 upstream_timeout', async () => {
    await fault(h, { route: 'GET /api/user/products/*', timeout: true });
    const r = await h.call('GET', '/config?product=demo-product');
    assert.equal(r.status, 504);
    const e = ErrorEnvelopeSchema.parse(JSON.parse(r.text)).error;
    assert.equal(e.code, 'upstream_timeout');
    assert.ok(h.logs.some((l) => l.includes('"gateway.error"') && l.includes('"timeout"')));
  });

  it('a hanging create-order becomes 504 and is not retried; the same key can be retried later', async () => {
    const cfg = await h.config();
    await fault(h, { route: 'POST /api/public/checkout/create-order/*', timeout: true, times: 1 });
    const key = newKey();
    const before = h.gatewayCalls('POST', '/api/public/checkout/create-order/');
    const r = await h.call('POST', '/orders', { token: cfg.token, key, body: {} });
    assert.equal(r.status, 504);
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order/') - before, 1);
    const again = await h.call<any>('POST', '/orders', { token: cfg.token, key, body: {} });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotency-replayed'), null);
  });

  it('leaks no API key, card number or CVV', () => {
    assertNoSecrets(h);
  });
});

describe('helper against a flaky gateway (retries within the deadline)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ helper: { timeoutMs: 8000, catalogCacheMs: 1 } });
  });
  afterEach(() => {
    h.sb.sandbox.clearFaults();
  });
  after(async () => {
    await h.close();
  });

  it('GETs are retried at most twice on 5xx, then 502 upstream_error', async () => {
    await fault(h, { route: 'GET /api/user/products/*', status: 503 });
    const before = h.gatewayCalls('GET', '/api/user/products/demo-product');
    const r = await h.call('GET', '/config?product=demo-product');
    assert.equal(r.status, 502);
    assert.equal(ErrorEnvelopeSchema.parse(JSON.parse(r.text)).error.code, 'upstream_error');
    assert.equal(h.gatewayCalls('GET', '/api/user/products/demo-product') - before, 3);
  });

  it('a transient 5xx on a GET is absorbed by a retry', async () => {
    await fault(h, { route: 'GET /api/user/products/*', status: 500, times: 1 });
    const r = await h.call<any>('GET', '/config?product=demo-product');
    assert.equal(r.status, 200);
    assert.equal(r.json.checkout.amount, 4990);
  });

  it('POST payment on 5xx: one attempt, 502, nothing stored', async () => {
    const order = await h.order((await h.config()).token);
    await fault(h, { route: 'POST /api/public/checkout/payment/*', status: 500, times: 1 });
    const path = `/api/public/checkout/payment/${order.order.id}`;
    const key = newKey();
    const r = await h.pay(order, { method: 'PIX', customer: CUSTOMER }, key);
    assert.equal(r.status, 502);
    assert.equal(h.gatewayCalls('POST', path), 1);
    const retry = await h.pay(order, { method: 'PIX', customer: CUSTOMER }, key);
    assert.equal(retry.status, 201);
    assert.equal(h.gatewayCalls('POST', path), 2);
  });

  it('a gateway 429 on a GET is waited out (Retry-After) and the call succeeds', async () => {
    await fault(h, { route: 'GET /api/user/products/*', rateLimit: { retryAfter: 0 }, times: 1 });
    const r = await h.call<any>('GET', '/config?product=demo-product');
    assert.equal(r.status, 200);
    const calls = h.sb.sandbox.calls.filter((c) => c.path === '/api/user/products/demo-product').slice(-2);
    assert.deepEqual(calls.map((c) => c.status), [429, 200]);
  });

  it('a layout failure degrades to default branding instead of failing the checkout', async () => {
    await fault(h, { route: 'GET /api/user/checkout/layout', status: 500 });
    const r = await h.call<any>('GET', '/config?product=demo-product');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.layout, { primaryColor: null, typography: null, logoUrl: null });
  });

  it('leaks no API key, card number or CVV', () => {
    assertNoSecrets(h);
  });
});

describe('a refusal answered as a gateway 4xx', () => {
  let h: Harness;
  let refuseNext = false;
  before(async () => {
    h = await startHarness({
      helper: {
        fetch: async (input, init) => {
          const url = new URL(String(input instanceof Request ? input.url : input));
          if (refuseNext && url.pathname.startsWith('/api/public/checkout/payment/')) {
            refuseNext = false;
            const body = { status: 400, message: 'Transação recusada', error: { refusedReason: 'Cartão recusado pelo emissor', provider: 'acq' } };
            return new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } });
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(async () => {
    await h.close();
  });

  it('becomes 402 payment_refused, stored for replay under its key', async () => {
    const order = await h.order((await h.config()).token);
    refuseNext = true;
    const key = newKey();
    const body = { method: 'CREDIT_CARD', customer: CUSTOMER, card: { number: '4111111111111111', holderName: 'MARIA', expMonth: 12, expYear: new Date().getFullYear() + 1, cvv: '739' } };
    const r = await h.pay(order, body, key);
    assert.equal(r.status, 402);
    assert.equal(ErrorEnvelopeSchema.parse(JSON.parse(r.text)).error.code, 'payment_refused');
    const again = await h.pay(order, body, key);
    assert.equal(again.status, 402);
    assert.equal(again.headers.get('idempotency-replayed'), 'true');
    // a new attempt (new key) is allowed
    const next = await h.pay(order, body);
    assert.equal(next.status, 201);
    assert.equal(next.json.payment.status, 'PAID');
    assertNoSecrets(h);
  });
});

describe('circuit breaker on the gateway client', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ helper: { retries: 0, timeoutMs: 2000, catalogCacheMs: 1, circuitBreaker: { failures: 5, cooldownMs: 400 } } });
  });
  after(async () => {
    h.sb.sandbox.clearFaults();
    await h.close();
  });

  it('after 5 consecutive failures calls fail fast (502 + Retry-After, no gateway call), then one trial closes it', async () => {
    await fault(h, { route: '*', status: 503 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.call('GET', '/config?product=demo-product')).status);
    assert.deepEqual(statuses, [502, 502, 502]);
    assert.ok(h.logs.some((l) => l.includes('"gateway.circuit_open"')));

    // open: answered without touching the gateway
    const before = h.sb.sandbox.calls.length;
    const fast = await h.call('GET', '/config?product=demo-product');
    assert.equal(fast.status, 502);
    assert.equal(ErrorEnvelopeSchema.parse(JSON.parse(fast.text)).error.code, 'upstream_error');
    assert.match(fast.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    const order = await h.call('POST', '/orders', { token: 'x'.repeat(20), key: newKey(), body: {} });
    assert.equal(order.status, 401, 'requests that need no gateway are unaffected');
    assert.equal(h.sb.sandbox.calls.length, before, 'no gateway call while open');

    // the gateway recovers; after the cool-down one trial call goes through and closes the circuit
    h.sb.sandbox.clearFaults();
    await new Promise((r) => setTimeout(r, 450));
    const trial = await h.call<any>('GET', '/config?product=demo-product');
    assert.equal(trial.status, 200, trial.text);
    assert.ok(h.sb.sandbox.calls.length > before);
    assert.ok(h.logs.some((l) => l.includes('"gateway.circuit_closed"')));
    const after = await h.call<any>('GET', '/config?product=demo-product');
    assert.equal(after.status, 200);
    assert.equal(after.json.checkout.amount, 4990);
  });

  it('a failing trial opens it again for another cool-down', async () => {
    await fault(h, { route: '*', status: 500 });
    for (let i = 0; i < 3; i++) await h.call('GET', '/config?product=demo-product');
    await new Promise((r) => setTimeout(r, 450));
    const before = h.sb.sandbox.calls.length;
    assert.equal((await h.call('GET', '/config?product=demo-product')).status, 502);
    const tried = h.sb.sandbox.calls.length - before;
    assert.ok(tried >= 1 && tried <= 2, `the trial reached the gateway (${tried})`);
    const again = h.sb.sandbox.calls.length;
    assert.equal((await h.call('GET', '/config?product=demo-product')).status, 502);
    assert.equal(h.sb.sandbox.calls.length, again, 'open again: no call');
    h.sb.sandbox.clearFaults();
  });
});
