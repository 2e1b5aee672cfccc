import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createPassportDirectory, DirectoryError, PASSPORT_LIST_SCOPE } from '../../../src/directory/index.js';
import { PASSPORT_CUSTOMER_COUNT, PASSPORT_SCOPE } from '../../../src/sandbox/directories/index.js';
import type { StartedDirectorySandboxes } from '../../../src/sandbox/directories/index.js';
import { collect, pairs, recordingSleep, startDirectories } from './support.js';

const TOKEN = 'pp_token_with_scope';
const NO_SCOPE = 'pp_token_without_scope';
const FORBIDDEN = 'pp_token_forbidden';

describe('directory: Passport against its simulator', () => {
  let sb: StartedDirectorySandboxes;
  before(async () => {
    sb = await startDirectories({
      passport: {
        tokens: { [TOKEN]: [PASSPORT_SCOPE], [NO_SCOPE]: ['paas.core.entity.get'], [FORBIDDEN]: [PASSPORT_SCOPE] },
        forbiddenTokens: [FORBIDDEN],
      },
    });
  });
  after(() => sb.close());
  beforeEach(() => {
    sb.passport.calls.length = 0;
    sb.passport.clearFaults();
  });
  const dir = (extra: Partial<Parameters<typeof createPassportDirectory>[0]> = {}) =>
    createPassportDirectory({ token: TOKEN, baseUrl: sb.passportUrl, ...extra });
  const query = (i: number) => new URLSearchParams(sb.passport.calls[i]!.query);

  it('sends the documented page parameters and maps to the one Customer shape', async () => {
    const now = Date.parse('2030-01-02T03:04:05.678Z');
    const page = await dir({ now: () => now }).list({ limit: 7 });
    const q = query(0);
    assert.equal(q.get('page_params.page_size'), '7');
    assert.equal(q.get('page_params.page_number'), '1');
    assert.equal(q.get('page_params.first_request_timestamp.seconds'), String(Math.floor(now / 1000)));
    assert.equal(q.get('page_params.first_request_timestamp.nanos'), '678000000');
    assert.equal(page.data.length, 7);
    assert.equal(page.total, PASSPORT_CUSTOMER_COUNT, 'pagination_info is read');
    const c = page.data[0]!;
    assert.equal(c.source, 'passport');
    assert.ok(c.name && c.email && c.phone && c.createdAt && c.updatedAt);
    assert.ok(c.document && ['CC', 'NIT', 'CE'].includes(c.document.type));
  });

  it('each identification filter, under its documented name', async () => {
    const seeded = sb.passport.customers;
    const t = seeded[5]!;
    const byNumber = await dir().list({ identificationNumber: t.identification_number });
    assert.deepEqual(byNumber.data.map((c) => c.id), [t.id]);
    assert.equal(query(0).get('identification_number'), t.identification_number);
    const byId = await dir().list({ customerId: t.id });
    assert.deepEqual(byId.data.map((c) => c.id), [t.id]);
    assert.equal(query(1).get('customer_id'), t.id);
    const nits = await collect(dir().all({ identificationType: 'NIT' }));
    assert.deepEqual(nits.map((c) => c.id).sort(), seeded.filter((c) => c.identification_type === 'NIT').map((c) => c.id).sort());
    assert.equal(query(2).get('identification_type'), 'NIT');
    // a free-text document search goes to identification_number too
    const byQ = await dir().list({ q: t.identification_number });
    assert.deepEqual(byQ.data.map((c) => c.id), [t.id]);
  });

  it('order_params: key and every direction', async () => {
    const asc = await collect(dir().all({ orderKey: 'created_at', orderDirection: 'ASC' }));
    const desc = await collect(dir().all({ orderKey: 'created_at', orderDirection: 'DESC' }));
    const unspecified = await collect(dir().all({ orderDirection: 'ORDER_DIRECTION_ENUM_UNSPECIFIED' }));
    assert.equal(asc.length, PASSPORT_CUSTOMER_COUNT);
    assert.deepEqual(desc.map((c) => c.id), asc.map((c) => c.id).reverse());
    assert.deepEqual(unspecified.map((c) => c.id), asc.map((c) => c.id));
    const sent = sb.passport.calls.map((c) => new URLSearchParams(c.query));
    assert.ok(sent.some((q) => q.get('order_params.order_key') === 'created_at' && q.get('order_params.order_direction') === 'DESC'));
    assert.ok(sent.some((q) => q.get('order_params.order_direction') === 'ORDER_DIRECTION_ENUM_UNSPECIFIED'));
    await assert.rejects(dir().list({ orderDirection: 'UP' as never }), (e: unknown) => e instanceof DirectoryError && e.code === 'invalid_query');
  });

  it('walks every page on one fixed snapshot: each seeded customer once, even when one is added mid-walk', async () => {
    const d = dir();
    const seen: string[] = [];
    let added = false;
    for await (const c of d.all({ limit: 6, orderKey: 'created_at', orderDirection: 'DESC' })) {
      seen.push(c.id);
      if (!added && seen.length === 8) {
        // newest first: without the snapshot this would shift every later page by one
        sb.passport.customers.push({ ...sb.passport.customers[0]!, id: 'added-mid-walk', created_at: new Date(Date.now() + 1000).toISOString() });
        added = true;
      }
    }
    try {
      assert.equal(seen.length, PASSPORT_CUSTOMER_COUNT);
      assert.equal(new Set(seen).size, PASSPORT_CUSTOMER_COUNT);
      assert.ok(!seen.includes('added-mid-walk'));
      const stamps = new Set(sb.passport.calls.map((c) => {
        const q = new URLSearchParams(c.query);
        return `${q.get('page_params.first_request_timestamp.seconds')}.${q.get('page_params.first_request_timestamp.nanos')}`;
      }));
      assert.equal(stamps.size, 1, 'one snapshot for every page of the walk');
      assert.deepEqual(sb.passport.calls.map((c) => new URLSearchParams(c.query).get('page_params.page_number')), ['1', '2', '3', '4', '5', '6', '7', '8']);
    } finally {
      sb.passport.customers.pop();
    }
  });

  it('page cursors keep the snapshot too', async () => {
    const d = dir();
    const p1 = await d.list({ limit: 10 });
    const p2 = await d.list({ limit: 10, cursor: p1.next });
    const p3 = await d.list({ limit: 10, cursor: p2.previous });
    assert.deepEqual(p3.data.map((c) => c.id), p1.data.map((c) => c.id));
    const stamp = (i: number) => query(i).get('page_params.first_request_timestamp.seconds') + '.' + query(i).get('page_params.first_request_timestamp.nanos');
    assert.equal(stamp(1), stamp(0));
    assert.equal(stamp(2), stamp(0));
  });

  it('a 404 ("no customers") is an empty list', async () => {
    const page = await dir().list({ identificationNumber: '000000' });
    assert.equal(sb.passport.calls[0]!.status, 404);
    assert.deepEqual(page.data, []);
    assert.equal(page.next, null);
    assert.deepEqual(await collect(dir().all({ customerId: 'nobody' })), []);
  });

  it('a 401 names the missing scope; other auth failures are typed too', async () => {
    await assert.rejects(dir({ token: NO_SCOPE }).list(), (e: unknown) => {
      assert.ok(e instanceof DirectoryError);
      assert.equal(e.code, 'unauthorized');
      assert.equal(e.missingScope, PASSPORT_LIST_SCOPE);
      assert.match(e.message, /paas\.core\.entity_customers\.list\.get/);
      assert.ok(!e.message.includes(NO_SCOPE));
      return true;
    });
    await assert.rejects(dir({ token: 'expired_token' }).list(), (e: unknown) => e instanceof DirectoryError && e.code === 'unauthorized' && e.httpStatus === 401);
    await assert.rejects(dir({ token: FORBIDDEN }).list(), (e: unknown) => e instanceof DirectoryError && e.code === 'forbidden' && e.httpStatus === 403);
  });

  it('waits a 429 out (Retry-After, then backoff), then gives up typed', async () => {
    const r = recordingSleep();
    sb.passport.fault({ rateLimit: { retryAfter: 3 }, times: 1 });
    sb.passport.fault({ rateLimit: {}, times: 1 });
    const page = await dir({ sleep: r.sleep }).list({ limit: 2 });
    assert.equal(page.data.length, 2);
    assert.deepEqual(r.waits, [3000, 1000]);
    sb.passport.fault({ rateLimit: { retryAfter: 120 }, times: 1 });
    await assert.rejects(dir({ sleep: r.sleep }).list(), (e: unknown) => e instanceof DirectoryError && e.code === 'rate_limited' && e.retryAfterSeconds === 120);
  });

  it('a name or e-mail search is matched locally over the pages', async () => {
    const t = sb.passport.customers.find((c) => c.first_name)!;
    const hits = await collect(dir().all({ name: t.first_name! }));
    const expected = sb.passport.customers.filter((c) => `${c.first_name} ${c.last_name}`.includes(t.first_name!)).map((c) => c.id);
    assert.deepEqual(hits.map((c) => c.id).sort(), expected.sort());
    const byMail = await dir().list({ q: t.email });
    assert.deepEqual(byMail.data.map((c) => c.id), [t.id]);
  });

  it('refuses a snapshot outside the documented range', async () => {
    const invalid = (e: unknown) => e instanceof DirectoryError && e.code === 'invalid_query';
    await assert.rejects(dir().list({ snapshot: { seconds: 253_402_300_800, nanos: 0 } }), invalid);
    await assert.rejects(dir().list({ snapshot: { seconds: 0, nanos: 1_000_000_000 } }), invalid);
    await assert.rejects(dir().list({ snapshot: { seconds: 0, nanos: -1 } }), invalid);
    const ok = await dir().list({ snapshot: { seconds: 253_402_300_799, nanos: 999_999_999 } });
    assert.equal(ok.data.length, 20);
    assert.ok(pairs(sb.passport.calls.at(-1)!.query).some(([k, v]) => k === 'page_params.first_request_timestamp.nanos' && v === '999999999'));
  });
});
