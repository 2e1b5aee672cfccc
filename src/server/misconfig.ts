/**
 * Merchant misconfigurations, named. A wrong API key, an unregistered checkout hostname, an unknown
 * or inactive product, a mistyped gateway host: each one is told to the buyer as a stable error
 * code (the widget words it) and to the merchant as ONE structured log line `misconfiguration`
 * with `code`, `cause` and `fix`. Everything is read from the gateway client's typed
 * `GatewayError`; nothing here ever sees or logs the API key.
 */
import { HOSTNAME_NOT_REGISTERED_MESSAGE } from './gateway/assumptions.js';
import type { GatewayClient } from './gateway/client.js';
import { GatewayError } from './gateway/errors.js';
import { HttpError } from './http.js';
import type { Logger } from './log.js';

export type MisconfigCode = 'hostname_not_registered' | 'gateway_key_rejected' | 'product_unavailable' | 'gateway_unreachable';

export interface Misconfig {
  code: MisconfigCode;
  /** What is wrong, for the merchant's log. */
  cause: string;
  /** What to change, for the merchant's log. */
  fix: string;
  /** Extra log fields (never secrets): the host, the error code of the connection... */
  details: Record<string, unknown>;
}

/** What the merchant configured, for the log's wording (never the key). */
export interface MisconfigSettings {
  hostname: string;
  /** The gateway base URL in use. */
  baseUrl: string;
}

/** The message the buyer's API answer carries (the widget shows its own sentence by code). */
const BUYER_MESSAGE: Record<MisconfigCode, string> = {
  hostname_not_registered: 'This store cannot take payments right now (its checkout is not set up at the payment gateway).',
  gateway_key_rejected: 'This store cannot take payments right now (its payment gateway account is not set up).',
  product_unavailable: 'This product is not available.',
  gateway_unreachable: 'This store cannot reach its payment gateway right now.',
};

/**
 * Connection error codes Node's fetch (undici) puts on `error.cause.code` (or deeper). Kept in
 * the message of the error the wrapped fetch throws, so the client's `details.cause` carries it.
 */
const CONNECTION_CODE = /\b(E[A-Z]{3,}[A-Z_]*|UND_ERR_[A-Z_]+|ERR_TLS_[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_SSL_[A-Z_]+)\b/;
/** Codes that mean "that host is wrong or unreachable" (not "it answered slowly"). */
const UNREACHABLE = /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ECONNRESET|UND_ERR_CONNECT_TIMEOUT|UND_ERR_SOCKET|ERR_TLS_.+|CERT_.+|UNABLE_TO_.+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_SSL_.+)$/;

/** The underlying code of a connection failure (`ENOTFOUND`, `ECONNREFUSED`, a TLS code), if any. */
export function connectionErrorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODE.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Wraps `fetch` so a connection failure's message names its code (`fetch failed (ENOTFOUND)`):
 * the gateway client keeps only the message, and "fetch failed" alone tells the merchant nothing.
 * Timeouts and aborts pass through untouched.
 */
export function fetchWithErrorCodes(inner: typeof fetch): typeof fetch {
  return withErrorCodes(inner) as typeof fetch;
}

/** The same for any call that fails as fetch does (the gateway transport's `request`). */
export function withErrorCodes<A extends unknown[], R>(inner: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    try {
      return await inner(...args);
    } catch (e) {
      if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) throw e;
      const code = connectionErrorCode(e);
      if (!code || !(e instanceof Error) || e.message.includes(code)) throw e;
      throw new TypeError(`${e.message} (${code})`, { cause: e });
    }
  };
}

