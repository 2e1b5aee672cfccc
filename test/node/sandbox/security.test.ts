/**
 * The sandbox's simulator-only surfaces a browser can reach: the control routes (same-origin
 * requests and JSON bodies only) and the boleto PDF (which shows the payer's name and CPF: signed
 * links only).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { GatewayCheckoutPaymentSchema } from '../../../src/contract/gateway.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { ADDRESS, BUYER, checkoutPayment, dataOf, start } from './helpers.js';
import type { Api } from './helpers.js';

/** A boleto through the public checkout: its transaction id and PDF link. */
async function boleto(api: Api): Promise<{ id: string; url: string }> {
  const r = await checkoutPayment(api, { paymentMethod: 'boleto', ...ADDRESS });
  assert.equal(r.status, 200, r.text);
  const data = dataOf(GatewayCheckoutPaymentSchema, r.json);
  return { id: data.id, url: data.order!.payment!.boleto!.url! };
}

async function faultCount(api: Api): Promise<number> {
  return ((await api.control('GET', '/__sandbox/faults')).json as { faults: unknown[] }).faults.length;
}

describe('sandbox: control routes refuse cross-site requests and non-JSON bodies', () => {
  let api: Api;
  let origin: string;
  before(async () => {
    api = await start();
    origin = new URL(api.url).origin;
  });
  beforeEach(() => api.started.sandbox.reset());
  after(() => api.close());

  const post = (path: string, body: string, headers: Record<string, string>) => fetch(`${api.url}${path}`, { method: 'POST', headers, body });

  it('a text/plain POST (what a cross-site form or no-cors fetch sends) is refused with 415, and does nothing', async () => {
    const spec = JSON.stringify({ route: '*', status: 503 });
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/x-json', 'text/json']) {
      const r = await post('/__sandbox/faults', spec, { 'content-type': type });
      assert.equal(r.status, 415, type);
      assert.equal(((await r.json()) as { error: string }).error, 'unsupported_media_type');
    }
    assert.equal(await faultCount(api), 0, 'no fault was added');
  });

  it('a cross-site text/plain POST is refused (403 before the body is even read), and the payment is untouched', async () => {
    const pix = await checkoutPayment(api, { paymentMethod: 'pix' });
    const id = dataOf(z.looseObject({ id: z.string() }), pix.json).id;
    const r = await post(`/__sandbox/transactions/${id}/pay`, '{}', { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    assert.equal(r.status, 403);
    assert.equal(((await r.json()) as { error: string }).error, 'forbidden');
    const tx = api.started.sandbox.state.transactions.find((t) => t.id === id)!;
    assert.equal(tx.status, 'WAITING_PAYMENT');
  });

  it('an Origin other than the sandbox\'s own is refused with 403, JSON body or not, GET or POST', async () => {
    const json = { 'content-type': 'application/json' };
    for (const other of ['https://evil.example', 'null', `http://localhost:${new URL(api.url).port}`, `${origin}.evil.example`, 'http://127.0.0.1:1']) {
      const r = await post('/__sandbox/faults', JSON.stringify({ route: '*', status: 503 }), { ...json, origin: other });
      assert.equal(r.status, 403, other);
    }
    assert.equal(await faultCount(api), 0);
    // the call log and state list buyers' payment ids: not for other origins either
    for (const path of ['/__sandbox/calls', '/__sandbox/state', '/__sandbox/postbacks']) {
      const r = await fetch(`${api.url}${path}`, { headers: { origin: 'https://evil.example' } });
      assert.equal(r.status, 403, path);
    }
    const del = await fetch(`${api.url}/__sandbox/faults`, { method: 'DELETE', headers: { origin: 'https://evil.example' } });
    assert.equal(del.status, 403);
  });

  it('Sec-Fetch-Site cross-site or same-site is refused with 403 (a GET from a <script> or <img> tag sends no Origin)', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const r = await fetch(`${api.url}/__sandbox/calls`, { headers: { 'sec-fetch-site': site } });
      assert.equal(r.status, 403, site);
    }
  });

  it('same-origin page use works: Origin = the sandbox\'s origin, Sec-Fetch-Site same-origin (or none: the address bar)', async () => {
    const r = await post('/__sandbox/faults', JSON.stringify({ route: 'GET /api/nothing', status: 503 }), {
      'content-type': 'application/json; charset=utf-8',
      origin,
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(r.status, 201, await r.text());
    assert.equal(await faultCount(api), 1);
    const calls = await fetch(`${api.url}/__sandbox/calls`, { headers: { 'sec-fetch-site': 'same-origin', origin } });
    assert.equal(calls.status, 200);
    const typed = await fetch(`${api.url}/__sandbox/state`, { headers: { 'sec-fetch-site': 'none' } });
    assert.equal(typed.status, 200);
  });

  it('server-side use works: no Origin, JSON bodies, and POSTs without a body or a Content-Type', async () => {
    const pix = await checkoutPayment(api, { paymentMethod: 'pix' });
    const id = dataOf(z.looseObject({ id: z.string() }), pix.json).id;
    const paid = await fetch(`${api.url}/__sandbox/transactions/${id}/pay`, { method: 'POST' });
    assert.equal(paid.status, 200, await paid.text());
    assert.equal((await api.control('POST', '/__sandbox/faults', { route: '*', latencyMs: 1 })).status, 201);
    assert.equal((await api.control('GET', '/__sandbox/calls')).status, 200);
    // a body without a Content-Type is not JSON
    const untyped = await fetch(`${api.url}/__sandbox/postbacks`, { method: 'POST', body: new Blob(['{"duplicates":2}']) });
    assert.equal(untyped.status, 415);
  });

  it('the sandbox\'s public URL is an allowed origin too (a page served there calls it)', async () => {
    const sb = await startSandbox({ apiKey: 'k', publicUrl: 'https://sandbox.example.test/sb' });
    try {
      const r = await fetch(`${sb.url}/__sandbox/state`, { headers: { origin: 'https://sandbox.example.test' } });
      assert.equal(r.status, 200);
      const own = await fetch(`${sb.url}/__sandbox/state`, { headers: { origin: new URL(sb.url).origin } });
      assert.equal(own.status, 200);
      const other = await fetch(`${sb.url}/__sandbox/state`, { headers: { origin: 'https://other.example.test' } });
      assert.equal(other.status, 403);
    } finally {
      await sb.close();
    }
  });
});

describe('sandbox: the boleto PDF needs the signed link the sandbox returned', () => {
  let api: Api;
  let url: string;
  let id: string;
  before(async () => {
    api = await start({ now: () => Date.parse('2025-03-10T15:00:00Z') });
    ({ id, url } = await boleto(api));
  });
  after(() => api.close());

  it('the signed link serves the PDF (payer name and CPF in it), private and not cached', async () => {
    assert.match(url, /\/boleto\/[^/]+\.pdf\?sig=[A-Za-z0-9_-]{43}$/);
    const pdf = await fetch(url);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(pdf.headers.get('cache-control'), 'private, no-store');
    assert.equal(pdf.headers.get('referrer-policy'), 'no-referrer');
    const text = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    assert.ok(text.includes(BUYER.fullName), 'payer name');
    assert.ok(text.includes(BUYER.document), 'payer CPF');
    const head = await fetch(url, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  it('an unsigned link (the transaction id alone) is refused with 403 and no PDF', async () => {
    const bare = url.replace(/\?.*$/, '');
    const r = await fetch(bare);
    assert.equal(r.status, 403);
    assert.notEqual(r.headers.get('content-type'), 'application/pdf');
    assert.ok(!(await r.text()).includes(BUYER.document));
    assert.equal((await fetch(`${bare}?sig=`)).status, 403);
  });

  it('forged signatures are refused: altered, truncated, another id\'s, another sandbox\'s', async () => {
    const sig = new URL(url).searchParams.get('sig')!;
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const bare = url.replace(/\?.*$/, '');
    for (const forged of [`${flip(sig[0]!)}${sig.slice(1)}`, sig.slice(0, -1), `${sig}A`, sig.toUpperCase(), 'x'.repeat(43)]) {
      assert.equal((await fetch(`${bare}?sig=${encodeURIComponent(forged)}`)).status, 403, forged);
    }
    // another boleto's signature does not open this one
    const other = await boleto(api);
    const otherSig = new URL(other.url).searchParams.get('sig')!;
    assert.notEqual(otherSig, sig);
    assert.equal((await fetch(`${bare}?sig=${otherSig}`)).status, 403);
    assert.equal((await fetch(other.url)).status, 200);
    // the same id and signature at another sandbox (another secret): refused
    const second = await start();
    try {
      assert.equal((await fetch(`${second.url}/boleto/${id}.pdf?sig=${sig}`)).status, 403);
    } finally {
      await second.close();
    }
  });

  it('an unknown id is refused the same way as a forged link (403: the answer says nothing about the id)', async () => {
    assert.equal((await fetch(`${api.url}/boleto/00000000-0000-4000-8000-000000000000.pdf`)).status, 403);
    assert.equal((await fetch(`${api.url}/boleto/${id}.pdf?sig=${'A'.repeat(43)}`)).status, 403);
  });

  it('`linkSecret` makes the links stable across sandboxes given the same secret', async () => {
    const a = await start({ linkSecret: 'sandbox-link-secret-for-this-test' });
    try {
      const tx = await boleto(a);
      const want = createHmac('sha256', 'sandbox-link-secret-for-this-test').update(`boleto-pdf:${tx.id}`).digest('base64url');
      assert.equal(new URL(tx.url).searchParams.get('sig'), want);
      assert.equal((await fetch(tx.url)).status, 200);
    } finally {
      await a.close();
    }
  });
});
