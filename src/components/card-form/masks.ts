/**
 * imask set-up for the card form. This module belongs to the lazy card chunk: nothing in the main
 * bundle may import it. Only the parts of imask the form uses are pulled in (the input holder and
 * the pattern and range masks), not the whole library.
 */
import IMask from 'imask/holder';
import 'imask/esm/masked/pattern.js';
import MaskedRange from 'imask/esm/masked/range.js';
import type InputMask from 'imask/esm/controls/input.js';
import type { FactoryArg } from 'imask/esm/masked/factory.js';

export type CardInputMask = InputMask<FactoryArg>;

/** Spacing and longest length used until a brand is recognised. */
const DEFAULT_GAPS: readonly number[] = [4, 8, 12];
const DEFAULT_MAX_LENGTH = 19;

/**
 * An imask pattern for a card number: one `0` per digit, a space before each gap.
 * `numberPattern([4, 10], [15])` -> `'0000 000000 00000'` (Amex 4-6-5).
 */
export function numberPattern(gaps: readonly number[] = DEFAULT_GAPS, lengths: readonly number[] = []): string {
  const max = lengths.length > 0 ? Math.max(...lengths) : DEFAULT_MAX_LENGTH;
  const spaced = new Set(gaps.length > 0 ? gaps : DEFAULT_GAPS);
  let out = '';
  for (let i = 0; i < max; i++) out += (spaced.has(i) && i > 0 ? ' ' : '') + '0';
  return out;
}

/** An imask pattern for a CVV of `length` digits. */
export function cvvPattern(length: number): string {
  return '0'.repeat(Math.min(4, Math.max(3, length)));
}

/**
 * Whole-value clean-up for the expiry field, applied to what is inserted into an empty field
 * (browser autofill and paste): `12/2028`, `12-28`, `1/2030`, `122028` -> month and 2-digit year.
 */
export function prepareExpiry(str: string, masked: { unmaskedValue: string }): string {
  if (masked.unmaskedValue !== '') return str;
  const m = /^\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})\s*$/.exec(str) ?? /^\s*(\d{2})(\d{4})\s*$/.exec(str);
  return m ? m[1]!.padStart(2, '0') + m[2]!.slice(-2) : str;
}

/** Options of the `MM/AA` expiry mask: month 01-12 (a lone 2-9 is padded to 02-09), 2-digit year. */
export function expiryMaskOptions() {
  return {
    mask: 'MM/YY',
    eager: 'append' as const,
    prepare: prepareExpiry,
    blocks: {
      MM: { mask: MaskedRange, from: 1, to: 12, maxLength: 2, autofix: 'pad' as const },
      YY: { mask: MaskedRange, from: 0, to: 99, maxLength: 2 },
    },
  };
}

export function createPatternMask(el: HTMLInputElement, pattern: string): CardInputMask {
  return IMask(el, { mask: pattern }) as unknown as CardInputMask;
}

export function createExpiryMask(el: HTMLInputElement): CardInputMask {
  return IMask(el, expiryMaskOptions()) as unknown as CardInputMask;
}
