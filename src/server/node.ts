/**
 * `node:http` / Express adapter for the Web-standard handlers:
 *
 *   http.createServer(toNodeListener(checkout))                // plain node:http
 *   app.use('/api/checkout', toNodeListener(checkout))         // Express (mounted or not: it reads
 *   app.post('/api/webhooks/bynet', toNodeListener(webhook))   //   `req.originalUrl`)
 *   serve a fetch app (Hono...): http.createServer(toNodeListener(app.fetch))
 *
 * Paths outside `basePath` go to Express's `next()`. Mount it before any body parser (it reads the
 * raw body itself; an already parsed `req.body` is re-serialised as a fallback). Response bodies
 * are streamed (status streams stay open), and a closed connection cancels the stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOutsideBasePath } from './handler.js';
import type { Handler, RequestInfo } from './handler.js';

export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

const NOT_FOUND_BODY = JSON.stringify({ error: { code: 'not_found', message: 'Not found.' } });

/** Request targets with dot segments (plain or percent-encoded) are answered 404 before routing. */
function hasDotSegment(target: string): boolean {
  const path = target.split(/[?#]/, 1)[0] ?? '';
  return path.split('/').some((seg) => {
    const s = seg.toLowerCase().replace(/%2e/g, '.');
    return s === '.' || s === '..';
  });
}

function sendPlain(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

/** An answer given before the handler ran: the request body is discarded first (or the connection closed). */
async function answerEarly(req: IncomingMessage, res: ServerResponse, status: number, body: string): Promise<void> {
  if (await discardBody(req)) {
    sendPlain(res, status, body);
    return;
  }
  sendPlain(res, status, body, { connection: 'close' });
  res.once('finish', () => drain(req));
}

const DRAIN_CAP = 1024 * 1024;
/** How long an early answer waits for the rest of a body before closing the connection instead. */
const DISCARD_WAIT_MS = 2_000;

/** Reads the rest of the body into nothing; true when it ended within the byte and time caps. */
function discardBody(req: IncomingMessage): Promise<boolean> {
  if (req.destroyed) return Promise.resolve(false);
  if (req.readableEnded) return Promise.resolve(true);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > DRAIN_CAP) return Promise.resolve(false);
  return new Promise((resolve) => {
    let n = 0;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onError);
      resolve(ok);
    };
    const onData = (c: Buffer) => {
      n += c.length;
      if (n > DRAIN_CAP) done(false);
    };
    const onEnd = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), DISCARD_WAIT_MS);
    req.removeAllListeners('data');
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onError);
    req.resume();
  });
}

