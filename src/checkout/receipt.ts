/**
 * Buyer wording for payment outcomes that the gateway describes in its own terms: card brand names
 * for the receipt, and card refusals mapped by code to our own advice (never the gateway's text
 * in English; in pt-BR only as a fallback for a code we do not know).
 */
import type { Refusal } from '../contract/payment.js';
import type { MessageKey } from './i18n.js';

const BRANDS: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  master: 'Mastercard',
  amex: 'Amex',
  americanexpress: 'Amex',
  elo: 'Elo',
  hipercard: 'Hipercard',
  hiper: 'Hiper',
  diners: 'Diners',
  dinersclub: 'Diners',
  discover: 'Discover',
  jcb: 'JCB',
  aura: 'Aura',
  cabal: 'Cabal',
};

/** `VISA` -> `Visa`, `AMEX`/`american_express` -> `Amex`; unknown brands get a capital first letter. */
export function brandName(raw: string): string {
  const key = raw.toLowerCase().replace(/[^a-z]/g, '');
  const known = BRANDS[key];
  if (known) return known;
  const t = raw.trim().toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export type RefusalKind = 'cvv' | 'funds' | 'expired' | 'number' | 'retry' | 'generic';

/** Gateway/acquirer codes (sandbox names, common processor names and ISO 8583 answers) by kind. */
const CODES: Readonly<Record<string, RefusalKind>> = {
  incorrect_cvc: 'cvv',
  invalid_cvc: 'cvv',
  incorrect_cvv: 'cvv',
  invalid_cvv: 'cvv',
  invalid_security_code: 'cvv',
  n7: 'cvv',
  '82': 'cvv',
  insufficient_funds: 'funds',
  '51': 'funds',
  '61': 'funds',
  '65': 'funds',
  card_velocity_exceeded: 'funds',
  expired_card: 'expired',
  '54': 'expired',
  '33': 'expired',
  incorrect_number: 'number',
  invalid_number: 'number',
  invalid_card_number: 'number',
  '14': 'number',
  processing_error: 'retry',
  issuer_not_available: 'retry',
  issuer_unavailable: 'retry',
  try_again_later: 'retry',
  '91': 'retry',
  '96': 'retry',
};

/** Words of the gateway's free-text reason (Portuguese or English), for the `refused` catch-all code. */
const WORDS: readonly [RegExp, RefusalKind][] = [
  [/c[óo]digo de seguran[çc]a|\bcvv\b|\bcvc\b|security code/i, 'cvv'],
  [/saldo|limite|insufficient|funds/i, 'funds'],
  [/vencid|expirad|expired/i, 'expired'],
  [/n[úu]mero.*(inv[áa]lid|incorret)|invalid (card )?number/i, 'number'],
  [/indispon[íi]vel|tente novamente mais tarde|try again later|unavailable|timeout/i, 'retry'],
];

/** What kind of refusal this is, from its code first, then (code `refused`) from its words. */
export function refusalKind(refusal: Refusal | undefined): RefusalKind {
  if (!refusal) return 'generic';
  const code = refusal.code.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const byCode = CODES[code];
  if (byCode) return byCode;
  for (const [re, kind] of WORDS) if (re.test(refusal.message)) return kind;
  return 'generic';
}

export const REFUSAL_KEYS: Readonly<Record<RefusalKind, MessageKey>> = {
  cvv: 'refusal.cvv',
  funds: 'refusal.funds',
  expired: 'refusal.expired',
  number: 'refusal.number',
  retry: 'refusal.retry',
  generic: 'card.refused.generic',
};

/** The code a refusal of each kind is reported with when the gateway only says `refused`. */
const KIND_CODES: Readonly<Record<RefusalKind, string>> = {
  cvv: 'invalid_cvv',
  funds: 'insufficient_funds',
  expired: 'expired_card',
  number: 'invalid_number',
  retry: 'try_again_later',
  generic: 'refused',
};

/**
 * The specific refusal code for `bynet-payment-failed`: the gateway's own code when it has one,
 * else (its catch-all `refused`, or no code) the kind read from its reason, else `refused`.
 */
export function refusalCode(refusal: Refusal | undefined): string {
  const code = refusal?.code.trim() ?? '';
  if (code && code.toLowerCase() !== 'refused') return code;
  return KIND_CODES[refusalKind(refusal)];
}
