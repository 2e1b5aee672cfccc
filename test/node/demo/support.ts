/**
 * The demo as separate processes, as in production: the gateway sandbox (`demo/sandbox.ts`) and the
 * demo server with the merchant helper (`demo/server.ts`), each spawned with `node --import tsx`
 * on a free loopback port, and an HTTP client that talks to the helper the way the widget does.
 *
 * Every process a test file starts is registered; `killAll()` (call it from `after`) kills what
 * is still running, whatever happened. Each process's output is kept (not printed) for failure
 * messages (`diag()`).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const SANDBOX_KEY = 'sk_test_demo_processes_7f3c9a1e5b2d4c6e8a0b';
export const TOKEN_SECRET = 'demo-process-test-secret-Qm4vT8xK2pL6wN9rB3yZ';
export const GATEWAY_UA = 'AtivoB2B/1.0';

export { ADDRESS, CARD_APPROVED, CUSTOMER, card } from '../../support/buyer.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { freePort } from '../../support/net.js';
import { freePort } from '../../support/net.js';

/** Polls `fn` until it returns a truthy value; throws with `what` (and the last value) after `timeoutMs`. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await sleep(everyMs);
  }
}

// ── processes ─────────────────────────────────────────────────────────────────────────────

export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL (kill -9) and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

const running = new Set<Proc>();
const tempDirs = new Set<string>();

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A child env without the caller's gateway settings (a developer's live key must not leak in). */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('BYNET_')) delete env[k];
  delete env.PORT;
  delete env.HOST;
  return { ...env, ...extra };
}

function spawnProc(name: string, script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-12_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const proc: Proc = {
    name,
    child,
    output: () => log,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
      running.delete(proc);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited(child);
        clearTimeout(t);
      }
      running.delete(proc);
    },
  };
  running.add(proc);
  return proc;
}

async function waitUntilUp(proc: Proc, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.kill9();
      throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output()}`);
    }
    await sleep(100);
  }
}

/** Kills every process still running and removes the temp folders (call from `after`). */
export async function killAll(): Promise<void> {
  await Promise.allSettled([...running].map((p) => p.kill9()));
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

/** A fresh temp folder (removed by `killAll`). */
export function tempDir(prefix = 'bynet-demo-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(d);
  return d;
}

// ── the sandbox process ───────────────────────────────────────────────────────────────────

export interface SandboxProc extends Proc {
  /** e.g. http://127.0.0.1:41234/sandbox */
  url: string;
  control<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  /** A gateway API call with the key (`path` like `/api/user/transactions`); the envelope's `data`. */
  gateway<T = any>(path: string): Promise<T>;
  /** Every transaction the sandbox holds for a checkout order (metadata.orderId) or a cart order (externalRef/metadata). */
  transactionsOfOrder(orderId: string): Promise<any[]>;
  /** Waits until the helper at `origin` has registered its TRANSACTION webhook here. */
  webhookRegistered(origin: string, timeoutMs?: number): Promise<void>;
}

export async function startSandboxProcess(o: { port?: number; timeoutMs?: number } = {}): Promise<SandboxProc> {
  const port = o.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}/sandbox`;
  const proc = spawnProc('sandbox', 'demo/sandbox.ts', { PORT: String(port), HOST: '127.0.0.1', BYNET_SANDBOX_KEY: SANDBOX_KEY });
  await waitUntilUp(proc, `${url}/__sandbox/state`, o.timeoutMs ?? 30_000);
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/__sandbox/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox control ${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const gateway = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { 'x-api-key': SANDBOX_KEY, 'user-agent': GATEWAY_UA } });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox GET ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text).data;
  };
  return {
    ...proc,
    url,
    control,
    gateway,
    async transactionsOfOrder(orderId) {
      // [DOC] Transactions Find All: `data` is a plain array
      const list = await gateway('/api/user/transactions?limit=100');
      return (list as any[]).filter((tx) => transactionOrderId(tx) === orderId || tx.externalRef === orderId);
    },
    async webhookRegistered(origin, timeoutMs = 15_000) {
      const hook = `${origin}/api/webhooks/bynet`;
      await eventually(`a TRANSACTION webhook for ${hook} at the sandbox`, async () => {
        const page = await gateway('/api/user/webhook?limit=100');
        return (page.data as any[]).some((w) => w.url === hook && w.type === 'TRANSACTION');
      }, timeoutMs);
    },
  };
}

