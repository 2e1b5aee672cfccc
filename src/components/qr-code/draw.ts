/** Draws a QR code as one SVG path (no DOM, no canvas): usable in the browser and in Node. */
import { generate } from 'lean-qr';
import type { Correction } from 'lean-qr';

/** Error correction level M (15%), as lean-qr numbers its levels. */
const LEVEL_M = 1 as Correction;

/** Modules of light margin around the symbol, as the QR specification asks. */
export const QUIET_ZONE = 4;

export interface QrDrawing {
  d: string;
  size: number;
}

/** Builds one SVG path from the QR bitmap: each horizontal run of dark modules becomes a rectangle. */
export function drawQr(value: string): QrDrawing | undefined {
  if (!value) return undefined;
  let code;
  try {
    code = generate(value, { minCorrectionLevel: LEVEL_M });
  } catch {
    return undefined; // too long for any QR version
  }
  const n = code.size;
  const parts: string[] = [];
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!code.get(x, y)) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && code.get(x, y)) x++;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`);
    }
  }
  return { d: parts.join(''), size: n + QUIET_ZONE * 2 };
}

