import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { buttonStyles, sharedStyles } from '../../components/shared/styles.js';
import { labelOf } from '../i18n.js';
import type { ConsoleCustomerPage, CustomerSource } from '../types.js';
import { getJson } from './api.js';
import { ConsoleElement } from './base.js';
import { dateTime, documentNumber } from './format.js';
import { consoleStyles, consoleTokens } from './styles.js';

/** The customer search, as the form holds it. */
export interface CustomerSearch {
  /** Free text: name, e-mail or document. */
  q?: string;
  name?: string;
  email?: string;
  document?: string;
}

/**
 * @summary The merchant's customers (admin route `/customers`) from each configured directory
 * (Bynet, Pagar.me, Passport): search by name, e-mail or document, source shown, paging by cursor.
 *
 * @fires bynet-console-loaded - A page arrived; `detail` is the `ConsoleCustomerPage`.
 *
 * @csspart base - The wrapper.
 * @csspart search - The search form.
 * @csspart source-select - The source (directory) picker.
 * @csspart apply-button - Runs the search.
 * @csspart clear-button - Clears the search.
 * @csspart table - The customers table.
 * @csspart row - A customer row.
 * @csspart source - A source chip.
 * @csspart pager - The paging bar.
 * @csspart empty - The "nothing found" message.
 * @csspart error - The error message; `data-code` carries its typed code.
 * @csspart loading - The loading message.
 * @csspart retry-button - Retry after an error.
 *
 * @cssproperty --bynet-color-primary - Accent (default #0b63ce).
 * @cssproperty --bynet-color-text - Text (default #1f2328).
 * @cssproperty --bynet-color-muted - Secondary text (default #59636e).
 * @cssproperty --bynet-color-surface - Background (default #fff).
 * @cssproperty --bynet-color-border - Borders (default #d1d9e0).
 * @cssproperty --bynet-color-danger - Errors (default #b42318).
 * @cssproperty --bynet-font-family - Font.
 * @cssproperty --bynet-radius - Corner radius (default 8px).
 * @cssproperty --bynet-space - Base spacing (default 16px).
 */
export class BynetCustomers extends ConsoleElement {
  static override styles = [consoleTokens, sharedStyles, buttonStyles, consoleStyles];

  /** The directory shown (`bynet`, `pagarme`, `passport`); the first configured one when unset. */
  @property() source?: CustomerSource;

  /** Rows per page. */
  @property({ type: Number }) limit = 20;

  /** The search applied (the form edits it). */
  @property({ attribute: false }) search: CustomerSearch = {};

