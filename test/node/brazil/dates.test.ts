import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatReceiptDate } from '../../../src/checkout/receipt.js';
import { formatClockTime } from '../../../src/components/pix-payment/pix-payment.js';
import { formatDueDate } from '../../../src/components/boleto-payment/boleto-payment.js';

// The PIX, boleto and receipt dates are written without Intl for pt-BR and en (the first Intl
// formatter of a page costs Chromium 50-80 ms): each must be exactly what Intl writes.

/** Instants spread over 1970-2099, every hour of the day and both halves of it, plus edges. */
function instants(): number[] {
  const out = [0, Date.UTC(2026, 11, 6, 0, 0), Date.UTC(2026, 11, 6, 12, 0), Date.UTC(2024, 1, 29, 23, 59), Date.UTC(2000, 0, 1, 11, 59), Date.UTC(2099, 11, 31, 23, 59, 59)];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 400; i++) out.push(Math.floor(next() * Date.UTC(2099, 11, 31)));
  return out;
}

const ZONES = ['UTC', 'America/Sao_Paulo', 'America/Noronha', 'America/Manaus', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];

function inZones(fn: () => void): void {
  const before = process.env.TZ;
  try {
    for (const zone of ZONES) {
      process.env.TZ = zone;
      fn();
    }
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

describe('dates written without Intl (pt-BR and en)', () => {
  for (const locale of ['pt-BR', 'en']) {
    it(`PIX "pay by" time: exactly what Intl writes for ${locale}, in several time zones`, () => {
      inZones(() => {
        const intl = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
        for (const t of instants()) assert.equal(formatClockTime(t, locale), intl.format(t), `${new Date(t).toISOString()} ${process.env.TZ}`);
      });
    });
    it(`receipt date: exactly what Intl writes for ${locale}, in several time zones`, () => {
      inZones(() => {
        const intl = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
        for (const t of instants()) assert.equal(formatReceiptDate(t, locale), intl.format(t), `${new Date(t).toISOString()} ${process.env.TZ}`);
      });
    });
    it(`boleto due date: exactly what Intl writes for ${locale}, every day of 2024-2027`, () => {
      const intl = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
        const iso = new Date(t).toISOString().slice(0, 10);
        assert.equal(formatDueDate(iso, locale), intl.format(t), iso);
      }
      // a day past the month's end rolls over, as before
      assert.equal(formatDueDate('2026-02-31', locale), intl.format(Date.UTC(2026, 2, 3)));
    });
  }
  it('leaves other locales to Intl, and says nothing for what is not a date', () => {
    const t = Date.UTC(2026, 11, 6, 17, 5);
    assert.equal(formatClockTime(t, 'pt-PT'), new Intl.DateTimeFormat('pt-PT', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t));
    assert.equal(formatReceiptDate(t, 'en-GB'), new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(t));
    assert.equal(formatDueDate('2026-12-06', 'es'), new Intl.DateTimeFormat('es', { dateStyle: 'long', timeZone: 'UTC' }).format(t));
    assert.equal(formatClockTime(Number.NaN, 'pt-BR'), '');
    assert.equal(formatReceiptDate(Number.POSITIVE_INFINITY, 'en'), '');
    assert.equal(formatDueDate('06/12/2026', 'pt-BR'), '06/12/2026');
  });
});
