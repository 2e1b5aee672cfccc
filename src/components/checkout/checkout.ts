import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createHelperClient, newIdempotencyKey } from '../../checkout/api.js';
import type { CheckoutRef, HelperClient } from '../../checkout/api.js';
import { CheckoutError, messageKeyFor, toCheckoutError } from '../../checkout/errors.js';
import { bynetEvent } from '../../checkout/events.js';
import type { BynetEventDetailMap, BynetEventName } from '../../checkout/events.js';
import { createTranslator, resolveLocale } from '../../checkout/i18n.js';
import type { Locale, MessageOverrides, Translate } from '../../checkout/i18n.js';
import { layoutStyle, safeLogoUrl } from '../../checkout/layout.js';
import { clockOffset, initialState, isBusy, transition } from '../../checkout/machine.js';
import type { CreatingOrderState, CreatingPaymentState, FlowContext, FlowEvent, FlowState } from '../../checkout/machine.js';
import { createResumeStore } from '../../checkout/resume.js';
import type { ResumeStore } from '../../checkout/resume.js';
import { PaymentStatusController } from '../../checkout/status-controller.js';
import { formatMoney } from '../../brazil/money.js';
import type { Address, CreatePaymentRequest, Customer } from '../../contract/helper.js';
import type { Payment, PaymentMethod } from '../../contract/payment.js';
import { defineElement } from '../define.js';
import type { BynetCardForm } from '../card-form/card-form.js';
import type { BynetCustomerFields } from '../customer-fields/customer-fields.js';
import { buttonStyles, sharedStyles } from '../shared/styles.js';
import { checkoutStyles } from './checkout.styles.js';

/** Prefill for the buyer's details (`customer` property). */
export type CustomerPrefill = Partial<Customer> & { address?: Partial<Address> };

/** The `:state()` names the root exposes. */
export const CHECKOUT_STATES = ['loading', 'ready', 'awaiting', 'paid', 'failed', 'expired', 'error'] as const;
export type CheckoutStateName = (typeof CHECKOUT_STATES)[number];

const EMPTY_PREFILL: CustomerPrefill = {};

function stateName(s: FlowState): CheckoutStateName {
  switch (s.kind) {
    case 'loading':
      return 'loading';
    case 'ready':
    case 'creating-order':
    case 'creating-payment':
      return 'ready';
    case 'awaiting':
    case 'card-processing':
      return 'awaiting';
    default:
      return s.kind;
  }
}

const assertNever = (x: never): never => {
  throw new Error(`unexpected state ${String(x)}`);
};

