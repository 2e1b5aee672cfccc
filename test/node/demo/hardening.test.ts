/**
 * `npm run demo` as shipped, attacked from outside (issue 11, item 9 and the demo's per-IP limits):
 * one real demo process (embedded sandbox, the helper's DEFAULT rate limits: no
 * BYNET_DEMO_TEST_LIMITS), talked to over HTTP from 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SANDBOX_KEY, Shopper, diag, eventually, freePort, killAll, startDemoProcess, startSandboxProcess, tempDir } from './support.js';
import type { DemoProc } from './support.js';

/** A raw GET with the target exactly as given (fetch would normalise `..` and `%2e`). */
function rawGet(origin: string, target: string): Promise<{ status: number; body: string }> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method: 'GET', path: target }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SECURITY_HEADERS = (h: Headers, what: string) => {
  const csp = h.get('content-security-policy') ?? '';
  assert.ok(csp, `${what}: a Content-Security-Policy`);
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  assert.deepEqual(directives.get('default-src'), ["'none'"], `${what}: default-src 'none'`);
  assert.deepEqual(directives.get('script-src'), ["'self'"], `${what}: script-src 'self' only`);
  assert.deepEqual(directives.get('style-src'), ["'self'"], `${what}: style-src 'self' only`);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], `${what}: frame-ancestors 'none'`);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.deepEqual(directives.get('connect-src'), ["'self'"]);
  assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/.test(csp), `${what}: nothing unsafe in ${csp}`);
  assert.equal(h.get('x-frame-options'), 'DENY', what);
  assert.match(h.get('referrer-policy') ?? '', /^(no-referrer|strict-origin|strict-origin-when-cross-origin|same-origin)$/, what);
  assert.equal(h.get('x-content-type-options'), 'nosniff', what);
  const pp = h.get('permissions-policy') ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) assert.ok(pp.includes(`${feature}=()`), `${what}: ${feature}=() in ${pp}`);
};

