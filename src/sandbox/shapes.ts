/**
 * What the sandbox puts on the wire for transactions, summaries and customers: the shapes of the
 * Bynet docs examples (test/fixtures/gateway), key for key. Fields the docs do not show are
 * sandbox extras, listed in README.md ("Invented shapes") and dropped in strict mode.
 */
import { createHash } from 'node:crypto';
import { GATEWAY_ID } from './seed.js';
import type { AddressRecord, CustomerRecord, TransactionRecord } from './types.js';

/**
 * [DOC] sub-objects carry internal ids (`shipping`, `items`, `fee`, `customer.document`,
 * `address`). The sandbox derives them from the owner's id, so one transaction always shows the
 * same ids without storing them.
 */
export function subId(owner: string, what: string): string {
  const h = createHash('sha256').update(`${owner}:${what}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** [DOC] address as the docs show it: an `id`, and `country` in lower case (`br`). */
function addressJson(a: AddressRecord, id: string) {
  return {
    id,
    street: a.street,
    streetNumber: a.streetNumber,
    complement: a.complement,
    zipCode: a.zipCode,
    neighborhood: a.neighborhood,
    city: a.city,
    state: a.state,
    country: a.country.toLowerCase(),
  };
}

/**
 * [DOC] the Find All example shows `externalRef: "undefined"` (a string: the gateway stringifies a
 * missing value) and `ip: "::ffff:127.0.0.1"` on checkout-born transactions; the docs never show
 * these fields as null. ASSUMPTION: a missing `externalRef` goes on the wire as "undefined", a
 * missing `ip` as the docs' loopback value.
 */
export const MISSING_EXTERNAL_REF = 'undefined';
export const MISSING_IP = '::ffff:127.0.0.1';

const customerAddressId = (c: CustomerRecord): string | null => (c.address ? subId(c.id, 'address') : null);

/**
 * [DOC] `refusedReason` is a JSON-encoded string (`"{\"code\":\"ERR_INVALID_ARG_TYPE\"}"`).
 * Sandbox extra (not strict): a `message` beside the code.
 */
function refusedReasonJson(tx: TransactionRecord, strict: boolean): string | null {
  if (tx.refusedReason === null && tx.refusedCode === null) return null;
  const code = tx.refusedCode ?? 'refused';
  return JSON.stringify(strict || tx.refusedReason === null ? { code } : { code, message: tx.refusedReason });
}

/** [INVENTED] the delivery object once a delivery status was set (the docs show only `null`). */
const deliveryJson = (tx: TransactionRecord) => (tx.delivery.status === null ? null : { status: tx.delivery.status, trackingCode: tx.delivery.trackingCode });

const feeJson = (tx: TransactionRecord) => ({
  id: subId(tx.id, 'fee'),
  ...tx.fee,
  transactionId: tx.id,
  gatewayId: GATEWAY_ID,
});

const itemsJson = (tx: TransactionRecord) =>
  tx.items.map((i, n) => ({
    id: subId(tx.id, `item:${n}`),
    externalRef: i.externalRef ?? MISSING_EXTERNAL_REF,
    title: i.title,
    unitPrice: i.unitPrice,
    quantity: i.quantity,
    tangible: i.tangible,
    transactionId: tx.id,
  }));

/**
 * A transaction as Transactions › Find All shows it (also Find by ID, Create and postback `data`).
 * Non-strict extras: `endToEndId`, `refusedCode`, `splits`, `customer.{id,name,email,phone,
 * externalRef,createdAt}`, `shipping.address`.
 */
export function transactionJson(tx: TransactionRecord, strict: boolean): Record<string, unknown> & { id: string; status: string } {
  const c = tx.customer;
  const customer: Record<string, unknown> = {
    document: { id: subId(c.id, 'document'), number: c.document.number, type: c.document.type, customerId: c.id },
    address: c.address ? addressJson(c.address, subId(c.id, 'address')) : null,
  };
  if (!strict) Object.assign(customer, { id: c.id, name: c.name, email: c.email, phone: c.phone, externalRef: c.externalRef, createdAt: c.createdAt });
  let shipping: Record<string, unknown> | null = null;
  if (tx.shipping) {
    const shippingAddressId = tx.shipping.address ? subId(tx.id, 'shipping:address') : customerAddressId(c);
    shipping = { id: subId(tx.id, 'shipping'), fee: tx.shipping.fee, addressId: shippingAddressId, transactionId: tx.id };
    if (!strict) shipping['address'] = tx.shipping.address ? addressJson(tx.shipping.address, subId(tx.id, 'shipping:address')) : null;
  }
  const out: Record<string, unknown> & { id: string; status: string } = {
    id: tx.id,
    amount: tx.amount,
    refundedAmount: tx.refundedAmount,
    companyId: tx.companyId,
    installments: tx.installments,
    paymentMethod: tx.paymentMethod,
    status: tx.status,
    postbackUrl: tx.postbackUrl,
    metadata: tx.metadata,
    traceable: tx.traceable,
    secureId: tx.secureId,
    secureUrl: tx.secureUrl,
    createdAt: tx.createdAt,
    updatedAt: tx.updatedAt,
    paidAt: tx.paidAt,
    ip: tx.ip ?? MISSING_IP,
    externalRef: tx.externalRef ?? MISSING_EXTERNAL_REF,
    customer,
    card: tx.card ? structuredClone(tx.card) : null,
    boleto: tx.boleto ? { ...tx.boleto } : null,
    pix: tx.pix ? { ...tx.pix } : null,
    shipping,
    refusedReason: refusedReasonJson(tx, strict),
    items: itemsJson(tx),
    refunds: tx.refunds.map((r) => ({ ...r })),
    delivery: deliveryJson(tx),
    fee: feeJson(tx),
  };
  if (!strict) Object.assign(out, { endToEndId: tx.endToEndId, refusedCode: tx.refusedCode, splits: structuredClone(tx.splits) });
  return out;
}

/**
 * [DOC] Summary by ID, every documented field. The docs show `provider`, `qrCode`, `barcode`,
 * `payUrl`, `webUrl`, `appUrl`, `card`, `pix`, `boleto`, `delivery`, `installments` only as
 * placeholders: the values are ASSUMPTIONS (`provider: "sandbox"`, the PIX EMV as `qrCode`, the
 * boleto barcode as `barcode`, the boleto PDF (or a card's `secureUrl`) as `payUrl`,
 * `webUrl`/`appUrl` null; `card`/`pix`/`boleto` as on the transaction).
 */
export function summaryJson(tx: TransactionRecord, strict: boolean): Record<string, unknown> {
  const c = tx.customer;
  return {
    id: tx.id,
    amount: tx.amount,
    status: tx.status,
    createdAt: tx.createdAt,
    updatedAt: tx.updatedAt,
    paidAt: tx.paidAt,
    externalRef: tx.externalRef ?? MISSING_EXTERNAL_REF,
    customer: {
      name: c.name,
      email: c.email,
      phone: c.phone,
      document: { type: c.document.type, number: c.document.number },
      address: c.address ? addressJson(c.address, subId(c.id, 'address')) : null,
    },
    paymentMethod: tx.paymentMethod,
    installments: tx.installments,
    card: tx.card ? structuredClone(tx.card) : null,
    pix: tx.pix ? { ...tx.pix } : null,
    boleto: tx.boleto ? { ...tx.boleto } : null,
    delivery: deliveryJson(tx),
    items: itemsJson(tx),
    fee: feeJson(tx),
    metadata: tx.metadata,
    provider: 'sandbox',
    refusedReason: refusedReasonJson(tx, strict),
    qrCode: tx.pix?.qrcode ?? null,
    barcode: tx.boleto?.barcode ?? null,
    payUrl: tx.boleto?.url ?? tx.secureUrl ?? null,
    webUrl: null,
    appUrl: null,
  };
}

/**
 * [DOC] Customers › Find all item: `{ id, externalRef, name, email, phone, birthdate, createdAt,
 * addressId }`; no nested document or address (the same in strict mode and out of it).
 */
export function customerJson(c: CustomerRecord): Record<string, unknown> {
  return {
    id: c.id,
    externalRef: c.externalRef ?? MISSING_EXTERNAL_REF,
    name: c.name,
    email: c.email,
    phone: c.phone,
    birthdate: null,
    createdAt: c.createdAt,
    addressId: customerAddressId(c),
  };
}
