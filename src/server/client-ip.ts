/**
 * The buyer's address for rate limits, from an explicit setting (`trustedProxies`):
 *
 * - not set (default): the socket's peer address, as the adapter saw it. `X-Forwarded-For` is
 *   never read: any client can write it.
 * - a list of proxy addresses / CIDRs (and the keywords `loopback`, `private`, `linklocal`): the
 *   peer and then the `X-Forwarded-For` entries are walked from the right, and the first address
 *   that is NOT a trusted proxy is the client (the rightmost untrusted hop). Entries to its left
 *   were written by the client and are ignored.
 * - a hop count `n`: there are exactly `n` proxies in front of the server; the client is the
 *   address the outermost one saw (`n` entries from the right, counting the peer as the first).
 *
 * When the adapter knows no peer address (Next.js route handlers) and `trustedProxies` is set,
 * the peer is taken to be the platform's own trusted proxy.
 */
import { BlockList, isIP } from 'node:net';

/** `trustedProxies`: proxy addresses / CIDRs / keywords, or a hop count. */
export type TrustedProxies = readonly string[] | number;

/** Keywords a `trustedProxies` list may use, and the ranges they stand for. */
const KEYWORDS: Record<string, ReadonlyArray<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['100.64.0.0', 10, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
};

/** Most proxies a hop count may name (a longer chain is a configuration mistake). */
export const MAX_PROXY_HOPS = 10;

/** Decides a request's client address from the peer address and `X-Forwarded-For`. */
export type ClientAddressResolver = (peer: string | undefined, forwardedFor: string | null) => string | undefined;

/**
 * Normalises one address: IPv4-mapped IPv6 to IPv4, brackets and a port removed. Undefined when
 * it is not an IP address.
 */
export function normalizeAddress(raw: string | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let s = raw.trim();
  if (s === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  const zone = s.indexOf('%');
  if (zone > 0) s = s.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(s);
  if (mapped) s = mapped[1]!;
  return isIP(s) ? s.toLowerCase() : undefined;
}

/**
 * Checks `trustedProxies` and builds its resolver. Throws a `TypeError` naming the bad entry.
 */
export function createClientAddressResolver(setting: TrustedProxies | undefined): ClientAddressResolver {
  if (setting === undefined) return (peer) => normalizeAddress(peer);
  if (typeof setting === 'number') {
    if (!Number.isInteger(setting) || setting < 0 || setting > MAX_PROXY_HOPS) {
      throw new TypeError(`bynet-checkout: trustedProxies as a hop count must be an integer from 0 to ${MAX_PROXY_HOPS}.`);
    }
    return (peer, xff) => byHops(peer, xff, setting);
  }
  if (!Array.isArray(setting)) {
    throw new TypeError('bynet-checkout: trustedProxies must be a list of proxy addresses/CIDRs (e.g. ["10.0.0.0/8"]) or a hop count.');
  }
  const list = new BlockList();
  for (const entry of setting) addTrusted(list, entry);
  const trusted = (ip: string) => list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  return (peer, xff) => byList(peer, xff, trusted);
}

function addTrusted(list: BlockList, entry: unknown): void {
  const bad = () => {
    throw new TypeError(
      `bynet-checkout: trustedProxies entry ${JSON.stringify(entry)} is not an IP address, a CIDR (e.g. "10.0.0.0/8") or one of: ${Object.keys(KEYWORDS).join(', ')}.`,
    );
  };
  if (typeof entry !== 'string') return bad();
  const keyword = KEYWORDS[entry.toLowerCase()];
  if (keyword) {
    for (const [net, prefix, type] of keyword) list.addSubnet(net, prefix, type);
    return;
  }
  const [addr, prefixText, ...rest] = entry.split('/');
  const ip = normalizeAddress(addr);
  if (!ip || rest.length) return bad();
  const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (prefixText === undefined) {
    list.addAddress(ip, type);
    return;
  }
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (type === 'ipv6' ? 128 : 32)) return bad();
  list.addSubnet(ip, prefix, type);
}

/** The `X-Forwarded-For` entries, rightmost (nearest) first. */
function hopsOf(xff: string | null): string[] {
  if (!xff) return [];
  return xff
    .split(',')
    .map((s) => s.trim())
    .reverse()
    .slice(0, 64);
}

/** Rightmost untrusted hop; an unparseable entry ends the walk at the last good address. */
function byList(peer: string | undefined, xff: string | null, trusted: (ip: string) => boolean): string | undefined {
  let last: string | undefined;
  if (peer !== undefined) {
    const p = normalizeAddress(peer);
    if (!p || !trusted(p)) return p;
    last = p;
  }
  for (const raw of hopsOf(xff)) {
    const ip = normalizeAddress(raw);
    if (!ip) return last;
    if (!trusted(ip)) return ip;
    last = ip;
  }
  return last;
}

/** The address `hops` entries to the left of the peer (or the leftmost when the chain is shorter). */
function byHops(peer: string | undefined, xff: string | null, hops: number): string | undefined {
  const chain: Array<string | undefined> = [peer === undefined ? undefined : normalizeAddress(peer) ?? '', ...hopsOf(xff)];
  let last: string | undefined;
  for (let i = 0; i < chain.length; i++) {
    const raw = chain[i];
    const ip = i === 0 ? raw : normalizeAddress(raw);
    if (i > 0 && !ip) return last;
    if (i === 0 && raw === '') return undefined; // a peer address that is not an IP
    if (ip !== undefined) last = ip;
    if (i === hops) return last;
  }
  return last;
}
