/**
 * `npm run demo`: the demo page, the shop's order page, the merchant console (/console), the
 * helper, the webhook route and the sandbox on one port (http://127.0.0.1:5173 by default; PORT and HOST to change). With
 * BYNET_SANDBOX_URL the sandbox runs as its own process (`npm run sandbox`) and /sandbox/* is
 * forwarded to it (see backend.ts for every variable). `startDemoServer()` does the same
 * in-process (benchmarks).
 *
 * The pages are production files built on start (page-build.ts: `vite build` of demo/index.html,
 * demo/orders.html and demo/console.html, about 3 s, in the background: the API answers at once, a page request
 * waits for the build). Only those files are served, with a strict Content-Security-Policy and
 * the other security headers of `securityHeaders()`; nothing under /src or /node_modules is
 * reachable. The helper gets each request's socket address, so its per-IP limits apply.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { toNodeListener } from '../src/server/node.js';
import { CONSOLE_PAGE_PATH, DemoConfigError, ORDERS_JSON_PATH, ORDERS_PAGE_PATH, createDemoBackend } from './backend.js';
import { PAGE_ASSETS_PREFIX, buildDemoPages, securityHeaders } from './page-build.js';
import type { BuiltPages } from './page-build.js';
import { mustDropConnection } from './sandbox-proxy.js';

export interface DemoServer {
  origin: string;
  mode: 'sandbox' | 'live';
  /** Where the sandbox runs: in this process, in another one (BYNET_SANDBOX_URL), or nowhere (live). */
  sandbox: 'embedded' | 'external' | 'none';
  /** The gateway base URL the helper calls. */
  gatewayUrl: string;
  /** Absolute folder of the demo's files (helper state + order book). */
  dataDir: string;
  /** Settles when the pages are built (`ms`: how long it took); rejects when the build failed. */
  pages: Promise<{ ms: number }>;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  port?: number;
  host?: string;
  /** Silence the helper's, sandbox's and Vite's logs. */
  quiet?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Overrides BYNET_DEMO_DATA_DIR (benchmarks and tests that must not share `.demo-data`). */
  dataDir?: string;
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...securityHeaders(), 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(text);
}

