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
 *
 * `request` is the same call without the web `Response`: the gateway client only needs the status,
 * a header or two and the body text, and building a `Response` (a body stream, a `Headers`) costs
 * more than the rest of the call on loopback.
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

/** What `request` sends: a method, headers, a string body, a signal and/or a deadline. */
export interface GatewayRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /**
   * Fails the call with a `TimeoutError` (as `AbortSignal.timeout(ms)` would) after this many ms,
   * with a plain timer cleared when the answer is in: no signal, no timer left behind per call.
   */
  timeoutMs?: number;
}

/** What `request` answers: the status, the headers (`header` reads one, as `Headers.get` does) and the body text. */
export interface GatewayAnswer {
  status: number;
  header(name: string): string | null;
  /** The body as UTF-8 text (a leading byte order mark removed, as `Response.text()` does). */
  text: string;
}

export interface GatewayTransport {
  fetch: typeof fetch;
  /** The same call as `fetch`, answered without a web `Response` (see the top of this file). */
  request(url: URL | string, init?: GatewayRequestInit): Promise<GatewayAnswer>;
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

  /** A raw answer: status line, headers as received, the body read whole. */
  interface Raw {
    status: number;
    statusText: string;
    rawHeaders: string[];
    body: Buffer<ArrayBuffer>;
  }

  /** One request on the keep-alive agents; `headers` are sent as given (a content-length is added for a body). */
  const send = (
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    timeoutMs?: number,
  ): Promise<Raw> => {
    const protocol = url.protocol as keyof typeof agents;
    if (!(protocol in agents)) return Promise.reject(new TypeError(`gateway transport: unsupported protocol ${url.protocol}`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));

    return new Promise<Raw>((resolve, reject) => {
      const lib = protocol === 'https:' ? https : http;
      const req = lib.request(url, { method, headers, agent: agents[protocol] });
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (timer) clearTimeout(timer);
      };
      const fail = (e: unknown) => {
        if (settled) return;
        done();
        reject(e);
      };
      const onAbort = () => {
        req.destroy();
        fail(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          req.destroy();
          fail(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
        }, timeoutMs);
        timer.unref?.();
      }
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
          done();
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
          });
        });
      });
      req.end(body);
    });
  };

  const doFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof Request !== 'undefined' && input instanceof Request) {
      throw new TypeError('gateway transport: pass a URL and an init object, not a Request');
    }
    const url = typeof input === 'string' ? new URL(input) : (input as URL);
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new TypeError('gateway transport: the body must be a string');
    }
    const outgoing: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (outgoing[k] = v));
    const raw = await send(url, init.method ?? 'GET', outgoing, init.body ?? undefined, init.signal ?? undefined);
    const out = new Headers();
    for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) out.append(raw.rawHeaders[i]!, raw.rawHeaders[i + 1]!);
    let response: Response;
    try {
      response = new Response(NO_BODY_STATUS.has(raw.status) ? null : raw.body, { status: raw.status, statusText: raw.statusText, headers: out });
    } catch (e) {
      throw new TypeError('fetch failed', { cause: e });
    }
    Object.defineProperty(response, 'url', { value: url.href });
    return response;
  };

  const request = async (input: URL | string, init: GatewayRequestInit = {}): Promise<GatewayAnswer> => {
    const url = typeof input === 'string' ? new URL(input) : input;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
    const raw = await send(url, init.method ?? 'GET', headers, init.body, init.signal, init.timeoutMs);
    const text = NO_BODY_STATUS.has(raw.status) ? '' : raw.body.toString('utf8');
    return {
      status: raw.status,
      text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
      header(name) {
        const want = name.toLowerCase();
        const values: string[] = [];
        for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) if (raw.rawHeaders[i]!.toLowerCase() === want) values.push(raw.rawHeaders[i + 1]!);
        return values.length ? values.join(', ') : null;
      },
    };
  };

  const count = (sockets: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(sockets).reduce((n, list) => n + (list?.length ?? 0), 0);
  return {
    fetch: doFetch as typeof fetch,
    request,
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
