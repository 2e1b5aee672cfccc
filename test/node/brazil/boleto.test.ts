import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getBoletoInfo, isValidBoleto } from '@brazilian-utils/brazilian-utils';
import {
  barcodeOfLine,
  BoletoError,
  boletoAmount,
  boletoBarcodeToLine,
  boletoDueDate,
  boletoDueDateFactor,
  boletoLineToBarcode,
  buildBoletoBarcode,
  formatBoletoLine,
  isValidBoletoBarcode,
  isValidBoletoLine,
} from '../../../src/brazil/boleto.js';
import { randomDigits, seeded } from './prng.js';

// A real-format Banco do Brasil line that circulates as an example.
const BB_LINE = '00190000090114971860168524522114675860000102656';
const BB_BARCODE = '00196758600001026560000001149718606852452211';

// Hand-checked vector: bank 341, due 2025-03-10 (10016 days after 1997-10-07 -> factor
// 1016 in the second cycle), R$ 49,90, free field 1090000012345678901234567.
// Field 1 "341910900": from the right 0·2 + 0·1 + 9·2(=18 -> 1+8) + 0·1 + 1·2 + 9·1 + 1·2 +
// 4·1 + 3·2 = 0+0+9+0+2+9+2+4+6 = 32 -> DV 10 - 2 = 8.
const HAND_BARCODE = '34195101600000049901090000012345678901234567';
const HAND_LINE = '34191090080001234567489012345677510160000004990';

// Arrecadação (convênio) example with an effective value of R$ 24,61.
const ARRECADACAO_LINE = '846100000005246100291102005460339004695895061080';

const midJune2025 = new Date(Date.UTC(2025, 5, 15));

function expectBoletoError(f: () => unknown, code: string, field?: number): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof BoletoError, 'is a BoletoError');
    assert.equal(e.name, 'BoletoError');
    assert.equal(e.code, code);
    if (field !== undefined) assert.equal(e.field, field);
    return true;
  });
}

function replaceAt(s: string, at: number, c: string): string {
  return s.slice(0, at) + c + s.slice(at + 1);
}

function bump(d: string): string {
  return String((Number(d) + 1) % 10);
}

