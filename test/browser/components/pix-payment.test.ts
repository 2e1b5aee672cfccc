import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import type { BynetPixPayment } from '../../../src/components/pix-payment/pix-payment.js';
import type { BynetQrCode } from '../../../src/components/qr-code/qr-code.js';
import type { BynetCountdown } from '../../../src/components/countdown/countdown.js';
import { createTranslator, loadLocale } from '../../../src/checkout/i18n.js';
import { addPixMessages } from '../../../src/checkout/i18n-pix.js';
import type { BynetEventDetailMap } from '../../../src/checkout/events.js';
import { registerAll, until, decodeSvgQr, pixPayment, PIX_CODE, BROKEN_PIX_CODE, HOSTILE, $ } from './helpers.js';

// English is a lazy module, the view's own pt-BR strings come with its chunk: both in before the cases.
addPixMessages();
before(() => loadLocale('en'));

registerAll();

const qrSvg = (el: BynetPixPayment) => $<SVGSVGElement>($<BynetQrCode>(el, 'bynet-qr-code'), 'svg[part="qr-code"]');
const countdownText = (el: BynetPixPayment) =>
  $($<BynetCountdown>(el, 'bynet-countdown'), '[part="countdown"]').textContent!.trim();

describe('<bynet-pix-payment>', () => {
  afterEach(() => sinon.restore());

  it('is accessible', async () => {
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
    await expect(el).to.be.accessible();
  });

  it('shows a QR code that decodes to exactly the BR Code', async () => {
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
    const svgEl = qrSvg(el);
    expect(await decodeSvgQr(svgEl)).to.equal(PIX_CODE);
    expect(svgEl.getAttribute('aria-label')).to.equal('QR code Pix de R$\u00a049,90');
  });

  it('shows the heading, amount, code, copy button, countdown and waiting line', async () => {
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
    const h2 = $(el, 'h2');
    expect(h2.textContent).to.equal('Pague com Pix');
    expect(h2.getAttribute('tabindex')).to.equal('-1');
    expect($(el, '[part="amount"]').textContent!.replace(/\s+/g, ' ')).to.contain('Valor: R$ 49,90');
    const code = $<HTMLTextAreaElement>(el, '[part="pix-code"]');
    expect(code.value).to.equal(PIX_CODE);
    expect(code.readOnly).to.equal(true);
    expect(code.labels![0]!.textContent).to.equal('Código Pix copia e cola');
    expect($(el, '[part="copy-button"]').textContent!.trim()).to.equal('Copiar código Pix');
    expect(countdownText(el)).to.match(/^1[45]:\d\d$/);
    expect($(el, '[part="waiting"]').textContent!.trim()).to.equal('Aguardando o pagamento…');
  });

  it('exports the inner parts to its own shadow root', async () => {
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
    expect($(el, 'bynet-qr-code').getAttribute('exportparts')).to.equal('qr-code');
    expect($(el, 'bynet-countdown').getAttribute('exportparts')).to.equal('countdown');
  });

  it('shows an alert and no QR for a BR Code with a bad CRC, and fires pix-invalid', async () => {
    const invalid = sinon.spy();
    const el = await fixture<BynetPixPayment>(
      html`<bynet-pix-payment .payment=${pixPayment({ code: BROKEN_PIX_CODE })} @pix-invalid=${invalid}></bynet-pix-payment>`,
    );
    const alert = $(el, '[role="alert"]');
    expect(alert.textContent).to.equal('O código Pix recebido está corrompido. Tente gerar um novo.');
    expect(el.shadowRoot!.querySelector('bynet-qr-code, svg, [part="pix-code"], [part="copy-button"]')).to.equal(null);
    expect(invalid.callCount).to.equal(1);
    const event = invalid.firstCall.args[0] as Event;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('treats a truncated code as invalid too', async () => {
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment({ code: PIX_CODE.slice(0, 60) })}></bynet-pix-payment>`);
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.not.equal(null);
    expect(el.shadowRoot!.querySelector('bynet-qr-code')).to.equal(null);
  });

  it('copies the code, announces "copiado" and fires bynet-copy', async () => {
    const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
    setTimeout(() => $(el, '[part="copy-button"]').click());
    const event = (await oneEvent(el, 'bynet-copy')) as CustomEvent<BynetEventDetailMap['bynet-copy']>;
    expect(writeText.calledOnceWithExactly(PIX_CODE)).to.equal(true);
    expect(event.detail).to.deep.equal({ method: 'PIX', what: 'pix-code' });
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    await el.updateComplete;
    const status = $(el, '[part~="copy-status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent!.trim()).to.equal('Código Pix copiado');
    const button = $(el, '[part="copy-button"]');
    expect(button.textContent!.trim()).to.equal('Código copiado!');
    expect(button.classList.contains('copied')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('turns the copy button back to "Copiar código Pix" after a few seconds', async () => {
    sinon.stub(navigator.clipboard, 'writeText').resolves();
    const saved = (customElements.get('bynet-pix-payment') as unknown as { copiedLabelMs: number }).copiedLabelMs;
    (customElements.get('bynet-pix-payment') as unknown as { copiedLabelMs: number }).copiedLabelMs = 50;
    try {
      const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
      const button = $(el, '[part="copy-button"]');
      button.click();
      await until(() => button.textContent!.trim() === 'Código copiado!', 'label did not change');
      await until(() => button.textContent!.trim() === 'Copiar código Pix', 'label did not come back');
      expect($(el, '[part~="copy-status"]').textContent!.trim()).to.equal('');
    } finally {
      (customElements.get('bynet-pix-payment') as unknown as { copiedLabelMs: number }).copiedLabelMs = saved;
    }
  });

  it('shows numbered steps for a desktop buyer (scan the QR with the phone)', async () => {
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
    const steps = [...el.shadowRoot!.querySelectorAll('ol[part="steps"] li')].map((li) => li.textContent!.trim());
    expect(steps).to.deep.equal([
      'Abra o app do seu banco no celular.',
      'Escolha Pix e leia o QR code com a câmera (ou use Pix copia e cola).',
      'Confira o valor e confirme o pagamento.',
    ]);
    expect($(el, 'ol[part="steps"]').getAttribute('aria-labelledby')).to.equal('pix-steps-title');
    expect(el.shadowRoot!.querySelector('.qr-hint')).to.equal(null);
  });

  it('on a touch screen, says to copy first and never to scan the QR on the same phone', async () => {
    const real = window.matchMedia.bind(window);
    sinon.stub(window, 'matchMedia').callsFake((q: string) =>
      q === '(pointer: coarse)' ? ({ matches: true, media: q, addEventListener() {}, removeEventListener() {} } as unknown as MediaQueryList) : real(q),
    );
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
    const steps = [...el.shadowRoot!.querySelectorAll('ol[part="steps"] li')].map((li) => li.textContent!.trim());
    expect(steps).to.deep.equal([
      'Toque em “Copiar código Pix”.',
      'Abra o app do seu banco e escolha Pix copia e cola.',
      'Cole o código, confira o valor e confirme.',
    ]);
    expect(steps.join(' ')).to.not.match(/leia o QR|escaneie/i);
    expect($(el, '.qr-hint').textContent!.trim()).to.equal('Vai pagar com outro celular? Leia este QR code com ele.');
    await expect(el).to.be.accessible();
  });

  it('writes "Pix", never "PIX", in everything a buyer reads (pt-BR and en)', async () => {
    for (const locale of ['pt-BR', 'en'] as const) {
      const el = await fixture<BynetPixPayment>(
        html`<bynet-pix-payment .payment=${pixPayment()} .t=${createTranslator(locale)} locale=${locale}></bynet-pix-payment>`,
      );
      const labels = [...el.shadowRoot!.querySelectorAll('[aria-label]')].map((n) => n.getAttribute('aria-label')).join(' ');
      const qrLabel = qrSvg(el).getAttribute('aria-label');
      const text = `${el.shadowRoot!.textContent} ${labels} ${qrLabel}`;
      expect(text).to.contain('Pix');
      expect(text).to.not.contain('PIX');
    }
  });

  it('on clipboard failure selects the code and shows the manual-copy hint', async () => {
    sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('denied', 'NotAllowedError'));
    const copied = sinon.spy();
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()} @bynet-copy=${copied}></bynet-pix-payment>`);
    $(el, '[part="copy-button"]').click();
    const status = $(el, '[part~="copy-status"]');
    await until(() => status.textContent!.trim() !== '', 'no copy feedback');
    expect(status.textContent!.trim()).to.equal('Não foi possível copiar. Selecione o código e copie manualmente.');
    const code = $<HTMLTextAreaElement>(el, '[part="pix-code"]');
    await until(() => el.shadowRoot!.activeElement === code, 'code not focused');
    expect(code.selectionStart).to.equal(0);
    expect(code.selectionEnd).to.equal(PIX_CODE.length);
    expect(copied.callCount).to.equal(0);
  });

  it('shows a notice as text in a status region', async () => {
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()} .notice=${HOSTILE}></bynet-pix-payment>`);
    const notice = $(el, '[part="notice"]');
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.textContent).to.equal(HOSTILE);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
  });

  it('renders in English', async () => {
    const el = await fixture<BynetPixPayment>(
      html`<bynet-pix-payment .payment=${pixPayment()} .t=${createTranslator('en')} locale="en"></bynet-pix-payment>`,
    );
    expect($(el, 'h2').textContent).to.equal('Pay with Pix');
    expect($(el, '[part="copy-button"]').textContent!.trim()).to.equal('Copy Pix code');
    expect($(el, '[part="amount"]').textContent!.replace(/\s+/g, ' ')).to.contain('Amount: R$49.90');
    expect(qrSvg(el).getAttribute('aria-label')).to.equal('Pix QR code for R$49.90');
    expect($(el, '[part="expiry"] .pay-by').textContent).to.match(/^Pay by \d\d:\d\d$/);
    expect($(el, 'ol[part="steps"] li').textContent).to.equal("Open your bank's app on your phone.");
  });
});

describe('<bynet-pix-payment> countdown', () => {
  const START = Date.UTC(2026, 0, 1, 12, 0, 0);
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('counts down to the server expiry corrected by the clock offset, then fires pix-expired once', async () => {
    // The server clock runs 60 s ahead: its "10 minutes from now" reads 11 minutes on ours.
    const offset = 60_000;
    const expiresAt = new Date(START + offset + 10 * 60_000).toISOString();
    const expired = sinon.spy();
    const el = await fixture<BynetPixPayment>(
      html`<bynet-pix-payment .payment=${pixPayment({ expiresAt })} .clockOffsetMs=${offset} @pix-expired=${expired}></bynet-pix-payment>`,
    );
    expect(countdownText(el)).to.equal('10:00');
    await clock.tickAsync(10 * 60_000 - 1);
    expect(countdownText(el)).to.equal('00:01');
    expect(expired.callCount).to.equal(0);
    await clock.tickAsync(1);
    await el.updateComplete;
    expect(countdownText(el)).to.equal('00:00');
    expect(expired.callCount).to.equal(1);
    const event = expired.firstCall.args[0] as Event;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(false);
    await clock.tickAsync(5_000);
    expect(expired.callCount).to.equal(1);
  });

  it('shows "Pague até HH:MM" in local time, from the expiry corrected by the clock offset', async () => {
    const offset = 60_000;
    const expiresAt = new Date(START + offset + 10 * 60_000).toISOString();
    const el = await fixture<BynetPixPayment>(
      html`<bynet-pix-payment .payment=${pixPayment({ expiresAt })} .clockOffsetMs=${offset}></bynet-pix-payment>`,
    );
    const local = new Date(START + 10 * 60_000);
    const hhmm = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
    expect($(el, '[part="expiry"] .pay-by').textContent).to.equal(`Pague até ${hhmm}`);
    expect($(el, '[part="expiry"]').textContent!.replace(/\s+/g, ' ')).to.contain('O código expira em');
  });

  it('renders in pt-BR and en without creating an Intl formatter (the first one of a page costs 50-80 ms)', async () => {
    const spy = sinon.spy(Intl, 'DateTimeFormat');
    const money = sinon.spy(Intl, 'NumberFormat');
    for (const locale of ['pt-BR', 'en'] as const) {
      const el = await fixture<BynetPixPayment>(
        html`<bynet-pix-payment .payment=${pixPayment()} .t=${createTranslator(locale)} .locale=${locale}></bynet-pix-payment>`,
      );
      expect($(el, '[part="expiry"] .pay-by').textContent).to.match(/\d\d:\d\d$/);
    }
    expect(spy.callCount).to.equal(0);
    expect(money.callCount).to.equal(0);
  });

  it('turns urgent in the last minute and announces it once', async () => {
    const expiresAt = new Date(START + 2 * 60_000).toISOString();
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment({ expiresAt })}></bynet-pix-payment>`);
    const expiry = $(el, '[part="expiry"]');
    const notice = $(el, '[part="urgent-notice"]');
    expect(notice.getAttribute('role')).to.equal('status');
    expect(expiry.classList.contains('urgent')).to.equal(false);
    expect(notice.textContent).to.equal('');
    await clock.tickAsync(60_000 - 1);
    await el.updateComplete;
    expect(expiry.classList.contains('urgent')).to.equal(false);
    await clock.tickAsync(1);
    await $<BynetCountdown>(el, 'bynet-countdown').updateComplete;
    await el.updateComplete;
    expect(countdownText(el)).to.equal('01:00');
    expect(expiry.classList.contains('urgent')).to.equal(true);
    expect($(el, 'bynet-countdown').hasAttribute('urgent')).to.equal(true);
    expect(notice.textContent).to.equal('Falta menos de 1 minuto para o código expirar. Conclua o pagamento no app do seu banco.');
    // announced once: the text stays the same (no re-insertion) while the seconds run out
    const node = notice.firstChild;
    await clock.tickAsync(30_000);
    await el.updateComplete;
    expect(notice.textContent).to.equal('Falta menos de 1 minuto para o código expirar. Conclua o pagamento no app do seu banco.');
    expect(notice.firstChild).to.equal(node);
  });

  it('without an offset the same expiry reads a minute longer', async () => {
    const expiresAt = new Date(START + 60_000 + 10 * 60_000).toISOString();
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment({ expiresAt })}></bynet-pix-payment>`);
    expect(countdownText(el)).to.equal('11:00');
  });
});
