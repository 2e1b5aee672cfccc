/**
 * The Redis state's stores against a real redis-server: the store contract (orders, outbox and the
 * open-payment index included), what is written and for how long, bounded command time during an
 * outage (a stopped server that never answers, a killed one), and records surviving a kill -9 of
 * an append-only (fsync always) redis-server restarted on the same directory.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createRedisState } from '../../../src/server/index.js';
import type { HelperState, OrderRecord, RedisCommander } from '../../../src/server/index.js';
import { REDIS_SKIP, startRedis } from './redis-server.js';
import type { RedisProcess } from './redis-server.js';
import { orderRecord, paymentRecord, paymentUpdate, stateContract } from './state-contract.js';

const DAY = 86_400_000;
const isUnavailable = (e: unknown) => e instanceof Error && e.name === 'StateUnavailableError';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asserts that `call` rejects with StateUnavailableError within `boundMs`. */
async function failsWithin(call: Promise<unknown>, boundMs: number): Promise<void> {
  const t0 = Date.now();
  await assert.rejects(call, isUnavailable);
  const took = Date.now() - t0;
  assert.ok(took < boundMs, `took ${took} ms`);
}

describe('Redis state: bounded command time (no server needed)', () => {
  it('a command without a reply fails after commandTimeoutMs; a subscription that completes late is closed', async () => {
    let stopped = 0;
    let subscribed: ((stop: () => Promise<void>) => void) | undefined;
    const silent: RedisCommander = {
      command: () => new Promise(() => undefined),
      subscribe: () => new Promise((resolve) => (subscribed = resolve)),
    };
    const state = createRedisState(silent, { commandTimeoutMs: 100 });
    await failsWithin(state.payments.get('x'), 1_500);
    await failsWithin(state.outbox.add(paymentUpdate('p', 'PAID'), 1), 1_500);
    state.bus.subscribe(() => undefined);
    await state.bus.ready(); // the failure is reported, not thrown
    subscribed?.(async () => void stopped++);
    await sleep(10);
    assert.equal(stopped, 1);
    await state.close();
  });
});

describe('Redis state: store contract', { skip: REDIS_SKIP }, () => {
  let server: RedisProcess;
  let n = 0;
  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    await server?.stop();
  });
  stateContract(async () => createRedisState(server.client(), { prefix: `contract-${++n}:` }));
});

