import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import * as z from 'zod/mini';
import {
  GatewayCheckoutPaymentSchema,
  GatewayPostbackSchema,
  GatewayTransactionSchema,
  GatewayWebhookSchema,
  pagedOrArray,
  envelope,
} from '../../../src/contract/gateway.js';
import { ADDRESS, checkoutPayment, dataOf, errorMessage, paged, receiver, start, waitFor } from './helpers.js';
import type { Api, Receiver } from './helpers.js';

const Postback = z.object({
  id: z.number(),
  type: z.literal('transaction'),
  objectId: z.string(),
  url: z.string(),
  data: z.looseObject({ id: z.string(), status: z.string() }),
});
type Postback = z.infer<typeof Postback>;

const postbacks = (r: Receiver): Postback[] =>
  r.bodies.map((b) => {
    GatewayPostbackSchema.parse(b);
    const p = Postback.parse(b);
    GatewayTransactionSchema.parse(p.data);
    return p;
  });

describe('sandbox: webhooks CRUD', () => {
  let api: Api;
  before(async () => {
    api = await start();
  });
  after(() => api.close());

  it('creates, lists, reads, updates and deletes a webhook', async () => {
    const created = await api.call('POST', '/api/user/webhook', { url: 'https://merchant.example/hooks/bynet', type: 'TRANSACTION' });
    assert.equal(created.status, 201);
    const hook = dataOf(GatewayWebhookSchema, created.json);
    assert.equal(hook.type, 'TRANSACTION');

    const listed = await api.call('GET', '/api/user/webhook');
    envelope(pagedOrArray(GatewayWebhookSchema)).parse(listed.json);
    assert.deepEqual(dataOf(paged(GatewayWebhookSchema), listed.json).data.map((w) => w.id), [hook.id]);

    const read = await api.call('GET', `/api/user/webhook/${hook.id}`);
    assert.equal((read.json as { message: string }).message, 'Webhook listado com sucesso');
    assert.equal(dataOf(GatewayWebhookSchema, read.json).url, 'https://merchant.example/hooks/bynet');

    const updated = await api.call('PUT', `/api/user/webhook/${hook.id}`, { url: 'https://merchant.example/hooks/v2' });
    assert.equal(updated.status, 200);
    assert.equal(dataOf(GatewayWebhookSchema, updated.json).url, 'https://merchant.example/hooks/v2');
    assert.equal(dataOf(GatewayWebhookSchema, (await api.call('GET', `/api/user/webhook/${hook.id}`)).json).url, 'https://merchant.example/hooks/v2');

    assert.equal((await api.call('DELETE', `/api/user/webhook/${hook.id}`)).status, 200);
    const gone = await api.call('GET', `/api/user/webhook/${hook.id}`);
    assert.equal(gone.status, 404);
    assert.equal(errorMessage(gone.json), 'Webhook não encontrado');
    assert.equal((await api.call('DELETE', `/api/user/webhook/${hook.id}`)).status, 404);
    assert.equal((await api.call('PUT', `/api/user/webhook/${hook.id}`, { type: 'TRANSACTION' })).status, 404);
  });

  it('validates webhook bodies', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'TRANSACTION' }, 'O campo "url" é obrigatório.'],
      [{ url: 'ftp://x.example', type: 'TRANSACTION' }, 'O campo "url" deve ser uma URL válida.'],
      [{ url: 'https://x.example', type: 'SOMETHING' }, 'O campo "type" deve ser um dos valores: TRANSACTION, TRANSFER, CASHOUT.'],
      [{ url: 'https://x.example', type: 'TRANSACTION', secret: 'x' }, 'O campo "secret" não é permitido.'],
    ];
    for (const [body, message] of cases) {
      const r = await api.call('POST', '/api/user/webhook', body);
      assert.equal(r.status, 400);
      assert.equal(errorMessage(r.json), message);
    }
    const hook = dataOf(GatewayWebhookSchema, (await api.call('POST', '/api/user/webhook', { url: 'https://x.example', type: 'transaction' })).json);
    assert.equal(hook.type, 'TRANSACTION');
    assert.equal((await api.call('PUT', `/api/user/webhook/${hook.id}`, {})).status, 400);
  });
});

