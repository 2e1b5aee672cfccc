/**
 * A `fetch` for the gateway client over node:http/node:https with keep-alive agents: the helper's
 * calls to the gateway are small JSON requests to one host, and WHATWG fetch (undici) spends more
 * per request (stream wrappers, signals, header objects) than the call itself on a fast link.
 * Drop-in for `CreateCheckoutOptions.fetch` / the gateway client's `fetch` option.
 *
 * What it supports is what the gateway client sends: a URL string or `URL`, a method, a plain
 * object of headers, a string body, an `AbortSignal`, `redirect: 'manual'` (redirects are returned
 * as they are, never followed). The answer's body is read whole into memory (gateway answers are
 * small JSON documents; `maxBodyBytes` bounds them) and returned as a standard `Response`.
 * Network failures reject with a `TypeError` whose `cause` is the socket error, as fetch does; an
 * abort rejects with the signal's reason.
 */
import http from 'node:http';
import https from 'node:https';

export interface GatewayTransportOptions {
  /** Sockets kept per host (default 64). */
  maxSockets?: number;
  /** An idle kept-alive socket is closed after this long, ms (default 30 s). */
  keepAliveMs?: number;
  /** Largest answer body accepted, bytes (default 8 MiB); a larger one fails the request. */
  maxBodyBytes?: number;
}

export interface GatewayTransport {
  fetch: typeof fetch;
  /** Closes the open sockets (at shutdown). */
  close(): void;
  /** Sockets open now: in use and kept alive idle (both 0 after `close()`). */
  stats(): { active: number; idle: number };
}

const NO_BODY_STATUS = new Set([101, 204, 205, 304]);

export function createGatewayTransport(options: GatewayTransportOptions = {}): GatewayTransport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, timeout: options.keepAliveMs ?? 30_000 };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;

  const doFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof Request !== 'undefined' && input instanceof Request) {
      return Promise.reject(new TypeError('gateway transport: pass a URL and an init object, not a Request'));
    }
    const url = typeof input === 'string' ? new URL(input) : (input as URL);
    const protocol = url.protocol as keyof typeof agents;
    if (!(protocol in agents)) return Promise.reject(new TypeError(`gateway transport: unsupported protocol ${url.protocol}`));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      return Promise.reject(new TypeError('gateway transport: the body must be a string'));
    }
    const headers = new Headers(init.headers);
    const body = init.body ?? undefined;
    if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
    const outgoing: Record<string, string> = {};
    headers.forEach((v, k) => (outgoing[k] = v));

    return new Promise<Response>((resolve, reject) => {
      const lib = protocol === 'https:' ? https : http;
      const req = lib.request(url, { method: init.method ?? 'GET', headers: outgoing, agent: agents[protocol] });
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(e);
      };
      const onAbort = () => {
        req.destroy();
        fail(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => fail(new TypeError('fetch failed', { cause: e })));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBody) {
            res.destroy();
            fail(new TypeError('fetch failed', { cause: new Error(`answer larger than ${maxBody} bytes`) }));
            return;
          }
          chunks.push(c);
        });
        res.on('error', (e) => fail(new TypeError('fetch failed', { cause: e })));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          const status = res.statusCode ?? 0;
          const out = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          try {
            const response = new Response(NO_BODY_STATUS.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: out,
            });
            Object.defineProperty(response, 'url', { value: url.href });
            resolve(response);
          } catch (e) {
            reject(new TypeError('fetch failed', { cause: e }));
          }
        });
      });
      req.end(body);
    });
  };

  const count = (sockets: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(sockets).reduce((n, list) => n + (list?.length ?? 0), 0);
  return {
    fetch: doFetch as typeof fetch,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
    stats() {
      return {
        active: count(agents['http:'].sockets) + count(agents['https:'].sockets),
        idle: count(agents['http:'].freeSockets) + count(agents['https:'].freeSockets),
      };
    },
  };
}
