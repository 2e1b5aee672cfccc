/**
 * The demo's back end on one origin: the merchant helper at /api/checkout, its webhook receiver at
 * /api/webhooks/bynet, and (unless BYNET_API_KEY is set) the gateway sandbox at /sandbox.
 *
 * Environment:
 * - BYNET_API_KEY (+ BYNET_BASE_URL, BYNET_HOSTNAME): talk to the live gateway instead of the sandbox.
 * - BYNET_SANDBOX_KEY: the sandbox's API key (random per start when unset); the demo's helper uses it.
 * - BYNET_TOKEN_SECRET: HMAC secret for checkout tokens (random per start when unset).
 * - BYNET_DEMO_TEST_LIMITS=1: loose per-IP rate limits, for test suites driving many buyers from 127.0.0.1.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createBynetCheckout } from '../src/server/index.js';
import type { RateLimitOptions } from '../src/server/index.js';
import { createSandbox } from '../src/sandbox/index.js';

export interface DemoBackend {
  /** Answers /api/checkout/*, /api/webhooks/bynet and /sandbox/*; `undefined` for anything else. */
  handle(req: Request): Promise<Response> | undefined;
  mode: 'sandbox' | 'live';
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

export function createDemoBackend(o: DemoBackendOptions): DemoBackend {
  const env = o.env ?? process.env;
  const live = Boolean(env.BYNET_API_KEY);
  const tokenSecret = env.BYNET_TOKEN_SECRET || randomBytes(32).toString('base64url');
  const sandboxKey = env.BYNET_SANDBOX_KEY || randomUUID();
  const quietLog = o.quiet ? () => {} : undefined;

  const sandbox = live
    ? undefined
    : createSandbox({
        apiKey: sandboxKey,
        basePath: SANDBOX_BASE,
        publicUrl: `${o.origin}${SANDBOX_BASE}`,
        postbackUrl: `${o.origin}${WEBHOOK_PATH}`,
        ...(quietLog ? { log: quietLog } : {}),
      });

  const hostname = live ? (env.BYNET_HOSTNAME ?? '') : new URL(o.origin).hostname;
  if (live && !hostname) throw new Error('BYNET_HOSTNAME is required with BYNET_API_KEY (the checkout domain registered at Bynet).');

  const helper = createBynetCheckout({
    apiKey: live ? env.BYNET_API_KEY! : sandboxKey,
    ...(live ? (env.BYNET_BASE_URL ? { baseUrl: env.BYNET_BASE_URL } : {}) : { baseUrl: `${o.origin}${SANDBOX_BASE}` }),
    hostname,
    tokenSecret,
    basePath: CHECKOUT_BASE,
    installments: { interestFreeUpTo: 3, monthlyInterestRate: 0.0299, minInstallmentAmount: 400 },
    ...(o.rateLimit !== undefined ? { rateLimit: o.rateLimit } : env.BYNET_DEMO_TEST_LIMITS === '1' ? { rateLimit: TEST_RATE_LIMITS } : {}),
    ...(quietLog ? { logger: false as const } : {}),
  });

  return {
    mode: live ? 'live' : 'sandbox',
    handle(req) {
      const { pathname } = new URL(req.url);
      if (pathname === CHECKOUT_BASE || pathname.startsWith(`${CHECKOUT_BASE}/`)) return helper.checkout(req);
      if (pathname === WEBHOOK_PATH) return helper.webhook(req);
      if (sandbox && (pathname === SANDBOX_BASE || pathname.startsWith(`${SANDBOX_BASE}/`))) return sandbox.handle(req);
      return undefined;
    },
    async close() {
      await helper.close();
    },
  };
}
