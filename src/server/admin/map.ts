/**
 * Gateway answers -> the console's contract (src/console/types.ts): only what the components show.
 * Tolerant of the gateway's shapes (Find All item, Summary by ID), strict about what leaves: dates
 * are ISO or null, links are http(s) or null, no card data, no metadata.
 */
import type {
  ConsoleDocument,
  ConsoleTimelineStep,
  ConsoleTransaction,
  ConsoleTransactionSummary,
} from '../../console/types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
};
const upper = (v: unknown): string => (typeof v === 'string' ? v.trim().toUpperCase() : '');

export function isoOrNull(v: unknown): string | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** Only absolute http(s) links leave (a `javascript:` or relative value is dropped). */
export function httpUrlOrNull(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** `externalRef` as the merchant set it; the gateway's literal "undefined" means none. */
const ref = (v: unknown): string | null => {
  const s = str(v);
  return s === null || s === 'undefined' || s === 'null' ? null : s;
};

export function transactionRow(raw: unknown): ConsoleTransaction {
  const t = obj(raw) ?? {};
  const c = obj(t['customer']);
  const delivery = obj(t['delivery']);
  return {
    id: String(t['id'] ?? ''),
    createdAt: isoOrNull(t['createdAt']),
    status: upper(t['status']),
    paymentMethod: upper(t['paymentMethod']),
    amount: num(t['amount']) ?? 0,
    refundedAmount: num(t['refundedAmount']) ?? 0,
    installments: num(t['installments']),
    deliveryStatus: str(delivery?.['status']) ?? str(t['deliveryStatus']),
    customer: c ? { name: str(c['name']), email: str(c['email']) } : null,
  };
}

function documentOf(v: unknown): ConsoleDocument | null {
  const d = obj(v);
  const number = str(d?.['number']);
  if (!d || !number) return null;
  const digits = number.replace(/\D/g, '');
  return { type: str(d['type'])?.toUpperCase() ?? (digits.length === 14 ? 'CNPJ' : 'CPF'), number };
}

/** The gateway's JSON-encoded `refusedReason` (`"{\"code\":\"...\"}"`), decoded. */
export function decodeRefusal(v: unknown): { code: string | null; message: string | null } {
  let o = obj(v);
  if (!o && typeof v === 'string') {
    try {
      o = obj(JSON.parse(v));
    } catch {
      o = null;
    }
    if (!o) return { code: null, message: str(v) };
  }
  if (!o) return { code: null, message: null };
  return { code: str(o['code']), message: str(o['message']) ?? str(o['reason']) };
}

const PENDING = new Set(['PROCESSING', 'WAITING_PAYMENT', 'AUTHORIZED']);

export function transactionSummary(raw: unknown): ConsoleTransactionSummary {
  const s = obj(raw) ?? {};
  const status = upper(s['status']);
  const method = upper(s['paymentMethod']);
  const createdAt = isoOrNull(s['createdAt']);
  const updatedAt = isoOrNull(s['updatedAt']);
  const paidAt = isoOrNull(s['paidAt']);

  const timeline: ConsoleTimelineStep[] = [];
  if (createdAt) timeline.push({ status: 'CREATED', at: createdAt });
  if (paidAt) timeline.push({ status: 'PAID', at: paidAt });
  // the state it is in now, when it is neither the start nor the payment already shown
  if (updatedAt && status && !(status === 'PAID' && paidAt) && !(PENDING.has(status) && updatedAt === createdAt)) {
    timeline.push({ status: PENDING.has(status) || status === '' ? 'UPDATED' : (status as ConsoleTimelineStep['status']), at: updatedAt });
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at));

  const c = obj(s['customer']);
  const a = obj(c?.['address']);
  const fee = obj(s['fee']);
  const pixObj = obj(s['pix']);
  const boletoObj = obj(s['boleto']);
  const qrCode = str(s['qrCode']) ?? str(pixObj?.['qrcode']) ?? str(pixObj?.['qrCode']);
  const barcode = str(s['barcode']) ?? str(boletoObj?.['barcode']);
  const boletoUrl = httpUrlOrNull(boletoObj?.['url']);
  const items = Array.isArray(s['items']) ? s['items'] : [];
  return {
    id: String(s['id'] ?? ''),
    status,
    paymentMethod: method,
    amount: num(s['amount']) ?? 0,
    refundedAmount: num(s['refundedAmount']),
    installments: num(s['installments']),
    createdAt,
    updatedAt,
    paidAt,
    externalRef: ref(s['externalRef']),
    provider: str(s['provider']),
    timeline,
    customer: c
      ? {
          name: str(c['name']),
          email: str(c['email']),
          phone: str(c['phone']),
          document: documentOf(c['document']),
          address: a
            ? {
                street: str(a['street']),
                streetNumber: str(a['streetNumber']),
                complement: str(a['complement']),
                zipCode: str(a['zipCode']),
                neighborhood: str(a['neighborhood']),
                city: str(a['city']),
                state: str(a['state']),
                country: str(a['country']),
              }
            : null,
        }
      : null,
    items: items.flatMap((it) => {
      const i = obj(it);
      const title = str(i?.['title']);
      if (!i || !title) return [];
      return [{ title, unitPrice: num(i['unitPrice']) ?? 0, quantity: num(i['quantity']) ?? 1, tangible: i['tangible'] === true }];
    }),
    fee: fee
      ? {
          fixedAmount: num(fee['fixedAmount']),
          spreadPercentage: num(fee['spreadPercentage']),
          estimatedFee: num(fee['estimatedFee']),
          netAmount: num(fee['netAmount']),
        }
      : null,
    pix: method === 'PIX' || qrCode ? { qrCode } : null,
    boleto: method === 'BOLETO' || barcode || boletoUrl ? { barcode, url: boletoUrl } : null,
    payUrl: httpUrlOrNull(s['payUrl']) ?? httpUrlOrNull(s['webUrl']) ?? httpUrlOrNull(s['appUrl']),
    refusal: status === 'REFUSED' ? decodeRefusal(s['refusedReason']) : null,
  };
}
