/** Payment status: cached polling, local expiry, monotonic statuses, webhooks and the status stream. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PaymentEventSchema } from '../../../src/contract/helper.js';
import { CUSTOMER, assertNoSecrets, eventually, openStream, startHarness } from './harness.js';
import type { Harness } from './harness.js';

async function newPix(h: Harness) {
  const order = await h.order((await h.config()).token);
  const res = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
  assert.equal(res.status, 201, res.text);
  return { order, payment: res.json.payment as { id: string; status: string; pix: { code: string; expiresAt: string } } };
}

function postback(h: Harness, body: unknown) {
  return fetch(h.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const txGets = (h: Harness, id: string) => h.gatewayCalls('GET', new RegExp(`^/api/user/transactions/${id}$`));
const summaries = (h: Harness, id: string) => h.gatewayCalls('GET', `/api/user/transactions/${id}/summary`);


describe('payment status', () => {
  let h: Harness;
  // one clock for the sandbox and the helper: it can jump ahead, or stand still
  let offset = 0;
  let frozen: number | undefined;
  const clock = () => frozen ?? Date.now() + offset;
  const advance = (ms: number) => {
    offset += ms;
  };
  let flipSummaryToWaiting = false;
  before(async () => {
    h = await startHarness({
      sandbox: { now: clock },
      helper: {
        heartbeatMs: 100,
        now: clock,
        // a gateway that "goes backwards" on demand, to prove statuses are monotonic
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          const url = String(input instanceof Request ? input.url : input);
          if (flipSummaryToWaiting && /\/summary$/.test(new URL(url).pathname)) {
            const body = await res.json();
            body.data.status = 'waiting_payment';
            return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
          }
          return res;
        },
      },
    });
  });
  after(async () => {
    await h.close();
  });

  it('a stampede of status requests makes at most one upstream call per payment per second', async () => {
    const { order, payment } = await newPix(h);
    const first = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(first.status, 200);
    assert.equal(summaries(h, payment.id), 0, 'fresh from creation: served from cache');
    advance(1100);
    frozen = clock(); // all 50 arrive within the same second, however slow this machine is
    try {
      const all = await Promise.all(Array.from({ length: 50 }, () => h.call<any>('GET', `/payments/${payment.id}`, { token: order.token })));
      assert.ok(all.every((r) => r.status === 200 && r.json.payment.status === 'WAITING_PAYMENT'));
      assert.equal(summaries(h, payment.id), 1);
    } finally {
      frozen = undefined;
    }
    advance(1100);
    await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(summaries(h, payment.id), 2, 'a second later, one more');
  });

  it('statuses never go backwards (PAID stays PAID when the gateway says waiting)', async () => {
    const { order, payment } = await newPix(h);
    await fetch(`${h.sb.url}/__sandbox/transactions/${payment.id}/pay`, { method: 'POST' }).then((r) => r.text());
    advance(1100);
    const paid = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(paid.json.payment.status, 'PAID');
    flipSummaryToWaiting = true;
    try {
      advance(1100);
      const again = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
      assert.equal(again.json.payment.status, 'PAID');
    } finally {
      flipSummaryToWaiting = false;
    }
  });

  it('a refusal found by polling is read from the Summary alone: its decoded reason, no full transaction read', async () => {
    const { order, payment } = await newPix(h);
    // no postback for it: only polling can find the refusal
    const settings = await fetch(`${h.sb.url}/__sandbox/postbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ onlyStatuses: ['waiting_payment'] }),
    });
    assert.equal(settings.status, 200);
    try {
      h.sb.sandbox.refuse(payment.id, 'Saldo insuficiente');
      const fullReads = txGets(h, payment.id);
      const polls = summaries(h, payment.id);
      advance(2_000);
      const r = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.payment.status, 'REFUSED');
      assert.equal(r.json.payment.refusal?.message, 'Saldo insuficiente', 'the reason, decoded from its JSON string');
      assert.equal(summaries(h, payment.id), polls + 1, 'one Summary read');
      assert.equal(txGets(h, payment.id), fullReads, 'no extra full read for the reason');
    } finally {
      await fetch(`${h.sb.url}/__sandbox/postbacks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ onlyStatuses: null }),
      });
    }
  });

  it('a PIX past its expiry, unpaid, is EXPIRED', async () => {
    const { order, payment } = await newPix(h);
    const ttl = Date.parse(payment.pix.expiresAt) - clock();
    assert.ok(ttl > 0);
    const calls = summaries(h, payment.id);
    advance(ttl + 2_000);
    const r = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(r.status, 200);
    assert.equal(r.json.payment.status, 'EXPIRED');
    assert.equal(r.json.payment.pix.code, payment.pix.code);
    assert.equal(summaries(h, payment.id), calls, 'expired locally, final: no upstream call');
  });

  it('a forged "paid" postback for an unpaid payment leaves it unpaid (one re-fetch, trusted)', async () => {
    const { order, payment } = await newPix(h);
    const before = txGets(h, payment.id);
    const res = await postback(h, { id: 1, type: 'transaction', objectId: payment.id, data: { id: payment.id, status: 'paid', amount: 4990 } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { received: true });
    await h.helper.idle();
    assert.equal(txGets(h, payment.id) - before, 1);
    const r = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(r.json.payment.status, 'WAITING_PAYMENT');
    assert.ok(!h.logs.some((l) => l.includes('"payment.status"') && l.includes(payment.id) && l.includes('"PAID"')));
  });

  it('an unknown transaction costs one adoption read a minute however often it is posted; other event types none; bad JSON is 400', async () => {
    const before = h.sb.sandbox.calls.length;
    const unknown = { type: 'transaction', objectId: '2b1f3c4d-0000-4000-8000-000000000000', data: { status: 'paid' } };
    for (const body of [
      unknown,
      unknown,
      unknown,
      { type: 'transfer', objectId: 'abc', data: {} },
      { objectId: '../../etc/passwd' },
      { hello: 'world' },
    ]) {
      const r = await postback(h, body);
      assert.equal(r.status, 200);
      await r.text();
    }
    await h.helper.idle();
    const calls = h.sb.sandbox.calls.slice(before);
    assert.deepEqual(calls.map((c) => `${c.method} ${c.path}`), [`GET /api/user/transactions/${unknown.objectId}`]);
    assert.ok(h.logs.some((l) => l.includes('"webhook.unknown_transaction"')));
    const bad = await fetch(h.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"objectId":' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, 'invalid_request');
  });

  it('50 duplicate postbacks -> one status change', async () => {
    const { order, payment } = await newPix(h);
    await fetch(`${h.sb.url}/__sandbox/transactions/${payment.id}/pay`, { method: 'POST' }).then((r) => r.text());
    const before = txGets(h, payment.id);
    const body = { id: 77, type: 'transaction', objectId: payment.id, data: { id: payment.id, status: 'paid' } };
    const answers = await Promise.all(Array.from({ length: 50 }, () => postback(h, body).then(async (r) => [r.status, await r.text()] as const)));
    assert.ok(answers.every(([s]) => s === 200));
    await h.helper.idle();
    const changes = h.logs.filter((l) => l.includes('"payment.status"') && l.includes(payment.id));
    assert.equal(changes.length, 1);
    assert.match(changes[0]!, /"to":"PAID"/);
    assert.match(changes[0]!, /"source":"webhook"/);
    const gets = txGets(h, payment.id) - before;
    assert.ok(gets >= 1 && gets <= 2, `re-fetches: ${gets}`);
    const r = await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token });
    assert.equal(r.json.payment.status, 'PAID');
  });

  it('status stream: initial event, heartbeats, then PAID pushed from a gateway postback, then closed', async () => {
    const hook = await h.helper.gateway.webhooks.create({ url: h.webhookUrl });
    try {
      const { order, payment } = await newPix(h);
      const ctl = new AbortController();
      const s = await openStream(`${h.base}/payments/${payment.id}/events`, order.token, ctl.signal);
      try {
        await eventually(() => s.events.length >= 1);
        const initial = PaymentEventSchema.parse(JSON.parse(s.events[0]!));
        assert.equal(initial.payment.status, 'WAITING_PAYMENT');
        await eventually(() => s.comments.length >= 1);
        await fetch(`${h.sb.url}/__sandbox/transactions/${payment.id}/pay`, { method: 'POST' }).then((r) => r.text());
        await eventually(() => s.events.some((e) => JSON.parse(e).payment.status === 'PAID'));
        await eventually(() => s.ended());
        const last = PaymentEventSchema.parse(JSON.parse(s.events[s.events.length - 1]!));
        assert.equal(last.payment.status, 'PAID');
        assert.equal(last.payment.id, payment.id);
        await h.sb.sandbox.idle();
        assert.ok(h.sb.sandbox.deliveries.some((d) => d.objectId === payment.id && d.status === 'paid' && d.httpStatus === 200));
      } finally {
        ctl.abort();
        await s.pump;
      }
    } finally {
      await h.helper.gateway.webhooks.delete(hook.id);
    }
  });

  it('a stream for a payment already final sends one event and closes', async () => {
    const { order, payment } = await newPix(h);
    await fetch(`${h.sb.url}/__sandbox/transactions/${payment.id}/pay`, { method: 'POST' }).then((r) => r.text());
    advance(1100);
    const ctl = new AbortController();
    const s = await openStream(`${h.base}/payments/${payment.id}/events`, order.token, ctl.signal);
    await s.pump;
    assert.equal(s.events.length, 1);
    assert.equal(JSON.parse(s.events[0]!).payment.status, 'PAID');
  });

  it('leaks no API key, card number or CVV', () => {
    assertNoSecrets(h);
  });
});

describe('status stream: push and clean-up', () => {
  let h: Harness;
  before(async () => {
    // no heartbeat check within the test: PAID can only arrive through the postback
    h = await startHarness({ sandbox: (urls) => ({ postbackUrl: urls.webhookUrl }), helper: { heartbeatMs: 600_000 } });
  });
  after(async () => {
    await h.close();
  });

  it('a paid postback reaches an open stream (no polling involved)', async () => {
    const { order, payment } = await newPix(h);
    const ctl = new AbortController();
    const s = await openStream(`${h.base}/payments/${payment.id}/events`, order.token, ctl.signal);
    try {
      await eventually(() => s.events.length >= 1);
      const summariesBefore = summaries(h, payment.id);
      await h.sb.sandbox.pay(payment.id);
      await eventually(() => s.events.some((e) => JSON.parse(e).payment.status === 'PAID'));
      await eventually(() => s.ended());
      assert.deepEqual(
        s.events.map((e) => PaymentEventSchema.parse(JSON.parse(e)).payment.status),
        ['WAITING_PAYMENT', 'PAID'],
      );
      assert.equal(summaries(h, payment.id), summariesBefore, 'pushed, not polled');
      assert.ok(h.logs.some((l) => l.includes('"payment.status"') && l.includes(payment.id) && l.includes('"source":"webhook"')));
    } finally {
      ctl.abort();
      await s.pump;
    }
    await eventually(() => h.helper.stats().streams === 0);
  });

  it('streams closed by the client leave no stream, subscription or timer behind', async () => {
    const { order, payment } = await newPix(h);
    const ctls = Array.from({ length: 10 }, () => new AbortController());
    const streams = await Promise.all(ctls.map((c) => openStream(`${h.base}/payments/${payment.id}/events`, order.token, c.signal)));
    await eventually(() => streams.every((s) => s.events.length >= 1));
    const open = h.helper.stats();
    assert.equal(open.streams, 10);
    assert.equal(open.subscriptions, 10);
    assert.equal(open.timers, 30, 'heartbeat, lifetime and PIX expiry per stream');
    for (const c of ctls) c.abort();
    await Promise.all(streams.map((s) => s.pump));
    await eventually(() => h.helper.stats().streams === 0);
    const { streams: n, subscriptions, timers } = h.helper.stats();
    assert.deepEqual({ n, subscriptions, timers }, { n: 0, subscriptions: 0, timers: 0 });
    // a status change afterwards finds no listener and breaks nothing
    await h.sb.sandbox.pay(payment.id);
    await h.sb.sandbox.idle();
    await h.helper.idle();
    assert.equal((await h.call<any>('GET', `/payments/${payment.id}`, { token: order.token })).json.payment.status, 'PAID');
  });

  it('close() ends open streams', async () => {
    const { order, payment } = await newPix(h);
    const ctl = new AbortController();
    const s = await openStream(`${h.base}/payments/${payment.id}/events`, order.token, ctl.signal);
    await eventually(() => s.events.length >= 1);
    assert.equal(h.helper.stats().streams, 1);
    await h.helper.close();
    await eventually(() => s.ended());
    assert.deepEqual({ ...h.helper.stats(), background: 0 }, { state: 'durable', streams: 0, subscriptions: 0, timers: 0, background: 0 });
    ctl.abort();
    await s.pump;
  });
});