describe('the demo as shipped: per-IP limits, a built page with security headers, a closed sandbox panel', { timeout: 240_000 }, () => {
  let demo: DemoProc;
  let shop: Shopper;

  before(async () => {
    // no BYNET_DEMO_TEST_LIMITS: the helper's default limits, as `npm run demo` runs
    demo = await startDemoProcess({ port: await freePort(), dataDir: tempDir(), env: { BYNET_DEMO_TEST_LIMITS: '' } });
    shop = new Shopper(demo.origin);
  });
  after(async () => {
    await killAll();
  });

  describe('the pages: the built widget, nothing else, with security headers', () => {
    let index: string;
    let indexHeaders: Headers;

    before(async () => {
      const res = await fetch(`${demo.origin}/`, { signal: AbortSignal.timeout(60_000) });
      assert.equal(res.status, 200, diag(demo));
      indexHeaders = res.headers;
      index = await res.text();
    });

    it('`/` carries a strict CSP (no unsafe-inline, no unsafe-eval), frame-ancestors none, Referrer-Policy, nosniff, Permissions-Policy', async () => {
      SECURITY_HEADERS(indexHeaders, '/');
      assert.equal(indexHeaders.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(indexHeaders.get('cache-control'), 'no-store');
      await eventually('the build time line', async () => /pages built in \d+(\.\d)? s/.test(demo.output()), 10_000);
    });

    it('`/demo/orders` carries the same headers', async () => {
      const res = await fetch(`${demo.origin}/demo/orders`);
      assert.equal(res.status, 200);
      SECURITY_HEADERS(res.headers, '/demo/orders');
      assert.match(await res.text(), /<title>bynet-checkout · pedidos da loja<\/title>/);
    });

    it('the page is the build: no inline script or style, only /demo/assets/* files, Lit in production mode, no Vite client', async () => {
      assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(index), 'no inline <script>');
      assert.ok(!/<style\b/i.test(index), 'no <style> element');
      assert.ok(!/\sstyle=/i.test(index), 'no style attribute');
      assert.ok(!/\son[a-z]+=/i.test(index), 'no inline event handler');
      assert.ok(!index.includes('/@vite/client') && !index.includes('/demo/main.ts') && !index.includes('/src/'), 'no dev-server module');
      const refs = [...index.matchAll(/(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]!).filter((r) => r !== '/demo/orders');
      assert.ok(refs.some((r) => r.endsWith('.js')) && refs.some((r) => r.endsWith('.css')), refs.join(' '));
      for (const ref of refs) {
        assert.ok(ref.startsWith('/demo/assets/'), ref);
        const res = await fetch(`${demo.origin}${ref}`);
        assert.equal(res.status, 200, ref);
        assert.match(res.headers.get('content-type') ?? '', ref.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.match(res.headers.get('cache-control') ?? '', /immutable/);
        const body = await res.text();
        assert.ok(!/Lit is in dev mode/.test(body), `${ref}: Lit's production build`);
        assert.ok(!/sourceMappingURL/.test(body), `${ref}: no source map`);
      }
    });

    it('nothing under /src, /node_modules or the demo\'s own sources and data is served', async () => {
      const targets = [
        '/src/server/handler.ts',
        '/src/server/index.ts',
        '/src/index.ts',
        '/node_modules/lit/package.json',
        '/node_modules/.vite/deps/lit.js',
        '/node_modules/vite/package.json',
        '/@vite/client',
        '/@fs/etc/passwd',
        '/@id/lit',
        '/demo/main.ts',
        '/demo/backend.ts',
        '/demo/index.html',
        '/demo/demo.css',
        '/package.json',
        '/.demo-data/token-secret',
        '/demo/assets/../../src/server/handler.ts',
        '/demo/assets/%2e%2e/%2e%2e/src/server/handler.ts',
        '/demo/assets/..%2f..%2fsrc%2fserver%2fhandler.ts',
        '/src/server/handler.ts?import',
        '/src/server/handler.ts?raw',
      ];
      for (const target of targets) {
        const r = await rawGet(demo.origin, target);
        assert.equal(r.status, 404, `${target} answered ${r.status}`);
        assert.ok(!/createBynetCheckout|import |"dependencies"/.test(r.body), `${target} leaked: ${r.body.slice(0, 80)}`);
      }
    });

    it('pages answer GET and HEAD only', async () => {
      const post = await fetch(`${demo.origin}/`, { method: 'POST', body: 'x' });
      assert.equal(post.status, 405);
      const head = await fetch(`${demo.origin}/`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      SECURITY_HEADERS(head.headers, 'HEAD /');
    });
  });

  describe('the sandbox control routes through the demo', () => {
    const control = `/sandbox/__sandbox`;

    it('a cross-site text/plain POST is refused (403), and adds no fault', async () => {
      const res = await fetch(`${demo.origin}${control}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        body: JSON.stringify({ route: '*', status: 503 }),
      });
      assert.equal(res.status, 403);
      const faults = (await (await fetch(`${demo.origin}${control}/faults`)).json()) as { faults: unknown[] };
      assert.deepEqual(faults.faults, []);
    });

    it('a same-origin text/plain POST is refused (415)', async () => {
      const res = await fetch(`${demo.origin}${control}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: demo.origin, 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ route: '*', status: 503 }),
      });
      assert.equal(res.status, 415);
    });

    it('the call log and state (buyers\' payment ids) are refused to other origins, served to the page\'s own and to server-side callers', async () => {
      for (const path of ['calls', 'state']) {
        assert.equal((await fetch(`${demo.origin}${control}/${path}`, { headers: { origin: 'https://evil.example' } })).status, 403, path);
        assert.equal((await fetch(`${demo.origin}${control}/${path}`, { headers: { 'sec-fetch-site': 'cross-site' } })).status, 403, path);
        assert.equal((await fetch(`${demo.origin}${control}/${path}`, { headers: { origin: demo.origin, 'sec-fetch-site': 'same-origin' } })).status, 200, path);
        assert.equal((await fetch(`${demo.origin}${control}/${path}`)).status, 200, path);
      }
    });

    it('the page\'s own JSON POST works (same origin)', async () => {
      const res = await fetch(`${demo.origin}${control}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: demo.origin, 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ route: 'GET /api/nothing', status: 503 }),
      });
      assert.equal(res.status, 201, await res.text());
      assert.equal((await fetch(`${demo.origin}${control}/faults`, { method: 'DELETE', headers: { origin: demo.origin } })).status, 200);
    });
  });

  // last: it spends this address's budget
  describe('per-IP limits with the helper\'s defaults', () => {
    it('400 requests from one address: the first 300 pass, the rest get 429 with Retry-After; a spoofed X-Forwarded-For does not help', async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      // 10 at a time, in order of sending
      for (let i = 0; i < 400; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, async () => {
            const res = await fetch(`${demo.origin}/api/checkout/config?product=demo-product`);
            await res.arrayBuffer();
            if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
            return res.status;
          }),
        );
        statuses.push(...batch);
      }
      const limited = statuses.filter((s) => s === 429).length;
      assert.ok(limited >= 95, `429s: ${limited} of 400 (${JSON.stringify(countBy(statuses))})\n${diag(demo)}`);
      assert.ok(statuses.slice(0, 290).every((s) => s === 200), `the first requests pass: ${JSON.stringify(countBy(statuses.slice(0, 290)))}`);
      assert.match(retryAfter ?? '', /^\d+$/);
      // after the limit, 50 requests each claiming another client address are still refused
      for (let i = 0; i < 50; i++) {
        const r = await shop.call('GET', '/config?product=demo-product').catch(() => undefined);
        assert.equal(r?.status, 429);
        const spoofed = await fetch(`${demo.origin}/api/checkout/config?product=demo-product`, {
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}`, 'x-real-ip': `198.51.100.${i + 1}`, forwarded: `for=192.0.2.${i + 1}` },
        });
        await spoofed.arrayBuffer();
        assert.equal(spoofed.status, 429, `spoofed request ${i}`);
      }
    });
  });
});

