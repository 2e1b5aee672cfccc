/**
 * CPF and CNPJ, including the alphanumeric CNPJ (IN RFB 2.229/2024): the first 12 characters
 * are [0-9A-Z], the last two are numeric check digits computed mod 11 with each character
 * valued as its ASCII code minus 48 (so digits keep their value and "A" is 17).
 * A CPF's check digits are checked by @brazilian-utils (the library the project keeps for it);
 * the alphanumeric CNPJ, which it does not know, and the test generators use the routine below.
 */
import { isValidCpf as libIsValidCpf } from '@brazilian-utils/brazilian-utils';

export type DocumentType = 'CPF' | 'CNPJ';

/** Strips `.`, `-`, `/` and whitespace, upper-cases letters. Other characters are kept (and fail validation). */
export function cleanDocument(s: string): string {
  return s.replace(/[.\-/\s]/g, '').toUpperCase();
}

/** Type of an already clean document by its shape (11 digits / 12 [0-9A-Z] + 2 digits); no check digits tested. */
export function documentType(clean: string): DocumentType | undefined {
  if (/^\d{11}$/.test(clean)) return 'CPF';
  if (/^[0-9A-Z]{12}\d{2}$/.test(clean)) return 'CNPJ';
  return undefined;
}

function allSame(s: string): boolean {
  return /^(.)\1*$/.test(s);
}

/**
 * The two mod-11 check digits of `base` (CPF: 9 digits; CNPJ: 12 characters), each character valued
 * as its ASCII code minus 48, weights from the right 2, 3, ... up to `maxWeight` (then back to 2):
 * 11 for a CPF (so never wraps), 9 for a CNPJ. A remainder below 2 gives 0, else 11 minus it.
 */
function checkDigits(base: string, maxWeight: number): string {
  for (let n = 0; n < 2; n++) {
    let sum = 0;
    for (let i = 0; i < base.length; i++) sum += (base.charCodeAt(base.length - 1 - i) - 48) * ((i % (maxWeight - 1)) + 2);
    base += sum % 11 < 2 ? 0 : 11 - (sum % 11);
  }
  return base.slice(-2);
}

/** True for a CPF with correct check digits (punctuation allowed); repeated-digit sequences are rejected. */
export function isValidCpf(s: string): boolean {
  const c = cleanDocument(s);
  return /^\d{11}$/.test(c) && !allSame(c) && libIsValidCpf(c);
}

/** True for a numeric or alphanumeric CNPJ with correct check digits (punctuation allowed, letters any case). */
export function isValidCnpj(s: string): boolean {
  const c = cleanDocument(s);
  return /^[0-9A-Z]{12}\d{2}$/.test(c) && !allSame(c) && checkDigits(c.slice(0, 12), 9) === c.slice(12);
}

/** True for a valid CPF or CNPJ (11 digits are a CPF; anything else must be a CNPJ). */
export function isValidDocument(s: string): boolean {
  return /^\d{11}$/.test(cleanDocument(s)) ? isValidCpf(s) : isValidCnpj(s);
}

/** Inserts `seps[i]` before position `at[i]` when the text reaches past it. */
function mask(s: string, at: readonly number[], seps: readonly string[]): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const k = at.indexOf(i);
    if (k >= 0) out += seps[k];
    out += s[i];
  }
  return out;
}

/**
 * Progressive mask as the user types: `000.000.000-00` while there are at most 11 digits,
 * `AA.AAA.AAA/AAAA-00` beyond 11 characters or as soon as a letter appears. Characters that
 * cannot be part of a document are dropped; extra characters are cut.
 */
export function formatDocument(s: string): string {
  const c = s.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (c.length <= 11 && /^\d*$/.test(c)) return mask(c, [3, 6, 9], ['.', '.', '-']);
  return mask(c.slice(0, 14), [2, 5, 8, 12], ['.', '.', '/', '-']);
}

function pick(alphabet: string, random: () => number): string {
  const i = Math.min(alphabet.length - 1, Math.floor(random() * alphabet.length));
  return alphabet[Math.max(0, i)]!;
}

const DIGITS = '0123456789';
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';


/** A random valid CPF (11 digits). `random` returns [0, 1) like `Math.random`, for reproducible tests. */
export function generateCpf(random: () => number = Math.random): string {
  let base = '';
  for (let i = 0; i < 9; i++) base += pick(DIGITS, random);
  if (allSame(base)) base = base.slice(0, 8) + ((Number(base[8]) + 1) % 10);
  return base + checkDigits(base, 11);
}

/**
 * A random valid CNPJ (14 characters). With `alphanumeric`, the first 12 characters are drawn
 * from [0-9A-Z] and at least one of them is a letter.
 */
export function generateCnpj(random: () => number = Math.random, alphanumeric = false): string {
  let base = '';
  for (let i = 0; i < 12; i++) base += pick(alphanumeric ? ALNUM : DIGITS, random);
  if (alphanumeric && /^\d+$/.test(base)) {
    const at = Math.min(11, Math.floor(random() * 12));
    base = base.slice(0, at) + pick(ALNUM.slice(10), random) + base.slice(at + 1);
  }
  // A constant random source could yield a repeated sequence, which is never valid.
  if (allSame(base)) base = base.slice(0, 11) + (base[11] === '1' ? '2' : '1');
  return base + checkDigits(base, 9);
}
