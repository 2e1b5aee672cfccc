/**
 * Two helper instances sharing one Redis and one sandbox, as behind a load balancer: idempotency,
 * one open payment per order, payment look-ups, rate limits, webhook dedupe and the status stream
 * fan-out all hold whichever instance a request lands on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PaymentEventSchema } from '../../../src/contract/helper.js';
import { createRedisState } from '../../../src/server/index.js';
import type { RedisCommander } from '../../../src/server/index.js';
import { ADDRESS, CUSTOMER, eventually, newKey, openStream, startHarness } from './harness.js';
import type { Harness } from './harness.js';
import { REDIS_SKIP, startRedis } from './redis-server.js';
import type { RedisProcess } from './redis-server.js';

const CREATE_ORDER = '/api/public/checkout/create-order/';

async function fault(h: Harness, spec: Record<string, unknown>) {
  await fetch(`${h.sb.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) }).then((r) => r.text());
}


describe('two helper instances sharing Redis', { skip: REDIS_SKIP }, () => {
  let redis: RedisProcess;
  let a: Harness;
  let b: Harness;

  before(async () => {
    redis = await startRedis();
    // the sandbox posts every status change to A's webhook only
    a = await startHarness({ sandbox: (urls) => ({ postbackUrl: urls.webhookUrl }), helper: { redis: redis.client(), heartbeatMs: 60_000 } });
    b = await startHarness({ sb: a.sb, helper: { redis: redis.client(), heartbeatMs: 60_000 } });
    assert.equal(a.helper.stats().state, 'redis');
    assert.equal(b.helper.stats().state, 'redis');
  });
  after(async () => {
    await a?.sb.sandbox.clearFaults();
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  const both = () => [a, b] as const;

  it('50 concurrent POST /orders with one key, split across both -> exactly one gateway create-order', async () => {
    const cfg = await a.config();
    await fault(a, { route: `POST ${CREATE_ORDER}*`, latencyMs: 150, times: 1 });
    const before = a.gatewayCalls('POST', CREATE_ORDER);
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => both()[i % 2]!.call<any>('POST', '/orders', { token: cfg.token, key, body: {} })));
    assert.equal(a.gatewayCalls('POST', CREATE_ORDER) - before, 1);
    const created = results.filter((r) => r.status === 201);
    const busy = results.filter((r) => r.status === 409);
    assert.equal(created.length + busy.length, 50, results.map((r) => r.status).join(','));
    assert.ok(created.length >= 1);
    for (const r of busy) assert.equal(r.json.error.code, 'idempotency_in_flight');
    assert.equal(new Set(created.map((r) => r.json.order.id)).size, 1);
    // completed on one instance, replayed byte for byte by either
    for (const h of both()) {
      const replay = await h.call<any>('POST', '/orders', { token: cfg.token, key, body: {} });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotency-replayed'), 'true');
      assert.equal(replay.text, created[0]!.text);
    }
    assert.equal(a.gatewayCalls('POST', CREATE_ORDER) - before, 1);
  });

  it('same key with another body on the other instance -> 422', async () => {
    const order = await a.order((await a.config()).token);
    const key = newKey();
    const first = await a.pay(order, { method: 'PIX', customer: CUSTOMER }, key);
    assert.equal(first.status, 201, first.text);
    const other = await b.pay(order, { method: 'PIX', customer: { ...CUSTOMER, name: 'Outra Pessoa' } }, key);
    assert.equal(other.status, 422);
    assert.equal(other.json.error.code, 'idempotency_mismatch');
    const same = await b.pay(order, { method: 'PIX', customer: CUSTOMER }, key);
    assert.equal(same.status, 201);
    assert.equal(same.headers.get('idempotency-replayed'), 'true');
    assert.equal(same.json.payment.id, first.json.payment.id);
  });

  it('a payment created twice for one order, once per instance -> one gateway payment', async () => {
    const order = await a.order((await a.config()).token);
    const path = `/api/public/checkout/payment/${order.order.id}`;
    await fault(a, { route: 'POST /api/public/checkout/payment/*', latencyMs: 100, times: 1 });
    const [onA, onB] = await Promise.all([a.pay(order, { method: 'PIX', customer: CUSTOMER }), b.pay(order, { method: 'PIX', customer: CUSTOMER })]);
    assert.deepEqual([onA.status, onB.status].sort(), [200, 201]);
    assert.equal(a.gatewayCalls('POST', path), 1);
    assert.equal(onA.json.payment.id, onB.json.payment.id);
    assert.equal(onA.json.payment.pix.code, onB.json.payment.pix.code);
    // and again later, sequentially, on each instance
    for (const h of both()) {
      const again = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
      assert.equal(again.status, 200);
      assert.equal(again.json.payment.id, onA.json.payment.id);
    }
    const boleto = await b.pay(order, { method: 'BOLETO', customer: CUSTOMER, address: ADDRESS });
    assert.equal(boleto.status, 201, 'another method is another payment');
    assert.equal(a.gatewayCalls('POST', path), 2);
  });

  it('GET /payments/:id on B answers for a payment created on A; other checkouts still get 404', async () => {
    const order = await a.order((await a.config()).token);
    const created = await a.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(created.status, 201);
    const id = created.json.payment.id;
    const onB = await b.call<any>('GET', `/payments/${id}`, { token: order.token });
    assert.equal(onB.status, 200, onB.text);
    assert.equal(onB.json.payment.id, id);
    assert.equal(onB.json.payment.pix.code, created.json.payment.pix.code);
    const stranger = await b.order((await b.config()).token);
    assert.equal((await b.call('GET', `/payments/${id}`, { token: stranger.token })).status, 404);
  });

  it('a status stream open on B receives PAID after the sandbox postback hits A', async () => {
    const order = await a.order((await a.config()).token);
    const created = await a.pay(order, { method: 'PIX', customer: CUSTOMER });
    const id: string = created.json.payment.id;
    const ctl = new AbortController();
    const s = await openStream(`${b.base}/payments/${id}/events`, order.token, ctl.signal);
    try {
      await eventually(() => s.events.length >= 1);
      assert.equal(PaymentEventSchema.parse(JSON.parse(s.events[0]!)).payment.status, 'WAITING_PAYMENT');
      assert.equal(b.helper.stats().streams, 1);
      await fetch(`${a.sb.url}/__sandbox/transactions/${id}/pay`, { method: 'POST' }).then((r) => r.text());
      await eventually(() => s.events.some((e) => JSON.parse(e).payment.status === 'PAID'));
      await eventually(() => s.ended());
      const last = PaymentEventSchema.parse(JSON.parse(s.events[s.events.length - 1]!));
      assert.equal(last.payment.status, 'PAID');
      assert.equal(last.payment.id, id);
    } finally {
      ctl.abort();
      await s.pump;
    }
    await a.sb.sandbox.idle();
    await a.helper.idle();
    // the postback went to A only; B learnt of it through Redis
    const deliveries = a.sb.sandbox.deliveries.filter((d) => d.objectId === id && d.status === 'paid');
    assert.ok(deliveries.length >= 1 && deliveries.every((d) => d.url === a.webhookUrl && d.httpStatus === 200));
    const webhookHits = (h: Harness) => h.logs.filter((l) => l.includes('"route":"webhook"')).length;
    assert.ok(webhookHits(a) >= 1);
    assert.equal(webhookHits(b), 0);
    assert.ok(a.logs.some((l) => l.includes('"payment.status"') && l.includes(id) && l.includes('"to":"PAID"')));
    assert.ok(!b.logs.some((l) => l.includes('"payment.status"') && l.includes(id)), 'B changed nothing itself');
    await eventually(() => b.helper.stats().streams === 0);
    assert.deepEqual({ ...b.helper.stats(), background: 0 }, { state: 'redis', streams: 0, subscriptions: 0, timers: 0, background: 0 });
  });

  it('webhook dedupe is shared: a postback A confirmed costs B no gateway call', async () => {
    const order = await a.order((await a.config()).token);
    const created = await a.pay(order, { method: 'PIX', customer: CUSTOMER });
    const id: string = created.json.payment.id;
    await fetch(`${a.sb.url}/__sandbox/transactions/${id}/pay`, { method: 'POST' }).then((r) => r.text());
    await a.sb.sandbox.idle();
    await a.helper.idle();
    const gets = () => a.gatewayCalls('GET', new RegExp(`^/api/user/transactions/${id}$`));
    const before = gets();
    assert.ok(before >= 1, 'A re-fetched the transaction');
    const body = JSON.stringify({ id: 99, type: 'transaction', objectId: id, data: { id, status: 'paid' } });
    const res = await fetch(`${b.origin}/webhooks/bynet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(res.status, 200);
    await res.text();
    await b.helper.idle();
    assert.equal(gets(), before);
    assert.ok(b.logs.some((l) => l.includes('"webhook.duplicate"')));
    // a postback announcing something not yet confirmed is re-fetched (and trusted only as fetched)
    const forged = JSON.stringify({ id: 100, type: 'transaction', objectId: id, data: { id, status: 'refunded' } });
    await (await fetch(`${b.origin}/webhooks/bynet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged })).text();
    await b.helper.idle();
    assert.equal(gets(), before + 1);
    assert.equal((await b.call<any>('GET', `/payments/${id}`, { token: order.token })).json.payment.status, 'PAID');
  });

  it('a client that aborts its stream leaves no stream, subscription or timer behind', async () => {
    const order = await a.order((await a.config()).token);
    const created = await a.pay(order, { method: 'PIX', customer: CUSTOMER });
    const ctls = Array.from({ length: 5 }, () => new AbortController());
    const streams = await Promise.all(ctls.map((c, i) => openStream(`${(i % 2 ? a : b).base}/payments/${created.json.payment.id}/events`, order.token, c.signal)));
    await eventually(() => streams.every((s) => s.events.length >= 1));
    assert.equal(a.helper.stats().streams + b.helper.stats().streams, 5);
    assert.equal(a.helper.stats().subscriptions + b.helper.stats().subscriptions, 5);
    assert.ok(b.helper.stats().timers >= 3, 'heartbeat, lifetime and expiry timers per stream');
    for (const c of ctls) c.abort();
    await Promise.all(streams.map((s) => s.pump));
    for (const h of both()) {
      await eventually(() => h.helper.stats().streams === 0);
      const { streams: n, subscriptions, timers } = h.helper.stats();
      assert.deepEqual({ n, subscriptions, timers }, { n: 0, subscriptions: 0, timers: 0 });
    }
  });
});

describe('rate limits shared through Redis', { skip: REDIS_SKIP }, () => {
  let redis: RedisProcess;
  let c: Harness;
  let d: Harness;
  const rateLimit = {
    perIp: { limit: 1000, windowMs: 60_000 },
    perToken: { limit: 5, windowMs: 60_000 },
    cardPerToken: { limit: 2, windowMs: 600_000 },
    paymentsPerIp: { limit: 1000, windowMs: 60_000 },
  };
  before(async () => {
    redis = await startRedis();
    c = await startHarness({ helper: { state: createRedisState(redis.client(), { prefix: 'rl-test:' }), rateLimit } });
    d = await startHarness({ sb: c.sb, helper: { state: createRedisState(redis.client(), { prefix: 'rl-test:' }), rateLimit } });
  });
  after(async () => {
    await d?.close();
    await c?.close();
    await redis?.stop();
  });

  it('per checkout: requests alternating between instances share one budget', async () => {
    const cfg = await c.config();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await (i % 2 ? d : c).call('GET', '/cep/01001000', { token: cfg.token })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const other = await d.config();
    assert.equal((await c.call('GET', '/cep/01001000', { token: other.token })).status, 200, 'another checkout is not affected');
  });

  it('card attempts per checkout are counted across instances, before reaching the gateway', async () => {
    const order = await c.order((await c.config()).token);
    const card = { number: '4000000000000002', holderName: 'MARIA DA SILVA', expMonth: 12, expYear: new Date().getFullYear() + 2, cvv: '739' };
    const s1 = await c.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card });
    const s2 = await d.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card });
    const before = c.gatewayCalls('POST', '/api/public/checkout/payment/');
    const s3 = await c.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card });
    assert.deepEqual([s1.status, s2.status, s3.status], [201, 201, 429]);
    assert.equal(c.gatewayCalls('POST', '/api/public/checkout/payment/'), before);
  });
});

describe('Redis unavailable', () => {
  let h: Harness;
  before(async () => {
    const down: RedisCommander = { command: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) };
    h = await startHarness({ helper: { redis: down } });
  });
  after(async () => {
    await h.close();
  });

  it('config still works (rate limits fail open); state-bound routes answer 502 upstream_error, never 500', async () => {
    const cfg = await h.config();
    const r = await h.call<any>('POST', '/orders', { token: cfg.token, key: newKey(), body: {} });
    assert.equal(r.status, 502);
    assert.equal(r.json.error.code, 'upstream_error');
    assert.ok(h.logs.some((l) => l.includes('"state.unavailable"')));
    assert.ok(h.logs.some((l) => l.includes('"rate_limit.unavailable"')));
    assert.equal(h.gatewayCalls('POST', CREATE_ORDER), 0);
  });
});
