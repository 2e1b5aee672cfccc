/**
 * The widget's lean response schemas (contract/lean-responses.ts) accept exactly what the helper's
 * full schemas accept: valid answers, and the same verdict on each broken variant of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CepResponseSchema,
  ConfigResponseSchema,
  CreateOrderResponseSchema,
  ErrorEnvelopeSchema,
  PaymentResponseSchema,
} from '../../../src/contract/responses.js';
import {
  check,
  LeanCepResponseSchema,
  LeanConfigResponseSchema,
  LeanCreateOrderResponseSchema,
  LeanErrorOnlySchema,
  LeanPaymentResponseSchema,
} from '../../../src/contract/lean-responses.js';
import type { LazyLean, Lean } from '../../../src/contract/lean-responses.js';

const NOW = '2026-12-06T06:00:00.000Z';
const TOKEN = 'tok_0123456789abcdef';

const config = {
  checkout: {
    kind: 'product',
    ref: 'demo-product',
    title: 'Camiseta',
    amount: 4990,
    currency: 'BRL',
    items: [{ title: 'Camiseta', unitPrice: 4990, quantity: 1, tangible: true }],
    methods: ['PIX', 'BOLETO', 'CREDIT_CARD'],
    installments: [{ count: 1, amount: 4990, total: 4990, interest: false }],
    pixExpiresInSeconds: 900,
    addressRequiredFor: ['BOLETO'],
    shippingFee: 0,
    quantity: { max: 5 },
  },
  layout: { primaryColor: '#0b63ce', typography: null, logoUrl: null },
  token: TOKEN,
  serverTime: NOW,
  features: { statusStream: true },
};

const payment = {
  payment: {
    id: 'pay_1',
    orderId: 'ord_1',
    method: 'BOLETO',
    status: 'WAITING_PAYMENT',
    amount: 4990,
    boleto: { digitableLine: '1'.repeat(47), barcode: '2'.repeat(44), pdfUrl: 'https://x/y.pdf', dueDate: '2026-12-09' },
    card: { brand: 'visa', last4: '4242' },
    installments: 2,
    refusal: { code: 'x', message: 'y' },
    updatedAt: '2026-12-06T06:00:00-03:00',
  },
  serverTime: NOW,
};
const pixPayment = { payment: { ...payment.payment, method: 'PIX', pix: { code: '0'.repeat(30), expiresAt: NOW }, boleto: undefined }, serverTime: NOW };

/** Deep copy with `path` set to `value` (`undefined` deletes the key). */
function variant(base: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

function agree<T>(name: string, full: { safeParse(x: unknown): { success: boolean } }, lean: Lean<T> | LazyLean<T>, cases: unknown[]): void {
  for (const [i, c] of cases.entries()) {
    assert.equal(check(lean, c).success, full.safeParse(c).success, `${name} case ${i}: ${JSON.stringify(c).slice(0, 300)}`);
  }
}

const BAD = [undefined, null, '', 'x'.repeat(5000), -1, 1.5, 2 ** 60, true, [], {}, 'PIX', 'NOPE'];

test('config: valid answers pass both, and every broken field gets the same verdict', () => {
  assert.equal(check(LeanConfigResponseSchema, config).success, true);
  const paths: (string | number)[][] = [
    ['checkout', 'kind'], ['checkout', 'ref'], ['checkout', 'title'], ['checkout', 'amount'], ['checkout', 'currency'],
    ['checkout', 'items', 0, 'quantity'], ['checkout', 'items', 0, 'tangible'], ['checkout', 'methods', 0], ['checkout', 'installments', 0, 'count'],
    ['checkout', 'installments', 0, 'interest'], ['checkout', 'pixExpiresInSeconds'], ['checkout', 'addressRequiredFor', 0], ['checkout', 'shippingFee'],
    ['checkout', 'quantity', 'max'], ['layout', 'primaryColor'], ['layout', 'logoUrl'], ['token'], ['serverTime'], ['features', 'statusStream'],
  ];
  agree('config', ConfigResponseSchema, LeanConfigResponseSchema, paths.flatMap((p) => BAD.map((v) => variant(config, p, v))));
});

test('payments (PIX and boleto): the same verdicts', () => {
  assert.equal(check(LeanPaymentResponseSchema, payment).success, true);
  assert.equal(check(LeanPaymentResponseSchema, pixPayment).success, true);
  const paths: (string | number)[][] = [
    ['payment', 'id'], ['payment', 'orderId'], ['payment', 'method'], ['payment', 'status'], ['payment', 'amount'],
    ['payment', 'boleto', 'digitableLine'], ['payment', 'boleto', 'barcode'], ['payment', 'boleto', 'pdfUrl'], ['payment', 'boleto', 'dueDate'],
    ['payment', 'card', 'brand'], ['payment', 'card', 'last4'], ['payment', 'installments'], ['payment', 'refusal', 'code'], ['payment', 'updatedAt'], ['serverTime'],
  ];
  const cases = [...paths.flatMap((p) => BAD.map((v) => variant(payment, p, v))), ...BAD.map((v) => variant(pixPayment, ['payment', 'pix', 'code'], v))];
  cases.push(variant(pixPayment, ['payment', 'pix', 'expiresAt'], '2026-12-06 06:00'), variant(payment, ['payment', 'boleto', 'digitableLine'], '1'.repeat(48)));
  agree('payment', PaymentResponseSchema, LeanPaymentResponseSchema, cases);
});

test('orders, CEP and the error envelope: the same verdicts', () => {
  const order = { order: { id: 'ord_1', amount: 4990, currency: 'BRL', createdAt: NOW }, token: TOKEN };
  agree('order', CreateOrderResponseSchema, LeanCreateOrderResponseSchema, [order, ...[['order', 'id'], ['order', 'currency'], ['token']].flatMap((p) => BAD.map((v) => variant(order, p, v)))]);
  const cep = { address: { zipCode: '01310100', street: 'Av', neighborhood: 'B', city: 'C', state: 'SP' } };
  agree('cep', CepResponseSchema, LeanCepResponseSchema, [cep, ...BAD.map((v) => variant(cep, ['address', 'city'], v))]);
  const env = { error: { code: 'rate_limited', message: 'slow down', fields: [{ path: 'a', message: 'b' }] } };
  const errorOnly = { safeParse: (x: unknown) => ErrorEnvelopeSchema.safeParse(x) };
  agree('error', errorOnly, LeanErrorOnlySchema, [env, ...[['error', 'code'], ['error', 'message'], ['error', 'fields', 0, 'path']].flatMap((p) => BAD.map((v) => variant(env, p, v)))]);
});

test('the ISO date-time leaf accepts exactly what zod\'s datetime pattern (with offsets) accepts', async () => {
  const { regexes } = await import('zod/mini');
  const { iso } = await import('../../../src/contract/lean-responses.js');
  const zodIso = regexes.datetime({ offset: true });
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const times = ['T00:00:00Z', 'T23:59:59.123Z', 'T12:30:00-03:00', 'T12:30:00+14:00', 'T24:00:00Z', 'T12:60:00Z', 'T12:00:60Z', 'T12:00Z', 'T12:00:00', 'T12:00:00+24:00', 'T12:00:00.Z', 't12:00:00z'];
  let checked = 0;
  for (const year of [0, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 2400, 9999]) {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        for (const time of day % 7 === 0 ? times : times.slice(0, 3)) {
          const s = `${pad(year, 4)}-${pad(month)}-${pad(day)}${time}`;
          assert.equal(check(iso, s).success, zodIso.test(s), s);
          checked++;
        }
      }
    }
  }
  for (const junk of ['', '2026-12-06', '2026-12-06 06:00:00Z', ' 2026-12-06T06:00:00Z', '2026-12-06T06:00:00Z\n', '99999-01-01T00:00:00Z', '2026-1-06T06:00:00Z', null, 1, {}]) {
    assert.equal(check(iso, junk).success, typeof junk === 'string' && zodIso.test(junk), String(junk));
  }
  assert.ok(checked > 5000);
});

test('what passes is the parsed value: keys the contract does not name are left out', () => {
  const extra = { ...payment, debug: 1, payment: { ...payment.payment, customer: { email: 'a@b.c' }, card: { ...payment.payment.card, number: '4111111111111111' } } };
  const parsed = check(LeanPaymentResponseSchema, extra);
  assert.equal(parsed.success, true);
  assert.deepEqual(parsed.success && parsed.data, payment);
});
