/**
 * PIX "BR Code": the EMV QR payload behind a PIX QR code and its copy-and-paste string.
 *
 * The payload is a flat list of TLV objects (two-digit id, two-digit length, value), some of
 * which are templates holding nested TLVs. The last object is the CRC16 (id 63, length 04).
 * Only printable ASCII is emitted, so lengths count characters and bytes alike.
 */

const PIX_GUI = 'br.gov.bcb.pix';

/**
 * CRC16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) over the UTF-8
 * bytes of `payload`. For a BR Code the payload is everything up to and including `6304`.
 * Returns four upper-case hex digits.
 */
export function crc16(payload: string): string {
  const bytes = new TextEncoder().encode(payload);
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

export interface PixCodeInput {
  /** PIX key (static code, template 26 sub 01). Exactly one of `key` / `url`. */
  key?: string;
  /** Payload location issued by the PSP (dynamic code, template 26 sub 25), without `https://`. */
  url?: string;
  /** Receiver name; accents are stripped and it is cut to 25 characters. */
  merchantName: string;
  /** Receiver city; accents are stripped and it is cut to 15 characters. */
  merchantCity: string;
  /** Amount in cents (positive integer). Absent: the payer types the amount. */
  amount?: number;
  /** Transaction id, 1-25 characters [A-Za-z0-9]. Absent: `***`. */
  txid?: string;
}

export type PixParseResult =
  | {
      ok: true;
      /** Cents. */
      amount?: number;
      merchantName?: string;
      merchantCity?: string;
      /** Absent when the code carries the `***` placeholder. */
      txid?: string;
      key?: string;
      url?: string;
    }
  | { ok: false; reason: 'empty' | 'format' | 'crc' };

function tlv(id: string, value: string): string {
  if (value.length > 99) throw new RangeError(`PIX field ${id} is longer than 99 characters`);
  return id + String(value.length).padStart(2, '0') + value;
}

/** Strips accents and anything outside printable ASCII, collapses spaces, cuts to `max`. */
function asciiText(s: string, max: number): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
}

