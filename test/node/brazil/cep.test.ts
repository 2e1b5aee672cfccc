import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCep, formatCep, isValidCep } from '../../../src/brazil/cep.js';

describe('CEP', () => {
  it('cleans to digits', () => {
    assert.equal(cleanCep('01310-100'), '01310100');
    assert.equal(cleanCep(' 01.310-100 '), '01310100');
  });
  it('validates 8 digits, not all zeros', () => {
    for (const ok of ['01310-100', '01310100', '70040-010', ' 20040-020 ', '99999-999']) assert.equal(isValidCep(ok), true, ok);
    for (const bad of ['00000-000', '00000000', '0131010', '013101000', '01310-10a', '', 'abcde-fgh']) assert.equal(isValidCep(bad), false, bad);
  });
  it('masks progressively', () => {
    const typed = '01310100';
    const expected = ['0', '01', '013', '0131', '01310', '01310-1', '01310-10', '01310-100'];
    for (let i = 1; i <= typed.length; i++) assert.equal(formatCep(typed.slice(0, i)), expected[i - 1]);
    assert.equal(formatCep('013101009'), '01310-100');
    assert.equal(formatCep('01310-100'), '01310-100');
    assert.equal(formatCep(''), '');
  });
});
