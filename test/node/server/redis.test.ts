/** Redis idempotency store (real redis-server on a unix socket), shared by two helper instances. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectRedis, createRedisIdempotencyStore, createBynetCheckout, toNodeListener } from '../../../src/server/index.js';
import type { RedisConnection } from '../../../src/server/index.js';
import { API_KEY, TOKEN_SECRET, newKey, startHarness } from './harness.js';
import type { Harness } from './harness.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const available = !process.env['BYNET_TEST_NO_REDIS'] && spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

describe('redis idempotency store', { skip: available ? false : 'redis-server not installed' }, () => {
  let dir: string;
  let proc: ChildProcess;
  let redis: RedisConnection;
  let h: Harness;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bynet-redis-'));
    const sock = join(dir, 'redis.sock');
    proc = spawn('redis-server', ['--port', '0', '--unixsocket', sock, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const end = Date.now() + 5000;
    while (!existsSync(sock)) {
      if (Date.now() > end) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    redis = await connectRedis({ path: sock });
    h = await startHarness({ helper: { idempotencyStore: createRedisIdempotencyStore({ client: redis }) } });
  });
  after(async () => {
    await h?.close();
    await redis?.close();
    proc?.kill('SIGTERM');
    await new Promise((r) => (proc?.exitCode !== null ? r(undefined) : proc.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('new -> in_flight -> done, mismatch, abort', async () => {
    const store = createRedisIdempotencyStore({ client: redis, prefix: 'unit:' });
    assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'new' });
    assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'in_flight' });
    assert.deepEqual(await store.begin('a', 'fp2', 60_000), { state: 'mismatch' });
    const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"x":1}' };
    await store.complete('a', response);
    assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'done', response });
    assert.ok(Number(await redis.command(['PTTL', 'unit:a'])) > 50_000, 'retention set');
    assert.deepEqual(await store.begin('b', 'fp', 60_000), { state: 'new' });
    await store.abort('b');
    assert.equal(await redis.command(['EXISTS', 'unit:b']), 0);
    await store.abort('a'); // a completed key is not removed by abort
    assert.equal(await redis.command(['EXISTS', 'unit:a']), 1);
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => store.begin('c', 'fp', 60_000)));
    assert.equal(concurrent.filter((r) => r.state === 'new').length, 1);
  });

  it('two helper instances sharing Redis: one key -> one gateway order', async () => {
    const second = createBynetCheckout({
      apiKey: API_KEY,
      baseUrl: h.sb.url,
      hostname: 'localhost',
      tokenSecret: TOKEN_SECRET,
      logger: false,
      idempotencyStore: createRedisIdempotencyStore({ client: redis }),
    });
    const server = createServer(toNodeListener(second.checkout));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const other = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/checkout`;
    try {
      const cfg = await h.config();
      const key = newKey();
      const before = h.gatewayCalls('POST', '/api/public/checkout/create-order/');
      const send = (base: string) =>
        fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-checkout-token': cfg.token, 'idempotency-key': key }, body: '{}' }).then(async (r) => ({ status: r.status, body: await r.text() }));
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2 ? other : h.base)));
      assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order/') - before, 1);
      assert.ok(results.every((r) => r.status === 201 || r.status === 409));
      const replay = await send(other);
      assert.equal(replay.status, 201);
      const first = results.find((r) => r.status === 201);
      if (first) assert.equal(JSON.parse(replay.body).order.id, JSON.parse(first.body).order.id);
    } finally {
      await second.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
