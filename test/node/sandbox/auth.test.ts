import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandbox } from '../../../src/sandbox/index.js';
import { API_KEY, UA, errorMessage, ErrorEnvelope, start } from './helpers.js';
import type { Api } from './helpers.js';

describe('sandbox: auth, envelope and routing', () => {
  let api: Api;
  before(async () => {
    api = await start();
  });
  after(() => api.close());

  const unauthorized = async (headers: Record<string, string>) => {
    const res = await fetch(`${api.url}/api/user/products`, { headers });
    const text = await res.text();
    assert.equal(res.status, 401);
    assert.deepEqual(JSON.parse(text), { status: 401, message: 'Não autorizado', data: null, error: 'Unauthorized' });
    assert.ok(!text.includes(API_KEY), 'the key never appears in the body');
    for (const [, v] of res.headers) assert.ok(!v.includes(API_KEY), 'the key never appears in a header');
  };

  it('answers 401 without a key', () => unauthorized({ 'user-agent': UA }));
  it('answers 401 with a wrong key (and does not echo it)', async () => {
    await unauthorized({ 'x-api-key': `${API_KEY}x`, 'user-agent': UA });
    await unauthorized({ 'x-api-key': API_KEY.slice(0, -1), 'user-agent': UA });
  });
  it('answers 401 with the right key but another User-Agent', async () => {
    await unauthorized({ 'x-api-key': API_KEY, 'user-agent': 'UMBRELLAB2B/1.0' });
    await unauthorized({ 'x-api-key': API_KEY });
  });
  it('requires the key on the public checkout routes too', async () => {
    const res = await fetch(`${api.url}/api/public/checkout/create-order/demo-product?hostname=localhost`, { method: 'POST', headers: { 'user-agent': UA } });
    assert.equal(res.status, 401);
  });

  it('accepts the key and the exact User-Agent with a success envelope', async () => {
    const r = await api.call('GET', '/api/user/products');
    assert.equal(r.status, 200);
    const body = r.json as { status: number; message: string; error: unknown };
    assert.equal(body.status, 200);
    assert.equal(body.error, null);
    assert.match(body.message, /sucesso/);
    assert.ok(!r.text.includes(API_KEY));
  });

  it('answers 400 with a Portuguese message on malformed JSON', async () => {
    const r = await api.call('POST', '/api/user/transactions', '{"amount": 10,');
    assert.equal(r.status, 400);
    assert.equal(errorMessage(r.json), 'O corpo da requisição não é um JSON válido.');
  });

  it('answers 400 when the JSON body is not an object', async () => {
    const r = await api.call('POST', '/api/user/transactions', '[1,2]');
    assert.equal(r.status, 400);
    assert.match(errorMessage(r.json), /objeto JSON/);
  });

  it('answers 415 for a non-JSON body', async () => {
    const r = await api.call('POST', '/api/user/webhook', 'url=x', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 415);
    ErrorEnvelope.parse(r.json);
  });

  it('answers 404 envelopes for unknown routes and 405 for a known path with another method', async () => {
    const nf = await api.call('GET', '/api/user/nothing-here');
    assert.equal(nf.status, 404);
    assert.match(errorMessage(nf.json), /Rota não encontrada/);
    const na = await api.call('DELETE', '/api/user/products');
    assert.equal(na.status, 405);
    const outside = await fetch(`${api.url}/elsewhere`);
    assert.equal(outside.status, 404);
  });

  it('serves the logo and control routes without a key', async () => {
    const logo = await fetch(`${api.url}/assets/logo.svg`);
    assert.equal(logo.status, 200);
    assert.match(logo.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    const svg = await logo.text();
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
    assert.match(svg, /<\/svg>\s*$/);
    const state = await api.control('GET', '/__sandbox/state');
    assert.equal(state.status, 200);
  });

  it('strips a base path and refuses paths outside it', async () => {
    const sb = createSandbox({ apiKey: API_KEY, basePath: '/sandbox/' });
    const inside = await sb.handle(new Request('http://127.0.0.1/sandbox/api/user/products', { headers: { 'x-api-key': API_KEY, 'user-agent': UA } }));
    assert.equal(inside.status, 200);
    const outside = await sb.handle(new Request('http://127.0.0.1/api/user/products', { headers: { 'x-api-key': API_KEY, 'user-agent': UA } }));
    assert.equal(outside.status, 404);
    const logo = await sb.handle(new Request('http://127.0.0.1/sandbox/assets/logo.svg'));
    assert.equal(logo.status, 200);
    assert.deepEqual(
      sb.calls.map((c) => c.path),
      ['/api/user/products'],
      'calls are logged relative to the base path; outside paths and assets are not logged',
    );
  });

  it('accepts a custom User-Agent option', async () => {
    const sb = createSandbox({ apiKey: API_KEY, userAgent: 'UMBRELLAB2B/1.0' });
    const ok = await sb.handle(new Request('http://127.0.0.1/api/user/products', { headers: { 'x-api-key': API_KEY, 'user-agent': 'UMBRELLAB2B/1.0' } }));
    assert.equal(ok.status, 200);
    const no = await sb.handle(new Request('http://127.0.0.1/api/user/products', { headers: { 'x-api-key': API_KEY, 'user-agent': UA } }));
    assert.equal(no.status, 401);
  });

  it('refuses to start without an API key', () => {
    assert.throws(() => createSandbox({ apiKey: '' }), TypeError);
  });
});
