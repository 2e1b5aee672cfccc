/**
 * The demo's back end on one origin: the merchant helper at /api/checkout, its webhook receiver at
 * /api/webhooks/bynet, the shop's order book at /demo/orders.json, the merchant console's admin
 * routes at /api/admin (sandbox mode only, behind a demo-only authorize hook) with the Pagar.me and
 * Passport customer-list simulators at /sandbox/directories, and (unless BYNET_API_KEY is
 * set) the gateway sandbox at /sandbox: embedded in this process, or forwarded to a sandbox running
 * as its own process (BYNET_SANDBOX_URL), so the helper can be killed and restarted while the
 * "gateway" keeps its state, as in production.
 *
 * The helper is set up like a shop would set it up: durable state on disk, postbacks through a
 * webhook it registers at the gateway, a merchant reference per checkout, a cart priced by the
 * server, and an `onPaymentUpdate` hook that keeps the shop's order book.
 *
 * Environment:
 * - BYNET_API_KEY (+ BYNET_BASE_URL, BYNET_HOSTNAME): talk to the live gateway instead of the
 *   sandbox. BYNET_POSTBACK_URL (optional, live only): the public URL of /api/webhooks/bynet, to
 *   register as the gateway webhook (a 127.0.0.1 URL is never registered at the live gateway).
 * - BYNET_SANDBOX_URL: an external sandbox (`npm run sandbox`), e.g. http://127.0.0.1:4010/sandbox;
 *   BYNET_SANDBOX_KEY is then required. Without it the sandbox is embedded.
 * - BYNET_SANDBOX_KEY: the sandbox's API key (random per start when unset and embedded).
 * - BYNET_TOKEN_SECRET: HMAC secret for checkout tokens (when unset: a random one made on the first
 *   start and kept in `<data dir>/token-secret`, so open checkouts survive a restart).
 * - BYNET_DEMO_DATA_DIR: where the demo keeps its files (default `.demo-data` under the working
 *   directory): the helper's state in `<dir>/helper`, the order book in `<dir>/orders.json`.
 * - BYNET_DEMO_TEST_LIMITS=1: loose per-IP rate limits, for test suites driving many buyers from 127.0.0.1.
 *   Without it the helper's default limits apply per client address (the socket's: the demo is
 *   not behind a proxy), in sandbox and live mode alike.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBynetCheckout, createGatewayClient } from '../src/server/index.js';
import { createAdminHandler } from '../src/server/admin/index.js';
import { createPagarmeDirectory, createPassportDirectory } from '../src/directory/index.js';
import { createDirectorySandboxes, seedConsoleTransactions } from '../src/sandbox/directories/index.js';
import type { CartResolution, RateLimitOptions, RequestInfo } from '../src/server/index.js';
import { createSandbox } from '../src/sandbox/index.js';
import { createOrderBook } from './order-book.js';
import type { OrderBook } from './order-book.js';
import { createSandboxProxy } from './sandbox-proxy.js';

export interface DemoBackend {
  /**
   * Answers /api/checkout/*, /api/webhooks/bynet, /api/admin/* (the console, sandbox only),
   * /demo/orders.json, /sandbox/directories/* (customer-list simulators) and /sandbox/*; `undefined`
   * for anything else. `info.remoteAddress` is the client's address (the socket's: the demo is not
   * behind a proxy), which the helper's per-IP limits count; without it they are skipped.
   */
  handle(req: Request, info?: RequestInfo): Promise<Response> | undefined;
  mode: 'sandbox' | 'live';
  /** Where the sandbox runs: in this process, in another one (BYNET_SANDBOX_URL), or nowhere (live). */
  sandbox: 'embedded' | 'external' | 'none';
  /** The gateway base URL the helper calls. */
  gatewayUrl: string;
  /** Absolute folder of the demo's files (helper state + order book). */
  dataDir: string;
  orders: OrderBook;
  close(): Promise<void>;
}

