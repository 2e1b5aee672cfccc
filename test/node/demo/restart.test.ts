/**
 * Acceptance (a): the helper is killed (-9) and restarted while the gateway keeps its state; no
 * payment is lost, and the shop's order book hears "paid" exactly once, through 5 duplicate
 * postbacks, 5 more replayed by hand and another restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOMER, Shopper, diag, eventually, freePort, killAll, sleep, startDemoProcess, startSandboxProcess, tempDir } from './support.js';
import type { DemoProc, SandboxProc } from './support.js';

describe('demo as separate processes: kill -9 of the helper loses no payment', { timeout: 240_000 }, () => {
  let sandbox: SandboxProc;
  let demo: DemoProc | undefined;
  let port: number;
  let dataDir: string;

  before(async () => {
    sandbox = await startSandboxProcess();
    port = await freePort();
    dataDir = tempDir();
    demo = await startDemoProcess({ port, dataDir, sandboxUrl: sandbox.url });
  });
  after(async () => {
    await killAll();
  });

  const restartDemo = async () => {
    await demo?.kill9();
    demo = await startDemoProcess({ port, dataDir, sandboxUrl: sandbox.url });
  };

  it('PIX created, helper killed -9 and restarted, paid at the gateway: PAID with the old token, paid once in the order book', { timeout: 200_000 }, async () => {
    const shop = new Shopper(`http://127.0.0.1:${port}`);
    const cfg = await shop.config({ product: 'demo-product' });
    const { order, token } = await shop.order(cfg.token);
    const created = await shop.pay(order.id, token, { method: 'PIX', customer: CUSTOMER });
    assert.equal(created.status, 201, `${created.text}\n${diag(demo, sandbox)}`);
    const paymentId: string = created.json.payment.id;
    assert.equal(created.json.payment.status, 'WAITING_PAYMENT');

    // postbacks reach the helper only through the webhook it registers at the gateway
    await sandbox.webhookRegistered(shop.origin).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo, sandbox)}`));
    // every postback the gateway sends from now on is sent 5 times
    await sandbox.control('POST', 'postbacks', { duplicates: 5 });

    await restartDemo();

    // the gateway keeps its state across the helper's restart: pay there
    await sandbox.control('POST', `transactions/${encodeURIComponent(paymentId)}/pay`, {});

    const paid = await eventually(
      'GET /payments/:id (old token, restarted helper) to say PAID',
      async () => {
        const r = await shop.getPayment(paymentId, token);
        return r.status === 200 && r.json.payment.status === 'PAID' ? r : undefined;
      },
      30_000,
      500,
    ).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo, sandbox)}`));
    assert.equal(paid.json.payment.orderId, order.id);

    const entry = await eventually('the order book to show the order PAID', async () => {
      const e = await shop.orderEntry(order.id);
      return e?.status === 'PAID' ? e : undefined;
    }).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo, sandbox)}`));
    assert.equal(entry.paidEvents, 1, JSON.stringify(entry));
    assert.match(String(entry.merchantRef), /^loja-demo-/, 'product checkouts carry the demo reference');
    assert.deepEqual(
      entry.payments.map((p: any) => ({ paymentId: p.paymentId, method: p.method, status: p.status, amount: p.amount })),
      [{ paymentId, method: 'PIX', status: 'PAID', amount: 4990 }],
    );

    // the 5 duplicate postbacks of "paid" reached the webhook the helper registered...
    await eventually('5 delivered "paid" postbacks', async () => {
      const { deliveries } = await sandbox.control('GET', 'postbacks');
      const ok = (deliveries as any[]).filter((d) => d.objectId === paymentId && d.status === 'paid' && d.ok);
      return ok.length >= 5;
    }).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo, sandbox)}`));
    // ...and 5 more, replayed by hand
    for (let i = 0; i < 5; i++) assert.equal(await shop.postback(paymentId, 'paid'), 200);
    await sleep(2_000);
    assert.equal((await shop.orderEntry(order.id))?.paidEvents, 1, 'duplicate postbacks must not report "paid" again');

    // another crash and restart: nothing is delivered twice
    await restartDemo();
    const again = await shop.getPayment(paymentId, token);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.payment.status, 'PAID');
    await sleep(3_000);
    const final = await shop.orderEntry(order.id);
    assert.equal(final?.status, 'PAID');
    assert.equal(final?.paidEvents, 1, JSON.stringify(final));
  });

  it('without BYNET_TOKEN_SECRET, checkout tokens stay valid across a restart (secret kept in the data folder)', { timeout: 120_000 }, async () => {
    const ownPort = await freePort();
    const ownDir = tempDir();
    const env = { BYNET_TOKEN_SECRET: '' };
    let own = await startDemoProcess({ port: ownPort, dataDir: ownDir, sandboxUrl: sandbox.url, env });
    const shop = new Shopper(own.origin);
    const cfg = await shop.config({ product: 'demo-product' });
    await own.kill9();
    own = await startDemoProcess({ port: ownPort, dataDir: ownDir, sandboxUrl: sandbox.url, env });
    const { order } = await shop.order(cfg.token);
    assert.ok(order.id);
    await own.kill9();
  });
});
