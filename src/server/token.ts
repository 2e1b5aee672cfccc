/**
 * Checkout tokens: `base64url(JSON payload) "." base64url(HMAC-SHA256(secret, payload part))`.
 * They carry what the server decided (what is sold, for how much), so the browser never sends a
 * price. Verification is constant-time and canonical (only the exact base64url text of the MAC is
 * accepted); expired, malformed or forged tokens are rejected.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const TOKEN_VERSION = 1;

export interface CheckoutTokenPayload {
  v: number;
  kind: 'product' | 'cart';
  /** Product link id or cart reference. */
  ref: string;
  /** Cents, decided by the server. */
  amount: number;
  currency: 'BRL';
  /** Present once the order exists. */
  orderId?: string;
  /** The merchant's reference for this checkout (its order id, cart ref), when it gave one. */
  mref?: string;
  /**
   * Product mode, more than one bought: how many (2-99). `amount` is then the order's total (the
   * product's price times `qty`), and the order is paid as a direct transaction.
   */
  qty?: number;
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
  /** Checkout id: stays the same from the config token to the order token. */
  jti: string;
}

export type TokenVerifyResult =
  | { ok: true; payload: CheckoutTokenPayload }
  | { ok: false; reason: 'malformed' | 'signature' | 'version' }
  /** Genuine but past `exp`: `payload` is given so a caller can allow reads for longer. */
  | { ok: false; reason: 'expired'; payload: CheckoutTokenPayload };

export interface TokenSigner {
  sign(p: Omit<CheckoutTokenPayload, 'v' | 'iat' | 'exp' | 'jti'> & { jti?: string }): string;
  verify(token: string | null | undefined): TokenVerifyResult;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/**
 * @param secret at least 32 characters
 * @param ttlSeconds lifetime of each token
 * @param now clock (ms), injectable for tests
 */
export function createTokenSigner(secret: string, ttlSeconds: number, now: () => number = Date.now): TokenSigner {
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new TypeError('tokenSecret must be a string of at least 32 characters.');
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new TypeError('tokenTtlSeconds must be a positive integer.');
  // domain-separated key, so the raw secret is never used for anything else
  const key = createHmac('sha256', secret).update('bynet-checkout/token/v1').digest();
  /** The MAC of `data` as base64url text (the form it has in a token). */
  const mac = (data: string) => createHmac('sha256', key).update(data).digest('base64url');

  return {
    sign(p) {
      const iat = Math.floor(now() / 1000);
      const payload: CheckoutTokenPayload = {
        v: TOKEN_VERSION,
        kind: p.kind,
        ref: p.ref,
        amount: p.amount,
        currency: p.currency,
        iat,
        exp: iat + ttlSeconds,
        jti: p.jti ?? randomUUID(),
      };
      if (p.orderId !== undefined) payload.orderId = p.orderId;
      if (p.mref !== undefined) payload.mref = p.mref;
      if (p.qty !== undefined) payload.qty = p.qty;
      const body = b64(JSON.stringify(payload));
      return `${body}.${mac(body)}`;
    },
    verify(token) {
      if (typeof token !== 'string' || token.length < 16 || token.length > 4096) return { ok: false, reason: 'malformed' };
      const dot = token.indexOf('.');
      if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
      const body = token.slice(0, dot);
      const sig = token.slice(dot + 1);
      if (!/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]+$/.test(sig)) return { ok: false, reason: 'malformed' };
      // canonical check: the signature TEXT must be the one encoding of the MAC. (Decoding would
      // accept other final characters whose spare bits differ: the same bytes, another token.)
      const given = Buffer.from(sig, 'ascii');
      const expected = Buffer.from(mac(body), 'ascii');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (!isPayload(payload)) return { ok: false, reason: 'malformed' };
      if (payload.v !== TOKEN_VERSION) return { ok: false, reason: 'version' };
      if (Math.floor(now() / 1000) >= payload.exp) return { ok: false, reason: 'expired', payload };
      return { ok: true, payload };
    },
  };
}

function isPayload(p: unknown): p is CheckoutTokenPayload {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return (
    typeof o['v'] === 'number' &&
    (o['kind'] === 'product' || o['kind'] === 'cart') &&
    typeof o['ref'] === 'string' &&
    typeof o['amount'] === 'number' &&
    Number.isInteger(o['amount']) &&
    o['currency'] === 'BRL' &&
    (o['orderId'] === undefined || typeof o['orderId'] === 'string') &&
    (o['mref'] === undefined || typeof o['mref'] === 'string') &&
    (o['qty'] === undefined || (typeof o['qty'] === 'number' && Number.isInteger(o['qty']) && o['qty'] >= 2 && o['qty'] <= 99)) &&
    typeof o['iat'] === 'number' &&
    typeof o['exp'] === 'number' &&
    typeof o['jti'] === 'string'
  );
}
