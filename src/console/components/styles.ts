import { css } from 'lit';

/**
 * The console's styles. Each console element is a root: it resolves the public `--bynet-*` tokens
 * (the same ones the checkout widget reads) into the private `--_bynet-*` ones, light and dark.
 */
export const consoleTokens = css`
  :host {
    --_bynet-primary: var(--bynet-color-primary, #0b63ce);
    --_bynet-on-primary: var(--bynet-color-on-primary, #fff);
    --_bynet-text: var(--bynet-color-text, #1f2328);
    --_bynet-muted: var(--bynet-color-muted, #59636e);
    --_bynet-surface: var(--bynet-color-surface, #fff);
    --_bynet-border: var(--bynet-color-border, #d1d9e0);
    --_bynet-danger: var(--bynet-color-danger, #b42318);
    --_bynet-success: var(--bynet-color-success, #1a7f37);
    --_bynet-warning: var(--bynet-color-warning, #8a5300);
    --_bynet-font: var(--bynet-font-family, system-ui, sans-serif);
    --_bynet-radius: var(--bynet-radius, 8px);
    --_bynet-space: var(--bynet-space, 16px);
    background: var(--_bynet-surface);
  }
  :host([theme='dark']) {
    --_bynet-primary: var(--bynet-color-primary, #4493f8);
    --_bynet-on-primary: var(--bynet-color-on-primary, #0d1117);
    --_bynet-text: var(--bynet-color-text, #e6edf3);
    --_bynet-muted: var(--bynet-color-muted, #9198a1);
    --_bynet-surface: var(--bynet-color-surface, #0d1117);
    --_bynet-border: var(--bynet-color-border, #3d444d);
    --_bynet-danger: var(--bynet-color-danger, #ff7b72);
    --_bynet-success: var(--bynet-color-success, #3fb950);
    --_bynet-warning: var(--bynet-color-warning, #d29922);
  }
`;

export const consoleStyles = css`
  h2 {
    margin: 0 0 var(--_bynet-space);
  }
  h3 {
    margin: var(--_bynet-space) 0 calc(var(--_bynet-space) * 0.5);
    font-size: 1rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_bynet-space) * 0.5);
    margin: calc(var(--_bynet-space) * 0.75) 0;
  }
  .filters {
    display: grid;
    gap: calc(var(--_bynet-space) * 0.75);
    padding: var(--_bynet-space);
    border: 1px solid var(--_bynet-border);
    border-radius: var(--_bynet-radius);
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
    gap: calc(var(--_bynet-space) * 0.75);
  }
  label.field {
    display: grid;
    gap: 0.25em;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .hint {
    font-weight: 400;
    font-size: 0.8125rem;
    color: var(--_bynet-muted);
  }
  input[type='text'],
  input[type='search'],
  input[type='email'],
  input[type='tel'],
  select {
    min-height: 40px;
    padding: 0.375em 0.625em;
    border: 1px solid var(--_bynet-border);
    border-radius: calc(var(--_bynet-radius) * 0.75);
    background: var(--_bynet-surface);
    color: var(--_bynet-text);
    font: inherit;
    font-weight: 400;
  }
  input:focus-visible,
  select:focus-visible,
  a:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_bynet-primary);
    outline-offset: 2px;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375em;
  }
  .chip-toggle {
    position: relative;
    display: inline-flex;
  }
  .chip-toggle input {
    position: absolute;
    inset: 0;
    opacity: 0;
    margin: 0;
    cursor: pointer;
  }
  .chip-toggle span {
    display: inline-flex;
    align-items: center;
    min-height: 32px;
    padding: 0.25em 0.75em;
    border: 1px solid var(--_bynet-border);
    border-radius: 999px;
    font-size: 0.875rem;
  }
  .chip-toggle input:checked + span {
    border-color: var(--_bynet-primary);
    background: var(--_bynet-primary);
    color: var(--_bynet-on-primary);
  }
  .chip-toggle input:checked + span::before {
    content: '✓ ';
    white-space: pre;
  }
  .chip-toggle input:focus-visible + span {
    outline: 2px solid var(--_bynet-primary);
    outline-offset: 2px;
  }
  .chip {
    display: inline-block;
    padding: 0.0625em 0.625em;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .chip.ok {
    color: var(--_bynet-success);
  }
  .chip.bad {
    color: var(--_bynet-danger);
  }
  .chip.wait {
    color: var(--_bynet-warning);
  }
  .chip.neutral {
    color: var(--_bynet-muted);
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9375rem;
  }
  th,
  td {
    padding: 0.5em 0.625em;
    border-bottom: 1px solid var(--_bynet-border);
    text-align: start;
    vertical-align: top;
  }
  th {
    font-size: 0.8125rem;
    color: var(--_bynet-muted);
  }
  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  tbody tr.clickable {
    cursor: pointer;
  }
  tbody tr.clickable:hover {
    background: color-mix(in srgb, var(--_bynet-primary) 6%, transparent);
  }
  .link-button {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_bynet-primary);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  .pager {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_bynet-space) * 0.5);
    margin-top: calc(var(--_bynet-space) * 0.75);
  }
  .button.small {
    min-height: 36px;
    padding: 0.25em 0.875em;
  }
  a.button {
    text-decoration: none;
  }
  dl.facts {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    gap: 0.25em var(--_bynet-space);
    margin: 0;
  }
  dl.facts dt {
    color: var(--_bynet-muted);
  }
  dl.facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  section.block {
    margin-top: var(--_bynet-space);
  }
  ol.timeline {
    margin: 0;
    padding: 0;
    list-style: none;
    border-inline-start: 2px solid var(--_bynet-border);
  }
  ol.timeline li {
    position: relative;
    padding: 0 0 0.5em 1em;
  }
  ol.timeline li::before {
    content: '';
    position: absolute;
    inset-inline-start: -6px;
    top: 0.45em;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_bynet-primary);
  }
  .state {
    padding: var(--_bynet-space) 0;
  }
`;
