/** `npm run sandbox` (demo/sandbox.ts) as a real child process. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { GatewayCheckoutPaymentSchema, GatewayTransactionSchema } from '../../../src/contract/gateway.js';
import { BUYER, UA, dataOf, receiver, waitFor } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KEY = 'sk_standalone_7d1e4c2b-not-printed';

interface Child {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts demo/sandbox.ts and waits for its `Bynet sandbox: <url>` line. */
async function launch(env: Record<string, string>): Promise<Child> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.BYNET_SANDBOX_KEY;
  delete base.BYNET_SANDBOX_HOSTNAMES;
  delete base.HOST;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'demo/sandbox.ts'], { cwd: ROOT, env: { ...base, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const until = Date.now() + 20_000;
  let url: string | undefined;
  while (!url) {
    url = /^Bynet sandbox: (http:\/\/\S+)/m.exec(out)?.[1];
    if (url) break;
    if (proc.exitCode !== null) throw new Error(`demo/sandbox.ts exited (${proc.exitCode}): ${out}`);
    if (Date.now() > until) {
      proc.kill('SIGKILL');
      throw new Error(`no URL line in time: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { proc, url, output: () => out };
}

async function stop(child: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.proc.exitCode !== null) return child.proc.exitCode;
  const exited = once(child.proc, 'exit');
  child.proc.kill(signal);
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), 5_000);
  const [code] = (await exited) as [number | null];
  clearTimeout(timer);
  return code;
}

describe('npm run sandbox (demo/sandbox.ts)', () => {
  it('serves the gateway under /sandbox with the key from BYNET_SANDBOX_KEY; a PIX is created, paid and posted back', async () => {
    const hook = await receiver();
    const child = await launch({ BYNET_SANDBOX_KEY: KEY, BYNET_SANDBOX_HOSTNAMES: 'loja.example, *.shop.example' });
    try {
      assert.match(child.url, /^http:\/\/127\.0\.0\.1:\d+\/sandbox$/);
      assert.ok(!child.url.endsWith(':0/sandbox'), 'the actual port is printed');
      assert.match(child.output(), /API key from BYNET_SANDBOX_KEY/);
      const headers = { 'x-api-key': KEY, 'user-agent': UA, 'content-type': 'application/json' };
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(child.url + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
        return { status: res.status, json: (await res.json()) as unknown };
      };

      assert.equal((await fetch(`${child.url}/api/user/products`, { headers: { 'x-api-key': 'wrong', 'user-agent': UA } })).status, 401);
      assert.equal((await call('POST', '/api/user/webhook', { url: hook.url, type: 'TRANSACTION' })).status, 201);

      // Loopback hostnames and the listed ones are accepted; others are not.
      for (const h of ['127.0.0.1', 'localhost:5173', 'loja.example', 'pay.shop.example']) {
        assert.equal((await call('POST', `/api/public/checkout/create-order/demo-product?hostname=${h}`)).status, 201, h);
      }
      assert.equal((await call('POST', '/api/public/checkout/create-order/demo-product?hostname=evil.example')).status, 400);

      const order = await call('POST', '/api/public/checkout/create-order/demo-product?hostname=127.0.0.1');
      const orderId = dataOf(z.looseObject({ id: z.string() }), order.json).id;
      const payment = await call('POST', `/api/public/checkout/payment/${orderId}?hostname=127.0.0.1`, { ...BUYER, paymentMethod: 'pix' });
      assert.equal(payment.status, 200);
      const created = dataOf(GatewayCheckoutPaymentSchema, payment.json);
      assert.equal(created.order?.payment?.status, 'WAITING_PAYMENT');
      assert.ok(created.order?.payment?.qrCode?.startsWith('000201'));

      const paid = await fetch(`${child.url}/__sandbox/transactions/${created.id}/pay`, { method: 'POST' });
      assert.equal(paid.status, 200);
      const read = await call('GET', `/api/user/transactions/${created.id}`);
      assert.equal(dataOf(GatewayTransactionSchema, read.json).status, 'PAID');

      // Postbacks reach the webhook registered through the API (no postback URL of its own).
      await waitFor(() => hook.bodies.length >= 2, 5_000);
      assert.deepEqual(
        hook.bodies.map((b) => (b as { data: { status: string } }).data.status),
        ['waiting_payment', 'paid'],
      );
      assert.ok(child.output().includes(`POST /api/public/checkout/payment/${orderId} -> 200`), 'calls are logged');
      assert.ok(!child.output().includes(KEY), 'the key is never printed');
    } finally {
      const code = await stop(child);
      await hook.close();
      assert.equal(code, 0, `clean exit on SIGTERM: ${child.output()}`);
    }
  });

  it('picks a random key when BYNET_SANDBOX_KEY is unset, without printing it, and stops on SIGINT', async () => {
    const child = await launch({});
    try {
      assert.match(child.output(), /API key random for this run/);
      assert.doesNotMatch(child.output(), /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, 'no key-looking string printed');
      const res = await fetch(`${child.url}/api/user/products`, { headers: { 'x-api-key': KEY, 'user-agent': UA } });
      assert.equal(res.status, 401);
      const state = await fetch(`${child.url}/__sandbox/state`);
      assert.equal(state.status, 200);
    } finally {
      assert.equal(await stop(child, 'SIGINT'), 0);
    }
  });

  it('refuses a bad PORT', async () => {
    await assert.rejects(launch({ PORT: 'seventy' }), /PORT must be an integer/);
  });
});
