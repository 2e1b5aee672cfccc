/**
 * Test harness for the server helper: the real gateway sandbox on 127.0.0.1, the helper served by
 * `node:http` through `toNodeListener` on 127.0.0.1, and a recorder of every response and log line
 * (for the "no secrets anywhere" checks).
 *
 * Secrets audit: every helper made by the tests logs into one process-wide capture (`auditLog`),
 * and every response seen through `call` / `recordResponse` lands there too. When a test file ends,
 * a root `after` hook scans the capture (API key, every sandbox test card, every card number and
 * CVV the tests sent) and leaves it in a per-run spool folder, which the last test file of the
 * server suite (`zz-secrets-audit.test.ts`) scans again as a whole.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { TEST_CARDS, startSandbox } from '../../../src/sandbox/index.js';
import type { SandboxOptions, StartedSandbox } from '../../../src/sandbox/index.js';
import { createBynetCheckout, toNodeListener } from '../../../src/server/index.js';
import type { BynetCheckout, CheckoutOptions, LogSink } from '../../../src/server/index.js';

export const API_KEY = 'sk_test_5c1e9a7b3d2f4e6a8b0c9d1e2f3a4b5c';
export const TOKEN_SECRET = 'helper-test-secret-aF3kP9qL2xV7mN4bR8tW1yZ6';
export const HOSTNAME = 'localhost';

export { ADDRESS, CARD_APPROVED, CARD_REFUSED, CUSTOMER, CVV, card } from '../../support/buyer.js';
import { CARD_APPROVED, CARD_REFUSED, CVV } from '../../support/buyer.js';

// ── the process-wide secrets audit ────────────────────────────────────────────────────────

export interface AuditCapture {
  /** Every log line of every helper the tests made. */
  logs: string[];
  /** Every response header block and body the tests saw. */
  seen: string[];
  /** Card numbers and CVVs the tests sent. */
  cards: Set<string>;
  cvvs: Set<string>;
}

export const audit: AuditCapture = { logs: [], seen: [], cards: new Set(), cvvs: new Set([CVV]) };

/** The log sink for every helper a test creates. */
export const auditLog: LogSink = (line) => {
  audit.logs.push(line);
};

/** Records a response (headers and body text) for the audit. */
export function recordResponse(headers: Headers, text: string): void {
  const lines: string[] = [];
  headers.forEach((v, k) => lines.push(`${k}: ${v}`));
  audit.seen.push(lines.join('\n'), text);
}

/** Notes card data a test sends (any body shape), so the audit looks for it. */
export function noteSent(body: unknown, depth = 0): void {
  if (!body || typeof body !== 'object' || depth > 8) return;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string' && /^(cvv|cvc|securityCode)$/i.test(k) && /^\d{3,4}$/.test(v)) audit.cvvs.add(v);
    else if (typeof v === 'string' && /^(number|cardNumber)$/i.test(k) && /^\d{12,19}$/.test(v)) audit.cards.add(v);
    else noteSent(v, depth + 1);
  }
}

/** Every way a secret could show up in `text`; returns what was found (empty when clean). */
export function findSecrets(text: string, cards: Iterable<string>, cvvs: Iterable<string>): string[] {
  const hits: string[] = [];
  if (text.includes(API_KEY)) hits.push('API key');
  if (text.includes(TOKEN_SECRET)) hits.push('token secret');
  for (const n of cards) if (text.includes(n)) hits.push(`card number ending ${n.slice(-4)}`);
  if (/["']?(cvv|cvc|securityCode|security_code)["']?\s*[:=]\s*["']?\d/i.test(text)) hits.push('CVV field');
  for (const v of cvvs) if (text.includes(`"${v}"`) || new RegExp(`(cvv|cvc|code)\\W{0,3}${v}\\b`, 'i').test(text)) hits.push(`CVV value ${v}`);
  return hits;
}

export const AUDIT_CARDS: readonly string[] = TEST_CARDS.map((c) => c.number);

