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

describe('formatMoney without Intl (BRL in pt-BR and en)', () => {
  const amounts = [0, 1, 9, 10, 99, 100, 101, 999, 1000, 4990, 99999, 100000, 123456, 1000000, 99999999, 123456789, 100000000000, -1, -4990, -123456789];
  for (const locale of ['pt-BR', 'pt', 'en', 'en-US']) {
    it(`writes exactly what Intl.NumberFormat writes for ${locale}`, () => {
      const intl = new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' });
      for (const cents of amounts) assert.equal(formatMoney(cents, locale), intl.format(cents / 100), `${cents} cents`);
    });
  }
  it('leaves other locales and currencies to Intl', () => {
    assert.equal(formatMoney(123456, 'pt-PT'), new Intl.NumberFormat('pt-PT', { style: 'currency', currency: 'BRL' }).format(1234.56));
    assert.equal(formatMoney(12345678, 'en-IN'), new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'BRL' }).format(123456.78));
    assert.equal(formatMoney(4990, 'pt-BR', 'USD'), new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'USD' }).format(49.9));
  });
});
