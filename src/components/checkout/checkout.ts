import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { createHelperClient, newIdempotencyKey } from '../../checkout/api.js';
import type { CheckoutRef, HelperClient } from '../../checkout/api.js';
import { CheckoutError, messageKeyFor, storeProblemCode, toCheckoutError } from '../../checkout/errors.js';
import { bynetEvent } from '../../checkout/events.js';
import type { BynetEventDetailMap, BynetEventName } from '../../checkout/events.js';
import { createTranslator, isLocaleLoaded, loadLocale, resolveLocale } from '../../checkout/i18n.js';
import type { Locale, MessageOverrides, Translate } from '../../checkout/i18n.js';
import { layoutStyle, safeLogoUrl } from '../../checkout/layout.js';
import { clockOffset, initialState, isBusy, transition } from '../../checkout/machine.js';
import type { CreatingOrderState, CreatingPaymentState, FlowContext, FlowEvent, FlowState, UnverifiedState } from '../../checkout/machine.js';
import { createResumeStore, rememberedPayment } from '../../checkout/resume.js';
import type { ResumeStore } from '../../checkout/resume.js';
import { PaymentStatusController } from '../../checkout/status-controller.js';
import { formatMoney } from '../../brazil/money.js';
import type { Address, CheckoutInfo, CreatePaymentRequest, Customer, InstallmentOption, Layout } from '../../contract/helper.js';
import { isFinalStatus, isSuccessStatus } from '../../contract/lean-values.js';
import type { Payment, PaymentMethod } from '../../contract/payment.js';
import { isScreenLoaded, loadOutcome, loadScreen, outcomeModule } from '../screens/load.js';
import type { BynetCardForm, CardHolderPrefill } from '../card-form/card-form.js';
import type { BynetCustomerFields } from '../customer-fields/customer-fields.js';
import { buttonStyles, sharedStyles } from '../shared/styles.js';
import { checkoutStyles } from './checkout.styles.js';

/** The `theme` attribute: built-in light or dark colours, or `auto` (the system's colour scheme). */
export type Theme = 'light' | 'dark' | 'auto';

/** A logo URL as given (absolute or relative to the page) -> absolute, or undefined. */
function resolveUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value, globalThis.document?.baseURI).href;
  } catch {
    return undefined;
  }
}

/** Prefill for the buyer's details (`customer` property). */
export type CustomerPrefill = Partial<Customer> & { address?: Partial<Address> };

/** The `:state()` names the root exposes. */
export const CHECKOUT_STATES = ['loading', 'ready', 'awaiting', 'paid', 'failed', 'expired', 'unverified', 'error'] as const;
export type CheckoutStateName = (typeof CHECKOUT_STATES)[number];

const EMPTY_PREFILL: CustomerPrefill = {};
const NO_NOTES: Partial<Record<PaymentMethod, string>> = {};

/** How long the card stays locked after a 429 on a card attempt without `Retry-After` (the helper's default window). */
const CARD_LOCK_MS = 10 * 60_000;

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
 * Resolves in a later task (a posted message; `scheduler.yield()` where the browser has it): work
 * after it runs outside the task that called it.
 */
const nextTask = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(0);
  });
};

/** Consecutive status reads the helper refuses (401/404...) before a followed payment counts as unreadable. */
const LOST_AFTER = 3;

/** The buyer-facing error for a payment that may exist (and may be paid) but cannot be read (`cause`: why). */
const unverified = (cause: CheckoutError): CheckoutError => new CheckoutError('payment-unverified', 'The payment cannot be read', { cause });

/** The helper answered for a payment other than the one asked about. */
const otherPayment = (): CheckoutError => new CheckoutError('invalid-response', 'Another payment answered', { recoverable: false });

type Outcome = NonNullable<ReturnType<typeof outcomeModule>>;

/** The states whose view comes from the outcome chunk (screens/outcome.ts). */
const isOutcome = (s: FlowState): boolean => s.kind === 'paid' || s.kind === 'failed' || s.kind === 'expired';

/**
 * @summary The embeddable Bynet checkout: PIX, boleto and card, from one element. Talks only to the
 * merchant's helper (`endpoint`), never to the gateway; follows the payment until it settles and
 * resumes it after a reload.
 *
 * After a payment is confirmed, the confirmation stays for this `endpoint` + `product`/`cart` in this
 * tab (sessionStorage), across reloads: the element never offers to pay the same checkout again.
 * To sell again in the same tab (a new cart, "buy again"), call `reset()`; a new `cart` reference
 * or a new tab also starts afresh. Amounts shown are what the gateway charges: with a card
 * installment plan that has interest, the plan's total.
 *
 * @fires bynet-ready - The checkout loaded. detail: `{ methods, amount, currency }`
 * @fires bynet-method-select - The buyer picked a method. detail: `{ method, orderId?, openPaymentId? }`; `openPaymentId` when the buyer left an open PIX/boleto of `orderId` for the method choice (it stays payable)
 * @fires bynet-payment-submit - Before the order/payment is created, and before a new PIX code replaces an expired one; cancelable (then nothing is sent). detail: `{ method, orderId? }`
 * @fires bynet-payment-created - A payment was created. detail: `{ orderId, paymentId, method, status }`
 * @fires bynet-payment-status - The followed payment changed status. detail: `{ paymentId, status, previous? }`
 * @fires bynet-copy - The buyer copied the PIX code or the digitable line (from the inner views). detail: `{ method, what }`
 * @fires bynet-payment-complete - Paid (or authorised), or the order turned out to be paid already (409 `order_paid`). detail: `{ orderId, paymentId, method, status, amount, installments?, paidAt?, restored? }`: `amount` is what the gateway charged (interest included); `paidAt` the payment's last change as the helper reports it (ISO 8601); `restored: true` when a reload shows a confirmation this tab had already shown
 * @fires bynet-payment-failed - Refused, cancelled or expired. detail: `{ orderId, paymentId, method, status, reason? }`; `reason` is `expired`, or for a refusal the specific code: the gateway's own (`51`, `incorrect_cvc`...) or, when it only says `refused`, the kind its reason names (`insufficient_funds`, `invalid_cvv`, `expired_card`, `invalid_number`, `try_again_later`), else `refused`
 * @fires bynet-error - An error reached the buyer. detail: `{ code, message, recoverable, storeCode? }`; `code` is a `CheckoutErrorCode`, e.g. `payment-unverified` when a resumed payment cannot be read (it may be paid), `order-paid` when the order was paid already, `config` when only the store can fix it: then `storeCode` is the code the buyer sees and can quote (`hostname_not_registered`, `gateway_key_rejected`, `product_unavailable`, `gateway_unreachable`, `origin_not_allowed`, `not_found`, `checkout_not_configured`)
 *
 * @csspart base - The wrapper (resolves the theme tokens).
 * @csspart header - Logo, title and amount.
 * @csspart logo - The merchant logo (http/https only).
 * @csspart title - The checkout title.
 * @csspart amount - The total.
 * @csspart summary - The order summary: a cart's lines and shipping fee, the quantity stepper.
 * @csspart quantity - The quantity input (also `input`).
 * @csspart method-list - The payment-method fieldset.
 * @csspart method - Each payment method.
 * @csspart customer-fields - The buyer's details.
 * @csspart field - Each form field.
 * @csspart field-error - Each field error.
 * @csspart label - Each field's label (buyer's details and card form).
 * @csspart input - Each input and select (buyer's details and card form).
 * @csspart hint - Small helper text: method hints, the card brand, the installment total, the CEP lookup status.
 * @csspart method-hint - The hint under each payment method's name.
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
 * @csspart retry-button - The retry / new code / try-again / check-again buttons.
 * @csspart new-payment-button - "Start a new payment", offered only when a resumed payment cannot be read.
 * @csspart change-method-button - "Choose another payment method": from a waiting PIX, an issued boleto, an expired PIX, a refusal and the card form, back to the method choice of the same order.
 * @csspart receipt - The confirmation's receipt (order and payment references, method, installments, total, date).
 * @csspart footer - The "processed by" line.
 * @csspart skeleton - The placeholder shown while the checkout or the card form loads (also `status`).
 *
 * @cssproperty --bynet-color-primary - Buttons, focus rings, accents (default: the gateway layout colour, else #0b63ce).
 * @cssproperty --bynet-color-on-primary - Text on primary (default #fff).
 * @cssproperty --bynet-color-text - Text (default #1f2328).
 * @cssproperty --bynet-color-muted - Secondary text (default #59636e).
 * @cssproperty --bynet-color-surface - Background (default #fff).
 * @cssproperty --bynet-color-border - Borders (default #d1d9e0).
 * @cssproperty --bynet-color-input-border - Input and select borders (default #818b98 light, #656c76 dark: 3:1 or more against the surface).
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
 * @cssstate unverified - A payment that may exist (and may be paid) cannot be read by the helper.
 * @cssstate error - An error stopped the flow.
 */