/** Scans the whole capture of this process. */
export function auditProcess(): { texts: number; hits: string[] } {
  const cards = new Set([...AUDIT_CARDS, ...audit.cards]);
  const hits: string[] = [];
  const texts = [...audit.logs, ...audit.seen];
  for (const t of texts) for (const h of findSecrets(t, cards, audit.cvvs)) hits.push(h);
  return { texts: texts.length, hits };
}

/** Where each test file leaves its capture for the final audit of the run. */
export const AUDIT_SPOOL = join(tmpdir(), `bynet-checkout-audit-${process.ppid}`);

/** Removes spool folders left by runs whose runner process is gone (e.g. a single file run alone). */
export function pruneStaleSpools(): void {
  try {
    for (const name of readdirSync(tmpdir())) {
      const m = /^bynet-checkout-audit-(\d+)$/.exec(name);
      if (!m) continue;
      try {
        process.kill(Number(m[1]), 0); // signal 0: only asks whether the process exists
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), name), { recursive: true, force: true });
      }
    }
  } catch {
    // best effort
  }
}

after(() => {
  pruneStaleSpools();
  if (audit.logs.length + audit.seen.length === 0) return;
  try {
    mkdirSync(AUDIT_SPOOL, { recursive: true });
    writeFileSync(
      join(AUDIT_SPOOL, `${process.pid}.json`),
      JSON.stringify({ file: process.argv[process.argv.length - 1], logs: audit.logs, seen: audit.seen, cards: [...audit.cards], cvvs: [...audit.cvvs] }),
    );
  } catch {
    // the per-file check below still runs
  }
  const { hits } = auditProcess();
  assert.deepEqual([...new Set(hits)], [], 'secrets found in captured logs or responses');
});

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface Harness {
  /** Helper base, e.g. http://127.0.0.1:1234/api/checkout */
  base: string;
  origin: string;
  webhookUrl: string;
  sb: StartedSandbox;
  helper: BynetCheckout;
  server: Server;
  logs: string[];
  /** Every response text and header block seen by `call`. */
  seen: string[];
  call<T = any>(method: string, path: string, o?: CallOptions): Promise<CallResult<T>>;
  config(product?: string): Promise<any>;
  order(token: string, key?: string): Promise<any>;
  pay(order: { order: { id: string }; token: string }, body: unknown, key?: string): Promise<CallResult<any>>;
  /** Gateway calls recorded by the sandbox matching `method` and a path prefix/regex. */
  gatewayCalls(method: string, path: string | RegExp): number;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  key?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

let keyCounter = 0;
export const newKey = () => `key-${process.pid}-${Date.now()}-${++keyCounter}`;

type Urls = { origin: string; webhookUrl: string };

export async function startHarness(
  o: {
    /** Helper options, or a function of the helper's own URLs (known once its server listens). */
    helper?: Partial<CheckoutOptions> | ((urls: Urls) => Partial<CheckoutOptions>);
    /** Sandbox options, or a function of the helper's URLs (e.g. `postbackUrl: urls.webhookUrl`). */
    sandbox?: Partial<SandboxOptions> | ((urls: Urls) => Partial<SandboxOptions>);
    /** Use this running sandbox (shared with another harness; not closed by this one). */
    sb?: StartedSandbox;
  } = {},
): Promise<Harness> {
  const logs: string[] = [];
  const seen: string[] = [];
  let checkout: ReturnType<typeof toNodeListener> = (_req, res) => res.end();
  let webhook: ReturnType<typeof toNodeListener> = (_req, res) => res.end();
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/webhooks/bynet')) webhook(req, res);
    else checkout(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const webhookUrl = `${origin}/webhooks/bynet`;
  const ownSandbox = !o.sb;
  const sb = o.sb ?? (await startSandbox({ apiKey: API_KEY, ...(typeof o.sandbox === 'function' ? o.sandbox({ origin, webhookUrl }) : (o.sandbox ?? {})) }));
  const helperOptions = typeof o.helper === 'function' ? o.helper({ origin, webhookUrl }) : (o.helper ?? {});
  // the durable default, in a folder of this harness's own
  const ownDataDir =
    helperOptions.state || helperOptions.redis || helperOptions.idempotencyStore || helperOptions.paymentStore || helperOptions.dataDir
      ? undefined
      : mkdtempSync(join(tmpdir(), 'bynet-helper-'));
  const helper = createBynetCheckout({
    ...(ownDataDir ? { dataDir: ownDataDir } : {}),
    apiKey: API_KEY,
    baseUrl: sb.url,
    hostname: HOSTNAME,
    tokenSecret: TOKEN_SECRET,
    logger: (line) => {
      logs.push(line);
      auditLog(line);
    },
    rateLimit: {
      perIp: { limit: 100_000, windowMs: 60_000 },
      perToken: { limit: 100_000, windowMs: 60_000 },
      paymentsPerIp: { limit: 100_000, windowMs: 60_000 },
      cardPerIp: { limit: 100_000, windowMs: 60_000 },
      ordersPerToken: { limit: 100_000, windowMs: 60_000 },
      webhookPerIp: { limit: 100_000, windowMs: 60_000 },
    },
    ...helperOptions,
  });
  checkout = toNodeListener(helper.checkout);
  webhook = toNodeListener(helper.webhook);
  const base = `${origin}${helperOptions.basePath ?? '/api/checkout'}`;

  async function call<T>(method: string, path: string, c: CallOptions = {}): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    if (c.token) headers['x-checkout-token'] = c.token;
    if (c.key) headers['idempotency-key'] = c.key;
    let body: string | undefined = c.rawBody;
    if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] ??= 'application/json';
      noteSent(c.body);
    }
    const url = path.startsWith('http') ? path : `${base}${path}`;
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const hdrs: string[] = [];
    res.headers.forEach((v, k) => hdrs.push(`${k}: ${v}`));
    seen.push(hdrs.join('\n'), text);
    recordResponse(res.headers, text);
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json: json as T };
  }

  return {
    base,
    origin,
    webhookUrl,
    sb,
    helper,
    server,
    logs,
    seen,
    call,
    async config(product = 'demo-product') {
      const r = await call<any>('GET', `/config?product=${product}`);
      assert.equal(r.status, 200, r.text);
      return r.json;
    },
    async order(token, key = newKey()) {
      const r = await call<any>('POST', '/orders', { token, key, body: {} });
      assert.equal(r.status, 201, r.text);
      return r.json;
    },
    pay(order, body, key = newKey()) {
      return call('POST', `/orders/${order.order.id}/payments`, { token: order.token, key, body });
    },
    gatewayCalls(method, path) {
      return sb.sandbox.calls.filter(
        (c) => c.method === method && (typeof path === 'string' ? c.path.startsWith(path) : path.test(c.path)),
      ).length;
    },
    async close() {
      await helper.close();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownSandbox) await sb.close();
    },
  };
}

