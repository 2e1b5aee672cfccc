import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createConsoleTranslator, resolveConsoleLocale } from '../i18n.js';
import type { ConsoleLocale, ConsoleMessageKey, ConsoleMessages, ConsoleTranslate } from '../i18n.js';
import { ConsoleApiError } from './api.js';

/** What the console elements share: where the admin routes are, locale, theme, auth headers, error display. */
export class ConsoleElement extends LitElement {
  /** Where the merchant mounted the admin handler, e.g. `/api/admin`. */
  @property() endpoint = '/api/admin';

  /** `pt-BR` (default) or `en`; any `en-*` tag picks English. */
  @property() locale?: string;

  @property({ reflect: true }) theme: 'light' | 'dark' = 'light';

  /** Extra request headers for the merchant's own admin auth (e.g. a CSRF or bearer token). */
  @property({ attribute: false }) headers?: HeadersInit;

  /** Overrides of any console string. */
  @property({ attribute: false }) messages?: Partial<ConsoleMessages>;

  @state() protected error: ConsoleApiError | null = null;
  @state() protected loading = false;

  protected lang_: ConsoleLocale = 'pt-BR';
  protected t: ConsoleTranslate = createConsoleTranslator('pt-BR');
  private controller?: AbortController;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('locale') || changed.has('messages') || !this.hasUpdated) {
      this.lang_ = resolveConsoleLocale(this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang);
      this.t = createConsoleTranslator(this.lang_, this.messages);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  /** Runs one load at a time (an older one is aborted); errors land in `error`. */
  protected async run<T>(load: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.loading = true;
    this.error = null;
    try {
      return await load(controller.signal);
    } catch (e) {
      if (controller.signal.aborted) return undefined;
      this.error = e instanceof ConsoleApiError ? e : new ConsoleApiError('invalid_response', String((e as Error)?.message ?? e));
      return undefined;
    } finally {
      if (this.controller === controller) this.loading = false;
    }
  }

  protected renderError(retry: () => void): TemplateResult | typeof nothing {
    const e = this.error;
    if (!e) return nothing;
    return html`<div class="alert" role="alert" part="error" data-code=${e.code}>
      <strong>${this.t('error.title')}</strong>
      <p>${this.t(`error.${e.code}` as ConsoleMessageKey)}</p>
      ${e.status && e.message ? html`<p class="muted" part="error-detail">${this.t('error.detail', { message: e.message })}</p>` : nothing}
      <p class="muted">${this.t('error.code', { code: e.code })}</p>
      ${e.code === 'config' ? nothing : html`<button type="button" class="button secondary small" part="retry-button" @click=${retry}>${this.t('common.retry')}</button>`}
    </div>`;
  }

  protected renderLoading(): TemplateResult {
    return html`<p class="state muted" role="status" part="loading">${this.t('common.loading')}</p>`;
  }
}

/** Chip colour class for a status. */
export function statusTone(status: string): 'ok' | 'bad' | 'wait' | 'neutral' {
  if (status === 'PAID' || status === 'AUTHORIZED') return 'ok';
  if (status === 'REFUSED' || status === 'CHARGEDBACK' || status === 'IN_PROTEST' || status === 'CANCELED') return 'bad';
  if (status === 'WAITING_PAYMENT' || status === 'PROCESSING') return 'wait';
  return 'neutral';
}
