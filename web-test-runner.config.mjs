// Browser tests: real headless Chromium (Debian's), TypeScript through esbuild.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';
import { findChromium } from './scripts/find-chromium.mjs';

const commonjs = fromRollup(rollupCommonjs);

// The demo back end (helper + webhook + sandbox), mounted in the test server itself so browser tests
// run "against the demo" on one origin. Loading it needs TypeScript support in Node: run wtr with
// `node --import tsx` (npm test does). Built lazily on the first /api or /sandbox request.
let demoListener;
async function demoBackend(ctx, next) {
  const path = ctx.path;
  if (!(path.startsWith('/api/') || path === '/sandbox' || path.startsWith('/sandbox/'))) return next();
  demoListener ??= (async () => {
    const { createDemoBackend, TEST_RATE_LIMITS } = await import('./demo/backend.ts');
    const { toNodeListener } = await import('./src/server/node.ts');
    // the demo's data (helper state, order book) in a folder of this run's own
    const dataDir = mkdtempSync(join(tmpdir(), 'bynet-wtr-demo-'));
    process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
    const backend = createDemoBackend({ origin: `${ctx.protocol}://${ctx.host}`, quiet: true, env: {}, rateLimit: TEST_RATE_LIMITS, dataDir });
    return toNodeListener(
      (req) => backend.handle(req) ?? Promise.resolve(Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 })),
    );
  })();
  const listener = await demoListener;
  ctx.respond = false;
  await new Promise((resolve) => {
    ctx.res.once('close', resolve);
    ctx.res.once('finish', resolve);
    listener(ctx.req, ctx.res);
  });
}

export default {
  files: ['test/browser/**/*.test.ts'],
  middleware: [demoBackend],
  nodeResolve: { exportConditions: ['development', 'browser'] },
  // `target` stays unset ('auto'): modern Chromium gets .ts compiled and .js (node_modules, dist/)
  // served as it is, so a broken build is not hidden by on-the-fly lowering.
  plugins: [
    // credit-card-type ships CommonJS only; Vite converts it at build time, this does it for tests.
    // React ships CommonJS too (the bynet-checkout/react wrapper's test).
    commonjs({
      include: ['**/node_modules/credit-card-type/**', '**/node_modules/react/**', '**/node_modules/react-dom/**', '**/node_modules/scheduler/**'],
      strictRequires: false,
      requireReturnsDefault: 'preferred',
    }),
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChromium(),
        headless: true,
        args: [
          '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
        ],
      },
    }),
  ],
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countsReporter()],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 240000,
  concurrency: 1,
};
