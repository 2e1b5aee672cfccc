import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isValidCpf } from '../../../src/brazil/document.js';
import { isValidPhone } from '../../../src/brazil/phone.js';
import { GatewayCustomerSchema, envelope, pagedOrArray } from '../../../src/contract/gateway.js';
import { CUSTOMER_COUNT, generateCustomers } from '../../fixtures/gateway.data.js';
import { dataOf, errorMessage, paged, start } from './helpers.js';
import type { Api } from './helpers.js';

describe('sandbox: customers', () => {
  let api: Api;
  before(async () => {
    api = await start();
  });
  after(() => api.close());

  it('seeds at least 230 deterministic customers with valid CPFs and phones', () => {
    assert.ok(CUSTOMER_COUNT >= 230);
    const a = generateCustomers();
    assert.deepEqual(generateCustomers(), a, 'same seed, same customers');
    assert.equal(a.length, CUSTOMER_COUNT);
    assert.equal(new Set(a.map((c) => c.id)).size, a.length);
    assert.equal(new Set(a.map((c) => c.email)).size, a.length);
    for (const c of a) {
      assert.ok(isValidCpf(c.document.number), c.document.number);
      assert.ok(isValidPhone(c.phone), c.phone);
    }
  });

  it('pages through every customer exactly once (default limit 10)', async () => {
    const first = await api.call('GET', '/api/user/customers');
    envelope(pagedOrArray(GatewayCustomerSchema)).parse(first.json);
    const p1 = dataOf(paged(GatewayCustomerSchema), first.json);
    assert.equal(p1.limit, 10);
    assert.equal(p1.page, 1);
    assert.equal(p1.total, CUSTOMER_COUNT);
    assert.equal(p1.pages, Math.ceil(CUSTOMER_COUNT / 10));

    const seen = new Map<string, number>();
    const limit = 37;
    const { pages } = dataOf(paged(GatewayCustomerSchema), (await api.call('GET', `/api/user/customers?limit=${limit}`)).json);
    for (let page = 1; page <= pages; page++) {
      const p = dataOf(paged(GatewayCustomerSchema), (await api.call('GET', `/api/user/customers?page=${page}&limit=${limit}`)).json);
      assert.equal(p.data.length, page < pages ? limit : CUSTOMER_COUNT - limit * (pages - 1));
      for (const c of p.data) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
    }
    assert.equal(seen.size, CUSTOMER_COUNT);
    assert.ok([...seen.values()].every((n) => n === 1));
    const beyond = dataOf(paged(GatewayCustomerSchema), (await api.call('GET', `/api/user/customers?page=${pages + 1}&limit=${limit}`)).json);
    assert.deepEqual(beyond.data, []);
  });

  it('caps limit at 100 and rejects bad paging values', async () => {
    const p = dataOf(paged(GatewayCustomerSchema), (await api.call('GET', '/api/user/customers?limit=500')).json);
    assert.equal(p.limit, 100);
    assert.equal(p.data.length, 100);
    for (const q of ['page=0', 'limit=-1', 'page=abc']) {
      const r = await api.call('GET', `/api/user/customers?${q}`);
      assert.equal(r.status, 400, q);
    }
  });

  it('reads one customer by id; unknown -> 404', async () => {
    const list = dataOf(paged(GatewayCustomerSchema), (await api.call('GET', '/api/user/customers?limit=1&page=5')).json);
    const c = list.data[0]!;
    const one = dataOf(GatewayCustomerSchema, (await api.call('GET', `/api/user/customers/${c.id}`)).json);
    assert.deepEqual(one, c);
    // [DOC] the customer item has no nested document or address: `addressId` and `birthdate` instead
    assert.equal(one.document, undefined);
    assert.equal(one.birthdate, null);
    assert.match(one.addressId ?? '', /^[0-9a-f-]{36}$/);
    const nf = await api.call('GET', '/api/user/customers/00000000-0000-4000-8000-000000000000');
    assert.equal(nf.status, 404);
    assert.equal(errorMessage(nf.json), 'Cliente não encontrado');
  });
});
