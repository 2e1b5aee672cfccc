import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { regexes } from 'zod/v4/core';
import { createTranslator } from '../../checkout/i18n.js';
import type { MessageKey, Translate } from '../../checkout/i18n.js';
import type { Address, Customer } from '../../contract/helper.js';
import { cleanDocument, formatDocument, isValidDocument } from '../../brazil/document.js';
import { cleanPhone, formatPhone, isValidPhone } from '../../brazil/phone.js';
import { cleanCep, formatCep, isValidCep } from '../../brazil/cep.js';
import { sharedStyles } from '../shared/styles.js';
import { applyMask } from '../shared/mask.js';
import type { MaskSpec } from '../shared/mask.js';
import { styles } from './customer-fields.styles.js';

export type CustomerFieldName = keyof Customer;
export type AddressFieldName = keyof Address;
export type FieldName = CustomerFieldName | AddressFieldName;

/** Prefill accepted by `value`. */
export type CustomerFieldsValue = Partial<Customer> & { address?: Partial<Address> };

export type CustomerFieldsResult = { ok: true; customer: Customer; address?: Address } | { ok: false };

const UFS = new Set([
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA',
  'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO',
]);

interface FieldSpec {
  name: FieldName;
  autocomplete: string;
  type?: 'email' | 'tel';
  inputmode?: 'email' | 'tel' | 'numeric';
  /** Unmasked fields only: a masked field cuts extra characters itself and must accept pasted punctuation. */
  maxlength?: number;
  /** Layout class: `full` row, `wide`, `narrow`. */
  size: 'full' | 'wide' | 'narrow';
  /** Only the complement may stay empty. */
  optional?: true;
  mask?: MaskSpec;
  /** Whether a non-empty value is right (a wrong one shows `error.<name>`). */
  check?: (value: string) => boolean;
  /** `autocapitalize` (and then `spellcheck="false"`: names, e-mails, codes). */
  caps?: 'words' | 'off' | 'characters';
}

const DIGIT = /\d/;

/** The helper's own e-mail rule (`z.email()` in `CustomerSchema` tests this very pattern). */
const EMAIL = regexes.email;

/**
 * The document field's keyboard. Most buyers type a CPF (11 digits), so phones get the digit pad
 * (`numeric`) while the value is digits only and no longer than a CPF. A CNPJ may now carry
 * letters in its first 12 characters (the alphanumeric CNPJ): as soon as the value holds a letter,
 * or grows past 11 digits (it is a CNPJ), the field switches to `text` so letters can be typed.
 * A CNPJ whose very first characters are letters can still be pasted or autofilled (the mask
 * accepts letters whatever the keyboard), and hardware keyboards are not affected.
 */
export function documentInputMode(value: string): 'numeric' | 'text' {
  const significant = value.replace(/[^0-9A-Za-z]/g, '');
  return /^\d{0,11}$/.test(significant) ? 'numeric' : 'text';
}

/** Labels are `customer.<name>`; errors `error.required` when empty, `error.<name>` when wrong. */
const CUSTOMER_FIELDS: readonly FieldSpec[] = [
  { name: 'name', autocomplete: 'name', maxlength: 120, size: 'full', check: (v) => /^\S+(\s+\S+)+$/.test(v) && v.length >= 3, caps: 'words' },
  { name: 'email', autocomplete: 'email', type: 'email', inputmode: 'email', maxlength: 160, size: 'full', check: (v) => EMAIL.test(v), caps: 'off' },
  {
    name: 'document',
    autocomplete: 'off',
    size: 'wide',
    mask: { format: formatDocument, significant: /[0-9A-Za-z]/ },
    check: isValidDocument,
    caps: 'characters',
  },
  { name: 'phone', autocomplete: 'tel-national', type: 'tel', inputmode: 'tel', size: 'wide', mask: { format: formatPhone, significant: DIGIT }, check: isValidPhone },
];

