import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GatewayLayoutSchema, GatewayProductSchema, pagedOrArray, envelope } from '../../../src/contract/gateway.js';
import { ACTIVE_LAYOUT_ID, INACTIVE_LAYOUT_ID, PRODUCTS } from '../../../src/sandbox/index.js';
import { dataOf, errorMessage, paged, start } from './helpers.js';
import type { Api } from './helpers.js';

describe('sandbox: products and layouts', () => {
  let api: Api;
  before(async () => {
    api = await start();
  });
  after(() => api.close());

  it('lists products in a paged envelope that parses with the gateway schemas', async () => {
    const r = await api.call('GET', '/api/user/products?page=1&limit=10');
    assert.equal(r.status, 200);
    envelope(pagedOrArray(GatewayProductSchema)).parse(r.json);
    const page = dataOf(paged(GatewayProductSchema), r.json);
    assert.equal(page.total, PRODUCTS.length);
    assert.equal(page.pages, 1);
    const demo = page.data.find((p) => p.uniqueProductLinkId === 'demo-product');
    assert.ok(demo);
    assert.equal(demo.title, 'Camiseta Bynet');
    assert.equal(demo.unitPrice, 4990);
    assert.equal(demo.maxInstallments, 12);
    assert.equal(demo.status, 'ACTIVE');
    assert.deepEqual(demo.paymentMethod, { PIX: true, BOLETO: true, CREDIT_CARD: true });
    assert.match(demo.id, /^[0-9a-f-]{36}$/);
    const ebook = page.data.find((p) => p.uniqueProductLinkId === 'pix-only-ebook');
    assert.deepEqual(ebook?.paymentMethod, { PIX: true, BOLETO: false, CREDIT_CARD: false });
    assert.equal(ebook?.maxInstallments, 1);
  });

  it('pages and filters the product list', async () => {
    const p1 = dataOf(paged(GatewayProductSchema), (await api.call('GET', '/api/user/products?limit=2&page=1')).json);
    const p2 = dataOf(paged(GatewayProductSchema), (await api.call('GET', '/api/user/products?limit=2&page=2')).json);
    assert.equal(p1.pages, 2);
    assert.equal(p1.data.length + p2.data.length, PRODUCTS.length);
    const inactive = dataOf(paged(GatewayProductSchema), (await api.call('GET', '/api/user/products?status=INACTIVE')).json);
    assert.deepEqual(inactive.data.map((p) => p.status), ['INACTIVE']);
    const bad = await api.call('GET', '/api/user/products?limit=zero');
    assert.equal(bad.status, 400);
  });

  it('reads a product by id and (assumption) by link id; unknown -> 404', async () => {
    const demo = PRODUCTS[0]!;
    const byId = dataOf(GatewayProductSchema, (await api.call('GET', `/api/user/products/${demo.id}`)).json);
    assert.equal(byId.uniqueProductLinkId, 'demo-product');
    const byLink = dataOf(GatewayProductSchema, (await api.call('GET', '/api/user/products/demo-product')).json);
    assert.equal(byLink.id, demo.id);
    const missing = await api.call('GET', '/api/user/products/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(errorMessage(missing.json), 'Produto não encontrado');
  });

  it('lists layouts with filters and an absolute logo URL the sandbox serves', async () => {
    const all = dataOf(paged(GatewayLayoutSchema), (await api.call('GET', '/api/user/checkout/layout?page=1&limit=10')).json);
    assert.equal(all.total, 2);
    const active = dataOf(paged(GatewayLayoutSchema), (await api.call('GET', '/api/user/checkout/layout?status=ACTIVE')).json);
    assert.equal(active.total, 1);
    const layout = active.data[0]!;
    assert.equal(layout.id, ACTIVE_LAYOUT_ID);
    assert.equal(layout.type, 'CUSTOM');
    assert.equal(layout.typography, 'INTER');
    assert.match(layout.primaryColor ?? '', /^#[0-9a-f]{6}$/i);
    assert.equal(layout.logo?.url, `${api.url}/assets/logo.svg`);
    const svg = await fetch(layout.logo!.url!);
    assert.equal(svg.status, 200);

    const byValue = dataOf(paged(GatewayLayoutSchema), (await api.call('GET', '/api/user/checkout/layout?value=montserrat')).json);
    assert.deepEqual(byValue.data.map((l) => l.id), [INACTIVE_LAYOUT_ID]);
    const asc = dataOf(paged(GatewayLayoutSchema), (await api.call('GET', '/api/user/checkout/layout?orderBy=createdAt&orderDirection=ASC')).json);
    assert.deepEqual(asc.data.map((l) => l.id), [INACTIVE_LAYOUT_ID, ACTIVE_LAYOUT_ID]);
    const desc = dataOf(paged(GatewayLayoutSchema), (await api.call('GET', '/api/user/checkout/layout?orderBy=createdAt&orderDirection=DESC')).json);
    assert.deepEqual(desc.data.map((l) => l.id), [ACTIVE_LAYOUT_ID, INACTIVE_LAYOUT_ID]);
    const limited = dataOf(paged(GatewayLayoutSchema), (await api.call('GET', '/api/user/checkout/layout?limit=1&page=2&orderBy=createdAt&orderDirection=ASC')).json);
    assert.deepEqual(limited.data.map((l) => l.id), [ACTIVE_LAYOUT_ID]);
    assert.equal(limited.pages, 2);
  });

  it('reads a layout by id; missing id -> 400, unknown -> 404', async () => {
    const r = await api.call('GET', `/api/user/checkout/layout/get-by-id?id=${INACTIVE_LAYOUT_ID}`);
    const l = dataOf(GatewayLayoutSchema, r.json);
    assert.equal(l.status, 'INACTIVE');
    assert.equal(l.type, 'DEFAULT');
    assert.equal(l.logo, null);
    assert.equal((r.json as { message: string }).message, 'O layout foi encontrado com sucesso');
    assert.equal((await api.call('GET', '/api/user/checkout/layout/get-by-id')).status, 400);
    const nf = await api.call('GET', '/api/user/checkout/layout/get-by-id?id=nope');
    assert.equal(nf.status, 404);
    assert.equal(errorMessage(nf.json), 'Layout não encontrado');
  });

  it('uses publicUrl for absolute links when given', async () => {
    const other = await start({ publicUrl: 'https://sandbox.example.test/gw/' });
    try {
      const l = dataOf(GatewayLayoutSchema, (await other.call('GET', `/api/user/checkout/layout/get-by-id?id=${ACTIVE_LAYOUT_ID}`)).json);
      assert.equal(l.logo?.url, 'https://sandbox.example.test/gw/assets/logo.svg');
    } finally {
      await other.close();
    }
  });
});
