import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { itfBars, itfPath } from '../../../src/brazil/itf.js';
import { buildBoletoBarcode } from '../../../src/brazil/boleto.js';
import { barsFromPath, decodeItf } from '../../support/itf-decode.js';
import { randomDigits, seeded } from './prng.js';

describe('itfBars', () => {
  it('draws start, one digit pair and stop with default widths', () => {
    // "12": bars 1 = W N N N W, spaces 2 = N W N N W.
    const { bars, width } = itfBars('12');
    assert.deepEqual(bars, [
      // start: bar N, space N, bar N, space N
      { x: 10, w: 1 },
      { x: 12, w: 1 },
      // pair: bar W, space N, bar N, space W, bar N, space N, bar N, space N, bar W, space W
      { x: 14, w: 3 },
      { x: 18, w: 1 },
      { x: 22, w: 1 },
      { x: 24, w: 1 },
      { x: 26, w: 3 },
      // stop: bar W, space N, bar N
      { x: 32, w: 3 },
      { x: 36, w: 1 },
    ]);
    assert.equal(width, 37 + 10);
  });

  it('has the expected total width for a 44-digit boleto barcode', () => {
    // Each digit = 2 wide + 3 narrow = 9 modules; start 4; stop 3 + 1 + 1 = 5; quiet 10 + 10.
    const { bars, width } = itfBars('0'.repeat(44));
    assert.equal(width, 44 * 9 + 4 + 5 + 20);
    assert.equal(bars.length, 2 + 44 / 2 * 5 + 2);
  });

  it('scales with narrow/wide/quiet options', () => {
    const { bars, width } = itfBars('12', { narrow: 2, wide: 5, quiet: 4 });
    assert.deepEqual(bars[0], { x: 8, w: 2 });
    assert.deepEqual(bars[2], { x: 16, w: 5 });
    assert.equal(width, 8 + 4 * 2 + 2 * (2 * 5 + 3 * 2) + (5 + 2 + 2) + 8);
    assert.equal(decodeItf(bars), '12');
  });

  it('rejects odd length, empty input and non-digits', () => {
    assert.throws(() => itfBars('123'), RangeError);
    assert.throws(() => itfBars(''), RangeError);
    assert.throws(() => itfBars('12a4'), RangeError);
    assert.throws(() => itfBars('12', { narrow: 2, wide: 2 }), RangeError);
  });

  it('decodes back every digit pair', () => {
    for (let a = 0; a < 10; a++) {
      for (let b = 0; b < 10; b++) {
        const digits = `${a}${b}`;
        assert.equal(decodeItf(itfBars(digits).bars), digits);
      }
    }
  });

  it('decodes back many random 44-digit boleto barcodes, at any scale', () => {
    const random = seeded(44);
    for (let i = 0; i < 300; i++) {
      const barcode = buildBoletoBarcode({
        bankCode: String(Math.floor(random() * 800)).padStart(3, '0'),
        amount: Math.floor(random() * 1_000_000),
        dueDate: '2026-01-15',
        freeField: randomDigits(random, 25),
      });
      const narrow = [1, 0.5, 1.25, 2][i % 4]!;
      const { bars } = itfBars(barcode, { narrow, wide: narrow * (2 + (i % 3) * 0.5) });
      assert.equal(decodeItf(bars), barcode);
      // Order of the rectangles does not matter to the decoder.
      assert.equal(decodeItf([...bars].reverse()), barcode);
    }
  });
});

describe('itfPath', () => {
  it('writes one compact closed rectangle per bar', () => {
    const { d, width } = itfPath('12', 50);
    assert.equal(d, 'M10 0h1v50h-1zM12 0h1v50h-1zM14 0h3v50h-3zM18 0h1v50h-1zM22 0h1v50h-1zM24 0h1v50h-1zM26 0h3v50h-3zM32 0h3v50h-3zM36 0h1v50h-1z');
    assert.equal(width, 47);
  });

  it('reads back through barsFromPath and decodes to the same digits', () => {
    const random = seeded(9);
    for (let i = 0; i < 50; i++) {
      const digits = randomDigits(random, 44);
      const { d } = itfPath(digits, 40, { narrow: 0.7, wide: 2.1 });
      assert.doesNotMatch(d, /\d\.\d{4,}/, 'no float noise in coordinates');
      assert.deepEqual(barsFromPath(d), itfBars(digits, { narrow: 0.7, wide: 2.1 }).bars);
      assert.equal(decodeItf(barsFromPath(d)), digits);
    }
  });

  it('rejects a non-positive height', () => {
    assert.throws(() => itfPath('12', 0), RangeError);
  });
});

describe('decodeItf (test support)', () => {
  it('rejects broken symbols', () => {
    const { bars } = itfBars('1234');
    assert.throws(() => decodeItf(bars.slice(1)), /start|pattern|pairs/);
    assert.throws(() => decodeItf(bars.slice(0, -1)), /stop|pattern|pairs/);
    // Widen a narrow bar of the first digit: that digit then has three wide bars.
    const broken = bars.map((b, i) => (i === 3 ? { ...b, w: 3 } : b));
    assert.throws(() => decodeItf(broken));
    assert.throws(() => decodeItf([]), /too few/);
  });
});
