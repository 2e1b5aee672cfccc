import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GatewayCheckoutPaymentSchema } from '../../../src/contract/gateway.js';
import { TEST_CARDS, compileRoute, createSandbox } from '../../../src/sandbox/index.js';
import { seededRandom } from '../../fixtures/gateway.data.js';
import { API_KEY, BUYER, UA, cardBody, checkoutPayment, dataOf, errorMessage, ErrorEnvelope, start } from './helpers.js';
import type { Api } from './helpers.js';

describe('sandbox: faults', () => {
  let api: Api;
  before(async () => {
    api = await start();
  });
  beforeEach(() => api.started.sandbox.reset());
  after(() => api.close());

  it('matches route patterns', () => {
    const m = compileRoute('POST /api/public/checkout/payment/*');
    assert.ok(m('POST', '/api/public/checkout/payment/abc'));
    assert.ok(!m('GET', '/api/public/checkout/payment/abc'));
    assert.ok(!m('POST', '/api/public/checkout/payment/abc/extra'));
    assert.ok(!m('POST', '/api/public/checkout/create-order/abc'));
    assert.ok(compileRoute('*')('DELETE', '/anything'));
    assert.ok(compileRoute('GET /api/user/**')('GET', '/api/user/transactions/1/summary'));
    assert.ok(compileRoute('/api/user/products')('PUT', '/api/user/products'));
    assert.ok(compileRoute('* /api/user/transactions/*/summary')('GET', '/api/user/transactions/x/summary'));
  });

  it('answers the injected status with a gateway envelope, for `times` calls only', async () => {
    const set = await api.control('POST', '/__sandbox/faults', { route: 'GET /api/user/products', status: 500, times: 2 });
    assert.equal(set.status, 201);
    for (let i = 0; i < 2; i++) {
      const r = await api.call('GET', '/api/user/products');
      assert.equal(r.status, 500);
      assert.equal(ErrorEnvelope.parse(r.json).error, 'Internal Server Error');
    }
    assert.equal((await api.call('GET', '/api/user/products')).status, 200);
    assert.deepEqual((await api.control('GET', '/__sandbox/faults')).json, { faults: [] });
  });

  it('answers 503 only on the matching route', async () => {
    api.started.sandbox.setFault({ route: 'POST /api/public/checkout/payment/*', status: 503 });
    const order = await api.call('POST', '/api/public/checkout/create-order/demo-product?hostname=localhost');
    assert.equal(order.status, 201);
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    assert.equal(r.status, 503);
    assert.match(errorMessage(r.json), /indisponível/);
    assert.equal(api.started.sandbox.counts().transactions, 0, 'the faulted call did nothing');
  });

  it('answers 429 with Retry-After', async () => {
    await api.control('POST', '/__sandbox/faults', { route: '*', rateLimit: { retryAfter: 7 }, times: 1 });
    const r = await api.call('GET', '/api/user/customers');
    assert.equal(r.status, 429);
    assert.equal(r.res.headers.get('retry-after'), '7');
    assert.equal(ErrorEnvelope.parse(r.json).error, 'Too Many Requests');
    assert.equal((await api.call('GET', '/api/user/customers')).status, 200);
  });

  it('adds latency before answering normally', async () => {
    api.started.sandbox.setFault({ route: 'GET /api/user/products', latencyMs: 200, times: 1 });
    const started = performance.now();
    const r = await api.call('GET', '/api/user/products');
    assert.equal(r.status, 200);
    assert.ok(performance.now() - started >= 190, 'the answer waited for the injected latency');
    // A client that gives up first gets no answer.
    api.started.sandbox.setFault({ route: 'GET /api/user/products', latencyMs: 5_000, times: 1 });
    await assert.rejects(fetch(`${api.url}/api/user/products`, { headers: { 'x-api-key': API_KEY, 'user-agent': UA }, signal: AbortSignal.timeout(50) }));
  });

  it('never answers a timeout fault until the client aborts', async () => {
    api.started.sandbox.setFault({ route: 'GET /api/user/transactions/*/summary', timeout: true });
    const ctrl = new AbortController();
    const pending = fetch(`${api.url}/api/user/transactions/abc/summary`, { headers: { 'x-api-key': API_KEY, 'user-agent': UA }, signal: ctrl.signal });
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(settled, false, 'still waiting');
    ctrl.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    const call = api.started.sandbox.calls.find((c) => c.path === '/api/user/transactions/abc/summary');
    assert.equal(call?.status, 0, 'logged as unanswered');
    // Other routes are not affected.
    assert.equal((await api.call('GET', '/api/user/products')).status, 200);
  });

  it('validates fault specs and clears them', async () => {
    for (const bad of [{}, { route: '' }, { route: 'GET nope' }, { route: '*', status: 200 }, { route: '*', times: 0 }, { route: '*', rateLimit: {} }, { route: '*', extra: 1 }]) {
      assert.equal((await api.control('POST', '/__sandbox/faults', bad)).status, 400, JSON.stringify(bad));
    }
    await api.control('POST', '/__sandbox/faults', { route: '*', status: 500 });
    assert.equal((await api.call('GET', '/api/user/products')).status, 500);
    assert.equal((await api.control('DELETE', '/__sandbox/faults')).status, 200);
    assert.equal((await api.call('GET', '/api/user/products')).status, 200);
  });
});