/** Formats integer cents as the BR Code amount, e.g. 4990 -> "49.90". */
function formatAmount(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * Builds a BR Code. Static when `key` is given, dynamic (point of initiation 12) when `url` is
 * given. Throws `RangeError` / `TypeError` on input that cannot make a valid code.
 */
export function buildPixCode(o: PixCodeInput): string {
  const hasKey = o.key !== undefined && o.key !== '';
  const hasUrl = o.url !== undefined && o.url !== '';
  if (hasKey === hasUrl) throw new TypeError('buildPixCode needs exactly one of key or url');
  const name = asciiText(o.merchantName, 25);
  const city = asciiText(o.merchantCity, 15).toUpperCase();
  if (!name) throw new RangeError('merchantName is empty');
  if (!city) throw new RangeError('merchantCity is empty');
  if (o.amount !== undefined && !(Number.isSafeInteger(o.amount) && o.amount > 0)) {
    throw new RangeError('amount must be a positive integer number of cents');
  }
  const txid = o.txid === undefined || o.txid === '' ? '***' : o.txid;
  if (txid !== '***' && !/^[A-Za-z0-9]{1,25}$/.test(txid)) {
    throw new RangeError('txid must be 1-25 characters [A-Za-z0-9]');
  }
  const account = hasKey
    ? tlv('00', PIX_GUI) + tlv('01', o.key!.trim())
    : tlv('00', PIX_GUI) + tlv('25', o.url!.trim().replace(/^https:\/\//i, ''));

  let payload = tlv('00', '01');
  if (hasUrl) payload += tlv('01', '12');
  payload += tlv('26', account);
  payload += tlv('52', '0000');
  payload += tlv('53', '986');
  if (o.amount !== undefined) payload += tlv('54', formatAmount(o.amount));
  payload += tlv('58', 'BR');
  payload += tlv('59', name);
  payload += tlv('60', city);
  payload += tlv('62', tlv('05', txid));
  payload += '6304';
  return payload + crc16(payload);
}

interface Tlv {
  id: string;
  value: string;
}

/** Splits `s` into TLV objects; undefined when a length runs past the end or is not numeric. */
function splitTlv(s: string): Tlv[] | undefined {
  const out: Tlv[] = [];
  let i = 0;
  while (i < s.length) {
    const head = s.slice(i, i + 4);
    if (!/^\d{4}$/.test(head)) return undefined;
    const len = Number(head.slice(2));
    const end = i + 4 + len;
    if (end > s.length) return undefined;
    out.push({ id: head.slice(0, 2), value: s.slice(i + 4, end) });
    i = end;
  }
  return out;
}

/** "49.90" -> 4990 without going through floating point; undefined when malformed. */
function parseAmount(s: string): number | undefined {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Parses and checks a BR Code: full TLV walk (nested templates included), payload format
 * indicator `01` first, CRC object last and correct, a merchant account template (ids 26-51)
 * with the PIX GUI and a key or URL, currency 986 and country BR when present.
 */
export function parsePixCode(code: string): PixParseResult {
  const s = code.trim();
  if (s === '') return { ok: false, reason: 'empty' };
  const fields = splitTlv(s);
  if (!fields || fields.length < 2) return { ok: false, reason: 'format' };
  const first = fields[0]!;
  const last = fields[fields.length - 1]!;
  if (first.id !== '00' || first.value !== '01') return { ok: false, reason: 'format' };
  if (last.id !== '63' || !/^[0-9A-Fa-f]{4}$/.test(last.value)) return { ok: false, reason: 'format' };
  if (fields.slice(1, -1).some((f) => f.id === '63' || f.id === '00')) return { ok: false, reason: 'format' };

  const result: { ok: true; amount?: number; merchantName?: string; merchantCity?: string; txid?: string; key?: string; url?: string } = { ok: true };
  let pixAccount = false;
  for (const f of fields.slice(1, -1)) {
    const id = Number(f.id);
    if (id >= 26 && id <= 51) {
      const sub = splitTlv(f.value);
      if (!sub) return { ok: false, reason: 'format' };
      if (sub.find((t) => t.id === '00')?.value.toLowerCase() !== PIX_GUI) continue;
      if (pixAccount) return { ok: false, reason: 'format' };
      pixAccount = true;
      const key = sub.find((t) => t.id === '01')?.value;
      const url = sub.find((t) => t.id === '25')?.value;
      if ((key === undefined) === (url === undefined)) return { ok: false, reason: 'format' };
      if (key !== undefined) result.key = key;
      if (url !== undefined) result.url = url;
    } else if (id === 62 || (id >= 80 && id <= 99)) {
      const sub = splitTlv(f.value);
      if (!sub) return { ok: false, reason: 'format' };
      if (id === 62) {
        const txid = sub.find((t) => t.id === '05')?.value;
        if (txid !== undefined && txid !== '***') result.txid = txid;
      }
    } else if (f.id === '53') {
      if (f.value !== '986') return { ok: false, reason: 'format' };
    } else if (f.id === '54') {
      const amount = parseAmount(f.value);
      if (amount === undefined) return { ok: false, reason: 'format' };
      result.amount = amount;
    } else if (f.id === '58') {
      if (f.value !== 'BR') return { ok: false, reason: 'format' };
    } else if (f.id === '59') {
      result.merchantName = f.value;
    } else if (f.id === '60') {
      result.merchantCity = f.value;
    }
  }
  if (!pixAccount) return { ok: false, reason: 'format' };
  if (crc16(s.slice(0, -4)) !== last.value.toUpperCase()) return { ok: false, reason: 'crc' };
  return result;
}

/**
 * The browser's check before it shows a BR Code (the helper runs the full `parsePixCode`): the
 * top-level TLV objects fill the code exactly, it starts with the payload format indicator
 * `000201`, names the PIX GUI, and ends with the CRC object `6304` holding the CRC16 of everything
 * before it. Any corrupted, truncated or padded code fails.
 */
export function isIntactPixCode(code: string): boolean {
  let at = 0;
  let last = -1;
  while (at < code.length) {
    const head = code.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) return false;
    last = at;
    at += 4 + +head.slice(2);
  }
  return (
    at === code.length &&
    code.startsWith('000201') &&
    code.startsWith('6304', last) &&
    code.toLowerCase().includes(PIX_GUI) &&
    crc16(code.slice(0, -4)) === code.slice(-4).toUpperCase()
  );
}

/** True when `parsePixCode(code).ok`. */
export function isValidPixCode(code: string): boolean {
  return parsePixCode(code).ok;
}
