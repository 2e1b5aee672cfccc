import { css } from 'lit';

export const styles = css`
  .base {
    display: grid;
    gap: var(--_bynet-space, 16px);
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(6, minmax(0, 1fr));
    gap: calc(var(--_bynet-space, 16px) * 0.75);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    grid-column: span 6;
    min-width: 0;
  }
  .lookup {
    grid-column: span 4;
    align-self: end;
    margin: 0;
    min-height: 1.5em;
    font-size: 0.875rem;
    color: var(--_bynet-muted, #59636e);
  }
  @media (min-width: 30em) {
    .wide {
      grid-column: span 4;
    }
    .narrow {
      grid-column: span 2;
    }
    .field[part~='field']:has(input[name='document']),
    .field[part~='field']:has(input[name='phone']) {
      grid-column: span 3;
    }
  }
  label {
    font-size: 0.875rem;
    font-weight: 600;
  }
  input {
    width: 100%;
    min-height: 44px;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_bynet-input-border, #818b98);
    border-radius: var(--_bynet-radius, 8px);
    background: var(--_bynet-surface, #fff);
    color: var(--_bynet-text, #1f2328);
    font: inherit;
  }
  input:focus-visible {
    outline: 2px solid var(--_bynet-primary, #0b63ce);
    outline-offset: 0;
    border-color: var(--_bynet-primary, #0b63ce);
  }
  input[aria-invalid='true'] {
    border-color: var(--_bynet-danger, #b42318);
  }
  input:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .error {
    font-size: 0.875rem;
    color: var(--_bynet-danger, #b42318);
  }
  .error:empty {
    display: none;
  }
`;
