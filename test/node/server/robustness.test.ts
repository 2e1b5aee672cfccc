/**
 * Robustness: 1,000 malformed, oversized or wrongly typed requests against the helper on a real
 * node:http server. Every answer is a 4xx (never a 5xx, never a dropped connection), nothing
 * malformed reaches the gateway as a create, and a good /config still works afterwards.
 */
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CUSTOMER, newKey, recordResponse, startHarness } from './harness.js';
import type { Harness } from './harness.js';

/** Small seeded PRNG (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

interface Probe {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Sent byte for byte on a raw socket (no client-side validation). */
  raw?: string;
}

const UNICODE = ['ção', '💳', '𝟘𝟙', '\u202e', '\u0000', '\ud800', 'Ω≈ç√', '１２３', 'ｐｉｘ', '\ufeff', '../', '%00', '\\u0000'];
const NAN_ISH = ['NaN', 'Infinity', '-Infinity', 'undefined', 'null', '1e309', '0x10', '', ' ', '-0', '1_000', '٣'];

function randomString(r: Rng, max = 40): string {
  const len = r.int(max);
  let s = '';
  for (let i = 0; i < len; i++) {
    const roll = r.int(10);
    if (roll < 6) s += String.fromCharCode(32 + r.int(95));
    else if (roll < 8) s += r.pick(UNICODE);
    else s += String.fromCharCode(r.int(0xffff));
  }
  return s;
}

function randomJson(r: Rng, depth = 0): unknown {
  const roll = r.int(depth > 3 ? 5 : 8);
  switch (roll) {
    case 0:
      return r.pick(NAN_ISH);
    case 1:
      return r.next() * 1e6 * (r.next() < 0.5 ? -1 : 1);
    case 2:
      return r.pick([null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2]);
    case 3:
      return randomString(r);
    case 4:
      return r.pick(UNICODE);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = 0, n = 1 + r.int(4); i < n; i++) o[r.pick(['method', 'amount', 'customer', 'card', 'price', '__proto__', 'constructor', randomString(r, 8) || 'k'])] = randomJson(r, depth + 1);
      return o;
    }
  }
}

