import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { createTranslator } from '../../checkout/i18n.js';
import type { Locale, Translate } from '../../checkout/i18n.js';
import type { Payment } from '../../contract/payment.js';
import { barcodeOfLine, formatBoletoLine } from '../../brazil/boleto.js';
import { formatMoney } from '../../brazil/money.js';
import { sharedStyles, buttonStyles, codeBoxStyles } from '../shared/styles.js';
import { copyCode } from '../shared/clipboard.js';
import type { CopyState } from '../shared/clipboard.js';

/** Below this width (CSS px) the upright symbol would get under one CSS px per module. */
const COMPACT_BELOW_PX = 448;

interface BoletoView {
  line: string;
  formattedLine: string;
  barcode: string;
}

/**
 * The line's check digits (and the general one of the barcode it stands for) must all be right,
 * and a barcode given beside it must be that same barcode; undefined otherwise.
 */
function checkBoleto(boleto: Payment['boleto']): BoletoView | undefined {
  const line = boleto?.digitableLine.replace(/\D/g, '');
  const barcode = line && barcodeOfLine(line);
  if (barcode && (boleto!.barcode ?? barcode) === barcode) return { line: line!, formattedLine: formatBoletoLine(line!), barcode };
  return undefined;
}

const MONTHS = {
  'pt-BR': ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/**
 * `YYYY-MM-DD` as a calendar date in the buyer's language, independent of the time zone ("6 de
 * dezembro de 2026", "December 6, 2026"). For pt-BR and en it is written without Intl, exactly as
 * `Intl.DateTimeFormat`'s long date style writes it: the first Intl formatter of a page costs
 * Chromium 50-80 ms of main thread, which would freeze the boleto screen as it first appears.
 */
export function formatDueDate(isoDate: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return isoDate;
  const [day, month, year] = [date.getUTCDate(), date.getUTCMonth(), date.getUTCFullYear()];
  if (locale === 'pt-BR') return `${day} de ${MONTHS['pt-BR'][month]} de ${year}`;
  if (locale === 'en') return `${MONTHS.en[month]} ${day}, ${year}`;
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
  static override properties = {
    copyState: { state: true, attribute: false },
    compact: { state: true, attribute: false },
    barcodeOpen: { state: true, attribute: false },
    payment: { attribute: false },
    t: { attribute: false },
    locale: {},
  };

  static override styles = [
    sharedStyles,
    buttonStyles,
    codeBoxStyles,
    css`
      .base,
      .line {
        display: flex;
        flex-direction: column;
        gap: 0.5em;
      }
      .base {
        gap: calc(var(--_bynet-space, 16px) * 0.75);
      }
      .base > *,
      .facts p {
        margin: 0;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em 1.5em;
      }
      label {
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
      .large {
        height: 80vh;
        height: 80svh;
        min-height: 320px;
      }
      .pdf {
        align-self: flex-start;
        text-decoration: none;
      }
      @media (pointer: coarse) {
        .line .button {
          min-height: 56px;
        }
      }
    `,
  ];

  private copyState: CopyState = 'idle';
  /** Too narrow to draw the symbol upright at one CSS px per module: the line first, the barcode on demand. */
  private compact = false;
  private barcodeOpen = false;

  #resizeObserver?: ResizeObserver;
  #view?: BoletoView | undefined;
  #invalidReported?: Payment;

  /** The boleto payment (method `BOLETO`, with `boleto.digitableLine`, `dueDate`, optional `barcode` and `pdfUrl`). */
  payment?: Payment | undefined;

  /** Translator. */
  t: Translate = createTranslator('pt-BR');

  /** Locale for money and date formatting. */
  locale: Locale = 'pt-BR';

  override connectedCallback(): void {
    super.connectedCallback();
    // 425 modules (44 digits, start/stop, quiet zones) plus the frame's padding and border.
    this.#resizeObserver ??= new ResizeObserver(() =>
      requestAnimationFrame(() => {
        const width = this.getBoundingClientRect().width;
        this.compact = width > 0 && width < COMPACT_BELOW_PX;
      }),
    );
    this.#resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resizeObserver?.disconnect();
  }

  async #toggleBarcode(): Promise<void> {
    this.barcodeOpen = !this.barcodeOpen;
    await this.updateComplete;
    if (this.barcodeOpen) this.renderRoot.querySelector('.barcode')?.scrollIntoView?.({ block: 'nearest' });
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('payment')) {
      this.#view = checkBoleto(this.payment?.boleto);
      this.copyState = 'idle';
      if (changed.get('payment')?.boleto?.digitableLine !== this.payment?.boleto?.digitableLine) this.barcodeOpen = false;
    }
  }

  override updated(): void {
    if (this.payment && !this.#view && this.#invalidReported !== this.payment) {
      this.#invalidReported = this.payment;
      this.dispatchEvent(new CustomEvent('boleto-invalid', { bubbles: true }));
    }
  }

  async #copy(): Promise<void> {
    this.copyState = 'idle';
    await copyCode(this, this.#view!.line, { method: 'BOLETO', what: 'digitable-line' }, (state) => (this.copyState = state));
  }

  override render() {
    const payment = this.payment;
    if (!payment) return nothing;
    const view = this.#view;
    const t = this.t;
    return html`<div class="base" part="boleto">
      <h2 tabindex="-1">${t('boleto.title')}</h2>
      ${view ? this.#renderBoleto(t, view, payment.amount, payment.boleto!) : html`<p class="alert" role="alert" part="error">${t('boleto.invalid')}</p>`}
    </div>`;
  }

  #renderBoleto(t: Translate, view: BoletoView, amount: number, { dueDate, pdfUrl }: NonNullable<Payment['boleto']>) {
    const pdf = safeHttpUrl(pdfUrl);
    const { copyState, compact, barcodeOpen } = this;
    const barcode = html`<bynet-barcode
      exportparts="barcode"
      orientation=${compact ? 'vertical' : 'horizontal'}
      .value=${view.barcode}
      .label=${t('boleto.barcodeLabel')}
    ></bynet-barcode>`;
    return html`<div class="facts">
        <p part="amount">${t('boleto.amount')}: <strong>${formatMoney(amount, this.locale)}</strong></p>
        <p part="due-date">
          ${t('boleto.dueDate')}: <strong><time datetime=${dueDate}>${formatDueDate(dueDate, this.locale)}</time></strong>
        </p>
      </div>
      <p>${t('boleto.instructions')}</p>
      <div class="line">
        <label for="digitable-line">${t('boleto.lineLabel')}</label>
        <textarea id="digitable-line" class="code" part="digitable-line" readonly rows="2" spellcheck="false" .value=${view.formattedLine}></textarea>
        <button type="button" class="button" part="copy-button" @click=${this.#copy}>${t('boleto.copy')}</button>
        <p class="copy-status ${copyState === 'copied' ? 'ok' : copyState}" part="copy-status" role="status">
          ${copyState === 'copied' ? t('boleto.copied') : copyState === 'failed' ? t('boleto.copyFailed') : ''}
        </p>
      </div>
      ${compact
        ? html`<button
              type="button"
              class="button secondary"
              part="barcode-toggle"
              aria-expanded=${barcodeOpen}
              aria-controls="barcode"
              @click=${this.#toggleBarcode}
            >
              ${t(barcodeOpen ? 'boleto.hideBarcode' : 'boleto.showBarcode')}
            </button>
            <div class="barcode large" id="barcode" ?hidden=${!barcodeOpen}>${barcodeOpen ? barcode : nothing}</div>`
        : html`<div class="barcode" id="barcode">${barcode}</div>`}
      ${pdf
        ? html`<a class="button secondary pdf" part="boleto-pdf" href=${pdf} target="_blank" rel="noopener noreferrer">${t('boleto.pdf')}</a>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-boleto-payment': BynetBoletoPayment;
  }
}
