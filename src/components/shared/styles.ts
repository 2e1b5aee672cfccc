import { css } from 'lit';

/**
 * Styles every leaf component starts from. Components read only the private `--_bynet-*` tokens
 * (resolved from the public `--bynet-*` ones by the root), always with a fallback, so a leaf
 * element also looks right on its own.
 */
export const sharedStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: var(--_bynet-text, #1f2328);
    font-family: var(--_bynet-font, system-ui, sans-serif);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2 {
    margin: 0 0 calc(var(--_bynet-space, 16px) * 0.5);
    font-size: 1.25rem;
    line-height: 1.3;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 2px solid var(--_bynet-primary, #0b63ce);
    outline-offset: 2px;
  }
  p {
    margin: 0 0 calc(var(--_bynet-space, 16px) * 0.5);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--_bynet-muted, #59636e);
  }
  fieldset {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-bottom: calc(var(--_bynet-space, 16px) * 0.5);
    font-weight: 600;
  }
  .alert {
    padding: 0.75em;
    border: 1px solid var(--_bynet-danger, #b42318);
    border-radius: var(--_bynet-radius, 8px);
    color: var(--_bynet-danger, #b42318);
  }
`;

/** Buttons shared by the copy and retry actions. */
export const buttonStyles = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: 44px;
    padding: 0.5em 1.25em;
    border: 1px solid var(--_bynet-primary, #0b63ce);
    border-radius: var(--_bynet-radius, 8px);
    background: var(--_bynet-primary, #0b63ce);
    color: var(--_bynet-on-primary, #fff);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .button.secondary {
    background: var(--_bynet-surface, #fff);
    color: var(--_bynet-primary, #0b63ce);
  }
  .button:hover {
    filter: brightness(0.95);
  }
  .button:focus-visible {
    outline: 2px solid var(--_bynet-primary, #0b63ce);
    outline-offset: 2px;
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
`;

/** A read-only code box (PIX copy-and-paste code, boleto digitable line). */
export const codeBoxStyles = css`
  .code {
    display: block;
    width: 100%;
    margin: 0;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_bynet-border, #d1d9e0);
    border-radius: var(--_bynet-radius, 8px);
    background: var(--_bynet-surface, #fff);
    color: var(--_bynet-text, #1f2328);
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875rem;
    line-height: 1.4;
    resize: none;
    overflow-wrap: anywhere;
    word-break: break-all;
  }
  .code:focus-visible {
    outline: 2px solid var(--_bynet-primary, #0b63ce);
    outline-offset: 1px;
  }
  .copy-status {
    min-height: 1.5em;
    margin: 0.25em 0 0;
    font-size: 0.875rem;
  }
  .copy-status.ok {
    color: var(--_bynet-success, #1a7f37);
  }
  .copy-status.failed {
    color: var(--_bynet-danger, #b42318);
  }
`;
