/**
 * Buyer wording for payment outcomes that the gateway describes in its own terms: card brand names
 * for the receipt, and card refusals mapped by code to our own advice (never the gateway's text
 * in English; in pt-BR only as a fallback for a code we do not know).
 */
import type { Refusal } from '../contract/payment.js';
import type { MessageKey } from './i18n.js';

/** Brands whose name is their code with a capital first letter; the others by alias. */
const BRANDS = /^(visa|mastercard|amex|elo|hipercard|hiper|diners|discover|aura|cabal)$/;
const BRAND_ALIASES = new Map([
  ['master', 'Mastercard'],
  ['americanexpress', 'Amex'],
  ['dinersclub', 'Diners'],
  ['jcb', 'JCB'],
]);

/** `VISA` -> `Visa`, `AMEX`/`american_express` -> `Amex`; unknown brands get a capital first letter. */
export function brandName(raw: string): string {
  const key = raw.toLowerCase().replace(/[^a-z]/g, '');
  const name = BRAND_ALIASES.get(key) ?? (BRANDS.test(key) ? key : raw.trim().toLowerCase());
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export type RefusalKind = 'cvv' | 'funds' | 'expired' | 'number' | 'retry' | 'generic';

/**
 * Each kind with its gateway/acquirer codes (sandbox names, common processor names and ISO 8583
 * answers; the first is the one `refusalCode` reports for it) and the words of a gateway's
 * free-text reason (Portuguese or English) that name it, read in this order.
 */
const KINDS: readonly [RefusalKind, string, RegExp][] = [
  ['cvv', 'invalid_cvv incorrect_cvc invalid_cvc incorrect_cvv invalid_security_code n7 82', /c[óo]digo de seguran[çc]a|\bcvv\b|\bcvc\b|security code/i],
  ['funds', 'insufficient_funds 51 61 65 card_velocity_exceeded', /saldo|limite|insufficient|funds/i],
  ['expired', 'expired_card 54 33', /vencid|expirad|expired/i],
  ['number', 'invalid_number incorrect_number invalid_card_number 14', /n[úu]mero.*(inv[áa]lid|incorret)|invalid (card )?number/i],
  ['retry', 'try_again_later processing_error issuer_not_available issuer_unavailable 91 96', /indispon[íi]vel|tente novamente mais tarde|try again later|unavailable|timeout/i],
];

/** What kind of refusal this is, from its code first, then (code `refused`) from its words. */
export function refusalKind(refusal: Refusal | undefined): RefusalKind {
  if (!refusal) return 'generic';
  const code = refusal.code.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return (
    KINDS.find(([, codes]) => codes.split(' ').includes(code)) ?? KINDS.find(([, , words]) => words.test(refusal.message)) ?? ['generic']
  )[0];
}

/** The advice shown for a refusal of `kind`. */
export function refusalKey(kind: RefusalKind): MessageKey {
  return kind === 'generic' ? 'card.refused.generic' : `refusal.${kind}`;
}

/**
 * The specific refusal code for `bynet-payment-failed`: the gateway's own code when it has one,
 * else (its catch-all `refused`, or no code) the kind read from its reason, else `refused`.
 */
export function refusalCode(refusal: Refusal | undefined): string {
  const code = refusal?.code.trim() ?? '';
  if (code && code.toLowerCase() !== 'refused') return code;
  const kind = refusalKind(refusal);
  return KINDS.find(([k]) => k === kind)?.[1].split(' ')[0] ?? 'refused';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * When the payment last changed, for the receipt, in the buyer's local time: "06/12/2026, 14:05"
 * (pt-BR), "12/6/26, 2:05 PM" (en). For pt-BR and en it is written without Intl, exactly as
 * `Intl.DateTimeFormat`'s short date and time styles write it: the first Intl formatter of a page
 * costs Chromium 50-80 ms of main thread, which would freeze the confirmation as it appears.
 * Other locales go through Intl.
 */
export function formatReceiptDate(epochMs: number, locale: string): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return '';
  const [day, month, year, h, min] = [d.getDate(), d.getMonth() + 1, d.getFullYear(), d.getHours(), pad2(d.getMinutes())];
  if (locale === 'pt-BR') return `${pad2(day)}/${pad2(month)}/${year}, ${pad2(h)}:${min}`;
  if (locale === 'en') return `${month}/${day}/${pad2(((year % 100) + 100) % 100)}, ${h % 12 || 12}:${min} ${h < 12 ? 'AM' : 'PM'}`;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(d);
}
