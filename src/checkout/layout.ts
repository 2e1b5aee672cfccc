/**
 * The gateway layout (primary colour, typography, logo) is merchant data from the network: treat
 * it as untrusted. Each value is checked against a strict grammar or an allowlist; anything else is
 * dropped and the built-in default (or the merchant's own CSS) applies. Values reach the page only
 * as CSS custom properties set through the CSSOM and as an `<img src>` with an http(s) URL.
 */
import type { Layout } from '../contract/helper.js';

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const BYTE = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|\\d?\\d)';
const PCT = '(?:100|\\d?\\d(?:\\.\\d+)?)%';
const ALPHA = `(?:0|1|0?\\.\\d+|${PCT})`;
const HUE = '(?:360|3[0-5]\\d|[12]?\\d?\\d)(?:deg)?';
const RGB = new RegExp(
  `^rgba?\\(\\s*(?:${BYTE}\\s*,\\s*${BYTE}\\s*,\\s*${BYTE}(?:\\s*,\\s*${ALPHA})?|${BYTE}\\s+${BYTE}\\s+${BYTE}(?:\\s*/\\s*${ALPHA})?)\\s*\\)$`,
  'i',
);
const HSL = new RegExp(
  `^hsla?\\(\\s*(?:${HUE}\\s*,\\s*${PCT}\\s*,\\s*${PCT}(?:\\s*,\\s*${ALPHA})?|${HUE}\\s+${PCT}\\s+${PCT}(?:\\s*/\\s*${ALPHA})?)\\s*\\)$`,
  'i',
);

/** A colour the widget may use, or undefined: `#rgb[a]`, `#rrggbb[aa]`, strict `rgb()/rgba()/hsl()/hsla()`. */
export function safeColor(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const v = value.trim();
  return HEX.test(v) || RGB.test(v) || HSL.test(v) ? v : undefined;
}

/** The gateway's typography names (`OPEN_SANS`...; `MONTESERRAT` is its spelling of Montserrat) -> font families. */
const FONTS = ['Inter', 'Montserrat', 'Roboto', 'Open Sans', 'Lato', 'Poppins', 'Nunito', 'Source Sans Pro', 'Raleway'];

/** A font stack for a gateway typography name (the font is used when the page or the system has it). */
export function fontStackFor(typography: string | null | undefined): string | undefined {
  if (typeof typography !== 'string' || typography.length > 64) return undefined;
  const key = typography.trim().toUpperCase().replace(/[\s-]+/g, '_').replace('MONTESERRAT', 'MONTSERRAT');
  const font = FONTS.find((f) => f.toUpperCase().replace(/ /g, '_') === key);
  return font && `"${font}", system-ui, sans-serif`;
}

/** An absolute http(s) URL for the logo, or undefined (`javascript:`, `data:`, relative, junk...). */
export function safeLogoUrl(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

type Rgb = [r: number, g: number, b: number];

let canvas: CanvasRenderingContext2D | null | undefined;

/**
 * A colour accepted by `safeColor` -> opaque sRGB 0-255 (alpha composited over `over`). The strict
 * grammar decides what is accepted; hex is read here, and for `rgb()`/`hsl()` the browser's own
 * colour parser (a canvas's `fillStyle`, which reads back as `#rrggbb`, or `rgba(r, g, b, a)` when
 * translucent) does the arithmetic.
 */
export function parseColor(value: string, over: Rgb = [255, 255, 255]): Rgb | undefined {
  const v = safeColor(value);
  if (!v) return undefined;
  let n: number[];
  if (v[0] === '#') {
    // the usual form of a gateway colour, read here: a canvas's first context costs a few ms
    const hex = v.length < 6 ? v.slice(1).replace(/./g, '$&$&') : v.slice(1);
    n = [0, 2, 4, 6].slice(0, hex.length / 2).map((i) => parseInt(hex.slice(i, i + 2), 16));
    if (n[3] !== undefined) n[3] /= 255;
  } else {
    canvas ??= globalThis.document?.createElement('canvas').getContext('2d');
    if (!canvas) return undefined;
    canvas.fillStyle = '#000';
    canvas.fillStyle = v;
    const c = String(canvas.fillStyle);
    n = c[0] === '#' ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) : c.match(/[\d.]+/g)!.map(Number);
  }
  // the canvas keeps 8 bits of alpha, printed rounded: back to the exact byte
  const a = n[3] === undefined ? 1 : Math.round(n[3] * 255) / 255;
  return over.map((o, i) => n[i]! * a + o * (1 - a)) as Rgb;
}

function luminance(c: Rgb): number {
  const [r, g, b] = c.map((x) => {
    const s = x / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two opaque colours. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const hex = (c: Rgb) => `#${c.map((x) => Math.round(x).toString(16).padStart(2, '0')).join('')}`;

/**
 * The gateway colour made readable against `surface` (text on it, and it as text on the surface):
 * unchanged when it already reaches `min` (WCAG AA, 4.5:1), otherwise mixed toward black (light
 * surfaces) or white (dark ones) just enough. A light brand blue such as #009FE3 (2.97:1 on white)
 * would otherwise fail contrast on every button.
 */
export function readablePrimary(value: string | null | undefined, surface: Rgb, min = 4.5): string | undefined {
  const v = safeColor(value);
  const rgb = v ? parseColor(v, surface) : undefined;
  if (!v || !rgb) return undefined;
  if (contrastRatio(rgb, surface) >= min) return v;
  const target: Rgb = luminance(surface) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  for (let t = 0.02; t <= 1; t += 0.02) {
    const mixed = rgb.map((c, i) => c + (target[i]! - c) * t) as Rgb;
    if (contrastRatio(mixed, surface) >= min) return hex(mixed);
  }
  return hex(target);
}

/** Built-in surfaces of the light and dark themes (keep in step with checkout.styles.ts). */
export const LIGHT_SURFACE: Rgb = [255, 255, 255];
export const DARK_SURFACE: Rgb = [13, 17, 23];

/** The CSS custom properties the root applies on its `base` wrapper (only valid values survive). */
export function layoutStyle(layout: Layout | undefined): Record<string, string | undefined> {
  return {
    '--_api-primary': readablePrimary(layout?.primaryColor, LIGHT_SURFACE),
    '--_api-primary-dark': readablePrimary(layout?.primaryColor, DARK_SURFACE),
    '--_api-font': fontStackFor(layout?.typography),
  };
}