export async function startDemoServer(o: DemoServerOptions = {}): Promise<DemoServer> {
  const host = o.host ?? '127.0.0.1';
  // Requests that arrive while the back end is still starting wait for it.
  let onRequest: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let setReady!: () => void;
  const ready = new Promise<void>((resolve) => (setReady = resolve));
  const server = createServer((req, res) => {
    if (onRequest) onRequest(req, res);
    else void ready.then(() => onRequest!(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  let backend: ReturnType<typeof createDemoBackend>;
  try {
    backend = createDemoBackend({ origin, quiet: o.quiet ?? false, env: o.env ?? process.env, ...(o.dataDir ? { dataDir: o.dataDir } : {}) });
  } catch (e) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw e;
  }
  // the pages build in the background: the API (tests, the helper's webhook) answers meanwhile
  const built: Promise<BuiltPages> = buildDemoPages({ quiet: o.quiet ?? false });
  built.catch(() => undefined); // reported through `pages` and to each page request

  const headers = securityHeaders({ remoteImages: backend.mode === 'live' });
  const notFound = () => Promise.resolve(Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 }));
  // One listener per request, so that a Response whose connection must be lost (the sandbox's
  // "answer lost" faults) can destroy this request's socket instead of being written. `info`
  // carries the socket's address (the demo is not behind a proxy): the helper's per-IP limits.
  const api = (req: IncomingMessage, res: ServerResponse) =>
    toNodeListener(async (request, info) => {
      const response = await (backend.handle(request, info) ?? notFound());
      if (mustDropConnection(response)) {
        await response.body?.cancel().catch(() => undefined);
        req.socket.destroy();
      }
      return response;
    })(req, res);

  const livePage = (page: string) =>
    backend.mode === 'live'
      ? // on the live gateway: say so, and drop the sandbox panel (its control routes do not exist)
        page
          .replace(/(<span id="mode-note"[^>]*>)[^<]*/, '$1Este demo usa o gateway Bynet real: os pagamentos são reais.')
          .replace('<section class="panel" id="sandbox-panel"', '<section class="panel" id="sandbox-panel" hidden')
      : page;

  /** A built page or asset; `undefined` when `path` is none of them. */
  const builtFile = (pages: BuiltPages, path: string): { body: string | Buffer; type: string; cache: string } | undefined => {
    if (path === '/' || path === '/index.html') return { body: livePage(pages.index), type: 'text/html; charset=utf-8', cache: 'no-store' };
    if (path === ORDERS_PAGE_PATH) return { body: pages.orders, type: 'text/html; charset=utf-8', cache: 'no-store' };
    if (path === CONSOLE_PAGE_PATH) return { body: pages.console, type: 'text/html; charset=utf-8', cache: 'no-store' };
    const asset = path.startsWith(PAGE_ASSETS_PREFIX) ? pages.assets.get(path) : undefined;
    if (asset) return { body: asset.body, type: asset.type, cache: asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache' };
    return undefined;
  };

  const servePage = (req: IncomingMessage, res: ServerResponse, path: string) => {
    void (async () => {
      let pages: BuiltPages;
      try {
        pages = await built;
      } catch (err) {
        sendText(res, 500, `demo page build failed: ${(err as Error).message}`);
        return;
      }
      const file = builtFile(pages, path);
      if (!file) {
        sendText(res, 404, 'Not found');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendText(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
        return;
      }
      res.writeHead(200, {
        ...headers,
        'content-type': file.type,
        'cache-control': file.cache,
        'content-length': String(Buffer.byteLength(file.body)),
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })();
  };

  onRequest = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/') || path === '/sandbox' || path.startsWith('/sandbox/') || path === ORDERS_JSON_PATH) {
      void api(req, res);
      return;
    }
    if (path === '/' || path === '/index.html' || path === ORDERS_PAGE_PATH || path === CONSOLE_PAGE_PATH || path.startsWith(PAGE_ASSETS_PREFIX)) {
      servePage(req, res, path);
      return;
    }
    // nothing else: no /src, no /node_modules, no directory listing
    sendText(res, 404, 'Not found');
  };
  setReady();

  return {
    origin,
    mode: backend.mode,
    sandbox: backend.sandbox,
    gatewayUrl: backend.gatewayUrl,
    dataDir: backend.dataDir,
    pages: built.then((p) => ({ ms: p.ms })),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.catch(() => undefined);
      await backend.close();
    },
  };
}

// `tsx demo/server.ts` (npm run demo)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let demo: DemoServer;
  try {
    demo = await startDemoServer({ port: Number(process.env.PORT ?? 5173), host: process.env.HOST ?? '127.0.0.1' });
  } catch (e) {
    if (!(e instanceof DemoConfigError)) throw e;
    console.error(`bynet-checkout demo: ${e.message}`);
    process.exit(1);
  }
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log(`bynet-checkout demo (${demo.mode}) at ${demo.origin}/`);
  console.log(`  shop orders (onPaymentUpdate) at ${demo.origin}${ORDERS_PAGE_PATH} (JSON: ${ORDERS_JSON_PATH})`);
  console.log(`  merchant console at ${demo.origin}${CONSOLE_PAGE_PATH} (admin routes at /api/admin, demo-only authorization)`);
  if (demo.sandbox === 'embedded') {
    console.log(`  sandbox gateway at ${demo.origin}/sandbox (control routes under /sandbox/__sandbox/)`);
  } else if (demo.sandbox === 'external') {
    console.log(`  sandbox gateway at ${demo.gatewayUrl} (external; ${demo.origin}/sandbox/* is forwarded to it)`);
    void checkExternalSandbox(demo.gatewayUrl);
  }
  console.log(`  data (helper state, order book) in ${demo.dataDir}`);
  console.log('  building the pages (vite build; a page request waits for it)...');
  try {
    const { ms } = await demo.pages;
    console.log(`bynet-checkout demo: pages built in ${(ms / 1000).toFixed(1)} s`);
  } catch (e) {
    console.error(`bynet-checkout demo: the page build failed: ${(e as Error).message}`);
    await demo.close();
    process.exit(1);
  }
}

/** Warns (does not fail: it may start later) when the external sandbox does not answer. */
async function checkExternalSandbox(url: string): Promise<void> {
  try {
    const res = await fetch(`${url}/__sandbox/state`, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    if (!res.ok) console.warn(`  warning: ${url}/__sandbox/state answered ${res.status}; is BYNET_SANDBOX_URL the sandbox's base URL?`);
  } catch {
    console.warn(`  warning: the sandbox at ${url} does not answer yet (start it with: npm run sandbox)`);
  }
}
