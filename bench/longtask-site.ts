/**
 * Child process of the long-task benchmark (`bench/longtask.ts` forks it and lowers its priority):
 * the bare page, the built widget's files, the helper (in-memory state) and the gateway sandbox, on
 * one loopback server; and the baseline, the same page without the widget (`/bare`, `/bare.js`). On a buyer's device the storefront's servers do not share the browser's CPUs;
 * here they must, so they run in a process of their own that the parent sets to the lowest priority,
 * apart from the parent's own event loop (the Playwright driver).
 *
 * IPC: the parent sends `{ type: 'files', files: [name, code][] }` (the cdn-esm build); the child
 * answers `{ type: 'ready', origin }`. `{ type: 'cpu' }` -> `{ type: 'cpu', micros }` (CPU time this
 * process has used so far, user + system); `{ type: 'stop' }` closes everything and exits.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBynetCheckout, createMemoryState, toNodeListener } from '../src/server/index.js';
import { startBenchSandbox } from './bench-sandbox.js';

export type SiteMessage =
  | { type: 'ready'; origin: string }
  | { type: 'cpu'; micros: number }
  | { type: 'error'; message: string };

/** The bare page, loading `script`; the same markup for the widget and the baseline. */
const page = (script: string): string => `<!doctype html>
<html lang="pt-BR">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>bench</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${script}"></script>
  </head>
  <body>
    <bynet-checkout endpoint="/api/checkout" product="demo-product"></bynet-checkout>
  </body>
</html>
`;

/** The widget's page (`/`). */
const PAGE = page('/assets/bynet-checkout.js');

/**
 * The baseline (`/bare`): the same page without the widget (`<bynet-checkout>` stays an unknown,
 * inert element); a tiny module file (no inline script) marks it ready two frames after it runs,
 * so the trace covers navigation, parsing, one module and the first frames, as the widget's does.
 */
const BARE_PAGE = page('/bare.js');
/** The attribute `/bare.js` sets on the root element, and the event it fires, when ready (`BARE_READY` in longtask.ts). */
const BARE_READY = 'bench-bare-ready';
const BARE_SCRIPT = `requestAnimationFrame(() => requestAnimationFrame(() => {
  document.documentElement.setAttribute('${BARE_READY}', '');
  document.dispatchEvent(new Event('${BARE_READY}'));
}));
`;

async function start(files: Map<string, string>): Promise<void> {
  const { sandbox: sb, helperOptions } = await startBenchSandbox();
  const helper = createBynetCheckout({ ...helperOptions(), state: createMemoryState() });
  const api = toNodeListener(helper.checkout);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/checkout')) return void api(req, res);
    if (path === '/' || path === '/bare') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(path === '/' ? PAGE : BARE_PAGE);
    }
    const file = path === '/bare.js' ? BARE_SCRIPT : path.startsWith('/assets/') ? files.get(path.slice('/assets/'.length)) : undefined;
    if (file === undefined) {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(file);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.send!({ type: 'ready', origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } satisfies SiteMessage);

  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'cpu') {
      const u = process.cpuUsage();
      process.send!({ type: 'cpu', micros: u.user + u.system } satisfies SiteMessage);
    }
    if (m?.type !== 'stop') return;
    void (async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await helper.close();
      await sb.close();
      process.exit(0);
    })();
  });
}

process.once('message', (m: { type?: string; files?: [string, string][] }) => {
  if (m?.type !== 'files' || !m.files) {
    process.send?.({ type: 'error', message: `expected the files first, got ${JSON.stringify(m?.type)}` } satisfies SiteMessage);
    return void process.exit(1);
  }
  start(new Map(m.files)).catch((e: unknown) => {
    process.send?.({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies SiteMessage);
    process.exit(1);
  });
});
