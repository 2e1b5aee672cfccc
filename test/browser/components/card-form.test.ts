import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { defineElement } from '../../../src/components/define.js';
import { BynetCardForm } from '../../../src/components/card-form/card-form.js';
import { createTranslator, loadLocale } from '../../../src/checkout/i18n.js';
import { addCardMessages } from '../../../src/checkout/i18n-card.js';
import { buildInstallmentPlan } from '../../../src/brazil/installments.js';
import type { InstallmentOption } from '../../../src/contract/helper.js';

// The card strings come with the card chunk, English as a lazy module: both in before the cases.
addCardMessages();
before(() => loadLocale('en'));

defineElement('bynet-card-form', BynetCardForm);

const NBSP = '\u00a0';
const FUTURE_YY = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
const VISA = '4111111111111111';
const AMEX = '378282246310005';

/** The plan the helper would send for R$ 49,90 in up to 12 installments (1x free, then interest). */
const PLAN_12: InstallmentOption[] = [
  { count: 1, amount: 4990, total: 4990, interest: false },
  { count: 2, amount: 2570, total: 5140, interest: true },
  { count: 3, amount: 1730, total: 5190, interest: true },
  { count: 4, amount: 1310, total: 5240, interest: true },
  { count: 5, amount: 1058, total: 5290, interest: true },
  { count: 6, amount: 891, total: 5346, interest: true },
  { count: 7, amount: 771, total: 5397, interest: true },
  { count: 8, amount: 681, total: 5448, interest: true },
  { count: 9, amount: 611, total: 5499, interest: true },
  { count: 10, amount: 555, total: 5550, interest: true },
  { count: 11, amount: 510, total: 5610, interest: true },
  { count: 12, amount: 499, total: 5990, interest: true },
];

function sr(el: BynetCardForm): ShadowRoot {
  return el.shadowRoot!;
}

function field(el: BynetCardForm, name: 'cc-number' | 'cc-name' | 'cc-exp' | 'cc-csc'): HTMLInputElement {
  const input = sr(el).querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!input) throw new Error(`no input ${name}`);
  return input;
}

function brandText(el: BynetCardForm): string {
  return sr(el).querySelector('[part~="card-brand"]')!.textContent!.trim();
}

/** Types into a field with real key presses (beforeinput/input as a buyer's keyboard makes them). */
async function type(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
  await sendKeys({ type: text });
}

/** Browser autofill and paste put the whole value in at once, with one input event. */
function fillAtOnce(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }));
}

/** The text of the element(s) an input's aria-describedby points to, resolved in its own root. */
function describedBy(input: HTMLInputElement): { text: string; parts: string[] } {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  const root = input.getRootNode() as ShadowRoot;
  const els = ids.map((id) => root.getElementById(id)).filter((e): e is HTMLElement => e !== null);
  return { text: els.map((e) => e.textContent!.trim()).join(' '), parts: els.map((e) => e.getAttribute('part') ?? '') };
}

async function fillValid(el: BynetCardForm, number = VISA, cvv = '123'): Promise<void> {
  await type(field(el, 'cc-number'), number);
  await type(field(el, 'cc-name'), 'Maria  da Silva ');
  await type(field(el, 'cc-exp'), `12${FUTURE_YY}`);
  await type(field(el, 'cc-csc'), cvv);
  await el.updateComplete;
}

/** Markup of a node with every shadow root inlined, plus every form control's live value. */
function deepSerialize(node: Node): string {
  let out = '';
  const walk = (n: Node): void => {
    if (n instanceof Element) {
      out += `<${n.localName}`;
      for (const a of Array.from(n.attributes)) out += ` ${a.name}="${a.value}"`;
      if (n instanceof HTMLInputElement || n instanceof HTMLSelectElement || n instanceof HTMLTextAreaElement) {
        out += ` data-live-value="${n.value}"`;
      }
      out += '>';
      if (n.shadowRoot) n.shadowRoot.childNodes.forEach(walk);
      n.childNodes.forEach(walk);
      out += `</${n.localName}>`;
    } else if (n.nodeType === Node.TEXT_NODE) {
      out += n.textContent ?? '';
    }
    // Comments are skipped: Lit's markers carry random digits of their own.
  };
  walk(node);
  return out;
}

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

