import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BynetMethodList } from '../../../src/components/method-list/method-list.js';
import { createTranslator, loadLocale } from '../../../src/checkout/i18n.js';
import type { PaymentMethod } from '../../../src/contract/payment.js';
import { registerAll } from './helpers.js';

// English is a lazy module (pt-BR ships in the entry): load it before the English cases.
before(() => loadLocale('en'));

registerAll();

const ALL: PaymentMethod[] = ['PIX', 'BOLETO', 'CREDIT_CARD'];

const radios = (el: BynetMethodList) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
const labels = (el: BynetMethodList) => [...el.shadowRoot!.querySelectorAll<HTMLLabelElement>('label[part="method"]')];

/** A label's text without its brand marks (drawn SVG, named by their own aria-label). */
const shown = (l: Element): string => {
  const c = l.cloneNode(true) as Element;
  for (const m of c.querySelectorAll('svg')) m.remove();
  return c.textContent!.replace(/\s+/g, ' ').trim();
};

describe('<bynet-method-list>', () => {
  it('is accessible', async () => {
    const el = await fixture<BynetMethodList>(html`<bynet-method-list .methods=${ALL} selected="PIX" .maxInstallments=${12}></bynet-method-list>`);
    await expect(el).to.be.accessible();
  });

  it('renders a fieldset with a legend and one labelled radio per method, in order', async () => {
    const el = await fixture<BynetMethodList>(html`<bynet-method-list .methods=${ALL} .maxInstallments=${12}></bynet-method-list>`);
    const fieldset = el.shadowRoot!.querySelector('fieldset[part="method-list"]')!;
    expect(fieldset.querySelector('legend')!.textContent).to.equal('Forma de pagamento');
    expect(radios(el).map((r) => r.value)).to.deep.equal(ALL);
    const text = labels(el).map(shown);
    expect(text).to.deep.equal(['Pix Aprovação na hora', 'Boleto Compensa em até 3 dias úteis', 'Cartão de crédito Em até 12x']);
    expect(radios(el).every((r) => !r.checked)).to.equal(true);
  });

  it('a note replaces one method\'s hint (a card lockout), the option stays selectable, focus() goes to a radio', async () => {
    const el = await fixture<BynetMethodList>(
      html`<bynet-method-list .methods=${ALL} .maxInstallments=${12} .notes=${{ CREDIT_CARD: 'Indisponível no momento: muitas tentativas' }}></bynet-method-list>`,
    );
    const text = labels(el).map(shown);
    expect(text).to.deep.equal(['Pix Aprovação na hora', 'Boleto Compensa em até 3 dias úteis', 'Cartão de crédito Indisponível no momento: muitas tentativas']);
    expect(radios(el).some((r) => r.disabled)).to.equal(false);
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(radios(el)[0]);
    await expect(el).to.be.accessible();
  });

  it('leaves out the installments hint when only 1x is on offer', async () => {
    const el = await fixture<BynetMethodList>(html`<bynet-method-list .methods=${['CREDIT_CARD']}></bynet-method-list>`);
    expect(shown(labels(el)[0]!)).to.equal('Cartão de crédito');
  });

  it('checks the selected method and follows changes of it', async () => {
    const el = await fixture<BynetMethodList>(html`<bynet-method-list .methods=${ALL} selected="BOLETO"></bynet-method-list>`);
    expect(radios(el).map((r) => r.checked)).to.deep.equal([false, true, false]);
    el.selected = 'CREDIT_CARD';
    await el.updateComplete;
    expect(radios(el).map((r) => r.checked)).to.deep.equal([false, false, true]);
  });

  it('fires method-change (bubbling, not composed) when a method is clicked', async () => {
    const el = await fixture<BynetMethodList>(html`<bynet-method-list .methods=${ALL}></bynet-method-list>`);
    setTimeout(() => labels(el)[1]!.click());
    const event = (await oneEvent(el, 'method-change')) as CustomEvent<{ method: PaymentMethod }>;
    expect(event.detail).to.deep.equal({ method: 'BOLETO' });
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(false);
    expect(el.selected).to.equal('BOLETO');
  });

  it('works from the keyboard: Space picks, arrows move and pick', async () => {
    const el = await fixture<BynetMethodList>(html`<bynet-method-list .methods=${ALL}></bynet-method-list>`);
    const seen: PaymentMethod[] = [];
    el.addEventListener('method-change', (e) => seen.push((e as CustomEvent<{ method: PaymentMethod }>).detail.method));
    radios(el)[0]!.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(seen).to.deep.equal(['PIX', 'BOLETO', 'CREDIT_CARD']);
    expect(radios(el)[2]!.checked).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(radios(el)[2]);
  });

  it('disables every radio when disabled', async () => {
    const el = await fixture<BynetMethodList>(html`<bynet-method-list .methods=${ALL} disabled></bynet-method-list>`);
    expect(radios(el).every((r) => r.disabled)).to.equal(true);
    let fired = 0;
    el.addEventListener('method-change', () => fired++);
    labels(el)[0]!.click();
    expect(fired).to.equal(0);
  });

  it('renders in English', async () => {
    const el = await fixture<BynetMethodList>(
      html`<bynet-method-list .methods=${ALL} .t=${createTranslator('en')} .maxInstallments=${6}></bynet-method-list>`,
    );
    expect(el.shadowRoot!.querySelector('legend')!.textContent).to.equal('Payment method');
    expect(shown(labels(el)[2]!)).to.equal('Credit card Up to 6 installments');
  });
});
