import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createTranslator } from '../../checkout/i18n.js';
import type { Locale, Translate } from '../../checkout/i18n.js';
import { bynetEvent } from '../../checkout/events.js';
import type { Payment } from '../../contract/payment.js';
import { isValidPixCode } from '../../brazil/pix.js';
import { formatMoney } from '../../brazil/money.js';
import { sharedStyles, buttonStyles, codeBoxStyles } from '../shared/styles.js';
import { writeClipboard, selectField } from '../shared/clipboard.js';
import type { CopyState } from '../shared/clipboard.js';

/** A client-clock instant as the buyer's local `HH:MM`. */
export function formatClockTime(epochMs: number, locale: string): string {
  if (!Number.isFinite(epochMs)) return '';
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(epochMs));
}

/**
 * @summary The Pix step: numbered steps, QR code, copy-and-paste code with a copy button, amount, the
 * local time to pay by and a countdown to the server's expiry (urgent in the last minute). Copy first,
 * large and with phone wording on touch screens.
 *
 * The BR Code is checked (structure and CRC16) before anything is shown; a corrupted code shows an
 * alert instead and no QR.
 *
 * @fires bynet-copy - Public (bubbles, composed): the code was copied. detail: `{ method: 'PIX', what: 'pix-code' }`.
 * @fires pix-expired - Internal (bubbles, not composed): the countdown reached zero.
 * @fires pix-invalid - Internal (bubbles, not composed): the payment's BR Code failed validation.
 *
 * @csspart pix - The wrapper.
 * @csspart amount - The amount line.
 * @csspart qr-code - The QR image (exported from `<bynet-qr-code>`).
 * @csspart pix-code - The read-only copy-and-paste code.
 * @csspart copy-button - The copy button.
 * @csspart copy-status - The copy feedback ("copied" / copy by hand).
 * @csspart countdown - The time left (exported from `<bynet-countdown>`).
 * @csspart expiry - The "pay by HH:MM" line with the countdown (class `urgent` in the last minute).
 * @csspart steps - The numbered steps.
 * @csspart urgent-notice - The last-minute notice (a status region, announced once).
 * @csspart waiting - The "waiting for the payment" line.
 * @csspart notice - The optional notice (e.g. trouble confirming the payment).
 * @csspart error - The alert shown for a corrupted code.
 *
 * @cssproperty --_bynet-qr-size - Edge length of the QR image (default 220px).
 * @cssproperty --_bynet-primary - Copy button and focus ring (default #0b63ce).
 * @cssproperty --_bynet-on-primary - Copy button text (default #fff).
 * @cssproperty --_bynet-success - "Copied" feedback (default #1a7f37).
 * @cssproperty --_bynet-danger - Copy failure and corrupted-code alert (default #b42318).
 * @cssproperty --_bynet-muted - Countdown and waiting line (default #59636e).
 */
