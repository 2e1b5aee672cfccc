import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { buttonStyles, sharedStyles } from '../../components/shared/styles.js';
import { labelOf } from '../i18n.js';
import { CONSOLE_METHODS, CONSOLE_STATUSES } from '../types.js';
import type { ConsolePage, ConsoleTransaction } from '../types.js';
import { getJson, joinUrl, toSearch } from './api.js';
import type { Query } from './api.js';
import { ConsoleElement, statusTone } from './base.js';
import { dateTime, money } from './format.js';
import { consoleStyles, consoleTokens } from './styles.js';
import type { BynetTransaction } from './transaction.js';

/** The Find All filters, as the list's form holds them. Empty values are not sent. */
export interface TransactionFilters {
  id?: string;
  status?: string[];
  paymentMethods?: string[];
  name?: string;
  email?: string;
  phone?: string;
  /** The buyer's CPF or CNPJ, digits or formatted (the docs' example request sends it). */
  documentNumber?: string;
  /** One value or several, comma-separated ("1, 2, 3"), as the gateway's docs show. */
  installments?: string;
  deliveryStatus?: string;
  traceable?: '' | 'true' | 'false';
}

const TEXT_FILTERS = ['id', 'name', 'email', 'phone', 'documentNumber', 'installments', 'deliveryStatus'] as const;

