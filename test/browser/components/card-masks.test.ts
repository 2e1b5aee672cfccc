/**
 * The card form's lean masks (`MaskedDigits` on imask's input control) against imask's own pattern
 * masks, the ones the form used before: the same editing must give the same value, caret, digits
 * and raw input. imask's pattern and range masks are imported here only, as the reference.
 *
 * Two replays, both seeded (reproducible): a fast one on imask's models through its input control
 * with a scripted element (thousands of edits, every caret direction compared after each), and a
 * slower one with real key presses and text insertion into real inputs in Chromium.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import IMask from 'imask/holder';
import 'imask/esm/masked/pattern.js';
import MaskedRange from 'imask/esm/masked/range.js';
import InputMask from 'imask/esm/controls/input.js';
import MaskElement from 'imask/esm/controls/mask-element.js';
import type { EventHandlers } from 'imask/esm/controls/mask-element.js';
import { seededRandom } from '../../../src/sandbox/seed.js';
import { MaskedDigits, cvvLayout, expiryMaskOptions, numberLayout, prepareExpiry } from '../../../src/components/card-form/masks.js';

type Kind = 'number' | 'cvv' | 'expiry';
type AnyMask = InputMask<any>;

/** What the form used before: imask pattern masks (and range blocks for the expiry). */
function referenceOptions(kind: Kind): Record<string, unknown> {
  if (kind === 'number') return { mask: numberLayout() };
  if (kind === 'cvv') return { mask: cvvLayout(4) };
  return {
    mask: 'MM/YY',
    eager: 'append',
    prepare: prepareExpiry,
    blocks: {
      MM: { mask: MaskedRange, from: 1, to: 12, maxLength: 2, autofix: 'pad' },
      YY: { mask: MaskedRange, from: 0, to: 99, maxLength: 2 },
    },
  };
}

function leanOptions(kind: Kind): Record<string, unknown> {
  if (kind === 'expiry') return expiryMaskOptions();
  return { mask: MaskedDigits, layout: kind === 'number' ? numberLayout() : cvvLayout(4) };
}

/** Brand layouts the form switches between (credit-card-type's gaps and lengths), and no brand. */
const NUMBER_LAYOUTS = [
  numberLayout(),
  numberLayout([4, 8, 12], [16, 18, 19]),
  numberLayout([4, 8, 12], [16]),
  numberLayout([4, 10], [15]),
  numberLayout([4, 10], [14, 16, 19]),
  numberLayout([4, 8, 12], [12, 13, 14, 15, 16, 17, 18, 19]),
];
const RUNS = 300;
const DIRECTIONS = ['NONE', 'LEFT', 'FORCE_LEFT', 'RIGHT', 'FORCE_RIGHT'] as const;
/** Mostly digits; separators the buyer may type (space, slash, dash, dot) and a letter. */
const CHARS = '01234567890123456789012345678901234567890 /-.x';
const AUTOFILLED = ['12/2031', '1/30', '122028', '07-29', ' 3 / 2033 ', '1229', '4/5'];

/** An element imask drives like an input: value and selection kept here, edits made as a browser makes them. */
class ScriptedElement extends MaskElement {
  value = '';
  start = 0;
  end = 0;
  handlers: Partial<EventHandlers> = {};
  get _unsafeSelectionStart() {
    return this.start;
  }
  get _unsafeSelectionEnd() {
    return this.end;
  }
  _unsafeSelect(start: number, end: number) {
    this.start = start;
    this.end = end;
  }
  override get isActive() {
    return true;
  }
  bindEvents(handlers: EventHandlers) {
    this.handlers = handlers;
  }
  unbindEvents() {
    this.handlers = {};
  }
  /** Puts the caret (or a selection) somewhere, as a click or arrow keys do. */
  place(start: number, end: number) {
    this.start = Math.min(start, this.value.length);
    this.end = Math.min(Math.max(end, this.start), this.value.length);
    this.handlers.selectionChange?.();
  }
  /** Typing or pasting `text` over the selection. */
  insert(text: string) {
    this.handlers.selectionChange?.();
    this.value = this.value.slice(0, this.start) + text + this.value.slice(this.end);
    this.start = this.end = this.start + text.length;
    this.handlers.input?.({});
  }
  /** Backspace (`back`) or Delete over the caret or selection. */
  erase(back: boolean) {
    this.handlers.selectionChange?.();
    if (this.start === this.end) {
      if (back ? this.start === 0 : this.start === this.value.length) return;
      if (back) this.start--;
      else this.end++;
    }
    this.value = this.value.slice(0, this.start) + this.value.slice(this.end);
    this.end = this.start;
    this.handlers.input?.({});
  }
  /** Autofill: the whole value replaced at once. */
  fill(value: string) {
    this.value = value;
    this.start = this.end = value.length;
    this.handlers.input?.({});
  }
}

/** Everything the buyer or the form can observe, plus each caret direction's answer at every position. */
function observe(mask: AnyMask, el: ScriptedElement) {
  const masked = mask.masked;
  const caret = DIRECTIONS.map((d) =>
    Array.from({ length: masked.value.length + 3 }, (_, i) => masked.nearestInputPos(i - 1, d)).join(','),
  );
  return { value: el.value, start: el.start, end: el.end, digits: mask.unmaskedValue, raw: masked.rawInputValue, complete: masked.isComplete, caret };
}