export class BynetPixPayment extends LitElement {
  static override styles = [
    sharedStyles,
    buttonStyles,
    codeBoxStyles,
    css`
      .base {
        display: flex;
        flex-direction: column;
        gap: calc(var(--_bynet-space, 16px) * 0.75);
      }
      .base > * {
        margin: 0;
      }
      .amount {
        font-size: 1.125rem;
      }
      .amount strong {
        font-size: 1.375rem;
      }
      .qr {
        padding: calc(var(--_bynet-space, 16px) * 0.5);
        border: 1px solid var(--_bynet-border, #d1d9e0);
        border-radius: var(--_bynet-radius, 8px);
        background: #fff;
        line-height: 0;
      }
      .copy {
        display: flex;
        flex-direction: column;
        gap: 0.5em;
      }
      .copy label {
        font-weight: 600;
      }
      .expiry {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.25em 0.75em;
        padding: 0.5em 0.75em;
        border-radius: var(--_bynet-radius, 8px);
        border: 1px solid var(--_bynet-border, #d1d9e0);
      }
      .expiry .left {
        color: var(--_bynet-muted, #59636e);
      }
      .expiry.urgent {
        border: 2px solid var(--_bynet-danger, #b42318);
      }
      .expiry.urgent .left,
      .expiry.urgent bynet-countdown {
        color: var(--_bynet-danger, #b42318);
        font-weight: 600;
      }
      .urgent-notice:empty {
        display: none;
      }
      .urgent-notice {
        color: var(--_bynet-danger, #b42318);
        font-weight: 600;
      }
      .steps {
        margin: 0;
        padding-left: 1.5em;
        display: flex;
        flex-direction: column;
        gap: 0.25em;
      }
      .steps-title {
        font-weight: 600;
      }
      .qr-wrap {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 0.5em;
      }
      .qr-hint {
        margin: 0;
        color: var(--_bynet-muted, #59636e);
        text-align: center;
      }
      .copy .button.copied {
        background: var(--_bynet-success, #1a7f37);
        border-color: var(--_bynet-success, #1a7f37);
      }
      .copy-status.ok {
        position: absolute;
        width: 1px;
        height: 1px;
        margin: -1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      .waiting {
        display: flex;
        align-items: center;
        gap: 0.5em;
        color: var(--_bynet-muted, #59636e);
      }
      .waiting::before {
        content: '';
        flex: none;
        width: 0.875em;
        height: 0.875em;
        border: 2px solid var(--_bynet-border, #d1d9e0);
        border-top-color: var(--_bynet-primary, #0b63ce);
        border-radius: 50%;
        animation: spin 1s linear infinite;
      }
      .notice:empty {
        display: none;
      }
      .notice {
        padding: 0.5em 0.75em;
        border-left: 4px solid var(--_bynet-primary, #0b63ce);
        background: var(--_bynet-surface, #fff);
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .waiting::before {
          animation: none;
        }
      }
      /* Touch screens: the QR cannot be scanned by the phone showing it, so copy comes first and large. */
      @media (pointer: coarse) {
        .copy {
          order: -1;
        }
        .copy .button {
          order: -1;
          width: 100%;
          min-height: 56px;
          font-size: 1.125rem;
        }
        .heading,
        .amount,
        .expiry,
        .urgent-notice {
          order: -2;
        }
        .steps-block {
          order: -1;
        }
      }
    `,
  ];

  @state() private copyState: CopyState = 'idle';
  @state() private urgent = false;
  /** Touch screen (`pointer: coarse`): the QR cannot be scanned by the phone showing it. */
  @state() private touch = false;

  private codeValid = false;
  private copiedTimer?: ReturnType<typeof setTimeout>;
  private pointerQuery?: MediaQueryList;
  private invalidReported?: Payment;

  /** The PIX payment (method `PIX`, with `pix.code` and `pix.expiresAt`). */
  @property({ attribute: false }) payment?: Payment | undefined;

  /** Translator. */
  @property({ attribute: false }) t: Translate = createTranslator('pt-BR');

  /** Locale for money formatting. */
  @property() locale: Locale = 'pt-BR';

  /** Server clock minus client clock, ms; the countdown ends at `Date.parse(pix.expiresAt) - clockOffsetMs`. */
  @property({ type: Number, attribute: 'clock-offset-ms' }) clockOffsetMs = 0;

  /** Optional notice shown above the waiting line (e.g. trouble confirming the status). */
  @property() notice?: string | undefined;

