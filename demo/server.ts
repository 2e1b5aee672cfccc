/**
 * `npm run demo`: the demo page, the helper, the webhook route and the sandbox on one port
 * (http://127.0.0.1:5173 by default; PORT and HOST to change).
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createServer as createVite } from 'vite';
import { toNodeListener } from '../src/server/node.js';
import { createDemoBackend } from './backend.js';

const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
const root = fileURLToPath(new URL('..', import.meta.url));
const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

const backend = createDemoBackend({ origin });
const vite = await createVite({
  root,
  configFile: false,
  appType: 'custom',
  logLevel: 'warn',
  server: { middlewareMode: true, hmr: false },
});

const api = toNodeListener(
  (req) =>
    backend.handle(req) ??
    Promise.resolve(Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 })),
);

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path.startsWith('/api/') || path === '/sandbox' || path.startsWith('/sandbox/')) {
    void api(req, res);
    return;
  }
  if (path === '/' || path === '/index.html') {
    void (async () => {
      try {
        const html = await readFile(new URL('./index.html', import.meta.url), 'utf8');
        const out = await vite.transformIndexHtml(req.url ?? '/', html);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(out);
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

server.listen(port, host, () => {
  console.log(`bynet-checkout demo (${backend.mode}) at ${origin}/`);
  if (backend.mode === 'sandbox') console.log(`  sandbox gateway at ${origin}/sandbox (control routes under /sandbox/__sandbox/)`);
});

const stop = async () => {
  server.close();
  await vite.close();
  await backend.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
