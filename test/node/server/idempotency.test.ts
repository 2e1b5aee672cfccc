/**
 * Idempotency: the store itself, and the helper's POST routes under concurrency (real sandbox).
 * The route tests run three times: with the durable default, the in-memory state and the Redis state.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemoryIdempotencyStore } from '../../../src/server/idempotency.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateUnavailableError, createDurableState, createMemoryState } from '../../../src/server/index.js';
import type { CheckoutOptions, HelperState } from '../../../src/server/index.js';
import { CARD_APPROVED, CUSTOMER, assertNoSecrets, card, newKey, startHarness } from './harness.js';
import type { Harness } from './harness.js';
import { REDIS_SKIP, startRedis } from './redis-server.js';
import type { RedisProcess } from './redis-server.js';

describe('memory idempotency store', () => {
  it('new -> in_flight -> done (replay) ; other fingerprint -> mismatch ; abort frees the key', async () => {
    let t = 1_000;
    const store = createMemoryIdempotencyStore({ now: () => t, lockMs: 500 });
    assert.deepEqual(await store.begin('k', 'fp1', 10_000), { state: 'new' });
    assert.deepEqual(await store.begin('k', 'fp1', 10_000), { state: 'in_flight' });
    assert.deepEqual(await store.begin('k', 'fp2', 10_000), { state: 'mismatch' });
    const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    await store.complete('k', response);
    assert.deepEqual(await store.begin('k', 'fp1', 10_000), { state: 'done', response });
    assert.deepEqual(await store.begin('k', 'fp2', 10_000), { state: 'mismatch' });
    t += 10_001; // retention over: the key is new again
    assert.deepEqual(await store.begin('k', 'fp2', 10_000), { state: 'new' });
    await store.abort('k');
    assert.deepEqual(await store.begin('k', 'fp3', 10_000), { state: 'new' });
    t += 501; // an abandoned in-flight claim lapses
    assert.deepEqual(await store.begin('k', 'fp4', 10_000), { state: 'new' });
  });
});

interface Store {
  options(): Promise<Partial<CheckoutOptions>>;
  stop(): Promise<void>;
}

const durable = (): Store => ({ options: async () => ({}), stop: async () => undefined });
const memory = (): Store => ({ options: async () => ({ state: createMemoryState() }), stop: async () => undefined });
const redis = (): Store => {
  let server: RedisProcess | undefined;
  return {
    async options() {
      server = await startRedis();
      return { redis: server.client() };
    },
    stop: async () => server?.stop(),
  };
};

for (const [label, makeStore, skip] of [
  ['durable state (default)', durable, false],
  ['memory state', memory, false],
  ['Redis state', redis, REDIS_SKIP],
] as const) describe(`idempotent helper routes (${label})`, { skip }, () => {
  let h: Harness;
  let store: Store;
  before(async () => {
    store = makeStore();
    h = await startHarness({ helper: await store.options() });
    assert.equal(h.helper.stats().state, label === 'memory state' ? 'memory' : label === 'Redis state' ? 'redis' : 'durable');
  });
  after(async () => {
    await h?.sb.sandbox.clearFaults();
    await h?.close();
    await store?.stop();
  });

  it('50 concurrent POST /orders with one key -> exactly one gateway create-order', async () => {
    const cfg = await h.config();
    await fetch(`${h.sb.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'POST /api/public/checkout/create-order/*', latencyMs: 150, times: 1 }),
    }).then((r) => r.text());
    const before = h.gatewayCalls('POST', '/api/public/checkout/create-order/');
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 50 }, () => h.call<any>('POST', '/orders', { token: cfg.token, key, body: {} })));
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order/'), before + 1);
    const created = results.filter((r) => r.status === 201);
    const busy = results.filter((r) => r.status === 409);
    assert.equal(created.length + busy.length, 50, results.map((r) => r.status).join(','));
    assert.ok(created.length >= 1);
    for (const b of busy) {
      assert.equal(b.json.error.code, 'idempotency_in_flight');
      assert.equal(b.headers.get('retry-after'), '1');
    }
    const ids = new Set(created.map((r) => r.json.order.id));
    assert.equal(ids.size, 1, 'every success carries the same order');

    // a retry after completion is replayed, byte for byte, and marked
    const replay = await h.call<any>('POST', '/orders', { token: cfg.token, key, body: {} });
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotency-replayed'), 'true');
    assert.equal(replay.text, created[0]!.text);
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order/'), before + 1);
  });

  it('same key with another body -> 422; validation failures are not stored', async () => {
    const cfg = await h.config();
    const order = await h.order(cfg.token);
    const key = newKey();
    const first = await h.pay(order, { method: 'PIX', customer: CUSTOMER }, key);
    assert.equal(first.status, 201);
    const other = await h.pay(order, { method: 'PIX', customer: { ...CUSTOMER, name: 'Outra Pessoa' } }, key);
    assert.equal(other.status, 422);
    assert.equal(other.json.error.code, 'idempotency_mismatch');

    // a 400 does not burn the key: the corrected request with the same key goes through
    const key2 = newKey();
    const invalid = await h.pay(order, { method: 'BOLETO', customer: CUSTOMER }, key2);
    assert.equal(invalid.status, 400);
    const fixed = await h.pay(order, { method: 'BOLETO', customer: CUSTOMER, address: { zipCode: '01001000', street: 'Praça da Sé', streetNumber: '1', neighborhood: 'Sé', city: 'São Paulo', state: 'SP' } }, key2);
    assert.equal(fixed.status, 201, fixed.text);
  });

  it('keys are scoped per checkout: the same key on two checkouts makes two orders', async () => {
    const key = newKey();
    const a = await h.call<any>('POST', '/orders', { token: (await h.config()).token, key, body: {} });
    const b = await h.call<any>('POST', '/orders', { token: (await h.config()).token, key, body: {} });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.json.order.id, b.json.order.id);
    assert.equal(b.headers.get('idempotency-replayed'), null);
  });

  it('one open payment per order and method: concurrent creates with different keys -> one gateway payment', async () => {
    const cfg = await h.config();
    const order = await h.order(cfg.token);
    const path = `/api/public/checkout/payment/${order.order.id}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => h.pay(order, { method: 'PIX', customer: CUSTOMER })));
    assert.equal(h.gatewayCalls('POST', path), 1);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(results.map((r) => r.json.payment.id));
    assert.equal(ids.size, 1);
    const pixCodes = new Set(results.map((r) => r.json.payment.pix.code));
    assert.equal(pixCodes.size, 1);

    // another method is another payment; a terminal (expired) one lets a new one be created
    const boleto = await h.pay(order, { method: 'BOLETO', customer: CUSTOMER, address: { zipCode: '01001000', street: 'Praça da Sé', streetNumber: '1', neighborhood: 'Sé', city: 'São Paulo', state: 'SP' } });
    assert.equal(boleto.status, 201);
    assert.equal(h.gatewayCalls('POST', path), 2);
    const pixId = results[0]!.json.payment.id;
    await fetch(`${h.sb.url}/__sandbox/transactions/${pixId}/expire`, { method: 'POST' }).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await h.call<any>('GET', `/payments/${pixId}`, { token: order.token });
    assert.equal(expired.json.payment.status, 'EXPIRED');
    const fresh = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(fresh.status, 201);
    assert.notEqual(fresh.json.payment.id, pixId);
    assert.equal(h.gatewayCalls('POST', path), 3);
  });

  it('a card payment replays its stored answer, never charging twice', async () => {
    const cfg = await h.config();
    const order = await h.order(cfg.token);
    const key = newKey();
    const body = { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_APPROVED) };
    const path = `/api/public/checkout/payment/${order.order.id}`;
    const [a, b] = await Promise.all([h.pay(order, body, key), h.pay(order, body, key)]);
    const sorted = [a.status, b.status].sort();
    assert.ok(sorted[0] === 201 || sorted[0] === 409, sorted.join(','));
    const again = await h.pay(order, body, key);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotency-replayed'), 'true');
    assert.equal(again.json.payment.status, 'PAID');
    assert.equal(h.gatewayCalls('POST', path), 1);
  });

  it('leaks no API key, card number or CVV', () => {
    assertNoSecrets(h);
  });
});

describe('POST /orders: the order record is stored before the answer leaves, with the stored answer', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const durableState = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bynet-commit-'));
    dirs.push(dir);
    return createDurableState({ path: dir });
  };
  /** POST /orders twice with one key through a helper on `state` (plus `extra` options). */
  async function orderTwice(state: HelperState, extra: Partial<CheckoutOptions> = {}) {
    const h = await startHarness({ helper: { state, ...extra } });
    try {
      const token = (await h.config()).token;
      const key = newKey();
      const first = await h.call<any>('POST', '/orders', { token, key, body: {} });
      const again = await h.call<any>('POST', '/orders', { token, key, body: {} });
      return { first, again, creates: h.gatewayCalls('POST', '/api/public/checkout/create-order/') };
    } finally {
      await h.close();
    }
  }

  for (const [label, make] of [
    ['durable state (one commit)', durableState],
    ['memory state (no commit: put, then complete)', () => createMemoryState()],
  ] as const) {
    it(`${label}: the record is there once the 201 arrives; a retry replays it`, async () => {
      const state = make();
      const { first, again, creates } = await orderTwice(state);
      assert.equal(first.status, 201, first.text);
      const record = await state.orders.get(first.json.order.id);
      assert.equal(record?.orderId, first.json.order.id);
      assert.equal(record?.amount, first.json.order.amount);
      assert.equal(record?.kind, 'product');
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotency-replayed'), 'true');
      assert.equal(again.text, first.text);
      assert.equal(creates, 1);
      await state.close();
    });
  }

  it('a failed commit answers the state error and stores nothing: the retry is a new request, not a 409', async () => {
    const inner = durableState();
    let fail = true;
    const state: HelperState = {
      ...inner,
      commit: async (writes, complete) => {
        if (fail) throw new StateUnavailableError('durable state: disk full');
        return inner.commit!(writes, complete);
      },
    };
    const h = await startHarness({ helper: { state } });
    try {
      const token = (await h.config()).token;
      const key = newKey();
      const failed = await h.call<any>('POST', '/orders', { token, key, body: {} });
      assert.equal(failed.status, 502, failed.text);
      assert.equal(failed.json.error.code, 'upstream_error');
      fail = false;
      const retry = await h.call<any>('POST', '/orders', { token, key, body: {} });
      assert.equal(retry.status, 201, retry.text);
      assert.equal(retry.headers.get('idempotency-replayed'), null);
      assert.ok(await inner.orders.get(retry.json.order.id));
      assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order/'), 2);
    } finally {
      await h.close();
      await inner.close();
    }
  });

  it('with an idempotency store of the merchant\'s own, the record goes to the state, the answer to that store', async () => {
    const state = durableState();
    let commits = 0;
    const counted: HelperState = { ...state, commit: (w, c) => (commits++, state.commit!(w, c)) };
    const idempotencyStore = createMemoryIdempotencyStore();
    const { first, again } = await orderTwice(counted, { idempotencyStore });
    assert.equal(first.status, 201, first.text);
    assert.equal(commits, 0, 'not one commit: the answer is not the state\'s to store');
    assert.ok(await state.orders.get(first.json.order.id));
    assert.equal(again.headers.get('idempotency-replayed'), 'true');
    await state.close();
  });
});
