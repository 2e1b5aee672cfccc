import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getPixPayloadInfo, isValidPixPayload } from '@brazilian-utils/brazilian-utils';
import { buildPixCode, crc16, isIntactPixCode, isValidPixCode, parsePixCode } from '../../../src/brazil/pix.js';
import type { PixCodeInput } from '../../../src/brazil/pix.js';
import { seeded } from './prng.js';

// Static example published in the Banco Central "Manual do BR Code".
const BCB_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000' +
  '5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

describe('crc16 (CCITT-FALSE)', () => {
  it('matches the standard check value for "123456789"', () => {
    assert.equal(crc16('123456789'), '29B1');
  });
  it('returns the init value for an empty payload and pads to 4 upper-case hex digits', () => {
    assert.equal(crc16(''), 'FFFF');
    for (const s of ['A', 'ab', '000201', 'pix']) assert.match(crc16(s), /^[0-9A-F]{4}$/);
  });
  it('reproduces the CRC of the published BR Code', () => {
    assert.equal(crc16(BCB_STATIC.slice(0, -4)), '1D3D');
  });
});

describe('parsePixCode', () => {
  it('reads the published static example', () => {
    assert.deepEqual(parsePixCode(BCB_STATIC), {
      ok: true,
      key: '123e4567-e12b-12d1-a456-426655440000',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
    });
    assert.equal(isValidPixCode(BCB_STATIC), true);
  });

  it('accepts surrounding whitespace and a lower-case CRC', () => {
    assert.equal(isValidPixCode(`  ${BCB_STATIC}\n`), true);
    assert.equal(isValidPixCode(BCB_STATIC.slice(0, -4) + '1d3d'), true);
  });

  it('reports empty input', () => {
    assert.deepEqual(parsePixCode(''), { ok: false, reason: 'empty' });
    assert.deepEqual(parsePixCode('   '), { ok: false, reason: 'empty' });
  });

  it('rejects every single-character change in a value as a CRC failure', () => {
    // Positions inside the merchant name "Fulano de Tal" and the key.
    for (const at of [BCB_STATIC.indexOf('Fulano'), BCB_STATIC.indexOf('123e4567') + 3, BCB_STATIC.indexOf('BRASILIA') + 2]) {
      const c = BCB_STATIC[at] === 'X' ? 'Y' : 'X';
      const mutated = BCB_STATIC.slice(0, at) + c + BCB_STATIC.slice(at + 1);
      assert.deepEqual(parsePixCode(mutated), { ok: false, reason: 'crc' }, `mutation at ${at}`);
    }
    assert.deepEqual(parsePixCode(BCB_STATIC.slice(0, -4) + '1D3E'), { ok: false, reason: 'crc' });
  });

  it('never accepts any one-character mutation anywhere in the code', () => {
    const random = seeded(7);
    const alphabet = '0123456789ABCDEFabcdef.-*@ ';
    for (let at = 0; at < BCB_STATIC.length; at++) {
      let c = BCB_STATIC[at]!;
      while (c === BCB_STATIC[at]) c = alphabet[Math.floor(random() * alphabet.length)]!;
      const mutated = BCB_STATIC.slice(0, at) + c + BCB_STATIC.slice(at + 1);
      assert.equal(isValidPixCode(mutated), false, `mutation ${JSON.stringify(c)} at ${at}`);
    }
  });

  it('rejects broken TLV structure as format errors', () => {
    const cases: [string, string][] = [
      ['truncated', BCB_STATIC.slice(0, 40)],
      ['not starting with 000201', '0002021' + BCB_STATIC.slice(6)],
      ['length running past the end', '000201' + '26990014br.gov.bcb.pix'],
      ['no CRC object', BCB_STATIC.slice(0, -8)],
      ['CRC object not last', BCB_STATIC + '0000'],
      ['CRC not hex', BCB_STATIC.slice(0, -4) + 'ZZZZ'],
      ['garbage', 'hello world'],
      ['non-numeric length', '00AB01'],
    ];
    for (const [name, code] of cases) {
      const r = parsePixCode(code);
      assert.equal(r.ok, false, name);
      assert.equal(!r.ok && r.reason, 'format', name);
    }
  });

  it('rejects a code whose template lengths are inconsistent even with a matching CRC', () => {
    // Template 26 declares 58 characters but its nested objects claim 59.
    const body = BCB_STATIC.slice(0, -4).replace('0136123e4567', '0137123e4567');
    assert.deepEqual(parsePixCode(body + crc16(body)), { ok: false, reason: 'format' });
  });

  it('rejects a code without a PIX merchant account, or with a wrong currency/country', () => {
    const noPix = BCB_STATIC.slice(0, -4).replace('br.gov.bcb.pix', 'br.gov.bcb.xyz');
    assert.deepEqual(parsePixCode(noPix + crc16(noPix)), { ok: false, reason: 'format' });
    const usd = BCB_STATIC.slice(0, -4).replace('5303986', '5303840');
    assert.deepEqual(parsePixCode(usd + crc16(usd)), { ok: false, reason: 'format' });
    const us = BCB_STATIC.slice(0, -4).replace('5802BR', '5802US');
    assert.deepEqual(parsePixCode(us + crc16(us)), { ok: false, reason: 'format' });
  });

  it('reads amounts without floating point errors', () => {
    for (const [text, cents] of [['49.90', 4990], ['0.01', 1], ['10', 1000], ['10.5', 1050], ['1234567.89', 123456789]] as const) {
      const body = BCB_STATIC.slice(0, BCB_STATIC.indexOf('5802BR')) + `54${String(text.length).padStart(2, '0')}${text}` + BCB_STATIC.slice(BCB_STATIC.indexOf('5802BR'), -4);
      const r = parsePixCode(body + crc16(body));
      assert.equal(r.ok && r.amount, cents, text);
    }
    const bad = BCB_STATIC.slice(0, BCB_STATIC.indexOf('5802BR')) + '54041,00' + BCB_STATIC.slice(BCB_STATIC.indexOf('5802BR'), -4);
    assert.deepEqual(parsePixCode(bad + crc16(bad)), { ok: false, reason: 'format' });
  });
});

