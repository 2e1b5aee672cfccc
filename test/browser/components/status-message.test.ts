import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { BynetStatusMessage } from '../../../src/components/status-message/status-message.js';
import { createTranslator, loadLocale } from '../../../src/checkout/i18n.js';
import { registerAll, HOSTILE, $ } from './helpers.js';

// English is a lazy module (pt-BR ships in the entry): load it before the English cases.
before(() => loadLocale('en'));

registerAll();

describe('<bynet-status-message>', () => {
  it('is accessible (error with action, and success)', async () => {
    const error = await fixture<BynetStatusMessage>(
      html`<bynet-status-message kind="error" heading="Algo deu errado" message="Sem conexão." action-label="Tentar de novo"></bynet-status-message>`,
    );
    await expect(error).to.be.accessible();
    const success = await fixture<BynetStatusMessage>(
      html`<bynet-status-message kind="success" heading="Pagamento confirmado!" message="Obrigado!"></bynet-status-message>`,
    );
    await expect(success).to.be.accessible();
  });

  it('uses role="alert" and part="error" for errors', async () => {
    const el = await fixture<BynetStatusMessage>(html`<bynet-status-message kind="error" message="Falhou"></bynet-status-message>`);
    const box = $(el, '[part~="error"]');
    expect(box.getAttribute('role')).to.equal('alert');
    expect(box.textContent).to.contain('Falhou');
    expect(el.shadowRoot!.querySelector('[part~="status"]')).to.equal(null);
  });

  for (const kind of ['info', 'success'] as const) {
    it(`uses role="status" and part="status" for ${kind}`, async () => {
      const el = await fixture<BynetStatusMessage>(html`<bynet-status-message kind=${kind} message="Ok"></bynet-status-message>`);
      const box = $(el, '[part~="status"]');
      expect(box.getAttribute('role')).to.equal('status');
      expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    });
  }

  it('renders the heading as a focusable h2 and focus() moves there', async () => {
    const el = await fixture<BynetStatusMessage>(html`<bynet-status-message heading="O código PIX expirou" message="x"></bynet-status-message>`);
    const h2 = $(el, 'h2');
    expect(h2.getAttribute('tabindex')).to.equal('-1');
    expect(h2.textContent).to.equal('O código PIX expirou');
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(h2);
  });

  it('has no heading or button unless asked', async () => {
    const el = await fixture<BynetStatusMessage>(html`<bynet-status-message message="Só texto"></bynet-status-message>`);
    expect(el.shadowRoot!.querySelector('h2')).to.equal(null);
    expect(el.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('fires an internal status-action from the retry button', async () => {
    const t = createTranslator('en');
    const el = await fixture<BynetStatusMessage>(
      html`<bynet-status-message kind="error" message=${t('error.network')} action-label=${t('error.retry')}></bynet-status-message>`,
    );
    const button = $<HTMLButtonElement>(el, 'button[part="retry-button"]');
    expect(button.textContent!.trim()).to.equal('Try again');
    setTimeout(() => button.click());
    const event = await oneEvent(el, 'status-action');
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(false);
  });

  it('renders hostile strings as text', async () => {
    const el = await fixture<BynetStatusMessage>(
      html`<bynet-status-message kind="error" .heading=${HOSTILE} .message=${HOSTILE} .actionLabel=${HOSTILE}></bynet-status-message>`,
    );
    expect($(el, 'h2').textContent).to.equal(HOSTILE);
    expect($(el, 'p').textContent).to.equal(HOSTILE);
    expect($(el, 'button').textContent!.trim()).to.equal(HOSTILE.trim());
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
  });
});
