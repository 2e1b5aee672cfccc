/**
 * The payment-status engine. One instance follows one payment at a time:
 *
 * - **Schedule** (`profile: 'fast'`, PIX and card): a check every `fastIntervalMs` (2 s) during the
 *   first `fastPhaseMs` (60 s); then the interval grows by `backoffFactor` (x1.5) per check, capped
 *   at a value drawn for each check between `capMinMs` and `capMaxMs` (jitter, so many widgets do
 *   not line up). `profile: 'slow'` (boleto): first check after `slowFirstDelayMs`, then every
 *   `slowIntervalMs`.
 * - **Single flight**: the next check is scheduled only after the previous one settled; each has a
 *   `requestTimeoutMs` timeout through its AbortSignal.
 * - **Visibility**: no checks while `document.hidden`; a check at once when the page comes back
 *   (`visibilitychange`, `focus`, `pageshow`, `online`), unless one is in flight or the last began
 *   less than `minGapMs` ago.
 * - **Stop** at a final status, or at `expiresAt`: one last check at expiry, then `onExpired()` if
 *   the payment is still open.
 * - **Errors** are transient: checking continues with a growing, jittered delay. When the checks
 *   have failed or gone unanswered for `troubleAfterMs` (20 s, counted from the sending of the first
 *   check that did not answer), `onTrouble(true)`, even while a check still hangs; cleared
 *   (`onTrouble(false)`) on the next success. A `retryAfterMs` on the error (429) is waited out. `onError` sees every failed check
 *   (e.g. so the host can tell "the helper no longer knows this payment" from a network blip).
 * - **Push**: with `subscribe` and `start(..., { stream: true })` the status stream is opened; while
 *   it delivers, polling slows to a `safetyNetMs` safety net; when it ends or fails, polling resumes
 *   its normal schedule (and the stream is reopened a few times with backoff).
 *
 * Timers are plain `setTimeout`, and the clock and randomness are injectable, so fake timers drive it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isFinalStatus } from '../contract/lean-values.js';
import type { Payment, PaymentStatus } from '../contract/payment.js';

export interface PaymentStatusOptions {
  /** Fetches the current payment; must honour `signal`. */
  check: (paymentId: string, signal: AbortSignal) => Promise<Payment>;
  /** Every payment received (polled or pushed) for the followed id. */
  onPayment: (payment: Payment) => void;
  /** Called once when the expiry passed and the last check still found the payment open. */
  onExpired?: () => void;
  /** `true` once checks have failed or gone unanswered for `troubleAfterMs`, `false` on the next success. */
  onTrouble?: (trouble: boolean) => void;
  /** Every failed check, with the consecutive failure count (the last check's error). */
  onError?: (error: unknown, failures: number) => void;
  /** Opens the push stream; resolves when it closes, rejects when it fails. */
  subscribe?: (paymentId: string, onPayment: (payment: Payment) => void, signal: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  fastIntervalMs?: number;
  fastPhaseMs?: number;
  backoffFactor?: number;
  capMinMs?: number;
  capMaxMs?: number;
  requestTimeoutMs?: number;
  minGapMs?: number;
  /** Consecutive failed checks after the expiry that end the following (as if it expired). */
  troubleAfter?: number;
  /** How long checks may fail or go unanswered before `onTrouble(true)`, ms. */
  troubleAfterMs?: number;
  slowFirstDelayMs?: number;
  slowIntervalMs?: number;
  safetyNetMs?: number;
  streamRetries?: number;
}

export interface StatusStartOptions {
  /** Expiry on the CLIENT clock (epoch ms), already corrected for skew. */
  expiresAt?: number;
  profile?: 'fast' | 'slow';
  /** Use the push stream when `subscribe` was given. */
  stream?: boolean;
  /** The status already known (shown to the buyer). */
  status?: PaymentStatus;
}

/**
 * Defaults. With a 60 s fast phase (30 checks) the 15-minute budget of 60 checks leaves 30 for the
 * remaining 14 minutes, so the jittered cap sits at 35-45 s; a cap of 20-30 s would make ~67.
 */
