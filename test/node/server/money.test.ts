/**
 * Money under failure: the gateway is the record (restarts, lost stores, lost answers), one order
 * has one settled payment, the total shown is the total charged, and the merchant's server is told
 * once per status change. Real helper and sandbox servers on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createMemoryState, createTokenSigner } from '../../../src/server/index.js';
import type { CheckoutOptions, PaymentUpdate } from '../../../src/server/index.js';
import { API_KEY, CARD_APPROVED, CUSTOMER, TOKEN_SECRET, card, newKey, startHarness } from './harness.js';
import type { Harness } from './harness.js';
import { REDIS_SKIP, startRedis } from './redis-server.js';

const PIX = { method: 'PIX', customer: CUSTOMER };
const cardBody = (installments = 1) => ({ method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_APPROVED), installments });
const INSTALLMENTS = { interestFreeUpTo: 3, monthlyInterestRate: 0.0299, minInstallmentAmount: 400 };
const CART = { title: 'Pedido 77', items: [{ title: 'Camiseta', unitPrice: 4990, quantity: 1 }, { title: 'Caneca', unitPrice: 2990, quantity: 1 }], maxInstallments: 12, merchantRef: 'pedido-77' };

/** Runs `check` until it stops throwing (or rethrows its last failure after `timeoutMs`). */
async function eventually(check: () => Promise<void> | void, timeoutMs = 8_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A hook that records what it is told. */
function recorder() {
  const updates: PaymentUpdate[] = [];
  return { updates, onPaymentUpdate: (u: PaymentUpdate) => void updates.push(u) };
}

async function checkoutWithOrder(h: Harness, query = 'product=demo-product') {
  const cfg = await h.call<any>('GET', `/config?${query}`);
  assert.equal(cfg.status, 200, cfg.text);
  const order = await h.order(cfg.json.token);
  return { cfg: cfg.json, order };
}

describe('the gateway is the record: restarts and lost stores', () => {
  let sb: StartedSandbox;
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'bynet-money-'));
    dirs.push(d);
    return d;
  };
  before(async () => {
    sb = await startSandbox({ apiKey: API_KEY });
  });
  after(async () => {
    await sb.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('durable default: a PIX created before a restart is paid after it; the old token reads PAID; the hook says PAID once', async () => {
    const dataDir = tempDir();
    const hook1 = recorder();
    const a = await startHarness({ sb, helper: ({ webhookUrl }) => ({ dataDir, postbackUrl: webhookUrl, onPaymentUpdate: hook1.onPaymentUpdate }) });
    const { order } = await checkoutWithOrder(a);
    const created = await a.pay(order, PIX);
    assert.equal(created.status, 201, created.text);
    const id = created.json.payment.id;
    await a.helper.reconcile();
    assert.deepEqual(hook1.updates.map((u) => u.status), ['WAITING_PAYMENT']);
    await a.close(); // the deploy

    const hook2 = recorder();
    const b = await startHarness({ sb, helper: ({ webhookUrl }) => ({ dataDir, postbackUrl: webhookUrl, onPaymentUpdate: hook2.onPaymentUpdate }) });
    await b.helper.reconcile(); // registers b's webhook
    sb.sandbox.pay(id);
    await eventually(async () => {
      const r = await b.call<any>('GET', `/payments/${id}`, { token: order.token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.payment.status, 'PAID');
    });
    for (let i = 0; i < 5; i++) {
      await fetch(b.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'transaction', objectId: id, data: { id, status: 'paid' } }) });
    }
    await b.helper.idle();
    await b.helper.reconcile();
    const paid = [...hook1.updates, ...hook2.updates].filter((u) => u.status === 'PAID');
    assert.equal(paid.length, 1, JSON.stringify(paid));
    assert.equal(paid[0]!.eventId, `${id}:PAID`);
    assert.equal(paid[0]!.orderId, order.order.id);
    assert.equal(paid[0]!.amount, 4990);
    assert.equal(await b.helper.pendingUpdates(), 0);
    await b.close();
  });

  it('store lost (empty memory state): the old token still reads the payment, proven by the order id on the transaction', async () => {
    const a = await startHarness({ sb, helper: { state: createMemoryState() } });
    const { order } = await checkoutWithOrder(a);
    const other = await checkoutWithOrder(a);
    const created = await a.pay(order, PIX);
    assert.equal(created.status, 201, created.text);
    const id = created.json.payment.id;
    await a.close();

    const hook = recorder();
    const b = await startHarness({ sb, helper: { state: createMemoryState(), onPaymentUpdate: hook.onPaymentUpdate } });
    // another checkout's token cannot claim it, and costs one gateway read at most
    const denied = await b.call<any>('GET', `/payments/${id}`, { token: other.order.token });
    assert.equal(denied.status, 404);
    const r = await b.call<any>('GET', `/payments/${id}`, { token: order.token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.payment.status, 'WAITING_PAYMENT');
    assert.equal(r.json.payment.pix.code, created.json.payment.pix.code);
    sb.sandbox.pay(id);
    await eventually(async () => {
      const s = await b.call<any>('GET', `/payments/${id}`, { token: order.token });
      assert.equal(s.json.payment.status, 'PAID');
    });
    await b.helper.reconcile();
    assert.deepEqual(hook.updates.map((u) => [u.status, u.source]), [['WAITING_PAYMENT', 'recovered'], ['PAID', 'poll']]);
    await b.close();
  });

  it('a postback for a cart payment the helper does not hold is adopted (signed order id) and reported', async () => {
    const opts = (extra: Partial<CheckoutOptions>) => ({ state: createMemoryState(), resolveCart: () => CART, ...extra });
    const a = await startHarness({ sb, helper: opts({}) });
    const { order } = await checkoutWithOrder(a, 'cart=pedido-77');
    const created = await a.pay(order, PIX);
    assert.equal(created.status, 201, created.text);
    await a.close();
    const hook = recorder();
    const b = await startHarness({ sb, helper: ({ webhookUrl }) => opts({ postbackUrl: webhookUrl, onPaymentUpdate: hook.onPaymentUpdate }) });
    await b.helper.reconcile();
    sb.sandbox.pay(created.json.payment.id);
    await eventually(async () => {
      await b.helper.idle();
      assert.ok(hook.updates.some((u) => u.status === 'PAID'));
    });
    const paid = hook.updates.find((u) => u.status === 'PAID')!;
    assert.equal(paid.merchantRef, 'pedido-77');
    assert.equal(paid.source, 'webhook');
    await b.close();
  });

  it('background reconciliation records a paid PIX with no postback and no buyer polling', async () => {
    const hook = recorder();
    const h = await startHarness({ sb, helper: { state: createMemoryState(), onPaymentUpdate: hook.onPaymentUpdate, statusCacheMs: 0 } });
    const { order } = await checkoutWithOrder(h);
    const created = await h.pay(order, PIX);
    sb.sandbox.pay(created.json.payment.id);
    await h.helper.reconcile();
    assert.deepEqual(hook.updates.map((u) => [u.status, u.source]), [['WAITING_PAYMENT', 'created'], ['PAID', 'reconcile']]);
    await h.close();
  });

  it('registers its postback URL as a gateway webhook once', async () => {
    const h = await startHarness({ sb, helper: ({ webhookUrl }) => ({ state: createMemoryState(), postbackUrl: webhookUrl }) });
    await h.helper.reconcile();
    await h.helper.reconcile();
    const hooks = sb.sandbox.state.webhooks.filter((w) => w.url === h.webhookUrl);
    assert.equal(hooks.length, 1);
    assert.equal(hooks[0]!.type, 'TRANSACTION');
    await h.close();
  });
});

