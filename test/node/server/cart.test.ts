/** Cart strategy: the merchant prices the cart, the helper issues order ids, payments are direct transactions. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigResponseSchema, PaymentResponseSchema } from '../../../src/contract/helper.js';
import { parsePixCode } from '../../../src/brazil/pix.js';
import { ADDRESS, CARD_APPROVED, CUSTOMER, assertNoSecrets, card, eventually, newKey, startHarness } from './harness.js';
import type { Harness } from './harness.js';

const CARTS: Record<string, { items: { title: string; unitPrice: number; quantity: number }[] }> = {
  'cart-1': {
    items: [
      { title: 'Caneca', unitPrice: 1500, quantity: 2 },
      { title: 'Adesivo', unitPrice: 990, quantity: 1 },
    ],
  },
};

describe('cart strategy', () => {
  let h: Harness;
  const seenRequests: string[] = [];
  before(async () => {
    h = await startHarness({
      helper: ({ webhookUrl }) => ({
        postbackUrl: webhookUrl,
        installments: { interestFreeUpTo: 3, monthlyInterestRate: 0.0199, minInstallmentAmount: 500 },
        resolveCart: (ref, request) => {
          seenRequests.push(new URL(request.url).pathname);
          const cart = CARTS[ref];
          return cart ? { title: 'Pedido da loja', items: cart.items, maxInstallments: 6 } : null;
        },
      }),
    });
  });
  after(async () => {
    await h.close();
  });

  it('prices the cart on the server and never calls create-order', async () => {
    const r = await h.call<any>('GET', '/config?cart=cart-1');
    assert.equal(r.status, 200, r.text);
    const cfg = ConfigResponseSchema.parse(r.json);
    assert.equal(cfg.checkout.kind, 'cart');
    assert.equal(cfg.checkout.ref, 'cart-1');
    assert.equal(cfg.checkout.amount, 3990);
    assert.equal(cfg.checkout.items.length, 2);
    assert.deepEqual(cfg.checkout.methods, ['PIX', 'BOLETO', 'CREDIT_CARD']);
    assert.equal(cfg.checkout.installments.length, 6);
    assert.equal(cfg.checkout.installments[2]!.interest, false);
    assert.equal(cfg.checkout.installments[3]!.interest, true);
    assert.ok(cfg.checkout.installments[5]!.total > 3990);
    assert.ok(seenRequests.includes('/api/checkout/config'), 'the hook got the request');

    const order = await h.order(cfg.token);
    assert.match(order.order.id, /^ord_[0-9a-f]{24}_[A-Za-z0-9_-]{16}$/);
    assert.equal(order.order.amount, 3990);
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order/'), 0);

    const missing = await h.call<any>('GET', '/config?cart=nope');
    assert.equal(missing.status, 404);
    const bad = await h.call<any>('GET', '/config?cart=../etc');
    assert.equal(bad.status, 400);
  });

  it('a cart that changed is re-priced on the next /config; the token keeps the price it was issued with', async () => {
    CARTS['cart-2'] = { items: [{ title: 'Livro', unitPrice: 5000, quantity: 1 }] };
    const first = (await h.call<any>('GET', '/config?cart=cart-2')).json;
    assert.equal(first.checkout.amount, 5000);
    CARTS['cart-2'] = { items: [{ title: 'Livro', unitPrice: 5000, quantity: 2 }] };
    const second = (await h.call<any>('GET', '/config?cart=cart-2')).json;
    assert.equal(second.checkout.amount, 10000);
    const order = await h.order(first.token);
    assert.equal(order.order.amount, 5000);
    const res = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(res.status, 201, res.text);
    assert.equal(h.sb.sandbox.state.transactions.find((t) => t.id === res.json.payment.id)?.amount, 5000);
  });

  it('PIX: one transaction with the signed amount, postbackUrl and the order id in metadata; paid via postback', async () => {
    const cfg = await h.config('demo-product'); // product checkouts still work beside carts
    assert.equal(cfg.checkout.kind, 'product');
    const cartCfg = (await h.call<any>('GET', '/config?cart=cart-1')).json;
    const order = await h.order(cartCfg.token);
    const res = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(res.status, 201, res.text);
    const { payment } = PaymentResponseSchema.parse(res.json);
    assert.equal(payment.amount, 3990);
    assert.equal(payment.orderId, order.order.id);
    assert.ok(payment.pix && parsePixCode(payment.pix.code).ok);

    const tx = h.sb.sandbox.state.transactions.find((t) => t.id === payment.id);
    assert.ok(tx, 'the gateway has the transaction');
    assert.equal(tx.amount, 3990);
    assert.equal(tx.paymentMethod, 'PIX');
    assert.equal(tx.postbackUrl, h.webhookUrl);
    assert.equal(JSON.parse(tx.metadata ?? '{}').orderId, order.order.id);
    assert.deepEqual(tx.items.map((i) => [i.title, i.unitPrice, i.quantity]), [
      ['Caneca', 1500, 2],
      ['Adesivo', 990, 1],
    ]);

    await fetch(`${h.sb.url}/__sandbox/transactions/${payment.id}/pay`, { method: 'POST' }).then((r) => r.text());
    await h.sb.sandbox.idle();
    await h.helper.idle();
    assert.ok(h.logs.some((l) => l.includes('"payment.status"') && l.includes(payment.id) && l.includes('"source":"webhook"')));
    const got = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(got.json.payment.status, 'PAID');
  });

  it('card with interest: the transaction amount is the plan total for the chosen count', async () => {
    const cfg = (await h.call<any>('GET', '/config?cart=cart-1')).json;
    const six = cfg.checkout.installments.find((i: { count: number }) => i.count === 6);
    const order = await h.order(cfg.token);
    const res = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_APPROVED), installments: 6 });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.payment.status, 'PAID');
    assert.equal(res.json.payment.installments, 6);
    const tx = h.sb.sandbox.state.transactions.find((t) => t.id === res.json.payment.id);
    assert.equal(tx?.amount, six.total);
    assert.equal(tx?.installments, 6);
    assert.equal(tx?.card?.lastDigits, '1111');
    const tooMany = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_APPROVED), installments: 7 }, newKey());
    assert.equal(tooMany.status, 400);
  });

  it('boleto with address goes through as a direct transaction', async () => {
    const cfg = (await h.call<any>('GET', '/config?cart=cart-1')).json;
    const order = await h.order(cfg.token);
    const res = await h.pay(order, { method: 'BOLETO', customer: CUSTOMER, address: ADDRESS });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.payment.method, 'BOLETO');
    assert.ok(res.json.payment.boleto.digitableLine);
    await eventually(() => h.sb.sandbox.state.transactions.some((t) => t.id === res.json.payment.id && t.customer.address?.zipCode === '01001000'));
  });

  it('leaks no API key, card number or CVV', () => {
    assertNoSecrets(h);
  });
});

describe('cart strategy disabled', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });
  it('?cart= answers 400 when no resolveCart hook is configured', async () => {
    const r = await h.call<any>('GET', '/config?cart=cart-1');
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'invalid_request');
  });
});
