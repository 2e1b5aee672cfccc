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

/** Gateway typography names -> font stacks (the font is used when the page or the system has it). */
export const FONT_STACKS: Readonly<Record<string, string>> = {
  INTER: '"Inter", system-ui, sans-serif',
  MONTSERRAT: '"Montserrat", system-ui, sans-serif',
  MONTESERRAT: '"Montserrat", system-ui, sans-serif',
  ROBOTO: '"Roboto", system-ui, sans-serif',
  OPEN_SANS: '"Open Sans", system-ui, sans-serif',
  LATO: '"Lato", system-ui, sans-serif',
  POPPINS: '"Poppins", system-ui, sans-serif',
  NUNITO: '"Nunito", system-ui, sans-serif',
  SOURCE_SANS_PRO: '"Source Sans Pro", system-ui, sans-serif',
  RALEWAY: '"Raleway", system-ui, sans-serif',
};

export function fontStackFor(typography: string | null | undefined): string | undefined {
  if (typeof typography !== 'string' || typography.length > 64) return undefined;
  const key = typography.trim().toUpperCase().replace(/[\s-]+/g, '_');
  return Object.prototype.hasOwnProperty.call(FONT_STACKS, key) ? FONT_STACKS[key] : undefined;
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

/** The CSS custom properties the root applies on its `base` wrapper (only the valid ones). */
export function layoutStyle(layout: Layout | undefined): Record<string, string | undefined> {
  return {
    '--_api-primary': safeColor(layout?.primaryColor),
    '--_api-font': fontStackFor(layout?.typography),
  };
}
