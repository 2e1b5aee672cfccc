/** Pure pieces of the helper: tokens, scrubbing, status transitions, rate limits, normalisers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaymentSchema } from '../../../src/contract/payment.js';
import { createTokenSigner } from '../../../src/server/token.js';
import { createLogger, scrub, scrubText } from '../../../src/server/log.js';
import { canTransition, createMemoryPaymentStore, nextStatus } from '../../../src/server/payments.js';
import { createRateLimiter } from '../../../src/server/rate-limit.js';
import {
  buildCheckoutPaymentBody,
  buildTransactionBody,
  postbackTransactionId,
  readCheckoutPayment,
  readRefusal,
  readTransaction,
  toLayout,
  toPayment,
  toPaymentStatus,
} from '../../../src/server/gateway/assumptions.js';

const SECRET = 'unit-test-secret-with-enough-length-0123';

describe('checkout tokens', () => {
  it('round-trips, and rejects tampering, other secrets and expiry', () => {
    let t = 1_700_000_000_000;
    const s = createTokenSigner(SECRET, 600, () => t);
    const tok = s.sign({ kind: 'product', ref: 'demo', amount: 4990, currency: 'BRL' });
    const v = s.verify(tok);
    assert.ok(v.ok);
    if (v.ok) {
      assert.equal(v.payload.amount, 4990);
      assert.equal(v.payload.exp - v.payload.iat, 600);
      assert.equal(v.payload.orderId, undefined);
      const next = s.sign({ ...v.payload, orderId: 'ord-1' });
      const v2 = s.verify(next);
      assert.ok(v2.ok && v2.payload.jti === v.payload.jti && v2.payload.orderId === 'ord-1', 'jti carried over');
    }
    const [body, sig] = tok.split('.');
    const flipped = `${body}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.deepEqual(s.verify(flipped), { ok: false, reason: 'signature' });
    const forgedBody = Buffer.from(JSON.stringify({ v: 1, kind: 'product', ref: 'demo', amount: 1, currency: 'BRL', iat: 0, exp: 9e9, jti: 'x' })).toString('base64url');
    assert.deepEqual(s.verify(`${forgedBody}.${sig}`), { ok: false, reason: 'signature' });
    assert.equal(createTokenSigner(`${SECRET}-other`, 600, () => t).verify(tok).ok, false);
    for (const junk of [undefined, null, '', 'abc', 'a.b.c.d.e.f.g.h.i', `${body}.`, `.${sig}`, `${body}.${sig}.x`]) {
      assert.equal(s.verify(junk).ok, false, String(junk));
    }
    t += 600_000;
    const expired = s.verify(tok);
    assert.equal(expired.ok, false);
    assert.equal(!expired.ok && expired.reason, 'expired');
    // a genuine expired token still says what it was for (an order's token may keep reading its payments)
    assert.equal(!expired.ok && expired.reason === 'expired' && expired.payload.ref, 'demo');
    assert.throws(() => createTokenSigner('short', 600), /32/);
  });
});

describe('scrub', () => {
  it('removes keys, card numbers, CVVs, documents, e-mails and phones', () => {
    const key = 'sk_live_abcdef0123456789';
    const out = JSON.stringify(
      scrub(
        {
          apiKey: key,
          headers: { 'x-api-key': key, authorization: `Bearer ${key}` },
          card: { number: '4111111111111111', cvv: '123' },
          note: `card 4111 1111 1111 1111 cpf 529.982.247-25 cnpj 11.222.333/0001-81 mail maria@example.com tel (11) 98765-4321 raw 52998224725 key=${key}`,
          customer: { name: 'Maria', document: '52998224725', email: 'maria@example.com', phone: '11987654321' },
          paymentId: '7db78cda-f927-4f19-bfe9-d10666e01f60',
          status: 'PAID',
          amount: 4990,
          error: new Error(`boom ${key}`),
        },
        [key],
      ),
    );
    for (const secret of [key, '4111111111111111', '4111 1111 1111 1111', '529.982.247-25', '52998224725', '11.222.333/0001-81', 'maria@example.com', '98765-4321', '11987654321', '"123"']) {
      assert.ok(!out.includes(secret), `${secret} in ${out}`);
    }
    assert.ok(out.includes('7db78cda-f927-4f19-bfe9-d10666e01f60'), 'ids survive');
    assert.ok(out.includes('"status":"PAID"') && out.includes('"amount":4990'));
    assert.ok(!out.includes('stack'));
    // digits that are not a card (Luhn fails) are kept; dates are kept
    assert.equal(scrubText('order 1234567890123 on 2025-01-10T12:00:00.000Z'), 'order 1234567890123 on 2025-01-10T12:00:00.000Z');
    // a UUID whose hex holds a run of 10-11 digits (or digit groups across its dashes) is an id, not a phone
    for (const id of ['3f0c9a1e-5b7d-4c22-9957-a1198765432b', '12345678-1234-4123-8123-123456789012']) {
      assert.equal(scrubText(`payment ${id} paid; phone 11987654321`), `payment ${id} paid; phone [redacted]`);
    }
    // ... but a UUID-shaped API key is still removed
    const uuidKey = '0d9f6a2b-7c41-4e8a-9b3d-5f2e1c0a7b64';
    assert.equal(scrubText(`key ${uuidKey}`, [uuidKey]), 'key [redacted]');
  });

  it('the logger writes one scrubbed JSON line per entry and survives a failing sink', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), ['sk_secret_value_1']);
    log.info('payment.created', { paymentId: 'p1', detail: 'key sk_secret_value_1 card 4111111111111111' });
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!);
    assert.equal(entry.event, 'payment.created');
    assert.equal(entry.level, 'info');
    assert.ok(!lines[0]!.includes('sk_secret_value_1') && !lines[0]!.includes('4111111111111111'));
    const broken = createLogger(() => {
      throw new Error('disk full');
    });
    assert.doesNotThrow(() => broken.error('x', {}));
  });
});

describe('status transitions are monotonic', () => {
  it('pending -> paid -> refunded; never backwards; expired may still be paid', () => {
    assert.equal(nextStatus('WAITING_PAYMENT', 'PAID'), 'PAID');
    assert.equal(nextStatus('PAID', 'WAITING_PAYMENT'), 'PAID');
    assert.equal(nextStatus('PAID', 'REFUNDED'), 'REFUNDED');
    assert.equal(nextStatus('REFUNDED', 'PAID'), 'REFUNDED');
    assert.equal(nextStatus('PROCESSING', 'WAITING_PAYMENT'), 'PROCESSING');
    assert.equal(nextStatus('REFUSED', 'PAID'), 'REFUSED');
    assert.equal(nextStatus('EXPIRED', 'PAID'), 'PAID');
    assert.equal(nextStatus('EXPIRED', 'WAITING_PAYMENT'), 'EXPIRED');
    assert.equal(canTransition('PAID', 'PAID'), false);
    assert.equal(canTransition('AUTHORIZED', 'PAID'), true);
  });

  it('payment store keeps records per order, as copies', async () => {
    const store = createMemoryPaymentStore();
    const payment = { id: 'p1', orderId: 'o1', method: 'PIX' as const, status: 'WAITING_PAYMENT' as const, amount: 100, updatedAt: new Date().toISOString() };
    await store.put({ payment, checkoutId: 'c1', gatewayId: 'p1', createdAt: payment.updatedAt });
    const got = await store.get('p1');
    assert.ok(got);
    got.payment.status = 'PAID';
    assert.equal((await store.get('p1'))!.payment.status, 'WAITING_PAYMENT');
    assert.equal((await store.listByOrder('o1')).length, 1);
    assert.equal((await store.listByOrder('o2')).length, 0);
  });
});

describe('rate limiter', () => {
  it('allows `limit` per window and reports Retry-After', () => {
    let t = 0;
    const rl = createRateLimiter(() => t);
    const rule = { limit: 3, windowMs: 10_000 };
    assert.deepEqual([1, 2, 3].map(() => rl.hit('a', rule).ok), [true, true, true]);
    const denied = rl.hit('a', rule);
    assert.equal(denied.ok, false);
    if (!denied.ok) assert.equal(denied.retryAfterSeconds, 10);
    assert.equal(rl.hit('b', rule).ok, true, 'buckets are independent');
    t = 25_000; // two windows later: fully reset
    assert.equal(rl.hit('a', rule).ok, true);
  });
});

describe('gateway assumptions (normalisers)', () => {
  const now = Date.parse('2025-06-01T12:00:00.000Z');
  it('public checkout payment -> contract Payment (qrCode location, expiry sanity, refusals)', () => {
    const code = '00020101021226770014br.gov.bcb.pix2555example.com/qr/abc5204000053039865405 49.905802BR5913BYNET6009SAO PAULO62070503***6304ABCD';
    const parts = readCheckoutPayment({ id: 'tx1', order: { id: 'o1', payment: { status: 'waiting_payment', pix: { qrcode: code, expirationDate: '1970-01-01T00:00:00Z' } } } });
    const p = toPayment(parts, { orderId: 'o1', method: 'PIX', amount: 4990, pixExpiresInSeconds: 900, now });
    assert.equal(PaymentSchema.safeParse(p).success, true);
    assert.equal(p.status, 'WAITING_PAYMENT');
    assert.equal(p.pix?.code, code);
    assert.equal(p.pix?.expiresAt, new Date(now + 900_000).toISOString(), 'insane gateway expiry replaced by ours');

    const refused = toPayment(readCheckoutPayment({ id: 'tx2', order: { payment: { status: 'REFUSED', refusedReason: 'Cartão recusado', card: { brand: 'Visa', lastDigits: '0002' } } } }), {
      orderId: 'o1',
      method: 'CREDIT_CARD',
      amount: 4990,
      installments: 2,
      pixExpiresInSeconds: 900,
      now,
    });
    assert.equal(refused.status, 'REFUSED');
    assert.deepEqual(refused.refusal, { code: 'refused', message: 'Cartão recusado' });
    assert.deepEqual(refused.card, { brand: 'visa', last4: '0002' });
    assert.equal(refused.installments, 2);
  });

  it('transaction (boleto) -> digits-only line, due date, https-only pdf', () => {
    const parts = readTransaction({
      id: 'tx3',
      amount: 4990,
      status: 'WAITING_PAYMENT',
      boleto: {
        url: 'javascript:alert(1)',
        barcode: '34191.7900',
        digitableLine: '34191.79001 01043.510047 91020.150008 1 12340000004990',
        expirationDate: '2025-06-04T03:00:00.000Z',
      },
    });
    const p = toPayment(parts, { orderId: 'o1', method: 'BOLETO', amount: 4990, pixExpiresInSeconds: 900, now });
    assert.equal(p.boleto?.digitableLine, '34191790010104351004791020150008112340000004990');
    assert.equal(p.boleto?.dueDate, '2025-06-04');
    assert.equal(p.boleto?.pdfUrl, undefined);
    assert.equal(p.boleto?.barcode, undefined);
  });

  it('statuses: case-normalised, CANCELED PIX is EXPIRED, waiting after expiry is EXPIRED', () => {
    assert.equal(toPaymentStatus('paid', 'PIX', {}, now), 'PAID');
    assert.equal(toPaymentStatus('CANCELED', 'PIX', {}, now), 'EXPIRED');
    assert.equal(toPaymentStatus('CANCELED', 'CREDIT_CARD', {}, now), 'CANCELED');
    assert.equal(toPaymentStatus('waiting_payment', 'PIX', { pixExpiresAt: new Date(now - 1).toISOString() }, now), 'EXPIRED');
    assert.equal(toPaymentStatus('waiting_payment', 'PIX', { pixExpiresAt: new Date(now + 1000).toISOString() }, now), 'WAITING_PAYMENT');
    assert.equal(toPaymentStatus('something-new', 'CREDIT_CARD', {}, now), 'PROCESSING');
  });

  it('request bodies: flat public-checkout body (no extras), nested transaction body with string metadata', () => {
    const customer = { name: 'Maria', email: 'm@example.com', phone: '11987654321', document: '52998224725' };
    const pix = buildCheckoutPaymentBody({ method: 'PIX', customer, installments: 1 });
    assert.deepEqual(pix, { fullName: 'Maria', document: '52998224725', email: 'm@example.com', phone: '11987654321', paymentMethod: 'pix', installments: 1 });
    const cardBody = buildCheckoutPaymentBody({
      method: 'CREDIT_CARD',
      customer,
      card: { number: '4111111111111111', holderName: 'MARIA', expMonth: 1, expYear: 2030, cvv: '123' },
      installments: 3,
    });
    assert.deepEqual(cardBody.card, { number: '4111111111111111', holderName: 'MARIA', expirationMonth: 1, expirationYear: 2030, cvv: '123' });
    assert.equal(cardBody.paymentMethod, 'credit_card');
    const tx = buildTransactionBody({ amount: 1000, method: 'PIX', customer, installments: 1, items: [{ title: 'A', unitPrice: 1000, quantity: 1 }], orderId: 'ord_1', pixExpiresInSeconds: 900, postbackUrl: 'https://shop.example.com/webhooks/bynet' });
    assert.equal(tx.metadata, '{"orderId":"ord_1"}');
    assert.deepEqual(tx.customer.document, { number: '52998224725', type: 'CPF' });
    assert.deepEqual(tx.pix, { expiresInDays: 1 });
    assert.equal(tx.paymentMethod, 'PIX');
  });

  it('postback id: objectId, else data.id (unwrapping data.data); other types ignored', () => {
    assert.equal(postbackTransactionId({ type: 'transaction', objectId: 'abc-1' }), 'abc-1');
    assert.equal(postbackTransactionId({ data: { data: { id: 'abc-2' } } }), 'abc-2');
    assert.equal(postbackTransactionId({ type: 'checkout', objectId: 'abc-3' }), undefined);
    assert.equal(postbackTransactionId({ objectId: '../x' }), undefined);
    assert.equal(postbackTransactionId('nope'), undefined);
  });

  it('layout values are untrusted: colours, fonts and logo URLs are validated', () => {
    assert.deepEqual(toLayout({ id: 'l', primaryColor: 'red;background:url(//x)', typography: '<script>', logo: { url: 'javascript:alert(1)' } }), {
      primaryColor: null,
      typography: null,
      logoUrl: null,
    });
    assert.deepEqual(toLayout({ id: 'l', primaryColor: '#0B63CE', typography: 'inter', logo: { url: 'https://cdn.example.com/l.png' } }), {
      primaryColor: '#0B63CE',
      typography: 'INTER',
      logoUrl: 'https://cdn.example.com/l.png',
    });
  });
});

describe('refusedReason, as the docs show it and as integrators saw it', () => {
  it('decodes the JSON-encoded string of Transactions Find All (seed 001), never shows it raw', () => {
    // quoted from the Transactions Find All example: "refusedReason": "{\"code\":\"ERR_INVALID_ARG_TYPE\"}"
    const fromDocs = JSON.parse('{"refusedReason": "{\\"code\\":\\"ERR_INVALID_ARG_TYPE\\"}"}') as { refusedReason: string };
    assert.equal(fromDocs.refusedReason, '{"code":"ERR_INVALID_ARG_TYPE"}');
    const r = readRefusal(fromDocs.refusedReason);
    assert.equal(r.code, 'ERR_INVALID_ARG_TYPE');
    assert.ok(!r.message.includes('{'), r.message);
  });
  it('keeps plain acquirer text, reads objects, and survives text that only looks like JSON', () => {
    assert.deepEqual(readRefusal('Saldo insuficiente'), { code: 'refused', message: 'Saldo insuficiente' });
    assert.deepEqual(readRefusal({ code: 'insufficient_funds', message: 'Saldo insuficiente' }), { code: 'insufficient_funds', message: 'Saldo insuficiente' });
    assert.deepEqual(readRefusal('{não é json'), { code: 'refused', message: '{não é json' });
    assert.equal(readRefusal('{"code":"51","message":"Saldo insuficiente"}').message, 'Saldo insuficiente');
  });
});