describe('an expired order token still reads its payments (a boleto is paid days later), and creates nothing', () => {
  it('GET /payments/:id and its stream answer; POST answers 401', async () => {
    const h = await startHarness({ helper: { state: createMemoryState() } });
    try {
      const { order } = await checkoutWithOrder(h);
      const created = await h.pay(order, PIX);
      const payload = JSON.parse(Buffer.from(order.token.split('.')[0], 'base64url').toString('utf8'));
      const old = createTokenSigner(TOKEN_SECRET, 60, () => Date.now() - 2 * 86_400_000).sign({ ...payload, jti: payload.jti });
      const read = await h.call<any>('GET', `/payments/${created.json.payment.id}`, { token: old });
      assert.equal(read.status, 200, read.text);
      const pay = await h.pay({ order: order.order, token: old }, PIX);
      assert.equal(pay.status, 401);
      const tooOld = createTokenSigner(TOKEN_SECRET, 60, () => Date.now() - 30 * 86_400_000).sign({ ...payload, jti: payload.jti });
      assert.equal((await h.call('GET', `/payments/${created.json.payment.id}`, { token: tooOld })).status, 401);
    } finally {
      await h.close();
    }
  });
});

describe('a lost create answer is reconciled, never charged twice', () => {
  let h: Harness;
  const hook = recorder();
  before(async () => {
    h = await startHarness({ helper: { state: createMemoryState(), onPaymentUpdate: hook.onPaymentUpdate } });
  });
  after(async () => {
    await h.close();
  });

  for (const [label, fault] of [
    ['502 after commit', { afterCommit: true, status: 502 }],
    ['connection reset after commit', { afterCommit: true, reset: true }],
  ] as const) {
    it(`card, ${label}: answers the payment the gateway holds; the retry replays it; one charge`, async () => {
      const { order } = await checkoutWithOrder(h);
      h.sb.sandbox.setFault({ route: 'POST /api/public/checkout/payment/*', times: 1, ...fault });
      const key = newKey();
      const first = await h.pay(order, cardBody(), key);
      assert.equal(first.status, 201, first.text);
      assert.equal(first.json.payment.status, 'PAID');
      const again = await h.pay(order, cardBody(), key);
      assert.equal(again.status, 201);
      assert.equal(again.json.payment.id, first.json.payment.id);
      const txs = h.sb.sandbox.state.transactions.filter((t) => JSON.parse(t.metadata ?? '{}').orderId === order.order.id);
      assert.equal(txs.length, 1);
      assert.equal(txs[0]!.status, 'PAID');
      // a new key on the paid order: 409 order_paid with the payment, no new charge
      const other = await h.pay(order, cardBody(), newKey());
      assert.equal(other.status, 409, other.text);
      assert.equal(other.json.error.code, 'order_paid');
      assert.equal(other.json.payment.id, first.json.payment.id);
      assert.equal(h.sb.sandbox.state.transactions.filter((t) => JSON.parse(t.metadata ?? '{}').orderId === order.order.id).length, 1);
    });
  }

  it('when the lookup itself fails, answers 502 and the retry looks again before creating', async () => {
    const { order } = await checkoutWithOrder(h);
    h.sb.sandbox.setFault({ route: 'POST /api/public/checkout/payment/*', times: 1, afterCommit: true, status: 502 });
    h.sb.sandbox.setFault({ route: 'GET /api/user/transactions', times: 3, status: 503 });
    const key = newKey();
    const first = await h.pay(order, PIX, key);
    assert.equal(first.status, 502, first.text);
    assert.equal(first.json.error.code, 'upstream_error');
    const creates = h.gatewayCalls('POST', `/api/public/checkout/payment/${order.order.id}`);
    const retry = await h.pay(order, PIX, key);
    assert.equal(retry.status, 201, retry.text);
    assert.equal(h.gatewayCalls('POST', `/api/public/checkout/payment/${order.order.id}`), creates, 'no second create');
    assert.equal(h.sb.sandbox.state.transactions.filter((t) => JSON.parse(t.metadata ?? '{}').orderId === order.order.id).length, 1);
  });
});

