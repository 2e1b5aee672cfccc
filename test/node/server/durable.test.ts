/**
 * The durable (LMDB) state: the store contract (also run on the memory state), expiry on a fake
 * clock, claims released on reopen, nothing but the helper's fields on disk, the native module
 * loaded only on use, and a real `kill -9` of a child process that was writing.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { createDurableState, createMemoryState } from '../../../src/server/index.js';
import type { OrderRecord, PaymentRecord } from '../../../src/server/index.js';
import { orderRecord, paymentRecord, paymentUpdate, stateContract } from './state-contract.js';

const DAY = 86_400_000;
const dirs: string[] = [];
/** A fresh temporary directory, removed after the file's tests. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bynet-durable-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('memory state: store contract', () => {
  stateContract(async () => createMemoryState());
});

describe('durable state: store contract', () => {
  stateContract(async () => createDurableState({ path: tempDir() }));
});

describe('durable state', () => {
  it('is kind "durable" and loads the lmdb native module only once a store is used', () => {
    const probe = `
      const loaded = () => process.report.getReport().sharedObjects.some((f) => /lmdb/i.test(f));
      const { createDurableState } = await import('./src/server/index.ts');
      const state = createDurableState({ path: process.argv[1] });
      const before = loaded();
      await state.payments.get('x');
      console.log(JSON.stringify({ kind: state.kind, before, after: loaded() }));
      await state.close();`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', probe, tempDir()], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { kind: 'durable', before: false, after: true });
  });

  it('expires payments and orders after paymentTtlMs, idempotency records after their ttl, outbox ids after 30 days', async () => {
    let t = Date.UTC(2030, 0, 1);
    const path = tempDir();
    const state = createDurableState({ path, now: () => t, paymentTtlMs: 10 * DAY, idempotencyLockMs: 1_000 });
    await state.payments.put(paymentRecord('p-1', 'ord-1'));
    await state.orders.put(orderRecord('ord-1'));
    t += 5 * DAY;
    await state.payments.put(paymentRecord('p-1', 'ord-1', 'PROCESSING')); // an update keeps the creation time
    await state.orders.put({ ...orderRecord('ord-1'), amount: 5000 });
    await state.payments.put(paymentRecord('p-2', 'ord-1'));
    t += 5 * DAY; // p-1 and ord-1 are 10 days old, p-2 5 days
    assert.equal(await state.payments.get('p-1'), undefined);
    assert.equal(await state.orders.get('ord-1'), undefined);
    assert.deepEqual((await state.payments.listByOrder('ord-1')).map((r) => r.payment.id), ['p-2']);
    assert.deepEqual((await state.payments.listOpen(10)).map((r) => r.payment.id), ['p-2']);
    await state.payments.put(paymentRecord('p-1', 'ord-1')); // an expired id is a new record again
    assert.deepEqual((await state.payments.listByOrder('ord-1')).map((r) => r.payment.id), ['p-2', 'p-1']);

    const response = { status: 201, headers: {}, body: 'ok' };
    assert.deepEqual(await state.idempotency.begin('k', 'fp', 60_000), { state: 'new' });
    t += 1_001; // an abandoned claim lapses
    assert.deepEqual(await state.idempotency.begin('k', 'fp2', 60_000), { state: 'new' });
    await state.idempotency.complete('k', response);
    t += 59_999;
    assert.deepEqual(await state.idempotency.begin('k', 'fp2', 60_000), { state: 'done', response });
    t += 1;
    assert.deepEqual(await state.idempotency.begin('k', 'fp3', 60_000), { state: 'new' }, 'retention over');

    const u = paymentUpdate('p-9', 'PAID');
    assert.equal(await state.outbox.add(u, t), true);
    await state.outbox.ack(u.eventId);
    assert.equal(await state.outbox.add(u, t + 30 * DAY - 1), false);
    assert.equal(await state.outbox.add(u, t + 30 * DAY), true, 'forgotten after 30 days');
    await state.close();

    // the sweep at open deletes what expired, index entries included
    t += 40 * DAY;
    const reopened = createDurableState({ path, now: () => t, paymentTtlMs: 10 * DAY });
    assert.equal(await reopened.payments.get('p-2'), undefined);
    await reopened.close();
    const { open } = await import('lmdb');
    const root = open({ path });
    const counts = Object.fromEntries(
      ['idem', 'idem-claims', 'payments', 'payments-by-order', 'payments-open', 'orders', 'outbox-seen', 'expiry'].map((name) => [
        name,
        root.openDB(name, { encoding: 'json' }).getCount(),
      ]),
    );
    await root.close();
    assert.deepEqual(counts, { idem: 0, 'idem-claims': 0, payments: 0, 'payments-by-order': 0, 'payments-open': 0, orders: 0, 'outbox-seen': 1, expiry: 1 });
  });

  it('keeps completed records across a reopen and releases the claims left in flight', async () => {
    const path = tempDir();
    const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{}' };
    const first = createDurableState({ path });
    assert.deepEqual(await first.idempotency.begin('held', 'fp', 60_000), { state: 'new' });
    assert.deepEqual(await first.idempotency.begin('done', 'fp', 60_000), { state: 'new' });
    await first.idempotency.complete('done', response);
    await first.close();
    await assert.rejects(first.payments.get('x'), (e: unknown) => e instanceof Error && e.name === 'StateUnavailableError', 'closed');

    const second = createDurableState({ path });
    assert.deepEqual(await second.idempotency.begin('held', 'fp', 60_000), { state: 'new' }, 'released, not in_flight for a minute');
    assert.deepEqual(await second.idempotency.begin('done', 'fp', 60_000), { state: 'done', response });
    await second.close();
  });

  it('commit: the order records and the completed answer are stored together and kept across a reopen', async () => {
    const path = tempDir();
    const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"order":1}' };
    const first = createDurableState({ path });
    assert.deepEqual(await first.idempotency.begin('k', 'fp', 60_000), { state: 'new' });
    await first.commit!({ orders: [orderRecord('ord-1'), orderRecord('ord-2')] }, { key: 'k', response });
    assert.deepEqual(await first.idempotency.begin('k', 'fp', 60_000), { state: 'done', response }, 'claim released, answer stored');
    assert.deepEqual(await first.orders.get('ord-1'), orderRecord('ord-1'));
    // no claim held (it lapsed, or another request ended it): the records only
    await first.commit!({ orders: [orderRecord('ord-3')] }, { key: 'unclaimed', response });
    assert.deepEqual(await first.idempotency.begin('unclaimed', 'fp', 60_000), { state: 'new' });
    await first.close();

    const second = createDurableState({ path });
    assert.deepEqual(await second.idempotency.begin('k', 'fp', 60_000), { state: 'done', response });
    for (const id of ['ord-1', 'ord-2', 'ord-3']) assert.deepEqual(await second.orders.get(id), orderRecord(id));
    await second.close();
  });

  it('writes only the helper\'s own fields: stray card data never reaches the disk', async () => {
    const path = tempDir();
    const state = createDurableState({ path });
    const card = { number: '4111111111111111', cvv: '739' };
    await state.payments.put({ ...paymentRecord('p-1', 'ord-1'), card } as unknown as PaymentRecord);
    await state.orders.put({ ...orderRecord('ord-1'), card } as unknown as OrderRecord);
    assert.deepEqual(await state.payments.get('p-1'), paymentRecord('p-1', 'ord-1'));
    assert.deepEqual(await state.orders.get('ord-1'), orderRecord('ord-1'));
    await state.close();
    for (const file of readdirSync(path)) {
      const bytes = readFileSync(join(path, file)).toString('latin1');
      assert.ok(!bytes.includes('4111111111111111') && !bytes.includes('"cvv"'), `card data in ${file}`);
    }
  });

  it('survives kill -9: every acknowledged write is there after a reopen, the in-flight claim is released', async () => {
    const path = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'durable-crash.ts'), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let written = false;
    let lastAck = -1;
    for await (const line of createInterface({ input: child.stdout })) {
      if (line === 'written') written = true;
      const ack = /^ack (\d+)$/.exec(line);
      if (ack) lastAck = Number(ack[1]);
      if (lastAck >= 20) {
        child.kill('SIGKILL'); // mid-stream: the loop is writing the next payment
        break;
      }
    }
    assert.equal(await exited, 'SIGKILL', stderr);
    assert.ok(written, stderr);

    const state = createDurableState({ path });
    try {
      assert.deepEqual(await state.payments.get('pay-1'), paymentRecord('pay-1', 'ord-1'));
      assert.deepEqual(await state.orders.get('ord-1'), orderRecord('ord-1'));
      const u = paymentUpdate('pay-1', 'PAID');
      assert.deepEqual(await state.outbox.due(1_000, 10), [{ eventId: u.eventId, update: u, attempts: 0, nextAt: 1_000 }]);
      assert.equal(await state.outbox.add(u, 2_000), false, 'still remembered');
      assert.deepEqual(await state.idempotency.begin('done-key', 'fp', 3_600_000), {
        state: 'done',
        response: { status: 201, headers: {}, body: '{"ok":true}' },
      });
      assert.deepEqual(await state.idempotency.begin('held-key', 'fp', 3_600_000), { state: 'new' }, 'claim of the dead process released');
      const loop = (await state.payments.listByOrder('ord-loop')).map((r) => r.payment.id);
      for (let n = 0; n <= lastAck; n++) assert.equal(loop[n], `loop-${n}`, `acknowledged write ${n} survived`);
      assert.ok(loop.length <= lastAck + 2, 'nothing beyond the write in progress');
      const open = (await state.payments.listOpen(1_000)).map((r) => r.payment.id);
      assert.deepEqual(open.sort(), ['pay-1', ...loop].sort(), 'the open index matches the records');
    } finally {
      await state.close();
    }
  });
});
