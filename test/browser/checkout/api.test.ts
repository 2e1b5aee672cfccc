import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { createHelperClient, newIdempotencyKey, parseRetryAfter } from '../../../src/checkout/api.js';
import { CheckoutError, isAbortError } from '../../../src/checkout/errors.js';
import type { CreatePaymentRequest, PaymentResponse } from '../../../src/contract/helper.js';
import { config, ORDER_TOKEN, payment, paymentResponse, SERVER_TIME, TOKEN } from './fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const envelope = (code: string, message = 'nope', extra: Record<string, unknown> = {}) => ({ error: { code, message, ...extra } });

function sse(chunks: string[], headers: Record<string, string> = { 'Content-Type': 'text/event-stream' }): Response {
  const enc = new TextEncoder();
  return new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(enc.encode(ch));
        c.close();
      },
    }),
    { status: 200, headers },
  );
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
async function checkoutError(p: Promise<unknown>): Promise<CheckoutError> {
  const e = await rejection(p);
  expect(e).to.be.instanceOf(CheckoutError);
  return e as CheckoutError;
}

const BODY: CreatePaymentRequest = {
  method: 'PIX',
  customer: { name: 'Maria Silva', email: 'maria@example.com', phone: '11987654321', document: '52998224725' },
};

describe('helper client', () => {
  let fetchStub: sinon.SinonStub<Parameters<typeof fetch>, ReturnType<typeof fetch>>;
  const client = () => createHelperClient({ endpoint: '/api/checkout/' });
  const call = (i = 0) => {
    const [url, init] = fetchStub.getCall(i).args as [string, RequestInit];
    return { url, init, headers: new Headers(init.headers) };
  };

  beforeEach(() => {
    fetchStub = sinon.stub(window, 'fetch');
  });
  afterEach(() => sinon.restore());

  describe('requests', () => {
    it('GET /config with the product, same-origin credentials only, and returns the validated config', async () => {
      fetchStub.resolves(json(config()));
      const cfg = await client().getConfig({ product: 'prod 1/x' });
      expect(cfg.checkout.amount).to.equal(4990);
      const { url, init, headers } = call();
      expect(url).to.equal('/api/checkout/config?product=prod+1%2Fx');
      expect(init.method).to.equal('GET');
      expect(init.credentials).to.equal('same-origin');
      expect(headers.has('X-Checkout-Token')).to.equal(false);
      expect(headers.has('Content-Type')).to.equal(false);
      expect(init.body).to.equal(undefined);
    });

    it('GET /config with a cart reference', async () => {
      fetchStub.resolves(json(config({ kind: 'cart', ref: 'c1' })));
      await client().getConfig({ cart: 'c1' });
      expect(call().url).to.equal('/api/checkout/config?cart=c1');
    });

    it('POST /orders with the token, a generated v4 Idempotency-Key, JSON content type and an empty body', async () => {
      fetchStub.resolves(json({ order: { id: 'ord_1', amount: 4990, currency: 'BRL', createdAt: SERVER_TIME }, token: ORDER_TOKEN }));
      const r = await client().createOrder(TOKEN);
      expect(r.order.id).to.equal('ord_1');
      const { url, init, headers } = call();
      expect(url).to.equal('/api/checkout/orders');
      expect(init.method).to.equal('POST');
      expect(headers.get('X-Checkout-Token')).to.equal(TOKEN);
      expect(headers.get('Idempotency-Key')).to.match(UUID);
      expect(headers.get('Content-Type')).to.equal('application/json');
      expect(init.body).to.equal('{}');
    });

    it('POST /orders/:id/payments with the given key and the body as JSON', async () => {
      fetchStub.resolves(json(paymentResponse(payment('PIX'))));
      const r = await client().createPayment('ord/1', ORDER_TOKEN, BODY, 'key-123');
      expect(r.payment.id).to.equal('pay_1');
      const { url, init, headers } = call();
      expect(url).to.equal('/api/checkout/orders/ord%2F1/payments');
      expect(headers.get('Idempotency-Key')).to.equal('key-123');
      expect(headers.get('X-Checkout-Token')).to.equal(ORDER_TOKEN);
      expect(JSON.parse(init.body as string)).to.deep.equal(BODY);
    });

    it('GET /payments/:id with the token and no idempotency key', async () => {
      fetchStub.resolves(json(paymentResponse(payment('BOLETO'))));
      const r = await client().getPayment('pay_1', ORDER_TOKEN);
      expect(r.payment.method).to.equal('BOLETO');
      const { url, init, headers } = call();
      expect(url).to.equal('/api/checkout/payments/pay_1');
      expect(init.method).to.equal('GET');
      expect(headers.get('X-Checkout-Token')).to.equal(ORDER_TOKEN);
      expect(headers.has('Idempotency-Key')).to.equal(false);
    });

    it('GET /cep/:cep with digits only; a 404 means "unknown CEP" (null)', async () => {
      const address = { zipCode: '01310100', street: 'Avenida Paulista', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP' };
      fetchStub.onFirstCall().resolves(json({ address }));
      fetchStub.onSecondCall().resolves(json(envelope('not_found'), 404));
      expect(await client().lookupCep('01310-100', TOKEN)).to.deep.equal(address);
      expect(call().url).to.equal('/api/checkout/cep/01310100');
      expect(await client().lookupCep('99999-999', TOKEN)).to.equal(null);
    });

    it('makes fresh, distinct v4 keys', () => {
      const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
      expect(keys.size).to.equal(50);
      for (const k of keys) expect(k).to.match(UUID);
    });

    it('retries 409 idempotency_in_flight with the SAME key after Retry-After', async () => {
      fetchStub.onFirstCall().resolves(json(envelope('idempotency_in_flight'), 409, { 'Retry-After': '0' }));
      fetchStub.onSecondCall().resolves(json(paymentResponse(payment('PIX'))));
      const r = await client().createPayment('ord_1', ORDER_TOKEN, BODY, 'same-key');
      expect(r.payment.id).to.equal('pay_1');
      expect(fetchStub.callCount).to.equal(2);
      expect(call(0).headers.get('Idempotency-Key')).to.equal('same-key');
      expect(call(1).headers.get('Idempotency-Key')).to.equal('same-key');
    });
  });

  describe('error mapping', () => {
    const cases: [string, () => Response, Partial<CheckoutError>][] = [
      ['400 invalid_request with fields', () => json(envelope('invalid_request', 'bad', { fields: [{ path: 'customer.email', message: 'Invalid email' }] }), 400),
        { code: 'http', status: 400, apiCode: 'invalid_request', recoverable: false, fields: [{ path: 'customer.email', message: 'Invalid email' }] }],
      ['401 invalid_token', () => json(envelope('invalid_token'), 401), { code: 'session', apiCode: 'invalid_token', recoverable: false }],
      ['402 payment_refused', () => json(envelope('payment_refused'), 402), { code: 'payment-refused', status: 402, recoverable: true }],
      ['404 not_found on a payment', () => json(envelope('not_found'), 404), { code: 'session', status: 404, recoverable: false }],
      ['422 idempotency_mismatch', () => json(envelope('idempotency_mismatch'), 422), { code: 'http', apiCode: 'idempotency_mismatch', recoverable: false }],
      ['429 rate_limited + Retry-After', () => json(envelope('rate_limited'), 429, { 'Retry-After': '3' }), { code: 'rate-limited', retryAfterMs: 3000, recoverable: true }],
      ['500 internal_error', () => json(envelope('internal_error'), 500), { code: 'http', status: 500, recoverable: true }],
      ['502 upstream_error', () => json(envelope('upstream_error'), 502), { code: 'http', apiCode: 'upstream_error', recoverable: true }],
      ['504 upstream_timeout', () => json(envelope('upstream_timeout'), 504), { code: 'timeout', status: 504, recoverable: true }],
      ['502 with an HTML body (a proxy page)', () => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
        { code: 'http', status: 502, apiCode: undefined, recoverable: true }],
      ['200 that is not JSON', () => new Response('<html>login</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }), { code: 'invalid-response', recoverable: true }],
      ['200 JSON off the contract', () => json({ payment: { id: 'x' }, serverTime: SERVER_TIME }), { code: 'invalid-response' }],
      ['200 with an unknown status', () => json(paymentResponse({ ...payment('PIX'), status: 'weird' as never })), { code: 'invalid-response' }],
    ];
    for (const [label, res, expected] of cases) {
      it(`${label} -> ${expected.code}`, async () => {
        fetchStub.resolves(res());
        const e = await checkoutError(client().getPayment('pay_1', ORDER_TOKEN));
        expect(e.name).to.equal('CheckoutError');
        for (const [k, v] of Object.entries(expected)) expect((e as unknown as Record<string, unknown>)[k], k).to.deep.equal(v);
      });
    }

    it('409 order_paid on a new payment -> order-paid carrying the validated payment, not retried', async () => {
      const paid = payment('CREDIT_CARD', 'PAID', { amount: 6012, installments: 12 });
      fetchStub.resolves(json({ ...envelope('order_paid', 'This order is already paid.'), payment: paid }, 409));
      const e = await checkoutError(client().createPayment('ord_1', ORDER_TOKEN, BODY, 'k1'));
      expect(fetchStub.callCount).to.equal(1);
      expect(e).to.deep.include({ code: 'order-paid', status: 409, apiCode: 'order_paid', recoverable: false });
      expect(e.payment).to.deep.equal(paid);
    });

    it('409 order_paid with a missing or off-contract payment -> order-paid without one (never a retryable 409)', async () => {
      for (const extra of [{}, { payment: { id: 'x' } }]) {
        fetchStub.resolves(json({ ...envelope('order_paid'), ...extra }, 409));
        const e = await checkoutError(client().createPayment('ord_1', ORDER_TOKEN, BODY, 'k1'));
        expect(e).to.deep.include({ code: 'order-paid', apiCode: 'order_paid', recoverable: false });
        expect(e.payment).to.equal(undefined);
      }
    });

    it('404 on /config means the checkout is misconfigured', async () => {
      fetchStub.resolves(json(envelope('not_found'), 404));
      const e = await checkoutError(client().getConfig({ product: 'missing' }));
      expect(e.code).to.equal('config');
      expect(e.recoverable).to.equal(false);
    });

    it('a TypeError from fetch -> network', async () => {
      fetchStub.rejects(new TypeError('Failed to fetch'));
      const e = await checkoutError(client().getConfig({ product: 'p' }));
      expect(e.code).to.equal('network');
      expect(e.recoverable).to.equal(true);
    });

    it('no answer within the timeout -> timeout, and the request is aborted', async () => {
      let signal: AbortSignal | undefined;
      fetchStub.callsFake((_u, init) => {
        signal = init?.signal ?? undefined;
        return new Promise((_, reject) => signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      });
      const e = await checkoutError(createHelperClient({ endpoint: '/h', timeoutMs: 30 }).getPayment('p', ORDER_TOKEN));
      expect(e.code).to.equal('timeout');
      expect(signal!.aborted).to.equal(true);
    });

    it('an abort by the caller rejects with AbortError, not a CheckoutError', async () => {
      fetchStub.callsFake((_u, init) => new Promise((_, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
      const ctrl = new AbortController();
      const p = client().getPayment('p', ORDER_TOKEN, { signal: ctrl.signal });
      ctrl.abort();
      const e = await rejection(p);
      expect(e).not.to.be.instanceOf(CheckoutError);
      expect(isAbortError(e)).to.equal(true);
    });

    it('gives up on 409 after the allowed retries', async () => {
      fetchStub.callsFake(async () => json(envelope('idempotency_in_flight'), 409, { 'Retry-After': '0' }));
      const e = await checkoutError(createHelperClient({ endpoint: '/h', inFlightRetries: 2 }).createOrder(TOKEN, 'k'));
      expect(e.apiCode).to.equal('idempotency_in_flight');
      expect(e.recoverable).to.equal(true);
      expect(fetchStub.callCount).to.equal(3);
    });

    it('parses Retry-After as seconds or as an HTTP date', () => {
      expect(parseRetryAfter('2')).to.equal(2000);
      expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).to.equal(6000);
      expect(parseRetryAfter('soon')).to.equal(undefined);
      expect(parseRetryAfter(null)).to.equal(undefined);
    });
  });

  describe('status stream', () => {
    const ev = (p: PaymentResponse) => `data: ${JSON.stringify(p)}\n\n`;

    it('reads events split across chunks (LF and CRLF), skips comments, resolves at the end', async () => {
      const a = ev(paymentResponse(payment('PIX')));
      const b = ev(paymentResponse(payment('PIX', 'PAID'))).replace(/\n/g, '\r\n');
      fetchStub.resolves(sse([': hello\n\n', a.slice(0, 17), a.slice(17), b.slice(0, b.length - 1), b.slice(-1)]));
      const seen: string[] = [];
      await client().openEvents('pay_1', ORDER_TOKEN, (e) => seen.push(e.payment.status));
      expect(seen).to.deep.equal(['WAITING_PAYMENT', 'PAID']);
      const { url, headers } = call();
      expect(url).to.equal('/api/checkout/payments/pay_1/events');
      expect(headers.get('Accept')).to.equal('text/event-stream');
      expect(headers.get('X-Checkout-Token')).to.equal(ORDER_TOKEN);
    });

    it('rejects with invalid-response on an off-contract event', async () => {
      fetchStub.resolves(sse(['data: {"payment":{"id":1}}\n\n']));
      const e = await checkoutError(client().openEvents('pay_1', ORDER_TOKEN, () => undefined));
      expect(e.code).to.equal('invalid-response');
    });

    it('rejects when the answer is not an event stream, or an error', async () => {
      fetchStub.onFirstCall().resolves(json({ ok: true }));
      fetchStub.onSecondCall().resolves(json(envelope('not_found'), 404));
      expect((await checkoutError(client().openEvents('p', ORDER_TOKEN, () => undefined))).code).to.equal('invalid-response');
      expect((await checkoutError(client().openEvents('p', ORDER_TOKEN, () => undefined))).code).to.equal('session');
    });

    it('rejects with timeout when the stream goes silent, and resolves quietly when the caller aborts', async () => {
      const silent = () =>
        new Response(new ReadableStream<Uint8Array>({ start: () => undefined }), { headers: { 'Content-Type': 'text/event-stream' } });
      fetchStub.callsFake(async () => silent());
      const e = await checkoutError(createHelperClient({ endpoint: '/h', streamIdleMs: 30 }).openEvents('p', ORDER_TOKEN, () => undefined));
      expect(e.code).to.equal('timeout');
      const ctrl = new AbortController();
      const p = client().openEvents('p', ORDER_TOKEN, () => undefined, ctrl.signal);
      setTimeout(() => ctrl.abort(), 10);
      expect(await p).to.equal(undefined);
    });
  });
});
