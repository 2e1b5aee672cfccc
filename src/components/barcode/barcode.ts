import { LitElement, css, html, svg, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { itfBars } from '../../brazil/itf.js';
import type { ItfBar } from '../../brazil/itf.js';
import { sharedStyles } from '../shared/styles.js';

/** Bar length as a share of the symbol's length (ITF wants at least 15%; a printed boleto has ~13 mm for 103 mm). */
const HEIGHT_RATIO = 0.15;
/** Shortest bars, CSS px. */
const MIN_BAR_LENGTH = 48;

export type BarcodeOrientation = 'horizontal' | 'vertical';

/**
 * Whole device pixels per narrow module that fit `available` CSS px at `dpr` (at least 1: a symbol
 * that does not fit then scrolls rather than being drawn below one device pixel per module).
 */
export function devicePixelsPerModule(available: number, modules: number, dpr: number): number {
  if (!(available > 0) || !(modules > 0) || !(dpr > 0)) return 1;
  return Math.max(1, Math.floor((available * dpr + 1e-6) / modules));
}

/**
 * @summary A boleto barcode (Interleaved 2 of 5, 44 digits) drawn locally as one SVG path, sized to
 * be scanned from the screen.
 *
 * The narrow module is a whole number of device pixels (`devicePixelRatio`): the symbol is drawn as
 * large as the available length allows (the host's width, or its height when `orientation` is
 * `vertical`), with crisp edges, integer module positions and a 10-module quiet zone each side.
 * Renders nothing for a value that is not 44 digits.
 *
 * @csspart barcode - The `<svg>` image (`data-module-px`: device pixels per narrow module).
 *
 * @cssproperty --_bynet-font - Font family of the host (the bars themselves stay black on white for scanners).
 */
export class BynetBarcode extends LitElement {
  static override properties = {
    along: { state: true, attribute: false },
    across: { state: true, attribute: false },
    dpr: { state: true, attribute: false },
    value: {},
    label: {},
    orientation: { reflect: true },
  };

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        line-height: 0;
        overflow: auto;
      }
      :host([orientation='vertical']) {
        height: 100%;
      }
      svg {
        display: block;
        margin: 0 auto;
        background: #fff;
      }
    `,
  ];

  /** The symbol's bars and its length in narrow modules (quiet zones included), for a valid value. */
  #symbol?: { bars: ItfBar[]; width: number } | undefined;
  #resizeObserver?: ResizeObserver;
  #dprQuery?: MediaQueryList;

  /** Available length (CSS px) along the symbol and across it, as last measured, and the device pixel ratio. */
  private along = 0;
  private across = 0;
  private dpr = 1;

  /** The 44-digit barcode. */
  value = '';

  /** Accessible name of the image. */
  label = '';

  /** `horizontal` (bars upright, fills the width) or `vertical` (bars lying down, fills the host's height). */
  orientation: BarcodeOrientation = 'horizontal';

  override connectedCallback(): void {
    super.connectedCallback();
    // Measured on the next frame: drawing in the observer's own callback would loop (scrollbars).
    this.#resizeObserver ??= new ResizeObserver(() => requestAnimationFrame(this.#measure));
    this.#resizeObserver.observe(this);
    this.#watchDpr();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resizeObserver?.disconnect();
    this.#dprQuery?.removeEventListener('change', this.#watchDpr);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.#symbol = /^\d{44}$/.test(this.value) ? itfBars(this.value) : undefined;
    if (changed.has('orientation')) this.#measure();
  }

  /** Follows `devicePixelRatio` (zoom, moving to another screen). */
  #watchDpr = (): void => {
    this.#dprQuery?.removeEventListener('change', this.#watchDpr);
    this.#dprQuery = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
    this.#dprQuery.addEventListener('change', this.#watchDpr);
    this.#measure();
  };

  #measure = (): void => {
    if (!this.isConnected) return;
    const vertical = this.orientation === 'vertical';
    this.along = vertical ? this.clientHeight : this.clientWidth;
    this.across = vertical ? this.clientWidth : 0;
    this.dpr = devicePixelRatio || 1;
  };

  override render() {
    const symbol = this.#symbol;
    if (!symbol) return nothing;
    const { width: modules, bars } = symbol;
    const vertical = this.orientation === 'vertical';
    const dpr = this.dpr;
    const px = devicePixelsPerModule(this.along, modules, dpr);
    const moduleCss = px / dpr;
    const lengthCss = modules * moduleCss;
    // Bars as long as ITF asks for, in whole modules; lying down, they may use the host's width.
    const barModules = Math.max(Math.ceil(Math.max(lengthCss * HEIGHT_RATIO, MIN_BAR_LENGTH) / moduleCss), Math.floor(this.across / moduleCss));
    const barCss = barModules * moduleCss;
    const d = bars
      .map(({ x, w }) => (vertical ? `M0 ${x}h${barModules}v${w}h-${barModules}z` : `M${x} 0h${w}v${barModules}h-${w}z`))
      .join('');
    return html`<svg
      part="barcode"
      role="img"
      aria-label=${this.label}
      width=${vertical ? barCss : lengthCss}
      height=${vertical ? lengthCss : barCss}
      viewBox="0 0 ${vertical ? barModules : modules} ${vertical ? modules : barModules}"
      preserveAspectRatio="none"
      shape-rendering="crispEdges"
      data-module-px=${px}
    >${svg`<path d=${d}></path>`}</svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bynet-barcode': BynetBarcode;
  }
}