  /** How long the copy button reads "copied", ms. */
  static copiedLabelMs = 3000;

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof matchMedia === 'function') {
      this.pointerQuery = matchMedia('(pointer: coarse)');
      this.touch = this.pointerQuery.matches;
      this.pointerQuery.addEventListener?.('change', this.onPointerChange);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pointerQuery?.removeEventListener?.('change', this.onPointerChange);
    this.clearCopiedTimer();
  }

  private onPointerChange = (e: MediaQueryListEvent): void => {
    this.touch = e.matches;
  };

  private clearCopiedTimer(): void {
    if (this.copiedTimer !== undefined) clearTimeout(this.copiedTimer);
    this.copiedTimer = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('payment')) {
      const code = this.payment?.pix?.code.trim();
      this.codeValid = typeof code === 'string' && isValidPixCode(code);
      if (changed.get('payment')?.pix?.code.trim() !== code) {
        this.copyState = 'idle';
        this.clearCopiedTimer();
      }
      if (changed.get('payment')?.pix?.expiresAt !== this.payment?.pix?.expiresAt) this.urgent = false;
    }
    if (changed.has('clockOffsetMs')) this.urgent = false;
  }

  override updated(): void {
    if (this.payment && !this.codeValid && this.invalidReported !== this.payment) {
      this.invalidReported = this.payment;
      this.dispatchEvent(new CustomEvent('pix-invalid', { bubbles: true, composed: false }));
    }
  }

  private async handleCopy(): Promise<void> {
    const code = this.payment?.pix?.code.trim();
    if (!code || !this.codeValid) return;
    this.copyState = 'idle';
    this.clearCopiedTimer();
    const ok = await writeClipboard(code);
    this.copyState = ok ? 'copied' : 'failed';
    if (ok) {
      this.copiedTimer = setTimeout(() => {
        this.copiedTimer = undefined;
        if (this.copyState === 'copied') this.copyState = 'idle';
      }, BynetPixPayment.copiedLabelMs);
      this.dispatchEvent(bynetEvent('bynet-copy', { method: 'PIX', what: 'pix-code' }));
    } else {
      await this.updateComplete;
      selectField(this.renderRoot.querySelector('textarea'));
    }
  }

  private handleCountdownUrgent(event: Event): void {
    event.stopPropagation();
    this.urgent = true;
  }

  private handleCountdownEnd(event: Event): void {
    event.stopPropagation();
    this.dispatchEvent(new CustomEvent('pix-expired', { bubbles: true, composed: false }));
  }

  override render() {
    const payment = this.payment;
    if (!payment) return nothing;
    const t = this.t;
    const heading = html`<h2 class="heading" tabindex="-1">${t('pix.title')}</h2>`;
    if (!this.codeValid || !payment.pix) {
      return html`<div class="base" part="pix">
        ${heading}
        <p class="alert" role="alert" part="error">${t('pix.invalidCode')}</p>
      </div>`;
    }
    const code = payment.pix.code.trim();
    const { expiresAt } = payment.pix;
    const amount = formatMoney(payment.amount, this.locale);
    const deadline = Date.parse(expiresAt) - this.clockOffsetMs;
    const copyMessage =
      this.copyState === 'copied' ? t('pix.copied') : this.copyState === 'failed' ? t('pix.copyFailed') : '';
    const copied = this.copyState === 'copied';
    const touch = this.touch;
    const steps = touch
      ? [t('pix.step1.touch'), t('pix.step2.touch'), t('pix.step3.touch')]
      : [t('pix.step1'), t('pix.step2'), t('pix.step3')];
    return html`<div class="base" part="pix">
      ${heading}
      <p class="amount" part="amount">${t('pix.amount')}: <strong>${amount}</strong></p>
      <p class="expiry ${this.urgent ? 'urgent' : ''}" part="expiry">
        <strong class="pay-by">${t('pix.payBy', { time: formatClockTime(deadline, this.locale) })}</strong>
        <span class="left"
          >${t('pix.expiresIn')}
          <bynet-countdown
            exportparts="countdown"
            .expiresAt=${deadline}
            .t=${t}
            @countdown-urgent=${this.handleCountdownUrgent}
            @countdown-end=${this.handleCountdownEnd}
          ></bynet-countdown
        ></span>
      </p>
      <p class="urgent-notice" part="urgent-notice" role="status">${this.urgent ? t('pix.lastMinute') : ''}</p>
      <div class="steps-block">
        <p class="steps-title" id="pix-steps-title">${t('pix.stepsLabel')}</p>
        <ol class="steps" part="steps" aria-labelledby="pix-steps-title">
          ${steps.map((step) => html`<li>${step}</li>`)}
        </ol>
      </div>
      <div class="qr-wrap">
        <div class="qr">
          <bynet-qr-code exportparts="qr-code" .value=${code} .label=${t('pix.qrLabel', { amount })}></bynet-qr-code>
        </div>
        ${touch ? html`<p class="qr-hint">${t('pix.qrOtherDevice')}</p>` : nothing}
      </div>
      <div class="copy">
        <label for="pix-code">${t('pix.codeLabel')}</label>
        <textarea id="pix-code" class="code" part="pix-code" readonly rows="4" spellcheck="false" .value=${code}></textarea>
        <button type="button" class="button ${copied ? 'copied' : ''}" part="copy-button" @click=${this.handleCopy}>
          ${copied ? t('pix.copiedButton') : t('pix.copy')}
        </button>
        <p class="copy-status ${copied ? 'ok' : this.copyState}" part="copy-status" role="status">${copyMessage}</p>
      </div>
      <p class="notice" part="notice" role="status">${this.notice ?? ''}</p>
      <p class="waiting" part="waiting">${t('pix.waiting')}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-pix-payment': BynetPixPayment;
  }
}
