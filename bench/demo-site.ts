/**
 * Child process of the ready benchmark (`startForkedDemo` in bench/demo-server.ts forks it and
 * lowers its priority): the demo (production page build, helper, webhook, sandbox) on a free
 * loopback port. On a buyer's device the store's servers do not share the browser's CPUs; here they
 * must, so they run apart from the Playwright driver, at the lowest priority.
 *
 * IPC: answers `{ type: 'ready', origin }` once serving; `{ type: 'stop' }` closes it and exits.
 */
import { startInProcessDemo } from './demo-server.js';

export type DemoSiteMessage = { type: 'ready'; origin: string } | { type: 'error'; message: string };

startInProcessDemo().then(
  (demo) => {
    process.send!({ type: 'ready', origin: demo.origin } satisfies DemoSiteMessage);
    process.on('message', (m: { type?: string }) => {
      if (m?.type !== 'stop') return;
      void demo.close().finally(() => process.exit(0));
    });
  },
  (e: unknown) => {
    process.send?.({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies DemoSiteMessage);
    process.exit(1);
  },
);
