import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { GatewayTransactionSchema } from '../../../src/contract/gateway.js';
import { createSandbox, isDroppedResponse } from '../../../src/sandbox/index.js';
import { API_KEY, BUYER, ErrorEnvelope, UA, cardBody, dataOf, plainList, start } from './helpers.js';
import type { Api } from './helpers.js';

const OrderId = z.looseObject({ id: z.string() });

const pixTransaction = (amount = 2500) => ({
  amount,
  paymentMethod: 'PIX',
  customer: { name: 'Rita Lopes', email: 'rita@example.com', document: { number: '52998224725', type: 'CPF' } },
  items: [{ title: 'Pedido', unitPrice: amount, quantity: 1 }],
  metadata: JSON.stringify({ orderId: 'ord-42' }),
});

/** A raw gateway call whose failure (no HTTP answer) is returned instead of thrown. */
async function rawCall(api: Api, method: string, path: string, body?: unknown): Promise<Response | Error> {
  try {
    return await fetch(api.url + path, {
      method,
      headers: { 'x-api-key': API_KEY, 'user-agent': UA, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    return e as Error;
  }
}

describe('sandbox: faults that apply the call and lose the answer', () => {
  let api: Api;
  before(async () => {
    api = await start();
  });
  beforeEach(() => api.started.sandbox.reset());
  after(() => api.close());

  it('afterCommit + status 502: the card payment is created and charged, the client gets a 502 envelope', async () => {
    const set = await api.control('POST', '/__sandbox/faults', { route: 'POST /api/public/checkout/payment/*', afterCommit: true, status: 502, times: 1 });
    assert.equal(set.status, 201);
    assert.deepEqual((set.json as { fault: unknown }).fault, { route: 'POST /api/public/checkout/payment/*', afterCommit: true, status: 502, times: 1, id: 1, hits: 0 });

    const order = await api.call('POST', '/api/public/checkout/create-order/demo-product?hostname=localhost');
    assert.equal(order.status, 201, 'other routes are not affected');
    const orderId = dataOf(OrderId, order.json).id;
    const paid = await api.call('POST', `/api/public/checkout/payment/${orderId}?hostname=localhost`, { ...BUYER, ...cardBody('4111111111111111') });
    assert.equal(paid.status, 502);
    const env = ErrorEnvelope.parse(paid.json);
    assert.equal(env.error, 'Bad Gateway');
    assert.equal(env.status, 502);
    assert.equal(env.message, 'Erro interno do servidor.');

    // The payment exists and was charged.
    const state = api.started.sandbox.state;
    assert.equal(state.transactions.length, 1);
    assert.equal(state.transactions[0]!.status, 'PAID');
    assert.equal(state.orders[0]!.status, 'PAID');
    const call = api.started.sandbox.calls.find((c) => c.path.startsWith('/api/public/checkout/payment/'));
    assert.deepEqual(call, { method: 'POST', path: `/api/public/checkout/payment/${orderId}`, query: 'hostname=localhost', status: 502, committedStatus: 200 });
    assert.ok(api.lines.some((l) => l.includes('-> 502, performed as 200')));

    // The helper can find it by listing the buyer's transactions (metadata names the order).
    const listed = await api.call('GET', `/api/user/transactions?documentNumber=529.982.247-25&status=PAID,%20WAITING_PAYMENT&limit=100`);
    assert.equal(listed.status, 200);
    const found = dataOf(plainList(GatewayTransactionSchema), listed.json).filter((t) => JSON.parse(String(t.metadata)).orderId === orderId);
    assert.deepEqual(found.map((t) => t.id), [state.transactions[0]!.id]);

    // A blind retry is refused (the order is paid); `times: 1` is used up.
    const retry = await api.call('POST', `/api/public/checkout/payment/${orderId}?hostname=localhost`, { ...BUYER, ...cardBody('4111111111111111') });
    assert.equal(retry.status, 400);
    assert.equal(ErrorEnvelope.parse(retry.json).message, 'Este pedido já foi pago.');
    assert.deepEqual((await api.control('GET', '/__sandbox/faults')).json, { faults: [] });
  });

  it('afterCommit + status: the fault applies even when the real answer was an error, and keeps counting `times`', async () => {
    api.started.sandbox.setFault({ route: 'POST /api/user/transactions', afterCommit: true, status: 503, times: 2 });
    const bad = await api.call('POST', '/api/user/transactions', { amount: 0 });
    assert.equal(bad.status, 503);
    assert.equal(api.started.sandbox.calls.at(-1)!.committedStatus, 400);
    const good = await api.call('POST', '/api/user/transactions', pixTransaction());
    assert.equal(good.status, 503);
    assert.match(ErrorEnvelope.parse(good.json).message, /indisponível/);
    assert.equal(api.started.sandbox.counts().transactions, 1);
    const third = await api.call('POST', '/api/user/transactions', pixTransaction());
    assert.equal(third.status, 200);
    assert.equal(api.started.sandbox.counts().transactions, 2);
  });

  it('afterCommit + reset: the transaction is created, the client gets a socket error and no HTTP answer', async () => {
    await api.control('POST', '/__sandbox/faults', { route: 'POST /api/user/transactions', afterCommit: true, reset: true, times: 1 });
    const r = await rawCall(api, 'POST', '/api/user/transactions', pixTransaction());
    assert.ok(r instanceof TypeError, `a network error, got ${r instanceof Response ? `HTTP ${r.status}` : String(r)}`);
    const txs = api.started.sandbox.state.transactions;
    assert.equal(txs.length, 1);
    assert.equal(txs[0]!.status, 'WAITING_PAYMENT');
    assert.equal(txs[0]!.metadata, JSON.stringify({ orderId: 'ord-42' }));
    assert.deepEqual(api.started.sandbox.calls.at(-1), { method: 'POST', path: '/api/user/transactions', query: '', status: 0, committedStatus: 200 });
    assert.ok(api.lines.some((l) => l.startsWith('POST /api/user/transactions -> no answer, performed as 200')));
    // Used up: the next call is answered.
    const next = await api.call('POST', '/api/user/transactions', pixTransaction());
    assert.equal(next.status, 200);
    assert.equal(api.started.sandbox.counts().transactions, 2);
  });

  it('reset without afterCommit drops the connection before the call is performed', async () => {
    api.started.sandbox.setFault({ route: 'POST /api/user/transactions', reset: true, times: 1 });
    const r = await rawCall(api, 'POST', '/api/user/transactions', pixTransaction());
    assert.ok(r instanceof TypeError);
    assert.equal(api.started.sandbox.counts().transactions, 0, 'nothing was created');
    const call = api.started.sandbox.calls.at(-1)!;
    assert.equal(call.status, 0);
    assert.equal(call.committedStatus, undefined);
    // GETs too.
    api.started.sandbox.setFault({ route: 'GET /api/user/products', reset: true, times: 1 });
    assert.ok((await rawCall(api, 'GET', '/api/user/products')) instanceof TypeError);
    assert.equal((await api.call('GET', '/api/user/products')).status, 200);
  });

  it('a timeout or rate-limit fault on the same route wins over afterCommit (the call is not performed)', async () => {
    api.started.sandbox.setFault({ route: 'POST /api/user/transactions', afterCommit: true, status: 502, times: 1 });
    api.started.sandbox.setFault({ route: 'POST /api/user/transactions', rateLimit: { retryAfter: 1 }, times: 1 });
    const r = await api.call('POST', '/api/user/transactions', pixTransaction());
    assert.equal(r.status, 429);
    assert.equal(api.started.sandbox.counts().transactions, 0);
  });

  it('marks dropped answers for servers that embed sandbox.handle (isDroppedResponse)', async () => {
    const sb = createSandbox({ apiKey: API_KEY, basePath: '/sandbox', log: () => undefined });
    try {
      sb.setFault({ route: 'POST /api/user/transactions', afterCommit: true, reset: true });
      const req = () =>
        new Request('http://127.0.0.1:5173/sandbox/api/user/transactions', {
          method: 'POST',
          headers: { 'x-api-key': API_KEY, 'user-agent': UA, 'content-type': 'application/json' },
          body: JSON.stringify(pixTransaction()),
        });
      const res = await sb.handle(req());
      assert.equal(isDroppedResponse(res), true);
      // Fallback for a server that ignores the marker: a 502 envelope and `connection: close`.
      assert.equal(res.status, 502);
      assert.equal(res.headers.get('connection'), 'close');
      ErrorEnvelope.parse(await res.json());
      assert.equal(sb.counts().transactions, 1);
      sb.clearFaults();
      const normal = await sb.handle(req());
      assert.equal(normal.status, 200);
      assert.equal(isDroppedResponse(normal), false);
    } finally {
      sb.dispose();
    }
  });

  it('validates afterCommit and reset (400, Portuguese messages)', async () => {
    const cases: [unknown, string][] = [
      [{ route: '*', afterCommit: true }, 'afterCommit exige status ou reset: true'],
      [{ route: '*', afterCommit: true, reset: false }, 'afterCommit exige status ou reset: true'],
      [{ route: '*', afterCommit: true, status: 502, reset: true }, 'reset não pode ser combinado com status: use um ou outro'],
      [{ route: '*', reset: true, status: 500 }, 'reset não pode ser combinado com status: use um ou outro'],
      [{ route: '*', afterCommit: true, status: 502, timeout: true }, 'afterCommit não pode ser combinado com timeout nem com rateLimit'],
      [{ route: '*', afterCommit: true, status: 502, rateLimit: { retryAfter: 1 } }, 'afterCommit não pode ser combinado com timeout nem com rateLimit'],
      [{ route: '*', reset: true, timeout: true }, 'reset não pode ser combinado com timeout nem com rateLimit'],
      [{ route: '*', afterCommit: 'yes', status: 502 }, 'afterCommit deve ser booleano'],
      [{ route: '*', reset: 1 }, 'reset deve ser booleano'],
      [{ route: '*', afterCommit: true, status: 200 }, 'status deve ser um inteiro entre 400 e 599'],
      [{ route: '*', afterCommit: true, status: 502, drop: true }, 'campo desconhecido: drop'],
    ];
    for (const [body, message] of cases) {
      const r = await api.control('POST', '/__sandbox/faults', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual(r.json, { error: 'invalid_request', message });
    }
    assert.deepEqual((await api.control('GET', '/__sandbox/faults')).json, { faults: [] });
    // Latency may go with afterCommit; afterCommit: false is an ordinary fault.
    assert.equal((await api.control('POST', '/__sandbox/faults', { route: '*', afterCommit: true, reset: true, latencyMs: 10 })).status, 201);
    assert.equal((await api.control('POST', '/__sandbox/faults', { route: '*', afterCommit: false, status: 500 })).status, 201);
  });
});
