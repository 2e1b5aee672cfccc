import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GatewayCheckoutPaymentSchema, GatewayTransactionSchema, envelope, pagedOrArray } from '../../../src/contract/gateway.js';
import { GATEWAY_ID, SELLER_ID } from '../../../src/sandbox/index.js';
import { ADDRESS, BUYER, cardBody, checkoutPayment, dataOf, plainList, start } from './helpers.js';
import type { Api } from './helpers.js';

const CNPJ = '11222333000181';
const CNPJ_FORMATTED = '11.222.333/0001-81';

describe('sandbox: order lookup by listing transactions', () => {
  let api: Api;
  let clock = Date.parse('2025-07-01T09:00:00.000Z');
  const ids: Record<string, string> = {};
  let orderId = '';

  before(async () => {
    api = await start({ now: () => clock });
    // Checkout-born: a PIX (left pending) and a card (paid) for the same order's buyer.
    const pix = await checkoutPayment(api, { paymentMethod: 'pix' });
    orderId = pix.orderId;
    ids.pix = dataOf(GatewayCheckoutPaymentSchema, pix.json).id;
    clock += 1_000;
    const card = await checkoutPayment(api, cardBody('4111111111111111'));
    ids.card = dataOf(GatewayCheckoutPaymentSchema, card.json).id;
    clock += 1_000;
    const boleto = await checkoutPayment(api, { paymentMethod: 'boleto', ...ADDRESS });
    ids.boleto = dataOf(GatewayCheckoutPaymentSchema, boleto.json).id;
    api.started.sandbox.refuse(ids.boleto, 'teste');
    clock += 1_000;
    // User API, a company buyer, metadata that is not even JSON.
    const company = await api.call('POST', '/api/user/transactions', {
      amount: 700,
      paymentMethod: 'PIX',
      customer: { name: 'Loja Exemplo Ltda', email: 'financeiro@loja.example', document: { number: CNPJ_FORMATTED, type: 'CNPJ' } },
      items: [{ title: 'x', unitPrice: 700, quantity: 1 }],
      metadata: 'pedido 42 (sem JSON)',
    });
    assert.equal(company.status, 200, company.text);
    ids.company = dataOf(GatewayTransactionSchema, company.json).id;
  });
  after(() => api.close());

  const list = async (query: string) => {
    const r = await api.call('GET', `/api/user/transactions?${query}`);
    assert.equal(r.status, 200, r.text);
    envelope(pagedOrArray(GatewayTransactionSchema)).parse(r.json);
    return dataOf(plainList(GatewayTransactionSchema), r.json);
  };
  const idsOf = async (query: string) => (await list(query)).map((t) => t.id).sort();

  it('filters documentNumber given in digits or formatted (CPF and CNPJ)', async () => {
    const mine = [ids.pix!, ids.card!, ids.boleto!].sort();
    assert.deepEqual(await idsOf(`documentNumber=${BUYER.document}`), mine);
    assert.deepEqual(await idsOf(`documentNumber=${encodeURIComponent('529.982.247-25')}`), mine);
    assert.deepEqual(await idsOf('documentNumber=529.982.247-25'), mine);
    assert.deepEqual(await idsOf(`documentNumber=${CNPJ}`), [ids.company!]);
    assert.deepEqual(await idsOf(`documentNumber=${encodeURIComponent(CNPJ_FORMATTED)}`), [ids.company!]);
    assert.deepEqual(await idsOf('documentNumber=111.444.777-35'), []);
  });

  it('takes status and paymentMethods as one comma-separated value, spaces allowed after commas', async () => {
    const q = new URLSearchParams({ documentNumber: '529.982.247-25', status: 'PAID, WAITING_PAYMENT' });
    assert.deepEqual(await idsOf(q.toString()), [ids.pix!, ids.card!].sort(), 'form-encoded space (+)');
    assert.deepEqual(await idsOf(`documentNumber=${BUYER.document}&status=PAID,%20WAITING_PAYMENT`), [ids.pix!, ids.card!].sort());
    assert.deepEqual(await idsOf(`documentNumber=${BUYER.document}&status=PAID,WAITING_PAYMENT`), [ids.pix!, ids.card!].sort());
    assert.deepEqual(await idsOf(`documentNumber=${BUYER.document}&status=refused`), [ids.boleto!]);
    assert.deepEqual(await idsOf('paymentMethods=PIX,%20BOLETO&limit=100'), [ids.pix!, ids.boleto!, ids.company!].sort());
    assert.deepEqual(await idsOf('paymentMethods=credit_card,%20boleto&limit=100'), [ids.card!, ids.boleto!].sort());
    assert.deepEqual(await idsOf(`paymentMethods=PIX&status=WAITING_PAYMENT,%20PAID&documentNumber=${BUYER.document}`), [ids.pix!]);
  });

  it('checkout-born transactions carry the checkout metadata string; user-API ones keep theirs', async () => {
    const byId = new Map((await list('limit=100')).map((t) => [t.id, t]));
    for (const key of ['pix', 'card', 'boleto'] as const) {
      const tx = byId.get(ids[key]!)!;
      assert.equal(typeof tx.metadata, 'string');
      assert.equal(tx.metadata, JSON.stringify({ linkId: 'demo-product', orderId: (JSON.parse(String(tx.metadata)) as { orderId: string }).orderId, sellerId: SELLER_ID, gatewayId: GATEWAY_ID }));
    }
    assert.deepEqual(JSON.parse(String(byId.get(ids.pix!)!.metadata)), { linkId: 'demo-product', orderId, sellerId: SELLER_ID, gatewayId: GATEWAY_ID });
    assert.equal(byId.get(ids.company!)!.metadata, 'pedido 42 (sem JSON)');
    // Finding one order's transactions: list by document, match metadata.orderId.
    const ofOrder = (await list(`documentNumber=${BUYER.document}&limit=100`)).filter((t) => (JSON.parse(String(t.metadata)) as { orderId: string }).orderId === orderId);
    assert.deepEqual(ofOrder.map((t) => t.id), [ids.pix!]);
  });

  it('answers the documented list shape: a plain array in data (limit still slices it)', async () => {
    const r = await api.call('GET', '/api/user/transactions?status=PAID,%20WAITING_PAYMENT&limit=1');
    const page = dataOf(plainList(GatewayTransactionSchema), r.json);
    assert.equal(page.length, 1);
    const all = dataOf(plainList(GatewayTransactionSchema), (await api.call('GET', '/api/user/transactions?status=PAID,%20WAITING_PAYMENT&limit=100')).json);
    assert.equal(all.length, 3);
    assert.equal((r.json as { message: string }).message, 'Transações encontradas com sucesso.');
  });
});
