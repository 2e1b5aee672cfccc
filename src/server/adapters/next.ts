/**
 * Route handlers for the Next.js App Router (and any runtime whose routes are
 * `(request: Request) => Response` functions). Node.js runtime only: the helper uses `node:crypto`.
 *
 *   // app/api/checkout/[...path]/route.ts
 *   export const { GET, POST, OPTIONS } = nextRouteHandlers(bynet);
 *   export const runtime = 'nodejs';
 *   export const dynamic = 'force-dynamic';
 *
 *   // app/api/webhooks/bynet/route.ts
 *   export const { POST } = nextWebhookHandler(bynet);
 */
import type { BynetCheckout, RequestInfo } from '../handler.js';

/** The shape Next.js calls: the request, and a context (route params) the helper does not need. */
export type NextRouteHandler = (request: Request, context?: unknown) => Promise<Response>;

export interface NextRouteHandlerOptions {
  /**
   * The buyer's address, for the per-address rate limits, e.g. from a header your platform sets
   * and clients cannot forge. Default: none. Route handlers do not see the socket, so without
   * this (or the helper's `trustedProxies`, which then reads `X-Forwarded-For` as written by the
   * platform's proxies) the per-address limits are skipped; per-checkout limits still apply.
   * On Vercel-like platforms that append the client to `X-Forwarded-For`, `trustedProxies: 1`
   * on the helper is the simplest choice.
   */
  clientAddress?: (request: Request) => string | undefined;
}

function infoOf(request: Request, opts: NextRouteHandlerOptions): RequestInfo | undefined {
  const remoteAddress = opts.clientAddress?.(request);
  return remoteAddress ? { remoteAddress } : undefined;
}

/** `GET`, `POST` and `OPTIONS` handlers for a catch-all route under the helper's `basePath`. */
export function nextRouteHandlers(
  bynet: Pick<BynetCheckout, 'checkout'>,
  opts: NextRouteHandlerOptions = {},
): { GET: NextRouteHandler; POST: NextRouteHandler; OPTIONS: NextRouteHandler } {
  const handle: NextRouteHandler = (request) => bynet.checkout(request, infoOf(request, opts));
  return { GET: handle, POST: handle, OPTIONS: handle };
}

/** The `POST` handler for the route the gateway posts webhooks to. */
export function nextWebhookHandler(bynet: Pick<BynetCheckout, 'webhook'>, opts: NextRouteHandlerOptions = {}): { POST: NextRouteHandler } {
  return { POST: (request) => bynet.webhook(request, infoOf(request, opts)) };
}
