/**
 * Contract tests, client side: the gateway client parses every response example of the Bynet docs
 * (test/fixtures/gateway, quoted byte for byte), served by a real HTTP server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createGatewayClient } from '../../../src/server/gateway/client.js';
import { readRefusal, readSummary, readTransaction, summaryDetails, toPayment } from '../../../src/server/gateway/assumptions.js';
import { fixture } from './support.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Method, path and header names/values of a docs curl example. */
function curlRequest(name: string): { method: string; path: string; headers: Record<string, string> } {
  const text = fixture(name);
  const m = /--request (\w+) '([^']+)'/.exec(text);
  assert.ok(m, name);
  const headers: Record<string, string> = {};
  for (const h of text.matchAll(/--header '([^:]+): ([^']*)'/g)) headers[h[1]!.toLowerCase()] = h[2]!;
  return { method: m[1]!, path: m[2]!.split('?')[0]!, headers };
}

/** Serves `routes[path]` (a fixture's exact bytes) and records every request. */
async function fixtureServer(routes: Record<string, string>) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = routes[path];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"status":404,"message":"not a fixture","data":null}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const SUMMARY_ID = '4dfg2gasio6peu54m6wyugv6ter343';

describe('gateway client parses the docs examples', () => {
  let srv: Awaited<ReturnType<typeof fixtureServer>>;
  let client: ReturnType<typeof createGatewayClient>;
  before(async () => {
    srv = await fixtureServer({
      '/api/user/customers': fixture('customers-find-all.response.json'),
      '/api/user/transactions': fixture('transactions-find-all.response.json'),
      [`/api/user/transactions/${SUMMARY_ID}/summary`]: fixture('transactions-summary-by-id.response.json'),
    });
    client = createGatewayClient({ apiKey: 'sk_test_fixture_key', baseUrl: srv.url, retries: 0 });
  });
  after(() => srv.close());

  it("sends each docs request as the docs' curl does: method, path, x-api-key and the exact User-Agent", async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['customers-find-all.request.sh', () => client.customers.list()],
      ['transactions-find-all.request.sh', () => client.transactions.list()],
      ['transactions-summary-by-id.request.sh', () => client.transactions.summary(SUMMARY_ID)],
    ];
    for (const [name, run] of calls) {
      srv.seen.length = 0;
      await run();
      const want = curlRequest(name);
      const got = srv.seen[0]!;
      assert.equal(got.method, want.method, name);
      assert.equal(new URL(got.url, 'http://x').pathname, want.path, name);
      assert.deepEqual(Object.keys(want.headers).sort(), ['user-agent', 'x-api-key'], name);
      assert.equal(got.headers['user-agent'], want.headers['user-agent'], name);
      assert.equal(got.headers['x-api-key'], 'sk_test_fixture_key', name);
    }
  });

  it('Customers › Find all: the paged envelope, birthdate and addressId', async () => {
    const page = await client.customers.list({ page: 1, limit: 10 });
    assert.equal(page.items.length, 2);
    assert.equal(page.page, 1);
    assert.equal(page.pages, 22);
    assert.equal(page.limit, 10);
    assert.equal(page.total, 211);
    const c = page.items[0]!;
    assert.equal(c.id, 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXX');
    assert.equal(c.name, 'JOHN DOE');
    assert.equal(c.birthdate, null);
    assert.equal(c.addressId, 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXX');
    assert.equal(c.createdAt, '2025-04-17T17:57:19.500Z');
  });

  it('Transactions › Find All: a plain array in data, non-UUID ids, decoded refusedReason, sub-object ids', async () => {
    srv.seen.length = 0;
    const page = await client.transactions.list({ status: ['PAID', 'WAITING_PAYMENT'], deliveryStatus: ['WAITING', 'IN_TRANSIT'], installments: [1, 2] });
    const q = new URL(srv.seen[0]!.url, 'http://x').searchParams;
    assert.equal(q.get('status'), 'PAID,WAITING_PAYMENT');
    assert.equal(q.get('deliveryStatus'), 'WAITING,IN_TRANSIT');
    assert.equal(q.get('installments'), '1,2');
    assert.equal(page.items.length, 2);
    assert.equal(page.pages, undefined);
    assert.equal(page.total, undefined);
    const tx = page.items[0]!;
    assert.equal(tx.id, '00000000-0000-0000-0000-0000000000000');
    assert.equal(tx.status, 'REFUSED');
    assert.equal(tx.installments, null);
    assert.equal(tx.customer?.address?.country, 'br');
    assert.equal(tx.customer?.document?.customerId, '00000000-0000-0000-0000-0000000000000');
    assert.equal(tx.shipping?.addressId, '00000000-0000-0000-0000-0000000000000');
    assert.equal(tx.items?.[0]?.transactionId, '00000000-0000-0000-0000-0000000000000');
    assert.equal(tx.fee?.netAmount, -190);
    assert.equal(tx.fee?.estimatedFee, 199.349);
    assert.deepEqual(readRefusal(readTransaction(tx).refusedReason), { code: 'ERR_INVALID_ARG_TYPE', message: 'The payment was refused.' });
  });

  it('Transactions › Find All: .all() stops on a short plain-array page', async () => {
    srv.seen.length = 0;
    const ids: string[] = [];
    for await (const tx of client.transactions.all()) ids.push(tx.id);
    // both items of the example carry the same id: the iterator yields it once, and one request is made
    assert.deepEqual(ids, ['00000000-0000-0000-0000-0000000000000']);
    assert.equal(srv.seen.length, 1);
  });

  it('Transactions › Summary by ID: every documented field, a non-UUID id, the refusal read from the summary alone', async () => {
    srv.seen.length = 0;
    const s = await client.transactions.summary(SUMMARY_ID);
    assert.equal(srv.seen.length, 1);
    assert.equal(srv.seen[0]!.url, `/api/user/transactions/${SUMMARY_ID}/summary`);
    assert.equal(s.id, 'XX');
    assert.equal(s.status, 'REFUSED');
    assert.equal(s.provider, 'XX');
    assert.equal(s.customer?.document?.type, 'CNPJ');
    assert.equal(s.customer?.address?.zipCode, '00');
    assert.equal(s.items?.[0]?.tangible, false);
    const details = summaryDetails(s);
    assert.equal(details.items.length, 1);
    assert.equal(details.fee?.fixedAmount, 199);
    const parts = readSummary(s);
    assert.equal(parts.payUrl, 'XX');
    assert.equal(parts.pixCode, 'XX');
    assert.equal(parts.installments, undefined, 'the "XX" placeholder is not a number of installments');
    const payment = toPayment(parts, { orderId: 'ord_1', method: 'PIX', amount: 10, pixExpiresInSeconds: 900, now: Date.parse('2025-03-28T21:31:00Z') });
    assert.equal(payment.status, 'REFUSED');
    assert.deepEqual(payment.refusal, { code: 'XX', message: 'The payment was refused.' });
    assert.equal(srv.seen.length, 1, 'no second (full) read was needed for the refusal');
  });
});