describe('boleto line <-> barcode', () => {
  it('converts the known bank line both ways', () => {
    assert.equal(boletoLineToBarcode(BB_LINE), BB_BARCODE);
    assert.equal(boletoBarcodeToLine(BB_BARCODE), BB_LINE);
    assert.equal(boletoAmount(BB_BARCODE), 102656);
    assert.equal(boletoDueDate(BB_BARCODE, midJune2025), '2018-07-15');
  });

  it('matches the hand-checked vector', () => {
    assert.equal(
      buildBoletoBarcode({ bankCode: '341', amount: 4990, dueDate: '2025-03-10', freeField: '1090000012345678901234567' }),
      HAND_BARCODE,
    );
    assert.equal(boletoBarcodeToLine(HAND_BARCODE), HAND_LINE);
    assert.equal(boletoLineToBarcode(HAND_LINE), HAND_BARCODE);
    assert.equal(boletoAmount(HAND_LINE), 4990);
    assert.equal(boletoDueDate(HAND_BARCODE, midJune2025), '2025-03-10');
  });

  it('accepts the formatted line with punctuation and spaces', () => {
    const formatted = formatBoletoLine(BB_LINE);
    assert.equal(formatted, '00190.00009 01149.718601 68524.522114 6 75860000102656');
    assert.equal(boletoLineToBarcode(formatted), BB_BARCODE);
    assert.equal(boletoLineToBarcode(` ${formatted.replace(/ /g, '  ')} `), BB_BARCODE);
    assert.equal(isValidBoletoLine(formatted), true);
  });

  it('reports a wrong check digit in each field and in the general digit', () => {
    expectBoletoError(() => boletoLineToBarcode(replaceAt(HAND_LINE, 9, bump(HAND_LINE[9]!))), 'check-digit', 1);
    expectBoletoError(() => boletoLineToBarcode(replaceAt(HAND_LINE, 20, bump(HAND_LINE[20]!))), 'check-digit', 2);
    expectBoletoError(() => boletoLineToBarcode(replaceAt(HAND_LINE, 31, bump(HAND_LINE[31]!))), 'check-digit', 3);
    expectBoletoError(() => boletoLineToBarcode(replaceAt(HAND_LINE, 32, bump(HAND_LINE[32]!))), 'check-digit', 4);
    // Changing the amount (field 5, no own digit) breaks the general check digit.
    expectBoletoError(() => boletoLineToBarcode(replaceAt(HAND_LINE, 46, bump(HAND_LINE[46]!))), 'check-digit', 4);
    // Changing a digit inside field 2 breaks its own check digit.
    expectBoletoError(() => boletoLineToBarcode(replaceAt(HAND_LINE, 12, bump(HAND_LINE[12]!))), 'check-digit', 2);
    expectBoletoError(() => boletoBarcodeToLine(replaceAt(HAND_BARCODE, 4, bump(HAND_BARCODE[4]!))), 'check-digit', 4);
    expectBoletoError(() => boletoBarcodeToLine(replaceAt(HAND_BARCODE, 20, bump(HAND_BARCODE[20]!))), 'check-digit', 4);
  });

  it('reports length and format problems', () => {
    expectBoletoError(() => boletoLineToBarcode(HAND_LINE.slice(0, -1)), 'length');
    expectBoletoError(() => boletoLineToBarcode(HAND_LINE + '0'), 'length');
    expectBoletoError(() => boletoLineToBarcode(''), 'length');
    expectBoletoError(() => boletoLineToBarcode(replaceAt(HAND_LINE, 5, 'a')), 'format');
    expectBoletoError(() => boletoBarcodeToLine(HAND_BARCODE.slice(1)), 'length');
    expectBoletoError(() => boletoBarcodeToLine(replaceAt(HAND_BARCODE, 10, 'x')), 'format');
    // Currency code other than 9 (real).
    const otherCurrency = replaceAt(HAND_BARCODE, 3, '0');
    expectBoletoError(() => boletoBarcodeToLine(otherCurrency), 'format');
  });

  it('every single-digit change of a line is detected', () => {
    for (let at = 0; at < HAND_LINE.length; at++) {
      for (let k = 1; k <= 9; k++) {
        const d = String((Number(HAND_LINE[at]) + k) % 10);
        assert.equal(isValidBoletoLine(replaceAt(HAND_LINE, at, d)), false, `position ${at} -> ${d}`);
      }
    }
  });

  it('validates barcodes and lines as booleans', () => {
    assert.equal(isValidBoletoBarcode(BB_BARCODE), true);
    assert.equal(isValidBoletoBarcode(HAND_BARCODE), true);
    assert.equal(isValidBoletoBarcode(replaceAt(HAND_BARCODE, 30, bump(HAND_BARCODE[30]!))), false);
    assert.equal(isValidBoletoBarcode(HAND_LINE), false);
    assert.equal(isValidBoletoBarcode('abc'), false);
    assert.equal(isValidBoletoLine(HAND_BARCODE), false);
    assert.equal(isValidBoletoLine(''), false);
  });

  it('round-trips many random boletos and agrees with an independent implementation', () => {
    const random = seeded(2025);
    const start = Date.UTC(2000, 6, 3);
    const end = Date.UTC(2049, 11, 31);
    for (let i = 0; i < 500; i++) {
      const dueMs = start + Math.floor(random() * ((end - start) / 86_400_000)) * 86_400_000;
      const dueDate = new Date(dueMs).toISOString().slice(0, 10);
      const bankCode = String(Math.floor(random() * 800)).padStart(3, '0');
      const amount = Math.floor(random() * 10_000_000);
      const freeField = randomDigits(random, 25);
      const barcode = buildBoletoBarcode({ bankCode, amount, dueDate, freeField });
      assert.match(barcode, /^\d{44}$/);
      assert.equal(barcode.slice(0, 4), `${bankCode}9`);
      assert.equal(barcode.slice(19), freeField);
      const line = boletoBarcodeToLine(barcode);
      assert.match(line, /^\d{47}$/);
      assert.equal(boletoLineToBarcode(line), barcode);
      assert.equal(isValidBoletoBarcode(barcode), true);
      assert.equal(isValidBoletoLine(line), true);
      assert.equal(boletoAmount(barcode), amount);
      assert.equal(boletoAmount(line), amount);
      // The date is recovered when "today" is within a few years of it.
      const today = new Date(dueMs + (random() - 0.5) * 8 * 365 * 86_400_000);
      assert.equal(boletoDueDate(barcode, today), dueDate, `${dueDate} seen from ${today.toISOString()}`);
      // Independent implementation (@brazilian-utils) accepts the line and reads the same data.
      assert.equal(isValidBoleto(line), true, line);
      const info = getBoletoInfo(line, { referenceDate: new Date(dueMs) });
      assert.equal(info?.amount, amount);
      assert.equal(info?.bankCode, bankCode);
      const exp = info?.expirationDate;
      assert.ok(exp);
      const expIso = `${exp.getFullYear()}-${String(exp.getMonth() + 1).padStart(2, '0')}-${String(exp.getDate()).padStart(2, '0')}`;
      assert.equal(expIso, dueDate);
    }
  });
});

