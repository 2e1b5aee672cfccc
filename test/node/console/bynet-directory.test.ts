import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBynetDirectory, DirectoryError } from '../../../src/directory/index.js';
import { CUSTOMER_COUNT, startSandbox } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createGatewayClient } from '../../../src/server/gateway/client.js';
import { collect } from './support.js';

const KEY = 'sk_test_console_bynet_directory';

describe('directory: Bynet through the gateway client, against the sandbox', () => {
  let sb: StartedSandbox;
  before(async () => {
    sb = await startSandbox({ apiKey: KEY });
  });
  after(() => sb.close());
  const gateway = (apiKey = KEY) => createGatewayClient({ apiKey, baseUrl: sb.url, retries: 0, circuitBreaker: false, logger: undefined });

  it('lists with page / limit and maps the documented item to the one Customer shape', async () => {
    sb.sandbox.clearCalls();
    const d = createBynetDirectory(gateway());
    const p1 = await d.list({ limit: 10 });
    assert.equal(p1.source, 'bynet');
    assert.equal(p1.data.length, 10);
    assert.equal(p1.total, CUSTOMER_COUNT);
    assert.equal(p1.previous, null);
    const call = sb.sandbox.calls.at(-1)!;
    assert.equal(call.path, '/api/user/customers');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(call.query)), { page: '1', limit: '10' });
    const c = p1.data[0]!;
    assert.equal(c.source, 'bynet');
    assert.ok(c.id && c.name && c.email && c.phone && c.createdAt);
    const p2 = await d.list({ limit: 10, cursor: p1.next });
    assert.equal(new URLSearchParams(sb.sandbox.calls.at(-1)!.query).get('page'), '2');
    assert.notDeepEqual(p2.data.map((x) => x.id), p1.data.map((x) => x.id));
    const back = await d.list({ limit: 10, cursor: p2.previous });
    assert.deepEqual(back.data.map((x) => x.id), p1.data.map((x) => x.id));
  });

  it('walks every page: each seeded customer exactly once', async () => {
    const everyone = await collect(createBynetDirectory(gateway()).all({ limit: 37 }));
    assert.equal(everyone.length, CUSTOMER_COUNT);
    assert.equal(new Set(everyone.map((c) => c.id)).size, CUSTOMER_COUNT);
  });

  it('searches by name / e-mail locally (the list has no filters), bounded and resumable', async () => {
    const d = createBynetDirectory(gateway());
    const everyone = await collect(d.all({ limit: 100 }));
    const first = everyone[3]!.name!.split(' ')[0]!;
    const expected = everyone.filter((c) => c.name!.includes(first)).map((c) => c.id);
    const found: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page = await d.list({ q: first, limit: 5, cursor });
      assert.ok(page.data.length <= 5);
      found.push(...page.data.map((c) => c.id));
      cursor = page.next;
      if (!cursor) break;
    }
    assert.deepEqual(found, expected);
    const byMail = await d.list({ email: everyone[10]!.email! });
    assert.deepEqual(byMail.data.map((c) => c.id), [everyone[10]!.id]);
  });

  it("a 429 is waited out by the gateway client's retry; one that stays is a typed rate_limited", async () => {
    sb.sandbox.clearFaults();
    sb.sandbox.clearCalls();
    sb.sandbox.setFault({ route: 'GET /api/user/customers', rateLimit: { retryAfter: 0 }, times: 1 });
    const retrying = createGatewayClient({ apiKey: KEY, baseUrl: sb.url, retries: 1, circuitBreaker: false, logger: undefined });
    const page = await createBynetDirectory(retrying).list({ limit: 3 });
    assert.equal(page.data.length, 3);
    assert.deepEqual(sb.sandbox.calls.map((c) => c.status), [429, 200]);
    sb.sandbox.setFault({ route: 'GET /api/user/customers', rateLimit: { retryAfter: 9 }, times: 1 });
    await assert.rejects(createBynetDirectory(gateway()).list(), (e: unknown) => e instanceof DirectoryError && e.code === 'rate_limited' && e.retryAfterSeconds === 9);
    sb.sandbox.clearFaults();
  });

  it('a rejected key and a foreign cursor are typed errors', async () => {
    await assert.rejects(createBynetDirectory(gateway('sk_wrong_key')).list(), (e: unknown) => e instanceof DirectoryError && e.code === 'unauthorized' && !e.message.includes('sk_wrong_key'));
    const pagarmeLike = Buffer.from(JSON.stringify({ s: 'pagarme', p: 2 })).toString('base64url');
    await assert.rejects(createBynetDirectory(gateway()).list({ cursor: pagarmeLike }), (e: unknown) => e instanceof DirectoryError && e.code === 'invalid_query');
  });
});
