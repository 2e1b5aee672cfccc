/**
 * The demo's pages as production files, built on start: `vite build` of demo/index.html,
 * demo/orders.html and demo/console.html (with demo/main.ts, demo/orders-page.ts,
 * demo/console-page.ts, demo/demo.css and the widget or console they import) into a temp folder,
 * read into memory, folder removed. The demo then serves exactly these files and nothing else: no
 * Vite dev server, no /src/**, no /node_modules/**, the production build of Lit, no source maps.
 *
 * Every built file is served with the demo's security headers (`securityHeaders()`): a strict
 * Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval' (the widget needs neither),
 * frame-ancestors 'none', Referrer-Policy, nosniff and a restrictive Permissions-Policy.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

/** The URL path the built assets (JS chunks, CSS) are served under. */
export const PAGE_ASSETS_PREFIX = '/demo/assets/';

/**
 * The policy of every page the demo serves. The widget renders under it with no violation
 * (constructable stylesheets, no inline script or style, no eval); the sandbox panel and the order
 * page only fetch their own origin. `remoteImages` (live mode): the merchant logo of the gateway's
 * checkout layout may come from any https host.
 */
export const contentSecurityPolicy = (o: { remoteImages?: boolean } = {}): string => [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // data: for the favicon placeholder and any small image Vite inlines; on the sandbox the logo
  // is the sandbox's own /sandbox/assets/logo.svg
  o.remoteImages ? "img-src 'self' data: https:" : "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Powerful features the demo never uses: none of them for the page or anything it frames. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'serial=()',
  'usb=()',
  // the PIX "copy code" button writes to the clipboard from this page only
  'clipboard-write=(self)',
].join(', ');

/** Headers of every page and asset the demo serves itself (`remoteImages`: see `contentSecurityPolicy`). */
export const securityHeaders = (o: { remoteImages?: boolean } = {}): Record<string, string> => ({
  'content-security-policy': contentSecurityPolicy(o),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'permissions-policy': PERMISSIONS_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

export interface BuiltFile {
  body: Buffer;
  type: string;
  /** Content-hashed file: cacheable for good. */
  immutable: boolean;
}

export interface BuiltPages {
  /** demo/index.html as built (the widget page). */
  index: string;
  /** demo/orders.html as built (the shop's order page). */
  orders: string;
  /** demo/console.html as built (the merchant console). */
  console: string;
  /** Every other built file by URL path (`/demo/assets/...`). */
  assets: ReadonlyMap<string, BuiltFile>;
  /** How long the build took, ms. */
  ms: number;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Builds the demo pages (a few seconds at most); throws when the build fails. */
export async function buildDemoPages(o: { quiet?: boolean } = {}): Promise<BuiltPages> {
  const t0 = performance.now();
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), 'bynet-demo-page-'));
  try {
    const { build } = await import('vite');
    await build({
      root,
      // a small config of its own: the package's vite.config.ts builds the library, not pages
      configFile: false,
      base: '/',
      logLevel: o.quiet ? 'silent' : 'warn',
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: false,
        minify: true,
        assetsDir: 'demo/assets',
        // the pages share demo/demo.css: one stylesheet
        cssCodeSplit: false,
        // no data: URLs for scripts or styles; small images may still be inlined (img-src data:)
        assetsInlineLimit: 4096,
        // the preload helper is a module of its own chunk, never an inline script
        modulePreload: { polyfill: false },
        copyPublicDir: false,
        reportCompressedSize: false,
        rolldownOptions: {
          input: { index: join(root, 'demo/index.html'), orders: join(root, 'demo/orders.html'), console: join(root, 'demo/console.html') },
        },
      },
    });
    const index = readFileSync(join(outDir, 'demo/index.html'), 'utf8');
    const orders = readFileSync(join(outDir, 'demo/orders.html'), 'utf8');
    const consolePage = readFileSync(join(outDir, 'demo/console.html'), 'utf8');
    const assets = new Map<string, BuiltFile>();
    for (const file of walk(outDir)) {
      const rel = relative(outDir, file).split(sep).join('/');
      if (!rel.startsWith('demo/assets/')) continue;
      const type = TYPES[extname(file)];
      if (!type) continue; // nothing the pages need comes in another type
      assets.set(`/${rel}`, { body: readFileSync(file), type, immutable: true });
    }
    return { index, orders, console: consolePage, assets, ms: performance.now() - t0 };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
