/**
 * The demo's plumbing around the helper: BYNET_SANDBOX_URL (an external sandbox, its key required),
 * the same-origin /sandbox/* forwarding the demo page's sandbox panel relies on, the shop's order
 * pages, and the webhook the helper registers at the gateway.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GATEWAY_UA, ROOT, SANDBOX_KEY, Shopper, diag, eventually, freePort, killAll, startDemoProcess, startSandboxProcess, tempDir } from './support.js';
import type { DemoProc, SandboxProc } from './support.js';

/** Runs the demo expecting it to refuse to start; its exit code and output. */
function runDemoExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith('BYNET_')) delete clean[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], { cwd: ROOT, env: { ...clean, HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('demo with an external sandbox (BYNET_SANDBOX_URL)', { timeout: 180_000 }, () => {
  let sandbox: SandboxProc;
  let demo: DemoProc;
  let dataDir: string;

  before(async () => {
    sandbox = await startSandboxProcess();
    dataDir = tempDir();
    demo = await startDemoProcess({ port: await freePort(), dataDir, sandboxUrl: sandbox.url });
  });
  after(async () => {
    await killAll();
  });

  it('refuses to start without BYNET_SANDBOX_KEY, with a clear message', async () => {
    const r = await runDemoExpectingExit({ PORT: String(await freePort()), BYNET_SANDBOX_URL: sandbox.url, BYNET_DEMO_DATA_DIR: tempDir() });
    assert.equal(r.code, 1, r.output);
    assert.match(r.output, /BYNET_SANDBOX_KEY/);
  });

  it('prints where the orders page, the external sandbox and the data are', () => {
    const out = demo.output();
    assert.match(out, /\/demo\/orders/);
    assert.ok(out.includes(sandbox.url), out);
    assert.ok(out.includes(dataDir), out);
    assert.ok(existsSync(join(dataDir, 'helper')), 'the helper gets <data dir>/helper');
  });

  it('forwards /sandbox/* to the external sandbox (control routes, method, body, status)', async () => {
    const state = await fetch(`${demo.origin}/sandbox/__sandbox/state`);
    assert.equal(state.status, 200);
    assert.equal(state.headers.get('cache-control'), 'no-store');
    const direct = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as { orders: number };
    assert.equal(((await state.json()) as { orders: number }).orders, direct.orders);

    const added = await fetch(`${demo.origin}/sandbox/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'GET /api/user/customers', latencyMs: 1, times: 1 }),
    });
    assert.equal(added.status, 201, await added.text());
    assert.equal((await sandbox.control('GET', 'faults')).faults.length, 1, 'the fault landed in the external sandbox');
    const cleared = await fetch(`${demo.origin}/sandbox/__sandbox/faults`, { method: 'DELETE' });
    assert.equal(cleared.status, 200);
    await cleared.arrayBuffer();
    assert.equal((await sandbox.control('GET', 'faults')).faults.length, 0);

    const bad = await fetch(`${demo.origin}/sandbox/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"nope":1}' });
    assert.equal(bad.status, 400, 'the sandbox status comes back as it is');
    await bad.arrayBuffer();

    const noKey = await fetch(`${demo.origin}/sandbox/api/user/products`, { headers: { 'user-agent': GATEWAY_UA } });
    assert.equal(noKey.status, 401);
    await noKey.arrayBuffer();
    const withKey = await fetch(`${demo.origin}/sandbox/api/user/products`, { headers: { 'user-agent': GATEWAY_UA, 'x-api-key': SANDBOX_KEY } });
    assert.equal(withKey.status, 200, 'x-api-key and user-agent pass');
    await withKey.arrayBuffer();

    const logo = await fetch(`${demo.origin}/sandbox/assets/logo.svg`);
    assert.equal(logo.status, 200);
    assert.match(logo.headers.get('content-type') ?? '', /image\/svg\+xml/);
    assert.equal(logo.headers.get('cache-control'), 'no-store', 'only content-type comes back from the sandbox');
    await logo.arrayBuffer();

    const outside = await fetch(`${demo.origin}/sandboxes/__sandbox/state`);
    assert.equal(outside.status, 404, 'only the /sandbox prefix is forwarded');
    await outside.arrayBuffer();
  });

  it('refuses cross-site calls to the control routes itself (the browser\'s Origin is not forwarded), and passes the page\'s own', async () => {
    const spec = JSON.stringify({ route: '*', status: 503 });
    const crossSite = await fetch(`${demo.origin}/sandbox/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: spec,
    });
    assert.equal(crossSite.status, 403);
    await crossSite.arrayBuffer();
    const sameSite = await fetch(`${demo.origin}/sandbox/__sandbox/calls`, { headers: { 'sec-fetch-site': 'same-site' } });
    assert.equal(sameSite.status, 403);
    await sameSite.arrayBuffer();
    // the sandbox's own origin is not the demo's: a page there cannot use the demo's forwarding
    const sandboxOrigin = await fetch(`${demo.origin}/sandbox/__sandbox/state`, { headers: { origin: new URL(sandbox.url).origin } });
    assert.equal(sandboxOrigin.status, 403);
    await sandboxOrigin.arrayBuffer();
    const plain = await fetch(`${demo.origin}/sandbox/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: demo.origin }, body: spec });
    assert.equal(plain.status, 415, 'the sandbox refuses the text/plain body (content-type is forwarded)');
    await plain.arrayBuffer();
    assert.equal((await sandbox.control('GET', 'faults')).faults.length, 0, 'nothing reached the sandbox');
    const own = await fetch(`${demo.origin}/sandbox/__sandbox/state`, { headers: { origin: demo.origin, 'sec-fetch-site': 'same-origin' } });
    assert.equal(own.status, 200);
    await own.arrayBuffer();
  });

  it('serves the order book and the orders page without caching', async () => {
    const json = await fetch(`${demo.origin}/demo/orders.json`);
    assert.equal(json.status, 200);
    assert.equal(json.headers.get('cache-control'), 'no-store');
    assert.ok(Array.isArray(((await json.json()) as { orders: unknown }).orders));

    const page = await fetch(`${demo.origin}/demo/orders`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /lang="pt-BR"/);
    assert.match(html, /Pedidos/);
    // the built page: its script and the demo's styles as hashed files under /demo/assets/
    assert.match(html, /<script type="module" crossorigin src="\/demo\/assets\/orders-[\w-]+\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" crossorigin href="\/demo\/assets\/[\w-]+\.css">/);

    const index = await (await fetch(`${demo.origin}/`)).text();
    assert.match(index, /href="\/demo\/orders"/, 'the demo page links the orders page');
    assert.match(index, /value="cart:demo-cart"/, 'the product switcher offers the cart');
  });

  it('registers the demo webhook at the gateway on first use (postbacks as in production)', { timeout: 60_000 }, async () => {
    const shop = new Shopper(demo.origin);
    await shop.config({ product: 'demo-product' });
    await sandbox.webhookRegistered(demo.origin).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo, sandbox)}`));
  });

  it('answers 502 on /sandbox/* when the external sandbox is down, and keeps serving the rest', { timeout: 60_000 }, async () => {
    const deadPort = await freePort();
    const down = await startDemoProcess({ port: await freePort(), dataDir: tempDir(), sandboxUrl: `http://127.0.0.1:${deadPort}/sandbox` });
    const res = await fetch(`${down.origin}/sandbox/__sandbox/state`);
    assert.equal(res.status, 502);
    assert.equal(((await res.json()) as { error: string }).error, 'sandbox_unreachable');
    assert.equal((await fetch(`${down.origin}/demo/orders.json`)).status, 200);
    assert.match(down.output(), /does not answer/);
    await down.stop();
  });
});

