import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { GatewayCheckoutPaymentSchema, GatewayPostbackSchema, GatewayTransactionSchema } from '../../../src/contract/gateway.js';
import { cardBody, checkoutPayment, dataOf, errorMessage, receiver, start, waitFor } from './helpers.js';
import type { Api, Receiver } from './helpers.js';

const Refund = z.object({ id: z.string(), amount: z.number(), createdAt: z.string() });
const Refunded = z.looseObject({ id: z.string(), status: z.string(), amount: z.number(), refundedAmount: z.number(), refunds: z.array(Refund), updatedAt: z.string() });

const cardTransaction = (amount: number, number = '4111111111111111') => ({
  amount,
  paymentMethod: 'CREDIT_CARD',
  installments: 1,
  card: cardBody(number).card,
  customer: { name: 'Rita Lopes', email: 'rita@example.com', document: { number: '52998224725', type: 'CPF' } },
  items: [{ title: 'Pedido', unitPrice: amount, quantity: 1 }],
});

describe('sandbox: refunds (ASSUMPTION: POST /api/user/transactions/{id}/refund)', () => {
  let api: Api;
  let hook: Receiver;
  let clock = Date.parse('2025-06-01T12:00:00.000Z');
  before(async () => {
    hook = await receiver();
    api = await start({ now: () => clock });
  });
  beforeEach(async () => {
    api.started.sandbox.reset();
    hook.bodies.length = 0;
    await api.call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' });
  });
  afterEach(() => api.started.sandbox.idle());
  after(async () => {
    await api.close();
    await hook.close();
  });

  const statuses = () =>
    hook.bodies.map((b) => {
      const p = GatewayPostbackSchema.parse(b);
      return String((p.data as { status: string }).status);
    });

  it('refunds a paid PIX in full without a body: REFUNDED, refundedAmount, refunds[], postback', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    api.started.sandbox.pay(id);
    clock += 60_000;
    const res = await api.call('POST', `/api/user/transactions/${id}/refund`);
    assert.equal(res.status, 200, res.text);
    assert.equal((res.json as { message: string }).message, 'Estorno realizado com sucesso.');
    GatewayTransactionSchema.parse((res.json as { data: unknown }).data);
    const tx = dataOf(Refunded, res.json);
    assert.equal(tx.status, 'REFUNDED');
    assert.equal(tx.refundedAmount, 4990);
    assert.equal(tx.refunds.length, 1);
    assert.equal(tx.refunds[0]!.amount, 4990);
    assert.equal(tx.refunds[0]!.createdAt, new Date(clock).toISOString());
    assert.equal(tx.updatedAt, new Date(clock).toISOString());
    // Reads agree.
    const read = dataOf(Refunded, (await api.call('GET', `/api/user/transactions/${id}`)).json);
    assert.deepEqual(read.refunds, tx.refunds);
    assert.equal(read.status, 'REFUNDED');
    await waitFor(() => hook.bodies.length === 3);
    assert.deepEqual(statuses(), ['waiting_payment', 'paid', 'refunded']);
    const last = GatewayPostbackSchema.parse(hook.bodies[2]);
    assert.equal(last.objectId, id);
    assert.equal((last.data as { refundedAmount: number }).refundedAmount, 4990);
    // Nothing left to refund.
    const again = await api.call('POST', `/api/user/transactions/${id}/refund`);
    assert.equal(again.status, 409);
    assert.equal(errorMessage(again.json), 'Não é possível estornar uma transação com status REFUNDED');
  });

  it('refunds a paid card partially, then the rest; each refund sends a postback', async () => {
    const created = await api.call('POST', '/api/user/transactions', cardTransaction(10_000));
    const id = dataOf(GatewayTransactionSchema, created.json).id;
    assert.equal(dataOf(GatewayTransactionSchema, created.json).status, 'PAID');

    const part = await api.call('POST', `/api/user/transactions/${id}/refund`, { amount: 3_000 });
    assert.equal(part.status, 200, part.text);
    const p = dataOf(Refunded, part.json);
    assert.equal(p.status, 'PAID', 'a partial refund keeps the status');
    assert.equal(p.refundedAmount, 3_000);
    assert.deepEqual(p.refunds.map((x) => x.amount), [3_000]);

    const tooMuch = await api.call('POST', `/api/user/transactions/${id}/refund`, { amount: 7_001 });
    assert.equal(tooMuch.status, 400);
    assert.equal(errorMessage(tooMuch.json), 'O valor do estorno excede o valor disponível para estorno (7000).');

    const rest = await api.call('POST', `/api/user/transactions/${id}/refund`, { amount: 7_000 });
    const t = dataOf(Refunded, rest.json);
    assert.equal(t.status, 'REFUNDED');
    assert.equal(t.refundedAmount, 10_000);
    assert.deepEqual(t.refunds.map((x) => x.amount), [3_000, 7_000]);
    assert.notEqual(t.refunds[0]!.id, t.refunds[1]!.id);

    await waitFor(() => hook.bodies.length === 3);
    assert.deepEqual(statuses(), ['paid', 'paid', 'refunded']);
    assert.equal((GatewayPostbackSchema.parse(hook.bodies[1]).data as { refundedAmount: number }).refundedAmount, 3_000);
  });

  it('refuses unpaid, refused and unknown transactions, and bad bodies', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    const pending = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    const waiting = await api.call('POST', `/api/user/transactions/${pending}/refund`);
    assert.equal(waiting.status, 409);
    assert.equal(errorMessage(waiting.json), 'Não é possível estornar uma transação com status WAITING_PAYMENT');

    const refused = dataOf(GatewayTransactionSchema, (await api.call('POST', '/api/user/transactions', cardTransaction(500, '4000000000000002'))).json);
    assert.equal(refused.status, 'REFUSED');
    assert.equal((await api.call('POST', `/api/user/transactions/${refused.id}/refund`)).status, 409);

    const nf = await api.call('POST', '/api/user/transactions/00000000-0000-4000-8000-000000000000/refund', { amount: 1 });
    assert.equal(nf.status, 404);
    assert.equal(errorMessage(nf.json), 'Transação não encontrada');

    const paid = dataOf(GatewayTransactionSchema, (await api.call('POST', '/api/user/transactions', cardTransaction(900))).json).id;
    const cases: [unknown, string][] = [
      [{ amount: 0 }, 'O campo "amount" deve ser no mínimo 1.'],
      [{ amount: 10.5 }, 'O campo "amount" deve ser um número inteiro.'],
      [{ amount: '100' }, 'O campo "amount" deve ser um número inteiro.'],
      [{ amount: 100, reason: 'x' }, 'O campo "reason" não é permitido.'],
    ];
    for (const [body, message] of cases) {
      const bad = await api.call('POST', `/api/user/transactions/${paid}/refund`, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(errorMessage(bad.json), message);
    }
    assert.equal((await api.call('GET', `/api/user/transactions/${paid}/refund`)).status, 405);
    // Nothing changed on the refused calls.
    const still = dataOf(Refunded, (await api.call('GET', `/api/user/transactions/${paid}`)).json);
    assert.deepEqual([still.status, still.refundedAmount, still.refunds.length], ['PAID', 0, 0]);
  });

  it('is also a sandbox method', async () => {
    const created = dataOf(GatewayTransactionSchema, (await api.call('POST', '/api/user/transactions', cardTransaction(1_000))).json);
    const half = api.started.sandbox.refund(created.id, 400);
    assert.equal(half.refundedAmount, 400);
    assert.equal(half.status, 'PAID');
    const rest = api.started.sandbox.refund(created.id);
    assert.equal(rest.status, 'REFUNDED');
    assert.equal(rest.refundedAmount, 1_000);
    assert.throws(() => api.started.sandbox.refund(created.id), { name: 'SandboxError', status: 409 } as object);
  });
});