describe('one order, one settled payment; duplicates reported and refunded on request', () => {
  let h: Harness;
  const hook = recorder();
  before(async () => {
    h = await startHarness({ helper: { state: createMemoryState(), onPaymentUpdate: hook.onPaymentUpdate, refundDuplicates: true, statusCacheMs: 0 } });
  });
  after(async () => {
    await h.close();
  });

  it('after a PAID card, a PIX answers 409 order_paid; a sibling PIX paid late is a duplicate and is refunded', async () => {
    const { order } = await checkoutWithOrder(h);
    const pix = await h.pay(order, PIX);
    assert.equal(pix.status, 201);
    const paid = await h.pay(order, cardBody());
    assert.equal(paid.status, 201, paid.text);
    assert.equal(paid.json.payment.status, 'PAID');
    const again = await h.pay(order, PIX);
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'order_paid');
    assert.equal(again.json.payment.id, paid.json.payment.id);
    // the PIX a second tab still shows is not offered any more: its read names the card that paid
    const stale = await h.call<any>('GET', `/payments/${pix.json.payment.id}`, { token: order.token });
    assert.equal(stale.status, 409, stale.text);
    assert.equal(stale.json.error.code, 'order_paid');
    assert.equal(stale.json.payment.id, paid.json.payment.id);
    const staleStream = await h.call<any>('GET', `/payments/${pix.json.payment.id}/events`, { token: order.token });
    assert.equal(staleStream.status, 409);

    h.sb.sandbox.pay(pix.json.payment.id); // the buyer paid the old code anyway
    await eventually(async () => {
      await h.helper.reconcile();
      const dup = hook.updates.find((u) => u.paymentId === pix.json.payment.id && u.status === 'PAID');
      assert.ok(dup, 'the late PIX is reported');
      assert.equal(dup.duplicate, true);
    });
    const first = hook.updates.find((u) => u.paymentId === paid.json.payment.id && u.status === 'PAID')!;
    assert.equal(first.duplicate, false);
    await eventually(async () => {
      await h.helper.idle();
      const tx = h.sb.sandbox.state.transactions.find((t) => t.id === pix.json.payment.id)!;
      assert.equal(tx.status, 'REFUNDED');
    });
    assert.ok(h.logs.some((l) => l.includes('"payment.duplicate_refunded"')));
    // the order's payment stays the card, the first to settle
    const after = await h.pay(order, PIX);
    assert.equal(after.json.payment.id, paid.json.payment.id);
  });
});

