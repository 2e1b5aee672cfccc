/** A gateway outage while the buyer waits: the status route says so, and postbacks are not lost. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOMER, assertNoSecrets, eventually, startHarness } from './harness.js';
import type { Harness } from './harness.js';

describe('gateway outage', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      sandbox: ({ webhookUrl }) => ({ postbackUrl: webhookUrl }),
      // the breaker would answer for the gateway here; this file is about the raw outage
      helper: { postbackRetryDelaysMs: [50, 100, 200], statusCacheMs: 0, circuitBreaker: false, retries: 0 },
    });
  });
  after(async () => {
    await h.sb.sandbox.clearFaults();
    await h.close();
  });

  async function newPix() {
    const order = await h.order((await h.config()).token);
    const res = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(res.status, 201, res.text);
    return { order, id: res.json.payment.id as string };
  }

  it('GET /payments/:id answers 502 with the error envelope while the gateway fails, then recovers', async () => {
    const { order, id } = await newPix();
    h.sb.sandbox.setFault({ route: 'GET /api/user/transactions/**', status: 503 });
    try {
      const r = await h.call<any>('GET', `/payments/${id}`, { token: order.token });
      assert.equal(r.status, 502, r.text);
      assert.equal(r.json.error.code, 'upstream_error');
      assert.ok(!/503|sandbox|api\/user/i.test(r.json.error.message), 'no upstream detail in the message');
    } finally {
      h.sb.sandbox.clearFaults();
    }
    const ok = await h.call<any>('GET', `/payments/${id}`, { token: order.token });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.payment.status, 'WAITING_PAYMENT');
  });

  it('a postback whose re-fetch fails is re-fetched later, and the payment ends PAID', async () => {
    const { order, id } = await newPix();
    // the re-fetch (GET transaction by id) fails twice, then the gateway is back
    h.sb.sandbox.setFault({ route: 'GET /api/user/transactions/*', status: 503, times: 2 });
    h.sb.sandbox.pay(id);
    // no polling here: only the postback path can bring the news
    const applied = await eventually(
      () => h.logs.find((l) => l.includes('payment.status') && l.includes('"source":"webhook"') && l.includes('PAID')),
      5000,
    );
    const failedAt = h.logs.findIndex((l) => l.includes('webhook.refetch_failed'));
    assert.ok(failedAt >= 0, 'the first re-fetch failed');
    assert.ok(failedAt < h.logs.indexOf(applied), 'and a later re-fetch applied PAID');
    const r = await h.call<any>('GET', `/payments/${id}`, { token: order.token });
    assert.equal(r.json.payment.status, 'PAID');
    assertNoSecrets(h);
  });
});