export class BynetCheckout extends LitElement {
  static override styles = [sharedStyles, buttonStyles, checkoutStyles];

  static override properties = {
    flow: { state: true, attribute: false },
    trouble: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
    cardFormReady: { state: true, attribute: false },
    cardFormFailed: { state: true, attribute: false },
    screenFailed: { state: true, attribute: false },
    outcomeFailed: { state: true, attribute: false },
    submitLocked: { state: true, attribute: false },
    cardLockedUntil: { state: true, attribute: false },
    installments: { state: true, attribute: false },
    quantity: { state: true, attribute: false },
    endpoint: {},
    product: {},
    cart: {},
    locale: {},
    theme: { reflect: true },
    logoDarkUrl: { attribute: 'logo-dark-url' },
    messages: { attribute: false },
    customer: { attribute: false },
    client: { attribute: false },
    systemDark: { state: true, attribute: false },
  };

  readonly #status = new PaymentStatusController(this, {
    check: (id, signal) => this.#api.getPayment(id, this.#currentToken(), { signal }).then((r) => r.payment),
    subscribe: (id, onPayment, signal) => this.#api.openEvents(id, this.#currentToken(), (e) => onPayment(e.payment), signal),
    onPayment: (p) => this.#handleStatus(p),
    onExpired: () => this.#handleExpired(),
    onTrouble: (v) => {
      this.trouble = v;
      // the card's waiting box is quiet (the root announced it): the trouble is said here, once
      if (v && this.flow.kind === 'card-processing') this.#announce('status.trouble');
    },
    onError: (e) => this.#handleReadError(e),
  });

  private flow: FlowState = initialState();
  private trouble = false;
  private announcement = '';
  private cardFormReady = false;
  private cardFormFailed = false;
  /** A PIX/boleto screen whose chunk failed to load while the buyer is on it. */
  private screenFailed?: PaymentMethod;
  /** The outcome chunk failed to load while an outcome is on screen. */
  private outcomeFailed = false;
  private submitLocked = false;
  /** Until when (client ms) the card is locked after too many card attempts (429); 0 when it is not. */
  private cardLockedUntil = 0;
  /** The installment count chosen in the card form (its plan's total is what the pay button says). */
  private installments = 1;
  /** The quantity the buyer chose (product mode, when the config offers `checkout.quantity`). */
  private quantity = 1;

  /** Base path or URL of the merchant's helper. */
  endpoint = '/api/checkout';

  /** Gateway product link id (product strategy). */
  product: string | undefined;

  /** Merchant cart reference (cart strategy). */
  cart: string | undefined;

  /** `pt-BR` (default) or `en`; unset, the closest `lang` attribute decides (`en-US` -> `en`). */
  locale: Locale | undefined;

  /** Built-in colour defaults: `light`, `dark`, or `auto` (follows the system's `prefers-color-scheme`, live). */
  theme: Theme = 'light';

  /**
   * The merchant logo for the dark theme (a light wordmark), http(s) or relative to the page.
   * Without it, the dark theme shows the gateway layout's logo on a light plate.
   */
  logoDarkUrl: string | undefined;

  /** Text overrides, flat or per locale (`{ en: { 'pix.title': '…' } }`). */
  messages: MessageOverrides | undefined;

  /** Prefill for the buyer's details. */
  customer: CustomerPrefill | undefined;

  /** The helper client (injectable, e.g. for tests); by default built from `endpoint`. */
  client: HelperClient | undefined;

  /** The system's colour scheme is dark (read for `theme="auto"`). */
  private systemDark = false;
  #darkQuery?: MediaQueryList | undefined;
  #onScheme = (e: MediaQueryListEvent): void => {
    this.systemDark = e.matches;
  };

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
  /** The PIX/boleto screen being fetched (see prefetchScreen). */
  #screenLoad?: Promise<void> & { method: PaymentMethod };
  #focusStep = false;
  #errorReported?: CheckoutError;
  /** Bumped by `reset()`: a load started before it must not apply its answers. */
  #loadGen = 0;
  /** Consecutive status reads the helper refused (see LOST_AFTER). */
  #lostReads = 0;
  /** Move focus to the title once the fresh checkout is ready (after "start a new payment"). */
  #focusOnReady = false;
  /** Move focus to the method choice after the next render ("choose another payment method"). */
  #focusMethods = false;
  /** What the buyer submitted last, as the customer fields' prefill once they render again. */
  #prefill?: CustomerPrefill;
  #cardLockTimer?: ReturnType<typeof setTimeout>;
  /** Holder name and expiry of the last card submitted: put back after a refusal (never number or CVV). */
  #cardHolder?: CardHolderPrefill | undefined;
  /** The last layout's custom properties (see layoutVars). */
  #layout?: { layout: Layout | undefined; vars: Record<string, string | undefined> };

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
    this.#darkQuery = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    this.systemDark = !!this.#darkQuery?.matches;
    this.#darkQuery?.addEventListener('change', this.#onScheme);
    // Properties bound in the same template are set by now or within this task: start after them.
    // Not a task later: the config request is the first screen's critical path, and a task hop
    // here measured 30-50 ms later to `bynet-ready` on the demo (other work of the page runs first).
    if (this.flow.kind === 'loading') queueMicrotask(() => void this.#load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#darkQuery?.removeEventListener('change', this.#onScheme);
    this.#darkQuery = undefined;
    this.#clearCardForm();
    clearTimeout(this.#cardLockTimer);
    this.#cardLockTimer = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') || changed.has('messages') || !this.hasUpdated) this.#syncLocale();
  }

  /** The locale from `locale` or the closest `lang`, and its translator (fetching its strings if needed). */
  #syncLocale(): void {
    const tag = this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? globalThis.document?.documentElement.lang;
    this.#locale = resolveLocale(tag);
    this.#t = createTranslator(this.#locale, this.messages);
    if (!isLocaleLoaded(this.#locale)) void this.#loadStrings(this.#locale);
  }

  /**
   * The first render runs in a task of its own: the page's script task (module evaluation, the
   * element's upgrade, the config request going out) stays short, and the placeholder is drawn in
   * a later task (the long-task budget, design.md section 7). Later renders are not delayed: the
   * view that replaces the placeholder is in the DOM when `bynet-ready`'s listeners resume.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await nextTask();
    await super.scheduleUpdate();
  }

  /** A locale other than pt-BR arrives as its own module: a new `t` once it is in (pt-BR meanwhile). */
  async #loadStrings(locale: Locale): Promise<void> {
    try {
      await loadLocale(locale);
    } catch {
      return; // pt-BR stays; the next render of a new locale or load tries again
    }
    if (locale !== this.#locale) return;
    this.#t = createTranslator(locale, this.messages);
    this.requestUpdate();
  }

  /** On a PIX/boleto step, also waits for that screen's module (a lazy chunk) and the render after it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    const waiting = this.#screenLoad;
    const s = this.flow;
    const onScreen = (s.kind === 'awaiting' || s.kind === 'unverified') && s.payment?.method === waiting?.method;
    if (waiting && onScreen && !isScreenLoaded(waiting.method)) {
      await waiting.catch(() => undefined);
      done = await super.getUpdateComplete();
    }
    // An outcome shown before its chunk is in (a resumed payment, an order paid elsewhere).
    if (isOutcome(this.flow) && !outcomeModule() && !this.outcomeFailed) {
      await loadOutcome().catch(() => undefined);
      done = await super.getUpdateComplete();
    }
    return done;
  }

  override updated(): void {
    this.#syncStates();
    this.#applyLayout();
    const s = this.flow;
    const wantsCard = (s.kind === 'ready' || s.kind === 'failed') && s.method === 'CREDIT_CARD';
    if (wantsCard && !this.#cardLoad) void this.#loadCardForm();
    // The screen the flow is on, or about to show: the picked method's (fetched on the pick, so it is
    // in when the payment is created), a resumed payment's, a boleto shown while unverified.
    const screen =
      s.kind === 'awaiting' || s.kind === 'expired'
        ? s.payment.method
        : s.kind === 'unverified'
          ? s.payment?.method
          : s.kind === 'ready' || s.kind === 'creating-order' || s.kind === 'creating-payment'
            ? s.method
            : undefined;
    if (screen && screen !== 'CREDIT_CARD' && screen !== this.screenFailed) this.#prefetchScreen(screen);
    if (isOutcome(s) && !outcomeModule() && !this.outcomeFailed) this.#fetchOutcome();
    if (this.outcomeFailed && !isOutcome(s)) this.outcomeFailed = false;
    if (this.#focusMethods) {
      this.#focusMethods = false;
      this.#focusStep = false;
      void this.#moveFocusToMethods();
    }
    if (this.#focusStep) {
      this.#focusStep = false;
      void this.#moveFocusToStep();
    }
  }

  // ── public methods ─────────────────────────────────────────────────────────────────────────

  /**
   * Starts a new checkout: forgets what this element remembers in this tab for its `endpoint` and
   * `product`/`cart` (a paid confirmation or an open payment), stops following the payment and
   * loads the checkout again (the next payment gets a new order). Use it for "buy again" after
   * `bynet-payment-complete`. Called while a PIX or boleto is open, it abandons that view (the
   * buyer could still pay the code they have): offer it only when that is what the buyer wants.
   *
   * "Choose another payment method" (the buyer's own way back from a PIX, a boleto, an expired
   * code or the card form) is not a reset: it keeps the order, and an open PIX/boleto stays
   * payable at the gateway and is still followed while the buyer is on the method choice (paid
   * meanwhile -> the confirmation). Once another payment of the order is created the element
   * follows that one; the helper answers 409 `order_paid` to a new payment of an order already
   * paid, so a buyer who paid the left PIX is never charged again.
   */
  reset(): void {
    this.#resume.clear();
    this.#status.stop();
    this.trouble = false;
    this.#orderKey = undefined;
    this.#pending = undefined;
    this.#lastBuyer = undefined;
    this.#errorReported = undefined;
    this.#lostReads = 0;
    this.#prefill = undefined;
    this.#cardHolder = undefined;
    this.quantity = 1;
    this.#loadGen++;
    this.#loading = false;
    this.#send({ type: 'reset' });
  }

  // ── plumbing ───────────────────────────────────────────────────────────────────────────────
  get #api(): HelperClient {
    if (this.client) return this.client;
    if (this.#defaultClient?.endpoint !== this.endpoint) {
      this.#defaultClient = { endpoint: this.endpoint, client: createHelperClient({ endpoint: this.endpoint }) };
    }
    return this.#defaultClient.client;
  }

  get #resume(): ResumeStore {
    return createResumeStore({ endpoint: this.endpoint, product: this.product ?? null, cart: this.cart ?? null });
  }

  #ref(): CheckoutRef | undefined {
    if (this.product) return { product: this.product };
    if (this.cart) return { cart: this.cart };
    return undefined;
  }

  #ctx(): FlowContext | undefined {
    const s = this.flow;
    return 'ctx' in s ? s.ctx : undefined;
  }

  #currentToken(): string {
    return this.#ctx()?.token ?? '';
  }

  #emit<K extends BynetEventName>(name: K, detail: BynetEventDetailMap[K]): boolean {
    return this.dispatchEvent(bynetEvent(name, detail));
  }

  #reportError(error: CheckoutError, vars?: Record<string, string>): void {
    if (this.#errorReported === error) return;
    this.#errorReported = error;
    const storeCode = storeProblemCode(error);
    this.#emit('bynet-error', {
      code: error.code,
      message: this.#t(messageKeyFor(error), vars),
      recoverable: error.recoverable,
      ...(storeCode ? { storeCode } : {}),
    });
  }

  /** Feeds the machine; runs the effects of entering the new state. */
  #send(event: FlowEvent): boolean {
    const prev = this.flow;
    const next = transition(prev, event);
    if (next === prev) return false;
    this.flow = next;
    this.#enter(prev, next);
    return true;
  }

  #enter(prev: FlowState, next: FlowState): void {
    if (!isBusy(next)) this.submitLocked = false;
    const viewChanged = stateName(prev) !== stateName(next) || prev.kind === 'error' || next.kind === 'error';
    switch (next.kind) {
      case 'loading':
        if (this.isConnected) void this.#load();
        return;
      case 'ready':
        if (next.notice?.code === 'rate-limited' && next.method === 'CREDIT_CARD') this.#lockCard(next.notice.retryAfterMs);
        if (next.notice) this.#reportError(next.notice);
        if ((prev.kind !== 'loading' && viewChanged) || this.#focusOnReady) this.#focusStep = true;
        this.#focusOnReady = false;
        return;
      case 'creating-order':
        void this.#createOrder(next);
        return;
      case 'creating-payment':
        void this.#createPayment(next);
        return;
      case 'awaiting':
      case 'card-processing': {
        const p = next.payment;
        if (prev.kind === 'creating-payment') this.#paymentCreated(next.ctx.orderId, p);
        if (this.#status.paymentId !== p.id || this.#status.done) {
          const expires = p.method === 'PIX' && p.pix ? Date.parse(p.pix.expiresAt) - next.ctx.clockOffsetMs : undefined;
          this.#lostReads = 0;
          this.#status.start(p.id, {
            status: p.status,
            profile: p.method === 'BOLETO' ? 'slow' : 'fast',
            stream: next.ctx.config.features.statusStream,
            ...(expires !== undefined && !Number.isNaN(expires) ? { expiresAt: expires } : {}),
          });
          this.trouble = false;
        }
        this.#resume.track(p, next.ctx.token);
        if (prev.kind === 'creating-payment' || prev.kind === 'unverified') this.#focusStep = true;
        if (prev.kind === 'creating-payment') this.#announce(p.method === 'BOLETO' ? 'boleto.title' : p.method === 'PIX' ? 'pix.title' : 'card.processing');
        return;
      }
      case 'paid': {
        this.#settle();
        const p = next.payment;
        const restored = next.source === 'restored' || next.source === 'remembered';
        // Remember the outcome, so a reload shows this confirmation and never a fresh form.
        if (!restored && next.ctx) this.#resume.track(p, next.ctx.token);
        if (prev.kind === 'creating-payment' && !next.source) this.#paymentCreated(p.orderId, p);
        this.#emit('bynet-payment-complete', {
          orderId: p.orderId,
          paymentId: p.id,
          method: p.method,
          status: p.status,
          amount: p.amount,
          ...(p.installments !== undefined ? { installments: p.installments } : {}),
          paidAt: p.updatedAt,
          ...(restored ? { restored: true } : {}),
        });
        this.#withOutcome(next, () => {
          this.#announce('paid.title');
          // A page that just loaded keeps its focus where the browser put it.
          if (!restored) this.#focusStep = true;
        });
        return;
      }
      case 'failed':
      case 'expired': {
        this.#settle();
        this.#resume.clear();
        const p = next.payment;
        const method = p?.method ?? (next.kind === 'failed' ? next.method : 'PIX');
        if (prev.kind === 'creating-payment' && p) this.#paymentCreated(next.ctx.orderId, p);
        // A refusal carries its specific code (the gateway's, or the kind its reason names), never just "refused".
        const refused = next.kind === 'failed' && (!p || p.status === 'REFUSED' || !!p.refusal);
        // The refusal code is read by the outcome chunk; should it fail to load, the gateway's code as given.
        const code = p?.refusal?.code.trim();
        const fallback = code && code.toLowerCase() !== 'refused' ? code : 'refused';
        this.#withOutcome(
          next,
          (o) => {
            // The one announcement of the outcome (its box on screen has no live role): for a card refusal, with why.
            const why = next.kind === 'failed' && next.method === 'CREDIT_CARD' ? this.#refusalText(o, p?.refusal, next.reason) : undefined;
            this.#announce(next.kind === 'failed' ? 'failed.title' : 'expired.title', why);
            this.#focusStep = true;
          },
          (o) => {
            const reason = next.kind === 'expired' ? 'expired' : refused ? (o ? o.refusalCode(p?.refusal) : fallback) : undefined;
            this.#emit('bynet-payment-failed', {
              orderId: next.ctx.orderId,
              paymentId: p?.id ?? '',
              method,
              status: p?.status ?? 'REFUSED',
              ...(reason ? { reason } : {}),
            });
          },
        );
        return;
      }
      case 'unverified':
        // The record stays: the payment may exist, and may be paid.
        this.#settle();
        if (next.checking) {
          void this.#recheck(next);
          return;
        }
        this.#reportError(next.error, { orderId: next.ctx.orderId });
        if (prev.kind !== 'unverified') {
          this.#announce('unverified.title');
          if (prev.kind !== 'ready') this.#focusStep = true; // not on a page load (ready -> unverified)
        }
        return;
      case 'error':
        // Only a left PIX/boleto can be followed here (errors come from loading and requests):
        // keep following it, its PAID still ends the flow.
        if (!next.error.recoverable) this.#pending = undefined;
        this.#reportError(next.error);
        this.#focusStep = true;
        return;
      default:
        assertNever(next);
    }
  }

  /** Leaving the payment steps: stop following, forget the buyer's card. */
  #settle(): void {
    this.#status.stop();
    this.trouble = false;
    this.#clearCardForm();
    this.#pending = undefined;
  }

  /**
   * Runs what an outcome needs of the outcome chunk: now when it is in (always, once a screen
   * loaded), else once it loads. `say` (announcement, focus) only while `state` is still the flow;
   * `report` (events) in any case, with `undefined` if the chunk cannot load.
   */
  #withOutcome(state: FlowState, say: (o: Outcome) => void, report?: (o: Outcome | undefined) => void): void {
    const loaded = outcomeModule();
    if (loaded) {
      report?.(loaded);
      say(loaded);
      return;
    }
    loadOutcome().then(
      (o) => {
        report?.(o);
        if (this.flow !== state) return;
        say(o);
        this.requestUpdate();
      },
      () => report?.(undefined),
    );
  }

  /** Fetches the outcome chunk for the outcome on screen; a failure shows a retry in its place. */
  #fetchOutcome(): void {
    loadOutcome().then(
      () => this.requestUpdate(),
      (e: unknown) => {
        if (!isOutcome(this.flow) || this.outcomeFailed) return;
        this.outcomeFailed = true;
        this.#reportError(new CheckoutError('network', 'The outcome view could not be loaded', { cause: e }));
      },
    );
  }

  /**
   * The custom properties of a gateway layout, worked out once per layout (contrast maths, and a
   * canvas for an rgb()/hsl() colour), not on every render.
   */
  #layoutVars(layout: Layout | undefined): Record<string, string | undefined> {
    if (!this.#layout || this.#layout.layout !== layout) this.#layout = { layout, vars: layoutStyle(layout) };
    return this.#layout.vars;
  }

  /** Says `key` (and `extra`) through the root's one polite live region. */
  #announce(key: Parameters<Translate>[0], extra?: string): void {
    this.announcement = extra ? `${this.#t(key)} ${extra}` : this.#t(key);
  }

  #paymentCreated(orderId: string, p: Payment): void {
    this.#emit('bynet-payment-created', { orderId, paymentId: p.id, method: p.method, status: p.status });
  }

  /**
   * The gateway layout as custom properties on `.base`, through the CSSOM only: a `style` attribute
   * written as a string would be blocked by a Content-Security-Policy without 'unsafe-inline'.
   */
  #applyLayout(): void {
    const base = this.renderRoot.querySelector<HTMLElement>('.base');
    if (!base) return;
    for (const [name, value] of Object.entries(this.#layoutVars(this.#ctx()?.config.layout))) {
      if (value) base.style.setProperty(name, value);
      else base.style.removeProperty(name);
    }
  }

  #syncStates(): void {
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

  async #moveFocusToStep(): Promise<void> {
    const step = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('[data-step]');
    if (!step) return;
    // A lazy screen's element upgrades once its chunk is in.
    if (step.localName.includes('-') && !customElements.get(step.localName)) await customElements.whenDefined(step.localName);
    await step.updateComplete;
    const heading = (step.shadowRoot ?? step).querySelector<HTMLElement>('h2[tabindex="-1"]') ?? (step.matches('h2') ? step : null);
    heading?.focus();
  }

  async #moveFocusToMethods(): Promise<void> {
    const list = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('bynet-method-list');
    if (!list) return;
    await list.updateComplete;
    list.scrollIntoView?.({ block: 'nearest' });
    list.focus();
  }

  get #cardLocked(): boolean {
    return this.cardLockedUntil > Date.now();
  }

  /** Too many card attempts: the card option says so until the window ends; PIX and boleto stay usable. */
  #lockCard(retryAfterMs: number | undefined): void {
    const ms = Math.min(Math.max(retryAfterMs ?? CARD_LOCK_MS, 1000), 60 * 60_000);
    this.cardLockedUntil = Date.now() + ms;
    clearTimeout(this.#cardLockTimer);
    this.#cardLockTimer = setTimeout(() => {
      this.#cardLockTimer = undefined;
      this.cardLockedUntil = 0;
    }, ms);
  }

  // ── effects ────────────────────────────────────────────────────────────────────────────────
  async #load(): Promise<void> {
    if (this.#loading || this.flow.kind !== 'loading') return;
    const ref = this.#ref();
    if (!ref) {
      this.#send({ type: 'config-failed', error: new CheckoutError('config', 'Set the product or cart attribute', { recoverable: false }) });
      return;
    }
    this.#loading = true;
    // The first render (which resolves the locale) may not have run yet: the strings fetched below are the page's.
    if (!this.hasUpdated) this.#syncLocale();
    const gen = this.#loadGen;
    const api = this.#api;
    const saved = this.#resume.read();
    const failed = (e: unknown) => ({ error: toCheckoutError(e) });
    // Both settle (a client that throws synchronously included): failures become values.
    // A locale other than pt-BR is fetched alongside, so the first form shows in it.
    const strings = loadLocale(this.#locale).catch(() => undefined);
    // A remembered payment may open on an outcome (paid, refused, expired): its chunk is fetched
    // alongside, and waited for when the payment turns out settled.
    const outcome = saved ? loadOutcome().catch(() => undefined) : undefined;
    const [cfg, resumed] = await Promise.all([
      Promise.resolve()
        .then(() => api.getConfig(ref))
        .then((config) => ({ config, at: Date.now() }), failed),
      saved
        ? Promise.resolve()
            .then(() => api.getPayment(saved.paymentId, saved.token))
            .then((r) => ({ r, at: Date.now() }), failed)
        : undefined,
    ]);
    await strings;
    if (gen !== this.#loadGen) return; // reset() meanwhile: a newer load owns the flow
    this.#loading = false;
    // A read only counts when it answers for the remembered payment, or names the payment that
    // settled its order (409 order_paid: another payment of the order was paid meanwhile).
    const settled = resumed && 'error' in resumed && resumed.error.code === 'order-paid' ? resumed.error.payment : undefined;
    const read =
      resumed && 'r' in resumed && resumed.r.payment.id === saved?.paymentId && resumed.r.payment.orderId === saved.orderId
        ? resumed
        : settled && settled.orderId === saved?.orderId
          ? { r: { payment: settled, serverTime: new Date().toISOString() }, at: Date.now() }
          : undefined;
    const remembered = saved?.paid ? rememberedPayment({ ...saved, paid: saved.paid }) : undefined;
    if (remembered || settled || (read && isFinalStatus(read.r.payment.status))) {
      await outcome;
      if (gen !== this.#loadGen) return;
    }
    if ('error' in cfg) {
      // A paid outcome shows even without the config: never an error or a form in its place.
      if (saved && remembered) {
        const payment = read && isSuccessStatus(read.r.payment.status) ? read.r.payment : remembered;
        this.#send({ type: 'remembered-paid', payment, token: saved.token });
      } else this.#send({ type: 'config-failed', error: cfg.error });
      return;
    }
    // An open payment we could not reach (network, 5xx): the error view retries the whole load.
    if (!remembered && resumed && 'error' in resumed && resumed.error.recoverable) {
      this.#send({ type: 'config-failed', error: resumed.error });
      return;
    }
    this.#send({ type: 'config-loaded', config: cfg.config, clockOffsetMs: clockOffset(cfg.config.serverTime, cfg.at) });
    const c = cfg.config.checkout;
    this.#emit('bynet-ready', { methods: [...c.methods], amount: c.amount, currency: c.currency });
    if (!saved) return;
    if (read) {
      const clockOffsetMs = clockOffset(read.r.serverTime, read.at);
      this.#send({ type: 'resume', payment: read.r.payment, token: saved.token, clockOffsetMs, restored: !!remembered });
    } else if (remembered) {
      // Paid before the reload, but the helper cannot re-read it now (401/404/down): show it from memory.
      this.#send({ type: 'remembered-paid', payment: remembered, token: saved.token });
    } else {
      // An open payment the helper will not read (401/404, or another payment): it may exist, it may
      // be paid. Say so, offer to check again; a new payment only by the buyer's explicit choice.
      const cause = resumed && 'error' in resumed ? resumed.error : otherPayment();
      const { orderId, paymentId, method, token } = saved;
      this.#send({ type: 'resume-failed', orderId, paymentId, method, token, error: unverified(cause) });
    }
  }

  /** "Check again" for a payment that could not be read. */
  async #recheck(s: UnverifiedState): Promise<void> {
    try {
      const r = await this.#api.getPayment(s.paymentId, s.ctx.token);
      if (this.flow !== s) return;
      if (r.payment.orderId !== s.ctx.orderId) throw otherPayment();
      this.#send({ type: 'payment-updated', payment: r.payment });
    } catch (e) {
      if (this.flow === s) this.#send({ type: 'request-failed', error: unverified(toCheckoutError(e)) });
    }
  }

  async #createOrder(s: CreatingOrderState): Promise<void> {
    try {
      const c = s.ctx.config.checkout;
      // `{ quantity }` only when the helper offers quantities: an older helper gets the empty body.
      const r = await this.#api.createOrder(s.ctx.token, s.orderKey, c.quantity ? { quantity: this.#units(c) } : {});
      if (this.flow === s) this.#send({ type: 'order-created', orderId: r.order.id, token: r.token });
    } catch (e) {
      if (this.flow === s) this.#send({ type: 'request-failed', error: toCheckoutError(e) });
    }
  }

  async #createPayment(s: CreatingPaymentState): Promise<void> {
    const pending = this.#pending;
    if (!pending || pending.method !== s.method) {
      this.#send({ type: 'request-failed', error: new CheckoutError('http', 'The buyer data is missing', { apiCode: 'invalid_request', recoverable: false }) });
      return;
    }
    try {
      const r = await this.#api.createPayment(s.ctx.orderId, s.ctx.token, pending.body, s.paymentKey);
      const at = Date.now();
      if (this.flow !== s) return;
      this.#pending = undefined;
      this.#send({ type: 'payment-created', payment: r.payment, clockOffsetMs: clockOffset(r.serverTime, at) });
    } catch (e) {
      if (this.flow !== s) return;
      const error = toCheckoutError(e);
      if (!error.recoverable) this.#pending = undefined;
      // 409 order_paid: the order is paid already (another tab, a reconciled answer). Show that payment.
      if (error.code === 'order-paid' && error.payment) this.#send({ type: 'order-paid', payment: error.payment });
      else this.#send({ type: 'request-failed', error });
    }
  }

  /**
   * Fetches a PIX/boleto screen (a lazy chunk) ahead of need: on a pointer or focus on its method,
   * on its pick, on a resumed payment. The view renders as soon as its element is defined; a failed
   * fetch shows a retry in place of the view (renderScreenFailed), never a blank step.
   */
  #prefetchScreen(method: PaymentMethod): void {
    if (isScreenLoaded(method) || this.#screenLoad?.method === method) return;
    const p = loadScreen(method).then(
      () => {
        if (this.screenFailed === method) this.screenFailed = undefined;
        this.requestUpdate();
      },
      (e: unknown) => {
        if (this.#screenLoad?.method === method) this.#screenLoad = undefined;
        const s = this.flow;
        // Only a screen the buyer is on is an error to show; a failed prefetch retries on the pick.
        if ((s.kind === 'awaiting' || s.kind === 'unverified') && s.payment?.method === method) {
          this.screenFailed = method;
          this.#reportError(new CheckoutError('network', 'The payment screen could not be loaded', { cause: e }));
        }
      },
    );
    this.#screenLoad = Object.assign(p, { method });
  }

  /** A pointer or focus on a method in the list: fetch its screen before the pick. */
  #handleMethodHint = (e: Event): void => {
    const input = e.composedPath().find((n): n is HTMLInputElement => n instanceof HTMLInputElement && n.name === 'method');
    const label = input ?? e.composedPath().find((n): n is HTMLLabelElement => n instanceof HTMLLabelElement)?.querySelector('input');
    const method = label?.value as PaymentMethod | undefined;
    if (!method) return;
    if (method === 'CREDIT_CARD') {
      if (!this.#cardLoad && !this.#cardLocked) void loadScreen(method).catch(() => undefined);
    } else this.#prefetchScreen(method);
  };

  async #loadCardForm(): Promise<void> {
    this.cardFormFailed = false;
    this.#cardLoad = loadScreen('CREDIT_CARD').then(
      () => {
        this.cardFormReady = true;
      },
      (e: unknown) => {
        this.#cardLoad = undefined;
        this.cardFormFailed = true;
        this.#reportError(new CheckoutError('network', 'The card form could not be loaded', { cause: e }));
      },
    );
    return this.#cardLoad;
  }

  #clearCardForm(): void {
    this.renderRoot?.querySelector<BynetCardForm>('bynet-card-form')?.clear?.();
  }

  // ── handlers ───────────────────────────────────────────────────────────────────────────────
  #handleStatus(p: Payment): void {
    this.#lostReads = 0;
    const s = this.flow;
    if (s.kind === 'ready' && s.open?.id === p.id) {
      // the PIX/boleto the buyer left for the method choice: its PAID ends the flow
      this.#send({ type: 'payment-updated', payment: p });
      return;
    }
    if (s.kind !== 'awaiting' && s.kind !== 'card-processing') {
      if (isSuccessStatus(p.status) && 'ctx' in s && s.ctx?.orderId === p.orderId) this.#send({ type: 'order-paid', payment: p });
      return;
    }
    if (p.id !== s.payment.id) return;
    const previous = s.payment.status;
    if (p.status !== previous) this.#emit('bynet-payment-status', { paymentId: p.id, status: p.status, previous });
    this.#send({ type: 'payment-updated', payment: p });
  }

  /** A failed status read: the helper refusing it LOST_AFTER times in a row means it cannot confirm it. */
  #handleReadError(e: unknown): void {
    const error = toCheckoutError(e);
    if (error.code === 'order-paid' && error.payment) {
      this.#send({ type: 'order-paid', payment: error.payment });
      return;
    }
    // A store misconfiguration answered to a status read (gateway unreachable...) says nothing about the payment.
    this.#lostReads = error.recoverable || error.code === 'config' ? 0 : this.#lostReads + 1;
    const s = this.flow;
    if (this.#lostReads >= LOST_AFTER && (s.kind === 'awaiting' || s.kind === 'card-processing')) {
      this.#send({ type: 'payment-lost', error: unverified(error) });
    }
  }

  #handleRecheck = (e: Event): void => {
    e.stopPropagation();
    this.#send({ type: 'recheck' });
  };

  /** The buyer's explicit choice after the warning: forget the unreadable payment, fresh checkout. */
  #handleStartOver = (e: Event): void => {
    e.stopPropagation();
    if (this.flow.kind !== 'unverified') return;
    this.#focusOnReady = true;
    this.reset();
  };

  #handleInstallments = (e: CustomEvent<{ count: number }>): void => {
    e.stopPropagation();
    this.installments = e.detail.count;
  };

  #handleExpired(): void {
    const s = this.flow;
    if (s.kind !== 'awaiting' || s.method !== 'PIX') return;
    this.#emit('bynet-payment-status', { paymentId: s.payment.id, status: 'EXPIRED', previous: s.payment.status });
    this.#send({ type: 'expire' });
  }

  #handleMethodChange = (e: CustomEvent<{ method: PaymentMethod }>): void => {
    e.stopPropagation();
    const open = this.flow.kind === 'ready' ? this.flow.open : undefined;
    if (this.#send({ type: 'select-method', method: e.detail.method })) {
      this.#emit('bynet-method-select', { method: e.detail.method, ...(open ? { orderId: open.orderId, openPaymentId: open.id } : {}) });
    }
  };

  #handlePay = (e?: Event): void => {
    e?.stopPropagation();
    if (this.submitLocked) return;
    const flow = this.flow;
    // A failed request (network, 5xx) leaves the form usable: paying again sends a new request.
    const s = flow.kind === 'ready' || flow.kind === 'failed' ? flow : flow.kind === 'error' && flow.retryState?.kind !== 'loading' ? flow.retryState : undefined;
    if (!s?.method) return;
    const method = s.method;
    if (method === 'CREDIT_CARD' && this.#cardLocked) return;
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
      this.#cardHolder = { holderName: r.card.holderName, expiry: `${String(r.card.expMonth).padStart(2, '0')}/${String(r.card.expYear).slice(-2)}` };
    }
    const orderId = s.ctx.orderId;
    if (!this.#emit('bynet-payment-submit', { method, ...(orderId ? { orderId } : {}) })) return release();

    const needsAddress = s.ctx.config.checkout.addressRequiredFor.includes(method);
    const who: Pick<CreatePaymentRequest, 'customer' | 'address'> = {
      customer: buyer.customer,
      ...(needsAddress && buyer.address ? { address: buyer.address } : {}),
    };
    this.#lastBuyer = who;
    this.#pending = { method, body: { method, ...who, ...card } };
    this.#orderKey ??= newIdempotencyKey();
    this.#send({ type: 'submit', method, orderKey: this.#orderKey, paymentKey: newIdempotencyKey() });
  };

  /**
   * "Choose another payment method". From a PIX, a boleto, an expired code or a refused PIX: back to
   * the method choice of the same order (what the buyer typed comes back as the prefill). From the
   * form itself (card form, refusal, error): the method choice is on screen, focus moves there.
   */
  #handleChangeMethod = (e: Event): void => {
    e.stopPropagation();
    const s = this.flow;
    const onForm = s.kind === 'ready' || s.kind === 'error' || (s.kind === 'failed' && s.method === 'CREDIT_CARD');
    if (!onForm) {
      if (!this.#send({ type: 'change-method' })) return;
      const who = this.#lastBuyer;
      if (who) {
        const base = this.customer ?? EMPTY_PREFILL;
        this.#prefill = { ...base, ...who.customer, ...(who.address || base.address ? { address: { ...base.address, ...who.address } } : {}) };
      }
    }
    this.#focusMethods = true;
    this.requestUpdate();
  };

  #handleRenew = (e: Event): void => {
    e.stopPropagation();
    const s = this.flow;
    if (s.kind !== 'expired') return;
    if (this.#lastBuyer) {
      const method = s.payment.method;
      // A new payment is about to be created: the merchant may veto it, as on the first submit.
      if (!this.#emit('bynet-payment-submit', { method, orderId: s.ctx.orderId })) return;
      this.#pending = { method, body: { method, ...this.#lastBuyer } };
      this.#send({ type: 'renew', paymentKey: newIdempotencyKey() });
    } else {
      this.#send({ type: 'renew' });
    }
  };

  #handleRetry = (e: Event): void => {
    e.stopPropagation();
    if (this.flow.kind === 'error' || this.flow.kind === 'failed') this.#send({ type: 'retry' });
  };

  #handleInvalidCode = (e: Event): void => {
    e.stopPropagation();
    this.#reportError(new CheckoutError('invalid-response', 'The payment data failed validation', { recoverable: false }));
  };

  #handleCountdownEnd = (e: Event): void => {
    e.stopPropagation();
    this.#status.checkNow();
  };

  #lookupCep = async (cep: string): Promise<Partial<Address> | null> => {
    try {
      return await this.#api.lookupCep(cep, this.#currentToken());
    } catch {
      return null;
    }
  };

  // ── render ─────────────────────────────────────────────────────────────────────────────────
  override render(): TemplateResult {
    const s = this.flow;
    const ctx = 'ctx' in s ? s.ctx : undefined;
    return html`<div part="base" class="base ${this.#dark ? 'dark' : 'light'}">
      ${ctx ? this.#renderHeader(ctx) : nothing} ${this.#renderBody(s)}
      ${ctx ? html`<p class="secured" part="footer">${this.#t('checkout.securedBy')}</p>` : nothing}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }

  /**
   * The card plan the buyer chose in the form (or will, once it loads), while the form is the
   * step: its `total` is what the gateway charges. `undefined` for other methods and steps.
   */
  #cardPlan(s: FlowState, c: CheckoutInfo): InstallmentOption | undefined {
    let method: PaymentMethod | undefined;
    if (s.kind === 'ready' || s.kind === 'creating-order' || s.kind === 'creating-payment' || s.kind === 'failed') method = s.method;
    else if (s.kind === 'error' && s.retryState && 'method' in s.retryState) method = s.retryState.method;
    return method === 'CREDIT_CARD' ? this.#plans(c).find((o) => o.count === this.installments) : undefined;
  }

  /** The total to show: the payment's own amount once there is one, else the chosen plan's total, else the price. */
  #shownTotal(s: FlowState, c: CheckoutInfo): { cents: number; plan?: InstallmentOption } {
    if (s.kind === 'awaiting' || s.kind === 'card-processing' || s.kind === 'paid' || s.kind === 'expired') return { cents: s.payment.amount };
    if (s.kind === 'unverified' && s.payment) return { cents: s.payment.amount };
    const plan = this.#cardPlan(s, c);
    return plan ? { cents: plan.total, plan } : { cents: c.amount * this.#units(c) };
  }

  /** How many units are bought: the buyer's choice within `checkout.quantity.max`, else 1. */
  #units(c: CheckoutInfo): number {
    return c.quantity ? Math.min(Math.max(1, this.quantity), c.quantity.max) : 1;
  }

  /**
   * The card plans on offer. The helper prices its plans for one unit: with more than one, only the
   * single payment of the exact total is offered (shown = charged; never a plan priced for one).
   */
  #plans(c: CheckoutInfo): InstallmentOption[] {
    const n = this.#units(c);
    if (n === 1) return c.installments;
    const total = c.amount * n;
    return [{ count: 1, amount: total, total, interest: false }];
  }

  #setQuantity(n: number, c: CheckoutInfo): void {
    const next = Math.min(Math.max(1, Math.round(n) || 1), c.quantity?.max ?? 1);
    if (next === this.quantity) return;
    this.quantity = next;
    // No order exists yet (the stepper is only live then): the next one is a new request.
    this.#orderKey = undefined;
  }

  /**
   * The order summary: a cart's lines (quantity, title, physical goods marked) and its shipping
   * fee (already in the total); in product mode with `checkout.quantity`, the quantity stepper
   * (live until the order exists).
   */
  #renderSummary(s: FlowState, c: CheckoutInfo): TemplateResult | typeof nothing {
    const t = this.#t;
    const money = (cents: number) => formatMoney(cents, this.#locale);
    const cart = c.kind === 'cart' && c.items.length > 0;
    const max = c.kind === 'product' && c.quantity ? c.quantity.max : 1;
    if (!cart && max < 2 && c.shippingFee === undefined) return nothing;
    const editable = s.kind === 'ready' && !s.ctx.orderId;
    const n = this.#units(c);
    return html`<section class="summary" part="summary" aria-label=${t('summary.label')}>
      ${cart
        ? html`<ul class="items">
            ${c.items.map(
              (i) => html`<li>
                <span>${t('summary.item', { quantity: i.quantity, title: i.title })}${i.tangible ? html` <span class="tag">${t('summary.ships')}</span>` : nothing}</span>
                <span class="price">${money(i.unitPrice * i.quantity)}</span>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${c.shippingFee !== undefined
        ? html`<p class="row shipping"><span>${t('summary.shipping')}</span><span class="price">${money(c.shippingFee)}</span></p>`
        : nothing}
      ${max > 1
        ? html`<div class="row quantity">
            <label for="quantity">${t('summary.quantity')}</label>
            <div class="stepper">
              <button type="button" class="step" aria-label=${t('summary.decrease')} aria-controls="quantity" ?disabled=${!editable || n <= 1}
                @click=${() => this.#setQuantity(n - 1, c)}>−</button>
              <input id="quantity" part="quantity input" type="number" inputmode="numeric" min="1" max=${max} .value=${live(String(n))}
                ?disabled=${!editable} @change=${(e: Event) => this.#setQuantity(Number((e.target as HTMLInputElement).value), c)} />
              <button type="button" class="step" aria-label=${t('summary.increase')} aria-controls="quantity" ?disabled=${!editable || n >= max}
                @click=${() => this.#setQuantity(n + 1, c)}>+</button>
            </div>
          </div>`
        : nothing}
    </section>`;
  }

  /** Dark colours: `theme="dark"`, or `theme="auto"` on a system in dark mode. */
  get #dark(): boolean {
    return this.theme === 'dark' || (this.theme === 'auto' && this.systemDark);
  }

  #renderHeader(ctx: FlowContext): TemplateResult {
    const c = ctx.config.checkout;
    // Dark theme: the merchant's dark logo, else the layout's logo on a light plate (a dark wordmark stays visible).
    const darkLogo = this.#dark ? safeLogoUrl(resolveUrl(this.logoDarkUrl)) : undefined;
    const logo = darkLogo ?? safeLogoUrl(ctx.config.layout.logoUrl);
    const plate = this.#dark && !darkLogo;
    const { cents, plan } = this.#shownTotal(this.flow, c);
    const planNote =
      plan && (plan.interest || plan.count > 1)
        ? html` <span class="plan">${this.#t(plan.interest ? 'checkout.plan.interest' : 'checkout.plan.free', { count: plan.count })}</span>`
        : nothing;
    return html`<header class="header" part="header">
      ${logo ? html`<img class="logo ${plate ? 'plate' : ''}" part="logo" src=${logo} alt="" referrerpolicy="no-referrer" decoding="async" />` : nothing}
      <div>
        <h2 class="title" part="title" tabindex="-1" ?data-step=${this.flow.kind === 'ready'}>${c.title}</h2>
        <p class="amount" part="amount">${this.#t('checkout.total')}: <strong>${formatMoney(cents, this.#locale)}</strong>${planNote}</p>
      </div>
    </header>
    ${this.#renderSummary(this.flow, c)}`;
  }

  #renderBody(s: FlowState): TemplateResult | typeof nothing {
    const t = this.#t;
    const o = outcomeModule();
    if (!o && isOutcome(s)) return this.#renderOutcomePending();
    switch (s.kind) {
      case 'loading':
        return this.#renderSkeleton(['title', 'line', 'option', 'option', 'option', 'button']);
      case 'ready': {
        // a card lockout is said on the card option itself (see renderForm), not as a general error
        const notice = s.notice && !(s.notice.code === 'rate-limited' && s.method === 'CREDIT_CARD') ? s.notice : undefined;
        return this.#renderForm(s.ctx, s.method, false, notice ? this.#renderMessage('error', undefined, t(messageKeyFor(notice))) : nothing);
      }
      case 'creating-order':
      case 'creating-payment':
        return this.#renderForm(s.ctx, s.method, true, nothing);
      case 'failed':
        if (s.method === 'CREDIT_CARD') {
          return this.#renderForm(s.ctx, s.method, false, this.#renderMessage('error', t('failed.title'), this.#refusalText(o, s.payment?.refusal, s.reason), undefined, true, undefined, true));
        }
        return html`${this.#renderMessage('error', t('failed.title'), t('failed.body'), t('failed.retry'), true, undefined, true)}${this.#renderChangeMethod(s.ctx)}`;
      case 'error': {
        const message = t(messageKeyFor(s.error));
        const action = s.retryState ? t('error.retry') : undefined;
        // Only the store can fix it: say so, with the stable code to quote to the store (no retry).
        const storeCode = storeProblemCode(s.error);
        const box = storeCode
          ? this.#renderMessage('error', t('error.store.title'), message, undefined, true, t('error.store.code', { code: storeCode }))
          : this.#renderMessage('error', t('error.title'), message, action, true);
        const method = s.retryState && 'method' in s.retryState ? s.retryState.method : undefined;
        // A failed request keeps the form on screen, usable: the buyer's input survives, "try again"
        // re-sends the same request, another method can be chosen, paying again sends a new one.
        return s.ctx && method ? this.#renderForm(s.ctx, method, false, box, false) : box;
      }
      case 'awaiting':
        return html`${this.screenFailed === s.method
          ? this.#renderScreenFailed(s.method)
          : s.method === 'PIX'
            ? this.#renderPix(s.ctx, s.payment)
            : this.#renderBoleto(s.payment)}${this.#renderChangeMethod(s.ctx)}`;
      case 'card-processing':
        return html`${this.#renderMessage('info', t('card.processing'), this.trouble ? t('status.trouble') : '', undefined, true, undefined, true)}`;
      case 'paid':
        return o!.paidView(t, this.#locale, s, (heading, body) => this.#renderMessage('success', heading, body, undefined, true, undefined, true));
      case 'unverified':
        return this.#renderUnverified(s);
      case 'expired':
        return html`<bynet-status-message
          data-step
          quiet
          kind="info"
          exportparts="status, error, retry-button"
          .heading=${t('expired.title')}
          .message=${t('expired.body')}
          .actionLabel=${t('expired.renew')}
          @status-action=${this.#handleRenew}
        ></bynet-status-message>${this.#renderChangeMethod(s.ctx)}`;
      default:
        return assertNever(s);
    }
  }

  /** A card refusal in our words (see screens/outcome.ts); without the outcome chunk, the generic advice. */
  #refusalText(o: Outcome | undefined, refusal: Payment['refusal'], reason: string | undefined): string {
    return o ? o.refusalText(this.#t, this.#locale, refusal, reason) : this.#t('card.refused.generic');
  }

  /** An outcome whose chunk is still on its way (a placeholder), or could not be fetched (a retry). */
  #renderOutcomePending(): TemplateResult {
    if (!this.outcomeFailed) return this.#renderSkeleton(['title', 'line', 'line']);
    return this.#renderChunkFailed(() => {
      this.outcomeFailed = false;
      this.#fetchOutcome();
    });
  }

  /** "Choose another payment method", when there is another method to choose. */
  #renderChangeMethod(ctx: FlowContext): TemplateResult | typeof nothing {
    if (ctx.config.checkout.methods.length < 2) return nothing;
    return html`<button type="button" class="button secondary" part="change-method-button" @click=${this.#handleChangeMethod}>
      ${this.#t('failed.otherMethod')}
    </button>`;
  }

  /** A payment that may exist cannot be read: check again, or (warned) start a new payment. */
  #renderUnverified(s: UnverifiedState): TemplateResult {
    const t = this.#t;
    const boleto = s.payment?.method === 'BOLETO' && s.payment.boleto ? s.payment : undefined;
    return html`<bynet-status-message data-step quiet kind="info" exportparts="status, error, retry-button" .heading=${t('unverified.title')}
        .message=${t('unverified.body', { orderId: s.ctx.orderId })} .actionLabel=${t(s.checking ? 'unverified.checking' : 'unverified.recheck')}
        @status-action=${this.#handleRecheck}></bynet-status-message>${boleto ? this.#renderBoleto(boleto) : nothing}
      <p class="muted" id="new-payment-warning">${t('unverified.newPaymentWarning')}</p>
      <button type="button" class="button secondary" part="new-payment-button" aria-describedby="new-payment-warning" ?disabled=${!!s.checking}
        @click=${this.#handleStartOver}>${t('unverified.newPayment')}</button>`;
  }

  #renderMessage(
    kind: 'error' | 'info' | 'success',
    heading: string | undefined,
    message: string,
    actionLabel?: string,
    step = false,
    detail?: string,
    quiet = false,
  ): TemplateResult {
    return html`<bynet-status-message
      ?data-step=${step}
      ?quiet=${quiet}
      .kind=${kind}
      exportparts="status, error, retry-button, status-detail"
      .heading=${heading}
      .message=${message}
      .detail=${detail}
      .actionLabel=${actionLabel}
      @status-action=${this.#handleRetry}
    ></bynet-status-message>`;
  }

  /**
   * The method list, the buyer's details and the pay button. `busy` disables the inputs; `working`
   * (default: `busy`) also marks the button as processing — false while an error box waits for
   * the buyer to retry, so the disabled button does not claim work is under way.
   */
  #renderForm(
    ctx: FlowContext,
    method: PaymentMethod | undefined,
    busy: boolean,
    message: unknown,
    working = busy,
  ): TemplateResult {
    const t = this.#t;
    const c = ctx.config.checkout;
    const maxInstallments = Math.max(1, ...this.#plans(c).map((i) => i.count));
    // The pay button says what the gateway will charge: for a card, the chosen plan's total.
    const plan = this.#cardPlan(this.flow, c);
    const amount = formatMoney(plan?.total ?? c.amount * this.#units(c), this.#locale);
    const label = plan && plan.count > 1 ? t('pay.CREDIT_CARD.installments', { amount, count: plan.count }) : method ? t(`pay.${method}`, { amount }) : '';
    const locked = this.#cardLocked;
    const card = method === 'CREDIT_CARD';
    return html`<bynet-method-list
        exportparts="method-list, method, method-hint, hint, brand-mark"
        .methods=${c.methods}
        .selected=${method}
        .t=${t}
        .maxInstallments=${maxInstallments}
        .notes=${locked ? { CREDIT_CARD: t('card.locked.hint') } : NO_NOTES}
        .disabled=${busy}
        @method-change=${this.#handleMethodChange}
        @pointerover=${this.#handleMethodHint}
        @focusin=${this.#handleMethodHint}
      ></bynet-method-list>
      ${method
        ? html`<bynet-customer-fields
              exportparts="customer-fields, field, field-error, input, label, hint"
              .t=${t}
              .requireAddress=${c.addressRequiredFor.includes(method)}
              .value=${this.#prefill ?? this.customer ?? EMPTY_PREFILL}
              .lookupCep=${this.#lookupCep}
              .disabled=${busy}
            ></bynet-customer-fields>
            ${card ? (locked ? this.#renderMessage('error', undefined, t('card.locked')) : this.#renderCardForm(ctx, busy)) : nothing} ${message}
            <button
              type="button"
              class="button pay"
              part="pay-button"
              ?disabled=${busy || this.submitLocked || (card && (locked || !this.cardFormReady))}
              aria-busy=${working ? 'true' : 'false'}
              @click=${this.#handlePay}
            >
              ${working ? t('pay.working') : label}
            </button>
            ${card && !busy ? this.#renderChangeMethod(ctx) : nothing}`
        : message}`;
  }

  #renderCardForm(ctx: FlowContext, busy: boolean): TemplateResult {
    const t = this.#t;
    if (this.cardFormFailed) {
      return html`<bynet-status-message
        kind="error"
        exportparts="status, error, retry-button"
        .message=${t('error.network')}
        .actionLabel=${t('error.retry')}
        @status-action=${(e: Event) => {
          e.stopPropagation();
          void this.#loadCardForm();
        }}
      ></bynet-status-message>`;
    }
    if (!this.cardFormReady) return this.#renderSkeleton(['field', 'field', 'half', 'half', 'field']);
    return html`<bynet-card-form
      exportparts="card-form, field, field-error, installments, card-brand, input, label, hint, brand-mark"
      .t=${t}
      .prefill=${this.#cardHolder}
      .locale=${this.#locale}
      .amount=${ctx.config.checkout.amount * this.#units(ctx.config.checkout)}
      .installments=${this.#plans(ctx.config.checkout)}
      .disabled=${busy}
      @card-submit=${this.#handlePay}
      @installments-change=${this.#handleInstallments}
    ></bynet-card-form>`;
  }

  /**
   * A slow load's placeholder: grey blocks in the shape of what comes (still, under
   * `prefers-reduced-motion`), and the loading text for assistive technology.
   */
  #renderSkeleton(blocks: readonly ('title' | 'line' | 'option' | 'button' | 'field' | 'half')[]): TemplateResult {
    return html`<div class="skeleton" part="status skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">${this.#t('checkout.loading')}</span>
      ${blocks.map((b) => html`<div class="sk sk-${b}" aria-hidden="true"></div>`)}
    </div>`;
  }

  /** The PIX/boleto screen's chunk could not be fetched: say so, offer to fetch it again. */
  #renderScreenFailed(method: PaymentMethod): TemplateResult {
    return this.#renderChunkFailed(() => {
      this.screenFailed = undefined;
      this.#prefetchScreen(method);
    });
  }

  /** A lazy chunk could not be fetched: a network error with a retry that runs `retry`. */
  #renderChunkFailed(retry: () => void): TemplateResult {
    return html`<bynet-status-message
      data-step
      kind="error"
      exportparts="status, error, retry-button"
      .message=${this.#t('error.network')}
      .actionLabel=${this.#t('error.retry')}
      @status-action=${(e: Event) => {
        e.stopPropagation();
        retry();
      }}
    ></bynet-status-message>`;
  }

  #renderPix(ctx: FlowContext, payment: Payment): TemplateResult {
    return html`<bynet-pix-payment
      data-step
      exportparts="pix, qr-code, pix-code, copy-button, countdown, error"
      .payment=${payment}
      .t=${this.#t}
      .locale=${this.#locale}
      .clockOffsetMs=${ctx.clockOffsetMs}
      .notice=${this.trouble ? this.#t('status.trouble') : undefined}
      @pix-expired=${this.#handleCountdownEnd}
      @pix-invalid=${this.#handleInvalidCode}
    ></bynet-pix-payment>`;
  }

  #renderBoleto(payment: Payment): TemplateResult {
    return html`<bynet-boleto-payment
        data-step
        exportparts="boleto, barcode, digitable-line, copy-button, boleto-pdf, error"
        .payment=${payment}
        .t=${this.#t}
        .locale=${this.#locale}
        @boleto-invalid=${this.#handleInvalidCode}
      ></bynet-boleto-payment>
      ${this.trouble ? this.#renderMessage('info', undefined, this.#t('status.trouble')) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-checkout': BynetCheckout;
  }
}
