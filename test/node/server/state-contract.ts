/**
 * What every `HelperState` must do with idempotency records, payments, orders and the hook outbox,
 * whatever keeps them (memory, the durable LMDB state, Redis). `stateContract` adds the tests to
 * the enclosing `describe`; each test opens a fresh state and closes it.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Payment, PaymentStatus } from '../../../src/contract/payment.js';
import type { HelperState, OrderRecord, PaymentRecord, PaymentUpdate } from '../../../src/server/index.js';

export function pixPayment(id: string, orderId: string, status: PaymentStatus = 'WAITING_PAYMENT'): Payment {
  return {
    id,
    orderId,
    method: 'PIX',
    status,
    amount: 4990,
    pix: { code: '00020126580014br.gov.bcb.pix0136example', expiresAt: '2030-01-01T00:15:00.000Z' },
    updatedAt: '2030-01-01T00:00:00.000Z',
  } as Payment;
}

export function paymentRecord(id: string, orderId: string, status: PaymentStatus = 'WAITING_PAYMENT'): PaymentRecord {
  return {
    payment: pixPayment(id, orderId, status),
    checkoutId: 'chk-1',
    gatewayId: `gw-${id}`,
    createdAt: '2030-01-01T00:00:00.000Z',
    merchantRef: 'pedido-42',
    duplicate: false,
  };
}

export function orderRecord(orderId: string): OrderRecord {
  return { orderId, checkoutId: 'chk-1', kind: 'product', ref: 'link-1', amount: 4990, merchantRef: 'pedido-42', createdAt: '2030-01-01T00:00:00.000Z' };
}

export function paymentUpdate(paymentId: string, status: PaymentStatus): PaymentUpdate {
  return {
    eventId: `${paymentId}:${status}`,
    orderId: 'ord-1',
    paymentId,
    method: 'PIX',
    status,
    previousStatus: 'WAITING_PAYMENT',
    amount: 4990,
    installments: null,
    merchantRef: null,
    duplicate: false,
    occurredAt: '2030-01-01T00:00:00.000Z',
    source: 'webhook',
  };
}

const ids = (records: readonly PaymentRecord[]) => records.map((r) => r.payment.id);

/** Adds the store contract tests; `open` gives a fresh, empty state. */
export function stateContract(open: () => Promise<HelperState>): void {
  const withState = (fn: (s: HelperState) => Promise<void>) => async () => {
    const state = await open();
    try {
      await fn(state);
    } finally {
      await state.close();
    }
  };

  it(
    'idempotency: new -> in flight -> done (replayed), mismatch, abort, one winner under concurrency',
    withState(async ({ idempotency: store }) => {
      assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'new' });
      assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'in_flight' });
      assert.deepEqual(await store.begin('a', 'fp2', 60_000), { state: 'mismatch' });
      const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"x":1}' };
      await store.complete('a', response);
      assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'done', response });
      assert.deepEqual(await store.begin('a', 'fp2', 60_000), { state: 'mismatch' });
      await store.abort('a'); // a completed key stays
      assert.deepEqual(await store.begin('a', 'fp1', 60_000), { state: 'done', response });

      assert.deepEqual(await store.begin('b', 'fp', 60_000), { state: 'new' });
      await store.abort('b');
      assert.deepEqual(await store.begin('b', 'fp-other', 60_000), { state: 'new' }, 'abort frees the key');

      await store.complete('never-begun', response);
      assert.deepEqual(await store.begin('never-begun', 'fp', 60_000), { state: 'new' }, 'complete without a claim stores nothing');

      const all = await Promise.all(Array.from({ length: 20 }, () => store.begin('c', 'fp', 60_000)));
      assert.equal(all.filter((r) => r.state === 'new').length, 1);
      assert.equal(all.filter((r) => r.state === 'in_flight').length, 19);
    }),
  );

  it(
    'payments: by id and by order, updates are not new entries, listOpen follows the status',
    withState(async ({ payments: store }) => {
      assert.equal(await store.get('p-a'), undefined);
      await store.put(paymentRecord('p-a', 'ord-1'));
      await store.put(paymentRecord('p-b', 'ord-1', 'PROCESSING'));
      await store.put(paymentRecord('p-c', 'ord-2', 'PAID'));
      assert.deepEqual(await store.get('p-a'), paymentRecord('p-a', 'ord-1'), 'every field kept (merchantRef, duplicate)');
      assert.deepEqual(ids(await store.listByOrder('ord-1')), ['p-a', 'p-b']);
      assert.deepEqual(ids(await store.listByOrder('ord-9')), []);
      assert.deepEqual(ids(await store.listOpen(10)), ['p-a', 'p-b'], 'reconcilable ones, oldest first');

      await store.put(paymentRecord('p-a', 'ord-1', 'PAID'));
      assert.equal((await store.get('p-a'))?.payment.status, 'PAID');
      assert.deepEqual(ids(await store.listByOrder('ord-1')), ['p-a', 'p-b'], 'an update is not a new entry');
      assert.deepEqual(ids(await store.listOpen(10)), ['p-b'], 'paid: no longer open');

      await store.put(paymentRecord('p-b', 'ord-1', 'EXPIRED'));
      assert.deepEqual(ids(await store.listOpen(10)), ['p-b'], 'a locally expired payment is still re-checked');
      await store.put(paymentRecord('p-b', 'ord-1', 'CANCELED'));
      assert.deepEqual(ids(await store.listOpen(10)), []);

      for (const id of ['p-d', 'p-e', 'p-f']) await store.put(paymentRecord(id, 'ord-3', 'AUTHORIZED'));
      assert.deepEqual(ids(await store.listOpen(2)), ['p-d', 'p-e'], 'at most limit');
      assert.deepEqual(ids(await store.listOpen(0)), []);
    }),
  );

  it(
    'orders: get and put (an update replaces the record)',
    withState(async ({ orders }) => {
      assert.equal(await orders.get('ord-1'), undefined);
      const rec = orderRecord('ord-1');
      await orders.put(rec);
      assert.deepEqual(await orders.get('ord-1'), rec);
      const pending = { ...rec, pendingCreate: { method: 'PIX' as const, startedAt: '2030-01-01T00:00:01.000Z' } };
      await orders.put(pending);
      assert.deepEqual(await orders.get('ord-1'), pending);
      await orders.put({ ...rec, pendingCreate: undefined });
      assert.equal((await orders.get('ord-1'))?.pendingCreate, undefined, 'cleared');
      assert.equal(await orders.get('ord-2'), undefined);
    }),
  );

  it(
    'outbox: add is idempotent on eventId, due by time, retry counts and reschedules, ack keeps the id remembered',
    withState(async ({ outbox }) => {
      const u1 = paymentUpdate('pay-1', 'PAID');
      const u2 = paymentUpdate('pay-2', 'PAID');
      assert.equal(await outbox.add(u1, 1_000), true);
      assert.equal(await outbox.add(u1, 1_001), false, 'the same change seen twice is queued once');
      assert.equal(await outbox.add(u2, 1_001), true);
      assert.equal(await outbox.size(), 2);

      assert.deepEqual(await outbox.due(999, 10), []);
      assert.deepEqual(await outbox.due(1_000, 10), [{ eventId: u1.eventId, update: u1, attempts: 0, nextAt: 1_000 }]);
      assert.deepEqual((await outbox.due(5_000, 10)).map((e) => e.eventId), [u1.eventId, u2.eventId]);
      assert.equal((await outbox.due(5_000, 1)).length, 1);

      await outbox.retry(u1.eventId, 9_000, 'hook threw');
      assert.deepEqual((await outbox.due(5_000, 10)).map((e) => e.eventId), [u2.eventId], 'waits until nextAt');
      const retried = (await outbox.due(9_000, 10)).find((e) => e.eventId === u1.eventId);
      assert.equal(retried?.attempts, 1);
      assert.equal(retried?.nextAt, 9_000);
      assert.equal(retried?.lastError, 'hook threw');
      assert.deepEqual(retried?.update, u1);
      assert.equal(await outbox.size(), 2);

      await outbox.ack(u1.eventId);
      assert.equal(await outbox.size(), 1);
      assert.equal(await outbox.add(u1, 9_001), false, 'a delivered id stays remembered');
      assert.deepEqual((await outbox.due(10_000, 10)).map((e) => e.eventId), [u2.eventId]);

      await outbox.retry('unknown:PAID', 1, 'x'); // no-ops
      await outbox.ack('unknown:PAID');
      await outbox.ack(u2.eventId);
      assert.equal(await outbox.size(), 0);
      assert.deepEqual(await outbox.due(Number.MAX_SAFE_INTEGER, 10), []);
    }),
  );
}
