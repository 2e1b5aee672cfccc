import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isValidBoletoBarcode } from '../../../src/brazil/boleto.js';
import { generateCpf } from '../../../src/brazil/document.js';
import { isValidPixCode, parsePixCode } from '../../../src/brazil/pix.js';
import { GatewaySummarySchema, GatewayTransactionSchema, envelope, pagedOrArray } from '../../../src/contract/gateway.js';
import { seededRandom } from '../../fixtures/gateway.data.js';
import * as z from 'zod/mini';
import { ADDRESS, dataOf, errorMessage, start } from './helpers.js';
import type { Api } from './helpers.js';

const random = seededRandom(7);

interface Spec {
  name: string;
  email: string;
  phone: string;
  doc: string;
  method: 'PIX' | 'BOLETO' | 'CREDIT_CARD';
  amount: number;
  externalRef?: string;
  traceable?: boolean;
  card?: string;
}

function body(s: Spec): Record<string, unknown> {
  const b: Record<string, unknown> = {
    amount: s.amount,
    currency: 'BRL',
    paymentMethod: s.method,
    customer: {
      name: s.name,
      email: s.email,
      phone: s.phone,
      document: { number: s.doc, type: 'CPF' },
      ...(s.method === 'BOLETO' ? { address: ADDRESS } : {}),
    },
    items: [{ title: 'Pedido', unitPrice: s.amount, quantity: 1, tangible: false }],
    metadata: JSON.stringify({ orderId: `ord-${s.amount}` }),
  };
  if (s.externalRef) b.externalRef = s.externalRef;
  if (s.traceable !== undefined) b.traceable = s.traceable;
  if (s.method === 'CREDIT_CARD') {
    b.installments = 1;
    b.card = { number: s.card ?? '4111111111111111', holderName: s.name.toUpperCase(), expirationMonth: 5, expirationYear: 2031, cvv: '321' };
  }
  return b;
}

