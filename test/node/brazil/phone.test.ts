import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidMobilePhone } from '@brazilian-utils/brazilian-utils';
import { BRAZIL_DDDS, cleanPhone, formatPhone, isValidPhone } from '../../../src/brazil/phone.js';

describe('phone', () => {
  it('cleans punctuation, the +55 country code and a trunk zero', () => {
    assert.equal(cleanPhone('(11) 98765-4321'), '11987654321');
    assert.equal(cleanPhone('+55 (11) 98765-4321'), '11987654321');
    assert.equal(cleanPhone('+55 11 3456-7890'), '1134567890');
    assert.equal(cleanPhone('011 98765-4321'), '11987654321');
    // DDD 55 itself is not mistaken for the country code.
    assert.equal(cleanPhone('(55) 99123-4567'), '55991234567');
    assert.equal(cleanPhone('+55 55 99123-4567'), '55991234567');
  });

  it('accepts mobiles (9 after the DDD) and landlines (2-5 after the DDD)', () => {
    for (const ok of ['(11) 98765-4321', '11987654321', '+55 21 99999-0000', '(61) 3456-7890', '4132345678', '(55) 99123-4567', '(99) 2345-6789', '(85) 5555-1234']) {
      assert.equal(isValidPhone(ok), true, ok);
    }
  });

  it('rejects bad DDDs, wrong first digits, wrong lengths and junk', () => {
    const bad = [
      '(20) 98765-4321', // DDD 20 does not exist
      '(10) 3456-7890',
      '(01) 98765-4321',
      '(11) 88765-4321', // 11 digits but not starting with 9
      '(11) 6456-7890', // landline starting with 6
      '(11) 9456-7890', // 10 digits starting with 9 (old mobile format)
      '(11) 1456-7890',
      '1198765432', // 10 digits, first digit 9
      '119876543210',
      '11 98765-432x',
      '',
    ];
    for (const b of bad) assert.equal(isValidPhone(b), false, b);
  });

  it('has the 67 DDDs and agrees with an independent list on all two-digit codes', () => {
    assert.equal(BRAZIL_DDDS.length, 67);
    for (let ddd = 10; ddd <= 99; ddd++) {
      const mobile = `${ddd}987654321`;
      assert.equal(isValidPhone(mobile), isValidMobilePhone(mobile), `DDD ${ddd}`);
      assert.equal(isValidPhone(`${ddd}34567890`), BRAZIL_DDDS.includes(ddd), `landline DDD ${ddd}`);
    }
  });

  it('masks progressively', () => {
    const mobile = '11987654321';
    const expected = ['(1', '(11', '(11) 9', '(11) 98', '(11) 987', '(11) 9876', '(11) 9876-5', '(11) 9876-54', '(11) 9876-543', '(11) 9876-5432', '(11) 98765-4321'];
    for (let i = 1; i <= mobile.length; i++) assert.equal(formatPhone(mobile.slice(0, i)), expected[i - 1]);
    assert.equal(formatPhone('1134567890'), '(11) 3456-7890');
    assert.equal(formatPhone('+55 11 98765-4321'), '(11) 98765-4321');
    assert.equal(formatPhone('119876543219'), '(11) 98765-4321');
    assert.equal(formatPhone(''), '');
    assert.equal(formatPhone(formatPhone('11987654321')), '(11) 98765-4321');
  });
});