export const STATUS_DEFAULTS = {
  fastIntervalMs: 2_000,
  fastPhaseMs: 60_000,
  // After the first minute the interval jumps to a jittered 28-30 s (x15 from 2 s hits the cap at
  // once): 30 checks in the first minute + at most 30 over the next 14 keeps a 15-minute PIX within
  // 60 requests. A smaller factor ramps up gradually, at the cost of more requests.
  backoffFactor: 15,
  capMinMs: 28_000,
  capMaxMs: 30_000,
  requestTimeoutMs: 10_000,
  minGapMs: 1_000,
  troubleAfter: 3,
  // Long enough for a blip (a few failed checks) to pass unseen, short enough that a buyer who paid
  // is told within half a minute that the confirmation is late, and what to do.
  troubleAfterMs: 20_000,
  slowFirstDelayMs: 60_000,
  slowIntervalMs: 300_000,
  safetyNetMs: 30_000,
  streamRetries: 3,
} as const;

type Optional = 'subscribe' | 'onExpired' | 'onTrouble' | 'onError';
type Settings = Required<Omit<PaymentStatusOptions, Optional>> & Pick<PaymentStatusOptions, Optional>;

export class PaymentStatusController implements ReactiveController {
  /** The followed payment id, while following one. */
  paymentId?: string;
  /** Last known status (`EXPIRED` once the expiry was reported). */
  status?: PaymentStatus;
  /** True once checking ended (final status or expiry); `start()` again to follow another payment. */
  done = false;
  /** Consecutive failed checks. */
  failures = 0;
  /** Whether the push stream is currently delivering. */
  streaming = false;

  readonly #o: Settings;
  #startedAt = 0;
  #expiresAt?: number;
  #profile: 'fast' | 'slow' = 'fast';
  #interval = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #inFlight?: AbortController;
  #lastCheckAt = -Infinity;
  #waitingForVisible = false;
  #listening = false;
  #connected = true;
  #wantStream = false;
  #stream?: AbortController;
  #streamTimer?: ReturnType<typeof setTimeout>;
  #streamFailures = 0;
  #trouble = false;
  /** Armed when a check is sent with no failing streak under way; fires `onTrouble(true)`. */
  #troubleTimer?: ReturnType<typeof setTimeout>;
  #generation = 0;

