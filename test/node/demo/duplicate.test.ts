/**
 * Acceptance (d): once a card has paid an order, the helper refuses another payment for it (409
 * `order_paid` with the paid payment), and a PIX of the same order created before the card and
 * paid afterwards at the gateway reaches the shop as a duplicate through `onPaymentUpdate`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADDRESS, CUSTOMER, Shopper, card, diag, eventually, killAll, startShop } from './support.js';
import type { DemoProc, SandboxProc } from './support.js';

describe('a paid order takes no second payment; a late sibling payment is flagged', { timeout: 180_000 }, () => {
  let sandbox: SandboxProc;
  let demo: DemoProc;
  let shop: Shopper;

  before(async () => {
    ({ sandbox, demo, shop } = await startShop());
  });
  after(async () => {
    await killAll();
  });

  it('card PAID -> new payment 409 order_paid; sibling PIX paid later -> duplicate in the order book', { timeout: 120_000 }, async () => {
    const cfg = await shop.config({ product: 'demo-product' });
    const { order, token } = await shop.order(cfg.token);

    const pix = await shop.pay(order.id, token, { method: 'PIX', customer: CUSTOMER });
    assert.equal(pix.status, 201, `${pix.text}\n${diag(demo, sandbox)}`);
    const pixId: string = pix.json.payment.id;

    const cardRes = await shop.pay(order.id, token, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(), installments: 1 });
    assert.equal(cardRes.status, 201, cardRes.text);
    const cardPayment = cardRes.json.payment;
    assert.equal(cardPayment.status, 'PAID');

    const again = await shop.pay(order.id, token, { method: 'BOLETO', customer: CUSTOMER, address: ADDRESS });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.json.error.code, 'order_paid');
    assert.equal(again.json.payment?.id, cardPayment.id);
    assert.equal(again.json.payment?.status, 'PAID');

    // the postback of what follows reaches the helper through the webhook it registers
    await sandbox.webhookRegistered(demo.origin).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo, sandbox)}`));
    // the buyer paid the PIX too (its code was still on screen): the gateway takes it
    await sandbox.control('POST', `transactions/${encodeURIComponent(pixId)}/pay`, {});

    const entry = await eventually(
      'the order book to show the PIX as a duplicate',
      async () => {
        const e = await shop.orderEntry(order.id);
        const p = e?.payments.find((x: any) => x.paymentId === pixId);
        return p?.status === 'PAID' && p.duplicate === true ? e : undefined;
      },
      45_000,
      500,
    ).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo, sandbox)}`));
    assert.equal(entry.status, 'PAID');
    assert.equal(entry.duplicate, true);
    const cardEntry = entry.payments.find((x: any) => x.paymentId === cardPayment.id);
    assert.equal(cardEntry?.status, 'PAID');
    assert.equal(cardEntry?.duplicate, false, 'the first payment is not the duplicate');
    // two payments really paid: the hook said "paid" once for each
    assert.equal(entry.paidEvents, 2, JSON.stringify(entry));
  });
});
