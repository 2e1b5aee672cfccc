import { css, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { buttonStyles, codeBoxStyles, sharedStyles } from '../../components/shared/styles.js';
import { labelOf } from '../i18n.js';
import type { ConsoleTransactionSummary } from '../types.js';
import { getJson } from './api.js';
import { ConsoleElement, statusTone } from './base.js';
import { dateTime, documentNumber, money, percent, safeUrl } from './format.js';
import { consoleStyles, consoleTokens } from './styles.js';

/**
 * @summary The Summary of one transaction (admin route `/transactions/:id`): status timeline, buyer,
 * items, fee and net amount, Pix/boleto data and the decoded refusal reason.
 *
 * @fires bynet-console-loaded - The summary arrived; `detail` is the `ConsoleTransactionSummary`.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading (focusable, focused by the list when opened from it).
 * @csspart status - The status chip.
 * @csspart timeline - The status timeline.
 * @csspart customer - The buyer block.
 * @csspart items - The items table.
 * @csspart fee - The fee and net amount block.
 * @csspart pix - The Pix block.
 * @csspart boleto - The boleto block.
 * @csspart refusal - The refusal block.
 * @csspart error - The error message; `data-code` carries its typed code.
 * @csspart loading - The loading message.
 * @csspart retry-button - Retry after an error.
 *
 * @cssproperty --bynet-color-primary - Accent (default #0b63ce).
 * @cssproperty --bynet-color-text - Text (default #1f2328).
 * @cssproperty --bynet-color-muted - Secondary text (default #59636e).
 * @cssproperty --bynet-color-surface - Background (default #fff).
 * @cssproperty --bynet-color-border - Borders (default #d1d9e0).
 * @cssproperty --bynet-color-success - Paid chips (default #1a7f37).
 * @cssproperty --bynet-color-danger - Refused chips, errors (default #b42318).
 * @cssproperty --bynet-color-warning - Waiting chips (default #8a5300).
 * @cssproperty --bynet-font-family - Font.
 * @cssproperty --bynet-radius - Corner radius (default 8px).
 * @cssproperty --bynet-space - Base spacing (default 16px).
 */
export class BynetTransaction extends ConsoleElement {
  static override styles = [
    consoleTokens,
    sharedStyles,
    buttonStyles,
    codeBoxStyles,
    consoleStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: calc(var(--_bynet-space) * 0.5) var(--_bynet-space);
      }
      .amount {
        font-size: 1.5rem;
        font-weight: 700;
      }
      .cols {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        gap: 0 calc(var(--_bynet-space) * 2);
      }
    `,
  ];

  /** The gateway's transaction id. */
  @property({ attribute: 'transaction-id' }) transactionId?: string;

  @state() private summary: ConsoleTransactionSummary | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('transactionId') || changed.has('endpoint')) void this.load();
  }

  /** Reloads the summary. */
  async load(): Promise<void> {
    const id = this.transactionId;
    this.summary = null;
    if (!id) return;
    const data = await this.run((signal) =>
      getJson<ConsoleTransactionSummary>(this.endpoint, `/transactions/${encodeURIComponent(id)}`, {}, { headers: this.headers, signal }),
    );
    if (data) {
      this.summary = data;
      this.dispatchEvent(new CustomEvent('bynet-console-loaded', { detail: data, bubbles: true, composed: true }));
    }
  }

  /** Moves focus to the heading (the list does it when it opens this detail). */
  override focus(): void {
    const h = this.renderRoot.querySelector<HTMLElement>('h2');
    if (h) h.focus();
    else super.focus();
  }

  override render(): TemplateResult {
    if (!this.transactionId) return html`<p class="muted" part="empty">${this.t('detail.noTransaction')}</p>`;
    const s = this.summary;
    return html`<article part="base" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 tabindex="-1" part="heading">${this.t('detail.title')} <span class="mono">${s?.id ?? this.transactionId}</span></h2>
      ${s ? this.renderSummary(s) : nothing}
      ${this.loading ? this.renderLoading() : nothing} ${this.renderError(() => void this.load())}
    </article>`;
  }

  private renderSummary(s: ConsoleTransactionSummary): TemplateResult {
    const t = this.t;
    const L = this.lang_;
    const row = (label: string, value: unknown) =>
      value === null || value === undefined || value === '' ? nothing : html`<dt>${label}</dt><dd>${value}</dd>`;
    return html`
      <div class="head">
        <span class="amount">${money(s.amount, L)}</span>
        <span class="chip ${statusTone(s.status)}" part="status" data-status=${s.status}>${labelOf(t, 'status', s.status)}</span>
        <span class="chip neutral" part="method">${labelOf(t, 'method', s.paymentMethod)}</span>
      </div>
      ${s.refusal ? this.renderRefusal(s.refusal) : nothing}
      <div class="cols">
        <section class="block" aria-labelledby="facts-h">
          <h3 id="facts-h" class="visually-hidden">${t('detail.title')}</h3>
          <dl class="facts">
            ${row(t('detail.method'), labelOf(t, 'method', s.paymentMethod))}
            ${row(t('detail.installments'), s.installments ? `${s.installments}x` : null)}
            ${row(t('detail.refunded'), s.refundedAmount ? money(s.refundedAmount, L) : null)}
            ${row(t('detail.createdAt'), s.createdAt ? dateTime(s.createdAt, L) : null)}
            ${row(t('detail.paidAt'), s.paidAt ? dateTime(s.paidAt, L) : null)}
            ${row(t('detail.updatedAt'), s.updatedAt ? dateTime(s.updatedAt, L) : null)}
            ${row(t('detail.externalRef'), s.externalRef)} ${row(t('detail.provider'), s.provider)}
          </dl>
        </section>
        <section class="block" aria-labelledby="timeline-h" part="timeline">
          <h3 id="timeline-h">${t('detail.timeline')}</h3>
          <ol class="timeline">
            ${s.timeline.map(
              (step) => html`<li data-status=${step.status}><strong>${labelOf(t, step.status === 'CREATED' || step.status === 'UPDATED' ? 'timeline' : 'status', step.status)}</strong>
                <span class="muted">${dateTime(step.at, L)}</span></li>`,
            )}
          </ol>
        </section>
      </div>
      ${s.customer ? this.renderCustomer(s.customer) : nothing} ${this.renderItems(s)} ${this.renderFee(s)} ${this.renderPayment(s)}
    `;
  }

  private renderRefusal(r: NonNullable<ConsoleTransactionSummary['refusal']>): TemplateResult {
    return html`<section class="block alert" part="refusal" aria-labelledby="refusal-h">
      <h3 id="refusal-h">${this.t('detail.refusal')}</h3>
      <p>${r.message ?? this.t('detail.refusal.unknown')}</p>
      ${r.code ? html`<p class="muted">${this.t('detail.refusal.code')}: <span class="mono">${r.code}</span></p>` : nothing}
    </section>`;
  }

  private renderCustomer(c: NonNullable<ConsoleTransactionSummary['customer']>): TemplateResult {
    const t = this.t;
    const a = c.address;
    const address = a
      ? [[a.street, a.streetNumber].filter(Boolean).join(', '), a.complement, a.neighborhood, [a.city, a.state].filter(Boolean).join(' - '), a.zipCode, a.country]
          .filter((x) => x)
          .join(' · ')
      : '';
    const row = (label: string, value: unknown) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : nothing);
    return html`<section class="block" part="customer" aria-labelledby="customer-h">
      <h3 id="customer-h">${t('detail.customer')}</h3>
      <dl class="facts">
        ${row(t('detail.customer.name'), c.name)} ${row(t('detail.customer.email'), c.email)} ${row(t('detail.customer.phone'), c.phone)}
        ${row(t('detail.customer.document'), c.document ? `${c.document.type} ${documentNumber(c.document.type, c.document.number)}` : null)}
        ${row(t('detail.customer.address'), address)}
      </dl>
    </section>`;
  }

  private renderItems(s: ConsoleTransactionSummary): TemplateResult {
    const t = this.t;
    const L = this.lang_;
    return html`<section class="block" part="items" aria-labelledby="items-h">
      <h3 id="items-h">${t('detail.items')}</h3>
      ${s.items.length
        ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('detail.itemsTable')}><table>
            <thead><tr>
              <th scope="col">${t('detail.item.title')}</th><th scope="col" class="num">${t('detail.item.quantity')}</th>
              <th scope="col" class="num">${t('detail.item.unitPrice')}</th><th scope="col" class="num">${t('detail.item.total')}</th>
            </tr></thead>
            <tbody>
              ${s.items.map(
                (i) => html`<tr>
                  <td>${i.title} <span class="muted">(${i.tangible ? t('detail.item.tangible') : t('detail.item.intangible')})</span></td>
                  <td class="num">${i.quantity}</td><td class="num">${money(i.unitPrice, L)}</td><td class="num">${money(i.unitPrice * i.quantity, L)}</td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : html`<p class="muted">${t('detail.noItems')}</p>`}
    </section>`;
  }

  private renderFee(s: ConsoleTransactionSummary): TemplateResult | typeof nothing {
    const f = s.fee;
    if (!f) return nothing;
    const t = this.t;
    const L = this.lang_;
    return html`<section class="block" part="fee" aria-labelledby="fee-h">
      <h3 id="fee-h">${t('detail.fee')}</h3>
      <dl class="facts">
        <dt>${t('detail.amount')}</dt><dd>${money(s.amount, L)}</dd>
        ${f.fixedAmount !== null ? html`<dt>${t('detail.fee.fixed')}</dt><dd>${money(f.fixedAmount, L)}</dd>` : nothing}
        ${f.spreadPercentage !== null ? html`<dt>${t('detail.fee.spread')}</dt><dd>${percent(f.spreadPercentage, L)}</dd>` : nothing}
        ${f.estimatedFee !== null ? html`<dt>${t('detail.fee.estimated')}</dt><dd>${money(f.estimatedFee, L)}</dd>` : nothing}
        ${f.netAmount !== null ? html`<dt><strong>${t('detail.fee.net')}</strong></dt><dd><strong data-net>${money(f.netAmount, L)}</strong></dd>` : nothing}
      </dl>
    </section>`;
  }

  private renderPayment(s: ConsoleTransactionSummary): TemplateResult {
    const t = this.t;
    const boletoUrl = safeUrl(s.boleto?.url);
    const payUrl = safeUrl(s.payUrl);
    return html`
      ${s.pix?.qrCode
        ? html`<section class="block" part="pix" aria-labelledby="pix-h">
            <h3 id="pix-h">${t('detail.pix')}</h3>
            <label class="field">${t('detail.pix.code')}<textarea class="code" readonly rows="3" .value=${s.pix.qrCode}></textarea></label>
          </section>`
        : nothing}
      ${s.boleto && (s.boleto.barcode || boletoUrl)
        ? html`<section class="block" part="boleto" aria-labelledby="boleto-h">
            <h3 id="boleto-h">${t('detail.boleto')}</h3>
            ${s.boleto.barcode
              ? html`<label class="field">${t('detail.boleto.barcode')}<textarea class="code" readonly rows="2" .value=${s.boleto.barcode}></textarea></label>`
              : nothing}
            ${boletoUrl ? html`<p><a href=${boletoUrl} target="_blank" rel="noopener noreferrer">${t('detail.boleto.url')}</a></p>` : nothing}
          </section>`
        : nothing}
      ${payUrl ? html`<p class="block"><a href=${payUrl} target="_blank" rel="noopener noreferrer" part="pay-url">${t('detail.payUrl')}</a></p>` : nothing}
    `;
  }
}