describe('sandbox: postbacks', () => {
  let api: Api;
  let hook: Receiver;
  beforeEach(async () => {
    hook = await receiver();
    api = await start();
  });
  afterEach(async () => {
    await api.close();
    await hook.close();
  });

  it('posts every status change to registered TRANSACTION webhooks with lower-case status', async () => {
    await api.call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' });
    await api.call('POST', '/api/user/webhook', { url: 'http://127.0.0.1:9/never', type: 'TRANSFER' });
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    const id = dataOf(GatewayCheckoutPaymentSchema, r.json).id;
    api.started.sandbox.pay(id);
    await waitFor(() => hook.bodies.length === 2);
    await api.started.sandbox.idle();
    const got = postbacks(hook);
    assert.deepEqual(got.map((p) => p.data.status), ['waiting_payment', 'paid']);
    for (const p of got) {
      assert.equal(p.objectId, id);
      assert.equal(p.data.id, id);
      assert.equal(p.url, hook.url);
    }
    assert.ok(got[1]!.id > got[0]!.id, 'delivery ids grow');
    assert.equal(JSON.parse(String(got[1]!.data.metadata)).orderId, r.orderId);
    assert.equal(api.started.sandbox.deliveries.length, 2, 'the TRANSFER webhook got nothing');
  });

  it('posts to the per-transaction postbackUrl and the postbackUrl option, once per distinct URL', async () => {
    const other = await receiver();
    const sb = await start({ postbackUrl: other.url });
    try {
      const r = await sb.call('POST', '/api/user/transactions', {
        amount: 1234,
        paymentMethod: 'PIX',
        customer: { name: 'Rita Lopes', email: 'rita@example.com', document: { number: '52998224725', type: 'CPF' } },
        items: [{ title: 'x', unitPrice: 1234, quantity: 1 }],
        postbackUrl: hook.url,
      });
      const id = dataOf(GatewayTransactionSchema, r.json).id;
      sb.started.sandbox.refuse(id, 'Recusado pelo teste');
      await waitFor(() => hook.bodies.length === 2 && other.bodies.length === 2);
      await sb.started.sandbox.idle();
      assert.deepEqual(postbacks(hook).map((p) => p.data.status), ['waiting_payment', 'refused']);
      assert.deepEqual(postbacks(other).map((p) => p.data.status), ['waiting_payment', 'refused']);
      assert.deepEqual(JSON.parse(postbacks(hook)[1]!.data.refusedReason as string), { code: 'refused', message: 'Recusado pelo teste' });
      assert.equal(GatewayTransactionSchema.parse(postbacks(hook)[1]!.data).postbackUrl, hook.url);
    } finally {
      await sb.close();
      await other.close();
    }
  });

  it('sends each postback N times in duplicates mode', async () => {
    await api.call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' });
    const set = await api.control('POST', '/__sandbox/postbacks', { duplicates: 3 });
    assert.deepEqual((set.json as { settings: unknown }).settings, { duplicates: 3, outOfOrder: false });
    const r = await checkoutPayment(api, { paymentMethod: 'boleto', ...ADDRESS });
    api.started.sandbox.pay(dataOf(GatewayCheckoutPaymentSchema, r.json).id);
    await waitFor(() => hook.bodies.length === 6);
    await api.started.sandbox.idle();
    const got = postbacks(hook);
    assert.deepEqual(got.map((p) => p.data.status), ['waiting_payment', 'waiting_payment', 'waiting_payment', 'paid', 'paid', 'paid']);
    assert.equal(new Set(got.slice(0, 3).map((p) => p.id)).size, 1, 'a duplicate keeps its delivery id');
  });

  it('holds postbacks and releases them newest first in out-of-order mode', async () => {
    await api.call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' });
    await api.control('POST', '/__sandbox/postbacks', { outOfOrder: true });
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    api.started.sandbox.pay(dataOf(GatewayCheckoutPaymentSchema, r.json).id);
    await api.started.sandbox.idle();
    assert.equal(hook.bodies.length, 0, 'held');
    assert.equal(api.started.sandbox.counts().postbacksHeld, 2);
    const rel = await api.control('POST', '/__sandbox/postbacks/release');
    assert.equal(rel.status, 200);
    assert.deepEqual(postbacks(hook).map((p) => p.data.status), ['paid', 'waiting_payment']);
  });

  it('releases held postbacks when out-of-order mode is switched off', async () => {
    await api.call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' });
    api.started.sandbox.setPostbacks({ outOfOrder: true });
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    api.started.sandbox.expire(dataOf(GatewayCheckoutPaymentSchema, r.json).id);
    api.started.sandbox.setPostbacks({ outOfOrder: false });
    await waitFor(() => hook.bodies.length === 2);
    assert.deepEqual(postbacks(hook).map((p) => p.data.status), ['canceled', 'waiting_payment']);
  });

  it('logs failed deliveries without throwing and without the URL path', async () => {
    hook.status = 500;
    await api.call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' });
    await api.call('POST', '/api/user/webhook', { url: 'http://127.0.0.1:9/closed-port', type: 'TRANSACTION' });
    const r = await checkoutPayment(api, { paymentMethod: 'pix' });
    assert.equal(r.status, 200, 'the payment is unaffected');
    await waitFor(() => api.started.sandbox.deliveries.length === 2);
    const failures = api.lines.filter((l) => l.startsWith('postback'));
    assert.equal(failures.length, 2);
    assert.ok(failures.some((l) => l.includes('HTTP 500')));
    assert.ok(failures.some((l) => l.includes('network error')));
    assert.ok(failures.every((l) => !l.includes('secret-token')));
    assert.ok(api.started.sandbox.deliveries.every((d) => !d.ok));
  });

  it('rejects bad postback settings', async () => {
    assert.equal((await api.control('POST', '/__sandbox/postbacks', { duplicates: 0 })).status, 400);
    assert.equal((await api.control('POST', '/__sandbox/postbacks', { outOfOrder: 'yes' })).status, 400);
    assert.equal((await api.control('POST', '/__sandbox/postbacks', { other: 1 })).status, 400);
  });
});
