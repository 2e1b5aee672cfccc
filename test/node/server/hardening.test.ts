/**
 * Holding up under attack and faults (issue 11): client addresses from an explicit setting,
 * separate rate-limit buckets, no gateway-call amplification, circuit breakers per route family,
 * buyer text without control or bidi characters, client aborts as info, canonical token
 * signatures. Real node:http servers on 127.0.0.1 and the real gateway sandbox.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { StartedSandbox } from '../../../src/sandbox/index.js';
import { createBynetCheckout, createMemoryState, createTokenSigner, toNodeListener } from '../../../src/server/index.js';
import type { BynetCheckout } from '../../../src/server/index.js';
import { createClientAddressResolver } from '../../../src/server/client-ip.js';
import { DEFAULT_RATE_LIMITS } from '../../../src/server/rate-limit.js';
import type { RateRule } from '../../../src/server/rate-limit.js';
import {
  ADDRESS,
  API_KEY,
  CARD_REFUSED,
  CUSTOMER,
  HOSTNAME,
  TOKEN_SECRET,
  assertNoSecrets,
  auditLog,
  card,
  eventually,
  newKey,
  startHarness,
} from './harness.js';
import type { Harness } from './harness.js';

/** The defaults for every bucket (the harness raises them for the other suites). */
const DEFAULT_LIMITS = { ...DEFAULT_RATE_LIMITS } as { [K in keyof typeof DEFAULT_RATE_LIMITS]: RateRule };

const configPath = '/config?product=demo-product';

function randomIp(i: number): string {
  return `198.51.100.${(i % 250) + 1}, 203.0.113.${(i * 7) % 250}`;
}

function postback(url: string, id: string, status = 'paid', headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ type: 'transaction', objectId: id, data: { id, status } }),
  });
}

/** Sends `n` requests, `batch` at a time; returns the statuses in order. */
async function burst(n: number, batch: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += batch) {
    const rs = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, j) => send(i + j)));
    for (const r of rs) {
      out.push(r.status);
      await r.arrayBuffer();
    }
  }
  return out;
}

const count = (xs: number[], v: number) => xs.filter((x) => x === v).length;

// ── 1. the client address ─────────────────────────────────────────────────────────────────

