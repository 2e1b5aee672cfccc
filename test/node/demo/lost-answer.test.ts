/**
 * Acceptance (b): the gateway charges a card and the answer is lost (a 502 after the charge, or a
 * dropped connection). Retrying with the same Idempotency-Key returns the payment the gateway
 * holds; the gateway holds exactly one transaction for the order; the order is paid once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { CUSTOMER, GATEWAY_UA, SANDBOX_KEY, Shopper, card, diag, eventually, freePort, killAll, sleep, startDemoProcess, startSandboxProcess, tempDir } from './support.js';
import type { DemoProc, SandboxProc } from './support.js';

const PAYMENT_ROUTE = 'POST /api/public/checkout/payment/*';

/** Pays by card with the answer lost, retries with the same key, and checks the outcome. */
async function lostAnswerScenario(shop: Shopper, procs: { demo: DemoProc; sandbox?: SandboxProc }, fault: (spec: object) => Promise<void>, transactionsOf: (orderId: string) => Promise<any[]>) {
  const cfg = await shop.config({ product: 'demo-product' });
  const { order, token } = await shop.order(cfg.token);
  await fault({ route: PAYMENT_ROUTE, afterCommit: true, times: 1 });

  const key = randomUUID();
  const body = { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(), installments: 1 };
  const first = await shop.pay(order.id, token, body, key).catch((e: Error) => ({ status: 0, json: undefined, text: e.message }));
  // either an error the widget retries, or the payment the helper found at the gateway
  if (first.status >= 200 && first.status < 300) {
    assert.equal(first.json.payment.status, 'PAID', first.text);
  } else {
    assert.ok(first.status === 0 || first.status >= 500, `first attempt: ${first.status} ${first.text}`);
  }

  const retry = await eventually(
    'the retry with the same Idempotency-Key to answer the payment',
    async () => {
      const r = await shop.pay(order.id, token, body, key);
      if (r.status === 409 && r.json?.error?.code === 'idempotency_in_flight') return undefined;
      return r;
    },
    20_000,
    500,
  );
  assert.ok(retry.status === 200 || retry.status === 201, `retry: ${retry.status} ${retry.text}\n${diag(procs.demo, procs.sandbox)}`);
  assert.equal(retry.json.payment.status, 'PAID');
  assert.equal(retry.json.payment.orderId, order.id);
  if (first.status >= 200 && first.status < 300) assert.equal(retry.json.payment.id, first.json.payment.id);

  const txs = await transactionsOf(order.id);
  assert.equal(txs.length, 1, `the gateway holds ${txs.length} transactions for the order: ${JSON.stringify(txs.map((t) => [t.id, t.status]))}`);
  assert.equal(txs[0].id, retry.json.payment.id);
  assert.equal(txs[0].status, 'PAID');

  const entry = await eventually('the order book to show the order PAID', async () => {
    const e = await shop.orderEntry(order.id);
    return e?.status === 'PAID' ? e : undefined;
  }).catch((e: Error) => assert.fail(`${e.message}\n${diag(procs.demo, procs.sandbox)}`));
  await sleep(1_500);
  const settled = await shop.orderEntry(order.id);
  assert.equal(settled.paidEvents, 1, JSON.stringify(settled));
  assert.equal(entry.payments.length, 1, JSON.stringify(entry));
  assert.equal(entry.payments[0].paymentId, retry.json.payment.id);
}

describe('lost gateway answers on a card payment', { timeout: 240_000 }, () => {
  after(async () => {
    await killAll();
  });

  it('external sandbox: 502 after the charge; the retry returns the PAID payment, one transaction, paid once', { timeout: 120_000 }, async () => {
    const sandbox = await startSandboxProcess();
    const demo = await startDemoProcess({ port: await freePort(), dataDir: tempDir(), sandboxUrl: sandbox.url });
    const shop = new Shopper(demo.origin);
    await lostAnswerScenario(
      shop,
      { demo, sandbox },
      (spec) => sandbox.control('POST', 'faults', { ...spec, status: 502 }),
      (orderId) => sandbox.transactionsOfOrder(orderId),
    );
  });

  it('embedded sandbox: the connection is dropped after the charge (reset); same outcome', { timeout: 120_000 }, async () => {
    const demo = await startDemoProcess({ port: await freePort(), dataDir: tempDir() });
    const shop = new Shopper(demo.origin);
    const control = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${demo.origin}/sandbox/__sandbox/${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const text = await res.text();
      assert.ok(res.ok, `control ${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    };
    await lostAnswerScenario(
      shop,
      { demo },
      (spec) => control('POST', 'faults', { ...spec, reset: true }),
      async (orderId) => {
        const res = await fetch(`${demo.origin}/sandbox/api/user/transactions?limit=100`, {
          headers: { 'x-api-key': SANDBOX_KEY, 'user-agent': GATEWAY_UA },
        });
        // [DOC] Transactions Find All: `data` is a plain array
        const list = ((await res.json()) as any).data;
        return (list as any[]).filter((tx) => tx.externalRef === orderId || (typeof tx.metadata === 'string' && tx.metadata.includes(orderId)));
      },
    );
    // the drop really happened at the gateway (the call was applied, its answer never written)
    const { calls } = await control('GET', 'calls');
    const creates = (calls as any[]).filter((c) => c.method === 'POST' && c.path.startsWith('/api/public/checkout/payment/'));
    assert.ok(creates.length >= 1);
  });
});
