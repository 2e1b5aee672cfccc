/**
 * The demo's console back end (demo/backend.ts), on a real node:http server on 127.0.0.1: the
 * demo-only authorization, the seeding of the console's transactions (on first use, again after a
 * sandbox reset, never before), the Pagar.me and Passport simulators as customer sources, and no
 * API key in any answer.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN_BASE, TEST_RATE_LIMITS, createDemoBackend } from '../../../demo/backend.js';
import type { DemoBackend } from '../../../demo/backend.js';
import { toNodeListener } from '../../../src/server/node.js';

const SANDBOX_KEY = 'sk_test_console_routes_4d9e1f0a7c3b5e2d';
const PAGE = { 'sec-fetch-site': 'same-origin' };

describe('the demo console routes', () => {
  let origin = '';
  let backend: DemoBackend;
  let close: () => Promise<void>;
  const dataDir = mkdtempSync(join(tmpdir(), 'bynet-console-routes-'));

  before(async () => {
    const server = createServer((req, res) => {
      void toNodeListener(async (r, info) => (await backend.handle(r, info)) ?? Response.json({ error: { code: 'not_found' } }, { status: 404 }))(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    backend = createDemoBackend({ origin, quiet: true, env: { BYNET_SANDBOX_KEY: SANDBOX_KEY }, rateLimit: TEST_RATE_LIMITS, dataDir });
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  });
  after(() => close());

  const sandboxTransactions = async () => ((await (await fetch(`${origin}/sandbox/__sandbox/state`)).json()) as { transactions: number }).transactions;
  const admin = (path: string, headers: Record<string, string> = PAGE) => fetch(`${origin}${ADMIN_BASE}${path}`, { headers });

  it('answers 401 to anything the browser does not mark same-origin, and seeds nothing for it', async () => {
    const variants: Record<string, string>[] = [{}, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'none' }];
    for (const headers of variants) {
      const res = await admin('/transactions', headers);
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unauthorized');
    }
    assert.equal(await sandboxTransactions(), 0, 'the sandbox stays empty for the checkout until the console is used');
  });

  it('seeds the transactions on first use, once, and again after a sandbox reset', async () => {
    // The gateway's Find All answers a plain list with no total (as its docs show): count in the sandbox.
    const firstPage = (await (await admin('/transactions?limit=5')).json()) as { data: unknown[]; hasMore: boolean };
    assert.equal(firstPage.data.length, 5);
    assert.ok(firstPage.hasMore);
    const first = await sandboxTransactions();
    assert.ok(first >= 30, `seeded: ${first}`);
    await admin('/transactions?limit=1');
    assert.equal(await sandboxTransactions(), first, 'not seeded twice');
    const reset = await fetch(`${origin}/sandbox/__sandbox/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(reset.status, 200);
    assert.equal(await sandboxTransactions(), 0);
    assert.equal(((await (await admin('/transactions?limit=1')).json()) as { data: unknown[] }).data.length, 1);
    assert.equal(await sandboxTransactions(), first, 're-seeded after the reset');
  });

  it('has the three customer sources; the simulators are reached over HTTP and list every customer', async () => {
    assert.deepEqual(await (await admin('/sources')).json(), { sources: ['bynet', 'pagarme', 'passport'] });
    for (const source of ['pagarme', 'passport'] as const) {
      const ids = new Set<string>();
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const res = await admin(`/customers?source=${source}&limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.equal(res.status, 200, source);
        const page = (await res.json()) as { data: { id: string; source: string }[]; next: string | null };
        for (const c of page.data) {
          assert.equal(c.source, source);
          assert.ok(!ids.has(c.id), `${source}: ${c.id} once`);
          ids.add(c.id);
        }
        cursor = page.next;
        if (!cursor) break;
      }
      assert.ok(ids.size > 25, `${source}: ${ids.size} customers over several pages`);
    }
    const direct = await fetch(`${origin}/sandbox/directories/pagarme/1/customers?count=1`);
    assert.equal(direct.status, 401, 'the simulator itself wants its api_key');
  });

  it('never puts the API key in an answer (list, summary, CSV, customers, errors)', async () => {
    const list = (await (await admin('/transactions?limit=100')).json()) as { data: { id: string }[] };
    const bodies = [JSON.stringify(list)];
    bodies.push(await (await admin(`/transactions/${list.data[0]!.id}`)).text());
    bodies.push(await (await admin('/transactions.csv?status=PAID')).text());
    bodies.push(await (await admin('/customers?source=bynet')).text());
    bodies.push(await (await admin('/transactions?status=NOPE')).text());
    for (const b of bodies) assert.ok(!b.includes(SANDBOX_KEY), 'no API key');
  });
});
