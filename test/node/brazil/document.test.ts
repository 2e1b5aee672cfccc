import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidCnpj as libIsValidCnpj, isValidCpf as libIsValidCpf } from '@brazilian-utils/brazilian-utils';
import {
  cleanDocument,
  documentType,
  formatDocument,
  generateCnpj,
  generateCpf,
  isValidCnpj,
  isValidCpf,
  isValidDocument,
} from '../../../src/brazil/document.js';
import { seeded } from './prng.js';

describe('cleanDocument / documentType', () => {
  it('strips punctuation and upper-cases letters', () => {
    assert.equal(cleanDocument('529.982.247-25'), '52998224725');
    assert.equal(cleanDocument(' 12.abc.345/01de-35 '), '12ABC34501DE35');
    assert.equal(cleanDocument('11 222 333/0001-81'), '11222333000181');
    assert.equal(cleanDocument('529#982'), '529#982');
  });
  it('tells CPF from CNPJ by shape', () => {
    assert.equal(documentType('52998224725'), 'CPF');
    assert.equal(documentType('11222333000181'), 'CNPJ');
    assert.equal(documentType('12ABC34501DE35'), 'CNPJ');
    assert.equal(documentType('12ABC34501DEAB'), undefined);
    assert.equal(documentType('5299822472'), undefined);
    assert.equal(documentType('529982247250'), undefined);
    assert.equal(documentType('A2998224725'), undefined);
  });
});

describe('CPF', () => {
  it('accepts valid CPFs with or without punctuation', () => {
    for (const cpf of ['529.982.247-25', '52998224725', '111.444.777-35', '123.456.789-09', '935.411.347-80']) {
      assert.equal(isValidCpf(cpf), true, cpf);
      assert.equal(isValidDocument(cpf), true, cpf);
    }
  });
  it('rejects wrong check digits, wrong lengths, repeated digits and junk', () => {
    for (const cpf of ['529.982.247-24', '529.982.247-15', '5299822472', '529982247250', '111.111.111-11', '000.000.000-00', '999.999.999-99', '529.982.247-2X', 'abc', '']) {
      assert.equal(isValidCpf(cpf), false, cpf);
      assert.equal(isValidDocument(cpf), false, cpf);
    }
  });
  it('generates valid CPFs reproducibly', () => {
    const a = generateCpf(seeded(1));
    assert.equal(a, generateCpf(seeded(1)));
    const random = seeded(3);
    for (let i = 0; i < 500; i++) {
      const cpf = generateCpf(random);
      assert.match(cpf, /^\d{11}$/);
      assert.equal(isValidCpf(cpf), true, cpf);
      assert.equal(libIsValidCpf(cpf), true, cpf);
    }
  });
  it('agrees with an independent validator on CPFs, and both catch a changed check digit', () => {
    const random = seeded(4);
    for (let i = 0; i < 500; i++) {
      const cpf = generateCpf(random);
      for (const at of [9, 10]) {
        const broken = cpf.slice(0, at) + String((Number(cpf[at]) + 1 + (i % 9)) % 10) + cpf.slice(at + 1);
        assert.equal(isValidCpf(broken), libIsValidCpf(broken), broken);
        assert.equal(isValidCpf(broken), false, broken);
      }
    }
  });
  it('returns a valid document even from a constant random source', () => {
    for (const r of [0, 0.15, 0.55, 0.99999]) {
      const cpf = generateCpf(() => r);
      assert.equal(isValidCpf(cpf), true, cpf);
      assert.equal(isValidCnpj(generateCnpj(() => r)), true);
      assert.equal(isValidCnpj(generateCnpj(() => r, true)), true);
    }
  });
});

