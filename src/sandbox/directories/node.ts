/** Serves the Pagar.me and Passport simulators on one 127.0.0.1 server (port 0 by default). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '../node.js';
import { createPagarmeSandbox } from './pagarme.js';
import type { PagarmeSandbox, PagarmeSandboxOptions } from './pagarme.js';
import { createPassportSandbox, PASSPORT_SCOPE } from './passport.js';
import type { PassportSandbox, PassportSandboxOptions } from './passport.js';

export interface DirectorySandboxesOptions {
  port?: number;
  host?: string;
  /** Default key: `ak_test_sandbox`. */
  pagarme?: Partial<Omit<PagarmeSandboxOptions, 'basePath'>>;
  /** Default token: `passport_test_token` with the list scope. */
  passport?: Partial<Omit<PassportSandboxOptions, 'basePath'>>;
}

export interface StartedDirectorySandboxes {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Base URL for `createPagarmeDirectory({ baseUrl })`: `<url>/pagarme/1`. */
  pagarmeUrl: string;
  /** Base URL for `createPassportDirectory({ baseUrl })`: `<url>/passport/v1`. */
  passportUrl: string;
  pagarmeKey: string;
  passportToken: string;
  pagarme: PagarmeSandbox;
  passport: PassportSandbox;
  /** Both handlers under one prefix each, for mounting in another server. */
  handle(req: Request): Promise<Response>;
  close(): Promise<void>;
}

export const DEFAULT_PAGARME_KEY = 'ak_test_sandbox';
export const DEFAULT_PASSPORT_TOKEN = 'passport_test_token';

/** Both simulators as one handler: `/pagarme/1/customers`, `/passport/v1/customers`. */
export function createDirectorySandboxes(o: Omit<DirectorySandboxesOptions, 'port' | 'host'> = {}) {
  const pagarmeKey = o.pagarme?.apiKey ?? DEFAULT_PAGARME_KEY;
  const passportToken = Object.keys(o.passport?.tokens ?? {})[0] ?? DEFAULT_PASSPORT_TOKEN;
  const pagarme = createPagarmeSandbox({ ...o.pagarme, apiKey: pagarmeKey, basePath: '/pagarme/1' });
  const passport = createPassportSandbox({ ...o.passport, tokens: o.passport?.tokens ?? { [DEFAULT_PASSPORT_TOKEN]: [PASSPORT_SCOPE] }, basePath: '/passport/v1' });
  const handle = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (path.startsWith('/pagarme/')) return pagarme.handle(req);
    if (path.startsWith('/passport/')) return passport.handle(req);
    return new Response(JSON.stringify({ message: 'Not Found' }), { status: 404, headers: { 'content-type': 'application/json' } });
  };
  return { pagarme, passport, pagarmeKey, passportToken, handle };
}

export async function startDirectorySandboxes(o: DirectorySandboxesOptions = {}): Promise<StartedDirectorySandboxes> {
  const s = createDirectorySandboxes(o);
  const server = createServer(toNodeListener(s.handle));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.address}:${addr.port}`;
  return {
    ...s,
    url,
    pagarmeUrl: `${url}/pagarme/1`,
    passportUrl: `${url}/passport/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
