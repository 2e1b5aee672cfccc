/**
 * The demo (page through Vite's dev middleware, helper, webhook, sandbox) served in THIS process on
 * a free loopback port, with the demo's own back end (`demo/backend.ts`) in quiet mode. It routes
 * exactly as `demo/server.ts` does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createServer as createVite } from 'vite';
import { toNodeListener } from '../src/server/node.js';
import { createDemoBackend } from '../demo/backend.js';
import { freePort } from '../test/e2e/support/demo.js';

export interface InProcessDemo {
  origin: string;
  close(): Promise<void>;
}

export async function startInProcessDemo(): Promise<InProcessDemo> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const backend = createDemoBackend({ origin, quiet: true, env: { ...process.env, BYNET_API_KEY: '' } });
  const vite = await createVite({
    root,
    configFile: false,
    appType: 'custom',
    logLevel: 'silent',
    server: { middlewareMode: true, hmr: false },
  });
  const api = toNodeListener(
    (req) =>
      backend.handle(req) ??
      Promise.resolve(Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 })),
  );
  const indexHtml = fileURLToPath(new URL('../demo/index.html', import.meta.url));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/') || path === '/sandbox' || path.startsWith('/sandbox/')) {
      api(req, res);
      return;
    }
    if (path === '/' || path === '/index.html') {
      void (async () => {
        try {
          const html = await vite.transformIndexHtml(req.url ?? '/', await readFile(indexHtml, 'utf8'));
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
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  if ((server.address() as AddressInfo).port !== port) throw new Error('demo server: unexpected port');
  return {
    origin,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vite.close();
      await backend.close();
    },
  };
}
