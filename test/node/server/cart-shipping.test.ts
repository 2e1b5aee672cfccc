/**
 * Cart mode complete (physical goods, shipping fee, the PIX lifetime /config states) and product
 * mode with a quantity the merchant allows (server-side price times n, field errors, idempotency).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigResponseSchema } from '../../../src/contract/helper.js';
import { createMemoryState } from '../../../src/server/index.js';
import { ADDRESS, CARD_APPROVED, CUSTOMER, card, newKey, startHarness } from './harness.js';
import type { Harness } from './harness.js';

describe('cart mode: tangible goods, shipping fee, PIX lifetime', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      helper: {
        state: createMemoryState(),
        pixExpiresInSeconds: 900,
        resolveCart: (ref) =>
          ref === 'box-1'
            ? {
                items: [
                  { title: 'Caneca', unitPrice: 1500, quantity: 2, tangible: true },
                  { title: 'E-book', unitPrice: 990, quantity: 1 },
                ],
                shippingFee: 1290,
              }
            : ref === 'bad-fee'
              ? { items: [{ title: 'X', unitPrice: 100, quantity: 1 }], shippingFee: 1.5 }
              : null,
      },
    });
  });
  after(() => h.close());

  it('/config carries the items with tangible and the shipping fee, included in the amount', async () => {
    const r = await h.call<any>('GET', '/config?cart=box-1');
    assert.equal(r.status, 200, r.text);
    const cfg = ConfigResponseSchema.parse(r.json);
    assert.equal(cfg.checkout.amount, 1500 * 2 + 990 + 1290);
    assert.equal(cfg.checkout.shippingFee, 1290);
    assert.deepEqual(
      cfg.checkout.items.map((i) => i.tangible),
      [true, undefined],
    );
    assert.equal(cfg.checkout.pixExpiresInSeconds, 900);
  });

  it('the gateway gets tangible items, shipping.fee with the address, and the amount with shipping', async () => {
    const cfg = (await h.call<any>('GET', '/config?cart=box-1')).json;
    const order = await h.order(cfg.token);
    const res = await h.pay(order, { method: 'BOLETO', customer: CUSTOMER, address: ADDRESS });
    assert.equal(res.status, 201, res.text);
    const tx = h.sb.sandbox.state.transactions.find((t) => t.id === res.json.payment.id)!;
    assert.equal(tx.amount, 5280);
    assert.deepEqual(
      tx.items.map((i) => [i.title, i.quantity, i.tangible]),
      [
        ['Caneca', 2, true],
        ['E-book', 1, false],
      ],
    );
    assert.equal(tx.shipping?.fee, 1290);
    assert.equal(tx.shipping?.address?.zipCode, ADDRESS.zipCode);
  });

  it('a PIX lives as long as /config says (900 s), not the gateway\'s whole day', async () => {
    const cfg = (await h.call<any>('GET', '/config?cart=box-1')).json;
    const order = await h.order(cfg.token);
    const before = Date.now();
    const res = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(res.status, 201, res.text);
    const tx = h.sb.sandbox.state.transactions.find((t) => t.id === res.json.payment.id)!;
    // the gateway takes whole days only
    assert.ok(Date.parse(tx.pix!.expirationDate!) - before > 3_600_000, 'the gateway PIX lives longer');
    const lifetime = Date.parse(res.json.payment.pix.expiresAt) - before;
    assert.ok(lifetime > 890_000 && lifetime <= 905_000, `payment lifetime ${lifetime} ms`);
    const again = await h.call<any>('GET', `/payments/${res.json.payment.id}`, { token: order.token });
    assert.equal(again.json.payment.pix.expiresAt, res.json.payment.pix.expiresAt);
  });

  it('an invalid shippingFee from the resolver is a 500 that names nothing to the buyer, logged for the merchant', async () => {
    const r = await h.call<any>('GET', '/config?cart=bad-fee');
    assert.equal(r.status, 500);
    assert.equal(r.json.error.code, 'internal_error');
    assert.ok(h.logs.some((l) => l.includes('shippingFee')));
  });
});

describe('product mode with a quantity', () => {
  let h: Harness;
  let plain: Harness;
  before(async () => {
    h = await startHarness({ helper: { state: createMemoryState(), maxQuantity: (p) => (p === 'demo-product' ? 5 : undefined) } });
    plain = await startHarness({ helper: { state: createMemoryState() }, sb: h.sb });
  });
  after(async () => {
    await plain.close();
    await h.close();
  });

  it('/config offers { max }; the order amount is price x n, computed on the server; the gateway is charged that', async () => {
    const cfg = (await h.call<any>('GET', '/config?product=demo-product')).json;
    assert.deepEqual(cfg.checkout.quantity, { max: 5 });
    const unit = cfg.checkout.amount;
    const r = await h.call<any>('POST', '/orders', { token: cfg.token, key: newKey(), body: { quantity: 3 } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.order.amount, unit * 3);
    const res = await h.pay(r.json, { method: 'PIX', customer: CUSTOMER });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.payment.amount, unit * 3);
    const tx = h.sb.sandbox.state.transactions.find((t) => t.id === res.json.payment.id)!;
    assert.equal(tx.amount, unit * 3);
    assert.equal(tx.items[0]!.quantity, 3);
    assert.equal(tx.items[0]!.unitPrice, unit);
  });

  it('quantity 1 keeps the product-link flow; n > max and n < 1 are field errors', async () => {
    const cfg = (await h.call<any>('GET', '/config?product=demo-product')).json;
    for (const q of [6, 0, -1, 2.5]) {
      const r = await h.call<any>('POST', '/orders', { token: cfg.token, key: newKey(), body: { quantity: q } });
      assert.equal(r.status, 400, String(q));
      assert.equal(r.json.error.code, 'invalid_request');
      assert.ok(r.json.error.fields.some((f: { path: string }) => f.path === 'quantity'), r.text);
    }
    const before = h.gatewayCalls('POST', '/api/public/checkout/create-order/');
    const one = await h.call<any>('POST', '/orders', { token: cfg.token, key: newKey(), body: { quantity: 1 } });
    assert.equal(one.status, 201, one.text);
    assert.equal(one.json.order.amount, cfg.checkout.amount);
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order/'), before + 1);
  });

  it('idempotency holds: the same key and quantity replay one order; another quantity with that key is 422', async () => {
    const cfg = (await h.call<any>('GET', '/config?product=demo-product')).json;
    const key = newKey();
    const a = await h.call<any>('POST', '/orders', { token: cfg.token, key, body: { quantity: 2 } });
    const b = await h.call<any>('POST', '/orders', { token: cfg.token, key, body: { quantity: 2 } });
    assert.equal(a.status, 201);
    assert.equal(b.json.order.id, a.json.order.id);
    assert.equal(b.headers.get('idempotency-replayed'), 'true');
    const c = await h.call<any>('POST', '/orders', { token: cfg.token, key, body: { quantity: 4 } });
    assert.equal(c.status, 422);
    // an order token cannot multiply again
    const again = await h.call<any>('POST', '/orders', { token: a.json.token, key: newKey(), body: {} });
    assert.equal(again.status, 401);
  });

  it('money guarantees hold for a quantity order: a card create whose answer was lost is answered once, charged once; the paid order refuses another payment', async () => {
    const cfg = (await h.call<any>('GET', '/config?product=demo-product')).json;
    const order = (await h.call<any>('POST', '/orders', { token: cfg.token, key: newKey(), body: { quantity: 2 } })).json;
    h.sb.sandbox.setFault({ route: 'POST /api/user/transactions', times: 1, afterCommit: true, reset: true });
    const key = newKey();
    const body = { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_APPROVED), installments: 1 };
    const first = await h.pay(order, body, key);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.payment.status, 'PAID');
    assert.equal(first.json.payment.amount, cfg.checkout.amount * 2);
    const again = await h.pay(order, body, key);
    assert.equal(again.json.payment.id, first.json.payment.id);
    const txs = h.sb.sandbox.state.transactions.filter((t) => JSON.parse(t.metadata ?? '{}').orderId === order.order.id);
    assert.equal(txs.length, 1, 'one charge');
    const other = await h.pay(order, { method: 'PIX', customer: CUSTOMER }, newKey());
    assert.equal(other.status, 409);
    assert.equal(other.json.error.code, 'order_paid');
  });

  it('without maxQuantity no quantity is taken (the body stays strictly empty) and /config offers none', async () => {
    const cfg = (await plain.call<any>('GET', '/config?product=demo-product')).json;
    assert.equal(cfg.checkout.quantity, undefined);
    const r = await plain.call<any>('POST', '/orders', { token: cfg.token, key: newKey(), body: { quantity: 2 } });
    assert.equal(r.status, 400);
    assert.ok(r.json.error.fields.some((f: { path: string }) => f.path === 'quantity'));
    const amount = await plain.call<any>('POST', '/orders', { token: cfg.token, key: newKey(), body: { amount: 1 } });
    assert.equal(amount.status, 400);
  });
});
