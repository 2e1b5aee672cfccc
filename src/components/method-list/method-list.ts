import { LitElement, css, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { createTranslator } from '../../checkout/i18n.js';
import type { Translate } from '../../checkout/i18n.js';
import type { PaymentMethod } from '../../contract/payment.js';
import { sharedStyles } from '../shared/styles.js';
import { brandMark, brandMarkStyles, CARD_MARKS } from '../shared/brand-marks.js';

/**
 * @summary The payment method choice: a fieldset of native radio buttons (arrow keys move between them).
 *
 * @fires method-change - Internal (bubbles, not composed): the buyer picked a method. detail: `{ method }`.
 *
 * @csspart method-list - The `<fieldset>`.
 * @csspart method - Each method's `<label>` (holds the radio, the name and a hint).
 * @csspart method-hint - The short hint under a method's name (also `hint`).
 * @csspart brand-mark - Each payment mark (Pix; Visa, Mastercard, Elo, Amex, Hipercard on the card).
 *
 * @cssproperty --_bynet-primary - Checked border, radio and focus ring (default #0b63ce).
 * @cssproperty --_bynet-border - Option border (default #d1d9e0).
 * @cssproperty --_bynet-surface - Option background (default #fff).
 * @cssproperty --_bynet-muted - Hint text (default #59636e).
 * @cssproperty --_bynet-danger - A note that replaces the hint (e.g. card locked; default #b42318).
 * @cssproperty --_bynet-radius - Corner radius (default 8px).
 * @cssproperty --_bynet-space - Spacing unit (default 16px).
 */
export class BynetMethodList extends LitElement {
  static override properties = {
    methods: { attribute: false },
    selected: {},
    t: { attribute: false },
    maxInstallments: { type: Number, attribute: 'max-installments' },
    notes: { attribute: false },
    disabled: { type: Boolean, reflect: true },
  };

  static override styles = [
    sharedStyles,
    brandMarkStyles,
    css`
      fieldset {
        display: grid;
        gap: calc(var(--_bynet-space, 16px) * 0.5);
      }
      label {
        display: grid;
        grid-template-columns: auto 1fr;
        align-items: center;
        column-gap: 0.75em;
        min-height: 44px;
        padding: 0.625em 0.875em;
        border: 1px solid var(--_bynet-border, #d1d9e0);
        border-radius: var(--_bynet-radius, 8px);
        background: var(--_bynet-surface, #fff);
        cursor: pointer;
      }
      label:has(input:checked) {
        border-color: var(--_bynet-primary, #0b63ce);
        box-shadow: 0 0 0 1px var(--_bynet-primary, #0b63ce);
      }
      label:has(input:focus-visible) {
        outline: 2px solid var(--_bynet-primary, #0b63ce);
        outline-offset: 2px;
      }
      label:has(input:disabled) {
        cursor: not-allowed;
        opacity: 0.6;
      }
      input {
        grid-row: span 2;
        width: 1.125em;
        height: 1.125em;
        margin: 0;
        accent-color: var(--_bynet-primary, #0b63ce);
      }
      input:focus-visible {
        outline: none;
      }
      .name-row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.25em 0.75em;
      }
      .name {
        font-weight: 600;
      }
      .hint {
        font-size: 0.875rem;
        color: var(--_bynet-muted, #59636e);
      }
      .hint.note {
        color: var(--_bynet-danger, #b42318);
      }
    `,
  ];

  /** Methods to offer, in display order. */
  methods: PaymentMethod[] = [];

  /** The checked method, if any. */
  selected?: PaymentMethod | undefined;

  /** Translator. */
  t: Translate = createTranslator('pt-BR');

  /** Largest installment count on offer; shown in the card hint when above 1. */
  maxInstallments = 1;

  /**
   * Per-method notes that replace the hint, e.g. a card lockout (`{ CREDIT_CARD: '…' }`): the
   * option stays selectable, its note says why it cannot be used now.
   */
  notes: Partial<Record<PaymentMethod, string>> = {};

  /** Disables every radio (e.g. while a payment is being created). */
  disabled = false;

  #handleChange(event: Event): void {
    const method = (event.target as HTMLInputElement).value as PaymentMethod;
    this.selected = method;
    this.dispatchEvent(new CustomEvent('method-change', { detail: { method }, bubbles: true, composed: false }));
  }

  /** Focuses the checked radio, else the first one (back to the method choice). */
  override focus(options?: FocusOptions): void {
    const radios = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input')];
    (radios.find((r) => r.checked) ?? radios[0])?.focus(options);
  }

  #hint(method: PaymentMethod): string {
    const note = this.notes[method];
    if (note) return note;
    if (method === 'CREDIT_CARD') {
      return this.maxInstallments > 1 ? this.t('method.CREDIT_CARD.hint', { max: this.maxInstallments }) : '';
    }
    return this.t(`method.${method}.hint`);
  }

  /** Trust cues: the Pix mark, the card brands (each an image with its name). */
  #renderMarks(method: PaymentMethod) {
    if (method === 'PIX') return html`<span class="marks">${brandMark('pix')}</span>`;
    if (method === 'CREDIT_CARD') return html`<span class="marks">${CARD_MARKS.map((m) => brandMark(m))}</span>`;
    return nothing;
  }

  override render() {
    return html`<fieldset part="method-list" ?disabled=${this.disabled}>
      <legend>${this.t('method.legend')}</legend>
      ${this.methods.map((method) => {
        const hint = this.#hint(method);
        return html`<label part="method">
          <input
            type="radio"
            name="method"
            aria-labelledby=${hint ? `name-${method} hint-${method}` : `name-${method}`}
            .value=${method}
            .checked=${live(this.selected === method)}
            ?disabled=${this.disabled}
            @change=${this.#handleChange}
          />
          <span class="name-row">
            <span class="name" id="name-${method}">${this.t(`method.${method}`)}</span>
            ${this.#renderMarks(method)}
          </span>
          ${hint
            ? html`<span class="hint ${this.notes[method] ? 'note' : ''}" id="hint-${method}" part="method-hint hint">${hint}</span>`
            : html`<span></span>`}
        </label>`;
      })}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-method-list': BynetMethodList;
  }
}