describe('Redis state: what is written, outages, persistence', { skip: REDIS_SKIP }, () => {
  let server: RedisProcess;
  let redis: Redis;
  before(async () => {
    server = await startRedis();
    redis = server.client();
  });
  after(async () => {
    await server?.stop();
  });

  it('orders and payments keep only their fields and their creation TTL; the open index sheds expired payments; outbox ids are remembered 30 days', async () => {
    const state = createRedisState(redis, { prefix: 'w:', paymentTtlMs: 400 });
    try {
      await state.orders.put({ ...orderRecord('ord-1'), card: { number: '4111111111111111', cvv: '739' } } as unknown as OrderRecord);
      const raw = String(await redis.get('w:ord:ord-1'));
      assert.ok(!raw.includes('4111111111111111') && !raw.includes('cvv'), raw);
      assert.deepEqual(await state.orders.get('ord-1'), orderRecord('ord-1'));
      await sleep(150);
      await state.orders.put({ ...orderRecord('ord-1'), amount: 1 });
      const ttl = Number(await redis.pttl('w:ord:ord-1'));
      assert.ok(ttl > 0 && ttl <= 260, `an update keeps the TTL (${ttl})`);

      await state.payments.put(paymentRecord('p-1', 'ord-1'));
      await sleep(450);
      assert.equal(await state.payments.get('p-1'), undefined);
      assert.equal(await state.orders.get('ord-1'), undefined);
      assert.deepEqual(await state.payments.listOpen(10), []);
      await state.payments.put(paymentRecord('p-2', 'ord-2'));
      assert.deepEqual(await redis.call('ZRANGE', 'w:pay-open', '0', '-1'), ['p-2'], 'p-1 shed from the index');

      await state.outbox.add(paymentUpdate('p-2', 'PAID'), Date.now());
      const remembered = Number(await redis.pttl('w:outbox:seen:p-2:PAID'));
      assert.ok(remembered > 29 * DAY && remembered <= 30 * DAY, String(remembered));
    } finally {
      await state.close();
    }
  });

  it('a stopped (SIGSTOP) or killed server fails calls within the command timeout; with appendfsync always, records survive kill -9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bynet-redis-aof-'));
    const socket = join(dir, 'redis.sock');
    const startServer = (): ChildProcess =>
      spawn(
        'redis-server',
        ['--port', '0', '--unixsocket', socket, '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--loglevel', 'warning'],
        { stdio: 'ignore' },
      );
    let proc = startServer();
    const client = new Redis({ path: socket });
    client.on('error', () => undefined); // reconnect noise while the server is down
    /** Pings until the (re)started server answers. */
    const up = async () => {
      for (let i = 0; ; i++) {
        if ((await client.ping().catch(() => undefined)) === 'PONG') return;
        if (i > 100) throw new Error('redis-server did not come up');
        await sleep(100);
      }
    };
    let state: HelperState | undefined;
    try {
      await up();
      state = createRedisState(client, { prefix: 'aof:' });
      const response = { status: 201, headers: {}, body: '{"ok":true}' };
      await state.payments.put(paymentRecord('pay-1', 'ord-1'));
      await state.orders.put(orderRecord('ord-1'));
      const u = paymentUpdate('pay-1', 'PAID');
      await state.outbox.add(u, 1_000);
      await state.outbox.retry(u.eventId, 2_000, 'hook threw');
      await state.idempotency.begin('done-key', 'fp', 3_600_000);
      await state.idempotency.complete('done-key', response);

      // a server that accepts nothing and answers nothing (connection open, no reply)
      const quick = createRedisState(client, { prefix: 'aof:', commandTimeoutMs: 200 });
      proc.kill('SIGSTOP');
      try {
        await Promise.all([
          failsWithin(state.payments.get('pay-1'), 3_500),
          failsWithin(state.idempotency.begin('k', 'fp', 60_000), 3_500),
          failsWithin(state.outbox.due(Date.now(), 10), 3_500),
          failsWithin(quick.orders.get('ord-1'), 1_500),
        ]);
      } finally {
        proc.kill('SIGCONT');
      }
      assert.deepEqual(await state.orders.get('ord-1'), orderRecord('ord-1'), 'answers again once resumed');
      await quick.close();

      const gone = once(proc, 'exit');
      proc.kill('SIGKILL');
      await gone;
      await failsWithin(state.orders.get('ord-1'), 3_500);

      proc = startServer();
      await up();
      assert.deepEqual(await state.payments.get('pay-1'), paymentRecord('pay-1', 'ord-1'));
      assert.deepEqual((await state.payments.listByOrder('ord-1')).map((r) => r.payment.id), ['pay-1']);
      assert.deepEqual((await state.payments.listOpen(10)).map((r) => r.payment.id), ['pay-1']);
      assert.deepEqual(await state.orders.get('ord-1'), orderRecord('ord-1'));
      assert.deepEqual(await state.outbox.due(2_000, 10), [{ eventId: u.eventId, update: u, attempts: 1, nextAt: 2_000, lastError: 'hook threw' }]);
      assert.equal(await state.outbox.add(u, 3_000), false);
      assert.deepEqual(await state.idempotency.begin('done-key', 'fp', 3_600_000), { state: 'done', response });
    } finally {
      await state?.close();
      client.disconnect();
      if (proc.exitCode === null && proc.signalCode === null) {
        const gone = once(proc, 'exit');
        proc.kill('SIGKILL');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
