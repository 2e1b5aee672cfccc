import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { createTranslator } from '../../checkout/i18n.js';
import type { Locale, Translate } from '../../checkout/i18n.js';
import type { Payment } from '../../contract/payment.js';
import { isIntactPixCode } from '../../brazil/pix.js';
import { formatMoney } from '../../brazil/money.js';
import { sharedStyles, buttonStyles, codeBoxStyles } from '../shared/styles.js';
import { copyCode } from '../shared/clipboard.js';
import type { CopyState } from '../shared/clipboard.js';

/**
 * A client-clock instant as the buyer's local `HH:MM` (24-hour). For pt-BR and en it is written
 * without Intl, exactly as `Intl.DateTimeFormat` writes it: the first Intl formatter of a page costs
 * Chromium 50-80 ms of main thread (it loads ICU's data), which would freeze the PIX screen as it
 * first appears. Other locales go through Intl.
 */
export function formatClockTime(epochMs: number, locale: string): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return '';
  if (locale === 'pt-BR' || locale === 'en') return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
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
  static override properties = {
    copyState: { state: true, attribute: false },
    urgent: { state: true, attribute: false },
    touch: { state: true, attribute: false },
    payment: { attribute: false },
    t: { attribute: false },
    locale: {},
    clockOffsetMs: { type: Number, attribute: 'clock-offset-ms' },
    notice: {},
  };

  static override styles = [
    sharedStyles,
    buttonStyles,
    codeBoxStyles,
    css`
      .base,
      .copy,
      .qr {
        display: flex;
        flex-direction: column;
        gap: 0.5em;
      }
      .base {
        gap: calc(var(--_bynet-space, 16px) * 0.75);
      }
      .base > *,
      .qr p {
        margin: 0;
      }
      .amount {
        font-size: 1.125rem;
      }
      .amount strong {
        font-size: 1.375rem;
      }
      .qr {
        align-items: center;
        text-align: center;
      }
      bynet-qr-code {
        padding: calc(var(--_bynet-space, 16px) * 0.5);
        border: 1px solid var(--_bynet-border, #d1d9e0);
        border-radius: var(--_bynet-radius, 8px);
        background: #fff;
      }
      label,
      .steps-title {
        font-weight: 600;
      }
      .expiry {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.25em 0.75em;
        padding: 0.5em 0.75em;
        border: 1px solid var(--_bynet-border, #d1d9e0);
        border-radius: var(--_bynet-radius, 8px);
      }
      .urgent {
        border: 2px solid var(--_bynet-danger, #b42318);
      }
      .urgent span,
      .urgent-notice {
        color: var(--_bynet-danger, #b42318);
        font-weight: 600;
      }
      .notice:empty,
      .urgent-notice:empty {
        display: none;
      }
      .steps {
        display: flex;
        flex-direction: column;
        gap: 0.25em;
        margin: 0;
        padding-left: 1.5em;
      }
      .copied {
        background: var(--_bynet-success, #1a7f37);
        border-color: var(--_bynet-success, #1a7f37);
      }
      .waiting {
        display: flex;
        align-items: center;
        gap: 0.5em;
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
        .qr,
        .notice,
        .waiting {
          order: 1;
        }
        .copy .button {
          order: -1;
          min-height: 56px;
          font-size: 1.125rem;
        }
      }
    `,
  ];

  /** How long the copy button reads "copied", ms. */
  static copiedLabelMs = 3000;

  private copyState: CopyState = 'idle';
  private urgent = false;
  /** Touch screen (`pointer: coarse`): the QR cannot be scanned by the phone showing it. */
  private touch = false;

  /** The payment's BR Code when it passed the check, else undefined. */
  #code?: string | undefined;
  #copiedTimer?: ReturnType<typeof setTimeout>;
  #pointer?: MediaQueryList;
  #invalidReported?: Payment;

  /** The PIX payment (method `PIX`, with `pix.code` and `pix.expiresAt`). */
  payment?: Payment | undefined;

  /** Translator. */
  t: Translate = createTranslator('pt-BR');

  /** Locale for money formatting. */
  locale: Locale = 'pt-BR';

  /** Server clock minus client clock, ms; the countdown ends at `Date.parse(pix.expiresAt) - clockOffsetMs`. */
  clockOffsetMs = 0;

  /** Optional notice shown above the waiting line (e.g. trouble confirming the status). */
  notice?: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#pointer ??= globalThis.matchMedia?.('(pointer: coarse)');
    this.touch = !!this.#pointer?.matches;
    this.#pointer?.addEventListener('change', this.#onPointer);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#pointer?.removeEventListener('change', this.#onPointer);
    clearTimeout(this.#copiedTimer);
  }

  #onPointer = (e: MediaQueryListEvent): void => {
    this.touch = e.matches;
  };

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('payment')) {
      const code = this.payment?.pix?.code.trim();
      if (code !== this.#code) {
        this.copyState = 'idle';
        clearTimeout(this.#copiedTimer);
      }
      this.#code = code && isIntactPixCode(code) ? code : undefined;
      if (changed.get('payment')?.pix?.expiresAt !== this.payment?.pix?.expiresAt) this.urgent = false;
    }
    if (changed.has('clockOffsetMs')) this.urgent = false;
  }

  override updated(): void {
    if (this.payment && !this.#code && this.#invalidReported !== this.payment) {
      this.#invalidReported = this.payment;
      this.dispatchEvent(new CustomEvent('pix-invalid', { bubbles: true }));
    }
  }

  async #copy(): Promise<void> {
    const code = this.#code!;
    this.copyState = 'idle';
    clearTimeout(this.#copiedTimer);
    const ok = await copyCode(this, code, { method: 'PIX', what: 'pix-code' }, (state) => (this.copyState = state));
    if (ok) this.#copiedTimer = setTimeout(() => (this.copyState = 'idle'), BynetPixPayment.copiedLabelMs);
  }

  #onUrgent(): void {
    this.urgent = true;
  }

  #onEnd(): void {
    this.dispatchEvent(new CustomEvent('pix-expired', { bubbles: true }));
  }

  override render() {
    const payment = this.payment;
    if (!payment) return nothing;
    const { t, locale, touch, copyState } = this;
    const code = this.#code;
    return html`<div class="base" part="pix">
      <h2 tabindex="-1">${t('pix.title')}</h2>
      ${code ? this.#renderCode(t, locale, touch, copyState, code, payment) : html`<p class="alert" role="alert" part="error">${t('pix.invalidCode')}</p>`}
    </div>`;
  }

  #renderCode(t: Translate, locale: Locale, touch: boolean, copyState: CopyState, code: string, payment: Payment) {
    const amount = formatMoney(payment.amount, locale);
    const deadline = Date.parse(payment.pix!.expiresAt) - this.clockOffsetMs;
    const copied = copyState === 'copied';
    const step = touch ? '.touch' : '';
    return html`<p class="amount" part="amount">${t('pix.amount')}: <strong>${amount}</strong></p>
      <p class="expiry ${this.urgent ? 'urgent' : ''}" part="expiry">
        <strong class="pay-by">${t('pix.payBy', { time: formatClockTime(deadline, locale) })}</strong>
        <span class="muted"
          >${t('pix.expiresIn')}
          <bynet-countdown
            exportparts="countdown"
            .expiresAt=${deadline}
            .t=${t}
            @countdown-urgent=${this.#onUrgent}
            @countdown-end=${this.#onEnd}
          ></bynet-countdown
        ></span>
      </p>
      <p class="urgent-notice" part="urgent-notice" role="status">${this.urgent ? t('pix.lastMinute') : ''}</p>
      <div>
        <p class="steps-title" id="pix-steps-title">${t('pix.stepsLabel')}</p>
        <ol class="steps" part="steps" aria-labelledby="pix-steps-title">
          <li>${t(`pix.step1${step}`)}</li>
          <li>${t(`pix.step2${step}`)}</li>
          <li>${t(`pix.step3${step}`)}</li>
        </ol>
      </div>
      <div class="qr">
        <bynet-qr-code exportparts="qr-code" .value=${code} .label=${t('pix.qrLabel', { amount })}></bynet-qr-code>
        ${touch ? html`<p class="qr-hint muted">${t('pix.qrOtherDevice')}</p>` : nothing}
      </div>
      <div class="copy">
        <label for="pix-code">${t('pix.codeLabel')}</label>
        <textarea id="pix-code" class="code" part="pix-code" readonly rows="4" spellcheck="false" .value=${code}></textarea>
        <button type="button" class="button ${copied ? 'copied' : ''}" part="copy-button" @click=${this.#copy}>
          ${t(copied ? 'pix.copiedButton' : 'pix.copy')}
        </button>
        <p class="copy-status ${copied ? 'visually-hidden' : copyState}" part="copy-status" role="status">
          ${copied ? t('pix.copied') : copyState === 'failed' ? t('pix.copyFailed') : ''}
        </p>
      </div>
      <p class="notice" part="notice" role="status">${this.notice ?? ''}</p>
      <p class="waiting muted" part="waiting">${t('pix.waiting')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-pix-payment': BynetPixPayment;
  }
}
