import { css } from 'lit';

export const cardFormStyles = css`
  form {
    margin: 0;
  }
  fieldset {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: calc(var(--_bynet-space, 16px) * 0.75) calc(var(--_bynet-space, 16px) * 0.75);
  }
  .accepted {
    grid-column: 1 / -1;
  }
  .refusal {
    grid-column: 1 / -1;
    margin: 0;
    padding: 0.625em 0.875em;
    border: 1px solid var(--_bynet-danger, #b42318);
    border-radius: var(--_bynet-radius, 8px);
    color: var(--_bynet-danger, #b42318);
    background: var(--_bynet-surface, #fff);
  }
  .field {
    grid-column: 1 / -1;
    min-width: 0;
  }
  /* Expiry and CVV side by side share their rows (subgrid): a label that wraps to two lines on a
     phone keeps both inputs on one line, labels sit right above their inputs. */
  .field.half {
    grid-column: auto;
    display: grid;
    grid-row: span 3;
    grid-template-rows: subgrid;
    row-gap: 0;
  }
  .field.half > label {
    align-self: end;
  }
  label {
    display: block;
    margin-bottom: 0.25em;
    font-weight: 600;
    font-size: 0.9375rem;
  }
  input,
  select {
    width: 100%;
    max-width: 100%;
    text-overflow: ellipsis;
    min-height: 44px;
    margin: 0;
    padding: 0.5em 0.75em;
    font: inherit;
    color: var(--_bynet-text, #1f2328);
    background: var(--_bynet-surface, #fff);
    border: 1px solid var(--_bynet-input-border, #818b98);
    border-radius: var(--_bynet-radius, 8px);
  }
  input[name='cc-number'] {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.02em;
  }
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--_bynet-primary, #0b63ce);
    outline-offset: 1px;
    border-color: var(--_bynet-primary, #0b63ce);
  }
  input[aria-invalid='true'] {
    border-color: var(--_bynet-danger, #b42318);
    box-shadow: 0 0 0 1px var(--_bynet-danger, #b42318);
  }
  input:disabled,
  select:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .plan-total {
    margin: 0.25em 0 0;
    font-size: 0.875rem;
    color: var(--_bynet-muted, #59636e);
  }
  .brand {
    display: block;
    font-size: 0.875rem;
    color: var(--_bynet-muted, #59636e);
  }
  .brand:not(:empty) {
    margin-top: 0.25em;
  }
  .error {
    margin: 0.25em 0 0;
    font-size: 0.875rem;
    color: var(--_bynet-danger, #b42318);
  }
  @media (max-width: 20rem) {
    .field.half {
      grid-column: 1 / -1;
    }
  }
`;
