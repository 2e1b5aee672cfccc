/**
 * imask set-up for the card form. This module belongs to the lazy card chunk: nothing in the main
 * bundle may import it.
 *
 * Only imask's core is pulled in: the input control (events, caret, undo) and the `Masked` model
 * base (append, splice, tails). Its pattern language (pattern masks, definitions, blocks, range
 * masks: about 4 KB gzip) is not: every card field is a fixed layout of digits, which
 * `MaskedDigits` below models directly, giving the same values and caret moves as the pattern masks
 * `0000 0000 0000 0000` / `000` and `MM/YY` (month and year range blocks, month autofix `pad`)
 * did. test/browser/components/card-masks.test.ts replays random editing against imask's pattern
 * masks to hold it to that.
 */
import InputMask from 'imask/esm/controls/input.js';
import Masked from 'imask/esm/masked/base.js';
import type { AppendFlags, ExtractFlags, MaskedState } from 'imask/esm/masked/base.js';
import ChangeDetails from 'imask/esm/core/change-details.js';
import type { Direction } from 'imask/esm/core/utils.js';

export type CardInputMask = InputMask<{ mask: typeof MaskedDigits; layout: string }>;

/** Spacing and longest length used until a brand is recognised. */
const DEFAULT_GAPS: readonly number[] = [4, 8, 12];
const DEFAULT_MAX_LENGTH = 19;

/** A digit slot in a layout; every other character is fixed (shown as is, typed or not). */
const SLOT = '0';

/**
 * A value typed into a layout of digit slots and fixed characters, as imask's (lazy) pattern mask
 * of the same layout holds it: the value is always a prefix of the layout with every slot in it
 * filled; a fixed character comes in when the next digit does (or right away with
 * `eager: 'append'`) and counts as typed input only when the buyer typed it at its place.
 */
export class MaskedDigits extends Masked {
  /** `0` for each digit, any other character fixed: `0000 0000 0000 0000`, `00/00`. */
  declare layout: string;
  /** The first two slots are a month, 01-12, fixed up as imask's range block `{ from: 1, to: 12, autofix: 'pad' }` did. */
  declare month?: boolean;
  /** One flag per character of the value: `1` where it is the buyer's input (every digit, a fixed character typed at its place). */
  declare raw: string;
  declare overwrite?: boolean | 'shift';
  declare eager?: boolean | 'remove' | 'append';
  declare skipInvalid?: boolean;
  declare autofix?: boolean | 'pad';

  constructor(opts: Record<string, unknown>) {
    super(opts);
    this.raw = '';
  }

  override reset(): void {
    this._value = this.raw = '';
  }

  override get state(): MaskedState {
    return { ...super.state, raw: this.raw } as MaskedState;
  }
  override set state(state: MaskedState) {
    super.state = state;
    this.raw = (state as MaskedState & { raw: string }).raw;
  }

  override get unmaskedValue(): string {
    return this.extractInput();
  }
  override set unmaskedValue(value: string) {
    this.resolve(value, {});
  }

  override get isComplete(): boolean {
    return !this.layout.includes(SLOT, this._value.length);
  }

  /** The digits in the range; with `raw`, also the fixed characters the buyer typed. */
  override extractInput(fromPos = 0, toPos = this._value.length, flags: ExtractFlags = {}): string {
    let out = '';
    for (let i = fromPos; i < Math.min(toPos, this._value.length); i++) {
      if (flags.raw ? this.raw[i] === '1' : this.layout[i] === SLOT) out += this._value[i];
    }
    return out;
  }

  override remove(fromPos = 0, toPos = this._value.length): ChangeDetails {
    const cut = (s: string) => s.slice(0, fromPos) + s.slice(toPos);
    this._value = cut(this._value);
    this.raw = cut(this.raw);
    return new ChangeDetails();
  }

  /**
   * Caret positions never rest after a fixed character that ends the value when moving left, and
   * step over fixed characters in the forced directions (and to the right when a digit follows).
   */
  override nearestInputPos(cursorPos: number, direction: Direction = 'NONE'): number {
    const length = this._value.length;
    const fixedAt = (i: number) => i >= 0 && i < length && this.layout[i] !== SLOT;
    let pos = Math.min(Math.max(cursorPos, 0), length);
    if (direction === 'FORCE_LEFT' || (direction === 'LEFT' && pos === length)) {
      while (fixedAt(pos - 1)) pos--;
    } else if (direction === 'FORCE_RIGHT' || direction === 'RIGHT') {
      let next = pos;
      while (fixedAt(next)) next++;
      if (direction === 'FORCE_RIGHT' || next < length) pos = next;
    }
    return pos;
  }

  #push(chars: string, raw: boolean): ChangeDetails {
    this._value += chars;
    this.raw += (raw ? '1' : '0').repeat(chars.length);
    return new ChangeDetails({ inserted: chars, rawInserted: raw ? chars : '' });
  }

  /** One character at the end: the fixed characters before the next slot, then the digit (or a skip). */
  override _appendCharRaw(ch: string, flags: AppendFlags = {}): ChangeDetails {
    const details = new ChangeDetails();
    for (let i = this._value.length, c; (c = this.layout[i]); i++) {
      if (c !== SLOT) {
        const typed = ch === c && (flags.input || flags.raw) && !(flags.raw && this.eager) && !flags.tail;
        details.aggregate(this.#push(c, !!typed));
        if (typed) break;
        continue;
      }
      let digit = /\d/.test(ch) ? ch : '';
      if (digit && this.month && i < 2) {
        const month = this._value.slice(0, i) + digit;
        // 00 -> 01; a first digit 2-9 is padded (7 -> 07), or capped in a tail; 13-19 -> 12.
        if (Number(month.padEnd(2, '9')) < 1) digit = '1';
        else if (Number(month.padEnd(2, '0')) > 12) digit = i === 0 && !flags.tail ? '0' + digit : '12'[i]!;
      }
      if (digit) details.aggregate(this.#push(digit, true));
      else details.skip = true;
      break;
    }
    return details;
  }

  /** `eager: 'append'`: the fixed characters that follow the value come in at once. */
  override _appendEager(): ChangeDetails {
    const details = new ChangeDetails();
    for (let c; (c = this.layout[this._value.length]) && c !== SLOT; ) details.aggregate(this.#push(c, false));
    return details;
  }
}

/**
 * A card number layout: one slot per digit, a space before each gap.
 * `numberLayout([4, 10], [15])` -> `'0000 000000 00000'` (Amex 4-6-5).
 */
export function numberLayout(gaps: readonly number[] = DEFAULT_GAPS, lengths: readonly number[] = []): string {
  const max = lengths.length > 0 ? Math.max(...lengths) : DEFAULT_MAX_LENGTH;
  const spaced = new Set(gaps.length > 0 ? gaps : DEFAULT_GAPS);
  let out = '';
  for (let i = 0; i < max; i++) out += (spaced.has(i) && i > 0 ? ' ' : '') + SLOT;
  return out;
}

/** A CVV layout of `length` digits (3 or 4). */
export function cvvLayout(length: number): string {
  return SLOT.repeat(Math.min(4, Math.max(3, length)));
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
  return { mask: MaskedDigits, layout: '00/00', month: true, eager: 'append' as const, prepare: prepareExpiry };
}

export function createDigitsMask(el: HTMLInputElement, layout: string): CardInputMask {
  return new InputMask(el, { mask: MaskedDigits, layout });
}

export function createExpiryMask(el: HTMLInputElement): CardInputMask {
  return new InputMask(el, expiryMaskOptions()) as unknown as CardInputMask;
}
