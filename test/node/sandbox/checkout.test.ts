import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { boletoAmount, boletoBarcodeToLine, boletoLineToBarcode, isValidBoletoBarcode, isValidBoletoLine } from '../../../src/brazil/boleto.js';
import { isValidPixCode, parsePixCode } from '../../../src/brazil/pix.js';
import {
  GatewayCheckoutPaymentSchema,
  GatewayOrderSchema,
  GatewaySummarySchema,
  GatewayTransactionSchema,
} from '../../../src/contract/gateway.js';
import { GATEWAY_ID, PRODUCTS, SELLER_ID } from '../../../src/sandbox/index.js';
import { ADDRESS, BUYER, checkoutPayment, dataOf, errorMessage, start } from './helpers.js';
import type { Api } from './helpers.js';

const OrderData = z.object({
  id: z.string(),
  productId: z.string(),
  uniqueProductLinkId: z.string(),
  amount: z.number(),
  status: z.literal('PENDING'),
  createdAt: z.string(),
});

describe('sandbox: public checkout (create-order + payment)', () => {
  let api: Api;
  let clock = Date.parse('2025-03-10T15:00:00.000Z');
  before(async () => {
    api = await start({ now: () => clock });
  });
  beforeEach(() => api.started.sandbox.reset());
  after(() => api.close());

  it('creates an order (201) priced by the product', async () => {
    const r = await api.call('POST', '/api/public/checkout/create-order/demo-product?hostname=localhost');
    assert.equal(r.status, 201);
    GatewayOrderSchema.parse(dataOf(GatewayOrderSchema, r.json));
    const order = dataOf(OrderData, r.json);
    assert.equal(order.amount, 4990);
    assert.equal(order.productId, PRODUCTS[0]!.id);
    assert.equal(order.uniqueProductLinkId, 'demo-product');
    assert.equal(order.createdAt, '2025-03-10T15:00:00.000Z');
    assert.equal((await api.call('POST', '/api/public/checkout/create-order/demo-product?hostname=localhost', {})).status, 201);
  });

  it('refuses unknown hostnames on create-order and payment', async () => {
    for (const q of ['', '?hostname=', '?hostname=evil.example.com']) {
      const r = await api.call('POST', `/api/public/checkout/create-order/demo-product${q}`);
      assert.equal(r.status, 400);
      assert.equal(errorMessage(r.json), 'Hostname não identificado');
    }
    const ok = await api.call('POST', '/api/public/checkout/create-order/demo-product?hostname=localhost:5173');
    assert.equal(ok.status, 201, 'the port is ignored');
    const orderId = dataOf(GatewayOrderSchema, ok.json).id;
    const pay = await api.call('POST', `/api/public/checkout/payment/${orderId}?hostname=evil.example.com`, { ...BUYER, paymentMethod: 'pix' });
    assert.equal(pay.status, 400);
    assert.equal(errorMessage(pay.json), 'Hostname não identificado');
  });

  it('honours allowedHostnames (with *.wildcards)', async () => {
    const other = await start({ allowedHostnames: ['*.loja.example', 'checkout.example.com'] });
    try {
      assert.equal((await other.call('POST', '/api/public/checkout/create-order/demo-product?hostname=pay.loja.example')).status, 201);
      assert.equal((await other.call('POST', '/api/public/checkout/create-order/demo-product?hostname=checkout.example.com')).status, 201);
      assert.equal((await other.call('POST', '/api/public/checkout/create-order/demo-product?hostname=localhost')).status, 400);
    } finally {
      await other.close();
    }
  });

  it('404s unknown products and orders; 400s inactive products and order bodies with fields', async () => {
    const nf = await api.call('POST', '/api/public/checkout/create-order/no-such-link?hostname=localhost');
    assert.equal(nf.status, 404);
    const inactive = await api.call('POST', '/api/public/checkout/create-order/produto-inativo?hostname=localhost');
    assert.equal(inactive.status, 400);
    const withBody = await api.call('POST', '/api/public/checkout/create-order/demo-product?hostname=localhost', { amount: 1 });
    assert.equal(withBody.status, 400);
    assert.equal(errorMessage(withBody.json), 'O campo "amount" não é permitido.');
    const noOrder = await api.call('POST', '/api/public/checkout/payment/00000000-0000-4000-8000-000000000000?hostname=localhost', { ...BUYER, paymentMethod: 'pix' });
    assert.equal(noOrder.status, 404);
    assert.equal(errorMessage(noOrder.json), 'Pedido não encontrado');
  });

  it('runs the full PIX flow: BR Code with valid CRC and amount 49.90, WAITING_PAYMENT -> pay -> PAID', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'pix', installments: 1 });
    assert.equal(r.status, 200);
    const data = dataOf(GatewayCheckoutPaymentSchema, r.json);
    const payment = data.order!.payment!;
    assert.equal(data.order!.id, r.orderId);
    assert.equal(payment.status, 'WAITING_PAYMENT');
    assert.equal(payment.amount, 4990);
    const code = payment.qrCode!;
    assert.equal(payment.pix?.qrcode, code);
    assert.ok(isValidPixCode(code));
    const parsed = parsePixCode(code);
    assert.ok(parsed.ok);
    assert.equal(parsed.amount, 4990);
    assert.ok(code.includes('540549.90'), 'amount field 54 carries 49.90');
    assert.equal(parsed.merchantName, 'BYNET SANDBOX');
    assert.equal(parsed.merchantCity, 'SAO PAULO');
    assert.equal(parsed.url, `${new URL(api.url).host}/pix/qr/${data.id.replace(/-/g, '')}`);
    assert.equal(payment.pix?.expirationDate, new Date(clock + 900_000).toISOString());

    // The location in the code is served.
    const loc = await fetch(`http://${parsed.url}`);
    assert.equal(loc.status, 200);
    assert.equal(((await loc.json()) as { valor: { original: string } }).valor.original, '49.90');

    const summary = await api.call('GET', `/api/user/transactions/${data.id}/summary`);
    const s = dataOf(GatewaySummarySchema, summary.json);
    assert.deepEqual({ id: s.id, status: s.status, amount: s.amount, paidAt: s.paidAt }, { id: data.id, status: 'WAITING_PAYMENT', amount: 4990, paidAt: null });
    assert.equal((s as { paymentMethod?: unknown }).paymentMethod, 'PIX');

    clock += 60_000;
    const paid = await api.control('POST', `/__sandbox/transactions/${data.id}/pay`);
    assert.equal(paid.status, 200);
    assert.equal(GatewayTransactionSchema.parse((paid.json as { transaction: unknown }).transaction).status, 'PAID');

    const after = dataOf(GatewaySummarySchema, (await api.call('GET', `/api/user/transactions/${data.id}/summary`)).json);
    assert.equal(after.status, 'PAID');
    assert.equal(after.paidAt, new Date(clock).toISOString());
    const tx = dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${data.id}`)).json);
    assert.match(String((tx as { endToEndId?: unknown }).endToEndId), /^E\d{8}\d{12}[A-Z0-9]{11}$/);
  });

  it('creates a transaction with checkout metadata, the customer and the product item', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'PIX' });
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    const tx = dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${id}`)).json);
    assert.equal(tx.paymentMethod, 'PIX');
    assert.equal(tx.amount, 4990);
    assert.equal(typeof tx.metadata, 'string');
    assert.deepEqual(JSON.parse(tx.metadata as string), { linkId: 'demo-product', orderId: r.orderId, sellerId: SELLER_ID, gatewayId: GATEWAY_ID });
    const customer = tx.customer as { id: string; name: string; document: { id: string; number: string; type: string; customerId: string } };
    assert.equal(customer.name, 'Maria Silva');
    // [DOC] the document carries its own id and the customer's
    assert.deepEqual(customer.document, { id: customer.document.id, number: BUYER.document, type: 'CPF', customerId: customer.id });
    assert.match(customer.document.id, /^[0-9a-f-]{36}$/);
    const items = (tx as { items?: { title: string; unitPrice: number; quantity: number }[] }).items;
    assert.deepEqual(items?.map((i) => [i.title, i.unitPrice, i.quantity]), [['Camiseta Bynet', 4990, 1]]);
  });

  it('validates the flat payment body as a whitelist with Portuguese messages', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ paymentMethod: 'pix', postbackUrl: 'https://x.example/hook' }, 'O campo "postbackUrl" não é permitido.'],
      [{ paymentMethod: 'pix', pix: { expiresInDays: 1 } }, 'O campo "pix" não é permitido.'],
      [{ paymentMethod: 'pix', amount: 1 }, 'O campo "amount" não é permitido.'],
      [{ paymentMethod: 'pix', fullName: undefined }, 'O campo "fullName" é obrigatório.'],
      [{ paymentMethod: 'pix', document: '12345678900' }, 'O campo "document" deve ser um CPF ou CNPJ válido.'],
      [{ paymentMethod: 'pix', email: 'not-an-email' }, 'O campo "email" deve ser um e-mail válido.'],
      [{ paymentMethod: 'pix', phone: '123' }, 'O campo "phone" deve conter DDD e número válidos.'],
      [{ paymentMethod: 'bitcoin' }, 'O campo "paymentMethod" deve ser um dos valores: PIX, BOLETO, CREDIT_CARD.'],
      [{ paymentMethod: 'pix', installments: 2 }, 'Parcelamento só é permitido para pagamento com cartão.'],
      [{ paymentMethod: 'pix', card: { number: '4111111111111111' } }, 'O campo "card" só é permitido para pagamento com cartão.'],
      [{ paymentMethod: 'boleto' }, 'O campo "zipCode" é obrigatório.'],
      [{ paymentMethod: 'boleto', ...ADDRESS, state: 'XX' }, 'O campo "state" deve ser uma UF válida.'],
      [{ paymentMethod: 'credit_card' }, 'O campo "card" é obrigatório.'],
      [{ paymentMethod: 'credit_card', card: { number: '4111111111111111', holderName: 'MARIA', expirationMonth: 12, expirationYear: 2030 } }, 'card: O campo "cvv" é obrigatório.'],
    ];
    for (const [payment, message] of cases) {
      const r = await checkoutPayment(api, payment);
      assert.equal(r.status, 400, JSON.stringify(payment));
      assert.equal(errorMessage(r.json), message);
    }
    assert.equal(api.started.sandbox.counts().transactions, 0, 'no transaction was created');
  });

  it('accepts any casing of the method and refuses methods the product does not enable', async () => {
    for (const m of ['pix', 'PIX', 'Pix']) assert.equal((await checkoutPayment(api, { paymentMethod: m })).status, 200);
    const boleto = await checkoutPayment(api, { paymentMethod: 'boleto', ...ADDRESS }, 'pix-only-ebook');
    assert.equal(boleto.status, 400);
    assert.equal(errorMessage(boleto.json), 'Método de pagamento não habilitado para este produto.');
    const pix = await checkoutPayment(api, { paymentMethod: 'pix' }, 'pix-only-ebook');
    assert.equal(dataOf(GatewayCheckoutPaymentSchema, pix.json).order?.payment?.amount, 1990);
  });

  it('issues a boleto with a valid, consistent barcode and line and serves its PDF', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'BOLETO', ...ADDRESS });
    assert.equal(r.status, 200);
    const data = dataOf(GatewayCheckoutPaymentSchema, r.json);
    const payment = data.order!.payment!;
    assert.equal(payment.status, 'WAITING_PAYMENT');
    assert.equal(payment.qrCode, null);
    const boleto = payment.boleto!;
    assert.match(boleto.barcode!, /^\d{44}$/);
    assert.match(boleto.digitableLine!, /^\d{47}$/);
    assert.ok(isValidBoletoBarcode(boleto.barcode!));
    assert.ok(isValidBoletoLine(boleto.digitableLine!));
    assert.equal(boletoBarcodeToLine(boleto.barcode!), boleto.digitableLine);
    assert.equal(boletoLineToBarcode(boleto.digitableLine!), boleto.barcode);
    assert.equal(boletoAmount(boleto.barcode!), 4990);
    // Due date: 3 days after 2025-03-10 (São Paulo time).
    assert.equal(boleto.expirationDate, '2025-03-13T12:00:00.000Z');
    assert.ok(boleto.instructions);
    // a signed link: the PDF shows the payer's name and CPF (see security.test.ts)
    assert.match(boleto.url!, new RegExp(`^${api.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/boleto/${data.id}\\.pdf\\?sig=[A-Za-z0-9_-]{43}$`));

    const pdf = await fetch(boleto.url!);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    const text = bytes.toString('latin1');
    assert.ok(text.startsWith('%PDF-1.4\n'));
    assert.ok(text.trimEnd().endsWith('%%EOF'));
    // Every xref entry points at the start of its "N 0 obj", and startxref at "xref".
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
    assert.equal(text.slice(startxref, startxref + 4), 'xref');
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    assert.equal(entries.length, 6);
    entries.forEach((off, i) => assert.equal(text.slice(off, off + `${i + 1} 0 obj`.length), `${i + 1} 0 obj`));
    // The stream length is exact.
    const stream = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(text)!;
    assert.equal(stream[2]!.length, Number(stream[1]));
    assert.ok(text.includes('R$ 49,90'));
    assert.ok(text.includes('13/03/2025'));
    const formatted = boleto.digitableLine!.replace(/^(\d{5})(\d{5})(\d{5})(\d{6})(\d{5})(\d{6})(\d)(\d{14})$/, '$1.$2 $3.$4 $5.$6 $7 $8');
    assert.ok(text.includes(formatted), 'the line is printed');

    assert.equal((await fetch(`${api.url}/boleto/nope.pdf`)).status, 403);
  });

  it('expires a pending PIX: CANCELED and expirationDate moved to now; pay afterwards -> 409', async () => {
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    clock += 1000;
    const expired = await api.control('POST', `/__sandbox/transactions/${id}/expire`);
    assert.equal(expired.status, 200);
    const tx = GatewayTransactionSchema.parse((expired.json as { transaction: unknown }).transaction);
    assert.equal(tx.status, 'CANCELED');
    assert.equal(tx.pix?.expirationDate, new Date(clock).toISOString());
    const again = await api.control('POST', `/__sandbox/transactions/${id}/pay`);
    assert.equal(again.status, 409);
    assert.equal((await api.control('POST', '/__sandbox/transactions/nope/pay')).status, 404);
    assert.equal((await api.control('POST', '/__sandbox/transactions/nope/expire')).status, 404);
  });

  it('refuses a pending boleto with a reason; the order cannot be paid twice', async () => {
    const b = await checkoutPayment(api, { paymentMethod: 'boleto', ...ADDRESS });
    const id = dataOf(GatewayCheckoutPaymentSchema, b.json).id;
    const refused = await api.control('POST', `/__sandbox/transactions/${id}/refuse`, { reason: 'Boleto cancelado' });
    const tx = GatewayTransactionSchema.parse((refused.json as { transaction: unknown }).transaction);
    assert.equal(tx.status, 'REFUSED');
    assert.equal(tx.refusedReason, 'Boleto cancelado');
    assert.equal((await api.control('POST', '/__sandbox/transactions/nope/refuse')).status, 404);

    const p = await checkoutPayment(api, { paymentMethod: 'pix' });
    api.started.sandbox.pay(dataOf(GatewayCheckoutPaymentSchema, p.json).id);
    const second = await api.call('POST', `/api/public/checkout/payment/${p.orderId}?hostname=localhost`, { ...BUYER, paymentMethod: 'pix' });
    assert.equal(second.status, 400);
    assert.equal(errorMessage(second.json), 'Este pedido já foi pago.');
  });
});
