import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { createTranslator } from '../../checkout/i18n.js';
import type { Locale, Translate } from '../../checkout/i18n.js';
import type { CardInput, InstallmentOption } from '../../contract/helper.js';
import { detectCardBrand, isExpiryValid, isValidCardNumber, luhnValid, parseExpiry } from '../../brazil/card.js';
import type { CardBrandInfo } from '../../brazil/card.js';
import { formatMoney } from '../../brazil/money.js';
import { sharedStyles } from '../shared/styles.js';
import { brandMark, brandMarkStyles, CARD_MARKS } from '../shared/brand-marks.js';
import { cardFormStyles } from './card-form.styles.js';
import { createExpiryMask, createPatternMask, cvvPattern, numberPattern } from './masks.js';
import type { CardInputMask } from './masks.js';

/** The form's fields, in display (and focus) order. */
export const CARD_FIELDS = ['number', 'holderName', 'expiry', 'cvv'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** What survives a refusal: the holder name and the expiry (`MM/AA`), never the number or CVV. */
export interface CardHolderPrefill {
  holderName: string;
  expiry: string;
}

/** What `validate()` answers: the card (digits only) and the chosen installment count, or not ok. */
export type CardFormResult = { ok: true; card: CardInput; installments: number } | { ok: false };

/** Each field's input id, also its `name` and autocomplete token. */
const INPUT_ID: Record<CardField, string> = {
  number: 'cc-number',
  holderName: 'cc-name',
  expiry: 'cc-exp',
  cvv: 'cc-csc',
};

interface Masks {
  number: CardInputMask;
  expiry: CardInputMask;
  cvv: CardInputMask;
}

/**
 * @summary The card form, loaded lazily: number with brand-aware spacing and brand shown as the buyer
 * types, holder name, expiry `MM/AA`, CVV sized by brand, and installments with interest spelled out.
 * Card number and CVV live only in the inputs' values (and the masks attached to them): never in
 * attributes, events, storage or logs. `clear()` and disconnecting wipe them.
 *
 * @fires card-submit - Internal (bubbles, not composed, no detail): the buyer submitted the form
 * (Enter in a field). The listener calls `validate()` and runs the single-flight payment.
 * @fires installments-change - Internal (bubbles, not composed): the selected installment count,
 * also the initial one. detail: `{ count }` (so the root can show the plan's total on the pay button).
 *
 * @csspart card-form - The `<form>`.
 * @csspart field - Each field's wrapper (label, input, messages).
 * @csspart field-error - A field's error message.
 * @csspart card-brand - The detected brand, under the number (a polite live region); also `hint`.
 * @csspart brand-mark - Each accepted brand's mark (Visa, Mastercard, Elo, Amex, Hipercard).
 * @csspart label - Each field's label.
 * @csspart input - Each input and the installments select.
 * @csspart hint - The brand hint under the number.
 * @csspart installments - The installments `<select>`.
 * @csspart refusal - The refusal message (`role="alert"`), when `refusal` is set.
 *
 * @cssproperty --_bynet-primary - Focus ring colour (set by the root from `--bynet-*`).
 * @cssproperty --_bynet-danger - Error and refusal colour.
 * @cssproperty --_bynet-border - Input border colour.
 * @cssproperty --_bynet-radius - Input corner radius.
 * @cssproperty --_bynet-space - Spacing unit.
 */
export class BynetCardForm extends LitElement {
  static override styles = [sharedStyles, brandMarkStyles, cardFormStyles];

  // Declared here rather than with decorators: one object in the lazy chunk instead of a call per
  // property. The first three are internal state (`attribute: false`, which `state` implies, only
  // for the custom-elements manifest's analyzer, which does not know `state`).
  static override properties = {
    brand: { state: true, attribute: false },
    errors: { state: true, attribute: false },
    selectedInstallments: { state: true, attribute: false },
    t: { attribute: false },
    locale: {},
    amount: { type: Number },
    installments: { attribute: false },
    disabled: { type: Boolean, reflect: true },
    refusal: {},
    prefill: { attribute: false },
  };

  /** Brand facts only (name, lengths, CVV size): never any digit of the card. */
  private brand?: CardBrandInfo;
  private errors: Partial<Record<CardField, string>> = {};
  private selectedInstallments = 1;

  /** Translator. */
  t: Translate = createTranslator('pt-BR');

  /** Locale for money formatting. */
  locale: Locale = 'pt-BR';

  /** Price in cents; used for a single "1x" option when `installments` is empty. */
  amount = 0;

  /** The installment plan from the helper's config. */
  installments: InstallmentOption[] = [];

  /** Disables every field (e.g. while the payment is being created). */
  disabled = false;

  /** A refusal message to show above the fields (`role="alert"`); unset to hide it. */
  refusal?: string | undefined;

  /**
   * Holder name and expiry to put back after a refusal (the buyer retypes only the number and
   * CVV). Applied when the form (re)starts empty: first render and `clear()`.
   */
  prefill?: CardHolderPrefill | undefined;

  #masks?: Masks;

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a disconnect: the inputs are still there, the masks are not.
    if (this.hasUpdated && !this.#masks) this.#attachMasks();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#wipe();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('installments') || changed.has('amount')) {
      const counts = this.#options().map((o) => o.count);
      if (!counts.includes(this.selectedInstallments)) this.selectedInstallments = counts[0] ?? 1;
    }
  }

  protected override firstUpdated(): void {
    this.#start();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed as Map<PropertyKey, unknown>).has('selectedInstallments')) {
      this.dispatchEvent(new CustomEvent('installments-change', { detail: { count: this.selectedInstallments }, bubbles: true, composed: false }));
    }
  }

  // ── masks ───────────────────────────────────────────────────────────────────────────────

  #input(field: CardField): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${INPUT_ID[field]}`);
  }

  /** Masks on the empty fields, then the kept holder name and expiry back in. */
  #start(): void {
    this.#attachMasks();
    const p = this.prefill;
    const name = this.#input('holderName');
    if (!p) return;
    if (name && !name.value) name.value = p.holderName;
    if (this.#masks && !this.#masks.expiry.value) this.#masks.expiry.value = p.expiry;
  }

  #attachMasks(): void {
    const number = this.#input('number');
    const expiry = this.#input('expiry');
    const cvv = this.#input('cvv');
    if (!number || !expiry || !cvv) return;
    this.#masks = {
      number: createPatternMask(number, numberPattern()),
      expiry: createExpiryMask(expiry),
      cvv: createPatternMask(cvv, cvvPattern(4)),
    };
    this.#masks.number.on('accept', this.#onNumber);
    // imask handles the input event after this element's own listeners: re-check on its 'accept'.
    this.#masks.expiry.on('accept', () => this.#recheck('expiry'));
    this.#masks.cvv.on('accept', () => this.#recheck('cvv'));
  }

  /** Destroys the masks (and their undo history) and empties every input. */
  #wipe(): void {
    if (this.#masks) {
      for (const mask of Object.values(this.#masks) as CardInputMask[]) {
        mask.value = '';
        mask.destroy();
      }
      this.#masks = undefined;
    }
    for (const field of CARD_FIELDS) {
      const el = this.#input(field);
      if (el) el.value = '';
    }
  }

  /** Reads the brand from the digits typed so far and adapts the number spacing and CVV length. */
  #onNumber = (): void => {
    const masks = this.#masks;
    if (!masks) return;
    const digits = masks.number.unmaskedValue;
    const info = digits ? detectCardBrand(digits) : undefined;
    const known = info && info.brand !== 'unknown' ? info : undefined;
    const pattern = numberPattern(known?.gaps, known?.lengths);
    if (masks.number.masked.mask !== pattern) masks.number.updateOptions({ mask: pattern });
    const cvv = cvvPattern(known?.cvvLength ?? 4);
    if (masks.cvv.masked.mask !== cvv) masks.cvv.updateOptions({ mask: cvv });
    if (known?.brand !== this.brand?.brand) {
      this.brand = known;
      this.#recheck('cvv');
    }
    this.#recheck('number');
  };

  // ── validation ──────────────────────────────────────────────────────────────────────────

  /** Digits only for the number and CVV, `MM/AA` for the expiry, the name as typed. */
  #value(field: CardField): string {
    const masks = this.#masks;
    if (field === 'holderName') return this.#input(field)?.value ?? '';
    return (field === 'expiry' ? masks?.expiry.value : masks?.[field].unmaskedValue) ?? '';
  }

  /** The error message for one field, or `undefined` when it is valid. */
  #check(field: CardField): string | undefined {
    const t = this.t;
    const value = this.#value(field);
    if (value.trim() === '') return t('error.required');
    let ok: boolean | undefined;
    // CVV length implied by the number typed so far; `undefined` while no brand is recognised.
    const cvvLength = this.brand?.cvvLength;
    switch (field) {
      case 'number':
        if (isValidCardNumber(value)) return undefined;
        // A well-formed number of no brand we know: say so rather than "invalid number".
        return t(value.length >= 12 && luhnValid(value) && !detectCardBrand(value) ? 'card.error.brand' : 'card.error.number');
      case 'holderName': {
        const name = value.trim().replace(/\s+/g, ' ');
        ok = name.length >= 2 && name.length <= 80 && /\p{L}/u.test(name) && !/\d/.test(name);
        break;
      }
      case 'expiry': {
        const parsed = parseExpiry(value);
        ok = parsed && isExpiryValid(parsed.month, parsed.year);
        break;
      }
      case 'cvv':
        ok = cvvLength === undefined ? /^\d{3,4}$/.test(value) : new RegExp(`^\\d{${cvvLength}}$`).test(value);
    }
    return ok ? undefined : t(`card.error.${field}`, { length: cvvLength ?? '3-4' });
  }

  #setError(field: CardField, message: string | undefined): void {
    if (this.errors[field] === message) return;
    const next = { ...this.errors };
    if (message === undefined) delete next[field];
    else next[field] = message;
    this.errors = next;
  }

  #onBlur(field: CardField): void {
    // Only judge what the buyer typed: tabbing through empty fields shows nothing until submit.
    if (this.#value(field).trim() === '' && !this.errors[field]) return;
    this.#setError(field, this.#check(field));
  }

  /** A field already marked wrong is re-checked as the buyer edits it, so the error clears at once. */
  #recheck(field: CardField): void {
    if (this.errors[field]) this.#setError(field, this.#check(field));
  }

  /** A lone month digit followed by a separator means that month: `1/` -> `01/`. */
  #onExpiryBeforeInput = (event: InputEvent): void => {
    const mask = this.#masks?.expiry;
    if (!mask || !event.data || !/^[/.\- ]$/.test(event.data)) return;
    if (/^[1-9]$/.test(mask.unmaskedValue)) {
      event.preventDefault();
      mask.unmaskedValue = `0${mask.unmaskedValue}`;
    }
  };

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || event.isComposing || !(event.target instanceof HTMLInputElement)) return;
    // Several text fields and no submit button inside this form: the browser would not submit on Enter.
    event.preventDefault();
    this.renderRoot.querySelector('form')?.requestSubmit();
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (this.disabled) return;
    this.dispatchEvent(new CustomEvent('card-submit', { bubbles: true, composed: false }));
  };

  #onInstallments = (event: Event): void => {
    this.selectedInstallments = Number((event.target as HTMLSelectElement).value);
  };

  // ── public methods ──────────────────────────────────────────────────────────────────────

  /**
   * Checks every field, shows every error and focuses the first invalid field. When all are valid,
   * returns the card (number and CVV as digits only, 4-digit year) and the installment count.
   */
  validate(): CardFormResult {
    const errors: Partial<Record<CardField, string>> = {};
    for (const field of CARD_FIELDS) {
      const message = this.#check(field);
      if (message !== undefined) errors[field] = message;
    }
    this.errors = errors;
    const first = CARD_FIELDS.find((f) => errors[f] !== undefined);
    if (first) {
      const el = this.#input(first);
      // After the render, so the field is announced with its aria-invalid and error text.
      void this.updateComplete.then(() => el?.focus());
      return { ok: false };
    }
    const expiry = parseExpiry(this.#value('expiry'));
    if (!expiry) return { ok: false };
    return {
      ok: true,
      card: {
        number: this.#value('number'),
        holderName: this.#value('holderName').trim().replace(/\s+/g, ' '),
        expMonth: expiry.month,
        expYear: expiry.year,
        cvv: this.#value('cvv'),
      },
      installments: this.selectedInstallments,
    };
  }

  /** Empties every field and drops the masks' state (values and undo history); errors go too. */
  clear(): void {
    this.#wipe();
    this.brand = undefined;
    this.errors = {};
    if (this.isConnected && this.hasUpdated) this.#start();
  }

  // ── render ──────────────────────────────────────────────────────────────────────────────

  #options(): InstallmentOption[] {
    if (this.installments.length > 0) return this.installments;
    return [{ count: 1, amount: this.amount, total: this.amount, interest: false }];
  }

  /** One field: label, input, (for the number) the brand, and its error slot. */
  #field(field: CardField): TemplateResult {
    const id = INPUT_ID[field];
    const message = this.errors[field];
    const numeric = field !== 'holderName';
    // The error slot is a polite live region that is always present, so a new message is announced.
    return html`<div
      class="field ${numeric && field !== 'number' ? 'half' : ''}"
      part="field"
      @beforeinput=${field === 'expiry' ? this.#onExpiryBeforeInput : nothing}
    >
      <label part="label" for=${id}>${this.t(`card.${field}`)}</label>
      <input
        id=${id}
        part="input"
        name=${id}
        type="text"
        autocomplete=${id}
        inputmode=${numeric ? 'numeric' : 'text'}
        spellcheck="false"
        autocorrect="off"
        autocapitalize=${numeric ? 'off' : 'characters'}
        required
        aria-invalid=${ifDefined(message ? 'true' : undefined)}
        aria-describedby=${ifDefined(message ? `${id}-error` : undefined)}
        @input=${numeric ? nothing : () => this.#recheck(field)}
        @blur=${() => this.#onBlur(field)}
      />
      ${field === 'number'
        ? html`<span class="brand" part="card-brand hint" aria-live="polite">${this.brand ? this.t('card.brand', { brand: this.brand.label }) : ''}</span>`
        : nothing}
      <div class="error-slot" aria-live="polite">
        ${message ? html`<p class="error" id="${id}-error" part="field-error">${message}</p>` : nothing}
      </div>
    </div>`;
  }

  override render() {
    const t = this.t;
    const money = (cents: number) => formatMoney(cents, this.locale);
    const options = this.#options();
    // The chosen plan's total on a line of its own: a closed select on a 320 px phone cuts its
    // option text, and the total comes last in it.
    const plan = options.find((o) => o.count === this.selectedInstallments);
    return html`<form part="card-form" novalidate @submit=${this.#onSubmit} @keydown=${this.#onKeydown}>
      <fieldset ?disabled=${this.disabled}>
        <legend>${t('card.legend')}</legend>
        ${this.refusal ? html`<p class="refusal" part="refusal" role="alert">${this.refusal}</p>` : nothing}
        <div class="marks accepted" role="group" aria-label=${t('card.brands')}>${CARD_MARKS.map((m) => brandMark(m))}</div>
        ${CARD_FIELDS.map((field) => this.#field(field))}
        <div class="field" part="field">
          <label part="label" for="cc-installments">${t('card.installments')}</label>
          <select
            id="cc-installments"
            name="installments"
            part="installments input"
            aria-describedby="cc-installments-total"
            @change=${this.#onInstallments}
          >
            ${options.map(
              (o) =>
                html`<option value=${o.count} ?selected=${o.count === this.selectedInstallments}>${o.interest
                  ? t('card.installment.interest', { count: o.count, amount: money(o.amount), total: money(o.total) })
                  : t('card.installment.free', { count: o.count, amount: money(o.amount) })}</option>`,
            )}
          </select>
          <p class="plan-total" id="cc-installments-total" part="hint">
            ${plan ? t(plan.interest ? 'card.installment.total.interest' : 'card.installment.total', { total: money(plan.total) }) : nothing}
          </p>
        </div>
      </fieldset>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-card-form': BynetCardForm;
  }
}