  constructor(host: ReactiveControllerHost | undefined, options: PaymentStatusOptions) {
    this.#o = {
      ...STATUS_DEFAULTS,
      now: () => Date.now(),
      random: Math.random,
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as PaymentStatusOptions),
    } as Settings;
    host?.addController(this);
  }

  /** Follows `paymentId` (stopping whatever was followed before). */
  start(paymentId: string, options: StatusStartOptions = {}): void {
    this.stop();
    this.#generation++;
    this.paymentId = paymentId;
    this.status = options.status;
    this.done = false;
    this.failures = 0;
    this.#streamFailures = 0;
    this.#setTrouble(false);
    this.#profile = options.profile ?? 'fast';
    this.#expiresAt = options.expiresAt;
    this.#startedAt = this.#o.now();
    this.#lastCheckAt = -Infinity;
    this.#interval = this.#o.fastIntervalMs;
    this.#wantStream = !!options.stream && !!this.#o.subscribe;
    if (this.status && isFinalStatus(this.status)) {
      this.done = true;
      return;
    }
    this.#resume();
  }

  /** Stops following: clears timers, aborts the request and the stream, removes listeners. */
  stop(): void {
    this.#pause();
    this.paymentId = undefined;
  }

  /** Checks now (e.g. the countdown ended), unless a check is running or just ran. */
  checkNow(): void {
    this.#tryImmediate();
  }

  hostConnected(): void {
    this.#connected = true;
    if (this.paymentId && !this.done && !this.#timer && !this.#inFlight) this.#resume();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#pause();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────
  get #active(): boolean {
    return this.paymentId !== undefined && !this.done && this.#connected;
  }

  #resume(): void {
    if (!this.#active) return;
    this.#listen(true);
    if (this.#wantStream) this.#openStream();
    const now = this.#o.now();
    if (this.#expiresAt !== undefined && this.#expiresAt <= now) return this.#schedule(0);
    const first = this.#profile === 'slow' ? this.#o.slowFirstDelayMs : this.#o.fastIntervalMs;
    // After a pause (disconnect), do not wait a whole interval again if one already passed.
    const since = now - this.#lastCheckAt;
    this.#schedule(Number.isFinite(since) ? Math.max(0, this.#nextDelay() - since) : first);
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #pause(): void {
    this.#generation++;
    this.#disarmTrouble();
    this.#clearTimer();
    this.#inFlight?.abort();
    this.#inFlight = undefined;
    this.#closeStream();
    this.#listen(false);
    this.#waitingForVisible = false;
  }

  #listen(on: boolean): void {
    const w = (globalThis as { window?: Window }).window;
    if (on === this.#listening || !w) return;
    this.#listening = on;
    const m = on ? 'addEventListener' : 'removeEventListener';
    w.document[m]('visibilitychange', this.#onReturn);
    for (const type of ['focus', 'pageshow', 'online']) w[m](type, this.#onReturn);
  }

  readonly #onReturn = (): void => {
    if (!this.#hidden()) this.#tryImmediate();
  };

  #hidden(): boolean {
    return !!(globalThis as { document?: Document }).document?.hidden;
  }

  #tryImmediate(): void {
    if (!this.#active || this.#inFlight) return;
    if (this.#hidden()) {
      this.#waitingForVisible = true;
      this.#clearTimer();
      return;
    }
    const wait = this.#lastCheckAt + this.#o.minGapMs - this.#o.now();
    if (wait > 0) {
      // Too soon after the last check: make sure the next one is no later than the gap allows.
      if (this.#waitingForVisible || !this.#timer) this.#schedule(wait);
      return;
    }
    void this.#run();
  }

  /** The delay after a successful check, per profile / phase / stream health. */
  #nextDelay(): number {
    const o = this.#o;
    if (this.#profile === 'slow') return o.slowIntervalMs;
    if (this.streaming) return o.safetyNetMs;
    const elapsed = this.#o.now() - this.#startedAt;
    if (elapsed < o.fastPhaseMs) return o.fastIntervalMs;
    const cap = o.capMinMs + o.random() * (o.capMaxMs - o.capMinMs);
    return Math.round(Math.min(this.#interval * o.backoffFactor, cap));
  }

  #schedule(delay: number): void {
    this.#clearTimer();
    if (!this.#active) return;
    let ms = Math.max(0, delay);
    const left = this.#expiresAt === undefined ? Infinity : this.#expiresAt - this.#o.now();
    if (left > 0) ms = Math.min(ms, left);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#hidden()) {
        this.#waitingForVisible = true;
        return;
      }
      void this.#run();
    }, ms);
  }

  async #run(): Promise<void> {
    if (!this.#active || this.#inFlight) return;
    const id = this.paymentId!;
    const gen = this.#generation;
    this.#clearTimer();
    this.#waitingForVisible = false;
    this.#lastCheckAt = this.#o.now();
    this.#armTrouble();
    const ctrl = new AbortController();
    this.#inFlight = ctrl;
    const timeout = setTimeout(() => ctrl.abort(), this.#o.requestTimeoutMs);
    let retryAfterMs: number | undefined;
    let failure: unknown;
    let ok = false;
    try {
      const payment = await this.#o.check(id, ctrl.signal);
      if (gen !== this.#generation) return;
      ok = true;
      this.#accept(payment);
    } catch (e) {
      if (gen !== this.#generation) return;
      failure = e;
      const ra = (e as { retryAfterMs?: unknown } | null)?.retryAfterMs;
      if (typeof ra === 'number' && ra > 0) retryAfterMs = ra;
    } finally {
      clearTimeout(timeout);
      if (this.#inFlight === ctrl) this.#inFlight = undefined;
    }
    if (gen !== this.#generation || this.done || !this.#active) return;
    if (ok) {
      this.failures = 0;
      this.#disarmTrouble();
      this.#setTrouble(false);
    } else {
      this.failures++;
      this.#o.onError?.(failure, this.failures);
      // The host may have stopped following (or followed another payment) in onError.
      if (gen !== this.#generation || !this.#active) return;
    }
    if (this.#expiresAt !== undefined && this.#o.now() >= this.#expiresAt && (ok || this.failures >= this.#o.troubleAfter)) {
      // The last check after expiry found the payment still open (or could not reach it at all).
      this.#finish();
      this.status = 'EXPIRED';
      this.#o.onExpired?.();
      return;
    }
    let delay = this.#nextDelay();
    if (!ok) {
      const backoff = Math.min(this.#o.capMaxMs, this.#o.fastIntervalMs * 2 ** this.failures);
      delay = Math.max(delay, Math.round(backoff * (0.5 + this.#o.random() / 2)));
      if (retryAfterMs !== undefined) delay = Math.max(delay, retryAfterMs);
    }
    if (this.#profile === 'fast' && !this.streaming && this.#o.now() - this.#startedAt >= this.#o.fastPhaseMs) {
      this.#interval = Math.min(delay, this.#o.capMaxMs);
    }
    this.#schedule(delay);
  }

  #accept(payment: Payment): void {
    if (payment.id !== this.paymentId || this.done) return;
    this.status = payment.status;
    this.#o.onPayment(payment);
    if (isFinalStatus(payment.status)) this.#finish();
  }

  #finish(): void {
    this.done = true;
    this.#pause();
    this.#setTrouble(false);
  }

  /** Starts the trouble clock at a check's sending, unless a failing streak already runs it. */
  #armTrouble(): void {
    if (this.#troubleTimer !== undefined || this.#trouble) return;
    const gen = this.#generation;
    this.#troubleTimer = setTimeout(() => {
      this.#troubleTimer = undefined;
      if (gen === this.#generation && this.#active) this.#setTrouble(true);
    }, this.#o.troubleAfterMs);
  }

  #disarmTrouble(): void {
    clearTimeout(this.#troubleTimer);
    this.#troubleTimer = undefined;
  }

  #setTrouble(v: boolean): void {
    if (v === this.#trouble) return;
    this.#trouble = v;
    this.#o.onTrouble?.(v);
  }

  // ── push stream ────────────────────────────────────────────────────────────────────────────
  #openStream(): void {
    if (!this.#o.subscribe || this.#stream || !this.#active) return;
    const id = this.paymentId!;
    const gen = this.#generation;
    const ctrl = new AbortController();
    this.#stream = ctrl;
    const onPayment = (p: Payment) => {
      if (gen !== this.#generation || ctrl.signal.aborted) return;
      if (!this.streaming) {
        this.streaming = true;
        this.#streamFailures = 0;
        // Polling becomes a safety net: push the next check out.
        if (this.#timer && !this.#inFlight) this.#schedule(this.#nextDelay());
      }
      this.#disarmTrouble();
      this.#setTrouble(false);
      this.failures = 0;
      this.#accept(p);
    };
    this.#o.subscribe(id, onPayment, ctrl.signal).then(
      () => this.#streamEnded(ctrl, gen),
      () => this.#streamEnded(ctrl, gen),
    );
  }

  #streamEnded(ctrl: AbortController, gen: number): void {
    if (this.#stream !== ctrl) return;
    this.#stream = undefined;
    const wasStreaming = this.streaming;
    this.streaming = false;
    if (gen !== this.#generation || !this.#active || ctrl.signal.aborted) return;
    // Back to the normal schedule at once.
    if (wasStreaming && !this.#inFlight) this.#schedule(Math.min(this.#o.fastIntervalMs, this.#nextDelay()));
    if (this.#streamFailures < this.#o.streamRetries) {
      const wait = this.#o.fastIntervalMs * 2 ** this.#streamFailures++;
      clearTimeout(this.#streamTimer);
      this.#streamTimer = setTimeout(() => {
        this.#streamTimer = undefined;
        if (gen === this.#generation) this.#openStream();
      }, wait);
    }
  }

  #closeStream(): void {
    clearTimeout(this.#streamTimer);
    this.#streamTimer = undefined;
    this.#stream?.abort();
    this.#stream = undefined;
    this.streaming = false;
  }
}