function bodyMessage(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return '';
  const o = body as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of ['message', 'error']) {
    const v = o[k];
    if (typeof v === 'string') parts.push(v);
    else if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') parts.push((v as { message: string }).message);
  }
  return parts.join(' ');
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * Names the misconfiguration behind a gateway error, or undefined when the error is not one (a
 * timeout, a 5xx, a refusal are the gateway's or the buyer's business, not the merchant's set-up).
 * `product` is the product link id when the failing call read a product.
 */
export function classifyGatewayError(e: GatewayError, s: MisconfigSettings, product?: string): Misconfig | undefined {
  const route = e.details.route;
  if (e.code === 'unauthorized') {
    return {
      code: 'gateway_key_rejected',
      cause: `the gateway rejected the API key (HTTP ${e.httpStatus ?? '401/403'} on ${e.details.method ?? ''} ${route ?? ''})`.replace(/\s+\)/, ')'),
      fix: 'set apiKey to the secret key of your Bynet account (the sandbox key only works against the sandbox baseUrl, and a live key only against the live gateway)',
      details: { httpStatus: e.httpStatus, route, gatewayHost: hostOf(s.baseUrl) },
    };
  }
  if ((e.code === 'bad_request' || e.code === 'http') && HOSTNAME_NOT_REGISTERED_MESSAGE.test(bodyMessage(e.details.body))) {
    return {
      code: 'hostname_not_registered',
      cause: `the gateway does not know the checkout hostname "${s.hostname}" ("Hostname não identificado")`,
      fix: `register "${s.hostname}" as a checkout domain of your account in the Bynet panel, or set the hostname option to a domain registered there`,
      details: { hostname: s.hostname, route },
    };
  }
  if (e.code === 'not_found' && product !== undefined) {
    return {
      code: 'product_unavailable',
      cause: `the gateway has no product with link id "${product}"`,
      fix: 'use the product link id (uniqueProductLinkId) of a product of this account, as listed by bynet.gateway.products.list()',
      details: { product },
    };
  }
  if (e.code === 'network') {
    const cause = e.details.cause ?? '';
    const conn = CONNECTION_CODE.exec(cause)?.[1];
    if (conn && UNREACHABLE.test(conn)) {
      const host = hostOf(s.baseUrl);
      return {
        code: 'gateway_unreachable',
        cause: `the gateway host ${host} cannot be reached (${conn})`,
        fix:
          conn === 'ENOTFOUND' || conn === 'EAI_AGAIN'
            ? `check the baseUrl option: "${host}" does not resolve (leave baseUrl out for the live gateway)`
            : conn.startsWith('ECONN') || conn.endsWith('UNREACH')
              ? `check the baseUrl option and that ${host} is running and reachable from this server`
              : `check the baseUrl option and this server's TLS trust store for ${host}`,
        details: { gatewayHost: host, errorCode: conn, route },
      };
    }
  }
  return undefined;
}

/** The misconfiguration of an inactive product (the gateway knows it, but it is switched off). */
export function inactiveProduct(product: string): Misconfig {
  return {
    code: 'product_unavailable',
    cause: `the product "${product}" is INACTIVE at the gateway`,
    fix: 'activate the product in the Bynet panel, or link the checkout to an active product',
    details: { product },
  };
}

/** Logs the one line naming the misconfiguration and returns the error the buyer gets. */
export function reportMisconfig(logger: Logger, m: Misconfig, ctx: Record<string, unknown> = {}): HttpError {
  logger.error('misconfiguration', { ...ctx, code: m.code, cause: m.cause, fix: m.fix, ...m.details });
  return new HttpError(m.code, BUYER_MESSAGE[m.code]);
}

/** Placeholder domains a quick start uses (never a real store's). */
const PLACEHOLDER_HOST = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

/**
 * The start-up check (live gateway only): reads one page of products to learn whether the key is
 * accepted, and looks at the hostname. Read-only: no order, no payment. Logs the verdict as
 * `startup.check` (info when fine, error with cause and fix otherwise). Never throws.
 */
export async function startupCheck(gateway: GatewayClient, logger: Logger, s: MisconfigSettings): Promise<{ key: 'ok' | 'rejected' | 'unknown'; hostname: 'placeholder' | 'unverified' }> {
  let key: 'ok' | 'rejected' | 'unknown' = 'ok';
  try {
    await gateway.products.list({ page: 1, limit: 1 });
  } catch (e) {
    const m = e instanceof GatewayError ? classifyGatewayError(e, s) : undefined;
    key = m?.code === 'gateway_key_rejected' ? 'rejected' : 'unknown';
    if (m) logger.error('startup.check', { check: 'apiKey', code: m.code, cause: m.cause, fix: m.fix, ...m.details });
    else logger.warn('startup.check', { check: 'apiKey', verdict: 'unknown', cause: e instanceof GatewayError ? e.message : 'the gateway call failed' });
  }
  if (key === 'ok') logger.info('startup.check', { check: 'apiKey', verdict: 'accepted', gatewayHost: hostOf(s.baseUrl) });
  const hostname: 'placeholder' | 'unverified' = PLACEHOLDER_HOST.test(s.hostname) ? 'placeholder' : 'unverified';
  if (hostname === 'placeholder') {
    logger.error('startup.check', {
      check: 'hostname',
      code: 'hostname_not_registered',
      cause: `the hostname option "${s.hostname}" is a placeholder domain, which no gateway account registers`,
      fix: 'set hostname to your store\'s domain as registered in the Bynet panel (checkout domains)',
      hostname: s.hostname,
    });
  } else {
    logger.info('startup.check', {
      check: 'hostname',
      verdict: 'unverified',
      hostname: s.hostname,
      note: 'the gateway offers no read-only check of the hostname; the first order tells (hostname_not_registered in the log)',
    });
  }
  return { key, hostname };
}