/**
 * @summary The embeddable Bynet checkout: PIX, boleto and card, from one element. Talks only to the
 * merchant's helper (`endpoint`), never to the gateway; follows the payment until it settles and
 * resumes it after a reload.
 *
 * @fires bynet-ready - The checkout loaded. detail: `{ methods, amount, currency }`
 * @fires bynet-method-select - The buyer picked a method. detail: `{ method }`
 * @fires bynet-payment-submit - Before the order/payment is created, and before a new PIX code replaces an expired one; cancelable (then nothing is sent). detail: `{ method, orderId? }`
 * @fires bynet-payment-created - A payment was created. detail: `{ orderId, paymentId, method, status }`
 * @fires bynet-payment-status - The followed payment changed status. detail: `{ paymentId, status, previous? }`
 * @fires bynet-copy - The buyer copied the PIX code or the digitable line (from the inner views). detail: `{ method, what }`
 * @fires bynet-payment-complete - Paid (or authorised). detail: `{ orderId, paymentId, method, status }`
 * @fires bynet-payment-failed - Refused, cancelled or expired. detail: `{ orderId, paymentId, method, status, reason? }`
 * @fires bynet-error - An error reached the buyer. detail: `{ code, message, recoverable }`
 *
 * @csspart base - The wrapper (resolves the theme tokens).
 * @csspart header - Logo, title and amount.
 * @csspart logo - The merchant logo (http/https only).
 * @csspart title - The checkout title.
 * @csspart amount - The total.
 * @csspart method-list - The payment-method fieldset.
 * @csspart method - Each payment method.
 * @csspart customer-fields - The buyer's details.
 * @csspart field - Each form field.
 * @csspart field-error - Each field error.
 * @csspart card-form - The card form (lazy).
 * @csspart installments - The installments select.
 * @csspart pay-button - The pay button.
 * @csspart pix - The PIX view.
 * @csspart qr-code - The PIX QR code.
 * @csspart pix-code - The PIX copy-and-paste code.
 * @csspart copy-button - The copy buttons.
 * @csspart countdown - The PIX countdown.
 * @csspart boleto - The boleto view.
 * @csspart barcode - The boleto barcode.
 * @csspart digitable-line - The boleto digitable line.
 * @csspart boleto-pdf - The boleto PDF link.
 * @csspart status - Informational and success messages.
 * @csspart error - Error messages.
 * @csspart retry-button - The retry / new code / try-again buttons.
 * @csspart footer - The "processed by" line.
 *
 * @cssproperty --bynet-color-primary - Buttons, focus rings, accents (default: the gateway layout colour, else #0b63ce).
 * @cssproperty --bynet-color-on-primary - Text on primary (default #fff).
 * @cssproperty --bynet-color-text - Text (default #1f2328).
 * @cssproperty --bynet-color-muted - Secondary text (default #59636e).
 * @cssproperty --bynet-color-surface - Background (default #fff).
 * @cssproperty --bynet-color-border - Borders (default #d1d9e0).
 * @cssproperty --bynet-color-danger - Errors (default #b42318).
 * @cssproperty --bynet-color-success - Success (default #1a7f37).
 * @cssproperty --bynet-font-family - Font (default: the gateway typography, else system-ui).
 * @cssproperty --bynet-radius - Corner radius (default 8px).
 * @cssproperty --bynet-space - Spacing unit (default 16px).
 * @cssproperty --bynet-qr-size - PIX QR code size (default 220px).
 *
 * @cssstate loading - Loading the checkout.
 * @cssstate ready - Choosing a method and filling in the details.
 * @cssstate awaiting - Waiting for the PIX/boleto/card payment to settle.
 * @cssstate paid - Paid.
 * @cssstate failed - Refused or cancelled.
 * @cssstate expired - The PIX code expired.
 * @cssstate error - An error stopped the flow.
 */
export class BynetCheckout extends LitElement {
  static override styles = [sharedStyles, buttonStyles, checkoutStyles];

  private readonly status = new PaymentStatusController(this, {
    check: (id, signal) => this.api.getPayment(id, this.currentToken(), { signal }).then((r) => r.payment),
    subscribe: (id, onPayment, signal) => this.api.openEvents(id, this.currentToken(), (e) => onPayment(e.payment), signal),
    onPayment: (p) => this.handleStatus(p),
    onExpired: () => this.handleExpired(),
    onTrouble: (v) => {
      this.trouble = v;
    },
  });

  @state() private flow: FlowState = initialState();
  @state() private trouble = false;
  @state() private announcement = '';
  @state() private cardFormReady = false;
  @state() private cardFormFailed = false;
  @state() private submitLocked = false;

  /** Base path or URL of the merchant's helper. */
  @property() endpoint = '/api/checkout';

  /** Gateway product link id (product strategy). */
  @property() product?: string;

  /** Merchant cart reference (cart strategy). */
  @property() cart?: string;

  /** `pt-BR` (default) or `en`; falls back to the closest `lang` attribute. */
  @property() locale?: string;

  /** Built-in colour defaults. */
  @property({ reflect: true }) theme: 'light' | 'dark' = 'light';

  /** Text overrides, flat or per locale (`{ en: { 'pix.title': '…' } }`). */
  @property({ attribute: false }) messages?: MessageOverrides;

  /** Prefill for the buyer's details. */
  @property({ attribute: false }) customer?: CustomerPrefill;

