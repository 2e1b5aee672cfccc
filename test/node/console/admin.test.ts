import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ConsoleCustomerPage, ConsolePage, ConsoleTransaction, ConsoleTransactionSummary } from '../../../src/console/types.js';
import { createPagarmeDirectory, createPassportDirectory } from '../../../src/directory/index.js';
import { seedConsoleTransactions } from '../../../src/sandbox/directories/index.js';
import type { StartedDirectorySandboxes } from '../../../src/sandbox/directories/index.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createAdminHandler } from '../../../src/server/admin/index.js';
import type { AdminHandler, AdminOptions } from '../../../src/server/admin/index.js';
import { createGatewayClient } from '../../../src/server/gateway/client.js';
import { toNodeListener } from '../../../src/server/node.js';
import { recordingSleep, startDirectories } from './support.js';

const KEY = 'sk_test_console_admin_key_5f1c';
const MERCHANT = 'Bearer merchant-session-abc';
const ROW_KEYS = ['amount', 'createdAt', 'customer', 'deliveryStatus', 'id', 'installments', 'paymentMethod', 'refundedAmount', 'status'];

describe('admin routes against the sandbox and the directory simulators', () => {
  let sb: StartedSandbox;
  let dirs: StartedDirectorySandboxes;
  let server: Server;
  let base: string;
  let seeded: { ids: string[]; statuses: Record<string, string> };
  const logs: string[] = [];
  let admin: AdminHandler;

  const options = (extra: Partial<AdminOptions> = {}): AdminOptions => ({
    gateway: createGatewayClient({ apiKey: KEY, baseUrl: sb.url, retries: 0, circuitBreaker: false, logger: undefined }),
    authorize: (req) => (req.headers.get('authorization') === MERCHANT ? true : req.headers.get('authorization') === 'Bearer intern' ? 'forbidden' : false),
    directories: {
      pagarme: createPagarmeDirectory({ apiKey: dirs.pagarmeKey, baseUrl: dirs.pagarmeUrl, retries: 1, sleep: recordingSleep().sleep }),
      passport: createPassportDirectory({ token: dirs.passportToken, baseUrl: dirs.passportUrl }),
    },
    logger: (line) => logs.push(line),
    secrets: [KEY],
    csvPageSize: 7,
    ...extra,
  });

  before(async () => {
    sb = await startSandbox({ apiKey: KEY });
    dirs = await startDirectories();
    seeded = await seedConsoleTransactions({ url: sb.url, apiKey: KEY });
    admin = createAdminHandler(options());
    server = createServer(toNodeListener(async (req, info) => (await admin(req, info)) ?? new Response('outside', { status: 404 })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await dirs.close();
    await sb.close();
  });
  beforeEach(() => sb.sandbox.clearCalls());

  const get = (path: string, auth: string | null = MERCHANT) => fetch(`${base}${path}`, { headers: auth ? { authorization: auth } : {} });
  const gatewayQuery = () => new URLSearchParams(sb.sandbox.calls.filter((c) => c.path === '/api/user/transactions').at(-1)!.query);

  it('refuses to start without an authorize hook', () => {
    assert.throws(() => createAdminHandler({ gateway: options().gateway } as AdminOptions), /authorize/);
    assert.throws(() => createAdminHandler({ ...options(), authorize: 'yes' as never }), /authorize/);
  });

  it('seeds transactions across statuses and methods', () => {
    const statuses = new Set(Object.values(seeded.statuses));
    for (const s of ['WAITING_PAYMENT', 'PAID', 'REFUSED', 'CANCELED', 'REFUNDED']) assert.ok(statuses.has(s), s);
    assert.equal(seeded.ids.length, 36);
  });

  for (const path of ['/transactions', '/transactions.csv', '/transactions/abc', '/customers', '/customers?source=pagarme', '/sources', '/nope']) {
    it(`401 without the merchant's authorization: ${path}`, async () => {
      for (const auth of [null, 'Bearer wrong']) {
        const res = await get(path, auth);
        assert.equal(res.status, 401);
        assert.deepEqual(await res.json(), { error: { code: 'unauthorized', message: 'Sign in to use the console.' } });
      }
      const forbidden = await get(path, 'Bearer intern');
      assert.equal(forbidden.status, 403);
      assert.equal(((await forbidden.json()) as { error: { code: string } }).error.code, 'forbidden');
      assert.equal(sb.sandbox.calls.length, 0, 'nothing reaches the gateway');
    });
  }

  it('is read-only and leaves paths outside its base to others', async () => {
    const res = await fetch(`${base}/transactions`, { method: 'POST', headers: { authorization: MERCHANT } });
    assert.equal(res.status, 405);
    assert.equal(await admin(new Request('http://x/api/other')), null);
  });

  it('the Find All filters reach the gateway in the documented form', async () => {
    const qs = new URLSearchParams([
      ['status', 'paid'],
      ['status', 'REFUSED, WAITING_PAYMENT'],
      ['paymentMethods', 'pix,credit_card'],
      ['deliveryStatus', 'WAITING, IN_TRANSIT'],
      ['installments', '1, 2, 3'],
      ['name', 'Customer Name'],
      ['email', 'johndoe@email.com'],
      ['phone', '(99) 98765-4321'],
      ['documentNumber', '000.000.000-00'],
      ['traceable', 'true'],
      ['id', seeded.ids[0]!],
      ['page', '2'],
      ['limit', '15'],
    ]);
    const res = await get(`/transactions?${qs}`);
    assert.equal(res.status, 200);
    const q = gatewayQuery();
    assert.equal(q.get('status'), 'PAID,REFUSED,WAITING_PAYMENT');
    assert.equal(q.get('paymentMethods'), 'PIX,CREDIT_CARD');
    assert.equal(q.get('deliveryStatus'), 'WAITING,IN_TRANSIT');
    assert.equal(q.get('installments'), '1,2,3');
    assert.equal(q.get('name'), 'Customer Name');
    assert.equal(q.get('email'), 'johndoe@email.com');
    assert.equal(q.get('phone'), '(99) 98765-4321');
    assert.equal(q.get('documentNumber'), '000.000.000-00');
    assert.equal(q.get('traceable'), 'true');
    assert.equal(q.get('id'), seeded.ids[0]);
    assert.equal(q.get('page'), '2');
    assert.equal(q.get('limit'), '15');
    for (const k of q.keys()) assert.ok(!/key/i.test(k));
  });

  it('lists only what the list shows, filtered and paged', async () => {
    const res = await get('/transactions?status=PAID&limit=5');
    const body = (await res.json()) as ConsolePage<ConsoleTransaction>;
    const paid = Object.values(seeded.statuses).filter((s) => s === 'PAID').length;
    // the gateway's docs show Find All as a plain array (no totals); the sandbox may add them
    if (body.total !== null) assert.equal(body.total, paid);
    else assert.equal(body.pages, null);
    assert.equal(body.page, 1);
    assert.equal(body.limit, 5);
    assert.ok(body.data.length > 0 && body.data.every((t) => t.status === 'PAID'));
    for (const t of body.data) assert.deepEqual(Object.keys(t).sort(), ROW_KEYS);
    const all = (await (await get('/transactions?limit=10&page=4')).json()) as ConsolePage<ConsoleTransaction>;
    assert.equal(all.page, 4);
    if (all.pages !== null) assert.equal(all.pages, 4);
    assert.equal(all.hasMore, false);
    assert.equal(all.data.length, 6);
    const first = (await (await get('/transactions?limit=10')).json()) as ConsolePage<ConsoleTransaction>;
    assert.equal(first.hasMore, true);
    const text = JSON.stringify([body, all, first]);
    assert.ok(!text.includes(KEY) && !/"card"|"number"|cvv/i.test(text));
  });

  it('bad filters are typed 400s that say what to change', async () => {
    for (const [path, hint] of [
      ['/transactions?status=PAYED', /PROCESSING, AUTHORIZED, PAID/],
      ['/transactions?paymentMethods=cash', /PIX, BOLETO, CREDIT_CARD/],
      ['/transactions?limit=500', /1 to 100/],
      ['/transactions?traceable=maybe', /true or false/],
      ['/transactions?installments=abc', /1 to 24/],
      ['/transactions?deliveryStatus=%3Cscript%3E', /delivery status/],
      ['/transactions?color=red', /Unknown parameter "color"/],
      ['/transactions.csv?page=2', /every page/],
      ['/customers?limit=0', /1 to 100/],
    ] as const) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'invalid_request');
      assert.match(body.error.message, hint);
    }
    assert.equal(sb.sandbox.calls.length, 0);
  });

  it('the CSV export streams every gateway page, one at a time', async () => {
    const direct = await admin(new Request(`http://x/api/admin/transactions.csv`, { headers: { authorization: MERCHANT } }));
    assert.ok(direct && direct.body instanceof ReadableStream);
    assert.equal(direct.headers.get('content-type'), 'text/csv; charset=utf-8');
    const callsBeforeReading = sb.sandbox.calls.length;
    assert.equal(callsBeforeReading, 1, 'only the first page before the body is read');
    const text = await direct.text();
    const pages = sb.sandbox.calls.filter((c) => c.path === '/api/user/transactions').map((c) => new URLSearchParams(c.query));
    assert.deepEqual(pages.map((q) => q.get('page')), ['1', '2', '3', '4', '5', '6']);
    assert.ok(pages.every((q) => q.get('limit') === '7'));
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    assert.equal(lines[0], 'id,created_at,status,payment_method,amount_cents,refunded_amount_cents,installments,delivery_status,customer_name,customer_email');
    const ids = lines.slice(1).map((l) => l.split(',')[0]!);
    assert.equal(ids.length, seeded.ids.length);
    assert.deepEqual(new Set(ids), new Set(seeded.ids));

    // over HTTP too, with a filter
    const res = await get('/transactions.csv?status=REFUSED');
    assert.equal(res.status, 200);
    const rows = (await res.text()).trimEnd().split('\r\n').slice(1);
    assert.equal(rows.length, Object.values(seeded.statuses).filter((s) => s === 'REFUSED').length);
    assert.ok(rows.every((r) => r.split(',')[2] === 'REFUSED'));
  });

  it('CSV cells that a spreadsheet would run are defused', async () => {
    const res = await fetch(`${sb.url}/api/user/transactions`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'user-agent': 'AtivoB2B/1.0', 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: 1000,
        paymentMethod: 'PIX',
        customer: { name: '=HYPERLINK("http://evil.example","x")', email: 'evil@example.com', phone: '11987654321', document: { number: '52998224725', type: 'CPF' } },
        items: [{ title: 'x', unitPrice: 1000, quantity: 1 }],
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const id = ((await res.json()) as { data: { id: string } }).data.id;
    const csv = await (await get(`/transactions.csv?id=${id}`)).text();
    const row = csv.trimEnd().split('\r\n')[1]!;
    assert.ok(row.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), row);
  });

  it('the summary by id, refusal decoded; unknown ids are 404', async () => {
    const refused = seeded.ids.find((id) => seeded.statuses[id] === 'REFUSED')!;
    const res = await get(`/transactions/${refused}`);
    assert.equal(res.status, 200);
    const s = (await res.json()) as ConsoleTransactionSummary;
    assert.equal(s.id, refused);
    assert.equal(s.status, 'REFUSED');
    assert.ok(s.refusal !== null);
    assert.equal(sb.sandbox.calls.at(-1)!.path, `/api/user/transactions/${refused}/summary`);
    const paid = seeded.ids.find((id) => seeded.statuses[id] === 'PAID')!;
    const p = (await (await get(`/transactions/${paid}`)).json()) as ConsoleTransactionSummary;
    assert.equal(p.refusal, null);
    assert.ok(p.timeline.some((t) => t.status === 'PAID'));
    const missing = await get('/transactions/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
    assert.equal((await get('/transactions/%E0%A4%A')).status, 404);
  });

  it('customers from each configured source, in the one shape', async () => {
    const sources = (await (await get('/sources')).json()) as { sources: string[] };
    assert.deepEqual(sources.sources, ['bynet', 'pagarme', 'passport']);
    for (const source of ['bynet', 'pagarme', 'passport'] as const) {
      const page = (await (await get(`/customers?source=${source}&limit=4`)).json()) as ConsoleCustomerPage;
      assert.equal(page.source, source);
      assert.equal(page.data.length, 4);
      assert.ok(page.next);
      for (const c of page.data) {
        assert.equal(c.source, source);
        assert.deepEqual(Object.keys(c).sort(), ['createdAt', 'document', 'email', 'id', 'name', 'phone', 'source', 'updatedAt']);
      }
      const next = (await (await get(`/customers?source=${source}&limit=4&cursor=${encodeURIComponent(page.next!)}`)).json()) as ConsoleCustomerPage;
      assert.equal(next.data.length, 4);
      assert.notDeepEqual(next.data.map((c) => c.id), page.data.map((c) => c.id));
    }
    const target = dirs.pagarme.customers[0]!;
    const found = (await (await get(`/customers?source=pagarme&q=${encodeURIComponent(target.email)}`)).json()) as ConsoleCustomerPage;
    assert.deepEqual(found.data.map((c) => c.id), [String(target.id)]);
  });

  it('an unconfigured source, a provider that stays rate limited and a rejected key are typed', async () => {
    const only = createAdminHandler(options({ directories: {} }));
    const r1 = (await only(new Request('http://x/api/admin/customers?source=passport', { headers: { authorization: MERCHANT } })))!;
    assert.equal(r1.status, 404);
    assert.equal(((await r1.json()) as { error: { code: string } }).error.code, 'source_not_configured');
    dirs.pagarme.fault({ rateLimit: { retryAfter: 7 }, times: 2 });
    const r2 = await get('/customers?source=pagarme');
    assert.equal(r2.status, 429);
    assert.equal(r2.headers.get('retry-after'), '7');
    assert.equal(((await r2.json()) as { error: { code: string } }).error.code, 'rate_limited');
    const wrongKey = createAdminHandler(options({ gateway: createGatewayClient({ apiKey: 'sk_wrong_admin_key', baseUrl: sb.url, retries: 0, logger: undefined }) }));
    const r3 = (await wrongKey(new Request('http://x/api/admin/transactions', { headers: { authorization: MERCHANT } })))!;
    assert.equal(r3.status, 502);
    const t3 = await r3.text();
    assert.match(t3, /upstream_error/);
    assert.ok(!t3.includes('sk_wrong_admin_key'));
  });

  it('logs every call without the key, names or e-mails', () => {
    assert.ok(logs.some((l) => l.includes('"admin.request"')));
    const all = logs.join('\n');
    assert.ok(!all.includes(KEY));
    assert.ok(!all.includes('johndoe@email.com') && !all.includes('Customer Name'));
  });
});
