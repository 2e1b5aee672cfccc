/** End-to-end flows over HTTP: widget-side calls -> helper (node:http) -> gateway sandbox. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigResponseSchema, CreateOrderResponseSchema, PaymentResponseSchema } from '../../../src/contract/helper.js';
import { parsePixCode } from '../../../src/brazil/pix.js';
import { boletoLineToBarcode, isValidBoletoBarcode, isValidBoletoLine } from '../../../src/brazil/boleto.js';
import {
  ADDRESS,
  CARD_APPROVED,
  CARD_REFUSED,
  CUSTOMER,
  assertNoSecrets,
  card,
  newKey,
  startHarness,
} from './harness.js';
import type { Harness } from './harness.js';

describe('product strategy flows', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('PIX: config -> order -> payment -> BR Code -> paid at the sandbox -> GET says PAID', async () => {
    const cfg = ConfigResponseSchema.parse(await h.config('demo-product'));
    assert.equal(cfg.checkout.kind, 'product');
    assert.equal(cfg.checkout.ref, 'demo-product');
    assert.equal(cfg.checkout.amount, 4990);
    assert.deepEqual(cfg.checkout.methods, ['PIX', 'BOLETO', 'CREDIT_CARD']);
    assert.equal(cfg.checkout.installments.length > 1, true);
    assert.equal(cfg.checkout.installments[0]!.count, 1);
    assert.equal(cfg.checkout.installments[0]!.total, 4990);
    assert.equal(cfg.layout.primaryColor, '#0b63ce');
    assert.equal(cfg.layout.typography, 'INTER');
    assert.ok(cfg.layout.logoUrl?.startsWith('http://127.0.0.1:'));
    assert.equal(cfg.features.statusStream, true);
    assert.ok(Math.abs(Date.parse(cfg.serverTime) - Date.now()) < 60_000);

    const order = CreateOrderResponseSchema.parse(await h.order(cfg.token));
    assert.equal(order.order.amount, 4990);
    assert.notEqual(order.token, cfg.token);
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/create-order/demo-product'), 1);

    const created = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(created.status, 201, created.text);
    const { payment } = PaymentResponseSchema.parse(created.json);
    assert.equal(payment.method, 'PIX');
    assert.equal(payment.status, 'WAITING_PAYMENT');
    assert.equal(payment.orderId, order.order.id);
    assert.equal(payment.amount, 4990);
    assert.ok(payment.pix, 'pix data present');
    const parsed = parsePixCode(payment.pix.code);
    assert.equal(parsed.ok, true, 'BR Code CRC and layout valid');
    if (parsed.ok) assert.equal(parsed.amount, 4990);
    assert.ok(Date.parse(payment.pix.expiresAt) > Date.now());

    // the gateway received the flat body with lower-case method, hostname on the query
    const payCall = h.sb.sandbox.calls.find((c) => c.path === `/api/public/checkout/payment/${order.order.id}`);
    assert.equal(payCall?.query, 'hostname=localhost');

    const pending = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(pending.status, 200);
    assert.equal(pending.json.payment.status, 'WAITING_PAYMENT');
    assert.equal(pending.json.payment.pix.code, payment.pix.code, 'PIX data kept from creation');

    const paid = await fetch(`${h.sb.url}/__sandbox/transactions/${payment.id}/pay`, { method: 'POST' });
    assert.equal(paid.status, 200);
    await paid.text();

    await new Promise((r) => setTimeout(r, 1100)); // past the status cache
    const after = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(after.status, 200);
    const parsedAfter = PaymentResponseSchema.parse(after.json);
    assert.equal(parsedAfter.payment.status, 'PAID');
    assert.equal(parsedAfter.payment.pix?.code, payment.pix.code);
  });

  it('BOLETO: address required; valid digitable line and barcode', async () => {
    const cfg = await h.config();
    const order = await h.order(cfg.token);
    const noAddress = await h.pay(order, { method: 'BOLETO', customer: CUSTOMER });
    assert.equal(noAddress.status, 400);
    assert.equal(noAddress.json.error.code, 'invalid_request');
    assert.deepEqual(noAddress.json.error.fields.map((f: { path: string }) => f.path), ['address']);

    const res = await h.pay(order, { method: 'BOLETO', customer: CUSTOMER, address: ADDRESS });
    assert.equal(res.status, 201, res.text);
    const { payment } = PaymentResponseSchema.parse(res.json);
    assert.equal(payment.method, 'BOLETO');
    assert.equal(payment.status, 'WAITING_PAYMENT');
    assert.ok(payment.boleto);
    assert.ok(isValidBoletoLine(payment.boleto.digitableLine));
    assert.ok(payment.boleto.barcode && isValidBoletoBarcode(payment.boleto.barcode));
    assert.equal(boletoLineToBarcode(payment.boleto.digitableLine), payment.boleto.barcode);
    assert.match(payment.boleto.dueDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(payment.boleto.pdfUrl?.startsWith('http'));
  });

  it('CREDIT_CARD approved: PAID with brand and last digits only', async () => {
    const cfg = await h.config();
    const order = await h.order(cfg.token);
    const res = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_APPROVED), installments: 3 });
    assert.equal(res.status, 201, res.text);
    const { payment } = PaymentResponseSchema.parse(res.json);
    assert.equal(payment.status, 'PAID');
    assert.deepEqual(payment.card, { brand: 'visa', last4: '1111' });
    assert.equal(payment.installments, 3);
    assert.equal(payment.refusal, undefined);
  });

  it('CREDIT_CARD refused by the issuer: 201 with status REFUSED and a refusal', async () => {
    const cfg = await h.config();
    const order = await h.order(cfg.token);
    const res = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_REFUSED) });
    assert.equal(res.status, 201, res.text);
    const { payment } = PaymentResponseSchema.parse(res.json);
    assert.equal(payment.status, 'REFUSED');
    assert.ok(payment.refusal);
    assert.ok(payment.refusal.message.length > 0);

    // a refused payment does not block a new attempt on the same order
    const retry = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_APPROVED) });
    assert.equal(retry.status, 201, retry.text);
    assert.equal(retry.json.payment.status, 'PAID');
    assert.notEqual(retry.json.payment.id, payment.id);
  });

  it('rejects what the checkout does not offer and bad buyer data before calling the gateway', async () => {
    const cfg = await h.config('pix-only-ebook');
    assert.deepEqual(cfg.checkout.methods, ['PIX']);
    assert.deepEqual(cfg.checkout.installments, []);
    const order = await h.order(cfg.token);
    const before = h.sb.sandbox.calls.length;
    const cases: Array<[unknown, string]> = [
      [{ method: 'BOLETO', customer: CUSTOMER, address: ADDRESS }, 'method'],
      [{ method: 'PIX', customer: { ...CUSTOMER, document: '12345678900' } }, 'customer.document'],
      [{ method: 'PIX', customer: CUSTOMER, card: card(CARD_APPROVED) }, 'card'],
      [{ method: 'PIX', customer: CUSTOMER, installments: 3 }, 'installments'],
      [{ method: 'PIX', customer: CUSTOMER, amount: 1 }, ''],
      [{ method: 'PIX', customer: { ...CUSTOMER, email: 'not-an-email' } }, 'customer.email'],
    ];
    for (const [body, path] of cases) {
      const res = await h.pay(order, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.error.code, 'invalid_request');
      assert.ok(Array.isArray(res.json.error.fields) && res.json.error.fields.length > 0);
      if (path) assert.ok(res.json.error.fields.some((f: { path: string }) => f.path === path), `${path} in ${res.text}`);
    }
    // card number failing Luhn, on a card-enabled product
    const cardCfg = await h.config();
    const cardOrder = await h.order(cardCfg.token);
    const calls = h.sb.sandbox.calls.length;
    const bad = await h.pay(cardOrder, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card('4111111111111112') });
    assert.equal(bad.status, 400);
    assert.ok(bad.json.error.fields.some((f: { path: string }) => f.path === 'card.number'));
    assert.equal(h.sb.sandbox.calls.length, calls, 'no gateway call for an invalid card');
    assert.ok(h.sb.sandbox.calls.length - before <= 4, 'only config/order calls were made');
  });

  it('unknown and inactive products answer 404 product_unavailable', async () => {
    for (const p of ['no-such-product', 'produto-inativo']) {
      const r = await h.call<any>('GET', `/config?product=${p}`);
      assert.equal(r.status, 404, p);
      assert.equal(r.json.error.code, 'product_unavailable');
    }
    const both = await h.call<any>('GET', '/config?product=demo-product&cart=abc');
    assert.equal(both.status, 400);
    const none = await h.call<any>('GET', '/config');
    assert.equal(none.status, 400);
    assert.equal(none.json.error.code, 'invalid_request');
  });

  it('caches product and layout for a while (one gateway call each for many configs)', async () => {
    const productCalls = h.gatewayCalls('GET', '/api/user/products/');
    const layoutCalls = h.gatewayCalls('GET', '/api/user/checkout/layout');
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) tokens.add((await h.config()).token);
    assert.equal(tokens.size, 5, 'a fresh token each time');
    assert.equal(h.gatewayCalls('GET', '/api/user/products/'), productCalls);
    assert.equal(h.gatewayCalls('GET', '/api/user/checkout/layout'), layoutCalls);
  });

  it('CEP lookup needs a token and answers the built-in table', async () => {
    const cfg = await h.config();
    const noToken = await h.call<any>('GET', '/cep/01001000');
    assert.equal(noToken.status, 401);
    const ok = await h.call<any>('GET', '/cep/01001-000', { token: cfg.token });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json.address, { zipCode: '01001000', street: 'Praça da Sé', neighborhood: 'Sé', city: 'São Paulo', state: 'SP' });
    const missing = await h.call<any>('GET', '/cep/99999999', { token: cfg.token });
    assert.equal(missing.status, 404);
    const bad = await h.call<any>('GET', '/cep/123', { token: cfg.token });
    assert.equal(bad.status, 400);
  });

  it('leaks no API key, card number or CVV in any response or log line', () => {
    assertNoSecrets(h);
    assert.ok(h.logs.some((l) => l.includes('"payment.created"')), 'logs were captured');
    assert.ok(newKey() !== newKey());
  });
});
