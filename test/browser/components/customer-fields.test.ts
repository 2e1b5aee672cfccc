import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { BynetCustomerFields } from '../../../src/components/customer-fields/customer-fields.js';
import { createTranslator, loadLocale } from '../../../src/checkout/i18n.js';
import type { Address } from '../../../src/contract/helper.js';
import { registerAll, deferred, until, HOSTILE, $ } from './helpers.js';

// English is a lazy module (pt-BR ships in the entry): load it before the English cases.
before(() => loadLocale('en'));

registerAll();

const input = (el: BynetCustomerFields, name: string) => $<HTMLInputElement>(el, `input[name="${name}"]`);

async function typeInto(el: BynetCustomerFields, name: string, text: string): Promise<HTMLInputElement> {
  const field = input(el, name);
  field.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
  return field;
}

async function blur(el: BynetCustomerFields, name: string): Promise<void> {
  input(el, name).blur();
  await el.updateComplete;
}

/** Pastes like a browser does: the whole text lands at once with inputType insertFromPaste. */
async function paste(el: BynetCustomerFields, name: string, text: string): Promise<HTMLInputElement> {
  const field = input(el, name);
  field.focus();
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: text }));
  await el.updateComplete;
  return field;
}

/** The error text linked to a field, checking the aria wiring on the way. */
function errorOf(el: BynetCustomerFields, name: string): string | undefined {
  const field = input(el, name);
  const describedBy = field.getAttribute('aria-describedby');
  if (field.getAttribute('aria-invalid') !== 'true') {
    expect(describedBy, `${name} has aria-describedby without being invalid`).to.equal(null);
    return undefined;
  }
  expect(describedBy, `${name} is invalid without aria-describedby`).to.be.a('string');
  const error = el.shadowRoot!.getElementById(describedBy!)!;
  expect(error.getAttribute('part')).to.equal('field-error');
  return error.textContent!.trim();
}

const ADDRESS_NAMES = ['zipCode', 'street', 'streetNumber', 'complement', 'neighborhood', 'city', 'state'];
const REQUIRED = ['name', 'email', 'document', 'phone', 'zipCode', 'street', 'streetNumber', 'neighborhood', 'city', 'state'];

