/**
 * A small fetch-handler -> `node:http` adapter, and `startSandbox`, which serves a sandbox on
 * 127.0.0.1 (port 0 by default: the OS picks a free one).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox } from './sandbox.js';
import type { Sandbox, SandboxOptions } from './types.js';
import { isDroppedResponse } from './util.js';

const MAX_REQUEST_BYTES = 2_000_000;

function toRequest(req: IncomingMessage, signal: AbortSignal, fallbackHost: string, body: Buffer | undefined): Request {
  const host = req.headers.host ?? fallbackHost;
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    // HTTP/2 pseudo-headers and hop-by-hop headers are not part of the Request.
    if (name.startsWith(':') || /^(connection|keep-alive|transfer-encoding|upgrade)$/i.test(name)) continue;
    headers.append(name, req.rawHeaders[i + 1]!);
  }
  const init: RequestInit = { method: req.method ?? 'GET', headers, signal };
  if (body && body.length && init.method !== 'GET' && init.method !== 'HEAD') init.body = new Uint8Array(body);
  return new Request(`http://${host}${req.url ?? '/'}`, init);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function writeResponse(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  const body = head || !response.body ? undefined : Buffer.from(await response.arrayBuffer());
  if (body && !headers['content-length']) headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Wraps a fetch-style handler as a `node:http` request listener. A Response for which
 * `isDroppedResponse` is true is not written: the socket is destroyed instead.
 */
export function toNodeListener(handler: (req: Request) => Promise<Response>, fallbackHost = '127.0.0.1') {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const controller = new AbortController();
    // The client went away before we answered: abort the Request's signal.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    void (async () => {
      try {
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
        if (body === 'too-large') {
          res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
          res.end(JSON.stringify({ status: 413, message: 'O corpo da requisição é grande demais.', data: null, error: 'Payload Too Large' }));
          return;
        }
        const response = await handler(toRequest(req, controller.signal, fallbackHost, body));
        if (controller.signal.aborted || res.destroyed) return;
        if (isDroppedResponse(response)) {
          // A `reset` fault: no HTTP answer at all, the connection just ends.
          void response.body?.cancel().catch(() => undefined);
          res.destroy();
          req.socket.destroy();
          return;
        }
        await writeResponse(res, response, req.method === 'HEAD');
      } catch {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ status: 500, message: 'Erro interno do servidor.', data: null, error: 'Internal Server Error' }));
        } else {
          res.destroy();
        }
      }
    })();
  };
}

export interface StartedSandbox {
  /** Base URL of the gateway API, e.g. `http://127.0.0.1:41234` (plus the base path, if any). */
  url: string;
  sandbox: Sandbox;
  server: Server;
  close(): Promise<void>;
}

/** Creates a sandbox and serves it with `node:http` on `host` (default 127.0.0.1) and `port` (default 0). */
export async function startSandbox(o: SandboxOptions & { port?: number; host?: string }): Promise<StartedSandbox> {
  const { port = 0, host = '127.0.0.1', ...options } = o;
  const sandbox = createSandbox(options);
  const server = createServer(toNodeListener((req) => sandbox.handle(req), host));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const base = options.basePath && options.basePath !== '/' ? `/${options.basePath.replace(/^\/+|\/+$/g, '')}` : '';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostPart}:${addr.port}${base}`,
    sandbox,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        sandbox.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