describe('client address: an explicit setting, never a spoofable header by default', () => {
  it('resolver: default ignores X-Forwarded-For; a proxy list takes the rightmost untrusted hop; a hop count counts', () => {
    const byDefault = createClientAddressResolver(undefined);
    assert.equal(byDefault('::ffff:127.0.0.1', '6.6.6.6'), '127.0.0.1');
    assert.equal(byDefault(undefined, '6.6.6.6'), undefined);

    const list = createClientAddressResolver(['loopback', '10.0.0.0/8']);
    // the client wrote "6.6.6.6"; the trusted proxy 10.1.2.3 appended the real client 203.0.113.9
    assert.equal(list('127.0.0.1', '6.6.6.6, 203.0.113.9, 10.1.2.3'), '203.0.113.9');
    assert.equal(list('198.51.100.4', '6.6.6.6'), '198.51.100.4', 'a peer that is no proxy: the header is ignored');
    assert.equal(list('127.0.0.1', 'garbage, 10.1.2.3'), '10.1.2.3', 'an unparseable entry ends the walk');
    assert.equal(list('127.0.0.1', null), '127.0.0.1');
    assert.equal(list(undefined, '6.6.6.6, 203.0.113.9'), '203.0.113.9', 'no peer known (Next.js): the platform proxy is trusted');

    const hops = createClientAddressResolver(1);
    assert.equal(hops('10.0.0.1', '6.6.6.6, 203.0.113.9'), '203.0.113.9');
    assert.equal(hops('10.0.0.1', null), '10.0.0.1');
    assert.equal(createClientAddressResolver(2)('10.0.0.1', '6.6.6.6, 203.0.113.9, 10.0.0.2'), '203.0.113.9');
    assert.equal(createClientAddressResolver(0)('10.0.0.1', '6.6.6.6'), '10.0.0.1');
    assert.equal(list('127.0.0.1', '[2001:db8::1]:443'), '2001:db8::1');
  });

  it('bad settings fail at start with a TypeError naming the entry', () => {
    assert.throws(() => createClientAddressResolver(['10.0.0.0/99']), /trustedProxies entry "10\.0\.0\.0\/99"/);
    assert.throws(() => createClientAddressResolver(['proxy.example.com']), /trustedProxies entry/);
    assert.throws(() => createClientAddressResolver(-1), /hop count/);
    assert.throws(
      () =>
        createBynetCheckout({
          apiKey: API_KEY,
          hostname: HOSTNAME,
          tokenSecret: TOKEN_SECRET,
          state: createMemoryState(),
          logger: false,
          clientIp: () => 'x',
          trustedProxies: 1,
        }),
      /either clientIp .* or trustedProxies/,
    );
  });

  describe('node:http, default settings', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ helper: { rateLimit: DEFAULT_LIMITS } });
    });
    after(async () => {
      await h.close();
    });

    it('400 requests from one address get 429s; 50 more with spoofed X-Forwarded-For still get 429', async () => {
      const statuses = await burst(400, 25, () => fetch(`${h.base}${configPath}`));
      assert.equal(count(statuses, 200), DEFAULT_LIMITS.perIp.limit, 'the first 300 pass');
      assert.equal(count(statuses, 429), 100);
      const spoofed = await burst(50, 25, (i) => fetch(`${h.base}${configPath}`, { headers: { 'x-forwarded-for': randomIp(i), 'x-real-ip': `192.0.2.${i}` } }));
      assert.deepEqual([...new Set(spoofed)], [429]);
    });
  });

  describe('node:http behind a proxy: trustedProxies', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({
        helper: { trustedProxies: ['loopback'], rateLimit: { ...DEFAULT_LIMITS, perIp: { limit: 5, windowMs: 60_000 } } },
      });
    });
    after(async () => {
      await h.close();
    });

    it('each buyer behind the proxy has its own bucket, and what a buyer writes in the header does not help', async () => {
      // the proxy (127.0.0.1) appends the address it saw; the buyer may have written anything before it
      const asBuyer = (ip: string, spoof = '') => fetch(`${h.base}${configPath}`, { headers: { 'x-forwarded-for': `${spoof}${ip}` } });
      const a = await burst(7, 1, (i) => asBuyer('203.0.113.10', `10.0.0.${i}, `));
      assert.deepEqual(a, [200, 200, 200, 200, 200, 429, 429]);
      const b = await burst(3, 1, () => asBuyer('203.0.113.11'));
      assert.deepEqual(b, [200, 200, 200], 'another buyer behind the same proxy is not throttled');
    });
  });

  describe('Express with trust proxy: true', () => {
    let sb: StartedSandbox;
    let bynet: BynetCheckout;
    let server: Server;
    let origin: string;
    before(async () => {
      sb = await startSandbox({ apiKey: API_KEY });
      bynet = createBynetCheckout({
        apiKey: API_KEY,
        baseUrl: sb.url,
        hostname: HOSTNAME,
        tokenSecret: TOKEN_SECRET,
        state: createMemoryState(),
        logger: auditLog,
        rateLimit: { ...DEFAULT_LIMITS, perIp: { limit: 10, windowMs: 60_000 } },
      });
      const app = express();
      app.set('trust proxy', true); // req.ip = whatever the client wrote
      app.use('/api/checkout', toNodeListener(bynet.checkout));
      server = createServer(app);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await bynet.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await sb.close();
    });

    it('50 spoofed X-Forwarded-For requests after the limit all get 429 (req.ip is not used unless asked)', async () => {
      const first = await burst(10, 5, () => fetch(`${origin}/api/checkout${configPath}`));
      assert.deepEqual([...new Set(first)], [200]);
      const spoofed = await burst(50, 25, (i) => fetch(`${origin}/api/checkout${configPath}`, { headers: { 'x-forwarded-for': randomIp(i) } }));
      assert.deepEqual([...new Set(spoofed)], [429]);
    });
  });
});

// ── 2. separate buckets ───────────────────────────────────────────────────────────────────