describe('buildPixCode', () => {
  it('builds the published static example byte for byte', () => {
    assert.equal(
      buildPixCode({ key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA' }),
      BCB_STATIC,
    );
  });

  it('builds a dynamic code as gateways issue it', () => {
    const code = buildPixCode({
      url: 'pix.example.com/qr/v2/9d36b84f',
      merchantName: 'Loja Exemplo',
      merchantCity: 'Curitiba',
      amount: 4990,
    });
    assert.ok(code.startsWith('000201010212'), 'point of initiation 12 right after the format indicator');
    assert.ok(code.includes('26520014br.gov.bcb.pix2530pix.example.com/qr/v2/9d36b84f'));
    assert.ok(code.includes('52040000' + '5303986' + '540549.90' + '5802BR' + '5912Loja Exemplo' + '6008CURITIBA'));
    assert.ok(code.includes('62070503***6304'));
    assert.equal(code.slice(-4), crc16(code.slice(0, -4)));
    assert.deepEqual(parsePixCode(code), {
      ok: true,
      url: 'pix.example.com/qr/v2/9d36b84f',
      amount: 4990,
      merchantName: 'Loja Exemplo',
      merchantCity: 'CURITIBA',
    });
  });

  it('strips https:// from the location, accents from names, and cuts name/city to 25/15', () => {
    const code = buildPixCode({
      url: 'https://pix.example.com/qr/abc',
      merchantName: 'Açaí & Pão de Queijo da Esquina Ltda',
      merchantCity: 'São José dos Campos',
    });
    const r = parsePixCode(code);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.url, 'pix.example.com/qr/abc');
    assert.equal(r.merchantName, 'Acai & Pao de Queijo da E');
    assert.equal(r.merchantName.length, 25);
    assert.equal(r.merchantCity, 'SAO JOSE DOS CA');
    assert.match(code, /^[\x20-\x7e]+$/);
  });

  it('writes the txid in template 62 and *** when it is absent', () => {
    const withTxid = buildPixCode({ key: '+5511987654321', merchantName: 'A', merchantCity: 'B', txid: 'PEDIDO123' });
    assert.ok(withTxid.includes('62130509PEDIDO123'));
    const r = parsePixCode(withTxid);
    assert.equal(r.ok && r.txid, 'PEDIDO123');
    const without = parsePixCode(buildPixCode({ key: 'x@y.z', merchantName: 'A', merchantCity: 'B' }));
    assert.equal(without.ok && without.txid, undefined);
  });

  it('formats amounts with two decimals', () => {
    const amounts: [number, string][] = [[1, '0.01'], [10, '0.10'], [4990, '49.90'], [100000, '1000.00'], [123456789, '1234567.89']];
    for (const [cents, text] of amounts) {
      const code = buildPixCode({ key: 'k', merchantName: 'N', merchantCity: 'C', amount: cents });
      assert.ok(code.includes(`54${String(text.length).padStart(2, '0')}${text}5802BR`), text);
    }
  });

  it('rejects input that cannot make a valid code', () => {
    const base = { merchantName: 'N', merchantCity: 'C' };
    assert.throws(() => buildPixCode(base), TypeError);
    assert.throws(() => buildPixCode({ ...base, key: 'k', url: 'u' }), TypeError);
    assert.throws(() => buildPixCode({ ...base, key: 'k', amount: 0 }), RangeError);
    assert.throws(() => buildPixCode({ ...base, key: 'k', amount: 49.9 }), RangeError);
    assert.throws(() => buildPixCode({ ...base, key: 'k', amount: -1 }), RangeError);
    assert.throws(() => buildPixCode({ ...base, key: 'k', txid: 'with space' }), RangeError);
    assert.throws(() => buildPixCode({ ...base, key: 'k', txid: 'A'.repeat(26) }), RangeError);
    assert.throws(() => buildPixCode({ key: 'k', merchantName: '  ', merchantCity: 'C' }), RangeError);
    assert.throws(() => buildPixCode({ ...base, key: 'k'.repeat(90) }), RangeError);
  });

  it('round-trips random codes and agrees with an independent validator', () => {
    const random = seeded(42);
    const pickStr = (alphabet: string, min: number, max: number) => {
      const n = min + Math.floor(random() * (max - min + 1));
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      return s;
    };
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < 300; i++) {
      const dynamic = random() < 0.5;
      const input: PixCodeInput = {
        ...(dynamic
          ? { url: `pix.${pickStr(letters, 3, 10).toLowerCase()}.com.br/qr/v2/${pickStr('0123456789abcdef', 8, 32)}` }
          : { key: `${pickStr(letters, 3, 12).toLowerCase()}@example.com` }),
        merchantName: pickStr(letters + ' ', 1, 30).trim() || 'X',
        merchantCity: pickStr(letters, 1, 20),
        ...(random() < 0.8 ? { amount: 1 + Math.floor(random() * 10_000_000) } : {}),
        ...(!dynamic && random() < 0.5 ? { txid: pickStr(letters + '0123456789', 1, 25) } : {}),
      };
      const code = buildPixCode(input);
      const r = parsePixCode(code);
      assert.equal(r.ok, true, code);
      if (!r.ok) continue;
      assert.equal(r.amount, input.amount);
      assert.equal(r.key, input.key);
      assert.equal(r.url, input.url);
      assert.equal(r.txid, input.txid);
      assert.equal(r.merchantName, input.merchantName.replace(/\s+/g, ' ').trim().slice(0, 25).trim());
      assert.equal(r.merchantCity, input.merchantCity.slice(0, 15).toUpperCase());
      assert.equal(isValidPixPayload(code), true, `independent validator rejected ${code}`);
      const info = getPixPayloadInfo(code);
      assert.equal(info?.pointOfInitiation, dynamic ? 'dynamic' : 'static');
    }
  });
});

