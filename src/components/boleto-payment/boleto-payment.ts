import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createTranslator } from '../../checkout/i18n.js';
import type { Locale, Translate } from '../../checkout/i18n.js';
import { bynetEvent } from '../../checkout/events.js';
import type { Payment } from '../../contract/payment.js';
import { formatBoletoLine, boletoLineToBarcode, isValidBoletoBarcode, isValidBoletoLine } from '../../brazil/boleto.js';
import { formatMoney } from '../../brazil/money.js';
import { sharedStyles, buttonStyles, codeBoxStyles } from '../shared/styles.js';
import { writeClipboard, selectField } from '../shared/clipboard.js';
import type { CopyState } from '../shared/clipboard.js';

/** Below this width (CSS px) the upright symbol would get under one CSS px per module. */
const COMPACT_BELOW_PX = 448;

interface BoletoView {
  line: string;
  formattedLine: string;
  barcode: string;
}

/** Checks the line and the barcode and that they describe the same boleto; derives the barcode when missing. */
function checkBoleto(payment: Payment | undefined): BoletoView | undefined {
  const boleto = payment?.boleto;
  if (!boleto) return undefined;
  const line = boleto.digitableLine.replace(/\D/g, '');
  try {
    if (!isValidBoletoLine(line)) return undefined;
    const fromLine = boletoLineToBarcode(line);
    const barcode = boleto.barcode ?? fromLine;
    if (!isValidBoletoBarcode(barcode) || barcode !== fromLine) return undefined;
    return { line, formattedLine: formatBoletoLine(line), barcode };
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DD` as a calendar date in the buyer's language, independent of the time zone. */
export function formatDueDate(isoDate: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** Only absolute http(s) links (after resolving against the page) are ever rendered. */
export function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const base = typeof document === 'undefined' ? undefined : document.baseURI;
    const url = new URL(raw, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @summary The boleto step: the digitable line with a copy button, the ITF barcode drawn locally,
 * the due date, the amount and the PDF link.
 *
 * The line and the barcode are both checked (check digits) and must describe the same boleto;
 * otherwise an alert replaces them.
 *
 * @fires bynet-copy - Public (bubbles, composed): the line was copied. detail: `{ method: 'BOLETO', what: 'digitable-line' }`.
 * @fires boleto-invalid - Internal (bubbles, not composed): the payment's line or barcode failed validation.
 *
 * @csspart boleto - The wrapper.
 * @csspart amount - The amount line.
 * @csspart due-date - The due date line.
 * @csspart digitable-line - The read-only formatted digitable line.
 * @csspart copy-button - The copy button.
 * @csspart copy-status - The copy feedback.
 * @csspart barcode - The barcode image (exported from `<bynet-barcode>`).
 * @csspart barcode-toggle - On narrow screens, the "show barcode" button (the barcode is then drawn large, lying down).
 * @csspart boleto-pdf - The PDF link.
 * @csspart error - The alert shown for an invalid boleto.
 *
 * @cssproperty --_bynet-primary - Copy button, PDF link and focus ring (default #0b63ce).
 * @cssproperty --_bynet-on-primary - Copy button text (default #fff).
 * @cssproperty --_bynet-success - "Copied" feedback (default #1a7f37).
 * @cssproperty --_bynet-danger - Copy failure and invalid-boleto alert (default #b42318).
 * @cssproperty --_bynet-border - Code box and barcode frame (default #d1d9e0).
 */
export class BynetBoletoPayment extends LitElement {
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
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em 1.5em;
      }
      .facts p {
        margin: 0;
      }
      .line {
        display: flex;
        flex-direction: column;
        gap: 0.5em;
      }
      .line label {
        font-weight: 600;
      }
      /* The line wraps only between its groups (spaces), never inside one, and grows to fit. */
      #digitable-line {
        word-break: normal;
        overflow-wrap: normal;
        white-space: pre-wrap;
        field-sizing: content;
      }
      .barcode {
        padding: calc(var(--_bynet-space, 16px) * 0.5);
        background: #fff;
        border: 1px solid var(--_bynet-border, #d1d9e0);
        border-radius: var(--_bynet-radius, 8px);
      }
      /* Narrow screens: the symbol lies down along the screen's height, so each module gets whole device pixels. */
      .barcode.large {
        height: 80vh;
        height: 80svh;
        min-height: 320px;
        box-sizing: border-box;
      }
      .barcode-toggle {
        align-self: stretch;
      }
      .pdf {
        align-self: flex-start;
        text-decoration: none;
      }
      @media (pointer: coarse) {
        .line .button {
          width: 100%;
          min-height: 56px;
        }
      }
    `,
  ];

  @state() private copyState: CopyState = 'idle';
  /** Too narrow to draw the symbol upright at one CSS px per module: the line first, the barcode on demand. */
  @state() private compact = false;
  @state() private barcodeOpen = false;

  private resizeObserver?: ResizeObserver;

  private view?: BoletoView;
  private invalidReported?: Payment;

  /** The boleto payment (method `BOLETO`, with `boleto.digitableLine`, `dueDate`, optional `barcode` and `pdfUrl`). */
  @property({ attribute: false }) payment?: Payment | undefined;

  /** Translator. */
  @property({ attribute: false }) t: Translate = createTranslator('pt-BR');

  /** Locale for money and date formatting. */
  @property() locale: Locale = 'pt-BR';

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof ResizeObserver === 'undefined') return;
    this.resizeObserver ??= new ResizeObserver(() => requestAnimationFrame(() => this.measure()));
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  private measure(): void {
    const width = this.getBoundingClientRect().width;
    // 425 modules (44 digits, start/stop, quiet zones) plus the frame's padding and border.
    const compact = width > 0 && width < COMPACT_BELOW_PX;
    if (compact !== this.compact) this.compact = compact;
  }

  private async toggleBarcode(): Promise<void> {
    this.barcodeOpen = !this.barcodeOpen;
    if (!this.barcodeOpen) return;
    await this.updateComplete;
    this.renderRoot.querySelector('.barcode')?.scrollIntoView?.({ block: 'nearest' });
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('payment')) {
      this.view = checkBoleto(this.payment);
      this.copyState = 'idle';
      if (changed.get('payment')?.boleto?.digitableLine !== this.payment?.boleto?.digitableLine) this.barcodeOpen = false;
    }
  }

  override updated(): void {
    if (this.payment && !this.view && this.invalidReported !== this.payment) {
      this.invalidReported = this.payment;
      this.dispatchEvent(new CustomEvent('boleto-invalid', { bubbles: true, composed: false }));
    }
  }

  private async handleCopy(): Promise<void> {
    const view = this.view;
    if (!view) return;
    this.copyState = 'idle';
    const ok = await writeClipboard(view.line);
    this.copyState = ok ? 'copied' : 'failed';
    if (ok) {
      this.dispatchEvent(bynetEvent('bynet-copy', { method: 'BOLETO', what: 'digitable-line' }));
    } else {
      await this.updateComplete;
      selectField(this.renderRoot.querySelector('textarea'));
    }
  }

  override render() {
    const payment = this.payment;
    if (!payment) return nothing;
    const t = this.t;
    const heading = html`<h2 tabindex="-1">${t('boleto.title')}</h2>`;
    const view = this.view;
    if (!view || !payment.boleto) {
      return html`<div class="base" part="boleto">
        ${heading}
        <p class="alert" role="alert" part="error">${t('boleto.invalid')}</p>
      </div>`;
    }
    const { dueDate } = payment.boleto;
    const pdf = safeHttpUrl(payment.boleto.pdfUrl);
    const copyMessage =
      this.copyState === 'copied' ? t('boleto.copied') : this.copyState === 'failed' ? t('boleto.copyFailed') : '';
    return html`<div class="base" part="boleto">
      ${heading}
      <div class="facts">
        <p part="amount">${t('boleto.amount')}: <strong>${formatMoney(payment.amount, this.locale)}</strong></p>
        <p part="due-date">
          ${t('boleto.dueDate')}: <strong><time datetime=${dueDate}>${formatDueDate(dueDate, this.locale)}</time></strong>
        </p>
      </div>
      <p class="instructions">${t('boleto.instructions')}</p>
      <div class="line">
        <label for="digitable-line">${t('boleto.lineLabel')}</label>
        <textarea
          id="digitable-line"
          class="code"
          part="digitable-line"
          readonly
          rows="2"
          spellcheck="false"
          .value=${view.formattedLine}
        ></textarea>
        <button type="button" class="button" part="copy-button" @click=${this.handleCopy}>${t('boleto.copy')}</button>
        <p class="copy-status ${this.copyState === 'copied' ? 'ok' : this.copyState}" part="copy-status" role="status">
          ${copyMessage}
        </p>
      </div>
      ${this.compact
        ? html`<button
              type="button"
              class="button secondary barcode-toggle"
              part="barcode-toggle"
              aria-expanded=${this.barcodeOpen ? 'true' : 'false'}
              aria-controls="barcode"
              @click=${this.toggleBarcode}
            >
              ${this.barcodeOpen ? t('boleto.hideBarcode') : t('boleto.showBarcode')}
            </button>
            <div class="barcode large" id="barcode" ?hidden=${!this.barcodeOpen}>
              ${this.barcodeOpen
                ? html`<bynet-barcode
                    exportparts="barcode"
                    orientation="vertical"
                    .value=${view.barcode}
                    .label=${t('boleto.barcodeLabel')}
                  ></bynet-barcode>`
                : nothing}
            </div>`
        : html`<div class="barcode" id="barcode">
            <bynet-barcode exportparts="barcode" .value=${view.barcode} .label=${t('boleto.barcodeLabel')}></bynet-barcode>
          </div>`}
      ${pdf
        ? html`<a class="button secondary pdf" part="boleto-pdf" href=${pdf} target="_blank" rel="noopener noreferrer"
            >${t('boleto.pdf')}</a
          >`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-boleto-payment': BynetBoletoPayment;
  }
}