/** Labels are `address.<name>`. */
const ADDRESS_FIELDS: readonly FieldSpec[] = [
  { name: 'zipCode', autocomplete: 'postal-code', inputmode: 'numeric', size: 'narrow', mask: { format: formatCep, significant: DIGIT }, check: isValidCep },
  { name: 'street', autocomplete: 'address-line1', maxlength: 160, size: 'full' },
  { name: 'streetNumber', autocomplete: 'off', maxlength: 20, size: 'narrow' },
  { name: 'complement', autocomplete: 'address-line2', maxlength: 80, size: 'wide', optional: true },
  { name: 'neighborhood', autocomplete: 'address-level3', maxlength: 80, size: 'full' },
  { name: 'city', autocomplete: 'address-level2', maxlength: 80, size: 'wide' },
  { name: 'state', autocomplete: 'address-level1', maxlength: 2, size: 'narrow', check: (v) => UFS.has(v.toUpperCase()), caps: 'characters' },
];

const ALL_FIELDS: readonly FieldSpec[] = [...CUSTOMER_FIELDS, ...ADDRESS_FIELDS];
const SPEC = new Map<FieldName, FieldSpec>(ALL_FIELDS.map((f) => [f.name, f]));

/** Address fields a CEP lookup may fill. */
const LOOKUP_FIELDS = ['street', 'neighborhood', 'city', 'state'] as const;

type LookupState = 'idle' | 'pending' | 'not-found';

const emptyValues = (): Record<FieldName, string> =>
  Object.fromEntries(ALL_FIELDS.map((f) => [f.name, ''])) as Record<FieldName, string>;

/**
 * @summary The buyer's details (name, e-mail, CPF/CNPJ, mobile) and, when required, the address
 * with CEP lookup. Masks as you type, validates check digits, and reports errors per field.
 *
 * Errors show on blur (once the field was touched) and on `validate()`, linked with
 * `aria-invalid` and `aria-describedby`. `validate()` returns clean, digits-only values.
 *
 * @csspart customer-fields - The wrapper.
 * @csspart field - Each field (label, input and error).
 * @csspart label - Each field's label.
 * @csspart input - Each input.
 * @csspart field-error - Each field's error message.
 * @csspart lookup-status - The CEP lookup progress / not-found message.
 *
 * @cssproperty --_bynet-border - Input border (default #d1d9e0).
 * @cssproperty --_bynet-primary - Focus ring (default #0b63ce).
 * @cssproperty --_bynet-danger - Error text and invalid border (default #b42318).
 * @cssproperty --_bynet-surface - Input background (default #fff).
 * @cssproperty --_bynet-radius - Corner radius (default 8px).
 * @cssproperty --_bynet-space - Spacing unit (default 16px).
 */
export class BynetCustomerFields extends LitElement {
  static override styles = [sharedStyles, styles];

  static override properties = {
    values: { state: true, attribute: false },
    errors: { state: true, attribute: false },
    lookupState: { state: true, attribute: false },
    t: { attribute: false },
    requireAddress: { type: Boolean, attribute: 'require-address' },
    value: { attribute: false },
    lookupCep: { attribute: false },
    disabled: { type: Boolean, reflect: true },
  };

  private values: Record<FieldName, string> = emptyValues();
  private errors: Partial<Record<FieldName, MessageKey>> = {};
  private lookupState: LookupState = 'idle';

  /** Fields the buyer has typed into (errors show on their blur). */
  #dirty = new Set<FieldName>();
  #lastLookup = '';
  #lookupSeq = 0;

  /** Translator. */
  t: Translate = createTranslator('pt-BR');

  /** Shows and requires the address fields (boleto, some gateways). */
  requireAddress = false;

  /** Prefill; only the keys present are applied. */
  value: CustomerFieldsValue = {};

  /** Looks up a CEP (8 digits); resolves the address parts it knows, or null. */
  lookupCep?: ((cep: string) => Promise<Partial<Address> | null>) | undefined;

