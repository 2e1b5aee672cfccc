/**
 * Progressive input masking that keeps the caret where the buyer expects it. The formatter turns
 * any raw text into the masked text; `significant` tells which characters carry data (digits,
 * letters) as opposed to the mask's separators.
 */
export interface MaskSpec {
  format: (raw: string) => string;
  significant: RegExp;
}

function countSignificant(s: string, re: RegExp): number {
  let n = 0;
  for (const ch of s) if (re.test(ch)) n++;
  return n;
}

/** Index just after the `n`-th significant character of `s` (0 when n is 0). */
function indexAfter(s: string, n: number, re: RegExp): number {
  if (n <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < s.length; i++) {
    if (re.test(s[i]!)) {
      seen++;
      if (seen === n) return i + 1;
    }
  }
  return s.length;
}

/**
 * Re-formats `input` after an `input` event and restores the caret. When the buyer deletes only a
 * separator (Backspace right after `-`), the data character before it goes too, so the mask does
 * not just put the separator back. Returns the new value.
 */
export function applyMask(input: HTMLInputElement, spec: MaskSpec, previous: string, inputType?: string): string {
  let raw = input.value;
  let caret = input.selectionStart ?? raw.length;
  const atEnd = caret >= raw.length;
  const { significant: re, format } = spec;

  if (
    (inputType === 'deleteContentBackward' || inputType === 'deleteContentForward') &&
    raw.length < previous.length &&
    countSignificant(raw, re) === countSignificant(previous, re)
  ) {
    // Only separators went away: remove the nearest data character in the delete direction.
    if (inputType === 'deleteContentBackward') {
      let i = caret - 1;
      while (i >= 0 && !re.test(raw[i]!)) i--;
      if (i >= 0) {
        raw = raw.slice(0, i) + raw.slice(i + 1);
        caret = i;
      }
    } else {
      let i = caret;
      while (i < raw.length && !re.test(raw[i]!)) i++;
      if (i < raw.length) raw = raw.slice(0, i) + raw.slice(i + 1);
    }
  }

  const before = countSignificant(raw.slice(0, caret), re);
  const formatted = format(raw);
  if (formatted !== input.value) input.value = formatted;
  const pos = atEnd ? formatted.length : indexAfter(formatted, before, re);
  const root = input.getRootNode() as Document | ShadowRoot;
  if (root.activeElement === input) input.setSelectionRange(pos, pos);
  return formatted;
}
