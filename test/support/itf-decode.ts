/**
 * Test-only ITF (Interleaved 2 of 5) decoder, written independently from the encoder so a
 * drawn barcode can be proven to read back as the digits it was drawn from.
 */

export interface BarRect {
  x: number;
  w: number;
}

/** Digit -> narrow/wide string, read as a scanner would. */
const TABLE: Record<string, string> = {
  NNWWN: '0',
  WNNNW: '1',
  NWNNW: '2',
  WWNNN: '3',
  NNWNW: '4',
  WNWNN: '5',
  NWWNN: '6',
  NNNWW: '7',
  WNNWN: '8',
  NWNWN: '9',
};

/**
 * Decodes bars (x = left edge, w = width, any order, any scale) into digits. Elements are
 * classified narrow/wide by a threshold halfway between the narrowest and widest element.
 * Throws when the start/stop patterns or any digit are not valid ITF.
 */
export function decodeItf(bars: readonly BarRect[]): string {
  const sorted = [...bars].sort((a, b) => a.x - b.x);
  if (sorted.length < 2 + 2 + 5) throw new Error('ITF: too few bars');
  const widths: number[] = [];
  sorted.forEach((bar, i) => {
    widths.push(bar.w);
    const next = sorted[i + 1];
    if (next) {
      const gap = next.x - (bar.x + bar.w);
      if (gap <= 0) throw new Error('ITF: overlapping bars');
      widths.push(gap);
    }
  });
  const min = Math.min(...widths);
  const max = Math.max(...widths);
  if (max < min * 1.5) throw new Error('ITF: no wide elements');
  const threshold = (min + max) / 2;
  const kinds = widths.map((w) => (w > threshold ? 'W' : 'N')).join('');

  if (!kinds.startsWith('NNNN')) throw new Error('ITF: bad start pattern');
  if (!kinds.endsWith('WNN')) throw new Error('ITF: bad stop pattern');
  const body = kinds.slice(4, -3);
  if (body.length === 0 || body.length % 10 !== 0) throw new Error('ITF: body is not whole digit pairs');

  let out = '';
  for (let i = 0; i < body.length; i += 10) {
    const chunk = body.slice(i, i + 10);
    let barPart = '';
    let spacePart = '';
    for (let k = 0; k < 10; k++) {
      if (k % 2 === 0) barPart += chunk[k];
      else spacePart += chunk[k];
    }
    const a = TABLE[barPart];
    const b = TABLE[spacePart];
    if (a === undefined || b === undefined) throw new Error(`ITF: invalid digit pattern at pair ${i / 10}`);
    out += a + b;
  }
  return out;
}

/**
 * Reads bar rectangles back from an SVG path made of `M x y h w v h h -w z` sub-paths
 * (absolute move, relative h/v), as drawn by the barcode component.
 */
export function barsFromPath(d: string): BarRect[] {
  const re = /M\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*h\s*(-?[\d.]+)/g;
  const out: BarRect[] = [];
  for (const m of d.matchAll(re)) out.push({ x: Number(m[1]), w: Number(m[3]) });
  return out;
}
