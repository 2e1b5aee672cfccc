import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createPagarmeDirectory, DirectoryError } from '../../../src/directory/index.js';
import type { PagarmeQuery } from '../../../src/directory/index.js';
import { pagarmeCompare, PAGARME_CUSTOMER_COUNT } from '../../../src/sandbox/directories/index.js';
import type { StartedDirectorySandboxes } from '../../../src/sandbox/directories/index.js';
import { collect, pairs, recordingSleep, startDirectories } from './support.js';

describe('directory: Pagar.me against its simulator', () => {
  let sb: StartedDirectorySandboxes;
  let sbFixed: StartedDirectorySandboxes;
  before(async () => {
    sb = await startDirectories();
    sbFixed = await startDirectories({ pagarme: { previousHeader: 'x-cursor-previouspage' } });
  });
  after(async () => {
    await sb.close();
    await sbFixed.close();
  });
  beforeEach(() => {
    sb.pagarme.calls.length = 0;
    sb.pagarme.clearFaults();
  });
  const dir = (extra: Partial<Parameters<typeof createPagarmeDirectory>[0]> = {}) =>
    createPagarmeDirectory({ apiKey: sb.pagarmeKey, baseUrl: sb.pagarmeUrl, ...extra });
  const lastQuery = () => pairs(sb.pagarme.calls.at(-1)!.query);
  function all(q: PagarmeQuery = {}) {
    return collect(dir().all(q));
  }

  it('sends the key as api_key and maps every customer to the one Customer shape', async () => {
    const page = await dir().list({ limit: 5 });
    assert.equal(page.source, 'pagarme');
    assert.equal(page.data.length, 5);
    const q = lastQuery();
    assert.ok(q.some(([k, v]) => k === 'api_key' && v === '[redacted]'), 'the key travels as api_key');
    assert.deepEqual(q.find(([k]) => k === 'count'), ['count', '5']);
    const c = page.data[0]!;
    assert.equal(c.source, 'pagarme');
    assert.match(c.id, /^\d+$/);
    assert.ok(c.name && c.email && c.phone && c.createdAt);
    assert.ok(c.document && (c.document.type === 'CPF' || c.document.type === 'CNPJ'));
    assert.equal(page.previous, null, 'the first page has no previous (empty header)');
    assert.ok(page.next, 'the next token comes from x-cursor-nextpage');
  });

  it('every range prefix on a date, sent as Unix milliseconds', async () => {
    const seeded = sb.pagarme.customers;
    const from = Date.parse(seeded[10]!.date_created);
    const to = Date.parse(seeded[20]!.date_created);
    const inRange = await all({ filters: { date_created: [{ op: '>=', value: new Date(from) }, { op: '<=', value: to }] } });
    assert.equal(inRange.length, 11);
    assert.deepEqual(
      pairs(sb.pagarme.calls[0]!.query).filter(([k]) => k === 'date_created'),
      [['date_created', `>=${from}`], ['date_created', `<=${to}`]],
    );
    const open = await all({ filters: { date_created: [{ op: '>', value: from }, { op: '<', value: to }] } });
    assert.equal(open.length, 9);
    const ids = open.map((c) => Number(c.id)).sort((a, b) => a - b);
    assert.deepEqual(ids, seeded.slice(11, 20).map((c) => c.id));
  });

  it('range prefixes on a number and equality', async () => {
    const lt = await all({ filters: { id: { op: '<', value: 1006 } } });
    assert.deepEqual(lt.map((c) => c.id).sort(), ['1001', '1002', '1003', '1004', '1005']);
    const eq = await all({ filters: { id: 1030 } });
    assert.deepEqual(eq.map((c) => c.id), ['1030']);
  });

  it('strings compare lexicographically, capitals after small letters, as the page states', async () => {
    const seeded = sb.pagarme.customers;
    const small = seeded.filter((c) => /^[a-z]/.test(c.name));
    assert.ok(small.length >= 3, 'the seed has names typed in small letters');
    // every small-letter name sorts before "A..."
    const below = await all({ filters: { name: { op: '<', value: 'A' } } });
    assert.deepEqual(below.map((c) => c.id).sort(), small.map((c) => String(c.id)).sort());
    assert.ok(pagarmeCompare('zeca', 'Ana') < 0);
    const upper = await all({ filters: { name: { op: '>=', value: 'A' } } });
    assert.equal(upper.length + below.length, PAGARME_CUSTOMER_COUNT);
  });

  it('searches: e-mail and document by equality, a name as a prefix range', async () => {
    const target = sb.pagarme.customers.find((c) => c.type === 'individual' && /^[A-Z]/.test(c.name))!;
    const byEmail = await dir().list({ q: target.email });
    assert.deepEqual(byEmail.data.map((c) => c.id), [String(target.id)]);
    assert.deepEqual(lastQuery().find(([k]) => k === 'email'), ['email', target.email]);
    const formatted = target.document_number.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');
    const byDoc = await dir().list({ document: formatted });
    assert.deepEqual(byDoc.data.map((c) => c.id), [String(target.id)]);
    assert.deepEqual(lastQuery().find(([k]) => k === 'document_number'), ['document_number', target.document_number]);
    const first = target.name.split(' ')[0]!;
    const byName = await collect(dir().all({ name: first }));
    const expected = sb.pagarme.customers.filter((c) => c.name.startsWith(first)).map((c) => String(c.id));
    assert.deepEqual(byName.map((c) => c.id).sort(), expected.sort());
    assert.deepEqual(
      pairs(sb.pagarme.calls.at(-1)!.query).filter(([k]) => k === 'name'),
      [['name', `>=${first}`], ['name', `<${first}\uffff`]],
    );
  });

  for (const variant of ['x-cursor-previouspagr (the page spelling)', 'x-cursor-previouspage']) {
    it(`walks every page forward then back, each customer exactly once (${variant})`, async () => {
      const s = variant.startsWith('x-cursor-previouspagr') ? sb : sbFixed;
      const d = createPagarmeDirectory({ apiKey: s.pagarmeKey, baseUrl: s.pagarmeUrl });
      const forward: string[] = [];
      let page = await d.list({ limit: 8 });
      let last = page;
      let pages = 0;
      for (;;) {
        pages++;
        forward.push(...page.data.map((c) => c.id));
        last = page;
        if (!page.next) break;
        page = await d.list({ limit: 8, cursor: page.next });
      }
      assert.equal(pages, Math.ceil(PAGARME_CUSTOMER_COUNT / 8));
      assert.equal(forward.length, PAGARME_CUSTOMER_COUNT);
      assert.equal(new Set(forward).size, PAGARME_CUSTOMER_COUNT);
      assert.ok(last.previous, 'the last page has a previous cursor');
      // back from the last page to the first, with the previous-page tokens
      const backward = await collect(d.all({ limit: 8, cursor: last.previous, direction: 'backward' }));
      const expectedBack = forward.slice(0, forward.length - last.data.length);
      assert.deepEqual(new Set(backward.map((c) => c.id)), new Set(expectedBack));
      assert.equal(backward.length, expectedBack.length);
      // .all() forward gives the same set
      const everyone = await collect(d.all());
      assert.deepEqual(everyone.map((c) => c.id), forward);
    });
  }

  it('waits a 429 out, honouring Retry-After', async () => {
    const { sleep, waits } = recordingSleep();
    sb.pagarme.fault({ rateLimit: { retryAfter: 2 }, times: 2 });
    const page = await dir({ sleep }).list({ limit: 3 });
    assert.equal(page.data.length, 3);
    assert.deepEqual(waits, [2000, 2000]);
    assert.deepEqual(sb.pagarme.calls.map((c) => c.status), [429, 429, 200]);
  });

  it('backs off exponentially on a 429 without Retry-After, then gives up typed', async () => {
    const { sleep, waits } = recordingSleep();
    sb.pagarme.fault({ rateLimit: {}, times: 3 });
    await dir({ sleep }).list();
    assert.deepEqual(waits, [500, 1000, 2000]);
    sb.pagarme.fault({ rateLimit: { retryAfter: 1 }, times: 10 });
    const again = recordingSleep();
    await assert.rejects(dir({ sleep: again.sleep, retries: 2 }).list(), (e: unknown) => {
      assert.ok(e instanceof DirectoryError);
      assert.equal(e.code, 'rate_limited');
      assert.equal(e.source, 'pagarme');
      assert.equal(e.retryAfterSeconds, 1);
      return true;
    });
    assert.deepEqual(again.waits, [1000, 1000]);
  });

  it('a wrong key is a typed unauthorized error that never shows the key', async () => {
    const key = 'ak_test_wrong_key_12345';
    await assert.rejects(createPagarmeDirectory({ apiKey: key, baseUrl: sb.pagarmeUrl }).list(), (e: unknown) => {
      assert.ok(e instanceof DirectoryError);
      assert.equal(e.code, 'unauthorized');
      assert.equal(e.httpStatus, 401);
      assert.ok(!e.message.includes(key) && !JSON.stringify(e).includes(key));
      return true;
    });
  });

  it('refuses queries it cannot send as the page says', async () => {
    const d = dir();
    const invalid = (e: unknown) => e instanceof DirectoryError && e.code === 'invalid_query';
    await assert.rejects(d.list({ filters: { name: '<A' } }), invalid, 'a plain value that looks like a range');
    await assert.rejects(d.list({ filters: { api_key: 'x' } }), invalid);
    await assert.rejects(d.list({ filters: { 'bad name': 'x' } }), invalid);
    await assert.rejects(d.list({ filters: { date_created: { op: '=<' as never, value: 1 } } }), invalid);
    await assert.rejects(d.list({ limit: 0 }), invalid);
    await assert.rejects(d.list({ cursor: 'not a cursor!' }), invalid);
    // a token from another search: the simulator refuses it, typed
    const p = await d.list({ limit: 2 });
    await assert.rejects(d.list({ limit: 2, cursor: p.next, filters: { id: { op: '>', value: 1 } } }), invalid);
    assert.throws(() => createPagarmeDirectory({ apiKey: '', baseUrl: sb.pagarmeUrl }), TypeError);
  });
});