  /** The helper client (injectable, e.g. for tests); by default built from `endpoint`. */
  @property({ attribute: false }) client?: HelperClient;

  #internals?: ElementInternals;
  #t: Translate = createTranslator('pt-BR');
  #locale: Locale = 'pt-BR';
  #defaultClient?: { endpoint: string; client: HelperClient };
  #loading = false;
  #orderKey?: string;
  /** The create-payment body being sent (card data included) — memory only, dropped once answered. */
  #pending?: { method: PaymentMethod; body: CreatePaymentRequest };
  /** The buyer's details of the last submission (no card data), for "new PIX code". */
  #lastBuyer?: Pick<CreatePaymentRequest, 'customer' | 'address'>;
  #cardLoad?: Promise<void>;
  #focusStep = false;
  #errorReported?: CheckoutError;

  constructor() {
    super();
    try {
      if (typeof this.attachInternals === 'function') this.#internals = this.attachInternals();
    } catch {
      /* no ElementInternals: no :state() */
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Properties bound in the same template are set by now or within this task: start after them.
    if (this.flow.kind === 'loading') queueMicrotask(() => void this.load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.clearCardForm();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') || changed.has('messages') || !this.hasUpdated) {
      const tag = this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? globalThis.document?.documentElement.lang;
      this.#locale = resolveLocale(tag);
      this.#t = createTranslator(this.#locale, this.messages);
    }
  }

  override updated(): void {
    this.syncStates();
    this.applyLayout();
    const s = this.flow;
    const wantsCard = (s.kind === 'ready' || s.kind === 'failed') && s.method === 'CREDIT_CARD';
    if (wantsCard && !this.#cardLoad) void this.loadCardForm();
    if (this.#focusStep) {
      this.#focusStep = false;
      void this.focusStep();
    }
  }

  // ── plumbing ───────────────────────────────────────────────────────────────────────────────
  private get api(): HelperClient {
    if (this.client) return this.client;
    if (this.#defaultClient?.endpoint !== this.endpoint) {
      this.#defaultClient = { endpoint: this.endpoint, client: createHelperClient({ endpoint: this.endpoint }) };
    }
    return this.#defaultClient.client;
  }

  private get resume(): ResumeStore {
    return createResumeStore({ endpoint: this.endpoint, product: this.product ?? null, cart: this.cart ?? null });
  }

  private ref(): CheckoutRef | undefined {
    if (this.product) return { product: this.product };
    if (this.cart) return { cart: this.cart };
    return undefined;
  }

  private ctx(): FlowContext | undefined {
    const s = this.flow;
    return 'ctx' in s ? s.ctx : undefined;
  }

  private currentToken(): string {
    return this.ctx()?.token ?? '';
  }

  private emit<K extends BynetEventName>(name: K, detail: BynetEventDetailMap[K]): boolean {
    return this.dispatchEvent(bynetEvent(name, detail));
  }

  private reportError(error: CheckoutError): void {
    if (this.#errorReported === error) return;
    this.#errorReported = error;
    this.emit('bynet-error', { code: error.code, message: this.#t(messageKeyFor(error)), recoverable: error.recoverable });
  }

  /** Feeds the machine; runs the effects of entering the new state. */
  private send(event: FlowEvent): boolean {
    const prev = this.flow;
    const next = transition(prev, event);
    if (next === prev) return false;
    this.flow = next;
    this.enter(prev, next);
    return true;
  }

  private enter(prev: FlowState, next: FlowState): void {
    if (!isBusy(next)) this.submitLocked = false;
    const viewChanged = stateName(prev) !== stateName(next) || prev.kind === 'error' || next.kind === 'error';
    switch (next.kind) {
      case 'loading':
        void this.load();
        return;
      case 'ready':
        if (next.notice) this.reportError(next.notice);
        if (prev.kind !== 'loading' && viewChanged) this.#focusStep = true;
        return;
      case 'creating-order':
        void this.createOrder(next);
        return;
      case 'creating-payment':
        void this.createPayment(next);
        return;
      case 'awaiting':
      case 'card-processing': {
        const p = next.payment;
        if (prev.kind === 'creating-payment') this.paymentCreated(next.ctx.orderId, p);
        if (this.status.paymentId !== p.id || this.status.done) {
          const expires = p.method === 'PIX' && p.pix ? Date.parse(p.pix.expiresAt) - next.ctx.clockOffsetMs : undefined;
          this.status.start(p.id, {
            status: p.status,
            profile: p.method === 'BOLETO' ? 'slow' : 'fast',
            stream: next.ctx.config.features.statusStream,
            ...(expires !== undefined && !Number.isNaN(expires) ? { expiresAt: expires } : {}),
          });
          this.trouble = false;
        }
        this.resume.track(p, next.ctx.token);
        if (prev.kind === 'creating-payment') this.#focusStep = true;
        if (prev.kind === 'creating-payment') this.announce(p.method === 'BOLETO' ? 'boleto.title' : p.method === 'PIX' ? 'pix.title' : 'card.processing');
        return;
      }
      case 'paid':
      case 'failed':
      case 'expired': {
        this.status.stop();
        this.trouble = false;
        this.resume.clear();
        this.clearCardForm();
        this.#pending = undefined;
        const p = next.payment;
        const method = p?.method ?? (next.kind === 'failed' ? next.method : 'PIX');
        if (prev.kind === 'creating-payment' && p) this.paymentCreated(next.ctx.orderId, p);
        const base = { orderId: next.ctx.orderId, paymentId: p?.id ?? '', method, status: p?.status ?? 'REFUSED' } as const;
        if (next.kind === 'paid') this.emit('bynet-payment-complete', base);
        else {
          const reason = next.kind === 'expired' ? 'expired' : (p?.refusal?.code ?? undefined);
          this.emit('bynet-payment-failed', { ...base, ...(reason ? { reason } : {}) });
        }
        this.announce(next.kind === 'paid' ? 'paid.title' : next.kind === 'failed' ? 'failed.title' : 'expired.title');
        this.#focusStep = true;
        return;
      }
      case 'error':
        this.status.stop();
        if (!next.error.recoverable) this.#pending = undefined;
        this.reportError(next.error);
        this.#focusStep = true;
        return;
      default:
        assertNever(next);
    }
  }

  private announce(key: Parameters<Translate>[0]): void {
    this.announcement = this.#t(key);
  }

  private paymentCreated(orderId: string, p: Payment): void {
    this.emit('bynet-payment-created', { orderId, paymentId: p.id, method: p.method, status: p.status });
  }

  /**
   * The gateway layout as custom properties on `.base`, through the CSSOM only: a `style` attribute
   * written as a string would be blocked by a Content-Security-Policy without 'unsafe-inline'.
   */
  private applyLayout(): void {
    const base = this.renderRoot.querySelector<HTMLElement>('.base');
    if (!base) return;
    for (const [name, value] of Object.entries(layoutStyle(this.ctx()?.config.layout))) {
      if (value) base.style.setProperty(name, value);
      else base.style.removeProperty(name);
    }
  }

  private syncStates(): void {
    const states = this.#internals?.states;
    if (!states) return;
    const current = stateName(this.flow);
    for (const name of CHECKOUT_STATES) {
      try {
        if (name === current) states.add(name);
        else states.delete(name);
      } catch {
        // Older engines only accept the dashed form.
        try {
          if (name === current) states.add(`--${name}`);
          else states.delete(`--${name}`);
        } catch {
          return;
        }
      }
    }
  }

  private async focusStep(): Promise<void> {
    const step = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('[data-step]');
    if (!step) return;
    await step.updateComplete;
    const heading = (step.shadowRoot ?? step).querySelector<HTMLElement>('h2[tabindex="-1"]') ?? (step.matches('h2') ? step : null);
    heading?.focus();
  }

  // ── effects ────────────────────────────────────────────────────────────────────────────────
  private async load(): Promise<void> {
    if (this.#loading || this.flow.kind !== 'loading') return;
    const ref = this.ref();
    if (!ref) {
      this.send({ type: 'config-failed', error: new CheckoutError('config', 'Set the product or cart attribute', { recoverable: false }) });
      return;
    }
    this.#loading = true;
    const api = this.api;
    const store = this.resume;
    const saved = store.read();
    try {
      const [cfg, resumed] = await Promise.all([
        api.getConfig(ref).then((config) => ({ config, at: Date.now() })),
        saved
          ? api.getPayment(saved.paymentId, saved.token).then(
              (r) => ({ r, at: Date.now() }),
              (e: unknown) => ({ error: toCheckoutError(e) }),
            )
          : undefined,
      ]);
      if (resumed && 'error' in resumed) {
        // A payment we cannot see any more (token expired, unknown id): start afresh.
        if (resumed.error.recoverable) throw resumed.error;
        store.clear();
      }
      this.#loading = false;
      this.send({ type: 'config-loaded', config: cfg.config, clockOffsetMs: clockOffset(cfg.config.serverTime, cfg.at) });
      const c = cfg.config.checkout;
      this.emit('bynet-ready', { methods: [...c.methods], amount: c.amount, currency: c.currency });
      if (saved && resumed && 'r' in resumed) {
        const p = resumed.r.payment;
        if (p.id === saved.paymentId && p.orderId === saved.orderId) {
          this.send({ type: 'resume', payment: p, token: saved.token, clockOffsetMs: clockOffset(resumed.r.serverTime, resumed.at) });
        } else store.clear();
      }
    } catch (e) {
      this.#loading = false;
      this.send({ type: 'config-failed', error: toCheckoutError(e) });
    }
  }

  private async createOrder(s: CreatingOrderState): Promise<void> {
    try {
      const r = await this.api.createOrder(s.ctx.token, s.orderKey);
      if (this.flow === s) this.send({ type: 'order-created', orderId: r.order.id, token: r.token });
    } catch (e) {
      if (this.flow === s) this.send({ type: 'request-failed', error: toCheckoutError(e) });
    }
  }

  private async createPayment(s: CreatingPaymentState): Promise<void> {
    const pending = this.#pending;
    if (!pending || pending.method !== s.method) {
      this.send({ type: 'request-failed', error: new CheckoutError('http', 'The buyer data is missing', { apiCode: 'invalid_request', recoverable: false }) });
      return;
    }
    try {
      const r = await this.api.createPayment(s.ctx.orderId, s.ctx.token, pending.body, s.paymentKey);
      const at = Date.now();
      if (this.flow !== s) return;
      this.#pending = undefined;
      this.send({ type: 'payment-created', payment: r.payment, clockOffsetMs: clockOffset(r.serverTime, at) });
    } catch (e) {
      if (this.flow !== s) return;
      const error = toCheckoutError(e);
      if (!error.recoverable) this.#pending = undefined;
      this.send({ type: 'request-failed', error });
    }
  }

  private async loadCardForm(): Promise<void> {
    this.cardFormFailed = false;
    this.#cardLoad = import('../card-form/card-form.js').then(
      (m) => {
        defineElement('bynet-card-form', m.BynetCardForm);
        this.cardFormReady = true;
      },
      (e: unknown) => {
        this.#cardLoad = undefined;
        this.cardFormFailed = true;
        this.reportError(new CheckoutError('network', 'The card form could not be loaded', { cause: e }));
      },
    );
    return this.#cardLoad;
  }

  private clearCardForm(): void {
    this.renderRoot?.querySelector<BynetCardForm>('bynet-card-form')?.clear?.();
  }

  // ── handlers ───────────────────────────────────────────────────────────────────────────────
  private handleStatus(p: Payment): void {
    const s = this.flow;
    if ((s.kind !== 'awaiting' && s.kind !== 'card-processing') || p.id !== s.payment.id) return;
    const previous = s.payment.status;
    if (p.status !== previous) this.emit('bynet-payment-status', { paymentId: p.id, status: p.status, previous });
    this.send({ type: 'payment-updated', payment: p });
  }

  private handleExpired(): void {
    const s = this.flow;
    if (s.kind !== 'awaiting' || s.method !== 'PIX') return;
    this.emit('bynet-payment-status', { paymentId: s.payment.id, status: 'EXPIRED', previous: s.payment.status });
    this.send({ type: 'expire' });
  }

  private handleMethodChange = (e: CustomEvent<{ method: PaymentMethod }>): void => {
    e.stopPropagation();
    if (this.send({ type: 'select-method', method: e.detail.method })) this.emit('bynet-method-select', { method: e.detail.method });
  };

  private handlePay = (e?: Event): void => {
    e?.stopPropagation();
    if (this.submitLocked) return;
    const s = this.flow;
    if ((s.kind !== 'ready' && s.kind !== 'failed') || !s.method) return;
    const method = s.method;
    // Single flight: lock synchronously, before anything async can let a second click through.
    this.submitLocked = true;
    const button = this.renderRoot.querySelector<HTMLButtonElement>('[part~="pay-button"]');
    if (button) button.disabled = true;
    const release = () => {
      this.submitLocked = false;
      if (button) button.disabled = false;
    };

    const fields = this.renderRoot.querySelector<BynetCustomerFields>('bynet-customer-fields');
    const buyer = fields ? fields.validate() : undefined;
    if (!buyer?.ok) return release();
    let card: Pick<CreatePaymentRequest, 'card' | 'installments'> = {};
    if (method === 'CREDIT_CARD') {
      const form = this.renderRoot.querySelector<BynetCardForm>('bynet-card-form');
      const r = form?.validate?.();
      if (!r?.ok) return release();
      card = { card: r.card, installments: r.installments };
    }
    const orderId = s.ctx.orderId;
    if (!this.emit('bynet-payment-submit', { method, ...(orderId ? { orderId } : {}) })) return release();

    const needsAddress = s.ctx.config.checkout.addressRequiredFor.includes(method);
    const who: Pick<CreatePaymentRequest, 'customer' | 'address'> = {
      customer: buyer.customer,
      ...(needsAddress && buyer.address ? { address: buyer.address } : {}),
    };
    this.#lastBuyer = who;
    this.#pending = { method, body: { method, ...who, ...card } };
    this.#orderKey ??= newIdempotencyKey();
    this.send({ type: 'submit', method, orderKey: this.#orderKey, paymentKey: newIdempotencyKey() });
  };

  private handleRenew = (e: Event): void => {
    e.stopPropagation();
    const s = this.flow;
    if (s.kind !== 'expired') return;
    if (this.#lastBuyer) {
      const method = s.payment.method;
      // A new payment is about to be created: the merchant may veto it, as on the first submit.
      if (!this.emit('bynet-payment-submit', { method, orderId: s.ctx.orderId })) return;
      this.#pending = { method, body: { method, ...this.#lastBuyer } };
      this.send({ type: 'renew', paymentKey: newIdempotencyKey() });
    } else {
      this.send({ type: 'renew' });
    }
  };

  private handleRetry = (e: Event): void => {
    e.stopPropagation();
    if (this.flow.kind === 'error' || this.flow.kind === 'failed') this.send({ type: 'retry' });
  };

  private handleInvalidCode = (e: Event): void => {
    e.stopPropagation();
    this.reportError(new CheckoutError('invalid-response', 'The payment data failed validation', { recoverable: false }));
  };

  private handleCountdownEnd = (e: Event): void => {
    e.stopPropagation();
    this.status.checkNow();
  };

  private lookupCep = async (cep: string): Promise<Partial<Address> | null> => {
    try {
      return await this.api.lookupCep(cep, this.currentToken());
    } catch {
      return null;
    }
  };

  // ── render ─────────────────────────────────────────────────────────────────────────────────
  override render(): TemplateResult {
    const s = this.flow;
    const ctx = 'ctx' in s ? s.ctx : undefined;
    return html`<div part="base" class="base" >
      ${ctx ? this.renderHeader(ctx) : nothing} ${this.renderBody(s)}
      ${ctx ? html`<p class="secured" part="footer">${this.#t('checkout.securedBy')}</p>` : nothing}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }

  private renderHeader(ctx: FlowContext): TemplateResult {
    const c = ctx.config.checkout;
    const logo = safeLogoUrl(ctx.config.layout.logoUrl);
    return html`<header class="header" part="header">
      ${logo ? html`<img class="logo" part="logo" src=${logo} alt="" referrerpolicy="no-referrer" decoding="async" />` : nothing}
      <div>
        <h2 class="title" part="title" tabindex="-1" ?data-step=${this.flow.kind === 'ready'}>${c.title}</h2>
        <p class="amount" part="amount">${this.#t('checkout.total')}: <strong>${formatMoney(c.amount, this.#locale)}</strong></p>
      </div>
    </header>`;
  }

  private renderBody(s: FlowState): TemplateResult | typeof nothing {
    const t = this.#t;
    switch (s.kind) {
      case 'loading':
        return html`<p class="loading" part="status" role="status">${t('checkout.loading')}</p>`;
      case 'ready':
        return this.renderForm(s.ctx, s.method, false, s.notice ? this.renderMessage('error', undefined, t(messageKeyFor(s.notice))) : nothing);
      case 'creating-order':
      case 'creating-payment':
        return this.renderForm(s.ctx, s.method, true, nothing);
      case 'failed':
        if (s.method === 'CREDIT_CARD') {
          // The helper's reason, in the gateway's words (rendered as text), then what to do next.
          const said = s.reason?.trim().replace(/[\s.!]+$/, '');
          const reason = said ? t('card.refused', { reason: said }) : t('card.refused.generic');
          return this.renderForm(s.ctx, s.method, false, this.renderMessage('error', t('failed.title'), reason, undefined, true));
        }
        return this.renderMessage('error', t('failed.title'), t('failed.body'), t('failed.retry'), true);
      case 'error': {
        const message = t(messageKeyFor(s.error));
        const action = s.retryState ? t('error.retry') : undefined;
        const box = this.renderMessage('error', t('error.title'), message, action, true);
        const method = s.retryState && 'method' in s.retryState ? s.retryState.method : undefined;
        // A failed request keeps the form (disabled) on screen so the buyer's input survives the retry.
        return s.ctx && method ? this.renderForm(s.ctx, method, true, box, false) : box;
      }
      case 'awaiting':
        return s.method === 'PIX' ? this.renderPix(s.ctx, s.payment) : this.renderBoleto(s.payment);
      case 'card-processing':
        return html`${this.renderMessage('info', t('card.processing'), this.trouble ? t('status.trouble') : '', undefined, true)}`;
      case 'paid': {
        const amount = formatMoney(s.payment.amount, this.#locale);
        const card = s.payment.card;
        const cardLine = card?.brand && card.last4 ? ` ${t('paid.card', { brand: card.brand.toUpperCase(), last4: card.last4 })}` : '';
        return this.renderMessage('success', t('paid.title'), `${t('paid.body', { amount })}${cardLine}`, undefined, true);
      }
      case 'expired':
        return html`<bynet-status-message
          data-step
          kind="info"
          exportparts="status, error, retry-button"
          .heading=${t('expired.title')}
          .message=${t('expired.body')}
          .actionLabel=${t('expired.renew')}
          @status-action=${this.handleRenew}
        ></bynet-status-message>`;
      default:
        return assertNever(s);
    }
  }

  private renderMessage(
    kind: 'error' | 'info' | 'success',
    heading: string | undefined,
    message: string,
    actionLabel?: string,
    step = false,
  ): TemplateResult {
    return html`<bynet-status-message
      ?data-step=${step}
      .kind=${kind}
      exportparts="status, error, retry-button"
      .heading=${heading}
      .message=${message}
      .actionLabel=${actionLabel}
      @status-action=${this.handleRetry}
    ></bynet-status-message>`;
  }

  /**
   * The method list, the buyer's details and the pay button. `busy` disables the inputs; `working`
   * (default: `busy`) also marks the button as processing — false while an error box waits for
   * the buyer to retry, so the disabled button does not claim work is under way.
   */
  private renderForm(
    ctx: FlowContext,
    method: PaymentMethod | undefined,
    busy: boolean,
    message: unknown,
    working = busy,
  ): TemplateResult {
    const t = this.#t;
    const c = ctx.config.checkout;
    const maxInstallments = Math.max(1, ...c.installments.map((i) => i.count));
    const amount = formatMoney(c.amount, this.#locale);
    return html`<bynet-method-list
        exportparts="method-list, method"
        .methods=${c.methods}
        .selected=${method}
        .t=${t}
        .maxInstallments=${maxInstallments}
        .disabled=${busy}
        @method-change=${this.handleMethodChange}
      ></bynet-method-list>
      ${method
        ? html`<bynet-customer-fields
              exportparts="customer-fields, field, field-error"
              .t=${t}
              .requireAddress=${c.addressRequiredFor.includes(method)}
              .value=${this.customer ?? EMPTY_PREFILL}
              .lookupCep=${this.lookupCep}
              .disabled=${busy}
            ></bynet-customer-fields>
            ${method === 'CREDIT_CARD' ? this.renderCardForm(ctx, busy) : nothing} ${message}
            <button
              type="button"
              class="button pay"
              part="pay-button"
              ?disabled=${busy || this.submitLocked || (method === 'CREDIT_CARD' && !this.cardFormReady)}
              aria-busy=${working ? 'true' : 'false'}
              @click=${this.handlePay}
            >
              ${working ? t('pay.working') : t(`pay.${method}`, { amount })}
            </button>`
        : message}`;
  }

  private renderCardForm(ctx: FlowContext, busy: boolean): TemplateResult {
    const t = this.#t;
    if (this.cardFormFailed) {
      return html`<bynet-status-message
        kind="error"
        exportparts="status, error, retry-button"
        .message=${t('error.network')}
        .actionLabel=${t('error.retry')}
        @status-action=${(e: Event) => {
          e.stopPropagation();
          void this.loadCardForm();
        }}
      ></bynet-status-message>`;
    }
    if (!this.cardFormReady) return html`<p class="loading" part="status">${t('checkout.loading')}</p>`;
    return html`<bynet-card-form
      exportparts="card-form, field, field-error, installments, card-brand"
      .t=${t}
      .locale=${this.#locale}
      .amount=${ctx.config.checkout.amount}
      .installments=${ctx.config.checkout.installments}
      .disabled=${busy}
      @card-submit=${this.handlePay}
    ></bynet-card-form>`;
  }

  private renderPix(ctx: FlowContext, payment: Payment): TemplateResult {
    return html`<bynet-pix-payment
      data-step
      exportparts="pix, qr-code, pix-code, copy-button, countdown, error"
      .payment=${payment}
      .t=${this.#t}
      .locale=${this.#locale}
      .clockOffsetMs=${ctx.clockOffsetMs}
      .notice=${this.trouble ? this.#t('status.trouble') : undefined}
      @pix-expired=${this.handleCountdownEnd}
      @pix-invalid=${this.handleInvalidCode}
    ></bynet-pix-payment>`;
  }

  private renderBoleto(payment: Payment): TemplateResult {
    return html`<bynet-boleto-payment
        data-step
        exportparts="boleto, barcode, digitable-line, copy-button, boleto-pdf, error"
        .payment=${payment}
        .t=${this.#t}
        .locale=${this.#locale}
        @boleto-invalid=${this.handleInvalidCode}
      ></bynet-boleto-payment>
      ${this.trouble ? this.renderMessage('info', undefined, this.#t('status.trouble')) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-checkout': BynetCheckout;
  }
}