describe('the demo in live mode (a gateway that is a sandbox process): per-IP limits too', { timeout: 180_000 }, () => {
  after(async () => {
    await killAll();
  });

  it('400 requests from one address get 429s; the page keeps its headers, hides the sandbox panel and allows https logos', async () => {
    const gateway = await startSandboxProcess();
    const demo = await startDemoProcess({
      port: await freePort(),
      dataDir: tempDir(),
      env: { BYNET_DEMO_TEST_LIMITS: '', BYNET_API_KEY: SANDBOX_KEY, BYNET_BASE_URL: gateway.url, BYNET_HOSTNAME: '127.0.0.1' },
    });
    assert.match(demo.output(), /demo \(live\)/, diag(demo));
    const page = await fetch(`${demo.origin}/`, { signal: AbortSignal.timeout(60_000) });
    assert.equal(page.status, 200);
    SECURITY_HEADERS(page.headers, 'live /');
    assert.match(page.headers.get('content-security-policy')!, /img-src 'self' data: https:(;|$)/);
    assert.match(await page.text(), /id="sandbox-panel" hidden/);
    const statuses: number[] = [];
    for (let i = 0; i < 400; i += 20) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, async () => {
            const res = await fetch(`${demo.origin}/api/checkout/config?product=demo-product`);
            await res.arrayBuffer();
            return res.status;
          }),
        )),
      );
    }
    const limited = statuses.filter((s) => s === 429).length;
    assert.ok(limited >= 95, `429s: ${limited} of 400 (${JSON.stringify(countBy(statuses))})\n${diag(demo, gateway)}`);
    assert.equal(statuses.filter((s) => s === 200).length, 400 - limited, JSON.stringify(countBy(statuses)));
  });
});

function countBy(xs: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