describe('CNPJ (numeric and alphanumeric)', () => {
  it('accepts valid numeric CNPJs', () => {
    for (const cnpj of ['11.222.333/0001-81', '11222333000181', '45.723.174/0001-10', '06.990.590/0001-23']) {
      assert.equal(isValidCnpj(cnpj), true, cnpj);
      assert.equal(isValidDocument(cnpj), true, cnpj);
    }
  });
  it('accepts the alphanumeric example 12.ABC.345/01DE-35 (also lower case)', () => {
    // Values: 1,2,17,18,19,3,4,5,0,1,20,21; weights 5,4,3,2,9,8,7,6,5,4,3,2:
    // 5+8+51+36+171+24+28+30+0+4+60+42 = 459; 459 mod 11 = 8 -> DV1 = 3.
    // With DV1, weights 6,5,4,3,2,9,8,7,6,5,4,3,2:
    // 6+10+68+54+38+27+32+35+0+5+80+63+6 = 424; 424 mod 11 = 6 -> DV2 = 5.
    assert.equal(isValidCnpj('12.ABC.345/01DE-35'), true);
    assert.equal(isValidCnpj('12abc34501de35'), true);
    assert.equal(isValidDocument('12.ABC.345/01DE-35'), true);
    assert.equal(isValidCnpj('12.ABC.345/01DE-36'), false);
    assert.equal(isValidCnpj('12.ABC.345/01DF-35'), false);
    assert.equal(isValidCnpj('12.ABC.345/01DE-3A'), false);
  });
  it('rejects wrong digits, lengths, repeated sequences and symbols', () => {
    for (const cnpj of ['11.222.333/0001-82', '11.222.333/0001-8', '00.000.000/0000-00', '11.111.111/1111-11', '12.AB#.345/01DE-35', '', 'ABCDEFGHIJKLMN']) {
      assert.equal(isValidCnpj(cnpj), false, cnpj);
      assert.equal(isValidDocument(cnpj), false, cnpj);
    }
  });
  it('agrees with an independent validator on numeric CNPJs', () => {
    const random = seeded(5);
    for (let i = 0; i < 500; i++) {
      const cnpj = generateCnpj(random);
      assert.match(cnpj, /^\d{14}$/);
      assert.equal(isValidCnpj(cnpj), true, cnpj);
      assert.equal(libIsValidCnpj(cnpj), true, cnpj);
      // Any change of a check digit is caught by both.
      const broken = cnpj.slice(0, 13) + String((Number(cnpj[13]) + 1) % 10);
      assert.equal(isValidCnpj(broken), false);
      assert.equal(libIsValidCnpj(broken), false);
    }
  });
  it('generates valid alphanumeric CNPJs containing letters', () => {
    const random = seeded(6);
    for (let i = 0; i < 500; i++) {
      const cnpj = generateCnpj(random, true);
      assert.match(cnpj, /^[0-9A-Z]{12}\d{2}$/);
      assert.match(cnpj.slice(0, 12), /[A-Z]/);
      assert.equal(isValidCnpj(cnpj), true, cnpj);
      assert.equal(documentType(cnpj), 'CNPJ');
    }
  });
  it('catches single-character substitutions unless the values differ by a multiple of 11', () => {
    // Mod 11 cannot tell apart characters whose values (ASCII - 48) differ by 11 or 22,
    // e.g. "1" (1) and "G" (23); every other substitution must be caught.
    const cnpj = '12ABC34501DE35';
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let aliases = 0;
    for (let at = 0; at < 14; at++) {
      for (const c of at < 12 ? alphabet : '0123456789') {
        if (c === cnpj[at]) continue;
        const changed = cnpj.slice(0, at) + c + cnpj.slice(at + 1);
        const alias = at < 12 && (c.charCodeAt(0) - cnpj.charCodeAt(at)) % 11 === 0;
        if (alias) aliases++;
        assert.equal(isValidCnpj(changed), alias, changed);
      }
    }
    assert.equal(isValidCnpj('G2ABC34501DE35'), true);
    assert.ok(aliases > 0);
  });
});

describe('formatDocument (progressive mask)', () => {
  it('masks a CPF as it is typed', () => {
    const typed = '52998224725';
    const expected = ['5', '52', '529', '529.9', '529.98', '529.982', '529.982.2', '529.982.24', '529.982.247', '529.982.247-2', '529.982.247-25'];
    for (let i = 1; i <= typed.length; i++) assert.equal(formatDocument(typed.slice(0, i)), expected[i - 1]);
  });
  it('switches to the CNPJ mask beyond 11 digits', () => {
    assert.equal(formatDocument('112223330001'), '11.222.333/0001');
    assert.equal(formatDocument('1122233300018'), '11.222.333/0001-8');
    assert.equal(formatDocument('11222333000181'), '11.222.333/0001-81');
    assert.equal(formatDocument('112223330001819'), '11.222.333/0001-81');
  });
  it('switches to the CNPJ mask when letters appear', () => {
    assert.equal(formatDocument('12a'), '12.A');
    assert.equal(formatDocument('12ABC345'), '12.ABC.345');
    assert.equal(formatDocument('12abc34501de35'), '12.ABC.345/01DE-35');
  });
  it('reformats already formatted input and drops foreign characters', () => {
    assert.equal(formatDocument('529.982.247-25'), '529.982.247-25');
    assert.equal(formatDocument('11.222.333/0001-81'), '11.222.333/0001-81');
    assert.equal(formatDocument('529*982'), '529.982');
    assert.equal(formatDocument(''), '');
  });
});
