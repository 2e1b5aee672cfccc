/**
 * A `cepLookup` provider backed by ViaCEP (viacep.com.br, a free public CEP service):
 *
 *   createBynetCheckout({ ...options, cepLookup: viaCepLookup() });
 *
 * `GET {baseUrl}/ws/{cep}/json/` answers `{ cep, logradouro, bairro, localidade, uf }`, or
 * `{ erro: true }` for an unknown CEP (null here: the widget lets the buyer type the address). A
 * slow or failing service throws, which the helper answers as "type the address" (never a blank
 * form). `fetch` and `baseUrl` are injectable (tests use a local fake; a mirror works the same).
 */
import type { CepAddress, CepLookup } from './cep.js';

export interface ViaCepOptions {
  /** Default `https://viacep.com.br`. */
  baseUrl?: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Deadline per lookup. Default 3000 ms. */
  timeoutMs?: number;
}

const UF = /^[A-Z]{2}$/;
const clip = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function viaCepLookup(options: ViaCepOptions = {}): CepLookup {
  const base = new URL(options.baseUrl ?? 'https://viacep.com.br');
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname))) {
    throw new TypeError('viaCepLookup: baseUrl must use https (http only on loopback).');
  }
  const doFetch = options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 3000;
  return async (cep: string): Promise<CepAddress | null> => {
    if (!/^\d{8}$/.test(cep)) return null;
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}/ws/${cep}/json/`, base);
    const res = await doFetch(url, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 400 || res.status === 404) return null;
    if (!res.ok) throw new Error(`ViaCEP answered HTTP ${res.status}`);
    const body = (await res.json()) as Record<string, unknown>;
    if (body['erro'] === true || body['erro'] === 'true') return null;
    const state = clip(body['uf'], 2).toUpperCase();
    const city = clip(body['localidade'], 80);
    if (!UF.test(state) || !city) throw new Error('ViaCEP answered an unexpected body');
    return { zipCode: cep, street: clip(body['logradouro'], 160), neighborhood: clip(body['bairro'], 80), city, state };
  };
}
