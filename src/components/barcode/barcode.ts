import { LitElement, css, html, svg, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { itfPath } from '../../brazil/itf.js';
import { sharedStyles } from '../shared/styles.js';

/** Bar height in narrow-module units: about 13 mm for 0.25 mm modules, as on a printed boleto. */
const BAR_HEIGHT = 50;

interface BarcodeDrawing {
  d: string;
  width: number;
}

function drawBarcode(value: string): BarcodeDrawing | undefined {
  if (!/^\d{44}$/.test(value)) return undefined;
  try {
    return itfPath(value, BAR_HEIGHT);
  } catch {
    return undefined;
  }
}

/**
 * @summary A boleto barcode (Interleaved 2 of 5, 44 digits) drawn locally as one SVG path.
 *
 * Renders nothing for a value that is not 44 digits.
 *
 * @csspart barcode - The `<svg>` image.
 *
 * @cssproperty --_bynet-font - Font family of the host (the bars themselves stay black on white for scanners).
 */
export class BynetBarcode extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        line-height: 0;
      }
      svg {
        display: block;
        width: 100%;
        max-width: 640px;
        height: auto;
        background: #fff;
        shape-rendering: crispEdges;
      }
      path {
        fill: #000;
      }
    `,
  ];

  private drawing?: BarcodeDrawing;

  /** The 44-digit barcode. */
  @property() value = '';

  /** Accessible name of the image. */
  @property() label = '';

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.drawing = drawBarcode(this.value);
  }

  override render() {
    const drawing = this.drawing;
    if (!drawing) return nothing;
    return html`<svg
      part="barcode"
      role="img"
      aria-label=${this.label}
      viewBox="0 0 ${drawing.width} ${BAR_HEIGHT}"
      preserveAspectRatio="xMidYMid meet"
      shape-rendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >${svg`<path d=${drawing.d}></path>`}</svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-barcode': BynetBarcode;
  }
}