  /** Disables every input (e.g. while a payment is being created). */
  disabled = false;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.#applyPrefill(this.value ?? {});
  }

  #applyPrefill(value: CustomerFieldsValue): void {
    const next = { ...this.values };
    const put = (name: FieldName, raw: unknown): void => {
      if (typeof raw !== 'string') return;
      const spec = SPEC.get(name)!;
      const v = raw.slice(0, 200);
      next[name] = spec.mask ? spec.mask.format(v) : v.slice(0, spec.maxlength);
    };
    for (const f of CUSTOMER_FIELDS) put(f.name, value[f.name as CustomerFieldName]);
    const address = value.address ?? {};
    for (const f of ADDRESS_FIELDS) put(f.name, address[f.name as AddressFieldName]);
    if (typeof address.state === 'string') next.state = next.state.toUpperCase();
    this.values = next;
    if (address.zipCode) this.#lastLookup = cleanCep(next.zipCode);
  }

  #activeFields(): readonly FieldSpec[] {
    return this.requireAddress ? ALL_FIELDS : CUSTOMER_FIELDS;
  }

  /** The message key for a field's current value, or undefined when it is fine. */
  #check(name: FieldName): MessageKey | undefined {
    return this.#checkValue(name, this.values[name]);
  }

  #setError(name: FieldName, key: MessageKey | undefined): void {
    if (this.errors[name] === key) return;
    const next = { ...this.errors };
    if (key) next[name] = key;
    else delete next[name];
    this.errors = next;
  }

  #handleInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    const name = input.name as FieldName;
    const spec = SPEC.get(name);
    if (!spec) return;
    let value = input.value;
    if (spec.mask) value = applyMask(input, spec.mask, this.values[name], event.inputType);
    else if (name === 'state' && value !== value.toUpperCase()) {
      const caret = input.selectionStart;
      value = value.toUpperCase();
      input.value = value;
      if (caret !== null) input.setSelectionRange(caret, caret);
    }
    this.values = { ...this.values, [name]: value };
    this.#dirty.add(name);
    // Reward early: an error goes away as soon as the value is right, but new ones wait for blur.
    if (this.errors[name] && !this.#check(name)) this.#setError(name, undefined);
    if (name === 'zipCode') void this.#maybeLookup();
  }

  #handleBlur(event: FocusEvent): void {
    const name = (event.target as HTMLInputElement).name as FieldName;
    if (!SPEC.has(name)) return;
    if (!this.#dirty.has(name) && !this.values[name] && !this.errors[name]) return;
    this.#setError(name, this.#check(name));
  }

  async #maybeLookup(): Promise<void> {
    const cep = cleanCep(this.values.zipCode);
    if (!this.lookupCep || !this.requireAddress || !isValidCep(cep) || cep === this.#lastLookup) return;
    this.#lastLookup = cep;
    const seq = ++this.#lookupSeq;
    this.lookupState = 'pending';
    let found: Partial<Address> | null = null;
    try {
      found = await this.lookupCep(cep);
    } catch {
      found = null;
    }
    // Stale answer: the buyer typed another CEP meanwhile.
    if (seq !== this.#lookupSeq || cleanCep(this.values.zipCode) !== cep) return;
    const next = { ...this.values };
    let filled = 0;
    if (found && typeof found === 'object') {
      for (const name of LOOKUP_FIELDS) {
        const raw = (found as Record<string, unknown>)[name];
        if (typeof raw !== 'string' || !raw.trim()) continue;
        const spec = SPEC.get(name)!;
        let v = raw.trim().slice(0, spec.maxlength ?? 80);
        if (name === 'state') v = v.toUpperCase();
        next[name] = v;
        filled++;
      }
    }
    this.lookupState = filled > 0 ? 'idle' : 'not-found';
    if (filled === 0) return;
    this.values = next;
    const errors = { ...this.errors };
    for (const name of LOOKUP_FIELDS) if (next[name] && !this.#checkValue(name, next[name])) delete errors[name];
    this.errors = errors;
  }

  #checkValue(name: FieldName, raw: string): MessageKey | undefined {
    const spec = SPEC.get(name)!;
    const value = raw.trim();
    if (!value) return spec.optional ? undefined : 'error.required';
    return spec.check && !spec.check(value) ? (`error.${name}` as MessageKey) : undefined;
  }

  /**
   * Checks every field, shows every error and focuses the first invalid field. On success returns
   * the customer (and the address when `requireAddress`) with clean values: digits only for
   * phone, CEP and CPF (CNPJ keeps its upper-case letters), trimmed text, upper-case UF.
   */
  validate(): CustomerFieldsResult {
    const fields = this.#activeFields();
    const errors: Partial<Record<FieldName, MessageKey>> = {};
    for (const f of fields) {
      const key = this.#check(f.name);
      if (key) errors[f.name] = key;
    }
    const v = this.values;
    const customer: Customer = {
      name: v.name.trim().replace(/\s+/g, ' '),
      email: v.email.trim(),
      phone: cleanPhone(v.phone),
      document: cleanDocument(v.document),
    };
    const complement = v.complement.trim();
    const address: Address = {
      zipCode: cleanCep(v.zipCode),
      street: v.street.trim(),
      streetNumber: v.streetNumber.trim(),
      ...(complement ? { complement } : {}),
      neighborhood: v.neighborhood.trim(),
      city: v.city.trim(),
      state: v.state.trim().toUpperCase(),
    };
    // Last guard, the helper's length limits (CustomerSchema, AddressSchema): the checks above
    // cover the rest of its contract, but a value set by script is not held to `maxlength`.
    if (Object.keys(errors).length === 0) {
      const clean: Partial<Record<FieldName, string>> = { ...customer, ...address };
      for (const f of fields) {
        if (f.maxlength && (clean[f.name]?.length ?? 0) > f.maxlength) errors[f.name] = f.check ? (`error.${f.name}` as MessageKey) : 'error.required';
      }
    }
    this.errors = errors;
    for (const f of fields) this.#dirty.add(f.name);
    const firstInvalid = fields.find((f) => errors[f.name]);
    if (firstInvalid) {
      void this.updateComplete.then(() => {
        this.renderRoot.querySelector<HTMLInputElement>(`input[name="${firstInvalid.name}"]`)?.focus();
      });
      return { ok: false };
    }
    return this.requireAddress ? { ok: true, customer, address } : { ok: true, customer };
  }

  override render() {
    const t = this.t;
    return html`<div part="customer-fields" class="base">
      <fieldset>
        <legend>${t('customer.legend')}</legend>
        <div class="grid">${CUSTOMER_FIELDS.map((f) => this.#renderField(f))}</div>
      </fieldset>
      ${this.requireAddress
        ? html`<fieldset>
            <legend>${t('address.legend')}</legend>
            <div class="grid">
              ${this.#renderField(ADDRESS_FIELDS[0]!)}
              <p class="lookup" part="lookup-status hint" role="status">${this.#renderLookupStatus()}</p>
              ${ADDRESS_FIELDS.slice(1).map((f) => this.#renderField(f))}
            </div>
          </fieldset>`
        : nothing}
    </div>`;
  }

  #renderLookupStatus() {
    if (this.lookupState === 'pending') return this.t('address.lookingUp');
    if (this.lookupState === 'not-found') return this.t('address.notFound');
    return '';
  }

  #renderField(f: FieldSpec) {
    const id = `field-${f.name}`;
    const errorId = `${id}-error`;
    const error = this.errors[f.name];
    const group = (CUSTOMER_FIELDS as readonly FieldSpec[]).includes(f) ? 'customer' : 'address';
    return html`<div class="field ${f.size}" part="field">
      <label for=${id} part="label">${this.t(`${group}.${f.name}` as MessageKey)}</label>
      <input
        id=${id}
        part="input"
        name=${f.name}
        type=${f.type ?? 'text'}
        inputmode=${ifDefined(f.name === 'document' ? documentInputMode(this.values.document ?? '') : f.inputmode)}
        autocomplete=${f.autocomplete}
        autocapitalize=${ifDefined(f.caps)}
        spellcheck=${ifDefined(f.caps && 'false')}
        maxlength=${ifDefined(f.maxlength)}
        ?required=${!f.optional}
        ?disabled=${this.disabled}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${ifDefined(error ? errorId : undefined)}
        .value=${live(this.values[f.name])}
        @input=${this.#handleInput}
        @blur=${this.#handleBlur}
      />
      <span id=${errorId} class="error" part="field-error">${error ? this.t(error) : ''}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-customer-fields': BynetCustomerFields;
  }
}
