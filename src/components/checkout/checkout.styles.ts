import { css } from 'lit';

/**
 * The root resolves the public `--bynet-*` tokens (merchant CSS) over the gateway layout
 * (`--_api-*`, set on `.base` through the CSSOM) over the built-in defaults, into the private
 * `--_bynet-*` tokens every inner component reads. Used after `sharedStyles` and `buttonStyles`.
 */
export const checkoutStyles = css`
  .base {
    --_bynet-primary: var(--bynet-color-primary, var(--_api-primary, #0b63ce));
    --_bynet-on-primary: var(--bynet-color-on-primary, #fff);
    --_bynet-text: var(--bynet-color-text, #1f2328);
    --_bynet-muted: var(--bynet-color-muted, #59636e);
    --_bynet-surface: var(--bynet-color-surface, #fff);
    --_bynet-border: var(--bynet-color-border, #d1d9e0);
    /* input and select borders: at least 3:1 against the surface (WCAG 1.4.11) */
    --_bynet-input-border: var(--bynet-color-input-border, #818b98);
    --_bynet-danger: var(--bynet-color-danger, #b42318);
    --_bynet-success: var(--bynet-color-success, #1a7f37);
    --_bynet-font: var(--bynet-font-family, var(--_api-font, system-ui, sans-serif));
    --_bynet-radius: var(--bynet-radius, 8px);
    --_bynet-space: var(--bynet-space, 16px);
    --_bynet-qr-size: var(--bynet-qr-size, 220px);

    display: flex;
    flex-direction: column;
    gap: var(--_bynet-space);
    max-width: 560px;
    padding: var(--_bynet-space);
    border: 1px solid var(--_bynet-border);
    border-radius: var(--_bynet-radius);
    background: var(--_bynet-surface);
    color: var(--_bynet-text);
    font-family: var(--_bynet-font);
    line-height: 1.5;
  }
  .base.dark {
    --_bynet-primary: var(--bynet-color-primary, var(--_api-primary-dark, #4493f8));
    --_bynet-on-primary: var(--bynet-color-on-primary, #0d1117);
    --_bynet-text: var(--bynet-color-text, #e6edf3);
    --_bynet-muted: var(--bynet-color-muted, #9198a1);
    --_bynet-surface: var(--bynet-color-surface, #0d1117);
    --_bynet-border: var(--bynet-color-border, #3d444d);
    --_bynet-input-border: var(--bynet-color-input-border, #656c76);
    --_bynet-danger: var(--bynet-color-danger, #ff7b72);
    --_bynet-success: var(--bynet-color-success, #3fb950);
    color-scheme: dark;
  }

  .header {
    display: flex;
    align-items: center;
    gap: calc(var(--_bynet-space) * 0.75);
  }
  .logo {
    max-height: 48px;
    max-width: 120px;
    object-fit: contain;
  }
  .logo.plate {
    padding: 4px 6px;
    border-radius: calc(var(--_bynet-radius) * 0.5);
    background: #fff;
  }
  .title {
    margin: 0;
    font-size: 1.125rem;
    line-height: 1.3;
  }
  .amount {
    margin: 0;
    color: var(--_bynet-muted);
  }
  .amount strong {
    color: var(--_bynet-text);
    font-size: 1.25rem;
  }

  .summary {
    display: grid;
    gap: 0.375em;
    padding: calc(var(--_bynet-space) * 0.75) var(--_bynet-space);
    border: 1px solid var(--_bynet-border);
    border-radius: var(--_bynet-radius);
  }
  .summary .items {
    display: grid;
    gap: 0.375em;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .summary li,
  .summary .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.25em 1em;
    margin: 0;
  }
  .summary .price {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .summary .tag {
    font-size: 0.8125rem;
    color: var(--_bynet-muted);
  }
  .summary .shipping {
    color: var(--_bynet-muted);
  }
  .summary label {
    font-weight: 600;
  }
  .stepper {
    display: inline-flex;
    align-items: stretch;
  }
  .stepper .step {
    min-width: 44px;
    min-height: 44px;
    border: 1px solid var(--_bynet-input-border);
    background: var(--_bynet-surface);
    color: var(--_bynet-text);
    font: inherit;
    font-size: 1.25rem;
    cursor: pointer;
  }
  .stepper .step:first-child {
    border-radius: var(--_bynet-radius) 0 0 var(--_bynet-radius);
  }
  .stepper .step:last-child {
    border-radius: 0 var(--_bynet-radius) var(--_bynet-radius) 0;
  }
  .stepper .step:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  .stepper input {
    width: 3.5em;
    min-height: 44px;
    border: 1px solid var(--_bynet-input-border);
    border-left: 0;
    border-right: 0;
    background: var(--_bynet-surface);
    color: var(--_bynet-text);
    font: inherit;
    text-align: center;
    -moz-appearance: textfield;
  }
  .stepper input::-webkit-inner-spin-button,
  .stepper input::-webkit-outer-spin-button {
    margin: 0;
    -webkit-appearance: none;
  }
  .stepper .step:focus-visible,
  .stepper input:focus-visible {
    outline: 2px solid var(--_bynet-primary);
    outline-offset: 1px;
  }

  .pay {
    width: 100%;
    min-height: 48px;
    padding: 0.625em 1.25em;
    font-size: 1.0625rem;
  }

  .receipt {
    padding: calc(var(--_bynet-space) * 0.75) var(--_bynet-space);
    border: 1px solid var(--_bynet-border);
    border-radius: var(--_bynet-radius);
  }
  .receipt h3 {
    margin: 0 0 0.5em;
    font-size: 1rem;
  }
  .receipt dl {
    display: grid;
    gap: 0.25em;
    margin: 0;
  }
  .receipt dl > div {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    column-gap: 1em;
  }
  .receipt dt {
    color: var(--_bynet-muted);
  }
  .receipt dd {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .skeleton {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: calc(var(--_bynet-space) * 0.75);
  }
  .sk {
    grid-column: 1 / -1;
    height: 44px;
    border-radius: var(--_bynet-radius);
    background: linear-gradient(90deg, var(--_bynet-border) 0%, var(--_bynet-surface) 50%, var(--_bynet-border) 100%) 0 0 / 200% 100%;
    opacity: 0.7;
    animation: bynet-shimmer 1.4s ease-in-out infinite;
  }
  .sk-title {
    height: 1.5em;
    width: 60%;
  }
  .sk-line {
    height: 1em;
    width: 40%;
  }
  .sk-half {
    grid-column: auto;
  }
  .sk-button {
    height: 48px;
  }
  @keyframes bynet-shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .sk {
      animation: none;
    }
  }
  .secured {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_bynet-muted);
    text-align: center;
  }
`;
