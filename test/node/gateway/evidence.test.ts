/**
 * New evidence (bynet-api.md section 7) against a real helper and sandbox on 127.0.0.1: polling as
 * the backstop of postbacks that only ever say `waiting_payment`, the optional `x-webhook-secret`,
 * `type` inside `data` and `rejectionReason`, host presets, the delivery-status body, status aliases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGatewayClient } from '../../../src/server/gateway/client.js';
import { HOST_PRESETS, gatewayStatus, postbackSecretMatches, readRefusal, readTransaction, resolveBaseUrl, toPayment } from '../../../src/server/gateway/assumptions.js';
import { validateOptions } from '../../../src/server/options.js';
import { createMemoryState } from '../../../src/server/index.js';
import { API_KEY, CARD_REFUSED, CUSTOMER, card, eventually, startHarness } from '../server/harness.js';
import type { Harness } from '../server/harness.js';

const SECRET = 'whsec-test-4f1e2d3c4b5a69788796a5b4';

async function newPix(h: Harness) {
  const order = await h.order((await h.config()).token);
  const res = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
  assert.equal(res.status, 201, res.text);
  return { order, payment: res.json.payment as { id: string; status: string } };
}

const txGets = (h: Harness, id: string) => h.gatewayCalls('GET', new RegExp(`^/api/user/transactions/${id}$`));

describe('polling is the backstop: the gateway only ever posts waiting_payment', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ sandbox: (urls) => ({ postbackUrl: urls.webhookUrl }), helper: { state: createMemoryState(), statusCacheMs: 0 } });
    h.sb.sandbox.setPostbacks({ onlyStatuses: ['waiting_payment'] });
  });
  after(() => h.close());

  it('the payment still ends PAID, by polling the Summary', async () => {
    const { order, payment } = await newPix(h);
    h.sb.sandbox.pay(payment.id);
    await h.sb.sandbox.idle();
    await h.helper.idle();
    // the gateway said nothing but waiting_payment
    const statuses = h.sb.sandbox.deliveries.filter((d) => d.objectId === payment.id).map((d) => d.status);
    assert.deepEqual(statuses, ['waiting_payment']);
    const paid = await eventually(async () => {
      const r = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
      return r.json.payment.status === 'PAID' && r.json.payment;
    });
    assert.equal(paid.status, 'PAID');
    assert.ok(h.gatewayCalls('GET', `/api/user/transactions/${payment.id}/summary`) >= 1);
    assert.ok(h.logs.some((l) => l.includes('"payment.status"') && l.includes(payment.id) && l.includes('"PAID"') && !l.includes('"source":"webhook"')));
  });
});

describe('postbacks: optional x-webhook-secret, type inside data, rejectionReason', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      sandbox: (urls) => ({ postbackUrl: urls.webhookUrl, postbackSecret: SECRET }),
      // no polling within the test: PAID can only arrive through the postback
      helper: { state: createMemoryState(), webhookSecret: SECRET, heartbeatMs: 600_000, statusCacheMs: 600_000 },
    });
  });
  after(() => h.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(h.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('a postback with the configured secret is applied', async () => {
    const { payment } = await newPix(h);
    h.sb.sandbox.pay(payment.id);
    await h.sb.sandbox.idle();
    await eventually(() => h.logs.some((l) => l.includes('"payment.status"') && l.includes(payment.id) && l.includes('"source":"webhook"')));
    assert.ok(h.sb.sandbox.deliveries.filter((d) => d.objectId === payment.id).every((d) => d.httpStatus === 200));
  });

  it('a postback without the secret, or with a wrong one, is 401 and triggers no re-fetch', async () => {
    const { payment } = await newPix(h);
    await h.helper.idle();
    const before = txGets(h, payment.id);
    const body = { type: 'transaction', objectId: payment.id, data: { id: payment.id, status: 'paid' } };
    const variants: Record<string, string>[] = [{}, { 'x-webhook-secret': 'wrong' }, { 'x-webhook-secret': `${SECRET}x` }];
    for (const headers of variants) {
      const r = await post(body, headers);
      assert.equal(r.status, 401);
      const json = (await r.json()) as { error: { code: string; message: string } };
      assert.equal(json.error.code, 'invalid_token');
      assert.match(json.error.message, /x-webhook-secret/);
      assert.ok(!json.error.message.includes(SECRET));
    }
    await h.helper.idle();
    assert.equal(txGets(h, payment.id), before);
    assert.ok(!h.logs.some((l) => l.includes(SECRET)), 'the secret is never logged');
  });

  it('`type` inside data is read; a non-transaction type is ignored; rejectionReason is read as the refusal', async () => {
    const { order, payment } = await newPix(h);
    await h.helper.idle();
    const before = txGets(h, payment.id);
    const ignored = await post({ objectId: payment.id, data: { id: payment.id, type: 'transfer', status: 'paid' } }, { 'x-webhook-secret': SECRET });
    assert.equal(ignored.status, 200);
    await h.helper.idle();
    assert.equal(txGets(h, payment.id), before, 'a transfer event triggers nothing');
    h.sb.sandbox.refuse(payment.id, 'Recusado pelo emissor');
    await h.sb.sandbox.idle();
    await h.helper.idle();
    const res = await post(
      { objectId: payment.id, data: { status: 'refused', endToEndId: null, type: 'transaction', refunds: [], rejectionReason: 'Recusado pelo emissor', error: null } },
      { 'x-webhook-secret': SECRET },
    );
    assert.equal(res.status, 200);
    await h.helper.idle();
    const r = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(r.json.payment.status, 'REFUSED');
    // a transaction carrying `rejectionReason` (and no refusedReason) is read the same way
    const tx = readTransaction({ id: 'x', amount: 1, status: 'REFUSED', rejectionReason: 'Saldo insuficiente' } as never);
    assert.deepEqual(readRefusal(tx.refusedReason), { code: 'refused', message: 'Saldo insuficiente' });
  });

  it('the secret comparison is exact', () => {
    assert.equal(postbackSecretMatches(SECRET, SECRET), true);
    for (const got of [null, undefined, '', 'x', SECRET.slice(0, -1), `${SECRET} `, SECRET.toUpperCase()]) {
      assert.equal(postbackSecretMatches(got, SECRET), false, String(got));
    }
  });

  it('webhookSecret is validated', () => {
    const base = { apiKey: 'sk_x', hostname: 'shop.example.com', tokenSecret: 't'.repeat(32) };
    assert.throws(() => validateOptions({ ...base, webhookSecret: 'short' }), /webhookSecret must be a string of at least 16 characters/);
    assert.throws(() => validateOptions({ ...base, webhookSecret: 't'.repeat(32) }), /webhookSecret must differ/);
    assert.equal(validateOptions({ ...base, webhookSecret: SECRET }).webhookSecret, SECRET);
  });
});

describe('white-label host presets', () => {
  it('bynet, ativopay and ativob2b name their hosts; the same paths and User-Agent go to each', async () => {
    assert.equal(resolveBaseUrl(undefined), 'https://api-gateway.techbynet.com');
    assert.equal(resolveBaseUrl('AtivoPay'), 'https://api-gateway.ativopay.com');
    assert.equal(resolveBaseUrl('https://example.test'), 'https://example.test');
    for (const [name, host] of Object.entries(HOST_PRESETS)) {
      const seen: { url: string; ua: string | null }[] = [];
      // the upstream is never reached: the request is recorded at the fetch boundary and answered there
      const client = createGatewayClient({
        apiKey: 'sk_test_presets',
        baseUrl: name,
        retries: 0,
        fetch: async (input, init) => {
          seen.push({ url: String(input), ua: new Headers(init?.headers).get('user-agent') });
          return new Response(JSON.stringify({ status: 200, message: 'ok', data: { id: 'abc', status: 'PAID' } }), { status: 200 });
        },
      });
      const s = await client.transactions.summary('abc');
      assert.equal(s.status, 'PAID');
      assert.deepEqual(seen, [{ url: `${host}/api/user/transactions/abc/summary`, ua: 'AtivoB2B/1.0' }]);
      assert.doesNotThrow(() => validateOptions({ apiKey: 'sk_x', hostname: 'shop.example.com', tokenSecret: 't'.repeat(32), baseUrl: name }));
    }
    assert.throws(() => validateOptions({ apiKey: 'sk_x', hostname: 'shop.example.com', tokenSecret: 't'.repeat(32), baseUrl: 'nope' }), /host preset/);
  });
});

describe('delivery status and status aliases', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ helper: { state: createMemoryState() } });
  });
  after(() => h.close());

  it('updateDelivery sends {status, trackingCode}; the list filter deliveryStatus finds it', async () => {
    const { payment } = await newPix(h);
    const client = createGatewayClient({ apiKey: API_KEY, baseUrl: h.sb.url, retries: 0 });
    await client.transactions.updateDelivery(payment.id, { status: 'DELIVERED', trackingCode: '123456789' });
    const page = await client.transactions.list({ deliveryStatus: ['DELIVERED'] });
    assert.deepEqual(page.items.map((t) => [t.id, (t as { delivery?: unknown }).delivery]), [[payment.id, { status: 'DELIVERED', trackingCode: '123456789' }]]);
    await assert.rejects(client.transactions.updateDelivery(payment.id, { status: 'LOST' as never }), { code: 'bad_request' });
  });

  it('the delivery body is byte for byte the sister docs example', async () => {
    const sent: { method: string | undefined; url: string; body: unknown }[] = [];
    const client = createGatewayClient({
      apiKey: API_KEY,
      baseUrl: 'bynet',
      retries: 0,
      // recorded at the fetch boundary and answered there: nothing leaves the machine
      fetch: async (input, init) => {
        sent.push({ method: init?.method, url: String(input), body: init?.body });
        return new Response(JSON.stringify({ status: 200, message: 'ok', data: null }), { status: 200 });
      },
    });
    await client.transactions.updateDelivery('abc123', { status: 'DELIVERED', trackingCode: '123456789' });
    assert.deepEqual(sent, [
      { method: 'PUT', url: 'https://api-gateway.techbynet.com/api/user/transactions/abc123/delivery', body: '{"status":"DELIVERED","trackingCode":"123456789"}' },
    ]);
  });

  it('PENDING, APPROVED and CANCELLED are read as their documented statuses; AUTHORIZED is kept', () => {
    assert.equal(gatewayStatus('pending'), 'WAITING_PAYMENT');
    assert.equal(gatewayStatus('APPROVED'), 'PAID');
    assert.equal(gatewayStatus('cancelled'), 'CANCELED');
    assert.equal(gatewayStatus('authorized'), 'AUTHORIZED');
    assert.equal(gatewayStatus('in protest'), 'IN_PROTEST');
    assert.equal(gatewayStatus('whatever'), undefined);
  });
});

describe('the helper against a strict sandbox (documented shapes only)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ sandbox: { strict: true }, helper: { state: createMemoryState(), statusCacheMs: 0 } });
  });
  after(() => h.close());

  it('a PIX is paid and seen PAID by polling; a refused card shows its refusal', async () => {
    const { order, payment } = await newPix(h);
    h.sb.sandbox.pay(payment.id);
    const paid = await eventually(async () => {
      const r = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
      return r.json.payment.status === 'PAID' && r.json.payment;
    });
    assert.equal(paid.status, 'PAID');
    const order2 = await h.order((await h.config()).token);
    const res = await h.pay(order2, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_REFUSED) });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.payment.status, 'REFUSED');
    assert.deepEqual(res.json.payment.refusal, { code: 'refused', message: 'Cartão recusado pelo banco emissor' });
  });
});

describe('create answers: top-level qrCode / copyPaste and payUrl ?? webUrl ?? appUrl', () => {
  const EMV = '00020101021226850014br.gov.bcb.pix2563pix.example.com/qr/v2/cobv/abc5204000053039865802BR5913Loja6009SAO PAULO62070503***6304ABCD';
  it('reads the EMV from the top level when pix is absent, and the hosted link in the documented order', () => {
    const base = { id: 'tx1', amount: 100, status: 'WAITING_PAYMENT' };
    assert.equal(readTransaction({ ...base, qrCode: EMV } as never).pixCode, EMV);
    assert.equal(readTransaction({ ...base, copyPaste: EMV } as never).pixCode, EMV);
    assert.equal(readTransaction({ ...base, pix: { qrcode: 'from-pix' }, qrCode: EMV } as never).pixCode, 'from-pix');
    assert.equal(readTransaction({ ...base, webUrl: 'https://w.example', appUrl: 'https://a.example' } as never).payUrl, 'https://w.example');
    assert.equal(readTransaction({ ...base, payUrl: 'https://p.example', webUrl: 'https://w.example' } as never).payUrl, 'https://p.example');
    assert.equal(readTransaction({ ...base, appUrl: 'https://a.example' } as never).payUrl, 'https://a.example');
    const line = '23790000090000000000000000000000000000000000000';
    const payment = toPayment(
      { ...readTransaction({ ...base, payUrl: 'https://p.example/boleto.pdf' } as never), boleto: { digitableLine: line, expirationDate: '2030-01-10' } },
      { orderId: 'ord_1', method: 'BOLETO', amount: 100, pixExpiresInSeconds: 900, now: Date.parse('2030-01-01T00:00:00Z') },
    );
    assert.equal(payment.boleto?.pdfUrl, 'https://p.example/boleto.pdf');
  });
});