describe('<bynet-customer-fields>', () => {
  afterEach(() => sinon.restore());

  it('is accessible, blank and with every error shown', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
    await expect(el).to.be.accessible();
    expect(el.validate().ok).to.equal(false);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('has the agreed names, types and autocomplete tokens', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
    const attrs = (name: string) => {
      const f = input(el, name);
      return [f.type, f.getAttribute('autocomplete'), f.getAttribute('inputmode')];
    };
    expect(attrs('name')).to.deep.equal(['text', 'name', null]);
    expect(attrs('email')).to.deep.equal(['email', 'email', 'email']);
    // a digit keyboard for a CPF (empty or digits only), text once a letter or a CNPJ is typed
    expect(attrs('document')).to.deep.equal(['text', 'off', 'numeric']);
    expect(attrs('phone')).to.deep.equal(['tel', 'tel-national', 'tel']);
    expect(attrs('zipCode')).to.deep.equal(['text', 'postal-code', 'numeric']);
    expect(attrs('street')[1]).to.equal('address-line1');
    expect(attrs('complement')[1]).to.equal('address-line2');
    expect(attrs('city')[1]).to.equal('address-level2');
    expect(attrs('state')[1]).to.equal('address-level1');
    for (const name of [...REQUIRED, 'complement']) {
      const f = input(el, name);
      expect(f.labels![0]!.textContent!.trim(), name).to.not.equal('');
      expect(f.closest('[part~="field"]'), name).to.not.equal(null);
    }
    expect(el.shadowRoot!.querySelector('[part="customer-fields"]')).to.not.equal(null);
  });

  const blurCases: [field: string, typed: string, message: string][] = [
    ['name', 'Ana', 'Informe nome e sobrenome.'],
    ['email', 'ana@exemplo', 'Informe um e-mail válido, como nome@exemplo.com.'],
    ['document', '12345678900', 'CPF ou CNPJ inválido. Confira os números.'],
    ['document', '11222333000180', 'CPF ou CNPJ inválido. Confira os números.'],
    ['phone', '1112345678', 'Informe um celular com DDD, como (11) 98765-4321.'],
    ['phone', '20987654321', 'Informe um celular com DDD, como (11) 98765-4321.'],
    ['zipCode', '0131', 'Informe um CEP válido com 8 dígitos.'],
    ['state', 'XX', 'Informe a UF com 2 letras, como SP.'],
  ];
  for (const [field, typed, message] of blurCases) {
    it(`shows the ${field} error for "${typed}" on blur, linked by aria`, async () => {
      const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
      await typeInto(el, field, typed);
      expect(errorOf(el, field)).to.equal(undefined); // not while typing
      await blur(el, field);
      expect(errorOf(el, field)).to.equal(message);
    });
  }

  for (const field of REQUIRED) {
    it(`shows "required" for ${field} emptied and left`, async () => {
      const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
      await typeInto(el, field, '1');
      await sendKeys({ press: 'Backspace' });
      await blur(el, field);
      expect(errorOf(el, field)).to.equal('Preencha este campo.');
    });
  }

  it('does not nag about an untouched empty field on blur, nor the optional complement', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
    input(el, 'name').focus();
    await blur(el, 'name');
    expect(errorOf(el, 'name')).to.equal(undefined);
    await typeInto(el, 'complement', 'x');
    await sendKeys({ press: 'Backspace' });
    await blur(el, 'complement');
    expect(errorOf(el, 'complement')).to.equal(undefined);
  });

  it('clears an error as soon as the value becomes right', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields></bynet-customer-fields>`);
    await typeInto(el, 'document', '1234567890');
    await blur(el, 'document');
    expect(errorOf(el, 'document')).to.equal('CPF ou CNPJ inválido. Confira os números.');
    await typeInto(el, 'document', '9');
    expect(input(el, 'document').value).to.equal('123.456.789-09');
    expect(errorOf(el, 'document')).to.equal(undefined);
  });

  it('validate() shows every error and focuses the first invalid field', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
    await typeInto(el, 'email', 'nope');
    expect(el.validate()).to.deep.equal({ ok: false });
    await el.updateComplete;
    for (const name of REQUIRED) {
      expect(errorOf(el, name), name).to.equal(name === 'email' ? 'Informe um e-mail válido, como nome@exemplo.com.' : 'Preencha este campo.');
    }
    expect(errorOf(el, 'complement')).to.equal(undefined);
    await until(() => el.shadowRoot!.activeElement === input(el, 'name'), 'first invalid field not focused');
  });

  it('validate() focuses the first invalid field in order, not the first field', async () => {
    const el = await fixture<BynetCustomerFields>(
      html`<bynet-customer-fields .value=${{ name: 'Ana Souza', email: 'ana@exemplo.com' }}></bynet-customer-fields>`,
    );
    expect(el.validate().ok).to.equal(false);
    await until(() => el.shadowRoot!.activeElement === input(el, 'document'), 'document not focused');
    expect(errorOf(el, 'name')).to.equal(undefined);
  });

  it('masks CPF, CNPJ (also alphanumeric), phone and CEP as you type', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
    expect((await typeInto(el, 'document', '12345678909')).value).to.equal('123.456.789-09');
    input(el, 'document').value = '';
    expect((await typeInto(el, 'document', '11222333000181')).value).to.equal('11.222.333/0001-81');
    input(el, 'document').value = '';
    expect((await typeInto(el, 'document', '12abc34501de35')).value).to.equal('12.ABC.345/01DE-35');
    expect((await typeInto(el, 'phone', '11987654321')).value).to.equal('(11) 98765-4321');
    input(el, 'phone').value = '';
    expect((await typeInto(el, 'phone', '1134567890')).value).to.equal('(11) 3456-7890');
    expect((await typeInto(el, 'zipCode', '01310100')).value).to.equal('01310-100');
    expect((await typeInto(el, 'state', 'sp')).value).to.equal('SP');
  });

  it('cuts extra characters and accepts pasted punctuation', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
    expect((await typeInto(el, 'document', '123456789091234567')).value).to.equal('12.345.678/9091-23');
    expect((await paste(el, 'phone', '+55 (11) 98765-4321')).value).to.equal('(11) 98765-4321');
    expect((await paste(el, 'zipCode', '01.310-100 ')).value).to.equal('01310-100');
    expect((await paste(el, 'document', ' 123.456.789-09 ')).value).to.equal('123.456.789-09');
  });

  it('Backspace right after a separator removes the digit before it and keeps the caret in place', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
    const zip = await typeInto(el, 'zipCode', '01310100');
    zip.setSelectionRange(6, 6); // just after "-"
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(zip.value).to.equal('01311-00');
    expect(zip.selectionStart).to.equal(4);
    const phone = await typeInto(el, 'phone', '11987654321');
    phone.setSelectionRange(3, 3); // after "(11", then Delete towards ") "
    await sendKeys({ press: 'Delete' });
    await el.updateComplete;
    // the 9 went, so the 10 digits left read as a landline
    expect(phone.value).to.equal('(11) 8765-4321');
    expect(phone.selectionStart).to.equal(3);
  });

  it('typing in the middle keeps the caret after the typed character', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields></bynet-customer-fields>`);
    const doc = await typeInto(el, 'document', '1234567909');
    expect(doc.value).to.equal('123.456.790-9');
    doc.setSelectionRange(9, 9); // after "123.456.7"
    await sendKeys({ type: '8' });
    await el.updateComplete;
    expect(doc.value).to.equal('123.456.789-09');
    expect(doc.selectionStart).to.equal(10);
  });

  it('looks the CEP up once 8 digits are in, announces it and fills the address', async () => {
    const pending = deferred<Partial<Address> | null>();
    const lookupCep = sinon.fake(() => pending.promise);
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address .lookupCep=${lookupCep}></bynet-customer-fields>`);
    await typeInto(el, 'zipCode', '0131010');
    expect(lookupCep.callCount).to.equal(0);
    await typeInto(el, 'zipCode', '0');
    expect(lookupCep.callCount).to.equal(1);
    expect(lookupCep.firstCall.args).to.deep.equal(['01310100']);
    const status = $(el, '[part~="lookup-status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent!.trim()).to.equal('Buscando endereço…');
    pending.resolve({ zipCode: '01310100', street: 'Avenida Paulista', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'sp' });
    await until(() => input(el, 'street').value !== '', 'address not filled');
    expect(input(el, 'street').value).to.equal('Avenida Paulista');
    expect(input(el, 'neighborhood').value).to.equal('Bela Vista');
    expect(input(el, 'city').value).to.equal('São Paulo');
    expect(input(el, 'state').value).to.equal('SP');
    expect(status.textContent!.trim()).to.equal('');
    await blur(el, 'zipCode');
    expect(lookupCep.callCount).to.equal(1);
  });

  for (const outcome of ['null', 'a rejection'] as const) {
    it(`says the CEP was not found on ${outcome} and leaves the fields to the buyer`, async () => {
      const lookupCep = outcome === 'null' ? sinon.fake.resolves(null) : sinon.fake.rejects(new Error('offline'));
      const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address .lookupCep=${lookupCep}></bynet-customer-fields>`);
      await typeInto(el, 'zipCode', '99999999');
      const status = $(el, '[part~="lookup-status"]');
      await until(() => status.textContent!.trim() === 'CEP não encontrado. Preencha o endereço.', 'no not-found message');
      expect(input(el, 'street').value).to.equal('');
    });
  }

  it('ignores a lookup answer for a CEP the buyer already changed', async () => {
    const first = deferred<Partial<Address> | null>();
    const second = deferred<Partial<Address> | null>();
    const lookupCep = sinon.stub();
    lookupCep.onFirstCall().returns(first.promise);
    lookupCep.onSecondCall().returns(second.promise);
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address .lookupCep=${lookupCep}></bynet-customer-fields>`);
    const zip = await typeInto(el, 'zipCode', '01310100');
    zip.value = '';
    await typeInto(el, 'zipCode', '20040020');
    expect(lookupCep.secondCall.args).to.deep.equal(['20040020']);
    second.resolve({ street: 'Avenida Rio Branco', neighborhood: 'Centro', city: 'Rio de Janeiro', state: 'RJ' });
    await until(() => input(el, 'city').value === 'Rio de Janeiro', 'second answer not applied');
    first.resolve({ street: 'Avenida Paulista', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP' });
    await first.promise;
    await el.updateComplete;
    expect(input(el, 'street').value).to.equal('Avenida Rio Branco');
    expect(input(el, 'state').value).to.equal('RJ');
  });

  it('puts hostile lookup strings in the inputs as plain text', async () => {
    const lookupCep = sinon.fake.resolves({ street: HOSTILE, neighborhood: HOSTILE, city: 'X', state: 'SP' });
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address .lookupCep=${lookupCep}></bynet-customer-fields>`);
    await typeInto(el, 'zipCode', '01310100');
    await until(() => input(el, 'street').value !== '', 'address not filled');
    expect(input(el, 'street').value).to.equal(HOSTILE);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
  });

  it('validate() returns clean, digits-only values', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address></bynet-customer-fields>`);
    await typeInto(el, 'name', '  Ana   Souza ');
    await typeInto(el, 'email', ' ana@exemplo.com ');
    await typeInto(el, 'document', '12abc34501de35');
    await typeInto(el, 'phone', '11987654321');
    await typeInto(el, 'zipCode', '01310100');
    await typeInto(el, 'street', 'Avenida Paulista');
    await typeInto(el, 'streetNumber', '1578');
    await typeInto(el, 'neighborhood', 'Bela Vista');
    await typeInto(el, 'city', 'São Paulo');
    await typeInto(el, 'state', 'sp');
    expect(el.validate()).to.deep.equal({
      ok: true,
      customer: { name: 'Ana Souza', email: 'ana@exemplo.com', phone: '11987654321', document: '12ABC34501DE35' },
      address: {
        zipCode: '01310100',
        street: 'Avenida Paulista',
        streetNumber: '1578',
        neighborhood: 'Bela Vista',
        city: 'São Paulo',
        state: 'SP',
      },
    });
    await typeInto(el, 'complement', ' Apto 12 ');
    const again = el.validate();
    expect(again.ok && again.address?.complement).to.equal('Apto 12');
  });

  it("validate() holds values set by script to the helper's length limits", async () => {
    const value = { name: 'Ana Souza', email: 'ana@exemplo.com', document: '12345678909', phone: '11987654321' };
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address .value=${value}></bynet-customer-fields>`);
    const address = { zipCode: '01310100', streetNumber: '1578', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP' };
    for (const [name, text] of Object.entries(address)) await paste(el, name, text);
    // `maxlength` stops typing, not script: 161 characters of street, 121 of name.
    await paste(el, 'street', `Rua ${'A'.repeat(157)}`);
    await paste(el, 'name', `Ana ${'S'.repeat(117)}`);
    expect(el.validate()).to.deep.equal({ ok: false });
    await el.updateComplete;
    expect(errorOf(el, 'street')).to.equal('Preencha este campo.');
    expect(errorOf(el, 'name')).to.equal('Informe nome e sobrenome.');
    expect(errorOf(el, 'city')).to.equal(undefined);
    await paste(el, 'street', `Rua ${'A'.repeat(156)}`);
    await paste(el, 'name', `Ana ${'S'.repeat(116)}`);
    expect(el.validate().ok).to.equal(true);
  });

  it('takes a prefill, shows it masked, and validates without the address when not required', async () => {
    const value = { name: 'João da Silva', email: 'joao@exemplo.com', document: '12345678909', phone: '11987654321' };
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields .value=${value}></bynet-customer-fields>`);
    expect(input(el, 'document').value).to.equal('123.456.789-09');
    expect(input(el, 'phone').value).to.equal('(11) 98765-4321');
    for (const name of ADDRESS_NAMES) expect(el.shadowRoot!.querySelector(`input[name="${name}"]`), name).to.equal(null);
    expect(el.validate()).to.deep.equal({ ok: true, customer: value });
  });

  it('prefills the address too', async () => {
    const value = { address: { zipCode: '01310100', state: 'sp', city: 'São Paulo' } };
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address .value=${value}></bynet-customer-fields>`);
    expect(input(el, 'zipCode').value).to.equal('01310-100');
    expect(input(el, 'state').value).to.equal('SP');
    expect(input(el, 'city').value).to.equal('São Paulo');
  });

  it('disables every input when disabled', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address disabled></bynet-customer-fields>`);
    const inputs = [...el.shadowRoot!.querySelectorAll('input')];
    expect(inputs).to.have.length(11);
    expect(inputs.every((i) => i.disabled)).to.equal(true);
  });

  it('renders in English', async () => {
    const el = await fixture<BynetCustomerFields>(html`<bynet-customer-fields require-address .t=${createTranslator('en')}></bynet-customer-fields>`);
    expect(input(el, 'document').labels![0]!.textContent!.trim()).to.equal('CPF or CNPJ');
    expect(el.shadowRoot!.querySelector('legend')!.textContent).to.equal('Your details');
    el.validate();
    await el.updateComplete;
    expect(errorOf(el, 'name')).to.equal('Please fill in this field.');
  });
});