describe('<bynet-card-form>', () => {
  afterEach(() => sinon.restore());

  it('is accessible, empty and with every error shown', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form .amount=${4990} .installments=${PLAN_12}></bynet-card-form>`);
    await expect(el).to.be.accessible();
    el.validate();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('uses the autofill tokens and numeric keyboards, each input labelled, nothing hidden', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    const expected: Array<[string, string, string]> = [
      ['cc-number', 'cc-number', 'numeric'],
      ['cc-name', 'cc-name', 'text'],
      ['cc-exp', 'cc-exp', 'numeric'],
      ['cc-csc', 'cc-csc', 'numeric'],
    ];
    for (const [name, autocomplete, inputmode] of expected) {
      const input = field(el, name as 'cc-number');
      expect(input.getAttribute('autocomplete'), name).to.equal(autocomplete);
      expect(input.getAttribute('inputmode'), name).to.equal(inputmode);
      expect(input.type, name).to.equal('text');
      expect(input.labels?.length, name).to.equal(1);
      expect(input.offsetWidth, name).to.be.greaterThan(0);
    }
    expect(field(el, 'cc-number').labels![0]!.textContent!.trim()).to.equal('Número do cartão');
    expect(sr(el).querySelector('form')!.getAttribute('part')).to.equal('card-form');
    expect(sr(el).querySelectorAll('[part="field"]').length).to.equal(5);
  });

  const brands: Array<[string, string, string]> = [
    ['4111111111111111', 'Visa', '4111 1111 1111 1111'],
    ['5555555555554444', 'Mastercard', '5555 5555 5555 4444'],
    ['5066991111111118', 'Elo', '5066 9911 1111 1118'],
    ['6062828888666688', 'Hipercard', '6062 8288 8866 6688'],
    ['378282246310005', 'American Express', '3782 822463 10005'],
    ['36227206271667', 'Diners Club', '3622 720627 1667'],
    ['6011111111111117', 'Discover', '6011 1111 1111 1117'],
  ];
  for (const [number, label, formatted] of brands) {
    it(`shows and announces the brand as ${label} is typed, spaced by brand`, async () => {
      const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
      const input = field(el, 'cc-number');
      await type(input, number);
      await el.updateComplete;
      expect(input.value).to.equal(formatted);
      expect(brandText(el)).to.equal(`Bandeira: ${label}`);
      expect(sr(el).querySelector('[part~="card-brand"]')!.getAttribute('aria-live')).to.equal('polite');
      expect(el.validate()).to.include({ ok: false }); // other fields still empty
      await el.updateComplete;
      expect(input.hasAttribute('aria-invalid'), 'a valid number is not flagged').to.equal(false);
    });
  }

  it('sizes the CVV by brand: 4 digits for Amex, 3 for Visa', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    await type(field(el, 'cc-number'), AMEX);
    await type(field(el, 'cc-csc'), '12345');
    expect(field(el, 'cc-csc').value).to.equal('1234');

    const visa = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    await type(field(visa, 'cc-number'), VISA);
    await type(field(visa, 'cc-csc'), '1234');
    expect(field(visa, 'cc-csc').value).to.equal('123');
  });

  it('masks the expiry as MM/AA: months 01-12, autofilled and pasted years shortened', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    const exp = field(el, 'cc-exp');
    await type(exp, '1229');
    expect(exp.value).to.equal('12/29');
    el.clear();
    await type(exp, '1/30');
    expect(exp.value).to.equal('01/30');
    el.clear();
    await type(exp, '7');
    expect(exp.value.startsWith('07')).to.equal(true);
    el.clear();
    await type(exp, '15');
    expect(Number(exp.value.slice(0, 2))).to.be.within(1, 12);
    el.clear();
    await type(exp, '00');
    expect(exp.value.startsWith('00')).to.equal(false);
    el.clear();
    fillAtOnce(exp, '12/2031');
    expect(exp.value).to.equal('12/31');
  });

  it('shows every error on validate(), announced and linked, and focuses the first invalid field', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    expect(el.validate()).to.deep.equal({ ok: false });
    await el.updateComplete;
    for (const name of ['cc-number', 'cc-name', 'cc-exp', 'cc-csc'] as const) {
      const input = field(el, name);
      expect(input.getAttribute('aria-invalid'), name).to.equal('true');
      const d = describedBy(input);
      expect(d.text, name).to.equal('Preencha este campo.');
      expect(d.parts, name).to.deep.equal(['field-error']);
      const errorEl = sr(el).getElementById(input.getAttribute('aria-describedby')!)!;
      expect(errorEl.closest('[aria-live="polite"]'), `${name} error in a polite live region`).to.not.equal(null);
    }
    expect(sr(el).activeElement).to.equal(field(el, 'cc-number'));
  });

  it('names each kind of invalid value (pt-BR)', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    await type(field(el, 'cc-number'), '4111111111111112'); // Luhn fails
    await type(field(el, 'cc-name'), 'A');
    await type(field(el, 'cc-exp'), '0120'); // in the past
    await type(field(el, 'cc-csc'), '12');
    expect(el.validate()).to.deep.equal({ ok: false });
    await el.updateComplete;
    expect(describedBy(field(el, 'cc-number')).text).to.equal('Número de cartão inválido.');
    expect(describedBy(field(el, 'cc-name')).text).to.equal('Informe o nome como está no cartão.');
    expect(describedBy(field(el, 'cc-exp')).text).to.equal('Validade inválida ou vencida.');
    expect(describedBy(field(el, 'cc-csc')).text).to.equal('Código de segurança inválido: 3 dígitos.');
  });

  it('tells an unknown brand apart from a mistyped number, and wants 4 CVV digits on Amex', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    await type(field(el, 'cc-number'), '1234567812345670'); // Luhn-valid, no brand
    el.validate();
    await el.updateComplete;
    expect(describedBy(field(el, 'cc-number')).text).to.equal('Bandeira não aceita.');
    expect(brandText(el)).to.equal('');

    const amex = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    await fillValid(amex, AMEX, '123');
    expect(amex.validate()).to.deep.equal({ ok: false });
    await amex.updateComplete;
    expect(describedBy(field(amex, 'cc-csc')).text).to.equal('Código de segurança inválido: 4 dígitos.');
    expect(field(amex, 'cc-number').hasAttribute('aria-invalid')).to.equal(false);
  });

  it('checks a field on blur once something was typed, and clears the error as it is fixed', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    const number = field(el, 'cc-number');
    number.focus();
    number.blur(); // nothing typed: no error yet
    await el.updateComplete;
    expect(number.hasAttribute('aria-invalid')).to.equal(false);

    await type(number, '4111');
    number.blur();
    await el.updateComplete;
    expect(number.getAttribute('aria-invalid')).to.equal('true');
    expect(describedBy(number).text).to.equal('Número de cartão inválido.');

    await type(number, '111111111111');
    await el.updateComplete;
    expect(number.hasAttribute('aria-invalid')).to.equal(false);
    expect(number.hasAttribute('aria-describedby')).to.equal(false);
    expect(sr(el).querySelector('[part="field-error"]')).to.equal(null);
  });

  it('speaks English with the en translator', async () => {
    const el = await fixture<BynetCardForm>(
      html`<bynet-card-form .t=${createTranslator('en')} locale="en" .installments=${PLAN_12.slice(0, 2)}></bynet-card-form>`,
    );
    await expect(el).to.be.accessible();
    await type(field(el, 'cc-number'), '4111111111111112');
    expect(el.validate()).to.deep.equal({ ok: false });
    await el.updateComplete;
    expect(describedBy(field(el, 'cc-number')).text).to.equal('Invalid card number.');
    expect(describedBy(field(el, 'cc-name')).text).to.equal('Please fill in this field.');
    expect(field(el, 'cc-number').labels![0]!.textContent!.trim()).to.equal('Card number');
    const labels = Array.from(sr(el).querySelectorAll('option')).map((o) => o.textContent);
    expect(labels).to.deep.equal(['1x R$49.90 interest-free', '2x R$25.70 (total R$51.40, with interest)']);
    el.clear();
    await type(field(el, 'cc-number'), VISA);
    await el.updateComplete;
    expect(brandText(el)).to.equal('Brand: Visa');
  });

  it('labels the 12 installments of R$ 49,90 exactly, interest spelled out', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form .amount=${4990} .installments=${PLAN_12}></bynet-card-form>`);
    const select = sr(el).querySelector<HTMLSelectElement>('select[part~="installments"]')!;
    const labels = Array.from(select.options).map((o) => o.textContent);
    expect(labels).to.have.length(12);
    expect(labels[0]).to.equal(`1x de R$${NBSP}49,90 sem juros`);
    expect(labels[1]).to.equal(`2x de R$${NBSP}25,70 (total R$${NBSP}51,40, com juros)`);
    expect(labels[11]).to.equal(`12x de R$${NBSP}4,99 (total R$${NBSP}59,90, com juros)`);
    expect(select.labels[0]!.textContent!.trim()).to.equal('Parcelas');
    expect(select.value).to.equal('1');
  });

  it('labels a plan built as the helper builds it (3x free, then interest)', async () => {
    const plan = buildInstallmentPlan(4990, { maxInstallments: 12, interestFreeUpTo: 3, monthlyInterestRate: 0.0199 });
    const el = await fixture<BynetCardForm>(html`<bynet-card-form .amount=${4990} .installments=${plan}></bynet-card-form>`);
    const labels = Array.from(sr(el).querySelectorAll('option')).map((o) => o.textContent);
    expect(labels.slice(0, 4)).to.deep.equal([
      `1x de R$${NBSP}49,90 sem juros`,
      `2x de R$${NBSP}24,95 sem juros`,
      `3x de R$${NBSP}16,63 sem juros`,
      `4x de R$${NBSP}13,10 (total R$${NBSP}52,40, com juros)`,
    ]);
  });

  it('offers a single interest-free 1x from the amount when no plan is given', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form .amount=${4990}></bynet-card-form>`);
    const labels = Array.from(sr(el).querySelectorAll('option')).map((o) => o.textContent);
    expect(labels).to.deep.equal([`1x de R$${NBSP}49,90 sem juros`]);
  });

  it('validate() returns digits-only card data and the chosen installment count', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form .amount=${4990} .installments=${PLAN_12}></bynet-card-form>`);
    await fillValid(el);
    const select = sr(el).querySelector<HTMLSelectElement>('select')!;
    select.value = '3';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(el.validate()).to.deep.equal({
      ok: true,
      card: { number: VISA, holderName: 'Maria da Silva', expMonth: 12, expYear: 2000 + Number(FUTURE_YY), cvv: '123' },
      installments: 3,
    });
  });

  it('tells the root the chosen installment count (initial and on change), internally, count only', async () => {
    const seen: unknown[] = [];
    const wrapper = await fixture<HTMLDivElement>(html`<div @installments-change=${(e: CustomEvent) => seen.push(e)}></div>`);
    const el = document.createElement('bynet-card-form');
    el.installments = PLAN_12;
    wrapper.append(el);
    await el.updateComplete;
    expect(seen).to.have.length(1);
    const first = seen[0] as CustomEvent;
    expect(first.detail).to.deep.equal({ count: 1 });
    expect(first.composed).to.equal(false);
    await fillValid(el);
    const select = sr(el).querySelector<HTMLSelectElement>('select')!;
    select.value = '12';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(seen.map((e) => (e as CustomEvent).detail)).to.deep.equal([{ count: 1 }, { count: 12 }]);
    expect(JSON.stringify(seen.map((e) => (e as CustomEvent).detail))).not.to.contain(VISA);
  });

  it('submits on Enter with an internal card-submit that stays inside the root', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    field(el, 'cc-csc').focus();
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const event = await oneEvent(el, 'card-submit');
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(false);
    expect((event as CustomEvent).detail).to.equal(null);
  });

  it('disables every field and sends nothing when disabled', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form disabled></bynet-card-form>`);
    const spy = sinon.spy();
    el.addEventListener('card-submit', spy);
    for (const input of sr(el).querySelectorAll('input, select')) {
      expect((input as HTMLInputElement).matches(':disabled')).to.equal(true);
    }
    sr(el).querySelector('form')!.requestSubmit();
    expect(spy.called).to.equal(false);
  });

  it('shows a refusal as an alert', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form refusal="Cartão recusado: saldo insuficiente"></bynet-card-form>`);
    const alert = sr(el).querySelector('[role="alert"]')!;
    expect(alert.getAttribute('part')).to.equal('refusal');
    expect(alert.textContent!.trim()).to.equal('Cartão recusado: saldo insuficiente');
    await expect(el).to.be.accessible();
    el.refusal = undefined;
    await el.updateComplete;
    expect(sr(el).querySelector('[role="alert"]')).to.equal(null);
  });

  it('clear() empties every input and the brand, and the masks still work afterwards', async () => {
    const el = await fixture<BynetCardForm>(html`<bynet-card-form></bynet-card-form>`);
    await fillValid(el);
    el.clear();
    await el.updateComplete;
    for (const input of sr(el).querySelectorAll('input')) expect(input.value, input.name).to.equal('');
    expect(brandText(el)).to.equal('');
    expect(el.validate()).to.deep.equal({ ok: false });
    el.clear();
    await el.updateComplete;
    expect(sr(el).querySelector('[part="field-error"]')).to.equal(null);
    await type(field(el, 'cc-number'), AMEX);
    expect(field(el, 'cc-number').value).to.equal('3782 822463 10005');
  });

  it('leaves no card number or CVV in attributes, markup, events, storage or console', async () => {
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => sinon.spy(console, m));
    const seen: Event[] = [];
    const record = (e: Event) => seen.push(e);
    const wrapper = await fixture<HTMLDivElement>(html`<div><bynet-card-form></bynet-card-form></div>`);
    wrapper.addEventListener('card-submit', record);
    const el = wrapper.querySelector('bynet-card-form')!;
    await fillValid(el, VISA, '987');
    field(el, 'cc-csc').focus();
    await sendKeys({ press: 'Enter' });
    expect(el.validate().ok).to.equal(true);
    await el.updateComplete;

    const secrets = [VISA, '987'];
    // While typed: only the inputs' live values hold them, never an attribute.
    const attrs = deepSerialize(wrapper).replace(/ data-live-value="[^"]*"/g, '');
    expect(digitsOf(attrs)).to.not.include(VISA);
    expect(attrs).to.not.include('987');
    expect(seen).to.have.length(1);
    expect(JSON.stringify((seen[0] as CustomEvent).detail)).to.not.match(/\d{4}/);

    el.clear();
    await el.updateComplete;
    let dump = deepSerialize(wrapper);
    for (const s of secrets) expect(digitsOf(dump), `after clear: ${s}`).to.not.include(s);

    await fillValid(el, VISA, '987');
    el.remove();
    dump = deepSerialize(el);
    for (const s of secrets) expect(digitsOf(dump), `after disconnect: ${s}`).to.not.include(s);
    for (const input of el.shadowRoot!.querySelectorAll('input')) expect(input.value, input.name).to.equal('');

    const storage = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie;
    for (const s of secrets) expect(digitsOf(storage)).to.not.include(s);
    for (const spy of consoleSpies) expect(spy.called, 'console stays quiet').to.equal(false);
  });

  it('re-attaches its masks when connected again', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><bynet-card-form></bynet-card-form></div>`);
    const el = wrapper.querySelector('bynet-card-form')!;
    el.remove();
    wrapper.append(el);
    await el.updateComplete;
    await type(field(el, 'cc-number'), AMEX);
    expect(field(el, 'cc-number').value).to.equal('3782 822463 10005');
    await type(field(el, 'cc-exp'), `09${FUTURE_YY}`);
    expect(field(el, 'cc-exp').value).to.equal(`09/${FUTURE_YY}`);
  });
});
