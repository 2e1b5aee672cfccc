/**
 * Contract tests, sandbox side: for the request of each docs example (test/fixtures/gateway), the
 * sandbox answers in the example's shape: the same envelope and message, the same keys, the same
 * types. In strict mode the keys are exactly the documented ones; otherwise the sandbox may add
 * the extras listed in src/sandbox/README.md. The gateway client then reads those answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createGatewayClient } from '../../../src/server/gateway/client.js';
import { readSummary, readRefusal, toPayment } from '../../../src/server/gateway/assumptions.js';
import { fixture, fixtureJson, shapeDiff } from './support.js';

const KEY = 'sk_test_shapes_key';
const UA = 'AtivoB2B/1.0';
const DOC_ID = '4dfg2gasio6peu54m6wyugv6ter343';

/** The path and query of a docs curl example, as curl sends it (spaces percent-encoded). */
function curlTarget(name: string): string {
  const m = /--request GET '([^']+)'/.exec(fixture(name));
  assert.ok(m, `no request line in ${name}`);
  return m[1]!.replace(/ /g, '%20');
}

const CUSTOMER = { name: 'Maria Silva', email: 'maria@example.com', phone: '11987654321', document: { number: '52998224725', type: 'CPF' } };
const ADDRESS = { street: 'Praça da Sé', streetNumber: '100', complement: '', zipCode: '01001000', neighborhood: 'Sé', city: 'São Paulo', state: 'SP', country: 'BR' };

for (const strict of [false, true]) {
  describe(`sandbox answers the docs examples' shapes (${strict ? 'strict' : 'default'} mode)`, () => {
    let sb: StartedSandbox;
    const ids: string[] = [];
    const call = async (target: string) => {
      const res = await fetch(sb.url + target, { headers: { 'x-api-key': KEY, 'user-agent': UA } });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    before(async () => {
      // the first transaction gets the docs' non-UUID id; the rest get UUIDs
      let n = 0;
      sb = await startSandbox({ apiKey: KEY, strict, transactionId: () => (n++ === 0 ? DOC_ID : crypto.randomUUID()) });
      const post = async (body: unknown) => {
        const res = await fetch(`${sb.url}/api/user/transactions`, {
          method: 'POST',
          headers: { 'x-api-key': KEY, 'user-agent': UA, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as { data: { id: string } };
        assert.equal(res.status, 200, JSON.stringify(json));
        ids.push(json.data.id);
      };
      const base = { amount: 10, currency: 'BRL', items: [{ title: 'Pepsi gelada', unitPrice: 123, quantity: 1, tangible: false }], metadata: '{"orderId":"ord_1"}' };
      await post({ ...base, paymentMethod: 'PIX', customer: { ...CUSTOMER, address: ADDRESS }, shipping: { fee: 0 } });
      await post({ ...base, paymentMethod: 'BOLETO', customer: { ...CUSTOMER, address: ADDRESS } });
      sb.sandbox.refuse(ids[0]!, 'Recusado pelo teste');
    });
    after(() => sb.close());

    it('Transactions › Find All: the docs request is accepted; the answer is a plain array with the documented keys', async () => {
      const doc = fixtureJson('transactions-find-all.response.json') as { data: unknown[] };
      const exact = await call(curlTarget('transactions-find-all.request.sh'));
      assert.equal(exact.status, 200, JSON.stringify(exact.json));
      assert.ok(Array.isArray(exact.json['data']));
      const r = await call('/api/user/transactions?status=REFUSED');
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json), Object.keys(doc as object));
      assert.equal(r.json['message'], (doc as unknown as { message: string }).message);
      assert.deepEqual(shapeDiff(doc, r.json, { exact: strict }), []);
      const item = (r.json['data'] as Record<string, unknown>[])[0]!;
      assert.equal(item['id'], DOC_ID);
      assert.equal((item['customer'] as { address: { country: string } }).address.country, 'br');
      assert.deepEqual(JSON.parse(item['refusedReason'] as string).code, 'refused');
    });

    it('Transactions › Summary by ID: the docs request (non-UUID id) answers every documented field and the message', async () => {
      const doc = fixtureJson('transactions-summary-by-id.response.json') as Record<string, unknown>;
      const r = await call(curlTarget('transactions-summary-by-id.request.sh'));
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.deepEqual(Object.keys(r.json), Object.keys(doc));
      assert.equal(r.json['message'], doc['message']);
      assert.deepEqual(shapeDiff(doc, r.json, { exact: true }), []);
      assert.deepEqual(Object.keys(r.json['data'] as object), Object.keys(doc['data'] as object));
    });

    it('Customers › Find all: the docs request (`?page&limit`) answers the paged envelope and the documented item', async () => {
      const doc = fixtureJson('customers-find-all.response.json') as Record<string, unknown>;
      const r = await call(curlTarget('customers-find-all.request.sh'));
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json['message'], doc['message']);
      assert.deepEqual(shapeDiff(doc, r.json, { exact: true }), []);
    });

    it('the gateway client reads those answers (non-UUID id included) and takes the refusal from the summary', async () => {
      const client = createGatewayClient({ apiKey: KEY, baseUrl: sb.url, retries: 0 });
      const page = await client.transactions.list({ status: ['REFUSED', 'WAITING_PAYMENT'] });
      assert.deepEqual(page.items.map((t) => t.id).sort(), [...ids].sort());
      const s = await client.transactions.summary(DOC_ID);
      const payment = toPayment(readSummary(s), { orderId: 'ord_1', method: 'PIX', amount: 10, pixExpiresInSeconds: 900, now: Date.now() });
      assert.equal(payment.status, 'REFUSED');
      assert.equal(payment.refusal?.code, 'refused');
      if (!strict) assert.equal(payment.refusal?.message, 'Recusado pelo teste');
      const boleto = readSummary(await client.transactions.summary(ids[1]!));
      assert.match(boleto.boleto?.barcode ?? '', /^\d{44}$/);
      assert.ok(boleto.payUrl?.startsWith(sb.url));
      const customers = await client.customers.list({ limit: 5 });
      assert.equal(customers.items.length, 5);
      assert.ok(customers.items.every((c) => c.birthdate === null && typeof c.addressId === 'string'));
      assert.equal(readRefusal(readSummary(s).refusedReason).code, 'refused');
    });

    it(strict ? 'strict mode: invented routes answer 404' : 'default mode: the invented refund route exists', async () => {
      const res = await fetch(`${sb.url}/api/user/transactions/${ids[1]}/refund`, {
        method: 'POST',
        headers: { 'x-api-key': KEY, 'user-agent': UA },
      });
      await res.arrayBuffer();
      assert.equal(res.status, strict ? 404 : 409);
    });
  });
}

describe('sandbox strict mode can be switched by the control route', () => {
  it('POST /__sandbox/strict turns it on and off', async () => {
    const sb = await startSandbox({ apiKey: KEY });
    try {
      const set = async (strict: unknown) => {
        const res = await fetch(`${sb.url}/__sandbox/strict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ strict }) });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      assert.deepEqual((await set(true)).json, { strict: true });
      assert.equal(sb.sandbox.strict, true);
      assert.equal((await set('yes')).status, 400);
      assert.deepEqual((await set(false)).json, { strict: false });
      assert.equal(sb.sandbox.strict, false);
    } finally {
      await sb.close();
    }
  });
});
