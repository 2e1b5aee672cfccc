/**
 * Acceptance (c): the demo cart (resolveCart) in 12 installments with interest: the gateway charges
 * exactly the total the checkout showed. And the product flow only offers plans the gateway
 * charges exactly (its product checkout charges the product price, whatever the installments).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOMER, Shopper, card, diag, eventually, killAll, startShop } from './support.js';
import type { DemoProc, SandboxProc } from './support.js';

describe('demo cart checkout with installments', { timeout: 180_000 }, () => {
  let sandbox: SandboxProc;
  let demo: DemoProc;
  let shop: Shopper;

  before(async () => {
    ({ sandbox, demo, shop } = await startShop());
  });
  after(async () => {
    await killAll();
  });

  it('cart 12x by card: the gateway stores the amount of the 12x option total; the order book shows it', { timeout: 90_000 }, async () => {
    const cfg = await shop.config({ cart: 'demo-cart' });
    assert.equal(cfg.checkout.kind, 'cart');
    assert.equal(cfg.checkout.amount, 4990 + 2990);
    assert.equal(cfg.checkout.items.length, 2);
    assert.deepEqual(cfg.checkout.methods, ['PIX', 'BOLETO', 'CREDIT_CARD']);
    const twelve = cfg.checkout.installments.find((p: any) => p.count === 12);
    assert.ok(twelve, `a 12x option: ${JSON.stringify(cfg.checkout.installments)}`);
    assert.equal(twelve.interest, true);
    assert.ok(twelve.total > cfg.checkout.amount);
    // interest-free up to 3x
    assert.equal(cfg.checkout.installments.find((p: any) => p.count === 3)?.interest, false);

    const { order, token } = await shop.order(cfg.token);
    const res = await shop.pay(order.id, token, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(), installments: 12 });
    assert.equal(res.status, 201, `${res.text}\n${diag(demo, sandbox)}`);
    const payment = res.json.payment;
    assert.equal(payment.status, 'PAID');
    assert.equal(payment.installments, 12);

    const tx = await sandbox.gateway(`/api/user/transactions/${encodeURIComponent(payment.id)}`);
    assert.equal(tx.amount, twelve.total, 'the gateway charges the 12x total shown at checkout');
    assert.equal(tx.installments, 12);

    const entry = await eventually('the order book to show the cart order PAID', async () => {
      const e = await shop.orderEntry(order.id);
      return e?.status === 'PAID' ? e : undefined;
    }).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo, sandbox)}`));
    assert.equal(entry.paidEvents, 1);
    assert.match(String(entry.merchantRef), /^pedido-/, 'cart checkouts carry the shop order reference');
    assert.equal(entry.payments[0].amount, twelve.total);
    assert.equal(entry.payments[0].method, 'CREDIT_CARD');
  });

  it('product flow: only plans the gateway charges exactly are offered', async () => {
    const cfg = await shop.config({ product: 'demo-product' });
    assert.equal(cfg.checkout.amount, 4990);
    assert.ok(cfg.checkout.installments.length >= 1);
    for (const p of cfg.checkout.installments) {
      assert.equal(p.total, cfg.checkout.amount, `plan ${p.count}x totals ${p.total}, the gateway would charge ${cfg.checkout.amount}`);
      assert.equal(p.interest, false);
    }
  });
});