describe('card masks: the lean digit masks edit exactly as imask pattern masks', () => {
  it('replays thousands of random edits on the number, CVV and expiry and ends in the same states', function () {
    this.timeout(120_000); // 9,000 edits, each followed by every caret question on both masks
    const random = seededRandom(20240614);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)]!;
    let edits = 0;
    for (let run = 0; run < RUNS; run++) {
      const kind = (['number', 'cvv', 'expiry'] as const)[run % 3]!;
      const a = new ScriptedElement();
      const b = new ScriptedElement();
      const reference = IMask(a, referenceOptions(kind) as never) as unknown as AnyMask;
      const lean = new InputMask(b, leanOptions(kind) as never) as AnyMask;
      const log: string[] = [];
      for (let step = 0; step < 30; step++) {
        const length = a.value.length;
        const start = Math.floor(random() * (length + 1));
        const end = random() < 0.7 ? start : start + Math.floor(random() * (length - start + 1));
        const both = (fn: (el: ScriptedElement, mask: AnyMask) => void) => {
          fn(a, reference);
          fn(b, lean);
        };
        const r = random();
        if (r < 0.45) {
          const ch = pick([...CHARS]);
          log.push(`[${start},${end}] type ${JSON.stringify(ch)}`);
          both((el) => (el.place(start, end), el.insert(ch)));
        } else if (r < 0.6) {
          log.push(`[${start},${end}] backspace`);
          both((el) => (el.place(start, end), el.erase(true)));
        } else if (r < 0.7) {
          log.push(`[${start},${end}] delete`);
          both((el) => (el.place(start, end), el.erase(false)));
        } else if (r < 0.8) {
          const text = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick([...CHARS])).join('');
          log.push(`[${start},${end}] paste ${JSON.stringify(text)}`);
          both((el) => (el.place(start, end), el.insert(text)));
        } else if (r < 0.86 && kind === 'expiry') {
          const text = pick(AUTOFILLED);
          if (random() < 0.5) {
            log.push(`autofill ${JSON.stringify(text)}`);
            both((el) => el.fill(text));
          } else {
            log.push(`mask.value = ${JSON.stringify(text)}`);
            both((_, mask) => (mask.value = text));
          }
        } else if (r < 0.92 && kind !== 'expiry') {
          const layout = kind === 'cvv' ? cvvLayout(pick([3, 4])) : pick(NUMBER_LAYOUTS);
          log.push(`layout ${layout}`);
          reference.updateOptions({ mask: layout });
          lean.updateOptions({ layout });
        } else if (r < 0.95) {
          const digits = `0${reference.unmaskedValue.slice(0, 3)}`;
          log.push(`mask.unmaskedValue = ${digits}`);
          both((_, mask) => (mask.unmaskedValue = digits));
        } else if (r < 0.98) {
          log.push(`[${start},${end}] click`);
          both((el) => (el.place(start, end), el.handlers.click?.()));
        } else {
          log.push('blur');
          both((el) => el.handlers.commit?.());
        }
        edits++;
        const [got, want] = [observe(lean, b), observe(reference, a)];
        // The message (every edit so far) is only built for a difference: thousands of edits run here.
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `${kind}: ${log.join(' | ')}`).to.deep.equal(want);
      }
      reference.destroy();
      lean.destroy();
    }
    expect(edits).to.equal(RUNS * 30);
  });

  describe('with real key presses and text insertion in Chromium', () => {
    for (const kind of ['number', 'cvv', 'expiry'] as const) {
      it(`types, erases, selects and pastes in the ${kind} field as before`, async () => {
        const wrapper = await fixture<HTMLDivElement>(html`<div><input id="ref" /><input id="lean" /></div>`);
        const [refInput, leanInput] = [...wrapper.querySelectorAll('input')] as [HTMLInputElement, HTMLInputElement];
        const reference = IMask(refInput, referenceOptions(kind) as never) as unknown as AnyMask;
        const lean = new InputMask(leanInput, leanOptions(kind) as never) as AnyMask;
        const random = seededRandom({ number: 11, cvv: 12, expiry: 13 }[kind]);
        const log: string[] = [];
        for (let step = 0; step < 40; step++) {
          const length = refInput.value.length;
          const start = Math.floor(random() * (length + 1));
          const end = random() < 0.75 ? start : start + Math.floor(random() * (length - start + 1));
          const r = random();
          const op =
            r < 0.55
              ? { type: CHARS[Math.floor(random() * CHARS.length)]! }
              : r < 0.7
                ? { press: 'Backspace' }
                : r < 0.8
                  ? { press: 'Delete' }
                  : { insert: Array.from({ length: 2 + Math.floor(random() * 6) }, () => CHARS[Math.floor(random() * CHARS.length)]).join('') };
          log.push(`[${start},${end}] ${JSON.stringify(op)}`);
          for (const input of [refInput, leanInput]) {
            input.focus();
            input.setSelectionRange(start, end);
            if ('insert' in op) document.execCommand('insertText', false, op.insert);
            else await sendKeys(op);
          }
          const state = (input: HTMLInputElement, mask: AnyMask) => [input.value, input.selectionStart, input.selectionEnd, mask.unmaskedValue];
          expect(state(leanInput, lean), `${kind}: ${log.join(' | ')}`).to.deep.equal(state(refInput, reference));
        }
        reference.destroy();
        lean.destroy();
      });
    }
  });
});