/** Percent-encodes the UTF-8 bytes of `s` (lone surrogates become U+FFFD), keeping unreserved ASCII. */
function pctEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function deepNesting(r: Rng): string {
  const n = 500 + r.int(6000);
  const open = r.next() < 0.5 ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(n)}1${close.repeat(n)}`;
}

/** A valid PIX payment body made invalid by exactly one mutation. */
function brokenPayment(r: Rng): unknown {
  const body: Record<string, unknown> = { method: 'PIX', customer: { ...CUSTOMER } };
  const customer = body['customer'] as Record<string, unknown>;
  switch (r.int(10)) {
    case 0:
      body['method'] = r.pick(['pix', 'CASH', '', 1, null, [], {}, 'PIX ', 'ＰＩＸ', 'CREDIT_CARD\u0000']);
      break;
    case 1:
      body['installments'] = r.pick(['3', 'NaN', 1.5, 0, 25, -1, null, 'Infinity', [], '1']);
      break;
    case 2:
      customer['document'] = r.pick([...NAN_ISH, '５２９９８２２４７２５', '52998224725 ', 52998224725, '00000000000']);
      break;
    case 3:
      customer['email'] = r.pick(['nope', '', 'a@', '@b.c', 42, 'ma ria@example.com', '💳@example.com']);
      break;
    case 4:
      customer['phone'] = r.pick(['1198765432a', 11987654321, '+5511987654321', '', 'NaN', '１１９８７６５４３２１']);
      break;
    case 5:
      body[r.pick(['amount', 'price', 'total', 'currency', 'orderId'])] = r.pick(['1', 'NaN', 1, -1, '0.01', 'BRL']);
      break;
    case 6:
      body['card'] = { number: '4111111111111111', holderName: 'MARIA', expMonth: 12, expYear: 2031, cvv: '739' };
      break;
    case 7:
      body['customer'] = r.pick(['Maria', 1, null, [], randomJson(r)]);
      break;
    case 8:
      customer['name'] = r.pick([{ first: 'Maria' }, ['Maria'], 12, '', 'M', null]);
      break;
    default:
      delete body[r.pick(['method', 'customer'])];
  }
  return body;
}

function makeProbe(r: Rng, t: { config: string; order: string; orderId: string }): Probe {
  const base = '/api/checkout';
  const json = { 'content-type': 'application/json' };
  const auth = (token: string) => ({ 'x-checkout-token': token, 'idempotency-key': newKey() });
  switch (r.int(15)) {
    case 0: // random JSON on /orders (never the one valid body, `{}`)
      return { kind: 'orders-json', method: 'POST', path: `${base}/orders`, headers: { ...json, ...auth(t.config) }, body: JSON.stringify(r.pick([[], 'x', 1, null, { amount: r.pick(NAN_ISH) }, { x: randomJson(r) }])) };
    case 1: // garbage bytes
      return { kind: 'garbage', method: 'POST', path: r.pick([`${base}/orders`, `${base}/orders/${t.orderId}/payments`, '/webhooks/bynet']), headers: { ...json, ...auth(r.pick([t.config, t.order])) }, body: randomString(r, 300) + r.pick(['{', '"', '\\', ']', '']) };
    case 2: // wrong content types
      return {
        kind: 'content-type',
        method: 'POST',
        path: r.pick([`${base}/orders`, `${base}/orders/${t.orderId}/payments`]),
        headers: { 'content-type': r.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/x-www-form-urlencoded', 'json', '*/*']), ...auth(r.pick([t.config, t.order])) },
        body: JSON.stringify({ method: 'PIX', customer: CUSTOMER }),
      };
    case 3: // oversized bodies
      return { kind: 'oversized', method: 'POST', path: r.pick([`${base}/orders`, `${base}/orders/${t.orderId}/payments`]), headers: { ...json, ...auth(r.pick([t.config, t.order])) }, body: JSON.stringify({ pad: 'x'.repeat(17_000 + r.int(200_000)) }) };
    case 4: // huge headers
      return { kind: 'huge-header', method: 'GET', path: `${base}/config?product=demo-product`, headers: { 'x-filler': 'a'.repeat(17_000 + r.int(30_000)) } };
    case 5: { // bad tokens
      const [body, sig] = t.order.split('.');
      const token = r.pick([
        randomString(r, 60).replace(/[^\x21-\x7e]/g, 'x') || 'x',
        `${body}.${sig!.slice(0, -2)}AA`,
        `${Buffer.from(JSON.stringify({ v: 1, kind: 'product', ref: 'demo-product', amount: 1, currency: 'BRL', iat: 0, exp: 9e9, jti: 'x', orderId: t.orderId })).toString('base64url')}.${sig}`,
        'a.b.c',
        `${body}.`,
        '.'.repeat(40),
        'x'.repeat(5000),
      ]);
      return { kind: 'bad-token', method: r.pick(['GET', 'POST']), path: r.pick([`${base}/orders`, `${base}/payments/${t.orderId}`, `${base}/cep/01001000`]), headers: { ...json, 'x-checkout-token': token, 'idempotency-key': newKey() }, body: '{}' };
    }
    case 6: // wrong methods
      return { kind: 'method', method: r.pick(['PUT', 'DELETE', 'PATCH', 'TRACE', 'HEAD', 'PROPFIND']), path: r.pick([`${base}/config?product=demo-product`, `${base}/orders`, `${base}/orders/${t.orderId}/payments`, `${base}/payments/${t.orderId}`, '/webhooks/bynet']), headers: { ...json, ...auth(t.order) }, body: r.pick([undefined, '{}']) as string };
    case 7: // path traversal
      return {
        kind: 'traversal',
        method: 'GET',
        path: r.pick([`${base}/../../etc/passwd`, `${base}/%2e%2e/%2e%2e/api/user/transactions`, `${base}/payments/..%2f..%2fapi`, `${base}/cep/..%5c..%5c`, `${base}/./config`, `${base}/payments/%252e%252e`, `${base}//config`, `${base}/config/..`, `${base}/payments/a%00b`, `${base}/payments/${'..%2f'.repeat(20)}`]),
        headers: { 'x-checkout-token': t.order },
      };
    case 8: { // random paths
      const seg = () => pctEncode(randomString(r, 12)) || 'x';
      const segs = Array.from({ length: 1 + r.int(4) }, seg);
      return { kind: 'random-path', method: r.pick(['GET', 'POST']), path: `${r.pick([base, '', '/api', '/webhooks'])}/${segs.join('/')}`, headers: { ...json, ...auth(t.order) }, body: '{}' };
    }
    case 9: // deep nesting
      return { kind: 'deep', method: 'POST', path: r.pick([`${base}/orders`, `${base}/orders/${t.orderId}/payments`]), headers: { ...json, ...auth(r.pick([t.config, t.order])) }, body: deepNesting(r) };
    case 10: // numbers as strings, NaN-ish values, unicode, in an otherwise valid payment
      return { kind: 'typed', method: 'POST', path: `${base}/orders/${t.orderId}/payments`, headers: { ...json, ...auth(t.order) }, body: JSON.stringify(brokenPayment(r)) };
    case 11: // raw JSON numbers that do not survive parsing, and duplicate keys
      return { kind: 'raw-numbers', method: 'POST', path: `${base}/orders/${t.orderId}/payments`, headers: { ...json, ...auth(t.order) }, body: r.pick(['{"method":"PIX","customer":' + JSON.stringify(CUSTOMER) + ',"installments":1e309}', '{"method":"PIX","method":"CASH","customer":' + JSON.stringify(CUSTOMER) + '}', '{"method":"PIX","customer":' + JSON.stringify(CUSTOMER) + ',"installments":-0.0000001}', '{"method":NaN}', "{'method':'PIX'}"]) };
    case 12: // query junk on /config
      return { kind: 'query', method: 'GET', path: `${base}/config?${r.pick(['', 'product=', 'product=a&product=b', 'product=demo-product&cart=x', 'cart=..%2f', `product=${pctEncode(randomString(r, 20)) || '%00'}`, 'product=%00', 'product[]=1', `product=${'a'.repeat(200)}`, 'cart=%F0%9F%92%B3'])}`, headers: {} };
    case 13: // idempotency keys that are missing or malformed, on an otherwise valid order request
      return { kind: 'idem-key', method: 'POST', path: `${base}/orders`, headers: { ...json, 'x-checkout-token': t.config, ...(r.next() < 0.3 ? {} : { 'idempotency-key': r.pick(['k'.repeat(256), ' ', 'a b', '', 'a\tb']) }) }, body: '{}' };
    default: // malformed HTTP on a raw socket
      return {
        kind: 'raw',
        method: 'RAW',
        path: '',
        headers: {},
        raw: r.pick([
          'GARBAGE\r\n\r\n',
          'GET /api/checkout/config HTTP/9.9\r\nHost: x\r\n\r\n',
          'GET /api/checkout/config?product=demo-product HTTP/1.1\r\nHost: x\r\nNoColonHeader\r\n\r\n',
          'POST /api/checkout/orders HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
          'POST /api/checkout/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
          'GET http://evil.example/api/checkout/config?product=demo-product HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
          `GET /api/checkout/${'%'.repeat(3)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
          'GET /api/checkout/cep/01001000 HTTP/1.1\r\nHost: x\r\nX-Bad: \u00ff\u00fe\r\nX-Checkout-Token: \u00e7\r\nConnection: close\r\n\r\n',
        ]),
      };
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function send(origin: URL, p: Probe): Promise<{ status: number; text: string; headers: Headers }> {
  if (p.raw !== undefined) {
    return new Promise((resolve, reject) => {
      const sock = connect({ host: origin.hostname, port: Number(origin.port) });
      let buf = '';
      sock.setEncoding('latin1');
      sock.on('data', (c: string) => (buf += c));
      sock.on('error', reject);
      sock.on('close', () => {
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf);
        if (!m) return reject(new Error(`no HTTP answer to a raw request (${JSON.stringify(p.raw!.slice(0, 40))})`));
        resolve({ status: Number(m[1]), text: buf.slice(buf.indexOf('\r\n\r\n') + 4), headers: new Headers() });
      });
      sock.on('connect', () => {
        sock.write(Buffer.from(p.raw!, 'latin1'));
        // a parser that waits for more closes on its own; make sure nothing hangs
        setTimeout(() => sock.end(), 300).unref();
      });
    });
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: origin.hostname, port: origin.port, method: p.method, path: p.path, headers: p.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(p.body);
  });
}

describe('robustness: 1,000 malformed requests', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    agent.destroy();
    await h.close();
  });

  it('every answer is a 4xx, nothing malformed is created upstream, and /config still answers', async () => {
    const seed = 0x5eed_0009;
    const r = rng(seed);
    const origin = new URL(h.origin);
    const cfg = await h.config();
    const order = await h.order(cfg.token);
    const tokens = { config: cfg.token, order: order.token, orderId: order.order.id };
    const creates = () => h.gatewayCalls('POST', '/api/public/checkout/') + h.gatewayCalls('POST', '/api/user/transactions');
    const createsBefore = creates();
    const probes = Array.from({ length: 1000 }, () => makeProbe(r, tokens));
    const bad: string[] = [];
    const kinds = new Map<string, number>();
    let i = 0;
    const worker = async () => {
      while (i < probes.length) {
        const p = probes[i++]!;
        kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
        let res;
        try {
          res = await send(origin, p);
        } catch (e) {
          bad.push(`${p.kind} ${p.method} ${p.path.slice(0, 80)} ${JSON.stringify(p.headers).slice(0, 60)} ${(p.body ?? '').length}: ${e instanceof Error ? e.message : 'error'}`);
          continue;
        }
        recordResponse(res.headers, res.text);
        if (res.status < 400 || res.status >= 500) bad.push(`${p.kind} ${p.method} ${p.path.slice(0, 80)}${JSON.stringify(p.raw ?? '').slice(0, 90)} -> ${res.status} ${res.text.slice(0, 120)}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.deepEqual(bad, [], `seed ${seed}`);
    assert.equal(kinds.size, 15, 'every kind of probe was sent');
    assert.equal(creates(), createsBefore, 'no order or payment was created upstream');
    assert.ok(!h.logs.some((l) => l.includes('"internal.error"')), 'no unexpected exception');

    const good = await h.call<any>('GET', '/config?product=demo-product');
    assert.equal(good.status, 200);
    assert.equal(good.json.checkout.amount, 4990);
  });
});