describe('demo with its embedded sandbox (no BYNET_SANDBOX_URL)', { timeout: 120_000 }, () => {
  let demo: DemoProc;
  before(async () => {
    demo = await startDemoProcess({ port: await freePort(), dataDir: tempDir() });
  });
  after(async () => {
    await killAll();
  });

  it('serves the sandbox on the same origin and prints the orders page', async () => {
    const state = await fetch(`${demo.origin}/sandbox/__sandbox/state`);
    assert.equal(state.status, 200);
    await state.arrayBuffer();
    assert.match(demo.output(), /sandbox gateway at http:\/\/127\.0\.0\.1:\d+\/sandbox/);
    assert.match(demo.output(), /\/demo\/orders/);
  });

  it('registers its webhook at the embedded sandbox too (no global postback URL)', { timeout: 60_000 }, async () => {
    await new Shopper(demo.origin).config({ product: 'demo-product' });
    const url = `${demo.origin}/api/webhooks/bynet`;
    await eventually(`a TRANSACTION webhook for ${url}`, async () => {
      const res = await fetch(`${demo.origin}/sandbox/api/user/webhook?limit=100`, { headers: { 'x-api-key': SANDBOX_KEY, 'user-agent': GATEWAY_UA } });
      const page = ((await res.json()) as any).data;
      return (page.data as any[]).some((w) => w.url === url && w.type === 'TRANSACTION');
    }, 15_000).catch((e: Error) => assert.fail(`${e.message}\n${diag(demo)}`));
  });
});