describe('rate limits: separate buckets', () => {
  it('a burst of 350 postbacks is not throttled by buyer traffic, and does not throttle buyers', async () => {
    const h = await startHarness({ helper: { rateLimit: DEFAULT_LIMITS } });
    try {
      // 350 postbacks first: buyers are still served
      const hooks = await burst(350, 50, (i) => postback(h.webhookUrl, `tx_unknown_${i % 5}`));
      assert.deepEqual([...new Set(hooks)], [200]);
      assert.equal((await fetch(`${h.base}${configPath}`)).status, 200);
      // buyers use up their bucket: the gateway's postbacks still get through
      const buyers = await burst(320, 40, () => fetch(`${h.base}${configPath}`));
      assert.ok(count(buyers, 429) >= 20, 'the buyers hit their own limit');
      const more = await burst(350, 50, (i) => postback(h.webhookUrl, `tx_unknown_${i % 5}`));
      assert.deepEqual([...new Set(more)], [200]);
      await h.helper.idle();
    } finally {
      await h.close();
    }
  });

  describe('card testing and orders', () => {
    let h: Harness;
    before(async () => {
      // only the buckets under test at their defaults
      h = await startHarness({
        helper: {
          rateLimit: {
            perIp: { limit: 100_000, windowMs: 60_000 },
            perToken: { limit: 100_000, windowMs: 60_000 },
            paymentsPerIp: { limit: 100_000, windowMs: 60_000 },
            cardPerToken: DEFAULT_LIMITS.cardPerToken,
            cardPerIp: DEFAULT_LIMITS.cardPerIp,
            ordersPerToken: DEFAULT_LIMITS.ordersPerToken,
          },
        },
      });
    });
    after(async () => {
      await h.close();
    });

    it('many refused cards from one address, each on a fresh /config token, are stopped per address', async () => {
      const before = h.gatewayCalls('POST', '/api/public/checkout/payment/');
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) {
        const order = await h.order((await h.config()).token);
        const r = await h.pay(order, { method: 'CREDIT_CARD', customer: CUSTOMER, card: card(CARD_REFUSED) });
        statuses.push(r.status);
        if (r.status === 429) assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
      }
      const limit = DEFAULT_LIMITS.cardPerIp.limit;
      assert.deepEqual(statuses, [...Array(limit).fill(201), ...Array(15 - limit).fill(429)]);
      assert.equal(h.gatewayCalls('POST', '/api/public/checkout/payment/') - before, limit, 'no refused card beyond the limit reached the gateway');
      assertNoSecrets(h, [CARD_REFUSED]);
    });

    it('one checkout token cannot create orders without bound (renewed order tokens share the bucket)', async () => {
      let token = (await h.config()).token as string;
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await h.call<any>('POST', '/orders', { token, key: newKey(), body: {} });
        statuses.push(r.status);
        if (r.status === 201) token = r.json.token; // the order token renews the checkout
      }
      const limit = DEFAULT_LIMITS.ordersPerToken.limit;
      assert.deepEqual(statuses, [...Array(limit).fill(201), ...Array(12 - limit).fill(429)]);
      // a replay of an answered Idempotency-Key is not a new order and costs nothing
      const other = (await h.config()).token as string;
      const key = newKey();
      const first = await h.call('POST', '/orders', { token: other, key, body: {} });
      const replay = await h.call('POST', '/orders', { token: other, key, body: {} });
      assert.equal(first.status, 201);
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotency-replayed'), 'true');
    });
  });
});

// ── 3. no amplification ───────────────────────────────────────────────────────────────────

