import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import type { BynetPixPayment } from '../../../src/components/pix-payment/pix-payment.js';
import type { BynetQrCode } from '../../../src/components/qr-code/qr-code.js';
import type { BynetCountdown } from '../../../src/components/countdown/countdown.js';
import { createTranslator } from '../../../src/checkout/i18n.js';
import type { BynetEventDetailMap } from '../../../src/checkout/events.js';
import { registerAll, until, decodeSvgQr, pixPayment, PIX_CODE, BROKEN_PIX_CODE, HOSTILE, $ } from './helpers.js';

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
    expect(svgEl.getAttribute('aria-label')).to.equal('QR code PIX de R$\u00a049,90');
  });

  it('shows the heading, amount, code, copy button, countdown and waiting line', async () => {
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment()}></bynet-pix-payment>`);
    const h2 = $(el, 'h2');
    expect(h2.textContent).to.equal('Pague com PIX');
    expect(h2.getAttribute('tabindex')).to.equal('-1');
    expect($(el, '[part="amount"]').textContent!.replace(/\s+/g, ' ')).to.contain('Valor: R$ 49,90');
    const code = $<HTMLTextAreaElement>(el, '[part="pix-code"]');
    expect(code.value).to.equal(PIX_CODE);
    expect(code.readOnly).to.equal(true);
    expect(code.labels![0]!.textContent).to.equal('Código PIX copia e cola');
    expect($(el, '[part="copy-button"]').textContent!.trim()).to.equal('Copiar código PIX');
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
    expect(alert.textContent).to.equal('O código PIX recebido está corrompido. Tente gerar um novo.');
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
    expect(status.textContent!.trim()).to.equal('Código PIX copiado');
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
    expect($(el, 'h2').textContent).to.equal('Pay with PIX');
    expect($(el, '[part="copy-button"]').textContent!.trim()).to.equal('Copy PIX code');
    expect($(el, '[part="amount"]').textContent!.replace(/\s+/g, ' ')).to.contain('Amount: R$49.90');
    expect(qrSvg(el).getAttribute('aria-label')).to.equal('PIX QR code for R$49.90');
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

  it('without an offset the same expiry reads a minute longer', async () => {
    const expiresAt = new Date(START + 60_000 + 10 * 60_000).toISOString();
    const el = await fixture<BynetPixPayment>(html`<bynet-pix-payment .payment=${pixPayment({ expiresAt })}></bynet-pix-payment>`);
    expect(countdownText(el)).to.equal('11:00');
  });
});
