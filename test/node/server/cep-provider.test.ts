/**
 * The ViaCEP adapter against a local fake of its API on 127.0.0.1 (the real service is never
 * called by tests), alone and plugged into the helper as `cepLookup`.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createMemoryState, viaCepLookup } from '../../../src/server/index.js';
import { startHarness } from './harness.js';

describe('viaCepLookup (local fake of the ViaCEP API)', () => {
  let base = '';
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const m = /^\/ws\/(\d{8})\/json\/$/.exec(req.url ?? '');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (!m) return send(400, { erro: true });
    if (m[1] === '01310100') return send(200, { cep: '01310-100', logradouro: 'Avenida Paulista', complemento: 'de 612 a 1510 - lado par', bairro: 'Bela Vista', localidade: 'São Paulo', uf: 'SP', ibge: '3550308' });
    if (m[1] === '69900970') return send(200, { cep: '69900-970', logradouro: '', bairro: '', localidade: 'Rio Branco', uf: 'AC' });
    if (m[1] === '50000000') return send(500, { message: 'down' });
    if (m[1] === '70000000') return send(200, { uf: 'São Paulo' });
    return send(200, { erro: 'true' });
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('maps the answer, returns null for an unknown CEP, throws on a failing or odd service', async () => {
    const lookup = viaCepLookup({ baseUrl: base });
    assert.deepEqual(await lookup('01310100'), { zipCode: '01310100', street: 'Avenida Paulista', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP' });
    assert.deepEqual(await lookup('69900970'), { zipCode: '69900970', street: '', neighborhood: '', city: 'Rio Branco', state: 'AC' });
    assert.equal(await lookup('99999999'), null);
    assert.equal(await lookup('123'), null);
    await assert.rejects(async () => lookup('50000000'), /HTTP 500/);
    await assert.rejects(async () => lookup('70000000'), /unexpected/);
    assert.ok(paths.includes('/ws/01310100/json/'));
    assert.throws(() => viaCepLookup({ baseUrl: 'http://viacep.example' }), /https/);
  });

  it('uses the injected fetch', async () => {
    const seen: string[] = [];
    const lookup = viaCepLookup({ baseUrl: base, fetch: (input, init) => (seen.push(String(input)), fetch(input, init)) });
    await lookup('01310100');
    assert.deepEqual(seen, [`${base}/ws/01310100/json/`]);
  });

  it('plugged into the helper: GET /cep/:cep answers the provider\'s address; a failing provider asks the buyer to type it', async () => {
    const h = await startHarness({ helper: { state: createMemoryState(), cepLookup: viaCepLookup({ baseUrl: base }) } });
    try {
      const cfg = await h.config();
      const ok = await h.call<any>('GET', '/cep/01310-100', { token: cfg.token });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.address.street, 'Avenida Paulista');
      const missing = await h.call<any>('GET', '/cep/99999999', { token: cfg.token });
      assert.equal(missing.status, 404);
      const down = await h.call<any>('GET', '/cep/50000000', { token: cfg.token });
      assert.equal(down.status, 502);
      assert.match(down.json.error.message, /type the address/);
    } finally {
      await h.close();
    }
  });
});