/** Discards the rest of a request body; a client sending more than `DRAIN_CAP` is cut off. */
function drain(req: IncomingMessage): void {
  if (req.readableEnded || req.destroyed) return;
  let n = 0;
  req.removeAllListeners('data');
  req.on('data', (c: Buffer) => {
    n += c.length;
    if (n > DRAIN_CAP) req.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}

/**
 * The request body as a web stream that pulls from `req` on demand. Cancelling it (the handler
 * stopped reading, e.g. over the size limit) does not destroy the socket, so the answer still
 * reaches the client.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on('data', (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (done) return;
          done = true;
          controller.close();
        });
        req.once('error', (e) => {
          if (done) return;
          done = true;
          controller.error(e);
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        done = true;
        drain(req);
      },
    },
    { highWaterMark: 64 * 1024, size: (c) => c.byteLength },
  );
}

export interface NodeListenerOptions {
  /**
   * Trust `X-Forwarded-Proto`/`X-Forwarded-Host` when building the request URL. Default false.
   * (The client ADDRESS is the helper's `trustedProxies` option, not this one.)
   */
  trustProxy?: boolean;
  /**
   * Pass Express's `req.ip` as the client address instead of the socket's. Only for an Express
   * app whose `trust proxy` setting names your proxies exactly (a list or a hop count): with
   * `trust proxy: true`, `req.ip` is whatever the client wrote in `X-Forwarded-For`. Default
   * false: the socket address, and the helper's `trustedProxies` decides about the header.
   */
  useExpressIp?: boolean;
}

/** Any fetch-style handler: the helper's, or a framework's (`app.fetch`), which gets `info` as its second argument. */
export type FetchHandler = (request: Request, info?: RequestInfo) => Response | Promise<Response>;

export function toNodeListener(handler: Handler | FetchHandler, opts: NodeListenerOptions = {}): NodeListener {
  return (req, res, next) => {
    void run(handler, opts, req, res, next).catch((err: unknown) => {
      if (!res.headersSent) {
        sendPlain(res, 500, JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong.' } }));
      } else {
        res.destroy(err instanceof Error ? err : undefined);
      }
    });
  };
}

async function run(
  handler: Handler | FetchHandler,
  opts: NodeListenerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  next: ((err?: unknown) => void) | undefined,
): Promise<void> {
  const expressReq = req as IncomingMessage & { originalUrl?: string; body?: unknown };
  const target = expressReq.originalUrl ?? req.url ?? '/';
  // origin-form only: an absolute-form or authority-form target is never proxied anywhere
  if (!target.startsWith('/') || target.startsWith('//') || hasDotSegment(target)) {
    await answerEarly(req, res, 404, NOT_FOUND_BODY);
    return;
  }
  const proto = opts.trustProxy ? (String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() || 'http') : 'http';
  const hostHeader = opts.trustProxy ? (req.headers['x-forwarded-host'] ?? req.headers.host) : req.headers.host;
  const host = typeof hostHeader === 'string' && /^[A-Za-z0-9.\-:[\]]+$/.test(hostHeader) ? hostHeader : 'localhost';
  const url = `${proto === 'https' ? 'https' : 'http'}://${host}${target}`;

  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else headers.set(k, v);
  }

  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });

  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: abort.signal };
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = expressReq.body;
    if (parsed !== undefined && (req.readableEnded || req.complete)) {
      // a body parser ran first: fall back to its result
      const text = typeof parsed === 'string' ? parsed : Buffer.isBuffer(parsed) ? parsed.toString('utf8') : JSON.stringify(parsed);
      headers.delete('content-length');
      init.body = text;
    } else {
      init.body = bodyStream(req);
      init.duplex = 'half';
    }
  }

  let request: Request;
  try {
    request = new Request(url, init);
  } catch {
    await answerEarly(req, res, 400, JSON.stringify({ error: { code: 'invalid_request', message: 'Malformed request.' } }));
    return;
  }

  // the socket's address; Express's `req.ip` only when asked (with `trust proxy: true` it is
  // whatever the client wrote in X-Forwarded-For)
  const ip = opts.useExpressIp ? (req as IncomingMessage & { ip?: unknown }).ip : undefined;
  const response = await handler(request, { remoteAddress: typeof ip === 'string' && ip ? ip : req.socket.remoteAddress });

  if (next && isOutsideBasePath(response)) {
    await response.body?.cancel().catch(() => undefined);
    next();
    return;
  }

  const outHeaders: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key === 'set-cookie') return; // the helper never sets cookies
    outHeaders[key] = value;
  });
  // answered before the body was read (413, 401, ...): read and discard a reasonable rest first,
  // so the client gets the answer on a healthy connection (closing a socket with unread data
  // makes TCP reset it, and the client can lose the answer); otherwise close after the answer
  let unread = (!req.complete || !req.readableEnded) && method !== 'GET' && method !== 'HEAD';
  if (unread && (await discardBody(req))) unread = false;
  if (unread) outHeaders['connection'] = 'close';
  res.writeHead(response.status, outHeaders);
  if (unread) res.once('finish', () => drain(req));
  if (!response.body || method === 'HEAD') {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => undefined);
  res.on('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const cont = () => {
            res.off('drain', cont);
            res.off('close', cont);
            resolve();
          };
          res.on('drain', cont);
          res.on('close', cont);
        });
      }
      if (res.destroyed) break;
    }
  } finally {
    res.off('close', onClose);
  }
  if (!res.destroyed) res.end();
  else await reader.cancel().catch(() => undefined);
}
