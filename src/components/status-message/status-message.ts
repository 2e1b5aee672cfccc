import { LitElement, css, html, svg, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { sharedStyles, buttonStyles } from '../shared/styles.js';

export type StatusKind = 'error' | 'info' | 'success';

const ICONS: Record<StatusKind, ReturnType<typeof svg>> = {
  success: svg`<circle cx="12" cy="12" r="11"></circle><path d="M6.5 12.5l3.5 3.5 7.5-8"></path>`,
  error: svg`<circle cx="12" cy="12" r="11"></circle><path d="M12 6.5v7M12 16.5v1"></path>`,
  info: svg`<circle cx="12" cy="12" r="11"></circle><path d="M12 10.5v7M12 6.5v1"></path>`,
};

/**
 * @summary A short outcome or problem message (paid, expired, failed, network error) with an optional action.
 *
 * Errors use `role="alert"`; info and success use `role="status"`; `quiet` drops the role when the
 * host announces the message itself (one live region per message). All text renders as text.
 *
 * @fires status-action - Internal (bubbles, not composed): the action button was pressed.
 *
 * @csspart error - The wrapper when `kind` is `error`.
 * @csspart status - The wrapper when `kind` is `info` or `success`.
 * @csspart status-icon - The decorative icon.
 * @csspart status-heading - The heading.
 * @csspart status-body - The message text.
 * @csspart retry-button - The action button.
 * @csspart status-detail - Small print under the message (e.g. the code to quote to the store).
 *
 * @cssproperty --_bynet-danger - Error border and icon (default #b42318).
 * @cssproperty --_bynet-success - Success icon (default #1a7f37).
 * @cssproperty --_bynet-primary - Info icon and the button (default #0b63ce).
 * @cssproperty --_bynet-on-primary - Button text (default #fff).
 * @cssproperty --_bynet-surface - Background (default #fff).
 * @cssproperty --_bynet-radius - Corner radius (default 8px).
 */
export class BynetStatusMessage extends LitElement {
  static override properties = {
    kind: { reflect: true },
    heading: {},
    message: {},
    quiet: { type: Boolean },
    detail: {},
    actionLabel: { attribute: 'action-label' },
  };

  static override styles = [
    sharedStyles,
    buttonStyles,
    css`
      .base {
        display: grid;
        grid-template-columns: auto 1fr;
        column-gap: 0.75em;
        align-items: start;
        padding: var(--_bynet-space, 16px);
        border: 1px solid var(--_bynet-border, #d1d9e0);
        border-radius: var(--_bynet-radius, 8px);
        background: var(--_bynet-surface, #fff);
      }
      .content {
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .icon {
        width: 1.75em;
        height: 1.75em;
        fill: none;
        stroke: currentColor;
        stroke-width: 2;
        stroke-linecap: round;
        stroke-linejoin: round;
      }
      .error {
        border-color: var(--_bynet-danger, #b42318);
      }
      .error .icon {
        color: var(--_bynet-danger, #b42318);
      }
      .success .icon {
        color: var(--_bynet-success, #1a7f37);
      }
      .info .icon {
        color: var(--_bynet-primary, #0b63ce);
      }
      .content > :last-child {
        margin-bottom: 0;
      }
      .button {
        margin-top: calc(var(--_bynet-space, 16px) * 0.5);
      }
      .detail {
        font-size: 0.8125rem;
        color: var(--_bynet-muted, #59636e);
      }
    `,
  ];

  /** What the message is about; decides the role, the part name and the colour. */
  kind: StatusKind = 'info';

  /** Optional heading (an `<h2 tabindex="-1">` the root can focus). */
  heading?: string | undefined;

  /** The message text. */
  message = '';

  /** No live-region role: the host announces this message through its own live region. */
  quiet = false;

  /** Small print under the message, e.g. a stable error code the buyer can quote. */
  detail?: string | undefined;

  /** Label of the action button; no button without it. */
  actionLabel?: string | undefined;

  /** Moves focus to the heading, or to the action when there is no heading. */
  override focus(options?: FocusOptions): void {
    const target = this.renderRoot.querySelector<HTMLElement>('h2, button');
    if (target) target.focus(options);
    else super.focus(options);
  }

  #handleAction(): void {
    this.dispatchEvent(new CustomEvent('status-action', { bubbles: true, composed: false }));
  }

  override render() {
    const kind: StatusKind = this.kind === 'error' || this.kind === 'success' ? this.kind : 'info';
    const isError = kind === 'error';
    return html`<div class="base ${kind}" part=${isError ? 'error' : 'status'} role=${ifDefined(this.quiet ? undefined : isError ? 'alert' : 'status')}>
      <svg class="icon" part="status-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${ICONS[kind]}</svg>
      <div class="content">
        ${this.heading ? html`<h2 tabindex="-1" part="status-heading">${this.heading}</h2>` : nothing}
        ${this.message ? html`<p part="status-body">${this.message}</p>` : nothing}
        ${this.detail ? html`<p class="detail" part="status-detail">${this.detail}</p>` : nothing}
        ${this.actionLabel
          ? html`<button type="button" class="button" part="retry-button" @click=${this.#handleAction}>
              ${this.actionLabel}
            </button>`
          : nothing}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-status-message': BynetStatusMessage;
  }
}