describe('no gateway-call amplification', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ sandbox: ({ webhookUrl }) => ({ postbackUrl: webhookUrl }) });
  });
  after(async () => {
    await h.close();
  });

  it('20 /config for the same unknown product cost at most 2 gateway calls; other unknown ids share one list scan', async () => {
    const before = h.gatewayCalls('GET', '/api/user/products');
    const statuses = await burst(20, 5, () => fetch(`${h.base}/config?product=no-such-product`));
    assert.deepEqual([...new Set(statuses)], [404]);
    assert.ok(h.gatewayCalls('GET', '/api/user/products') - before <= 2, `${h.gatewayCalls('GET', '/api/user/products') - before} calls`);

    const listBefore = h.gatewayCalls('GET', /^\/api\/user\/products(\?|$)/);
    await burst(10, 5, (i) => fetch(`${h.base}/config?product=missing-${i}`));
    assert.equal(h.gatewayCalls('GET', /^\/api\/user\/products(\?|$)/) - listBefore, 0, 'the product list was not scanned again');
    // a known product still works
    assert.equal((await fetch(`${h.base}${configPath}`)).status, 200);
  });

  it('200 forged postbacks naming one real payment cost a handful of gateway reads, and the real one still lands', async () => {
    const order = await h.order((await h.config()).token);
    const res = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(res.status, 201, res.text);
    const id = res.json.payment.id as string;
    const reads = () => h.gatewayCalls('GET', new RegExp(`^/api/user/transactions/${id}(\\?|$)`));
    const before = reads();
    const statuses = await burst(200, 20, (i) => postback(h.webhookUrl, id, i % 2 ? 'paid' : 'approved'));
    assert.deepEqual([...new Set(statuses)], [200]);
    await h.helper.idle();
    const made = reads() - before;
    assert.ok(made <= 5, `${made} gateway reads for 200 forged postbacks`);
    const r = await h.call<any>('GET', `/payments/${id}`, { token: order.token });
    assert.equal(r.json.payment.status, 'WAITING_PAYMENT', 'a forged postback changes nothing');
    // the real payment's postback is applied (at most one window later)
    h.sb.sandbox.pay(id);
    await eventually(async () => {
      await h.helper.idle();
      const s = await h.call<any>('GET', `/payments/${id}`, { token: order.token });
      return s.json.payment.status === 'PAID';
    }, 8000);
  });
});

// ── 4. circuit breakers per route family ──────────────────────────────────────────────────

describe('circuit breakers per gateway route family', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      helper: { retries: 0, statusCacheMs: 0, catalogCacheMs: 1, circuitBreaker: { failures: 3, cooldownMs: 10_000 } },
    });
  });
  after(async () => {
    h.sb.sandbox.clearFaults();
    await h.close();
  });

  it('503s on status reads open the status breaker only: /config answers 200 and payments are still created', async () => {
    const order = await h.order((await h.config()).token);
    const res = await h.pay(order, { method: 'PIX', customer: CUSTOMER });
    assert.equal(res.status, 201, res.text);
    const id = res.json.payment.id as string;
    h.sb.sandbox.setFault({ route: 'GET /api/user/transactions/**', status: 503 });
    try {
      const polls: number[] = [];
      for (let i = 0; i < 6; i++) polls.push((await h.call('GET', `/payments/${id}`, { token: order.token })).status);
      assert.deepEqual([...new Set(polls)], [502]);
      assert.ok(h.logs.some((l) => l.includes('"gateway.circuit_open"') && l.includes('"family":"status"')), 'the status breaker opened');
      const productsBefore = h.gatewayCalls('GET', '/api/user/products');
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 5));
        const cfg = await h.call<any>('GET', configPath);
        assert.equal(cfg.status, 200, cfg.text);
      }
      assert.ok(h.gatewayCalls('GET', '/api/user/products') > productsBefore, '/config really asked the gateway');
      const order2 = await h.order((await h.config()).token);
      const pix2 = await h.pay(order2, { method: 'PIX', customer: CUSTOMER });
      assert.equal(pix2.status, 201, pix2.text);
    } finally {
      h.sb.sandbox.clearFaults();
    }
  });
});

// ── 5. buyer text fields ──────────────────────────────────────────────────────────────────

