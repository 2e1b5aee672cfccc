import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney } from '../../../src/brazil/money.js';

// Intl separates the symbol with a no-break space; normalise it for readable expectations.
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('formatMoney', () => {
  it('formats cents as BRL in pt-BR by default', () => {
    assert.equal(plain(formatMoney(4990)), 'R$ 49,90');
    assert.equal(plain(formatMoney(1)), 'R$ 0,01');
    assert.equal(plain(formatMoney(0)), 'R$ 0,00');
    assert.equal(plain(formatMoney(123456789)), 'R$ 1.234.567,89');
  });
  it('follows the requested locale and currency', () => {
    assert.equal(formatMoney(4990, 'en-US', 'BRL'), 'R$49.90');
    assert.equal(formatMoney(4990, 'en-US', 'USD'), '$49.90');
  });
});