describe('isIntactPixCode (the check the PIX view runs before showing a code)', () => {
  it('accepts the published example and built codes, static and dynamic, with a lower-case CRC too', () => {
    assert.equal(isIntactPixCode(BCB_STATIC), true);
    assert.equal(isIntactPixCode(BCB_STATIC.slice(0, -4) + '1d3d'), true);
    const dynamic = buildPixCode({ url: 'pix.example.com/qr/v2/abc', merchantName: 'Loja', merchantCity: 'Recife', amount: 4990, txid: 'P1' });
    assert.equal(isIntactPixCode(dynamic), true);
  });

  it('never accepts any one-character mutation anywhere in the code', () => {
    const random = seeded(11);
    const alphabet = '0123456789ABCDEFabcdef.-*@ ';
    for (let at = 0; at < BCB_STATIC.length; at++) {
      let c = BCB_STATIC[at]!;
      while (c === BCB_STATIC[at]) c = alphabet[Math.floor(random() * alphabet.length)]!;
      const mutated = BCB_STATIC.slice(0, at) + c + BCB_STATIC.slice(at + 1);
      assert.equal(isIntactPixCode(mutated), false, `mutation ${JSON.stringify(c)} at ${at}`);
    }
  });

  it('rejects truncated, padded, empty and foreign codes', () => {
    const cases: [string, string][] = [
      ['empty', ''],
      ['truncated', BCB_STATIC.slice(0, 40)],
      ['cut before the CRC', BCB_STATIC.slice(0, -8)],
      ['CRC object not last', BCB_STATIC + '0000'],
      ['CRC not hex', BCB_STATIC.slice(0, -4) + 'ZZZZ'],
      ['surrounding whitespace (the view trims first)', ` ${BCB_STATIC}`],
      ['garbage', 'hello world'],
      ['length running past the end', '000201' + '26990014br.gov.bcb.pix'],
    ];
    for (const [name, code] of cases) assert.equal(isIntactPixCode(code), false, name);
    const foreign = BCB_STATIC.slice(0, -4).replace('br.gov.bcb.pix', 'br.gov.bcb.xyz');
    assert.equal(isIntactPixCode(foreign + crc16(foreign)), false, 'no PIX GUI');
    const notFirst = '0002021' + BCB_STATIC.slice(6, -4);
    assert.equal(isIntactPixCode(notFirst + crc16(notFirst)), false, 'not starting with 000201');
  });

  it('agrees with the full parser on 300 random valid codes', () => {
    const random = seeded(5);
    for (let i = 0; i < 300; i++) {
      const amount = 1 + Math.floor(random() * 1_000_000);
      const code = buildPixCode({ key: `k${i}@example.com`, merchantName: `Loja ${i}`, merchantCity: 'Sao Paulo', amount });
      assert.equal(isIntactPixCode(code), parsePixCode(code).ok, code);
    }
  });
});
