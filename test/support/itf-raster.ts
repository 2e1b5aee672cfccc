/**
 * Test-only: rasterises a rendered barcode `<svg>` the way the screen shows it, then reads it with an
 * independent ITF reader (@zxing/library's ITFReader over a HybridBinarizer), as a bank app would.
 *
 * web-test-runner's Chromium launcher has no screenshot command without a config plugin, so the
 * "screenshot" is rebuilt from the element: its laid-out box (getBoundingClientRect) at the page's
 * devicePixelRatio, including the sub-pixel offset of its position, drawn by Chromium's own SVG
 * rasteriser into a canvas of device pixels (drawImage of the serialised SVG), on white like the
 * widget's frame. Nothing is read from the path data.
 */
import { BinaryBitmap, DecodeHintType, HybridBinarizer, ITFReader, RGBLuminanceSource } from '@zxing/library';

export interface Raster {
  /** Luminance, one byte per device pixel, row-major. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** White margin drawn around the element, CSS px (the widget's frame is white too). */
const MARGIN = 8;

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('SVG did not load as an image'));
    img.src = src;
  });
}

/** The element's on-screen pixels (device pixels), grey-scale. */
export async function rasterizeSvgElement(svgEl: SVGSVGElement): Promise<Raster> {
  const dpr = window.devicePixelRatio || 1;
  const rect = svgEl.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) throw new Error('the barcode is not laid out');
  const clone = svgEl.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(rect.width));
  clone.setAttribute('height', String(rect.height));
  // The component's shadow styles do not travel with the markup: carry the computed ones.
  clone.setAttribute('shape-rendering', getComputedStyle(svgEl).shapeRendering || 'crispEdges');
  for (const path of clone.querySelectorAll('path')) path.setAttribute('fill', '#000');
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }));
  try {
    const img = await loadImage(url);
    // Chromium paints crisp-edged SVG snapped to device pixels: the box starts on a whole device pixel.
    const fracX = 0;
    const fracY = 0;
    const width = Math.ceil((rect.width + 2 * MARGIN) * dpr) + 1;
    const height = Math.ceil((rect.height + 2 * MARGIN) * dpr) + 1;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, MARGIN * dpr + fracX, MARGIN * dpr + fracY, rect.width * dpr, rect.height * dpr);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const data = new Uint8ClampedArray(width * height);
    for (let i = 0; i < data.length; i++) {
      data[i] = (rgba[i * 4]! * 299 + rgba[i * 4 + 1]! * 587 + rgba[i * 4 + 2]! * 114) / 1000;
    }
    return { data, width, height };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The raster turned a quarter (for a symbol drawn lying down, as a phone held sideways sees it). */
export function rotateQuarter(r: Raster): Raster {
  const out = new Uint8ClampedArray(r.data.length);
  // new (x, y) = (r.height - 1 - y, x)
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) out[x * r.height + (r.height - 1 - y)] = r.data[y * r.width + x]!;
  }
  return { data: out, width: r.height, height: r.width };
}

/** Share of pixels that are neither black nor white (anti-aliasing), 0..1. */
export function greyShare(r: Raster): number {
  let grey = 0;
  for (const v of r.data) if (v > 16 && v < 240) grey++;
  return grey / r.data.length;
}

/** Reads an ITF symbol from the raster; throws (zxing's NotFoundException etc.) when none reads. */
export function readItf(r: Raster): string {
  const source = new RGBLuminanceSource(r.data, r.width, r.height);
  const bitmap = new BinaryBitmap(new HybridBinarizer(source));
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  return new ITFReader().decode(bitmap, hints).getText();
}

/** Debug: rows and columns holding grey pixels. */
export function greyWhere(r: Raster): { rows: number[]; cols: number[] } {
  const rows = new Set<number>();
  const cols = new Set<number>();
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++) {
      const v = r.data[y * r.width + x]!;
      if (v > 16 && v < 240) {
        rows.add(y);
        cols.add(x);
      }
    }
  return { rows: [...rows].slice(0, 20), cols: [...cols].slice(0, 20) };
}
