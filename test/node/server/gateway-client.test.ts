/** The gateway client: against a tiny scripted upstream (edge cases) and the real sandbox. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox, CUSTOMER_COUNT } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createGatewayClient } from '../../../src/server/gateway/client.js';
import { GatewayError } from '../../../src/server/gateway/errors.js';
import { scrubText } from '../../../src/server/log.js';

const KEY = 'sk_live_3f6b0e2c9a1d4e7f8a5b6c7d8e9f0a1b';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Script = (req: Seen, res: ServerResponse, n: number) => void;

async function fakeUpstream() {
  const seen: Seen[] = [];
  let script: Script = (_r, res) => res.end();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      script(s, res, seen.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    set(s: Script) {
      seen.length = 0;
      script = s;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const ok = (res: ServerResponse, data: unknown, status = 200) => json(res, status, { status, message: 'ok', data, error: null });

async function rejects(p: Promise<unknown>, code: string): Promise<GatewayError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GatewayError, String(e));
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected GatewayError ${code}`);
}

describe('gateway client vs a scripted upstream', () => {
  let up: Awaited<ReturnType<typeof fakeUpstream>>;
  const client = () => createGatewayClient({ apiKey: KEY, baseUrl: up.url, hostname: 'shop.example.com', timeoutMs: 1500, backoffBaseMs: 10 });
  before(async () => {
    up = await fakeUpstream();
  });
  after(async () => {
    await up.close();
  });

  it('sends the key, the literal User-Agent and ?hostname= on public checkout calls', async () => {
    up.set((_r, res) => ok(res, { id: 'ord-1' }, 201));
    const order = await client().checkout.createOrder('link-1');
    assert.equal(order.id, 'ord-1');
    const r = up.seen[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/api/public/checkout/create-order/link-1?hostname=shop.example.com');
    assert.equal(r.headers['x-api-key'], KEY);
    assert.equal(r.headers['user-agent'], 'AtivoB2B/1.0');
    assert.equal(r.body, '', 'create-order sends no body');
  });

  it('keeps unknown fields and normalises both list envelopes', async () => {
    up.set((req, res) => {
      if (req.url.startsWith('/api/user/checkout/layout')) {
        return ok(res, { data: [{ id: 'l1', status: 'ACTIVE', primaryColor: '#fff', banner: 'extra' }], pages: 1, page: '1', limit: '10', total: 1 });
      }
      return ok(res, [{ id: 't1', amount: 100, status: 'paid' }]); // plain-array envelope
    });
    const layouts = await client().checkout.layouts.list({ page: 1, limit: 10, status: 'ACTIVE' });
    assert.equal(layouts.items.length, 1);
    assert.equal((layouts.items[0] as Record<string, unknown>)['banner'], 'extra');
    assert.equal(layouts.page, 1);
    assert.equal(layouts.limit, 10);
    assert.equal(up.seen[0]!.url, '/api/user/checkout/layout?page=1&limit=10&status=ACTIVE');
    const txs = await client().transactions.list({ limit: 5, status: ['PAID', 'WAITING_PAYMENT'] });
    assert.equal(txs.items[0]!.id, 't1');
    assert.equal(txs.pages, undefined);
    // [DOC] several values are one comma-separated parameter (Transactions Find All)
    assert.equal(up.seen[1]!.url, '/api/user/transactions?limit=5&status=PAID%2CWAITING_PAYMENT');
  });

  it('retries a GET at most twice on 5xx and network errors; never retries a POST', async () => {
    up.set((_r, res) => json(res, 503, { message: 'indisponível' }));
    const e = await rejects(client().transactions.get('tx-1'), 'http');
    assert.equal(e.httpStatus, 503);
    assert.equal(up.seen.length, 3);

    up.set((_r, res) => json(res, 500, { message: 'erro' }));
    await rejects(client().transactions.create({ amount: 100, paymentMethod: 'PIX', customer: { name: 'A', email: 'a@b.co', phone: '11999999999', document: { number: '52998224725', type: 'CPF' } }, items: [] }), 'http');
    assert.equal(up.seen.length, 1, 'POST not retried');

    up.set((req, res, n) => {
      if (n === 1 && req.headers.host) {
        res.socket?.destroy(); // connection reset
        return;
      }
      ok(res, { id: 'tx-1', status: 'PAID', amount: 100 });
    });
    const s = await client().transactions.summary('tx-1');
    assert.equal(s.status, 'PAID');
    assert.equal(up.seen.length, 2);
  });

  it('times out a hanging upstream (AbortSignal) with code timeout', async () => {
    up.set(() => undefined); // never answers
    const c = createGatewayClient({ apiKey: KEY, baseUrl: up.url, timeoutMs: 150 });
    const e = await rejects(c.customers.get('c-1'), 'timeout');
    assert.ok(!e.message.includes(KEY));
  });

  it('honours Retry-After on 429 for GETs; gives up when it is longer than the cap', async () => {
    up.set((_r, res, n) => (n === 1 ? json(res, 429, { message: 'calma' }, { 'retry-after': '0' }) : ok(res, { id: 'c-1', name: 'Ana' })));
    const c = await client().customers.get('c-1');
    assert.equal(c.id, 'c-1');
    assert.equal(up.seen.length, 2);

    up.set((_r, res) => json(res, 429, { message: 'calma' }, { 'retry-after': '120' }));
    const e = await rejects(client().customers.get('c-1'), 'rate_limited');
    assert.equal(e.retryAfterSeconds, 120);
    assert.equal(up.seen.length, 1);
  });

  it('maps 401, 404, refusals and bad bodies; the key never appears in messages or details', async () => {
    up.set((_r, res) => json(res, 401, { message: `chave inválida: ${KEY}` }));
    const unauth = await rejects(client().products.get('p1'), 'unauthorized');
    assert.ok(!JSON.stringify(unauth.toJSON()).includes(KEY), 'details scrubbed');
    assert.ok(!unauth.message.includes(KEY));

    up.set((_r, res) => json(res, 404, { message: 'Não encontrado' }));
    await rejects(client().products.get('p1'), 'not_found');

    up.set((_r, res) => json(res, 400, { message: 'Recusado', error: { refusedReason: 'Cartão recusado', provider: 'x' } }));
    const refused = await rejects(client().checkout.createPayment('o1', { fullName: 'A', document: '1', email: 'a', phone: '1', paymentMethod: 'credit_card', installments: 1 }), 'refused');
    assert.equal(refused.refusedReason, 'Cartão recusado');

    up.set((_r, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>oops</html>');
    });
    await rejects(client().products.get('p1'), 'invalid_response');

    up.set((_r, res) => ok(res, { id: 42 })); // wrong type
    await rejects(client().products.get('p1'), 'invalid_response');

    up.set((_r, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest' });
      res.end();
    });
    await rejects(client().products.get('p1'), 'invalid_response');
    assert.equal(up.seen.length, 1, 'redirect not followed');
  });

  it('refuses ids that could change the path, without any request', async () => {
    up.set((_r, res) => ok(res, {}));
    for (const id of ['../user/balance', 'a/b', '', 'x?y=1', '%2e%2e']) {
      await rejects(client().transactions.get(id), 'bad_request');
    }
    assert.equal(up.seen.length, 0);
  });

  it('finds a product by link id in the list when by-id answers 404', async () => {
    up.set((req, res) => {
      if (req.url.startsWith('/api/user/products/')) return json(res, 404, { message: 'Produto não encontrado' });
      const page = Number(new URL(req.url, 'http://x').searchParams.get('page'));
      const mk = (i: number) => ({ id: `p${i}`, title: `P${i}`, unitPrice: 100 * i, uniqueProductLinkId: `link-${i}` });
      return ok(res, { data: page === 1 ? [mk(1), mk(2)] : [mk(3)], pages: 2, page, limit: 2, total: 3 });
    });
    const p = await client().checkout.product('link-3');
    assert.equal(p.id, 'p3');
    assert.equal(p.unitPrice, 300);
    await rejects(client().checkout.product('link-9'), 'not_found');
  });

  it('rejects bad configuration without echoing the key', () => {
    assert.throws(() => createGatewayClient({ apiKey: '' }), TypeError);
    assert.throws(() => createGatewayClient({ apiKey: KEY, baseUrl: 'ftp://x' }), (e: unknown) => e instanceof TypeError && !e.message.includes(KEY));
  });
});

describe('gateway client vs the sandbox', () => {
  let sb: StartedSandbox;
  const lines: string[] = [];
  before(async () => {
    sb = await startSandbox({ apiKey: KEY });
  });
  after(async () => {
    await sb.close();
  });
  const client = () =>
    createGatewayClient({
      apiKey: KEY,
      baseUrl: sb.url,
      hostname: 'localhost',
      logger: { log: (_l, e, f) => lines.push(JSON.stringify({ e, f })), info: () => undefined, warn: (e, f) => lines.push(JSON.stringify({ e, f })), error: () => undefined },
    });

  it('customers.all() iterates every seeded customer exactly once', async () => {
    const ids: string[] = [];
    for await (const c of client().customers.all({ limit: 100 })) ids.push(c.id);
    assert.equal(ids.length, CUSTOMER_COUNT);
    assert.equal(new Set(ids).size, CUSTOMER_COUNT);
    const pages = sb.sandbox.calls.filter((c) => c.path === '/api/user/customers');
    assert.equal(pages.length, Math.ceil(CUSTOMER_COUNT / 100));
    const one = await client().customers.get(ids[7]!);
    assert.equal(one.id, ids[7]);
  });

  it('a 429 with Retry-After from the sandbox is waited out', async () => {
    sb.sandbox.setFault({ route: 'GET /api/user/customers', rateLimit: { retryAfter: 1 }, times: 1 });
    const page = await client().customers.list({ page: 1, limit: 5 });
    assert.equal(page.items.length, 5);
    const last = sb.sandbox.calls.filter((c) => c.path === '/api/user/customers').slice(-2);
    assert.deepEqual(last.map((c) => c.status), [429, 200]);
    assert.ok(lines.some((l) => l.includes('gateway.retry') && l.includes('rate_limited')));
  });

  it('products, layouts, transactions and webhooks round-trip', async () => {
    const c = client();
    const product = await c.checkout.product('demo-product');
    assert.equal(product.uniqueProductLinkId, 'demo-product');
    assert.equal((await c.products.get(product.id)).id, product.id);
    const products = await c.products.list({ limit: 10 });
    assert.ok(products.items.some((p) => p.id === product.id));
    const layouts = await c.checkout.layouts.list({ page: 1, limit: 10 });
    assert.ok(layouts.items.length >= 1);
    assert.equal((await c.checkout.layouts.get(layouts.items[0]!.id)).id, layouts.items[0]!.id);

    const tx = await c.transactions.create({
      amount: 1234,
      currency: 'BRL',
      paymentMethod: 'PIX',
      customer: { name: 'Ana Souza', email: 'ana@example.com', phone: '11987654321', document: { number: '52998224725', type: 'CPF' } },
      items: [{ title: 'Item', unitPrice: 1234, quantity: 1, tangible: false }],
      pix: { expiresInDays: 1 },
      metadata: JSON.stringify({ orderId: 'ord_1' }),
    });
    assert.equal(tx.amount, 1234);
    assert.ok(tx.pix?.qrcode);
    assert.equal((await c.transactions.get(tx.id)).id, tx.id);
    assert.equal((await c.transactions.summary(tx.id)).status.toUpperCase(), 'WAITING_PAYMENT');
    let seen = 0;
    for await (const t of c.transactions.all({ limit: 50 })) if (t.id === tx.id) seen++;
    assert.equal(seen, 1);

    const hook = await c.webhooks.create({ url: 'http://127.0.0.1:9/hook' });
    assert.equal(hook.type, 'TRANSACTION');
    assert.equal((await c.webhooks.get(hook.id)).url, 'http://127.0.0.1:9/hook');
    const updated = await c.webhooks.update(hook.id, { url: 'http://127.0.0.1:9/other' });
    assert.equal(updated.url, 'http://127.0.0.1:9/other');
    assert.ok((await c.webhooks.list()).items.some((w) => w.id === hook.id));
    await c.webhooks.delete(hook.id);
    await rejects(c.webhooks.get(hook.id), 'not_found');
  });

  it('a wrong key is unauthorized and never echoed', async () => {
    const wrong = createGatewayClient({ apiKey: 'sk_wrong_key_123456', baseUrl: sb.url });
    const e = await rejects(wrong.customers.list(), 'unauthorized');
    assert.equal(scrubText(JSON.stringify(e.toJSON()), ['sk_wrong_key_123456']), JSON.stringify(e.toJSON()));
  });
});