export interface DemoBackendOptions {
  /** The origin the demo is reachable at, e.g. http://127.0.0.1:5173. */
  origin: string;
  env?: NodeJS.ProcessEnv;
  /** Silence the helper's and sandbox's logs (tests). */
  quiet?: boolean;
  /** The helper's rate limits (default: the helper's defaults). */
  rateLimit?: RateLimitOptions | false;
  /** Overrides BYNET_DEMO_DATA_DIR (test set-ups that must not share the default folder). */
  dataDir?: string;
}

/**
 * Per-IP limits loose enough for test suites, where every buyer comes from 127.0.0.1; the
 * per-checkout limits (card attempts included) keep their production defaults.
 */
export const TEST_RATE_LIMITS: RateLimitOptions = {
  perIp: { limit: 100_000, windowMs: 60_000 },
  paymentsPerIp: { limit: 10_000, windowMs: 600_000 },
};

export const CHECKOUT_BASE = '/api/checkout';
export const WEBHOOK_PATH = '/api/webhooks/bynet';
export const SANDBOX_BASE = '/sandbox';
export const ORDERS_JSON_PATH = '/demo/orders.json';
export const ORDERS_PAGE_PATH = '/demo/orders';
export const DEMO_CART_REF = 'demo-cart';
export const ADMIN_BASE = '/api/admin';
export const CONSOLE_PAGE_PATH = '/console';
/** The Pagar.me and Passport customer-list simulators, next to the gateway sandbox. */
export const DIRECTORIES_BASE = '/sandbox/directories';

/**
 * The console's authorization in the demo, and only there: lets through the requests the browser
 * marks as made by this site's own pages (`Sec-Fetch-Site: same-origin`), 401 for the rest. It
 * proves nothing about who is asking; a shop's `authorize(req)` checks the merchant's session.
 */
export const demoConsoleAuthorize = (req: Request): boolean => req.headers.get('sec-fetch-site') === 'same-origin';

/** The demo's one cart, priced on the server (the browser only names it). */
export const DEMO_CART: CartResolution = {
  title: 'Carrinho: Camiseta Bynet + Caneca',
  items: [
    { title: 'Camiseta Bynet', unitPrice: 4990, quantity: 1 },
    { title: 'Caneca Bynet', unitPrice: 2990, quantity: 1 },
  ],
  methods: ['PIX', 'BOLETO', 'CREDIT_CARD'],
  maxInstallments: 12,
};

/** A short random suffix for the demo's merchant references. */
const shortId = () => randomBytes(5).toString('hex');

/** Thrown for a demo configuration that cannot work; `npm run demo` prints the message and exits. */
export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
}

function externalSandboxUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new DemoConfigError(`BYNET_SANDBOX_URL must be an absolute URL like http://127.0.0.1:4010/sandbox (got "${raw}").`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new DemoConfigError('BYNET_SANDBOX_URL must be an http(s) URL.');
  if (u.username || u.password || u.search || u.hash) throw new DemoConfigError('BYNET_SANDBOX_URL must not carry credentials, a query or a fragment.');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/**
 * Without BYNET_TOKEN_SECRET: a random secret made on the first start and kept next to the
 * helper's state, so the checkout tokens of open checkouts stay valid when the demo restarts
 * (its payments survive a restart; the buyers' tokens must too).
 */
function demoTokenSecret(file: string): string {
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function createDemoBackend(o: DemoBackendOptions): DemoBackend {
  const env = o.env ?? process.env;
  const live = Boolean(env.BYNET_API_KEY);
  const external = !live && Boolean(env.BYNET_SANDBOX_URL);
  if (env.BYNET_API_KEY && env.BYNET_SANDBOX_URL) {
    throw new DemoConfigError('Set either BYNET_API_KEY (live gateway) or BYNET_SANDBOX_URL (external sandbox), not both.');
  }
  if (external && !env.BYNET_SANDBOX_KEY) {
    throw new DemoConfigError(
      'BYNET_SANDBOX_URL is set but BYNET_SANDBOX_KEY is not: set it to the API key the external sandbox was started with (npm run sandbox reads the same variable).',
    );
  }
  const sandboxUrl = external ? externalSandboxUrl(env.BYNET_SANDBOX_URL!) : `${o.origin}${SANDBOX_BASE}`;
  const sandboxKey = env.BYNET_SANDBOX_KEY || randomUUID();
  const quietLog = o.quiet ? () => {} : undefined;

  const hostname = live ? (env.BYNET_HOSTNAME ?? '') : new URL(o.origin).hostname;
  if (live && !hostname) throw new DemoConfigError('BYNET_HOSTNAME is required with BYNET_API_KEY (the checkout domain registered at Bynet).');

  // Embedded: no global `postbackUrl` on the sandbox. Postbacks reach the helper only through the
  // TRANSACTION webhook the helper registers (registerWebhook), as with the real gateway.
  const sandbox =
    live || external
      ? undefined
      : createSandbox({
          apiKey: sandboxKey,
          basePath: SANDBOX_BASE,
          publicUrl: sandboxUrl,
          ...(quietLog ? { log: quietLog } : {}),
        });
  const proxy = external ? createSandboxProxy({ target: sandboxUrl, prefix: SANDBOX_BASE }) : undefined;

  const dataDir = resolve(o.dataDir ?? (env.BYNET_DEMO_DATA_DIR || '.demo-data'));
  const helperDir = join(dataDir, 'helper');
  if (!live && !external) {
    // the embedded sandbox (the "gateway") starts empty on every run: so do the helper's records
    // and the order book, or they would describe payments this gateway never held. Run
    // `npm run sandbox` and point BYNET_SANDBOX_URL at it to keep everything across restarts.
    rmSync(helperDir, { recursive: true, force: true });
    rmSync(join(dataDir, 'orders.json'), { force: true });
  }
  mkdirSync(helperDir, { recursive: true });
  const tokenSecret = env.BYNET_TOKEN_SECRET || demoTokenSecret(join(dataDir, 'token-secret'));
  const orders = createOrderBook({ file: join(dataDir, 'orders.json'), ...(quietLog ? { warn: quietLog } : {}) });

  // The webhook: on the sandbox, this origin (the sandbox posts to it); on the live gateway only an
  // explicitly given public URL (a loopback URL registered there would never be reached).
  const postbackUrl = live ? env.BYNET_POSTBACK_URL || undefined : `${o.origin}${WEBHOOK_PATH}`;

  const helper = createBynetCheckout({
    apiKey: live ? env.BYNET_API_KEY! : sandboxKey,
    ...(live ? (env.BYNET_BASE_URL ? { baseUrl: env.BYNET_BASE_URL } : {}) : { baseUrl: sandboxUrl }),
    hostname,
    tokenSecret,
    basePath: CHECKOUT_BASE,
    installments: { interestFreeUpTo: 3, monthlyInterestRate: 0.0299, minInstallmentAmount: 400 },
    dataDir: helperDir,
    ...(postbackUrl ? { postbackUrl, registerWebhook: true } : { registerWebhook: false }),
    resolveCart: (ref) => (ref === DEMO_CART_REF ? structuredClone(DEMO_CART) : null),
    // the shop's own reference, signed into the checkout token and echoed by onPaymentUpdate
    merchantRef: (_req, checkout) => (checkout.kind === 'cart' ? `pedido-${shortId()}` : `loja-demo-${shortId()}`),
    onPaymentUpdate: (update) => orders.record(update),
    ...(o.rateLimit !== undefined ? { rateLimit: o.rateLimit } : env.BYNET_DEMO_TEST_LIMITS === '1' ? { rateLimit: TEST_RATE_LIMITS } : {}),
    ...(quietLog ? { logger: false as const } : {}),
  });

  // The merchant console (sandbox only: the demo's authorization is no guard for live data): the
  // admin routes over the same gateway, plus the Pagar.me and Passport simulators as two more
  // customer directories, reached over HTTP like the real providers.
  const directorySims = live ? undefined : createDirectorySandboxes();
  const admin = live
    ? undefined
    : createAdminHandler({
        gateway: createGatewayClient({ apiKey: sandboxKey, baseUrl: sandboxUrl }),
        authorize: demoConsoleAuthorize,
        basePath: ADMIN_BASE,
        directories: {
          pagarme: createPagarmeDirectory({ apiKey: directorySims!.pagarmeKey, baseUrl: `${o.origin}${DIRECTORIES_BASE}/pagarme/1` }),
          passport: createPassportDirectory({ token: directorySims!.passportToken, baseUrl: `${o.origin}${DIRECTORIES_BASE}/passport/v1` }),
        },
        secrets: [sandboxKey, directorySims!.pagarmeKey, directorySims!.passportToken],
        ...(o.rateLimit === false ? { rateLimit: false as const } : {}),
        ...(quietLog ? { logger: false as const } : {}),
      });
  // Seeded transactions for the console, made in the embedded sandbox (in process, through its
  // HTTP API and control routes) when the console is used and the sandbox holds none of them (first
  // use, or after a sandbox reset), so the checkout's own runs and tests see the sandbox as before.
  let seededId: string | undefined;
  let seeding: Promise<unknown> | undefined;
  const consoleSeeded = (): Promise<unknown> => {
    if (!sandbox || seeding) return seeding ?? Promise.resolve();
    if (seededId && sandbox.state.transactions.some((t) => t.id === seededId)) return Promise.resolve();
    seeding = seedConsoleTransactions({ url: sandboxUrl, apiKey: sandboxKey, fetch: (input, init) => sandbox.handle(new Request(input, init)) })
      .then((r) => (seededId = r.ids[0]))
      .catch((e: unknown) => {
        // the console still answers (with whatever the sandbox holds); say why it is empty
        if (!o.quiet) console.warn(`demo: seeding the console's transactions failed: ${(e as Error).message}`);
      })
      .finally(() => (seeding = undefined));
    return seeding;
  };
  const directories = (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    url.pathname = url.pathname.slice(DIRECTORIES_BASE.length) || '/';
    return directorySims!.handle(new Request(url, req));
  };

  const ordersJson = (req: Request): Response => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return Response.json({ error: { code: 'method_not_allowed', message: 'Use GET.' } }, { status: 405, headers: { allow: 'GET, HEAD', 'cache-control': 'no-store' } });
    }
    return new Response(req.method === 'HEAD' ? null : JSON.stringify({ orders: orders.list() }), {
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    });
  };

  return {
    mode: live ? 'live' : 'sandbox',
    sandbox: live ? 'none' : external ? 'external' : 'embedded',
    gatewayUrl: live ? (env.BYNET_BASE_URL ?? 'https://api-gateway.techbynet.com') : sandboxUrl,
    dataDir,
    orders,
    handle(req, info) {
      const { pathname } = new URL(req.url);
      if (pathname === CHECKOUT_BASE || pathname.startsWith(`${CHECKOUT_BASE}/`)) return helper.checkout(req, info);
      if (pathname === WEBHOOK_PATH) return helper.webhook(req, info);
      if (pathname === ORDERS_JSON_PATH) return Promise.resolve(ordersJson(req));
      if (admin && (pathname === ADMIN_BASE || pathname.startsWith(`${ADMIN_BASE}/`))) {
        return (demoConsoleAuthorize(req) ? consoleSeeded() : Promise.resolve()).then(() => admin(req, info)).then((res) => res ?? Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 }));
      }
      if (directorySims && pathname.startsWith(`${DIRECTORIES_BASE}/`)) return directories(req);
      if (pathname === SANDBOX_BASE || pathname.startsWith(`${SANDBOX_BASE}/`)) {
        if (sandbox) return sandbox.handle(req);
        if (proxy) return proxy(req);
      }
      return undefined;
    },
    async close() {
      await helper.close();
      await orders.close();
      sandbox?.dispose();
    },
  };
}