describe('shown = charged', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ helper: { state: createMemoryState(), installments: INSTALLMENTS, resolveCart: () => CART } });
  });
  after(async () => {
    await h.close();
  });

  it('cart 12x with interest: the gateway is asked to charge the plan total, and the payment says so', async () => {
    const { cfg, order } = await checkoutWithOrder(h, 'cart=pedido-77');
    const plan = cfg.checkout.installments.find((p: any) => p.count === 12);
    assert.ok(plan?.interest, 'the 12x plan carries interest');
    assert.ok(plan.total > cfg.checkout.amount);
    const r = await h.pay(order, cardBody(12));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.payment.amount, plan.total);
    assert.equal(r.json.payment.installments, 12);
    const tx = h.sb.sandbox.state.transactions.find((t) => t.id === r.json.payment.id)!;
    assert.equal(tx.amount, plan.total);
  });

  it('product link: only the plans the gateway charges exactly (no interest) are offered, and other counts are refused', async () => {
    const { cfg, order } = await checkoutWithOrder(h);
    assert.ok(cfg.checkout.installments.length > 0);
    for (const p of cfg.checkout.installments) {
      assert.equal(p.interest, false);
      assert.equal(p.total, cfg.checkout.amount);
    }
    const r = await h.pay(order, cardBody(12));
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].path, 'installments');
    const ok = await h.pay(order, cardBody(3));
    assert.equal(ok.status, 201, ok.text);
    const tx = h.sb.sandbox.state.transactions.find((t) => t.id === ok.json.payment.id)!;
    assert.equal(tx.amount, ok.json.payment.amount);
    assert.equal(tx.amount, cfg.checkout.amount);
  });
});

