/**
 * Interleaved 2 of 5 (ITF), the symbology of the boleto barcode. Each digit is five elements,
 * two of them wide; digits go in pairs, the first drawn in the bars, the second in the spaces.
 */

/** Wide-element pattern per digit (1 = wide), elements in drawing order. */
const PATTERNS = ['00110', '10001', '01001', '11000', '00101', '10100', '01100', '00011', '10010', '01010'] as const;

export interface ItfOptions {
  /** Narrow element width (default 1). */
  narrow?: number;
  /** Wide element width (default 3). */
  wide?: number;
  /** Quiet zone each side, in narrow modules (default 10). */
  quiet?: number;
}

export interface ItfBar {
  x: number;
  w: number;
}

/** Avoids float noise such as 10.299999999 in coordinates. */
function tidy(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * Bars of an ITF symbol: start (narrow bar, space, bar, space), the digit pairs, stop (wide
 * bar, narrow space, narrow bar), with a quiet zone each side. Throws `RangeError` unless
 * `digits` is a non-empty, even-length string of digits.
 */
export function itfBars(digits: string, o: ItfOptions = {}): { bars: ItfBar[]; width: number } {
  if (!/^(\d\d)+$/.test(digits)) throw new RangeError('ITF needs a non-empty, even number of digits');
  const narrow = o.narrow ?? 1;
  const wide = o.wide ?? 3;
  const quiet = (o.quiet ?? 10) * narrow;
  if (!(narrow > 0) || !(wide > narrow) || !(quiet >= 0)) throw new RangeError('ITF needs 0 < narrow < wide and quiet >= 0');

  // Elements alternate bar, space, bar, space... starting with a bar.
  const elements: number[] = [narrow, narrow, narrow, narrow];
  for (let i = 0; i < digits.length; i += 2) {
    const bars = PATTERNS[Number(digits[i])]!;
    const spaces = PATTERNS[Number(digits[i + 1])]!;
    for (let k = 0; k < 5; k++) {
      elements.push(bars[k] === '1' ? wide : narrow, spaces[k] === '1' ? wide : narrow);
    }
  }
  elements.push(wide, narrow, narrow);

  const bars: ItfBar[] = [];
  let x = quiet;
  elements.forEach((w, i) => {
    if (i % 2 === 0) bars.push({ x: tidy(x), w });
    x += w;
  });
  return { bars, width: tidy(x + quiet) };
}

/**
 * The same bars as one compact SVG path: a closed rectangle per bar
 * (`M x 0 h w v height h -w z`, written without optional spaces).
 */
export function itfPath(digits: string, height: number, o: ItfOptions = {}): { d: string; width: number } {
  if (!(height > 0)) throw new RangeError('height must be positive');
  const { bars, width } = itfBars(digits, o);
  const h = tidy(height);
  const d = bars.map(({ x, w }) => `M${x} 0h${w}v${h}h-${w}z`).join('');
  return { d, width };
}
