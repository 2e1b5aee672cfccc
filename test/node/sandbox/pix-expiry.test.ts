import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { GatewayCheckoutPaymentSchema, GatewayPostbackSchema, GatewayTransactionSchema } from '../../../src/contract/gateway.js';
import { createSandbox } from '../../../src/sandbox/index.js';
import { ADDRESS, API_KEY, BUYER, UA, checkoutPayment, dataOf, plainList, receiver, start, waitFor } from './helpers.js';
import type { Api, Receiver } from './helpers.js';

const statuses = (r: Receiver, id: string) =>
  r.bodies
    .map((b) => GatewayPostbackSchema.parse(b))
    .filter((p) => p.objectId === id)
    .map((p) => String((p.data as { status: string }).status));

describe('sandbox: a pending PIX ends by itself at its expiration date (ASSUMPTION: CANCELED)', () => {
  let api: Api;
  let hook: Receiver;
  const start0 = Date.parse('2025-08-01T10:00:00.000Z');
  let clock = start0;
  before(async () => {
    hook = await receiver();
    api = await start({ now: () => clock });
  });
  beforeEach(async () => {
    clock = start0;
    api.started.sandbox.reset();
    hook.bodies.length = 0;
    await api.call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' });
  });
  afterEach(() => api.started.sandbox.idle());
  after(async () => {
    await api.close();
    await hook.close();
  });

  const read = async (id: string) => dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${id}`)).json);

  it('stays WAITING_PAYMENT until the expiration instant, then reads as CANCELED with a postback; pay -> 409', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    const expiresAt = new Date(start0 + 900_000).toISOString();
    clock = start0 + 900_000 - 1;
    assert.equal((await read(id)).status, 'WAITING_PAYMENT');
    clock = start0 + 900_000;
    const tx = await read(id);
    assert.equal(tx.status, 'CANCELED');
    assert.equal(tx.pix?.expirationDate, expiresAt, 'the expiration date is kept');
    assert.equal(tx.paidAt, null);
    await waitFor(() => statuses(hook, id).length === 2);
    assert.deepEqual(statuses(hook, id), ['waiting_payment', 'canceled']);

    const pay = await api.control('POST', `/__sandbox/transactions/${id}/pay`);
    assert.equal(pay.status, 409);
    assert.match((pay.json as { message: string }).message, /CANCELED/);
    assert.equal(api.started.sandbox.state.orders[0]!.status, 'PENDING');
    // Once only.
    await read(id);
    await api.started.sandbox.idle();
    assert.equal(statuses(hook, id).length, 2);
  });

  it('a control-route pay after the expiry is refused even when nothing read it before', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    clock += 3_600_000;
    const pay = await api.control('POST', `/__sandbox/transactions/${id}/pay`);
    assert.equal(pay.status, 409);
    assert.equal(api.started.sandbox.state.transactions[0]!.status, 'CANCELED');
  });

  it('is seen by the list, the summary, the state counts and the PIX location', async () => {
    const a = dataOf(GatewayCheckoutPaymentSchema, (await checkoutPayment(api, { paymentMethod: 'pix' })).json).id;
    clock += 1_000;
    const b = dataOf(GatewayCheckoutPaymentSchema, (await checkoutPayment(api, { paymentMethod: 'pix' })).json).id;
    clock = start0 + 900_000; // a has expired, b (one second younger) has not
    const canceled = dataOf(plainList(GatewayTransactionSchema), (await api.call('GET', '/api/user/transactions?status=CANCELED')).json);
    assert.deepEqual(canceled.map((t) => t.id), [a]);
    assert.equal((await api.call('GET', `/api/user/transactions/${b}/summary`)).status, 200);
    assert.deepEqual(api.started.sandbox.counts().byStatus, { CANCELED: 1, WAITING_PAYMENT: 1 });
    clock += 1_000;
    const loc = await fetch(`${api.url}/pix/qr/${b.replace(/-/g, '')}`);
    assert.equal(((await loc.json()) as { status: string }).status, 'REMOVIDA_PELO_PSP');
    const s = (await api.call('GET', `/api/user/transactions/${b}/summary`)).json as { data: { status: string } };
    assert.equal(s.data.status, 'CANCELED');
  });

  it('leaves paid PIX, pending boletos and honours pix.expiresInDays', async () => {
    const paid = dataOf(GatewayCheckoutPaymentSchema, (await checkoutPayment(api, { paymentMethod: 'pix' })).json).id;
    api.started.sandbox.pay(paid);
    const boleto = dataOf(GatewayCheckoutPaymentSchema, (await checkoutPayment(api, { paymentMethod: 'boleto', ...ADDRESS })).json).id;
    const long = await api.call('POST', '/api/user/transactions', {
      amount: 990,
      paymentMethod: 'PIX',
      customer: { name: 'Gil Souza', email: 'gil@example.com', document: { number: '52998224725', type: 'CPF' } },
      items: [{ title: 'x', unitPrice: 990, quantity: 1 }],
      pix: { expiresInDays: 2 },
    });
    const longId = dataOf(GatewayTransactionSchema, long.json).id;
    clock = start0 + 86_400_000; // one day later
    assert.equal((await read(paid)).status, 'PAID');
    assert.equal((await read(longId)).status, 'WAITING_PAYMENT');
    clock = start0 + 10 * 86_400_000; // past the boleto's due date too
    assert.equal((await read(boleto)).status, 'WAITING_PAYMENT', 'ASSUMPTION: a boleto does not end by itself');
    assert.equal((await read(longId)).status, 'CANCELED');
    assert.equal((await read(paid)).status, 'PAID');
  });

  it('an expired PIX cannot be refunded either', async () => {
    const id = dataOf(GatewayCheckoutPaymentSchema, (await checkoutPayment(api, { paymentMethod: 'pix' })).json).id;
    clock += 900_000;
    assert.equal((await api.call('POST', `/api/user/transactions/${id}/refund`)).status, 409);
  });
});

describe('sandbox: PIX expiry timer (no reads needed)', () => {
  it('ends the PIX and sends the postback on its own, on the injected clock', async () => {
    const hook = await receiver();
    // A clock 3 hours ahead of the wall clock, moving with it.
    const api = await start({ now: () => Date.now() + 3 * 3_600_000, pixExpiresInSeconds: 0.3 });
    try {
      await api.call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' });
      const r = await checkoutPayment(api, { paymentMethod: 'pix' });
      const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
      // Nothing reads the transaction: the timer alone must end it.
      await waitFor(() => statuses(hook, id).length === 2, 3_000);
      assert.deepEqual(statuses(hook, id), ['waiting_payment', 'canceled']);
    } finally {
      await api.close();
      await hook.close();
    }
  });

  it('does not keep the process alive (the timer is unref\'d) and stops on reset', async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const sb = createSandbox({ apiKey: API_KEY, pixExpiresInSeconds: 3_600, log: () => undefined });
    const before = timeouts();
    const order = await sb.handle(new Request('http://127.0.0.1/api/public/checkout/create-order/demo-product?hostname=localhost', { method: 'POST', headers: { 'x-api-key': API_KEY, 'user-agent': UA } }));
    const orderId = ((await order.json()) as { data: { id: string } }).data.id;
    const paid = await sb.handle(
      new Request(`http://127.0.0.1/api/public/checkout/payment/${orderId}?hostname=localhost`, {
        method: 'POST',
        headers: { 'x-api-key': API_KEY, 'user-agent': UA, 'content-type': 'application/json' },
        body: JSON.stringify({ ...BUYER, paymentMethod: 'pix' }),
      }),
    );
    assert.equal(paid.status, 200);
    assert.equal(timeouts(), before, 'no ref\'d timer was added');
    sb.reset();
    assert.equal(sb.counts().transactions, 0);
    sb.dispose();
  });
});
