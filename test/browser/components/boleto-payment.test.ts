import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import type { BynetBoletoPayment } from '../../../src/components/boleto-payment/boleto-payment.js';
import type { BynetBarcode } from '../../../src/components/barcode/barcode.js';
import { createTranslator, loadLocale } from '../../../src/checkout/i18n.js';
import { addBoletoMessages } from '../../../src/checkout/i18n-boleto.js';
import type { BynetEventDetailMap } from '../../../src/checkout/events.js';
import { boletoLineToBarcode, buildBoletoBarcode, boletoBarcodeToLine, formatBoletoLine } from '../../../src/brazil/boleto.js';
import { decodeItf, barsFromPath } from '../../support/itf-decode.js';
import { registerAll, until, boletoPayment, BOLETO_BARCODE, BOLETO_LINE, HOSTILE, $ } from './helpers.js';

// English is a lazy module, the view's own pt-BR strings come with its chunk: both in before the cases.
addBoletoMessages();
before(() => loadLocale('en'));

registerAll();

const barcodeDigits = (el: BynetBoletoPayment): string => {
  const path = $($<BynetBarcode>(el, 'bynet-barcode'), 'svg[part="barcode"] path');
  return decodeItf(barsFromPath(path.getAttribute('d')!));
};
const shownLine = (el: BynetBoletoPayment) => $<HTMLTextAreaElement>(el, '[part="digitable-line"]').value;