describe('boleto due date and the February 2025 factor reset', () => {
  const withFactor = (factor: string) => {
    const rest = factor + '0000004990' + '1'.repeat(25);
    // Fix the check digit so the barcode is valid.
    const probe = buildBoletoBarcode({ bankCode: '237', amount: 4990, dueDate: '2025-02-21', freeField: '1'.repeat(25) });
    const base = probe.slice(0, 4) + 'X' + rest;
    for (let dv = 1; dv <= 9; dv++) {
      const candidate = base.replace('X', String(dv));
      if (isValidBoletoBarcode(candidate)) return candidate;
    }
    throw new Error('no check digit fits');
  };

  it('maps 9999 to 2025-02-21 and 1000 to 2025-02-22 around the reset', () => {
    const around = new Date(Date.UTC(2025, 1, 20));
    assert.equal(boletoDueDate(withFactor('9999'), around), '2025-02-21');
    assert.equal(boletoDueDate(withFactor('1000'), around), '2025-02-22');
    assert.equal(boletoDueDate(withFactor('1001'), around), '2025-02-23');
    assert.equal(boletoDueDate(withFactor('9998'), around), '2025-02-20');
  });

  it('picks the first cycle for dates near 2000 and the second for dates after the reset', () => {
    assert.equal(boletoDueDate(withFactor('1000'), new Date(Date.UTC(2000, 7, 1))), '2000-07-03');
    assert.equal(boletoDueDate(withFactor('1000'), new Date(Date.UTC(2025, 5, 1))), '2025-02-22');
    // Factor 7586 is 2018-07-15 in the first cycle and 2043-03-06 in the second.
    assert.equal(boletoDueDate(BB_BARCODE, new Date(Date.UTC(2019, 0, 1))), '2018-07-15');
    assert.equal(boletoDueDate(BB_BARCODE, new Date(Date.UTC(2042, 0, 1))), '2043-03-06');
  });

  it('returns undefined for factor 0000 and for arrecadação slips', () => {
    const noDue = withFactor('0000');
    assert.equal(boletoDueDate(noDue, midJune2025), undefined);
    assert.equal(boletoDueDate(ARRECADACAO_LINE, midJune2025), undefined);
  });

  it('computes factors before and after the reset when building', () => {
    assert.equal(boletoDueDateFactor('2000-07-03'), 1000);
    assert.equal(boletoDueDateFactor('2025-02-21'), 9999);
    assert.equal(boletoDueDateFactor('2025-02-22'), 1000);
    assert.equal(boletoDueDateFactor('2025-03-10'), 1016);
    const before = buildBoletoBarcode({ bankCode: '001', amount: 100, dueDate: '2025-02-21', freeField: '0'.repeat(25) });
    const after = buildBoletoBarcode({ bankCode: '001', amount: 100, dueDate: '2025-02-22', freeField: '0'.repeat(25) });
    assert.equal(before.slice(5, 9), '9999');
    assert.equal(after.slice(5, 9), '1000');
  });

  it('rejects bad build input', () => {
    const ok = { bankCode: '001', amount: 100, dueDate: '2025-05-01', freeField: '0'.repeat(25) };
    assert.throws(() => buildBoletoBarcode({ ...ok, bankCode: '01' }), RangeError);
    assert.throws(() => buildBoletoBarcode({ ...ok, bankCode: '800' }), RangeError);
    assert.throws(() => buildBoletoBarcode({ ...ok, amount: -1 }), RangeError);
    assert.throws(() => buildBoletoBarcode({ ...ok, amount: 1.5 }), RangeError);
    assert.throws(() => buildBoletoBarcode({ ...ok, amount: 10_000_000_000 }), RangeError);
    assert.throws(() => buildBoletoBarcode({ ...ok, dueDate: '2025-02-30' }), RangeError);
    assert.throws(() => buildBoletoBarcode({ ...ok, dueDate: '01/05/2025' }), RangeError);
    assert.throws(() => buildBoletoBarcode({ ...ok, dueDate: '1999-01-01' }), RangeError);
    assert.throws(() => buildBoletoBarcode({ ...ok, freeField: '0'.repeat(24) }), RangeError);
  });
});