/** Fails when the API key, a full card number or a CVV field shows up in any response or log line. */
export function assertNoSecrets(h: Pick<Harness, 'logs' | 'seen'>, cardNumbers: readonly string[] = [CARD_APPROVED, CARD_REFUSED]): void {
  const all = [...h.seen, ...h.logs];
  assert.ok(all.length > 0, 'nothing was recorded');
  const cards = new Set([...cardNumbers, ...AUDIT_CARDS, ...audit.cards]);
  for (const text of all) assert.deepEqual(findSecrets(text, cards, audit.cvvs), [], 'secret leaked');
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Reads a status stream as the widget does (fetch streaming): `data:` payloads in `events`,
 * heartbeat comments in `comments`. What the stream carried goes into the secrets audit.
 */
export async function openStream(url: string, token: string, signal: AbortSignal) {
  const res = await fetch(url, { headers: { 'x-checkout-token': token }, signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const events: string[] = [];
  const comments: string[] = [];
  let ended = false;
  const pump = (async () => {
    for (;;) {
      let r;
      try {
        r = await reader.read();
      } catch {
        break;
      }
      if (r.done) break;
      buf += decoder.decode(r.value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        for (const line of block.split('\n')) {
          if (line.startsWith('data: ')) events.push(line.slice(6));
          else if (line.startsWith(':')) comments.push(line);
        }
      }
    }
    ended = true;
    recordResponse(res.headers, events.join('\n'));
  })();
  return { events, comments, pump, ended: () => ended };
}