/**
 * @summary The merchant's transactions (admin route `/transactions`): every Find All filter as a form
 * control, status and method chips, amounts in R$, paging, CSV export with the same filters, and a
 * row opens `<bynet-transaction>` in place (with a way back; focus moves to the detail and back).
 *
 * @fires bynet-console-open - A transaction was opened; `detail: { id }`.
 * @fires bynet-console-loaded - A page arrived; `detail` is the `ConsolePage<ConsoleTransaction>`.
 *
 * @csspart base - The wrapper.
 * @csspart filters - The filter form.
 * @csspart apply-button - Applies the filters.
 * @csspart clear-button - Clears the filters.
 * @csspart export-link - The "Export CSV" link (same filters).
 * @csspart table - The transactions table.
 * @csspart row - A transaction row.
 * @csspart status - A status chip.
 * @csspart method - A method chip.
 * @csspart pager - The paging bar.
 * @csspart back-button - Back from a transaction to the list.
 * @csspart detail - The `<bynet-transaction>` opened in place.
 * @csspart empty - The "nothing found" message.
 * @csspart error - The error message; `data-code` carries its typed code.
 * @csspart loading - The loading message.
 * @csspart retry-button - Retry after an error.
 *
 * @cssproperty --bynet-color-primary - Accent, selected chips (default #0b63ce).
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
export class BynetTransactions extends ConsoleElement {
  static override styles = [consoleTokens, sharedStyles, buttonStyles, consoleStyles];

  /** Rows per page (1-100). */
  @property({ type: Number }) limit = 20;

  /** The filters applied (set it to start filtered; the form edits it). */
  @property({ attribute: false }) filters: TransactionFilters = {};

  /** The page shown (1-based). */
  @property({ type: Number }) page = 1;

  /** The transaction open in place, if any. */
  @state() private openId: string | null = null;
  @state() private result: ConsolePage<ConsoleTransaction> | null = null;
  private returnFocusTo: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('filters') || changed.has('page') || changed.has('limit') || changed.has('endpoint')) void this.load();
  }

  /** The query the list and the CSV export send. */
  get query(): Query {
    const f = this.filters;
    const q: Query = {};
    for (const k of TEXT_FILTERS) {
      const v = f[k]?.trim();
      if (v) q[k] = v;
    }
    if (f.status?.length) q.status = f.status;
    if (f.paymentMethods?.length) q.paymentMethods = f.paymentMethods;
    if (f.traceable) q.traceable = f.traceable;
    return q;
  }

  /** The CSV export's URL (every page, the same filters). */
  get exportUrl(): string {
    return joinUrl(this.endpoint, '/transactions.csv') + toSearch(this.query);
  }

  /** Reloads the page shown. */
  async load(): Promise<void> {
    const data = await this.run((signal) =>
      getJson<ConsolePage<ConsoleTransaction>>(this.endpoint, '/transactions', { ...this.query, page: this.page, limit: this.limit }, { headers: this.headers, signal }),
    );
    if (data) {
      this.result = data;
      this.dispatchEvent(new CustomEvent('bynet-console-loaded', { detail: data, bubbles: true, composed: true }));
    }
  }

  /** Opens a transaction in place. */
  async open(id: string): Promise<void> {
    this.returnFocusTo = id;
    this.openId = id;
    this.dispatchEvent(new CustomEvent('bynet-console-open', { detail: { id }, bubbles: true, composed: true }));
    await this.updateComplete;
    const detail = this.renderRoot.querySelector<BynetTransaction>('bynet-transaction');
    if (detail) {
      await detail.updateComplete;
      detail.focus();
    }
  }

  /** Back from the open transaction to the list; focus returns to its row. */
  async back(): Promise<void> {
    this.openId = null;
    await this.updateComplete;
    const id = this.returnFocusTo;
    const btn = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button[data-id]')].find((b) => b.dataset.id === id);
    (btn ?? this.renderRoot.querySelector<HTMLElement>('h2'))?.focus();
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const traceable = text('traceable');
    this.filters = {
      id: text('id'),
      name: text('name'),
      email: text('email'),
      phone: text('phone'),
      documentNumber: text('documentNumber'),
      installments: text('installments'),
      deliveryStatus: text('deliveryStatus'),
      status: data.getAll('status').map(String),
      paymentMethods: data.getAll('paymentMethods').map(String),
      traceable: traceable === 'true' || traceable === 'false' ? traceable : '',
    };
    this.page = 1;
  }

  private onReset(): void {
    this.filters = {};
    this.page = 1;
  }

  override render(): TemplateResult {
    if (this.openId) {
      return html`<div part="base">
        <button type="button" class="button secondary small" part="back-button" @click=${() => void this.back()}>← ${this.t('tx.back')}</button>
        <bynet-transaction
          part="detail"
          transaction-id=${this.openId}
          .endpoint=${this.endpoint}
          .locale=${this.lang_}
          .theme=${this.theme}
          .headers=${this.headers}
          .messages=${this.messages}
        ></bynet-transaction>
      </div>`;
    }
    return html`<section part="base" aria-labelledby="tx-title">
      <h2 id="tx-title" tabindex="-1">${this.t('tx.title')}</h2>
      ${this.renderFilters()}
      <div class="toolbar">
        <a class="button secondary small" part="export-link" href=${this.exportUrl} download="transacoes.csv">${this.t('tx.export')}</a>
        <span class="muted" role="status">${this.renderCount()}</span>
      </div>
      ${this.renderError(() => void this.load())} ${this.renderTable()}
    </section>`;
  }

  private renderCount(): string {
    const r = this.result;
    if (this.loading) return this.t('common.loading');
    if (!r || this.error) return '';
    return r.total !== null ? this.t('tx.count', { count: r.total }) : this.t('tx.countUnknown', { count: r.data.length });
  }

  private renderFilters(): TemplateResult {
    const t = this.t;
    const f = this.filters;
    const chip = (name: string, value: string, label: string, checked: boolean) =>
      html`<label class="chip-toggle"><input type="checkbox" name=${name} value=${value} .checked=${checked} /><span>${label}</span></label>`;
    const text = (name: (typeof TEXT_FILTERS)[number], label: string, type = 'text', hint?: string, extra: { inputmode?: string; list?: string } = {}) =>
      html`<label class="field"
        >${label}${hint ? html`<span class="hint" id="hint-${name}">${hint}</span>` : nothing}
        <input
          type=${type}
          name=${name}
          .value=${f[name] ?? ''}
          autocomplete="off"
          aria-describedby=${hint ? `hint-${name}` : nothing}
          inputmode=${extra.inputmode ?? nothing}
          list=${extra.list ?? nothing}
      /></label>`;
    return html`<form class="filters" part="filters" aria-label=${t('tx.filters')} @submit=${this.onSubmit} @reset=${this.onReset}>
      <fieldset>
        <legend>${t('tx.filter.status')}</legend>
        <div class="chips">${CONSOLE_STATUSES.map((s) => chip('status', s, labelOf(t, 'status', s), Boolean(f.status?.includes(s))))}</div>
      </fieldset>
      <fieldset>
        <legend>${t('tx.filter.method')}</legend>
        <div class="chips">${CONSOLE_METHODS.map((m) => chip('paymentMethods', m, labelOf(t, 'method', m), Boolean(f.paymentMethods?.includes(m))))}</div>
      </fieldset>
      <div class="fields">
        ${text('id', t('tx.filter.id'))} ${text('name', t('tx.filter.name'))} ${text('email', t('tx.filter.email'), 'email')}
        ${text('phone', t('tx.filter.phone'), 'tel')} ${text('documentNumber', t('tx.filter.documentNumber'), 'text', undefined, { inputmode: 'numeric' })}
        ${text('installments', t('tx.filter.installments'), 'text', t('tx.filter.installments.hint'), { inputmode: 'numeric' })}
        ${text('deliveryStatus', t('tx.filter.deliveryStatus'), 'text', t('tx.filter.deliveryStatus.hint'), { list: 'delivery-statuses' })}
        <datalist id="delivery-statuses"><option value="WAITING"></option><option value="IN_TRANSIT"></option></datalist>
        <label class="field"
          >${t('tx.filter.traceable')}
          <select name="traceable" .value=${f.traceable ?? ''}>
            <option value="" ?selected=${!f.traceable}>${t('common.any')}</option>
            <option value="true" ?selected=${f.traceable === 'true'}>${t('common.yes')}</option>
            <option value="false" ?selected=${f.traceable === 'false'}>${t('common.no')}</option>
          </select></label
        >
      </div>
      <div class="toolbar">
        <button type="submit" class="button small" part="apply-button">${t('tx.apply')}</button>
        <button type="reset" class="button secondary small" part="clear-button">${t('tx.clear')}</button>
      </div>
    </form>`;
  }

  private renderTable(): TemplateResult | typeof nothing {
    const r = this.result;
    const t = this.t;
    const L = this.lang_;
    if (!r) return this.loading ? this.renderLoading() : nothing;
    if (!r.data.length) return html`<p class="state muted" part="empty">${t('tx.empty')}</p>${this.renderPager(r)}`;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('tx.table')}>
        <table part="table" aria-busy=${this.loading ? 'true' : 'false'}>
          <caption class="visually-hidden">${t('tx.title')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('tx.col.id')}</th>
              <th scope="col">${t('tx.col.date')}</th>
              <th scope="col">${t('tx.col.customer')}</th>
              <th scope="col">${t('tx.col.method')}</th>
              <th scope="col">${t('tx.col.status')}</th>
              <th scope="col" class="num">${t('tx.col.amount')}</th>
            </tr>
          </thead>
          <tbody>
            ${r.data.map(
              (tx) => html`<tr class="clickable" part="row" data-id=${tx.id} @click=${(e: Event) => this.onRowClick(e, tx.id)}>
                <td>
                  <button type="button" class="link-button mono" data-id=${tx.id} title=${tx.id} @click=${() => void this.open(tx.id)}>
                    <span class="visually-hidden">${t('tx.open')} </span>${shortId(tx.id)}
                  </button>
                </td>
                <td>${dateTime(tx.createdAt, L)}</td>
                <td>${tx.customer?.name ?? ''}${tx.customer?.email ? html`<br /><span class="muted">${tx.customer.email}</span>` : nothing}</td>
                <td><span class="chip neutral" part="method">${labelOf(t, 'method', tx.paymentMethod)}</span>${tx.installments && tx.installments > 1 ? html` <span class="muted">${tx.installments}x</span>` : nothing}</td>
                <td><span class="chip ${statusTone(tx.status)}" part="status" data-status=${tx.status}>${labelOf(t, 'status', tx.status)}</span></td>
                <td class="num">${money(tx.amount, L)}${tx.refundedAmount ? html`<br /><span class="muted">${t('tx.refunded', { amount: money(tx.refundedAmount, L) })}</span>` : nothing}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.renderPager(r)}`;
  }

  private onRowClick(e: Event, id: string): void {
    // the id button handles its own click (and the keyboard); a click anywhere else on the row opens too
    if ((e.target as HTMLElement).closest('button, a')) return;
    void this.open(id);
  }

  private renderPager(r: ConsolePage<ConsoleTransaction>): TemplateResult {
    const t = this.t;
    return html`<nav class="pager" part="pager" aria-label=${t('common.pagination')}>
      <button type="button" class="button secondary small" ?disabled=${r.page <= 1} @click=${() => (this.page = Math.max(1, r.page - 1))}>
        ${t('common.previous')}
      </button>
      <span>${r.pages !== null ? t('common.pageOf', { page: r.page, pages: r.pages }) : t('common.page', { page: r.page })}</span>
      <button type="button" class="button secondary small" ?disabled=${!r.hasMore} @click=${() => (this.page = r.page + 1)}>${t('common.next')}</button>
    </nav>`;
  }
}

/** A long id shortened for the table (the full one is in the button's label and the detail). */
function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
