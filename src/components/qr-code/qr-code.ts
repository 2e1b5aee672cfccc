import { LitElement, css, html, svg, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { drawQr } from './draw.js';
import type { QrDrawing } from './draw.js';
import { sharedStyles } from '../shared/styles.js';


/**
 * @summary A QR code drawn locally as one SVG path (never fetched), e.g. a PIX BR Code.
 *
 * @csspart qr-code - The `<svg>` image.
 *
 * @cssproperty --_bynet-qr-size - Edge length of the image (default 220px); set from the public `--bynet-qr-size`.
 */
export class BynetQrCode extends LitElement {
  static override properties = {
    value: {},
    label: {},
  };

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-block;
        line-height: 0;
      }
      svg {
        display: block;
        width: var(--_bynet-qr-size, 220px);
        height: var(--_bynet-qr-size, 220px);
        max-width: 100%;
        background: #fff;
      }
    `,
  ];

  #drawing?: QrDrawing | undefined;

  /** The text to encode. */
  value = '';

  /** Accessible name of the image. */
  label = '';

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.#drawing = drawQr(this.value);
  }

  override render() {
    const drawing = this.#drawing;
    if (!drawing) return nothing;
    return html`<svg
      part="qr-code"
      role="img"
      aria-label=${this.label}
      viewBox="0 0 ${drawing.size} ${drawing.size}"
      shape-rendering="crispEdges"
    >${svg`<path d=${drawing.d}></path>`}</svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-qr-code': BynetQrCode;
  }
}