function transactionOrderId(tx: { metadata?: unknown }): string | undefined {
  let m = tx.metadata;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch {
      return undefined;
    }
  }
  const id = m && typeof m === 'object' ? (m as Record<string, unknown>).orderId : undefined;
  return typeof id === 'string' ? id : undefined;
}

// ── the demo process ──────────────────────────────────────────────────────────────────────

export interface DemoOptions {
  port: number;
  dataDir: string;
  /** The external sandbox's URL; embedded sandbox when absent. */
  sandboxUrl?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface DemoProc extends Proc {
  origin: string;
}

export async function startDemoProcess(o: DemoOptions): Promise<DemoProc> {
  const origin = `http://127.0.0.1:${o.port}`;
  const proc = spawnProc('demo', 'demo/server.ts', {
    PORT: String(o.port),
    HOST: '127.0.0.1',
    BYNET_SANDBOX_KEY: SANDBOX_KEY,
    BYNET_TOKEN_SECRET: TOKEN_SECRET,
    BYNET_DEMO_DATA_DIR: o.dataDir,
    BYNET_DEMO_TEST_LIMITS: '1',
    ...(o.sandboxUrl ? { BYNET_SANDBOX_URL: o.sandboxUrl } : {}),
    ...o.env,
  });
  await waitUntilUp(proc, `${origin}/demo/orders.json`, o.timeoutMs ?? 45_000);
  return { ...proc, origin };
}

// ── the widget's side of the helper ───────────────────────────────────────────────────────

export interface Reply<T = any> {
  status: number;
  json: T;
  text: string;
  headers: Headers;
}

export class Shopper {
  constructor(readonly origin: string) {}

  async call<T = any>(method: string, path: string, o: { token?: string; key?: string; body?: unknown } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (o.token) headers['x-checkout-token'] = o.token;
    if (o.key) headers['idempotency-key'] = o.key;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.origin}/api/checkout${path}`, {
      method,
      headers,
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  /** GET /config for a product or a cart; asserts 200. */
  async config(ref: { product: string } | { cart: string } = { product: 'demo-product' }): Promise<any> {
    const q = 'product' in ref ? `product=${encodeURIComponent(ref.product)}` : `cart=${encodeURIComponent(ref.cart)}`;
    const r = await this.call('GET', `/config?${q}`);
    assert.equal(r.status, 200, `config: ${r.text}`);
    return r.json;
  }

  /** POST /orders; asserts 201; `{ order, token }`. */
  async order(configToken: string): Promise<{ order: { id: string; amount: number }; token: string }> {
    const r = await this.call('POST', '/orders', { token: configToken, key: randomUUID(), body: {} });
    assert.equal(r.status, 201, `order: ${r.text}`);
    return r.json;
  }

  pay(orderId: string, token: string, body: unknown, key: string = randomUUID()): Promise<Reply> {
    return this.call('POST', `/orders/${orderId}/payments`, { token, key, body });
  }

  getPayment(paymentId: string, token: string): Promise<Reply> {
    return this.call('GET', `/payments/${paymentId}`, { token });
  }

  async orders(): Promise<any[]> {
    const res = await fetch(`${this.origin}/demo/orders.json`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    return ((await res.json()) as { orders: any[] }).orders;
  }

  async orderEntry(orderId: string): Promise<any | undefined> {
    return (await this.orders()).find((o) => o.orderId === orderId);
  }

  /** A postback as the gateway sends it, POSTed to the demo's webhook. */
  async postback(transactionId: string, status: string): Promise<number> {
    const res = await fetch(`${this.origin}/api/webhooks/bynet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'transaction', objectId: transactionId, data: { id: transactionId, status } }),
    });
    await res.arrayBuffer();
    return res.status;
  }
}

/** The last lines of every process, for assertion messages. */
export function diag(...procs: (Proc | undefined)[]): string {
  return procs
    .filter((p): p is Proc => Boolean(p))
    .map((p) => `--- ${p.name} output (last lines) ---\n${p.output().split('\n').slice(-40).join('\n')}`)
    .join('\n');
}

/** A sandbox process, a demo process pointed at it (own data folder), and a shopper on the demo. */
export async function startShop(): Promise<{ sandbox: SandboxProc; demo: DemoProc; shop: Shopper }> {
  const sandbox = await startSandboxProcess();
  const demo = await startDemoProcess({ port: await freePort(), dataDir: tempDir(), sandboxUrl: sandbox.url });
  return { sandbox, demo, shop: new Shopper(demo.origin) };
}
