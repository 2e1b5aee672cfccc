/**
 * `npm run demo`: the demo page, the shop's order page, the helper, the webhook route and the
 * sandbox on one port (http://127.0.0.1:5173 by default; PORT and HOST to change). With
 * BYNET_SANDBOX_URL the sandbox runs as its own process (`npm run sandbox`) and /sandbox/* is
 * forwarded to it (see backend.ts for every variable). `startDemoServer()` does the same
 * in-process (benchmarks).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createServer as createVite } from 'vite';
import { toNodeListener } from '../src/server/node.js';
import { DemoConfigError, ORDERS_JSON_PATH, ORDERS_PAGE_PATH, createDemoBackend } from './backend.js';
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

export async function startDemoServer(o: DemoServerOptions = {}): Promise<DemoServer> {
  const host = o.host ?? '127.0.0.1';
  const root = fileURLToPath(new URL('..', import.meta.url));
  // Requests that arrive while Vite and the back end are still starting wait for them.
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
  const vite = await createVite({
    root,
    configFile: false,
    appType: 'custom',
    logLevel: o.quiet ? 'silent' : 'warn',
    // no Vite client socket: it would reload the page when the demo restarts (hiding what the
    // widget itself does after a crash), and a fixed socket port would fail a second demo
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  const notFound = () => Promise.resolve(Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 }));
  // One listener per request, so that a Response whose connection must be lost (the sandbox's
  // "answer lost" faults) can destroy this request's socket instead of being written.
  const api = (req: IncomingMessage, res: ServerResponse) =>
    toNodeListener(async (request) => {
      const response = await (backend.handle(request) ?? notFound());
      if (mustDropConnection(response)) {
        await response.body?.cancel().catch(() => undefined);
        req.socket.destroy();
      }
      return response;
    })(req, res);
  const indexHtml = fileURLToPath(new URL('./index.html', import.meta.url));
  const ordersHtml = fileURLToPath(new URL('./orders.html', import.meta.url));

  const servePage = (req: IncomingMessage, res: ServerResponse, file: string, edit: (page: string) => string = (p) => p) => {
    void (async () => {
      try {
        const page = edit(await readFile(file, 'utf8'));
        // without Vite's client (no socket, see above): the page reloads only when the buyer does
        const html = (await vite.transformIndexHtml(req.url ?? '/', page)).replace(/<script type="module" src="\/@vite\/client"><\/script>\s*/, '');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`demo page failed: ${(err as Error).message}`);
      }
    })();
  };

  onRequest = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/') || path === '/sandbox' || path.startsWith('/sandbox/') || path === ORDERS_JSON_PATH) {
      void api(req, res);
      return;
    }
    if (path === ORDERS_PAGE_PATH) {
      servePage(req, res, ordersHtml);
      return;
    }
    if (path === '/' || path === '/index.html') {
      servePage(req, res, indexHtml, (page) =>
        backend.mode === 'live'
          ? // on the live gateway: say so, and drop the sandbox panel (its control routes do not exist)
            page
              .replace(/(<span id="mode-note"[^>]*>)[^<]*/, '$1Este demo usa o gateway Bynet real: os pagamentos são reais.')
              .replace('<section class="panel" id="sandbox-panel"', '<section class="panel" id="sandbox-panel" hidden')
          : page,
      );
      return;
    }
    vite.middlewares(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found');
    });
  };
  setReady();

  return {
    origin,
    mode: backend.mode,
    sandbox: backend.sandbox,
    gatewayUrl: backend.gatewayUrl,
    dataDir: backend.dataDir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vite.close();
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
  console.log(`bynet-checkout demo (${demo.mode}) at ${demo.origin}/`);
  console.log(`  shop orders (onPaymentUpdate) at ${demo.origin}${ORDERS_PAGE_PATH} (JSON: ${ORDERS_JSON_PATH})`);
  if (demo.sandbox === 'embedded') {
    console.log(`  sandbox gateway at ${demo.origin}/sandbox (control routes under /sandbox/__sandbox/)`);
  } else if (demo.sandbox === 'external') {
    console.log(`  sandbox gateway at ${demo.gatewayUrl} (external; ${demo.origin}/sandbox/* is forwarded to it)`);
    void checkExternalSandbox(demo.gatewayUrl);
  }
  console.log(`  data (helper state, order book) in ${demo.dataDir}`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
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