describe('sandbox: transactions API', () => {
  let api: Api;
  let clock = Date.parse('2025-05-05T10:00:00.000Z');
  const created: { id: string; spec: Spec }[] = [];
  const specs: Spec[] = [
    { name: 'Ana Lúcia Prado', email: 'ana@example.com', phone: '11911112222', doc: generateCpf(random), method: 'PIX', amount: 1000, externalRef: 'ext-1' },
    { name: 'Bruno Dias', email: 'bruno@shop.example', phone: '21922223333', doc: generateCpf(random), method: 'BOLETO', amount: 2000, traceable: true },
    { name: 'Carla Nunes', email: 'carla@example.com', phone: '31933334444', doc: generateCpf(random), method: 'CREDIT_CARD', amount: 3000 },
    { name: 'Diego Prado', email: 'diego@shop.example', phone: '41944445555', doc: generateCpf(random), method: 'CREDIT_CARD', amount: 4000, card: '4000000000000002' },
    { name: 'Eduarda Lima', email: 'edu@example.com', phone: '51955556666', doc: generateCpf(random), method: 'PIX', amount: 5000, externalRef: 'ext-5' },
    { name: 'Felipe Rocha', email: 'felipe@example.com', phone: '61966667777', doc: generateCpf(random), method: 'PIX', amount: 6000 },
  ];

  before(async () => {
    api = await start({ now: () => clock });
    for (const spec of specs) {
      clock += 60_000;
      const r = await api.call('POST', '/api/user/transactions', body(spec));
      assert.equal(r.status, 200, r.text);
      created.push({ id: dataOf(GatewayTransactionSchema, r.json).id, spec });
    }
    // Felipe's PIX gets paid, Eduarda's expires.
    api.started.sandbox.pay(created[5]!.id);
    api.started.sandbox.expire(created[4]!.id);
  });
  after(() => api.close());

  const list = async (query: string) => {
    const r = await api.call('GET', `/api/user/transactions?${query}`);
    assert.equal(r.status, 200, r.text);
    envelope(pagedOrArray(GatewayTransactionSchema)).parse(r.json);
    // [DOC] Transactions Find All: `data` is a plain array
    return dataOf(z.array(GatewayTransactionSchema), r.json);
  };
  const names = async (query: string) => (await list(query)).map((t) => (t.customer as { name: string }).name);

  it('creates PIX, boleto and card transactions with the documented shape', async () => {
    const pix = dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${created[0]!.id}`)).json);
    assert.equal(pix.status, 'WAITING_PAYMENT');
    assert.ok(isValidPixCode(pix.pix!.qrcode!));
    const parsed = parsePixCode(pix.pix!.qrcode!);
    assert.ok(parsed.ok && parsed.amount === 1000);
    assert.equal(pix.metadata, JSON.stringify({ orderId: 'ord-1000' }));
    assert.equal(pix.externalRef, 'ext-1');
    assert.equal(pix.installments, null);
    const boleto = dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${created[1]!.id}`)).json);
    assert.ok(isValidBoletoBarcode(boleto.boleto!.barcode!));
    const card = dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${created[2]!.id}`)).json);
    assert.equal(card.status, 'PAID');
    assert.equal(card.card?.brand, 'visa');
    const refused = dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${created[3]!.id}`)).json);
    assert.equal(refused.status, 'REFUSED');
    // [DOC] a JSON-encoded string; the sandbox adds the message beside the code (not in strict mode)
    assert.deepEqual(JSON.parse(refused.refusedReason as string), { code: 'card_declined', message: 'Cartão recusado pelo banco emissor' });
  });

  it('honours pix.expiresInDays and boleto.expiresInDays', async () => {
    const doc = generateCpf(random);
    const base = { amount: 990, paymentMethod: 'PIX', customer: { name: 'Gil Souza', email: 'gil@example.com', document: { number: doc, type: 'CPF' } }, items: [{ title: 'x', unitPrice: 990, quantity: 1 }] };
    const pix = dataOf(GatewayTransactionSchema, (await api.call('POST', '/api/user/transactions', { ...base, pix: { expiresInDays: 2 } })).json);
    assert.equal(pix.pix?.expirationDate, new Date(clock + 2 * 86_400_000).toISOString());
    const boleto = dataOf(
      GatewayTransactionSchema,
      (await api.call('POST', '/api/user/transactions', { ...base, paymentMethod: 'BOLETO', customer: { ...base.customer, address: ADDRESS }, boleto: { expiresInDays: 10 } })).json,
    );
    assert.equal(boleto.boleto?.expirationDate, '2025-05-15T12:00:00.000Z');
    // These two are not part of the list assertions below.
    api.started.sandbox.expire(pix.id);
    api.started.sandbox.expire(boleto.id);
  });

  it('validates the create body (whitelist, metadata string, customer id, required fields)', async () => {
    const good = body(specs[0]!);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...good, metadata: { orderId: 'x' } }, 400, 'O campo "metadata" deve ser uma string (JSON codificado).'],
      [{ ...good, customer: { ...(good.customer as object), birthdate: '1990-01-01' } }, 400, 'customer: O campo "birthdate" não é permitido.'],
      [{ ...good, customer: { ...(good.customer as object), id: '123' } }, 400, 'customer: O campo "id" deve ser um UUID válido.'],
      [{ ...good, customer: { ...(good.customer as object), id: '5b0e8d1c-0a3b-4c2d-9e8f-7a6b5c4d3e2f' } }, 404, 'Cliente não encontrado'],
      [{ ...good, customer: { ...(good.customer as object), document: { type: 'CPF' } } }, 400, 'customer.document: O campo "number" é obrigatório.'],
      [{ ...good, customer: { ...(good.customer as object), document: { number: specs[0]!.doc, type: 'CNPJ' } } }, 400, 'customer.document: O campo "type" não corresponde ao número do documento.'],
      [{ ...good, amount: 0 }, 400, 'O campo "amount" deve ser no mínimo 1.'],
      [{ ...good, amount: 10.5 }, 400, 'O campo "amount" deve ser um número inteiro.'],
      [{ ...good, items: [] }, 400, 'O campo "items" deve ter pelo menos um item.'],
      [{ ...good, items: [{ title: 'x', quantity: 1 }] }, 400, 'items.0: O campo "unitPrice" é obrigatório.'],
      [{ ...good, postbackUrl: 'not a url' }, 400, 'O campo "postbackUrl" deve ser uma URL válida.'],
      [{ ...good, currency: 'USD' }, 400, 'O campo "currency" deve ser um dos valores: BRL.'],
      [{ ...good, boleto: { expiresInDays: 3 } }, 400, 'O campo "boleto" só é permitido para pagamento com boleto.'],
      [{ ...body(specs[1]!), customer: { name: 'Sem Endereço', email: 'x@example.com', document: { number: specs[1]!.doc, type: 'CPF' } } }, 400, 'customer: O campo "address" é obrigatório.'],
    ];
    for (const [b, status, message] of cases) {
      const r = await api.call('POST', '/api/user/transactions', b);
      assert.equal(r.status, status, message);
      assert.equal(errorMessage(r.json), message);
    }
  });

  it('reuses a known customer by id', async () => {
    const customers = (await api.call('GET', '/api/user/customers?limit=1')).json as { data: { data: { id: string; name: string }[] } };
    const known = customers.data.data[0]!;
    const r = await api.call('POST', '/api/user/transactions', { amount: 500, paymentMethod: 'PIX', customer: { id: known.id }, items: [{ title: 'x', unitPrice: 500, quantity: 1 }] });
    assert.equal(r.status, 200, r.text);
    const tx = dataOf(GatewayTransactionSchema, r.json);
    assert.deepEqual([(tx.customer as { id: string }).id, (tx.customer as { name: string }).name], [known.id, known.name]);
    api.started.sandbox.expire(tx.id);
  });

  it('reads by id and summary; unknown id -> 404 envelope', async () => {
    const raw = (await api.call('GET', `/api/user/transactions/${created[5]!.id}/summary`)).json as { message: string; data: object };
    const s = dataOf(GatewaySummarySchema, raw);
    assert.equal(s.status, 'PAID');
    assert.equal(raw.message, 'Transação encontrada com sucesso.');
    // [DOC] Summary by ID: every documented field, in the docs' order
    assert.deepEqual(Object.keys(raw.data), [
      'id', 'amount', 'status', 'createdAt', 'updatedAt', 'paidAt', 'externalRef', 'customer', 'paymentMethod', 'installments',
      'card', 'pix', 'boleto', 'delivery', 'items', 'fee', 'metadata', 'provider', 'refusedReason', 'qrCode', 'barcode', 'payUrl', 'webUrl', 'appUrl',
    ]);
    assert.equal(s.qrCode, (s.pix as { qrcode: string }).qrcode);
    assert.equal(s.customer?.name, 'Felipe Rocha');
    const nf = await api.call('GET', '/api/user/transactions/00000000-0000-4000-8000-000000000000');
    assert.equal(nf.status, 404);
    assert.equal(errorMessage(nf.json), 'Transação não encontrada');
    assert.equal((await api.call('GET', '/api/user/transactions/00000000-0000-4000-8000-000000000000/summary')).status, 404);
  });

  it('filters by id', async () => {
    const page = await list(`id=${created[2]!.id}`);
    assert.deepEqual(page.map((t) => t.id), [created[2]!.id]);
  });

  it('filters by paymentMethods (comma list and repeated)', async () => {
    const own = (ns: string[]) => ns.filter((n) => specs.some((s) => s.name === n)).sort();
    assert.deepEqual(own(await names('paymentMethods=CREDIT_CARD&limit=100')), ['Carla Nunes', 'Diego Prado']);
    assert.deepEqual(own(await names('paymentMethods=BOLETO,CREDIT_CARD&limit=100')), ['Bruno Dias', 'Carla Nunes', 'Diego Prado']);
    assert.deepEqual(own(await names('paymentMethods=BOLETO&paymentMethods=credit_card&limit=100')), ['Bruno Dias', 'Carla Nunes', 'Diego Prado']);
  });

  it('filters by status (comma list and repeated)', async () => {
    assert.deepEqual((await names('status=PAID')).sort(), ['Carla Nunes', 'Felipe Rocha']);
    assert.deepEqual((await names('status=REFUSED,PAID')).sort(), ['Carla Nunes', 'Diego Prado', 'Felipe Rocha']);
    assert.deepEqual((await names('status=WAITING_PAYMENT&status=REFUSED')).sort(), ['Ana Lúcia Prado', 'Bruno Dias', 'Diego Prado']);
  });

  it('filters by name (case and accent insensitive), email, documentNumber, phone, externalRef, traceable', async () => {
    assert.deepEqual((await names('name=prado')).sort(), ['Ana Lúcia Prado', 'Diego Prado']);
    assert.deepEqual(await names('name=LUCIA'), ['Ana Lúcia Prado']);
    assert.deepEqual((await names('email=shop.example')).sort(), ['Bruno Dias', 'Diego Prado']);
    assert.deepEqual(await names(`documentNumber=${specs[2]!.doc}`), ['Carla Nunes']);
    assert.deepEqual(await names('phone=(51) 95555-6666'), ['Eduarda Lima']);
    assert.deepEqual(await names('externalRef=ext-5'), ['Eduarda Lima']);
    assert.deepEqual(await names('traceable=true'), ['Bruno Dias']);
    assert.deepEqual(await names('name=nobody'), []);
  });

  it('filters by installments and deliveryStatus (documented filters)', async () => {
    // only the card transactions carry installments (1); PIX/boleto have null
    assert.deepEqual((await names('installments=1&limit=100')).filter((n) => specs.some((s) => s.name === n)).sort(), ['Carla Nunes', 'Diego Prado']);
    assert.deepEqual(await names('installments=2, 3'), []);
    assert.equal((await api.call('GET', '/api/user/transactions?installments=x')).status, 400);
    assert.deepEqual(await names('deliveryStatus=IN_TRANSIT'), []);
    const r = await api.call('PUT', `/api/user/transactions/${created[2]!.id}/delivery`, { status: 'IN_TRANSIT', trackingCode: 'BR123' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(dataOf(GatewayTransactionSchema, r.json)['delivery'], { status: 'IN_TRANSIT', trackingCode: 'BR123' });
    assert.deepEqual(await names('deliveryStatus=WAITING, IN_TRANSIT'), ['Carla Nunes']);
    const bad = await api.call('PUT', `/api/user/transactions/${created[2]!.id}/delivery`, { status: 'LOST' });
    assert.equal(bad.status, 400);
  });

  it('pages and orders the list', async () => {
    const all = await list('limit=100&orderBy=amount&orderDirection=asc&name=a');
    const amounts = all.map((t) => t.amount);
    assert.deepEqual(amounts, [...amounts].sort((a, b) => a - b));
    // no paging fields on the wire (docs): page until a short page
    const seen: string[] = [];
    for (let p = 1; p < 100; p++) {
      const page = await list(`limit=2&page=${p}`);
      assert.ok(page.length <= 2);
      seen.push(...page.map((t) => t.id));
      if (page.length < 2) break;
    }
    const total = (await list('limit=100')).length;
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    // Newest first by default.
    const dflt = await list('limit=100');
    const times = dflt.map((t) => t.createdAt!);
    assert.deepEqual(times, [...times].sort().reverse());
    assert.equal((await api.call('GET', '/api/user/transactions?orderDirection=sideways')).status, 400);
    assert.equal((await api.call('GET', '/api/user/transactions?orderBy=nonexistent')).status, 400);
  });
});
