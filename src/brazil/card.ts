/**
 * Payment card helpers for the (lazy) card form: brand detection, Luhn, expiry, grouping.
 * Never log or store the values passed here.
 */
import creditCardType from 'credit-card-type';

export type CardBrand =
  | 'visa'
  | 'mastercard'
  | 'elo'
  | 'hipercard'
  | 'hiper'
  | 'amex'
  | 'diners'
  | 'discover'
  | 'jcb'
  | 'unionpay'
  | 'maestro'
  | 'mir'
  | 'troy'
  | 'verve'
  | 'naranja'
  | 'unknown';

export interface CardBrandInfo {
  brand: CardBrand;
  /** Display name, e.g. "American Express". */
  label: string;
  /** Allowed number lengths. */
  lengths: number[];
  cvvLength: number;
  /** Indexes where a space goes when the number is grouped. */
  gaps: number[];
}

const BRAND_OF: Record<string, CardBrand> = {
  'american-express': 'amex',
  'diners-club': 'diners',
};

/** Tie-break when a short prefix fits several brands: what a Brazilian shopper most likely holds. */
const PREFERENCE: readonly string[] = [
  'visa',
  'mastercard',
  'elo',
  'hipercard',
  'hiper',
  'american-express',
  'diners-club',
  'discover',
  'jcb',
];

/**
 * Hipercard's 38-series BINs (384100, 384140, 384160), which the library files under Diners
 * Club's broad "38" prefix. Checked locally instead of patching the library's shared registry.
 */
const HIPERCARD_38 = /^3841[046]0/;

function rank(type: string): number {
  const i = PREFERENCE.indexOf(type);
  return i === -1 ? PREFERENCE.length : i;
}

function digitsOnly(s: string): string | undefined {
  if (/[^\d\s\-]/.test(s)) return undefined;
  return s.replace(/\D/g, '');
}

/**
 * Brand of a (possibly partial) card number, or `undefined` when there are no digits or no
 * brand fits. Specific BIN ranges (Elo, Hipercard...) win over the broad Visa/Mastercard/
 * Discover prefixes once enough digits are typed.
 */
export function detectCardBrand(number: string): CardBrandInfo | undefined {
  const digits = digitsOnly(number);
  if (!digits) return undefined;
  if (HIPERCARD_38.test(digits)) {
    return { brand: 'hipercard', label: 'Hipercard', lengths: [16, 19], cvvLength: 3, gaps: [4, 8, 12] };
  }
  const matches = creditCardType(digits);
  if (matches.length === 0) return undefined;
  const best = matches.length === 1 ? matches[0]! : [...matches].sort((a, b) => rank(a.type) - rank(b.type))[0]!;
  return {
    brand: BRAND_OF[best.type] ?? (best.type as CardBrand),
    label: best.niceType,
    lengths: [...best.lengths],
    cvvLength: best.code.size,
    gaps: [...best.gaps],
  };
}

/** Luhn (mod 10) checksum over the digits; spaces and dashes allowed; fewer than 2 digits is false. */
export function luhnValid(number: string): boolean {
  const digits = digitsOnly(number);
  if (!digits || digits.length < 2) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Luhn-valid and of a length the detected brand allows (unknown brands are rejected). */
export function isValidCardNumber(number: string): boolean {
  const digits = digitsOnly(number);
  if (!digits) return false;
  const info = detectCardBrand(digits);
  return info !== undefined && info.lengths.includes(digits.length) && luhnValid(digits);
}

/** Parses "MM/AA", "MM/AAAA" (also "M/AA", "MM-AA", "MMAA", "MMAAAA"); `undefined` when not a month/year. */
export function parseExpiry(s: string): { month: number; year: number } | undefined {
  const m = /^\s*(?:(\d{1,2})\s*[/\-]\s*|(\d{2}))(\d{2}|\d{4})\s*$/.exec(s);
  if (!m) return undefined;
  const month = Number(m[1] ?? m[2]);
  const y = m[3]!;
  const year = y.length === 2 ? 2000 + Number(y) : Number(y);
  if (month < 1 || month > 12) return undefined;
  return { month, year };
}

/** True when month/year is not before the current month of `now` and at most 20 years ahead. */
export function isExpiryValid(month: number, year: number, now: Date = new Date()): boolean {
  if (!Number.isInteger(month) || !Number.isInteger(year) || month < 1 || month > 12) return false;
  const nowYear = now.getFullYear();
  const current = nowYear * 12 + now.getMonth();
  const given = year * 12 + (month - 1);
  return given >= current && year <= nowYear + 20;
}

/**
 * Groups the digits by the brand's gaps (`4111 1111 1111 1111`, `3782 822463 10005`), cut to
 * the brand's longest length (19 when unknown). Non-digits are dropped.
 */
export function formatCardNumber(n: string): string {
  const digits = n.replace(/\D/g, '');
  const info = detectCardBrand(digits);
  const gaps = info?.gaps ?? [4, 8, 12, 16];
  const max = info ? Math.max(...info.lengths) : 19;
  const d = digits.slice(0, max);
  let out = '';
  for (let i = 0; i < d.length; i++) {
    if (i > 0 && gaps.includes(i)) out += ' ';
    out += d[i];
  }
  return out;
}