describe('buyer text fields: no control characters, no bidi overrides', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  const cases: Array<{ path: string; body: (base: any) => any }> = [
    { path: 'customer.name', body: (b) => ({ ...b, customer: { ...CUSTOMER, name: 'Maria\u0000 da Silva' } }) },
    { path: 'customer.name', body: (b) => ({ ...b, customer: { ...CUSTOMER, name: 'Maria\nda Silva' } }) },
    { path: 'customer.name', body: (b) => ({ ...b, customer: { ...CUSTOMER, name: 'Maria \u202egnp.exe' } }) },
    { path: 'address.street', body: (b) => ({ ...b, address: { ...ADDRESS, street: 'Rua A\r\nX-Injected: 1' } }) },
    { path: 'address.city', body: (b) => ({ ...b, address: { ...ADDRESS, city: 'S\u2066ão Paulo' } }) },
    { path: 'address.complement', body: (b) => ({ ...b, address: { ...ADDRESS, complement: 'apto\u0007 1' } }) },
    { path: 'address.neighborhood', body: (b) => ({ ...b, address: { ...ADDRESS, neighborhood: 'S\u2028é' } }) },
    { path: 'card.holderName', body: (b) => ({ ...b, method: 'CREDIT_CARD', card: { ...card(), holderName: 'MARIA\u202d SILVA' } }) },
  ];

  it('each answers 400 naming the field, and nothing reaches the gateway', async () => {
    const order = await h.order((await h.config()).token);
    const before = h.gatewayCalls('POST', '/api/public/checkout/payment/');
    for (const c of cases) {
      const r = await h.pay(order, c.body({ method: 'BOLETO', customer: CUSTOMER, address: ADDRESS }));
      assert.equal(r.status, 400, `${c.path}: ${r.text}`);
      assert.equal(r.json.error.code, 'invalid_request');
      const field = (r.json.error.fields as Array<{ path: string; message: string }>).find((f) => f.path === c.path);
      assert.ok(field, `${c.path} named in ${r.text}`);
      assert.match(field.message, /control characters|bidirectional/);
    }
    assert.equal(h.gatewayCalls('POST', '/api/public/checkout/payment/'), before);
    // ordinary accents, apostrophes and hyphens still pass
    const ok = await h.pay(order, { method: 'BOLETO', customer: { ...CUSTOMER, name: "Joana D'Ávila-Sá" }, address: ADDRESS });
    assert.equal(ok.status, 201, ok.text);
  });
});

// ── 6. client aborts ──────────────────────────────────────────────────────────────────────

describe('client aborts', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('a request whose body never fully arrives is logged as request.aborted at info, not internal.error', async () => {
    const { token } = await h.config();
    const { port } = new URL(h.origin);
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const s = connect(Number(port), '127.0.0.1', () => {
          s.write(
            `POST /api/checkout/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
              `X-Checkout-Token: ${token}\r\nIdempotency-Key: ${newKey()}\r\nContent-Length: 1000\r\n\r\n{"a":`,
          );
          setTimeout(() => {
            s.destroy();
            resolve();
          }, 100);
        });
        s.on('error', reject);
      });
    }
    const aborted = await eventually(() => {
      const lines = h.logs.filter((l) => l.includes('"request.aborted"'));
      return lines.length >= 3 ? lines : undefined;
    });
    for (const l of aborted) assert.equal(JSON.parse(l).level, 'info');
    assert.ok(!h.logs.some((l) => l.includes('"internal.error"')), 'no internal.error logged');
    assert.ok(!h.logs.some((l) => JSON.parse(l).level === 'error'), 'nothing at error level');
  });
});

// ── 7. canonical token signatures ─────────────────────────────────────────────────────────

describe('canonical token signatures', () => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  /** Other final characters that decode to the same signature bytes. */
  function malleable(token: string): string[] {
    const dot = token.indexOf('.');
    const sig = token.slice(dot + 1);
    const bytes = Buffer.from(sig, 'base64url');
    return [...ALPHABET]
      .map((c) => sig.slice(0, -1) + c)
      .filter((s) => s !== sig && Buffer.from(s, 'base64url').equals(bytes))
      .map((s) => `${token.slice(0, dot)}.${s}`);
  }

  it('the signer accepts only the exact encoding', () => {
    const signer = createTokenSigner(TOKEN_SECRET, 600);
    const token = signer.sign({ kind: 'product', ref: 'demo-product', amount: 100, currency: 'BRL' });
    const variants = malleable(token);
    assert.equal(variants.length, 3);
    assert.equal(signer.verify(token).ok, true);
    for (const v of variants) assert.deepEqual(signer.verify(v), { ok: false, reason: 'signature' });
  });

  it('3 malleable final-character variants of a real token get 401 from the helper', async () => {
    const h = await startHarness();
    try {
      const { token } = await h.config();
      const variants = malleable(token);
      assert.equal(variants.length, 3);
      for (const v of variants) {
        const r = await h.call<any>('POST', '/orders', { token: v, key: newKey(), body: {} });
        assert.equal(r.status, 401, r.text);
        assert.equal(r.json.error.code, 'invalid_token');
      }
      assert.equal((await h.call('POST', '/orders', { token, key: newKey(), body: {} })).status, 201);
    } finally {
      await h.close();
    }
  });
});