describe('the hook is retried until it succeeds, and survives a restart of the helper', () => {
  it('a throwing hook is retried; a restart with undelivered events delivers them; nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bynet-hook-'));
    try {
      let failures = 2;
      const seen: string[] = [];
      const flaky = (u: PaymentUpdate) => {
        if (failures-- > 0) throw new Error('shop database is down');
        seen.push(u.eventId);
      };
      const sb = await startSandbox({ apiKey: API_KEY });
      const a = await startHarness({ sb, helper: { dataDir, onPaymentUpdate: flaky } });
      const { order } = await checkoutWithOrder(a);
      const created = await a.pay(order, PIX);
      await a.helper.idle();
      assert.ok(a.logs.some((l) => l.includes('"hook.failed"')));
      assert.equal(await a.helper.pendingUpdates(), 1);
      await a.close();
      // a new process on the same data: the queued event is delivered (after its backoff)
      const delivered: string[] = [];
      const b = await startHarness({ sb, helper: { dataDir, onPaymentUpdate: (u) => void delivered.push(u.eventId) } });
      await eventually(async () => {
        await b.helper.reconcile();
        assert.deepEqual(delivered, [`${created.json.payment.id}:WAITING_PAYMENT`]);
      }, 15_000);
      await b.helper.reconcile();
      assert.equal(delivered.length, 1);
      assert.equal(await b.helper.pendingUpdates(), 0);
      await b.close();
      await sb.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Redis store: redis-server killed with SIGKILL right after PAID', { skip: REDIS_SKIP }, () => {
  for (const aof of [true, false]) {
    it(aof ? 'with AOF (appendfsync always): nothing is lost, the hook said PAID once' : 'without persistence: the payment is rebuilt from the gateway; the PAID event keeps its id', async () => {
      const first = await startRedis({ aof });
      let redis = first;
      const hook = recorder();
      const h = await startHarness({ helper: { redis: redis.client(), onPaymentUpdate: hook.onPaymentUpdate, statusCacheMs: 0 } });
      try {
        const { order } = await checkoutWithOrder(h);
        const created = await h.pay(order, PIX);
        assert.equal(created.status, 201, created.text);
        const id = created.json.payment.id;
        h.sb.sandbox.pay(id);
        await eventually(async () => {
          const r = await h.call<any>('GET', `/payments/${id}`, { token: order.token });
          assert.equal(r.json.payment.status, 'PAID');
        });
        await h.helper.reconcile();
        assert.equal(hook.updates.filter((u) => u.status === 'PAID').length, 1);

        await redis.crash();
        // while Redis is down: a clear 502 (the bound on its delay is measured in redis-stores.test.ts)
        const down = await h.call<any>('GET', `/payments/${id}`, { token: order.token });
        assert.equal(down.status, 502, down.text);
        assert.match(down.json.error.message, /temporarily unavailable/);
        redis = await startRedis({ aof, port: redis.port, dir: redis.dir });

        await eventually(async () => {
          const r = await h.call<any>('GET', `/payments/${id}`, { token: order.token });
          assert.equal(r.status, 200, r.text);
          assert.equal(r.json.payment.status, 'PAID');
        }, 15_000);
        await h.helper.reconcile();
        const paid = hook.updates.filter((u) => u.status === 'PAID');
        if (aof) assert.equal(paid.length, 1, JSON.stringify(paid));
        else assert.ok(paid.every((u) => u.eventId === `${id}:PAID`), 'a re-delivery after losing the store carries the same eventId');
        assert.equal(h.sb.sandbox.state.transactions.filter((t) => t.id === id).length, 1);
      } finally {
        await h.close();
        await redis.stop();
        await first.stop(); // its client (the helper's) reconnected to the restarted server
      }
    });
  }
});
