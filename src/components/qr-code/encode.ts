/**
 * A small QR code encoder (ISO/IEC 18004, model 2), just what a PIX BR Code needs: the text in one
 * byte-mode segment (ISO-8859-1, the default; UTF-8 behind an ECI 26 header when some character is
 * outside it), the smallest version that holds it at error-correction level M, then the strongest
 * level (Q, H) that still fits that version, and the data mask with the lowest penalty score.
 */

/** A drawn symbol: `get(x, y)` is true for a dark module (false outside the symbol). */
export interface QrBitmap {
  size: number;
  get(x: number, y: number): boolean;
}

/**
 * Per error-correction level (M, Q, H): its format-information bits, then, for versions 1 to 40,
 * the error-correction codewords per block and the number of blocks (ISO/IEC 18004 table 9), one
 * character each, as its char code minus 40.
 */
const LEVELS: readonly (readonly [bits: number, ecPerBlock: string, blocks: string])[] = [
  [0b00, '28B:@8:>>BF>>@@DDBBBBDDDDDDDDDDDDDDDDDDD', ')))**,,,---01122356899:<=?ABDEGIKMNPSUWY'],
  [0b11, '5>:B:@:><@DB@<F@DDBFDFFFFDFFFFFFFFFFFFFF', '))**,,..000248498:=<??ACEJJKNPSUX[]`cfil'],
  [0b10, '9D>8>DBB@D@D>@@FDDBDF@FFFFFFFFFFFFFFFFFF', '))*,,,-.003388:8;=AAAJFHKMPRUX[^adgjnruy'],
];

const at = (table: string, version: number): number => table.charCodeAt(version - 1) - 40;

// GF(256) over x^8 + x^4 + x^3 + x^2 + 1: antilog table (doubled, so no modulo) and log table.
const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++, x = x & 0x80 ? (x << 1) ^ 0x11d : x << 1) {
  EXP[i] = EXP[i + 255] = x;
  LOG[x] = i;
}
const mul = (a: number, b: number): number => (a && b ? EXP[LOG[a]! + LOG[b]!]! : 0);

/** Reed-Solomon error-correction codewords of `data`: the remainder by the degree-`n` generator. */
function errorCorrection(data: Uint8Array, n: number): Uint8Array {
  // Generator (x - a^0)(x - a^1)...(x - a^(n-1)), highest coefficient (1) first.
  let gen = [1];
  for (let i = 0; i < n; i++) gen = [...gen, 0].map((c, j) => c ^ (j ? mul(gen[j - 1]!, EXP[i]!) : 0));
  const rem = new Uint8Array(n);
  for (const byte of data) {
    const factor = byte ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[n - 1] = 0;
    for (let j = 0; j < n; j++) rem[j]! ^= mul(gen[j + 1]!, factor);
  }
  return rem;
}

/** Codewords (data and error correction) a version holds: its modules minus the function patterns, / 8. */
function capacity(version: number): number {
  let modules = (16 * version + 128) * version + 64;
  if (version > 1) {
    const align = ((version / 7) | 0) + 2;
    modules -= (25 * align - 10) * align - 55;
    if (version > 6) modules -= 36;
  }
  return modules >> 3;
}

const dataCodewords = (version: number, level: readonly [number, string, string]): number =>
  capacity(version) - at(level[1], version) * at(level[2], version);

/** BCH code of `value` by `poly` (degree `degree`), appended to it. */
function bch(value: number, poly: number, degree: number): number {
  let rem = value;
  for (let i = 0; i < degree; i++) rem = (rem << 1) ^ ((rem >> (degree - 1)) * poly);
  return (value << degree) | rem;
}

/** Masks by number: true where the data module is inverted. */
const MASKS: readonly ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (((y / 2) | 0) + ((x / 3) | 0)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/**
 * Penalty score of a masked symbol (lower reads better): runs of five or more, 2x2 blocks, finder
 * look-alikes (1:1:3:1:1 with four light modules on one side; beyond the edge counts as light)
 * and the dark/light balance.
 */
function penalty(m: Uint8Array, size: number): number {
  let score = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    for (let dir = 0; dir < 2; dir++) {
      let run = 0;
      let prev = -1;
      let window = 0;
      for (let b = 0; b < size + 4; b++) {
        const c = b < size ? m[dir ? b * size + a : a * size + b]! & 1 : 0;
        if (b < size) {
          if (c === prev) score += ++run === 5 ? 3 : run > 5 ? 1 : 0;
          else {
            prev = c;
            run = 1;
          }
        }
        window = ((window << 1) | c) & 0x7ff;
        if ((b >= 6 && b < size && window === 0x5d) || (b >= 10 && window === 0x5d0)) score += 40;
      }
    }
    for (let b = 0; b < size; b++) {
      const c = m[a * size + b]! & 1;
      dark += c;
      if (a && b && c === (m[(a - 1) * size + b]! & 1) && c === (m[a * size + b - 1]! & 1) && c === (m[(a - 1) * size + b - 1]! & 1)) {
        score += 3;
      }
    }
  }
  return score + 10 * Math.floor(Math.abs((dark * 20) / (size * size) - 10));
}