describe('sandbox: call log, state and reset', () => {
  let api: Api;
  before(async () => {
    api = await start();
  });
  after(() => api.close());

  it('logs every gateway call with method, path, query and status (not control or asset calls)', async () => {
    await api.control('DELETE', '/__sandbox/calls');
    await api.call('GET', '/api/user/products?page=1&limit=5');
    await api.call('POST', '/api/public/checkout/create-order/demo-product?hostname=evil.example');
    await fetch(`${api.url}/api/user/products`);
    await fetch(`${api.url}/assets/logo.svg`);
    await api.control('GET', '/__sandbox/state');
    const { calls } = (await api.control('GET', '/__sandbox/calls')).json as { calls: unknown[] };
    assert.deepEqual(calls, [
      { method: 'GET', path: '/api/user/products', query: 'page=1&limit=5', status: 200 },
      { method: 'POST', path: '/api/public/checkout/create-order/demo-product', query: 'hostname=evil.example', status: 400 },
      { method: 'GET', path: '/api/user/products', query: '', status: 401 },
    ]);
    assert.equal(api.lines.filter((l) => l.startsWith('GET /api/user/products')).length, 2);
    assert.ok(api.lines.every((l) => !l.includes(API_KEY)));
    assert.deepEqual(((await api.control('DELETE', '/__sandbox/calls')).json as { calls: unknown[] }).calls, []);
    assert.deepEqual(api.started.sandbox.calls, []);
  });

  it('counts orders and transactions by status, and resets to the seed', async () => {
    await checkoutPayment(api, { paymentMethod: 'pix' });
    await checkoutPayment(api, cardBody('4111111111111111'));
    await checkoutPayment(api, cardBody('4000000000009995'));
    const hooks = await api.call('POST', '/api/user/webhook', { url: 'http://127.0.0.1:9/x', type: 'TRANSFER' });
    assert.equal(hooks.status, 201);
    const state = (await api.control('GET', '/__sandbox/state')).json as { orders: number; transactions: number; byStatus: Record<string, number>; webhooks: number };
    assert.equal(state.orders, 3);
    assert.equal(state.transactions, 3);
    assert.deepEqual(state.byStatus, { WAITING_PAYMENT: 1, PAID: 1, REFUSED: 1 });
    assert.equal(state.webhooks, 1);

    const before = api.started.sandbox.state.customers.length;
    assert.equal((await api.control('POST', '/__sandbox/reset')).status, 200);
    const after = (await api.control('GET', '/__sandbox/state')).json as { orders: number; transactions: number; webhooks: number; calls: number; customers: number };
    // registered webhooks are configuration: they survive a reset (the helper registers once)
    assert.deepEqual([after.orders, after.transactions, after.webhooks, after.calls], [0, 0, 1, 0]);
    assert.ok(after.customers <= before);
  });

  it('lists the test cards and 404s unknown control routes', async () => {
    const cards = (await api.control('GET', '/__sandbox/cards')).json as { cards: unknown[] };
    assert.deepEqual(cards.cards, TEST_CARDS);
    assert.equal((await api.control('GET', '/__sandbox/nothing')).status, 404);
  });

  it('returns the transaction from the control routes and the programmatic API alike', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    const viaApi = api.started.sandbox.pay(id);
    assert.equal(viaApi.status, 'PAID');
    assert.throws(() => api.started.sandbox.refuse(id), { name: 'SandboxError', status: 409 });
    assert.throws(() => api.started.sandbox.pay('nope'), { status: 404 });
  });
});

describe('sandbox: injected clock, random and fetch', () => {
  const headers = { 'x-api-key': API_KEY, 'user-agent': UA, 'content-type': 'application/json' };
  const run = async (sb: ReturnType<typeof createSandbox>) => {
    const order = await sb.handle(new Request('http://127.0.0.1/api/public/checkout/create-order/demo-product?hostname=localhost', { method: 'POST', headers }));
    const orderId = dataOf(GatewayCheckoutPaymentSchema, await order.json()).id;
    const pay = await sb.handle(
      new Request(`http://127.0.0.1/api/public/checkout/payment/${orderId}?hostname=localhost`, { method: 'POST', headers, body: JSON.stringify({ ...BUYER, paymentMethod: 'pix' }) }),
    );
    return pay.json();
  };

  it('gives identical answers for the same seed and clock', async () => {
    const make = () => createSandbox({ apiKey: API_KEY, random: seededRandom(42), now: () => Date.parse('2025-02-01T00:00:00.000Z') });
    const a = await run(make());
    const b = await run(make());
    assert.deepEqual(a, b);
    const c = await run(createSandbox({ apiKey: API_KEY, random: seededRandom(43), now: () => Date.parse('2025-02-01T00:00:00.000Z') }));
    assert.notDeepEqual(a, c);
  });

  it('sends postbacks through the injected fetch', async () => {
    const sent: { url: string; body: unknown; ua: string | null }[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      sent.push({ url: String(input), body: JSON.parse(String(init?.body)), ua: new Headers(init?.headers).get('user-agent') });
      return new Response('ok');
    };
    const sb = createSandbox({ apiKey: API_KEY, fetch: fakeFetch, postbackUrl: 'https://merchant.example/hooks/bynet' });
    await run(sb);
    await sb.idle();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.url, 'https://merchant.example/hooks/bynet');
    assert.equal((sent[0]!.body as { type: string }).type, 'transaction');
    assert.deepEqual(sb.deliveries.map((d) => [d.status, d.ok, d.httpStatus]), [['waiting_payment', true, 200]]);
  });
});
