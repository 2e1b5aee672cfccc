/** The demo shop's order book (demo/order-book.ts): what the hook records, and what survives a restart. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createOrderBook } from '../../../demo/order-book.js';
import type { PaymentUpdate } from '../../../src/server/state.js';
import { killAll, tempDir } from './support.js';

function update(over: Partial<PaymentUpdate>): PaymentUpdate {
  const u: PaymentUpdate = {
    eventId: '',
    orderId: 'ord-1',
    paymentId: 'pay-1',
    method: 'PIX',
    status: 'WAITING_PAYMENT',
    previousStatus: null,
    amount: 4990,
    installments: null,
    merchantRef: 'loja-demo-1',
    duplicate: false,
    occurredAt: new Date().toISOString(),
    source: 'created',
    ...over,
  };
  return { ...u, eventId: over.eventId ?? `${u.paymentId}:${u.status}` };
}

describe('demo order book', () => {
  after(async () => {
    await killAll();
  });

  it('records orders from updates, counts every "paid" call, flags duplicates, newest first', async () => {
    const file = join(tempDir(), 'book', 'orders.json');
    const book = createOrderBook({ file });
    await book.record(update({ occurredAt: '2026-01-01T10:00:00.000Z' }));
    await book.record(update({ status: 'PAID', previousStatus: 'WAITING_PAYMENT', source: 'webhook', occurredAt: '2026-01-01T10:01:00.000Z' }));
    // a repeat of the same event is counted: the count is what the hook really did
    await book.record(update({ status: 'PAID', previousStatus: 'WAITING_PAYMENT', source: 'poll', occurredAt: '2026-01-01T10:01:00.000Z' }));
    // a late, older status does not move the payment back
    await book.record(update({ status: 'WAITING_PAYMENT', occurredAt: '2026-01-01T10:02:00.000Z' }));
    await book.record(update({ orderId: 'ord-2', paymentId: 'pay-2', method: 'CREDIT_CARD', status: 'PAID', amount: 9612, installments: 12, merchantRef: 'pedido-1', occurredAt: '2026-01-01T11:00:00.000Z' }));
    await book.record(update({ orderId: 'ord-2', paymentId: 'pay-3', status: 'PAID', duplicate: true, merchantRef: 'pedido-1', occurredAt: '2026-01-01T11:05:00.000Z' }));

    const [second, first] = book.list();
    assert.equal(second!.orderId, 'ord-2', 'newest first');
    assert.equal(first!.orderId, 'ord-1');
    assert.equal(first!.status, 'PAID');
    assert.equal(first!.paidEvents, 2);
    assert.equal(first!.merchantRef, 'loja-demo-1');
    assert.deepEqual(
      first!.payments.map(({ paymentId, method, status, amount }) => ({ paymentId, method, status, amount })),
      [{ paymentId: 'pay-1', method: 'PIX', status: 'PAID', amount: 4990 }],
    );
    assert.equal(second!.paidEvents, 2);
    assert.equal(second!.duplicate, true);
    assert.deepEqual(second!.payments.map((p) => [p.paymentId, p.duplicate]), [['pay-2', false], ['pay-3', true]]);
    assert.equal(second!.payments[0]!.amount, 9612);
    assert.equal(second!.updatedAt, '2026-01-01T11:05:00.000Z');
    await book.close();

    // on disk, complete, without a temp file left behind
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { orders: { orderId: string }[] };
    assert.deepEqual(saved.orders.map((o) => o.orderId), ['ord-2', 'ord-1']);
    assert.equal(existsSync(`${file}.tmp`), false);

    // a restart loads it back
    const again = createOrderBook({ file });
    assert.deepEqual(again.list(), book.list());
    await again.record(update({ orderId: 'ord-1', status: 'REFUNDED', previousStatus: 'PAID' }));
    assert.equal(again.list().find((o) => o.orderId === 'ord-1')!.payments[0]!.status, 'REFUNDED');
    await again.close();
  });

  it('serialises concurrent updates: every one of them is on disk', async () => {
    const file = join(tempDir(), 'orders.json');
    const book = createOrderBook({ file });
    await Promise.all(Array.from({ length: 30 }, (_, i) => book.record(update({ orderId: `ord-${i}`, paymentId: `pay-${i}`, status: 'PAID' }))));
    await book.close();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { orders: { paidEvents: number }[] };
    assert.equal(saved.orders.length, 30);
    assert.ok(saved.orders.every((o) => o.paidEvents === 1));
  });

  it('ignores a temp file left by a crash and keeps an unreadable book aside', () => {
    const dir = tempDir();
    const file = join(dir, 'orders.json');
    writeFileSync(`${file}.tmp`, '{"orders": [ half');
    writeFileSync(file, 'not json');
    const warnings: string[] = [];
    const book = createOrderBook({ file, warn: (m) => warnings.push(m) });
    assert.deepEqual(book.list(), []);
    assert.equal(existsSync(`${file}.tmp`), false);
    assert.equal(warnings.length, 1);
    assert.ok(readdirSync(dir).some((f) => f.startsWith('orders.json.unreadable-')));
  });

  it('a failed save undoes the update and rejects (the helper retries the delivery)', async () => {
    const dir = tempDir();
    const file = join(dir, 'orders.json');
    const book = createOrderBook({ file });
    await book.record(update({ status: 'WAITING_PAYMENT' }));
    // make the temp path unwritable: a directory in its place
    mkdirSync(`${file}.tmp`);
    await assert.rejects(book.record(update({ status: 'PAID' })));
    assert.equal(book.list()[0]!.paidEvents, 0);
    assert.equal(book.list()[0]!.status, 'WAITING_PAYMENT');
    rmSync(`${file}.tmp`, { recursive: true });
    await book.record(update({ status: 'PAID' }));
    assert.equal(book.list()[0]!.paidEvents, 1);
  });
});
