/**
 * When the sandbox runs as its own process (`BYNET_SANDBOX_URL`), the demo page still calls the
 * sandbox's control routes on its own origin (`/sandbox/__sandbox/...`). This forwards exactly the
 * `/sandbox` prefix to the external sandbox: path, query, method, body and status; of the headers
 * only `content-type`, `x-api-key` and `user-agent` go up, and only `content-type` comes back.
 *
 * The browser's `Origin` and `Sec-Fetch-Site` are not forwarded, so the external sandbox cannot
 * tell a page of the demo from a cross-site one: the control routes' same-origin check
 * (`refuseCrossSite`) is made here, against the demo's own origin, before forwarding.
 *
 * The helper never goes through here: like a production server it calls the gateway
 * (`BYNET_SANDBOX_URL`) directly.
 */
import { isDroppedResponse } from '../src/sandbox/index.js';
import { refuseCrossSite } from '../src/sandbox/control.js';

const FORWARDED_HEADERS = ['content-type', 'x-api-key', 'user-agent'] as const;
const MAX_BODY = 2_000_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const dropped = new WeakSet<Response>();

/**
 * True when the connection that carries `res` must be destroyed instead of answered: an embedded
 * sandbox's Response marked as dropped (`reset` faults: the sandbox's `isDroppedResponse`), or a
 * proxied call whose upstream connection was cut.
 */
export function mustDropConnection(res: Response): boolean {
  return dropped.has(res) || isDroppedResponse(res);
}

function jsonError(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export interface SandboxProxyOptions {
  /** The external sandbox's base URL, e.g. http://127.0.0.1:4010/sandbox (no trailing slash). */
  target: string;
  /** The prefix served on this origin. Default `/sandbox`. */
  prefix?: string;
  /** Deadline of one forwarded call, ms. Default 30000 (the page's latency fault is 3 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createSandboxProxy(o: SandboxProxyOptions): (req: Request) => Promise<Response> {
  const target = new URL(o.target);
  const targetPath = target.pathname.replace(/\/+$/, '');
  const prefix = o.prefix ?? '/sandbox';
  const timeoutMs = o.timeoutMs ?? 30_000;
  const doFetch = o.fetch ?? globalThis.fetch;

  return async (req) => {
    const url = new URL(req.url);
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return jsonError(404, 'not_found', 'Not found.');
    const upstreamUrl = new URL(target.origin);
    upstreamUrl.pathname = `${targetPath}${url.pathname.slice(prefix.length)}`;
    upstreamUrl.search = url.search;
    // the URL parser resolves dot segments: whatever the path was, it must stay under the target
    if (upstreamUrl.origin !== target.origin || !(upstreamUrl.pathname === targetPath || upstreamUrl.pathname.startsWith(`${targetPath}/`))) {
      return jsonError(404, 'not_found', 'Not found.');
    }

    const rest = url.pathname.slice(prefix.length);
    if (rest === '/__sandbox' || rest.startsWith('/__sandbox/')) {
      const refused = refuseCrossSite(req, [url.origin.toLowerCase()]);
      if (refused) {
        await req.body?.cancel().catch(() => undefined);
        return refused;
      }
    }

    const headers = new Headers();
    for (const name of FORWARDED_HEADERS) {
      const v = req.headers.get(name);
      if (v !== null) headers.set(name, v);
    }
    const method = req.method.toUpperCase();
    let body: ArrayBuffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      body = await req.arrayBuffer();
      if (body.byteLength > MAX_BODY) return jsonError(413, 'payload_too_large', 'The body is too large.');
    }

    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([req.signal, timeout]);
    let upstream: Response;
    let bytes: ArrayBuffer;
    try {
      upstream = await doFetch(upstreamUrl, { method, headers, signal, redirect: 'manual', ...(body && body.byteLength ? { body } : {}) });
      bytes = await upstream.arrayBuffer();
    } catch (e) {
      if (timeout.aborted) return jsonError(504, 'sandbox_timeout', `The sandbox at ${target.origin} did not answer in ${timeoutMs} ms.`);
      if (req.signal.aborted) return jsonError(499, 'client_closed', 'The client went away.');
      const code = (e as { cause?: { code?: unknown } }).cause?.code;
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH') {
        return jsonError(502, 'sandbox_unreachable', `The sandbox at ${target.origin} is not running (${String(code)}).`);
      }
      // the sandbox cut the connection (a "lost answer" fault): cut this one too
      const res = jsonError(502, 'sandbox_connection_lost', 'The sandbox closed the connection.');
      dropped.add(res);
      return res;
    }
    const out = new Headers({ 'cache-control': 'no-store' });
    const type = upstream.headers.get('content-type');
    if (type) out.set('content-type', type);
    const empty = method === 'HEAD' || NULL_BODY_STATUSES.has(upstream.status);
    return new Response(empty ? null : bytes, { status: upstream.status, headers: out });
  };
}
