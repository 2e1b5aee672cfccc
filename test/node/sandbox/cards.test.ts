import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GatewayCheckoutPaymentSchema, GatewaySummarySchema, GatewayTransactionSchema } from '../../../src/contract/gateway.js';
import { TEST_CARDS, createSandbox } from '../../../src/sandbox/index.js';
import { API_KEY, BUYER, UA, cardBody, checkoutPayment, dataOf, errorMessage, receiver, start, waitFor } from './helpers.js';
import type { Api } from './helpers.js';

/** Every key and string value in a JSON-like tree. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
  return out;
}

describe('sandbox: credit card outcomes', () => {
  let api: Api;
  let clock = Date.parse('2025-06-01T12:00:00.000Z');
  before(async () => {
    api = await start({ now: () => clock, processingDelayMs: 60_000 });
  });
  beforeEach(() => api.started.sandbox.reset());
  after(() => api.close());

  for (const card of TEST_CARDS) {
    it(`${card.number} (${card.label}) -> ${card.status}`, async () => {
      const r = await checkoutPayment(api, cardBody(card.number, { installments: 3 }));
      // Refusals are 2xx too, as on the real gateway.
      assert.equal(r.status, 200);
      assert.ok(!r.text.includes(card.number), 'the full number is not echoed');
      const payment = dataOf(GatewayCheckoutPaymentSchema, r.json).order!.payment!;
      assert.equal(payment.status, card.status);
      assert.equal(payment.installments, 3);
      assert.deepEqual(payment.card, { brand: card.brand, lastDigits: card.number.slice(-4), holderName: 'MARIA SILVA' });
      assert.equal(payment.refusedReason, card.refusal?.message ?? null);
      assert.equal((payment as { refusedCode?: unknown }).refusedCode, card.refusal?.code ?? null);
      const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
      const tx = dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${id}`)).json);
      assert.equal(tx.status, card.status);
      assert.equal(tx.paymentMethod, 'CREDIT_CARD');
      assert.equal(tx.card?.lastDigits, card.number.slice(-4));
      assert.equal(tx.paidAt, card.status === 'PAID' ? new Date(clock).toISOString() : null);
    });
  }

  it('approves any other Luhn-valid number with the detected brand', async () => {
    const r = await checkoutPayment(api, cardBody('4012888888881881'));
    const payment = dataOf(GatewayCheckoutPaymentSchema, r.json).order!.payment!;
    assert.equal(payment.status, 'PAID');
    assert.equal(payment.card?.brand, 'visa');
    assert.equal(payment.card?.lastDigits, '1881');
  });

  it('answers 400 for a number that fails Luhn, a wrong CVV length, an expired date, too many installments', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [cardBody('4111111111111112'), 'card: O campo "number" não é um número de cartão válido.'],
      [cardBody('4111111111111111', { card: { ...cardBody('4111111111111111').card, cvv: '12' } }), 'card: O campo "cvv" deve ter 3 ou 4 dígitos.'],
      [cardBody('378282246310005', { card: { ...cardBody('378282246310005').card, cvv: '123' } }), 'card: O campo "cvv" deve ter 4 dígitos.'],
      [cardBody('4111111111111111', { card: { ...cardBody('4111111111111111').card, expirationYear: 2024 } }), 'card: O cartão está vencido ou a data de validade é inválida.'],
      [cardBody('4111111111111111', { card: { ...cardBody('4111111111111111').card, brand: 'visa' } }), 'card: O campo "brand" não é permitido.'],
      [cardBody('4111111111111111', { installments: 13 }), 'O número de parcelas deve ser no máximo 12.'],
    ];
    for (const [body, message] of cases) {
      const r = await checkoutPayment(api, body);
      assert.equal(r.status, 400);
      assert.equal(errorMessage(r.json), message);
    }
    const ebook = await checkoutPayment(api, cardBody('4111111111111111'), 'pix-only-ebook');
    assert.equal(ebook.status, 400);
    assert.equal(api.started.sandbox.counts().transactions, 0);
  });

  it('accepts two-digit years and numeric strings for the expiry', async () => {
    const yy = (new Date(clock).getUTCFullYear() + 2) % 100;
    const r = await checkoutPayment(api, cardBody('5555555555554444', { card: { ...cardBody('5555555555554444').card, expirationMonth: '07', expirationYear: yy } }));
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    const tx = dataOf(GatewayTransactionSchema, (await api.call('GET', `/api/user/transactions/${id}`)).json);
    assert.equal(tx.card?.expirationMonth, 7);
    assert.equal(tx.card?.expirationYear, 2000 + yy);
  });

  it('keeps 4000000000000077 PROCESSING until processingDelayMs passes on the injected clock, then PAID', async () => {
    const r = await checkoutPayment(api, cardBody('4000000000000077'));
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    const summary = async () => dataOf(GatewaySummarySchema, (await api.call('GET', `/api/user/transactions/${id}/summary`)).json);
    assert.equal((await summary()).status, 'PROCESSING');
    clock += 59_999;
    assert.equal((await summary()).status, 'PROCESSING');
    clock += 1;
    const s = await summary();
    assert.equal(s.status, 'PAID');
    assert.equal(s.paidAt, new Date(clock).toISOString());
  });

  it('settles a processing card by itself after a short real delay and posts paid', async () => {
    const hook = await receiver();
    const other = await start({ processingDelayMs: 30, postbackUrl: hook.url });
    try {
      const r = await checkoutPayment(other, cardBody('4000000000000077'));
      const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
      await waitFor(() => hook.bodies.length >= 2);
      await other.started.sandbox.idle();
      const statuses = hook.bodies.map((b) => (b as { data: { status: string } }).data.status);
      assert.deepEqual(statuses, ['processing', 'paid']);
      const tx = dataOf(GatewayTransactionSchema, (await other.call('GET', `/api/user/transactions/${id}`)).json);
      assert.equal(tx.status, 'PAID');
    } finally {
      await other.close();
      await hook.close();
    }
  });

  it('never stores or logs the card number or the CVV', async () => {
    const lines: string[] = [];
    const sb = createSandbox({ apiKey: API_KEY, log: (l) => lines.push(l) });
    const headers = { 'x-api-key': API_KEY, 'user-agent': UA, 'content-type': 'application/json' };
    const used: { number: string; cvv: string }[] = [];
    for (const [i, card] of TEST_CARDS.entries()) {
      const order = await sb.handle(new Request('http://127.0.0.1/api/public/checkout/create-order/demo-product?hostname=localhost', { method: 'POST', headers }));
      const orderId = dataOf(GatewayCheckoutPaymentSchema, await order.json()).id;
      const cvv = card.number.startsWith('37') ? `${7000 + i}` : `${900 + i}`;
      used.push({ number: card.number, cvv });
      const body = { ...BUYER, ...cardBody(card.number), card: { ...cardBody(card.number).card, cvv } };
      const res = await sb.handle(new Request(`http://127.0.0.1/api/public/checkout/payment/${orderId}?hostname=localhost`, { method: 'POST', headers, body: JSON.stringify(body) }));
      assert.equal(res.status, 200);
    }
    // The user API takes card data too.
    const direct = await sb.handle(
      new Request('http://127.0.0.1/api/user/transactions', {
        method: 'POST',
        headers,
        body: JSON.stringify({
          amount: 1500,
          paymentMethod: 'CREDIT_CARD',
          installments: 2,
          card: { number: '6062825624254001', holderName: 'JOSE', expirationMonth: 1, expirationYear: 2040, cvv: '951' },
          customer: { name: 'José Souza', email: 'jose@example.com', document: { number: BUYER.document, type: 'CPF' } },
          items: [{ title: 'Item', unitPrice: 1500, quantity: 1, tangible: false }],
        }),
      }),
    );
    assert.equal(direct.status, 200);
    used.push({ number: '6062825624254001', cvv: '951' });
    sb.dispose();

    const stateJson = JSON.stringify(sb.state);
    assert.ok(!strings(sb.state).some((s) => /^cvv$/i.test(s)), 'no cvv key anywhere in the state');
    // CVV values are looked for where payments live (seeded street numbers could match by chance).
    const { transactions, orders, customers } = sb.state;
    const all = strings({ transactions, orders, customers: customers.filter((c) => c.document.number === BUYER.document) });
    for (const { number, cvv } of used) {
      assert.ok(!stateJson.includes(number), `state has no ${number.slice(-4)} full number`);
      assert.ok(!all.includes(cvv), 'no CVV value stored');
      for (const l of lines) {
        assert.ok(!l.includes(number), 'log lines carry no card number');
        assert.ok(!/cvv/i.test(l), 'log lines carry no CVV field');
        // Ids and the duration suffix may hold any digits; nothing else may hold the CVV.
        const rest = l.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '').replace(/\(\d+ ms\)$/, '');
        assert.ok(!rest.includes(cvv), 'log lines carry no CVV');
      }
    }
    assert.ok(lines.length > 0, 'calls were logged');
    // What is kept: the last four digits.
    assert.deepEqual(
      sb.state.transactions.map((t) => t.card?.lastDigits),
      used.map((u) => u.number.slice(-4)),
    );
  });
});
