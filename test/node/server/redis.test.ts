/** The Redis state, piece by piece, against a real redis-server (ioredis, and a plain `command` client). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import type { Payment } from '../../../src/contract/payment.js';
import {
  createRedisIdempotencyStore,
  createRedisPaymentStore,
  createRedisRateLimiter,
  createRedisState,
} from '../../../src/server/index.js';
import type { HelperState, PaymentRecord, RedisCommander } from '../../../src/server/index.js';
import { REDIS_SKIP, startRedis } from './redis-server.js';
import type { RedisProcess } from './redis-server.js';

function pixPayment(id: string, orderId: string, status: Payment['status'] = 'WAITING_PAYMENT'): Payment {
  return {
    id,
    orderId,
    method: 'PIX',
    status,
    amount: 4990,
    pix: { code: '00020126580014br.gov.bcb.pix0136example', expiresAt: new Date(Date.now() + 900_000).toISOString() },
    updatedAt: new Date().toISOString(),
  } as Payment;
}

describe('Redis state', { skip: REDIS_SKIP }, () => {
  let server: RedisProcess;
  let redis: Redis;
  /** A client that is not ioredis: only the one-method interface. */
  let plain: RedisCommander;

  before(async () => {
    server = await startRedis();
    redis = server.client();
    plain = { command: (args) => redis.call(String(args[0]), ...args.slice(1)) };
  });
  after(async () => {
    await server?.stop();
  });

  it('idempotency: new -> in_flight -> done, mismatch, abort, lapsing claims, one winner under concurrency', async () => {
    for (const [name, client] of [['ioredis', redis], ['plain', plain]] as const) {
      const prefix = `unit-${name}:`;
      const store = createRedisIdempotencyStore({ client, prefix, lockMs: 300 });
      assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'new' });
      assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'in_flight' });
      assert.deepEqual(await store.begin('a', 'fp2', 60_000), { state: 'mismatch' });
      const pttl = Number(await redis.pttl(`${prefix}a`));
      assert.ok(pttl > 0 && pttl <= 300, `in-flight claim has a short TTL (${pttl})`);
      const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"x":1}' };
      await store.complete('a', response);
      assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'done', response });
      assert.ok(Number(await redis.pttl(`${prefix}a`)) > 50_000, 'retention set on completion');
      assert.deepEqual(await store.begin('b', 'fp', 60_000), { state: 'new' });
      await store.abort('b');
      assert.equal(await redis.exists(`${prefix}b`), 0);
      await store.abort('a'); // a completed key is not removed by abort
      assert.equal(await redis.exists(`${prefix}a`), 1);
      // an abandoned claim lapses, and the key is free again
      assert.deepEqual(await store.begin('c', 'fp', 60_000), { state: 'new' });
      await new Promise((r) => setTimeout(r, 350));
      assert.deepEqual(await store.begin('c', 'fp-other', 60_000), { state: 'new' });
      const other = createRedisIdempotencyStore({ client, prefix });
      const concurrent = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).begin('d', 'fp', 60_000)));
      assert.equal(concurrent.filter((r) => r.state === 'new').length, 1);
      assert.equal(concurrent.filter((r) => r.state === 'in_flight').length, 19);
    }
  });

  it('idempotency: another instance cannot complete or abort a claim it does not hold', async () => {
    const a = createRedisIdempotencyStore({ client: redis, prefix: 'owner:' });
    const b = createRedisIdempotencyStore({ client: redis, prefix: 'owner:' });
    assert.deepEqual(await a.begin('k', 'fp', 60_000), { state: 'new' });
    await b.abort('k');
    await b.complete('k', { status: 200, headers: {}, body: 'forged' });
    assert.deepEqual(await b.begin('k', 'fp', 60_000), { state: 'in_flight' });
    await a.complete('k', { status: 201, headers: {}, body: 'real' });
    const done = await b.begin('k', 'fp', 60_000);
    assert.equal(done.state, 'done');
    assert.equal(done.state === 'done' && done.response.body, 'real');
  });

  it('payments: records by id and by order, updates keep the TTL, no card data in Redis', async () => {
    const store = createRedisPaymentStore({ client: redis, prefix: 'p1:', ttlMs: 60_000 });
    const rec = (id: string, orderId: string): PaymentRecord => ({ payment: pixPayment(id, orderId), checkoutId: 'chk-1', gatewayId: id, createdAt: new Date().toISOString() });
    await store.put(rec('pay-1', 'ord-1'));
    await store.put(rec('pay-2', 'ord-1'));
    await store.put(rec('pay-3', 'ord-2'));
    assert.equal((await store.get('pay-1'))?.payment.orderId, 'ord-1');
    assert.equal(await store.get('nope'), undefined);
    assert.deepEqual((await store.listByOrder('ord-1')).map((r) => r.payment.id), ['pay-1', 'pay-2']);
    assert.deepEqual(await store.listByOrder('ord-9'), []);
    const updated = rec('pay-1', 'ord-1');
    updated.payment = { ...updated.payment, status: 'PAID' };
    await store.put(updated);
    assert.equal((await store.get('pay-1'))?.payment.status, 'PAID');
    assert.deepEqual((await store.listByOrder('ord-1')).map((r) => r.payment.id), ['pay-1', 'pay-2'], 'an update is not a new entry');
    const ttl = Number(await redis.pttl('p1:pay:pay-1'));
    assert.ok(ttl > 0 && ttl <= 60_000);
    // a record is whatever the helper keeps: stray fields (card data) are not written
    await store.put({ ...rec('pay-4', 'ord-3'), card: { number: '4111111111111111', cvv: '739' } } as unknown as PaymentRecord);
    const raw = String(await redis.get('p1:pay:pay-4'));
    assert.ok(!raw.includes('4111111111111111') && !raw.includes('739'), raw);
  });

  it('rate limits: a fixed window shared by every limiter on the server', async () => {
    const a = createRedisRateLimiter({ client: redis, prefix: 'rl1:' });
    const b = createRedisRateLimiter({ client: plain, prefix: 'rl1:' });
    const rule = { limit: 3, windowMs: 400 };
    const got = [];
    for (let i = 0; i < 5; i++) got.push(await (i % 2 ? a : b).hit('ip:1', rule));
    assert.deepEqual(got.map((d) => d.ok), [true, true, true, false, false]);
    const denied = got[3]!;
    assert.ok(!denied.ok && denied.retryAfterSeconds >= 1);
    assert.equal((await a.hit('ip:2', rule)).ok, true, 'buckets are independent');
    await new Promise((r) => setTimeout(r, 450));
    assert.equal((await b.hit('ip:1', rule)).ok, true, 'a new window');
  });

  it('flags (SET NX PX), locks across instances, and the status bus between two states', async () => {
    const s1: HelperState = createRedisState(redis, { prefix: 's:' });
    const s2: HelperState = createRedisState(server.client(), { prefix: 's:' });
    try {
      assert.equal(await s1.flags.claim('x', 5_000), true);
      assert.equal(await s2.flags.claim('x', 5_000), false);
      await s2.flags.set('x', 'confirmed', 5_000);
      assert.equal(await s1.flags.get('x'), 'confirmed');
      await s1.flags.delete('x');
      assert.equal(await s2.flags.get('x'), undefined);

      // a lock taken through one state excludes holders through the other
      let inside = 0;
      let most = 0;
      const work = async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 15));
        inside--;
      };
      await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? s1 : s2).lock('order:1', work)));
      assert.equal(most, 1);
      assert.equal(await redis.exists('s:lock:order:1'), 0, 'released');

      // a change published by one instance reaches the other, not itself
      const heard1: string[] = [];
      const heard2: string[] = [];
      s1.bus.subscribe((p) => heard1.push(p.status));
      s2.bus.subscribe((p) => heard2.push(p.status));
      await Promise.all([s1.bus.ready(), s2.bus.ready()]);
      s1.bus.publish(pixPayment('pay-9', 'ord-9', 'PAID'));
      const end = Date.now() + 3000;
      while (heard2.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(heard2, ['PAID']);
      assert.deepEqual(heard1, []);
    } finally {
      await s1.close();
      await s2.close();
    }
  });

  it('a Redis outage is a 502-style StateUnavailableError, not a crash', async () => {
    const broken: RedisCommander = { command: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) };
    const state = createRedisState(broken);
    await assert.rejects(state.payments.get('x'), (e: unknown) => e instanceof Error && e.name === 'StateUnavailableError');
    await state.close();
  });
});
