import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  detectCardBrand,
  formatCardNumber,
  isExpiryValid,
  isValidCardNumber,
  luhnValid,
  parseExpiry,
} from '../../../src/brazil/card.js';

/** Independent Luhn check digit (table lookup for the doubled digits) used to build test numbers. */
function withCheckDigit(body: string): string {
  const doubled = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
  let sum = 0;
  const rev = [...body].reverse();
  rev.forEach((ch, i) => {
    sum += i % 2 === 0 ? doubled[Number(ch)]! : Number(ch);
  });
  return body + String((10 - (sum % 10)) % 10);
}

describe('detectCardBrand', () => {
  const table: [string, string, string, number][] = [
    ['6362970000457013', 'elo', 'Elo', 3],
    ['6062825624254001', 'hipercard', 'Hipercard', 3],
    ['378282246310005', 'amex', 'American Express', 4],
    ['36227206271667', 'diners', 'Diners Club', 3],
    ['6011111111111117', 'discover', 'Discover', 3],
    ['4111111111111111', 'visa', 'Visa', 3],
    ['5555555555554444', 'mastercard', 'Mastercard', 3],
    ['2223000048400011', 'mastercard', 'Mastercard', 3],
    ['3530111333300000', 'jcb', 'JCB', 3],
  ];
  for (const [number, brand, label, cvv] of table) {
    it(`${number} is ${brand}, Luhn-valid and of an allowed length`, () => {
      const info = detectCardBrand(number);
      assert.equal(info?.brand, brand);
      assert.equal(info?.label, label);
      assert.equal(info?.cvvLength, cvv);
      assert.ok(info?.lengths.includes(number.length));
      assert.equal(luhnValid(number), true);
      assert.equal(isValidCardNumber(number), true);
    });
  }

  it('gives Elo BINs precedence over Visa, Mastercard and Discover ranges', () => {
    for (const bin of ['438935', '401178', '451416', '457393', '506699', '509000', '650031', '636368']) {
      const number = withCheckDigit(bin + '000000012');
      assert.equal(detectCardBrand(number)?.brand, 'elo', bin);
      assert.equal(isValidCardNumber(number), true, number);
    }
  });

  it('gives Hipercard BINs precedence, including the 3841 series', () => {
    assert.equal(detectCardBrand(withCheckDigit('606282000000001'))?.brand, 'hipercard');
    for (const bin of ['384100', '384140', '384160']) {
      const n19 = withCheckDigit(bin + '000000000012');
      assert.equal(detectCardBrand(n19)?.brand, 'hipercard', bin);
      assert.equal(isValidCardNumber(n19), true, n19);
    }
    // Other 38 prefixes stay Diners Club.
    assert.equal(detectCardBrand('38520000023237')?.brand, 'diners');
  });

  it('guesses from short prefixes as the shopper types', () => {
    assert.equal(detectCardBrand('4')?.brand, 'visa');
    assert.equal(detectCardBrand('5')?.brand, 'mastercard');
    assert.equal(detectCardBrand('34')?.brand, 'amex');
    assert.equal(detectCardBrand('37')?.brand, 'amex');
    assert.equal(detectCardBrand('4111 11')?.brand, 'visa');
    assert.equal(detectCardBrand('636297')?.brand, 'elo');
  });

  it('returns undefined for empty input, junk and unknown prefixes', () => {
    assert.equal(detectCardBrand(''), undefined);
    assert.equal(detectCardBrand('abcd'), undefined);
    assert.equal(detectCardBrand('0000'), undefined);
    assert.equal(detectCardBrand('1234'), undefined);
  });

  it('returns copies, so callers cannot corrupt later results', () => {
    const a = detectCardBrand('4111111111111111')!;
    a.lengths.push(99);
    a.gaps.length = 0;
    const b = detectCardBrand('4111111111111111')!;
    assert.ok(!b.lengths.includes(99));
    assert.deepEqual(b.gaps, [4, 8, 12]);
  });
});