describe('<bynet-boleto-payment>', () => {
  afterEach(() => sinon.restore());

  it('is accessible', async () => {
    const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${boletoPayment()}></bynet-boleto-payment>`);
    await expect(el).to.be.accessible();
  });

  it('draws a barcode that reads back as the 44 digits, and shows a line that converts to the same barcode', async () => {
    const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${boletoPayment()}></bynet-boleto-payment>`);
    expect(barcodeDigits(el)).to.equal(BOLETO_BARCODE);
    const line = shownLine(el);
    expect(line).to.equal(formatBoletoLine(BOLETO_LINE));
    expect(line).to.match(/^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/);
    expect(boletoLineToBarcode(line.replace(/\D/g, ''))).to.equal(BOLETO_BARCODE);
    expect($(el, 'bynet-barcode').getAttribute('exportparts')).to.equal('barcode');
    expect($($<BynetBarcode>(el, 'bynet-barcode'), 'svg').getAttribute('aria-label')).to.equal('Código de barras do boleto');
  });

  it('derives the barcode from the line when the payment has none', async () => {
    const other = buildBoletoBarcode({ bankCode: '237', amount: 15000, dueDate: '2026-02-10', freeField: '9876543210987654321098765' });
    const payment = boletoPayment({ digitableLine: boletoBarcodeToLine(other), barcode: undefined });
    const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${payment}></bynet-boleto-payment>`);
    expect(barcodeDigits(el)).to.equal(other);
    expect(boletoLineToBarcode(shownLine(el))).to.equal(other);
  });

  it('shows an alert, and no line or barcode, when line and barcode disagree', async () => {
    const other = buildBoletoBarcode({ bankCode: '341', amount: 4990, dueDate: '2026-01-01', freeField: '1111111111111111111111111' });
    const invalid = sinon.spy();
    const el = await fixture<BynetBoletoPayment>(
      html`<bynet-boleto-payment .payment=${boletoPayment({ barcode: other })} @boleto-invalid=${invalid}></bynet-boleto-payment>`,
    );
    expect($(el, '[role="alert"]').textContent).to.equal('O boleto recebido é inválido. Tente novamente.');
    expect(el.shadowRoot!.querySelector('bynet-barcode, [part="digitable-line"], [part="copy-button"]')).to.equal(null);
    expect(invalid.callCount).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('shows an alert for a line with a wrong check digit', async () => {
    const digits = BOLETO_LINE.split('');
    digits[9] = String((Number(digits[9]) + 1) % 10);
    const el = await fixture<BynetBoletoPayment>(
      html`<bynet-boleto-payment .payment=${boletoPayment({ digitableLine: digits.join(''), barcode: undefined })}></bynet-boleto-payment>`,
    );
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.not.equal(null);
    expect(el.shadowRoot!.querySelector('bynet-barcode')).to.equal(null);
  });

  it('shows the due date as the calendar day given (not shifted by the time zone) and the amount', async () => {
    const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${boletoPayment()}></bynet-boleto-payment>`);
    const due = $(el, '[part="due-date"]');
    expect(due.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Vencimento: 1 de janeiro de 2026');
    expect(due.querySelector('time')!.getAttribute('datetime')).to.equal('2026-01-01');
    expect($(el, '[part="amount"]').textContent!.replace(/\s+/g, ' ').trim()).to.equal('Valor: R$ 49,90');
  });

  it('links the PDF in a new tab without opener', async () => {
    const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${boletoPayment()}></bynet-boleto-payment>`);
    const a = $<HTMLAnchorElement>(el, 'a[part="boleto-pdf"]');
    expect(a.href).to.equal('https://boletos.example.com/b/123.pdf');
    expect(a.target).to.equal('_blank');
    expect(a.rel.split(' ')).to.include('noopener');
    expect(a.textContent!.trim()).to.equal('Baixar boleto em PDF');
  });

  for (const url of ['javascript:window.__pwned=1', 'data:application/pdf;base64,AAAA', 'blob:https://x/1', 'ftp://x/y.pdf']) {
    it(`shows no PDF link for ${url.split(':')[0]}: URLs`, async () => {
      const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${boletoPayment({ pdfUrl: url })}></bynet-boleto-payment>`);
      expect(el.shadowRoot!.querySelector('a')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part="digitable-line"]')).to.not.equal(null);
    });
  }

  it('copies the line, announces it and fires bynet-copy', async () => {
    const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
    const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${boletoPayment()}></bynet-boleto-payment>`);
    setTimeout(() => $(el, '[part="copy-button"]').click());
    const event = (await oneEvent(el, 'bynet-copy')) as CustomEvent<BynetEventDetailMap['bynet-copy']>;
    expect(event.detail).to.deep.equal({ method: 'BOLETO', what: 'digitable-line' });
    expect(event.composed).to.equal(true);
    expect(writeText.calledOnce).to.equal(true);
    expect(writeText.firstCall.args[0]).to.equal(BOLETO_LINE);
    await el.updateComplete;
    const status = $(el, '[part~="copy-status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent!.trim()).to.equal('Linha digitável copiada');
  });

  it('on clipboard failure selects the line and shows the manual-copy hint', async () => {
    sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('denied', 'NotAllowedError'));
    const copied = sinon.spy();
    const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${boletoPayment()} @bynet-copy=${copied}></bynet-boleto-payment>`);
    $(el, '[part="copy-button"]').click();
    const field = $<HTMLTextAreaElement>(el, '[part="digitable-line"]');
    await until(() => el.shadowRoot!.activeElement === field, 'line not focused');
    expect($(el, '[part~="copy-status"]').textContent!.trim()).to.equal('Não foi possível copiar. Selecione a linha e copie manualmente.');
    expect(field.selectionStart).to.equal(0);
    expect(field.selectionEnd).to.equal(field.value.length);
    expect(copied.callCount).to.equal(0);
  });

  it('renders in English', async () => {
    const el = await fixture<BynetBoletoPayment>(
      html`<bynet-boleto-payment .payment=${boletoPayment()} .t=${createTranslator('en')} locale="en"></bynet-boleto-payment>`,
    );
    expect($(el, 'h2').textContent).to.equal('Boleto issued');
    expect($(el, 'h2').getAttribute('tabindex')).to.equal('-1');
    expect($(el, '[part="due-date"]').textContent!.replace(/\s+/g, ' ').trim()).to.equal('Due date: January 1, 2026');
    expect($(el, '[part="copy-button"]').textContent!.trim()).to.equal('Copy digitable line');
  });

  it('renders in pt-BR and en without creating an Intl formatter (the first one of a page costs 50-80 ms)', async () => {
    const spy = sinon.spy(Intl, 'DateTimeFormat');
    const money = sinon.spy(Intl, 'NumberFormat');
    const seen: string[] = [];
    for (const locale of ['pt-BR', 'en'] as const) {
      const el = await fixture<BynetBoletoPayment>(
        html`<bynet-boleto-payment .payment=${boletoPayment({ dueDate: '2026-12-06' })} .t=${createTranslator(locale)} .locale=${locale}></bynet-boleto-payment>`,
      );
      seen.push(el.shadowRoot!.textContent!.replace(/\s+/g, ' '));
    }
    expect(seen[0]).to.contain('6 de dezembro de 2026');
    expect(seen[1]).to.contain('December 6, 2026');
    expect(spy.callCount).to.equal(0);
    expect(money.callCount).to.equal(0);
  });

  it('renders a hostile PDF label override as text', async () => {
    const t = createTranslator('pt-BR', { 'boleto.pdf': HOSTILE });
    const el = await fixture<BynetBoletoPayment>(html`<bynet-boleto-payment .payment=${boletoPayment()} .t=${t}></bynet-boleto-payment>`);
    expect($(el, 'a[part="boleto-pdf"]').textContent!.trim()).to.equal(HOSTILE.trim());
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
  });
});
