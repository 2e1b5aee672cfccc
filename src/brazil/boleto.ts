/**
 * Boleto: the 44-digit barcode and the typed "linha digitável".
 *
 * Bank boleto ("boleto bancário"): barcode = bank(3) currency(1) check digit(1) due-date
 * factor(4) amount(10) free field(25); line = 47 digits in five fields, the first three
 * carrying a mod-10 check digit, the fourth being the barcode's mod-11 check digit.
 *
 * Collection slip ("arrecadação"/"convênio"): barcode starts with 8; line = 48 digits, four
 * blocks of 11 digits each followed by its own check digit (mod 10 or mod 11, chosen by the
 * value indicator in the third barcode digit).
 */

export type BoletoErrorCode = 'length' | 'check-digit' | 'format';

export class BoletoError extends Error {
  override name = 'BoletoError';
  readonly code: BoletoErrorCode;
  /** Which check digit failed: 1-3 line fields, 4 the general one (bank boleto); blocks 1-4 / 5 for arrecadação. */
  readonly field?: number;
  constructor(code: BoletoErrorCode, message: string, field?: number) {
    super(message);
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}

/** Mod-10 check digit: weights 2,1,2,1... from the right, digits of each product summed. */
export function mod10(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const p = Number(digits[i]) * weight;
    sum += p > 9 ? p - 9 : p;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

function mod11Sum(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += Number(digits[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  return sum % 11;
}

/** Bank boleto general check digit: 11 - (sum mod 11) with weights 2..9; 0, 10 and 11 become 1. */
export function mod11Bank(digits: string): number {
  const dv = 11 - mod11Sum(digits);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}

/** Arrecadação mod-11 check digit: remainder 0 or 1 gives 0, otherwise 11 - remainder. */
function mod11Collection(digits: string): number {
  const r = mod11Sum(digits);
  return r < 2 ? 0 : 11 - r;
}

/** Why a line or barcode is rejected, for `raise` to explain (or for a caller to just stop). */
type Why = 'chars' | 'indicator' | 'currency' | 'barcode-length' | 'line-length' | 'general' | 'block' | 'field';
type Fail = (why: Why, field?: number) => never;

const EXPLAIN: Record<Why, [BoletoErrorCode, string]> = {
  chars: ['format', 'Boleto contains characters other than digits'],
  indicator: ['format', 'Unknown value indicator in arrecadação barcode'],
  currency: ['format', 'Unsupported currency code in boleto'],
  'barcode-length': ['length', 'Boleto barcode must have 44 digits'],
  'line-length': ['length', 'Boleto line must have 47 digits'],
  general: ['check-digit', 'Wrong general check digit'],
  block: ['check-digit', 'Wrong check digit in block'],
  field: ['check-digit', 'Wrong check digit in field'],
};

/** Throws the `BoletoError` that explains `why` (the public functions' failure mode). */
const raise: Fail = (why, field) => {
  const [code, message] = EXPLAIN[why];
  throw new BoletoError(code, why === 'block' || why === 'field' ? `${message} ${field}` : message, field);
};

/** Digits of a typed line or barcode; punctuation and spaces allowed, anything else rejected. */
function digitsOf(s: string, fail: Fail): string {
  if (/[^\d\s.\-]/.test(s)) fail('chars');
  return s.replace(/\D/g, '');
}

function collectionCheck(barcode: string, fail: Fail): (s: string) => number {
  const indicator = barcode[2];
  if (indicator === '6' || indicator === '7') return mod10;
  if (indicator === '8' || indicator === '9') return mod11Collection;
  return fail('indicator');
}

function checkBarcode(b: string, fail: Fail): void {
  if (b.length !== 44) fail('barcode-length');
  if (b[0] === '8') {
    if (collectionCheck(b, fail)(b.slice(0, 3) + b.slice(4)) !== Number(b[3])) fail('general', 5);
    return;
  }
  if (b[3] !== '9') fail('currency');
  if (mod11Bank(b.slice(0, 4) + b.slice(5)) !== Number(b[4])) fail('general', 4);
}

function lineToBarcode(line: string, fail: Fail): string {
  const l = digitsOf(line, fail);
  let barcode: string;
  if (l.length === 48 && l[0] === '8') {
    const blocks = [0, 1, 2, 3].map((i) => l.slice(i * 12, i * 12 + 11));
    barcode = blocks.join('');
    const check = collectionCheck(barcode, fail);
    blocks.forEach((block, i) => {
      if (check(block) !== Number(l[i * 12 + 11])) fail('block', i + 1);
    });
  } else {
    if (l.length !== 47) fail('line-length');
    [l.slice(0, 9), l.slice(10, 20), l.slice(21, 31)].forEach((f, i) => {
      if (mod10(f) !== Number(l[[9, 20, 31][i]!])) fail('field', i + 1);
    });
    barcode = l.slice(0, 4) + l[32] + l.slice(33, 47) + l.slice(4, 9) + l.slice(10, 20) + l.slice(21, 31);
  }
  checkBarcode(barcode, fail);
  return barcode;
}

/**
 * Converts a typed line (47-digit bank boleto, or 48-digit arrecadação) to the 44-digit barcode.
 * Spaces, dots and dashes are ignored. Throws `BoletoError` on a wrong length, a non-digit
 * character, or any failing check digit.
 */
export function boletoLineToBarcode(line: string): string {
  return lineToBarcode(line, raise);
}

/**
 * The same conversion for a caller that only needs to know whether the line holds: the barcode,
 * or undefined when any check fails (no error object, so none of the explanations ship with it).
 */
export function barcodeOfLine(line: string): string | undefined {
  try {
    return lineToBarcode(line, () => {
      throw 0;
    });
  } catch {
    return undefined;
  }
}

/** Converts a 44-digit barcode to its typed line (47 digits, or 48 for arrecadação). Throws `BoletoError`. */
export function boletoBarcodeToLine(barcode: string): string {
  const b = digitsOf(barcode, raise);
  checkBarcode(b, raise);
  if (b[0] === '8') {
    const check = collectionCheck(b, raise);
    return [0, 1, 2, 3].map((i) => b.slice(i * 11, i * 11 + 11)).map((block) => block + check(block)).join('');
  }
  const f1 = b.slice(0, 4) + b.slice(19, 24);
  const f2 = b.slice(24, 34);
  const f3 = b.slice(34, 44);
  return `${f1}${mod10(f1)}${f2}${mod10(f2)}${f3}${mod10(f3)}${b[4]}${b.slice(5, 19)}`;
}

function isOk(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

/** True for a 44-digit barcode whose check digit is right (bank boleto or arrecadação). */
export function isValidBoletoBarcode(b: string): boolean {
  return isOk(() => checkBarcode(digitsOf(b, raise), raise));
}

/** True for a typed line (47 or 48 digits, punctuation allowed) whose check digits are all right. */
export function isValidBoletoLine(l: string): boolean {
  return isOk(() => boletoLineToBarcode(l));
}

/**
 * Groups a line for display: `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE` (bank),
 * `AAAAAAAAAAA-A BBBBBBBBBBB-B CCCCCCCCCCC-C DDDDDDDDDDD-D` (arrecadação). Does not validate;
 * input of another length is returned as its digits.
 */
export function formatBoletoLine(line: string): string {
  const l = line.replace(/\D/g, '');
  if (l.length === 47) {
    return `${l.slice(0, 5)}.${l.slice(5, 10)} ${l.slice(10, 15)}.${l.slice(15, 21)} ${l.slice(21, 26)}.${l.slice(26, 32)} ${l[32]} ${l.slice(33)}`;
  }
  if (l.length === 48) {
    return [0, 1, 2, 3].map((i) => `${l.slice(i * 12, i * 12 + 11)}-${l[i * 12 + 11]}`).join(' ');
  }
  return l;
}

/** Accepts a barcode or a typed line, returns the 44-digit barcode (length/format checked only). */
function toBarcodeDigits(s: string): string {
  const d = digitsOf(s, raise);
  if (d.length === 47 || d.length === 48) return boletoLineToBarcode(d);
  if (d.length !== 44) raise('barcode-length');
  return d;
}

/**
 * Amount in cents encoded in a barcode (or typed line). 0 when the boleto carries no amount
 * (or, for arrecadação, when the value field is a reference rather than an amount).
 */
export function boletoAmount(barcode: string): number {
  const b = toBarcodeDigits(barcode);
  if (b[0] === '8') return b[2] === '6' || b[2] === '8' ? Number(b.slice(4, 15)) : 0;
  return Number(b.slice(9, 19));
}

const DAY = 86_400_000;
const FACTOR_BASE = Date.UTC(1997, 9, 7);
/** Factors run 1000..9999 and then restart at 1000, i.e. every 9000 days (first reset 2025-02-22). */
const FACTOR_CYCLE = 9000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Due date (`YYYY-MM-DD`) of a bank boleto barcode (or typed line). The factor counts days
 * from 1997-10-07 and restarted at 1000 on 2025-02-22, so a factor names one date per 9000-day
 * cycle: the one nearest `today` is returned. Factor 0000 (no due date) and arrecadação slips
 * give `undefined`.
 */
export function boletoDueDate(barcode: string, today: Date = new Date()): string | undefined {
  const b = toBarcodeDigits(barcode);
  if (b[0] === '8') return undefined;
  const factor = Number(b.slice(5, 9));
  if (factor === 0) return undefined;
  const now = today.getTime();
  let best = FACTOR_BASE + factor * DAY;
  if (factor >= 1000) {
    for (let cycle = 1; ; cycle++) {
      const candidate = FACTOR_BASE + (factor + cycle * FACTOR_CYCLE) * DAY;
      if (Math.abs(candidate - now) >= Math.abs(best - now)) break;
      best = candidate;
    }
  }
  return isoDay(best);
}

/** Due-date factor (1000-9999, restarting every 9000 days) for a `YYYY-MM-DD` date. */
export function boletoDueDateFactor(dueDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dueDate);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || isoDay(ms) !== dueDate) throw new RangeError('dueDate must be a valid YYYY-MM-DD date');
  const days = Math.round((ms - FACTOR_BASE) / DAY);
  if (days < 1000) throw new RangeError('dueDate is before 2000-07-03, the first factor 1000');
  return ((days - 1000) % FACTOR_CYCLE) + 1000;
}

export interface BoletoBarcodeInput {
  /** Three-digit bank code (COMPE), e.g. "001". */
  bankCode: string;
  /** Cents, 0..9_999_999_999. */
  amount: number;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  /** 25 digits defined by the bank. */
  freeField: string;
}

/** Builds a valid 44-digit bank boleto barcode (currency 9, due-date factor, mod-11 check digit). */
export function buildBoletoBarcode(o: BoletoBarcodeInput): string {
  if (!/^\d{3}$/.test(o.bankCode)) throw new RangeError('bankCode must be 3 digits');
  if (o.bankCode[0] === '8') throw new RangeError('bankCode cannot start with 8 (reserved for arrecadação)');
  if (!Number.isSafeInteger(o.amount) || o.amount < 0 || o.amount > 9_999_999_999) {
    throw new RangeError('amount must be an integer number of cents up to 9999999999');
  }
  if (!/^\d{25}$/.test(o.freeField)) throw new RangeError('freeField must be 25 digits');
  const factor = boletoDueDateFactor(o.dueDate);
  const rest = String(factor) + String(o.amount).padStart(10, '0') + o.freeField;
  const head = o.bankCode + '9';
  return head + mod11Bank(head + rest) + rest;
}