  /** The configured directories (null until `/sources` answered). */
  @state() private sources: CustomerSource[] | null = null;
  @state() private result: ConsoleCustomerPage | null = null;
  /** The cursor of the page shown (null: the first page). */
  @state() private cursor: string | null = null;
  /** 1-based number of the page shown, counted as the cursors are followed. */
  @state() private pageNo = 1;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadSources();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('endpoint') && changed.get('endpoint') !== undefined) {
      this.sources = null;
      void this.loadSources();
    } else if (this.sources && ['sources', 'source', 'search', 'cursor', 'limit'].some((k) => changed.has(k))) {
      if ((changed.has('source') || changed.has('search')) && !changed.has('cursor')) {
        // another directory or search starts at its first page
        this.cursor = null;
        this.pageNo = 1;
      }
      void this.load();
    }
  }

  private async loadSources(): Promise<void> {
    const data = await this.run((signal) => getJson<{ sources: CustomerSource[] }>(this.endpoint, '/sources', {}, { headers: this.headers, signal }));
    if (!data) return;
    const list = Array.isArray(data.sources) ? data.sources : [];
    // an unknown or unset `source` falls back to the first configured directory
    if (!this.source || !list.includes(this.source)) this.source = list[0] ?? 'bynet';
    this.sources = list;
  }

  /** Reloads the page shown. */
  async load(): Promise<void> {
    const s = this.search;
    const data = await this.run((signal) =>
      getJson<ConsoleCustomerPage>(
        this.endpoint,
        '/customers',
        { source: this.source, q: s.q?.trim(), name: s.name?.trim(), email: s.email?.trim(), document: s.document?.trim(), cursor: this.cursor, limit: this.limit },
        { headers: this.headers, signal },
      ),
    );
    if (data) {
      this.result = data;
      this.dispatchEvent(new CustomEvent('bynet-console-loaded', { detail: data, bubbles: true, composed: true }));
    }
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const source = text('source') as CustomerSource;
    if (source && this.sources?.includes(source)) this.source = source;
    this.search = { q: text('q'), name: text('name'), email: text('email'), document: text('document') };
    this.cursor = null;
    this.pageNo = 1;
  }

  private onReset(): void {
    this.search = {};
    this.cursor = null;
    this.pageNo = 1;
  }

  private go(cursor: string | null, delta: number): void {
    this.cursor = cursor;
    this.pageNo = Math.max(1, this.pageNo + delta);
  }

  override render(): TemplateResult {
    const t = this.t;
    const s = this.search;
    const field = (name: keyof CustomerSearch, label: string, type = 'text') =>
      html`<label class="field">${label}<input type=${type} name=${name} .value=${s[name] ?? ''} autocomplete="off" /></label>`;
    return html`<section part="base" aria-labelledby="cust-title">
      <h2 id="cust-title" tabindex="-1">${t('cust.title')}</h2>
      <form class="filters" part="search" role="search" aria-label=${t('cust.search')} @submit=${this.onSubmit} @reset=${this.onReset}>
        <div class="fields">
          ${this.sources && this.sources.length > 1
            ? html`<label class="field"
                >${t('cust.source')}
                <select name="source" part="source-select">
                  ${this.sources.map((src) => html`<option value=${src} ?selected=${src === this.source}>${labelOf(t, 'source', src)}</option>`)}
                </select></label
              >`
            : nothing}
          ${field('q', t('cust.q'), 'search')} ${field('name', t('cust.name'))} ${field('email', t('cust.email'), 'email')} ${field('document', t('cust.document'))}
        </div>
        <div class="toolbar">
          <button type="submit" class="button small" part="apply-button">${t('cust.apply')}</button>
          <button type="reset" class="button secondary small" part="clear-button">${t('cust.clear')}</button>
          <span class="muted" role="status">${this.renderCount()}</span>
        </div>
      </form>
      ${this.renderError(() => void (this.sources ? this.load() : this.loadSources()))} ${this.renderTable()}
    </section>`;
  }

  private renderCount(): string {
    const r = this.result;
    if (this.loading) return this.t('common.loading');
    if (!r || this.error) return '';
    return r.total !== null ? this.t('cust.count', { count: r.total }) : this.t('cust.countPage', { count: r.data.length });
  }

  private renderTable(): TemplateResult | typeof nothing {
    const r = this.result;
    const t = this.t;
    const L = this.lang_;
    if (!r) return this.loading ? this.renderLoading() : nothing;
    if (!r.data.length) return html`<p class="state muted" part="empty">${t('cust.empty')}</p>${this.renderPager(r)}`;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('cust.table')}>
        <table part="table" aria-busy=${this.loading ? 'true' : 'false'}>
          <caption class="visually-hidden">${t('cust.title')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('cust.col.name')}</th>
              <th scope="col">${t('cust.col.email')}</th>
              <th scope="col">${t('cust.col.phone')}</th>
              <th scope="col">${t('cust.col.document')}</th>
              <th scope="col">${t('cust.col.source')}</th>
              <th scope="col">${t('cust.col.createdAt')}</th>
            </tr>
          </thead>
          <tbody>
            ${r.data.map(
              (c) => html`<tr part="row" data-id=${c.id} data-source=${c.source}>
                <td>${c.name ?? t('common.none')}</td>
                <td>${c.email ?? t('common.none')}</td>
                <td>${c.phone ?? t('common.none')}</td>
                <td>${c.document ? html`<span class="muted">${c.document.type}</span> <span class="mono">${documentNumber(c.document.type, c.document.number)}</span>` : t('common.none')}</td>
                <td><span class="chip neutral" part="source">${labelOf(t, 'source', c.source)}</span></td>
                <td>${dateTime(c.createdAt, L)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.renderPager(r)}`;
  }

  private renderPager(r: ConsoleCustomerPage): TemplateResult {
    const t = this.t;
    return html`<nav class="pager" part="pager" aria-label=${t('common.pagination')}>
      <button type="button" class="button secondary small" ?disabled=${!r.previous} @click=${() => this.go(r.previous, -1)}>${t('common.previous')}</button>
      <span>${t('common.page', { page: this.pageNo })}</span>
      <button type="button" class="button secondary small" ?disabled=${!r.next} @click=${() => this.go(r.next, +1)}>${t('common.next')}</button>
    </nav>`;
  }
}
