import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createTranslator } from '../../checkout/i18n.js';
import type { Translate } from '../../checkout/i18n.js';
import { sharedStyles } from '../shared/styles.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats whole seconds as `mm:ss`, or `h:mm:ss` from one hour up. */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}

/**
 * @summary Time left until a deadline, as `mm:ss` (`h:mm:ss` above an hour), in a `role="timer"`.
 *
 * Ticks once a second, aligned to the deadline, while connected. The deadline is on the client's
 * clock: the caller has already corrected for server/client clock skew.
 *
 * @fires countdown-end - Internal (bubbles, not composed): the time ran out. Fired once per deadline.
 * @fires countdown-urgent - Internal (bubbles, not composed): `urgentSeconds` or less are left. Fired once per deadline.
 *
 * @csspart countdown - The timer text. The host has the `urgent` attribute in the last `urgentSeconds`.
 *
 * @cssproperty --_bynet-text - Text colour (default #1f2328).
 * @cssproperty --_bynet-font - Font family (default system-ui, sans-serif).
 */
export class BynetCountdown extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-block;
      }
      [part~='countdown'] {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
    `,
  ];

  private timer?: ReturnType<typeof setTimeout>;
  private ended = false;
  private urgentFired = false;

  /** Seconds left, as last displayed. */
  @state() private remaining = 0;

  /** Deadline, epoch milliseconds on the client clock. */
  @property({ type: Number, attribute: 'expires-at' }) expiresAt = Number.NaN;

  /** Translator for the accessible label. */
  @property({ attribute: false }) t: Translate = createTranslator('pt-BR');

  /** From how many seconds left the time is urgent (reflected as the `urgent` attribute). */
  @property({ type: Number, attribute: 'urgent-seconds' }) urgentSeconds = 60;

  /** Whether the time left is within `urgentSeconds` (and not over). */
  @property({ type: Boolean, reflect: true }) urgent = false;

  /** Clock, injectable for tests. */
  @property({ attribute: false }) now: () => number = Date.now;

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('expiresAt')) {
      this.ended = false;
      this.urgentFired = false;
      if (this.isConnected) this.tick();
    }
    this.urgent = Number.isFinite(this.expiresAt) && this.remaining > 0 && this.remaining <= this.urgentSeconds;
  }

  override updated(): void {
    if (this.urgent && !this.urgentFired) {
      this.urgentFired = true;
      this.dispatchEvent(new CustomEvent('countdown-urgent', { bubbles: true, composed: false }));
    }
    if (this.ended || !Number.isFinite(this.expiresAt) || this.remaining > 0) return;
    this.ended = true;
    this.dispatchEvent(new CustomEvent('countdown-end', { bubbles: true, composed: false }));
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Recomputes the seconds left and schedules the next tick for the moment the display changes. */
  private tick = (): void => {
    this.stop();
    if (!Number.isFinite(this.expiresAt)) return;
    const msLeft = this.expiresAt - this.now();
    this.remaining = msLeft > 0 ? Math.ceil(msLeft / 1000) : 0;
    if (msLeft <= 0) return;
    const untilNextSecond = msLeft % 1000 || 1000;
    this.timer = setTimeout(this.tick, untilNextSecond);
  };

  override render() {
    if (!Number.isFinite(this.expiresAt)) return nothing;
    const time = formatCountdown(this.remaining);
    return html`<span part="countdown" role="timer" aria-label=${this.t('countdown.label', { time })}>${time}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-countdown': BynetCountdown;
  }
}
