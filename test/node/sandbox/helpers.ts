/** Shared helpers of the sandbox tests: a started sandbox, an API caller, a postback receiver. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod/mini';
import { envelope } from '../../../src/contract/gateway.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { SandboxOptions, StartedSandbox } from '../../../src/sandbox/index.js';

export const API_KEY = 'sk_test_0f9c2b7a-sandbox-key';
export const UA = 'AtivoB2B/1.0';

export interface Reply {
  status: number;
  json: unknown;
  text: string;
  res: Response;
}

/** `data` of a gateway success envelope, parsed with `schema` (throws when it does not fit). */
export function dataOf<T extends z.ZodMiniType>(schema: T, json: unknown): z.infer<T> {
  return envelope(schema).parse(json).data as z.infer<T>;
}

/** Strict paged list `{ data, pages, page, limit, total }`. */
export const paged = <T extends z.ZodMiniType>(item: T) =>
  z.object({ data: z.array(item), pages: z.number(), page: z.number(), limit: z.number(), total: z.number() });

/** [DOC] Transactions Find All: `data` is a plain array, no paging fields. */
export const plainList = <T extends z.ZodMiniType>(item: T) => z.array(item);

/** The gateway error envelope, exactly. */
export const ErrorEnvelope = z.object({ status: z.number(), message: z.string(), data: z.null(), error: z.string() });

/** Parses an error envelope and returns its message. */
export function errorMessage(json: unknown): string {
  return ErrorEnvelope.parse(json).message;
}

export interface Api {
  started: StartedSandbox;
  url: string;
  lines: string[];
  /** Calls the gateway with the key and the User-Agent. JSON body when `body` is given. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Control route call (no key). */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

export async function start(opts: Partial<SandboxOptions> = {}): Promise<Api> {
  const lines: string[] = [];
  const started = await startSandbox({ apiKey: API_KEY, log: (l) => lines.push(l), ...opts });
  const url = started.url;
  return {
    started,
    url,
    lines,
    async call(method, path, body, headers = {}) {
      const init: RequestInit = {
        method,
        headers: { 'x-api-key': API_KEY, 'user-agent': UA, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      const res = await fetch(url + path, init);
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text, res };
    },
    async control(method, path, body) {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      const res = await fetch(url + path, init);
      return { status: res.status, json: await res.json() };
    },
    close: () => started.close(),
  };
}

export const BUYER = {
  fullName: 'Maria Silva',
  document: '52998224725',
  email: 'maria@example.com',
  phone: '11987654321',
};

export const ADDRESS = {
  zipCode: '01001000',
  street: 'Praça da Sé',
  streetNumber: '100',
  neighborhood: 'Sé',
  complement: '',
  city: 'São Paulo',
  state: 'SP',
  country: 'BR',
};

/** Creates an order for `linkId` and pays it with `body` (merged onto the buyer). */
export async function checkoutPayment(api: Api, payment: Record<string, unknown>, linkId = 'demo-product') {
  const order = await api.call('POST', `/api/public/checkout/create-order/${linkId}?hostname=localhost`);
  if (order.status !== 201) throw new Error(`create-order answered ${order.status}`);
  const orderId = dataOf(z.looseObject({ id: z.string() }), order.json).id;
  const paid = await api.call('POST', `/api/public/checkout/payment/${orderId}?hostname=localhost`, { ...BUYER, ...payment });
  return { orderId, ...paid };
}

export function cardBody(number: string, extra: Record<string, unknown> = {}) {
  return {
    paymentMethod: 'credit_card',
    installments: 1,
    card: { number, holderName: 'MARIA SILVA', expirationMonth: 12, expirationYear: new Date().getFullYear() + 3, cvv: number.startsWith('37') ? '1234' : '123' },
    ...extra,
  };
}

export interface Receiver {
  url: string;
  bodies: unknown[];
  /** Status the receiver answers with. */
  status: number;
  close(): Promise<void>;
}

/** A real local http server that records JSON postbacks. */
export async function receiver(): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], status: 200, close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(r.status, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/bynet/secret-token`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return r;
}

/** Polls `check` until it returns true (or throws after `ms`). */
export async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