describe('arrecadação (48-digit) lines', () => {
  it('converts the example line both ways and reads its value', () => {
    const barcode = boletoLineToBarcode(ARRECADACAO_LINE);
    assert.equal(barcode, [0, 1, 2, 3].map((i) => ARRECADACAO_LINE.slice(i * 12, i * 12 + 11)).join(''));
    assert.equal(boletoBarcodeToLine(barcode), ARRECADACAO_LINE);
    assert.equal(boletoAmount(barcode), 2461);
    assert.equal(isValidBoletoLine(ARRECADACAO_LINE), true);
    assert.equal(isValidBoletoBarcode(barcode), true);
    assert.equal(formatBoletoLine(ARRECADACAO_LINE), '84610000000-5 24610029110-2 00546033900-4 69589506108-0');
    assert.equal(boletoLineToBarcode(formatBoletoLine(ARRECADACAO_LINE)), barcode);
  });

  it('reports a wrong block check digit', () => {
    for (let block = 0; block < 4; block++) {
      const at = block * 12 + 11;
      expectBoletoError(() => boletoLineToBarcode(replaceAt(ARRECADACAO_LINE, at, bump(ARRECADACAO_LINE[at]!))), 'check-digit', block + 1);
    }
  });

  it('every single-digit change is detected', () => {
    for (let at = 0; at < ARRECADACAO_LINE.length; at++) {
      const changed = replaceAt(ARRECADACAO_LINE, at, bump(ARRECADACAO_LINE[at]!));
      assert.equal(isValidBoletoLine(changed), false, `position ${at}`);
    }
  });
});

describe('formatBoletoLine', () => {
  it('groups 5.5 5.6 5.6 1 14', () => {
    assert.equal(formatBoletoLine(HAND_LINE), '34191.09008 00012.345674 89012.345677 5 10160000004990');
    assert.equal(formatBoletoLine(formatBoletoLine(HAND_LINE)), formatBoletoLine(HAND_LINE));
  });
  it('leaves other lengths as plain digits', () => {
    assert.equal(formatBoletoLine('1234.5'), '12345');
  });
});

describe('barcodeOfLine (the boleto view\'s check)', () => {
  it('gives the same barcode as boletoLineToBarcode for bank and arrecadação lines, formatted or not', () => {
    for (const line of [BB_LINE, HAND_LINE, ARRECADACAO_LINE]) {
      assert.equal(barcodeOfLine(line), boletoLineToBarcode(line));
      assert.equal(barcodeOfLine(formatBoletoLine(line)), boletoLineToBarcode(line));
    }
  });

  it('gives undefined, never throws, wherever boletoLineToBarcode throws', () => {
    for (const line of [HAND_LINE, ARRECADACAO_LINE]) {
      for (let at = 0; at < line.length; at++) {
        const changed = replaceAt(line, at, bump(line[at]!));
        assert.equal(barcodeOfLine(changed), undefined, `position ${at}`);
        assert.throws(() => boletoLineToBarcode(changed));
      }
    }
    for (const bad of ['', HAND_LINE.slice(1), HAND_LINE + '0', replaceAt(HAND_LINE, 5, 'a'), BB_BARCODE]) {
      assert.equal(barcodeOfLine(bad), undefined, bad);
    }
  });
});