/** The QR code of `text`, or undefined when it is too long for any version. */
export function encodeQr(text: string): QrBitmap | undefined {
  const chars = [...text].map((c) => c.codePointAt(0)!);
  const eci = chars.some((c) => c > 0xff);
  const bytes = eci ? new TextEncoder().encode(text) : chars;
  const bitsFor = (version: number) => (eci ? 12 : 0) + 4 + (version < 10 ? 8 : 16) + bytes.length * 8;
  let version = 1;
  while (version <= 40 && dataCodewords(version, LEVELS[0]!) * 8 < bitsFor(version)) version++;
  if (version > 40) return undefined;
  // The levels hold less and less: keep the last one that still fits.
  let level = LEVELS[0]!;
  for (const l of LEVELS) if (dataCodewords(version, l) * 8 >= bitsFor(version)) level = l;

  // Data codewords: [ECI 26] byte mode, count, bytes, terminator, then the pad bytes.
  const total = dataCodewords(version, level);
  const data = new Uint8Array(total);
  let bit = 0;
  const put = (value: number, n: number) => {
    for (let i = n - 1; i >= 0; i--, bit++) data[bit >> 3]! |= ((value >> i) & 1) << (7 - (bit & 7));
  };
  if (eci) put(0x71a, 12);
  put(4, 4);
  put(bytes.length, version < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  for (let i = (bit + 4 + 7) >> 3, pad = 0xec; i < total; i++, pad ^= 0xfd) data[i] = pad;

  // Blocks (the short ones first), error correction per block, then both interleaved.
  const ecLen = at(level[1], version);
  const blockCount = at(level[2], version);
  const shortLen = ((capacity(version) / blockCount) | 0) - ecLen;
  const longFrom = blockCount - (capacity(version) % blockCount);
  const blocks: Uint8Array[] = [];
  for (let i = 0, from = 0; i < blockCount; i++) {
    const len = shortLen + (i < longFrom ? 0 : 1);
    blocks.push(data.subarray(from, (from += len)));
  }
  const codewords: number[] = [];
  for (let i = 0; i <= shortLen; i++) for (const b of blocks) if (i < b.length) codewords.push(b[i]!);
  const ecs = blocks.map((b) => errorCorrection(b, ecLen));
  for (let i = 0; i < ecLen; i++) for (const e of ecs) codewords.push(e[i]!);

  // Function patterns; bit 1 marks a function module, bit 0 is the colour.
  const size = version * 4 + 17;
  const m = new Uint8Array(size * size);
  const set = (x: number, y: number, on: unknown) => {
    m[y * size + x] = on ? 3 : 2;
  };
  const square = (cx: number, cy: number, r: number, on: (d: number) => boolean) => {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && y >= 0 && x < size && y < size) set(x, y, on(Math.max(Math.abs(dx), Math.abs(dy))));
      }
    }
  };
  // Finders with their light separators.
  for (const [x, y] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) square(x, y, 4, (d) => d !== 2 && d !== 4);
  if (version > 1) {
    const count = ((version / 7) | 0) + 2;
    const step = version === 32 ? 26 : Math.ceil((size - 13) / (count - 1) / 2) * 2;
    const spots = [6];
    for (let i = count - 2; i >= 0; i--) spots.push(size - 7 - i * step);
    for (const a of spots) {
      for (const b of spots) {
        if (!(m[b * size + a]! & 2)) square(a, b, 2, (d) => d !== 1);
      }
    }
  }
  // Timing lines between the finders (the alignment patterns on them already match).
  for (let i = 0; i < size; i++) {
    if (!(m[i * size + 6]! & 2)) set(6, i, i % 2 === 0);
    if (!(m[6 * size + i]! & 2)) set(i, 6, i % 2 === 0);
  }
  const format = (mask: number, grid: Uint8Array) => {
    const f = bch((level[0] << 3) | mask, 0x537, 10) ^ 0x5412;
    const put = (x: number, y: number, i: number) => {
      grid[y * size + x] = 2 | ((f >> i) & 1);
    };
    for (let i = 0; i < 15; i++) {
      put(8, i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, i);
      put(i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i, 8, i);
    }
    grid[(size - 8) * size + 8] = 3;
  };
  format(0, m);
  if (version > 6) {
    const v = bch(version, 0x1f25, 12);
    for (let i = 0; i < 18; i++) {
      set(size - 11 + (i % 3), (i / 3) | 0, (v >> i) & 1);
      set((i / 3) | 0, size - 11 + (i % 3), (v >> i) & 1);
    }
  }

  // Data in two-module columns, right to left, zigzagging up and down (column 6 is timing).
  let i = 0;
  for (let right = size - 1; right > 0; right -= 2) {
    if (right === 6) right = 5;
    const up = ((right + 1) & 2) === 0;
    for (let k = 0; k < size; k++) {
      const y = up ? size - 1 - k : k;
      for (const x of [right, right - 1]) {
        if (m[y * size + x]! & 2) continue;
        m[y * size + x] = ((codewords[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
        i++;
      }
    }
  }

  let best: Uint8Array | undefined;
  let bestScore = Infinity;
  MASKS.forEach((inverts, mask) => {
    const grid = m.map((v, j) => (v & 2 || !inverts(j % size, (j / size) | 0) ? v : v ^ 1));
    format(mask, grid);
    const score = penalty(grid, size);
    if (score < bestScore) {
      best = grid;
      bestScore = score;
    }
  });
  const grid = best!;
  return { size, get: (x, y) => x >= 0 && y >= 0 && x < size && y < size && (grid[y * size + x]! & 1) === 1 };
}