describe('luhnValid / isValidCardNumber', () => {
  it('checks the Luhn sum', () => {
    assert.equal(luhnValid('79927398713'), true);
    assert.equal(luhnValid('79927398710'), false);
    assert.equal(luhnValid('4111 1111 1111 1111'), true);
    assert.equal(luhnValid('4111-1111-1111-1111'), true);
    assert.equal(luhnValid('4111111111111112'), false);
    assert.equal(luhnValid('0'), false);
    assert.equal(luhnValid(''), false);
    assert.equal(luhnValid('4111x11111111111'), false);
  });
  it('catches every single-digit error in a card number', () => {
    const n = '5555555555554444';
    for (let at = 0; at < n.length; at++) {
      for (let k = 1; k <= 9; k++) {
        const changed = n.slice(0, at) + String((Number(n[at]) + k) % 10) + n.slice(at + 1);
        assert.equal(luhnValid(changed), false, changed);
      }
    }
  });
  it('requires a length the brand allows', () => {
    const visa17 = withCheckDigit('4111111111111111');
    assert.equal(luhnValid(visa17), true);
    assert.equal(isValidCardNumber(visa17), false);
    const amex16 = withCheckDigit('378282246310005');
    assert.equal(luhnValid(amex16), true);
    assert.equal(isValidCardNumber(amex16), false);
    assert.equal(isValidCardNumber(withCheckDigit('411111111111111111')), true); // Visa 19
  });
  it('rejects Luhn-valid numbers of no known brand', () => {
    const unknown = withCheckDigit('000000000000000');
    assert.equal(luhnValid(unknown), true);
    assert.equal(isValidCardNumber(unknown), false);
    assert.equal(isValidCardNumber(''), false);
  });
});

describe('parseExpiry / isExpiryValid', () => {
  it('parses MM/AA and MM/AAAA forms', () => {
    assert.deepEqual(parseExpiry('07/27'), { month: 7, year: 2027 });
    assert.deepEqual(parseExpiry('07/2027'), { month: 7, year: 2027 });
    assert.deepEqual(parseExpiry(' 12 / 30 '), { month: 12, year: 2030 });
    assert.deepEqual(parseExpiry('1/28'), { month: 1, year: 2028 });
    assert.deepEqual(parseExpiry('0128'), { month: 1, year: 2028 });
    assert.deepEqual(parseExpiry('012028'), { month: 1, year: 2028 });
    assert.deepEqual(parseExpiry('03-29'), { month: 3, year: 2029 });
  });
  it('rejects malformed input and impossible months', () => {
    for (const s of ['', '13/27', '00/27', '7/2', '07/202', 'ab/cd', '07/27/01', '127']) {
      assert.equal(parseExpiry(s), undefined, s);
    }
  });
  it('accepts the current month up to 20 years ahead', () => {
    const now = new Date(2025, 5, 15);
    assert.equal(isExpiryValid(6, 2025, now), true);
    assert.equal(isExpiryValid(7, 2025, now), true);
    assert.equal(isExpiryValid(5, 2025, now), false);
    assert.equal(isExpiryValid(12, 2024, now), false);
    assert.equal(isExpiryValid(12, 2045, now), true);
    assert.equal(isExpiryValid(1, 2046, now), false);
    assert.equal(isExpiryValid(0, 2026, now), false);
    assert.equal(isExpiryValid(13, 2026, now), false);
    assert.equal(isExpiryValid(6.5, 2026, now), false);
  });
  it('handles the turn of the year', () => {
    const dec = new Date(2025, 11, 31);
    assert.equal(isExpiryValid(12, 2025, dec), true);
    assert.equal(isExpiryValid(1, 2026, dec), true);
    assert.equal(isExpiryValid(11, 2025, dec), false);
  });
});

describe('formatCardNumber', () => {
  it('groups by the brand gaps', () => {
    assert.equal(formatCardNumber('4111111111111111'), '4111 1111 1111 1111');
    assert.equal(formatCardNumber('378282246310005'), '3782 822463 10005');
    assert.equal(formatCardNumber('36227206271667'), '3622 720627 1667');
    assert.equal(formatCardNumber('6362970000457013'), '6362 9700 0045 7013');
  });
  it('formats progressively and drops non-digits', () => {
    assert.equal(formatCardNumber('4'), '4');
    assert.equal(formatCardNumber('41111'), '4111 1');
    assert.equal(formatCardNumber('4111 1111 1'), '4111 1111 1');
    assert.equal(formatCardNumber('3782-8224'), '3782 8224');
    assert.equal(formatCardNumber(''), '');
  });
  it('cuts to the longest length the brand allows', () => {
    assert.equal(formatCardNumber('3782822463100059999'), '3782 822463 10005');
    assert.equal(formatCardNumber('55555555555544449999'), '5555 5555 5555 4444');
    assert.equal(formatCardNumber('0'.repeat(25)).replace(/ /g, '').length, 19);
  });
});
