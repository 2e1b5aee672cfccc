import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { createTranslator } from '../../checkout/i18n.js';
import type { Translate } from '../../checkout/i18n.js';
import { sharedStyles } from '../shared/styles.js';

/** Formats whole seconds as `mm:ss`, or `h:mm:ss` from one hour up. */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  return (h ? `${h}:` : '') + new Date(s * 1000).toISOString().slice(14, 19);
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
  static override properties = {
    remaining: { state: true, attribute: false },
    expiresAt: { type: Number, attribute: 'expires-at' },
    t: { attribute: false },
    urgentSeconds: { type: Number, attribute: 'urgent-seconds' },
    urgent: { type: Boolean, reflect: true },
  };

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

  #timer?: ReturnType<typeof setTimeout>;
  #ended = false;
  #urgentFired = false;

  /** Seconds left, as last displayed. */
  private remaining = 0;

  /** Deadline, epoch milliseconds on the client clock. */
  expiresAt = Number.NaN;

  /** Translator for the accessible label. */
  t: Translate = createTranslator('pt-BR');

  /** From how many seconds left the time is urgent (reflected as the `urgent` attribute). */
  urgentSeconds = 60;

  /** Whether the time left is within `urgentSeconds` (and not over). */
  urgent = false;

  /** Clock, injectable for tests (read at each tick). */
  now: () => number = Date.now;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('expiresAt')) {
      this.#ended = this.#urgentFired = false;
      if (this.isConnected) this.#tick();
    }
    this.urgent = this.remaining > 0 && this.remaining <= this.urgentSeconds;
  }

  override updated(): void {
    if (this.urgent && !this.#urgentFired) {
      this.#urgentFired = true;
      this.dispatchEvent(new CustomEvent('countdown-urgent', { bubbles: true }));
    }
    if (!this.#ended && !this.remaining && isFinite(this.expiresAt)) {
      this.#ended = true;
      this.dispatchEvent(new CustomEvent('countdown-end', { bubbles: true }));
    }
  }

  /** Recomputes the seconds left and schedules the next tick for the moment the display changes. */
  #tick = (): void => {
    clearTimeout(this.#timer);
    const msLeft = this.expiresAt - this.now();
    this.remaining = msLeft > 0 ? Math.ceil(msLeft / 1000) : 0;
    if (msLeft > 0) this.#timer = setTimeout(this.#tick, msLeft % 1000 || 1000);
  };

  override render() {
    if (!isFinite(this.expiresAt)) return nothing;
    const time = formatCountdown(this.remaining);
    return html`<span part="countdown" role="timer" aria-label=${this.t('countdown.label', { time })}>${time}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-countdown': BynetCountdown;
  }
}
