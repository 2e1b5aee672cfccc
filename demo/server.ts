/**
 * `npm run demo`: the demo page, the helper, the webhook route and the sandbox on one port
 * (http://127.0.0.1:5173 by default; PORT and HOST to change). `startDemoServer()` does the same
 * in-process (benchmarks).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createServer as createVite } from 'vite';
import { toNodeListener } from '../src/server/node.js';
import { createDemoBackend } from './backend.js';

export interface DemoServer {
  origin: string;
  mode: 'sandbox' | 'live';
  close(): Promise<void>;
}

export interface DemoServerOptions {
  port?: number;
  host?: string;
  /** Silence the helper's, sandbox's and Vite's logs. */
  quiet?: boolean;
  env?: NodeJS.ProcessEnv;
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

  const backend = createDemoBackend({ origin, quiet: o.quiet ?? false, env: o.env ?? process.env });
  const vite = await createVite({
    root,
    configFile: false,
    appType: 'custom',
    logLevel: o.quiet ? 'silent' : 'warn',
    server: { middlewareMode: true, hmr: false },
  });
  const api = toNodeListener(
    (req) =>
      backend.handle(req) ??
      Promise.resolve(Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 })),
  );
  const indexHtml = fileURLToPath(new URL('./index.html', import.meta.url));

  onRequest = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/') || path === '/sandbox' || path.startsWith('/sandbox/')) {
      void api(req, res);
      return;
    }
    if (path === '/' || path === '/index.html') {
      void (async () => {
        try {
          let page = await readFile(indexHtml, 'utf8');
          if (backend.mode === 'live') {
            // on the live gateway: say so, and drop the sandbox panel (its control routes do not exist)
            page = page
              .replace(/(<span id="mode-note"[^>]*>)[^<]*/, '$1Este demo usa o gateway Bynet real: os pagamentos são reais.')
              .replace('<section class="panel" id="sandbox-panel"', '<section class="panel" id="sandbox-panel" hidden');
          }
          const html = await vite.transformIndexHtml(req.url ?? '/', page);
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(html);
        } catch (err) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`demo page failed: ${(err as Error).message}`);
        }
      })();
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
  const demo = await startDemoServer({ port: Number(process.env.PORT ?? 5173), host: process.env.HOST ?? '127.0.0.1' });
  console.log(`bynet-checkout demo (${demo.mode}) at ${demo.origin}/`);
  if (demo.mode === 'sandbox') console.log(`  sandbox gateway at ${demo.origin}/sandbox (control routes under /sandbox/__sandbox/)`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
