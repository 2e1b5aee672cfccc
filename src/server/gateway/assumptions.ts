/**
 * EVERY guess this package makes about the Bynet gateway lives in this file.
 *
 * The public docs cover paths and a few payloads only (see the evidence tags: DOC = seen in the
 * gateway's docs, CODE = seen in third-party code calling the live API, INFERRED = our reasoning).
 * Each item below is a named constant or a small pure function, so that a live test can correct a
 * guess in one line without touching the client or the helper.
 */
import type {
  BoletoData,
  CardResult,
  Payment,
  PaymentMethod,
  PaymentStatus,
  PixData,
  Refusal,
} from '../../contract/payment.js';
import { PAYMENT_STATUSES } from '../../contract/payment.js';
import type { Address, CardInput, Customer } from '../../contract/helper.js';
import type { Layout } from '../../contract/helper.js';
import type {
  GatewayCheckoutPayment,
  GatewayLayout,
  GatewayProduct,
  GatewaySummary,
  GatewayTransaction,
} from '../../contract/gateway.js';

// ── base ──────────────────────────────────────────────────────────────────────────────────

/** [CODE] Production host; no gateway sandbox host is known. */
export const DEFAULT_BASE_URL = 'https://api-gateway.techbynet.com';

/**
 * [CODE, bynet-api.md 7.2] white-label hosts of the same API (same paths, same body, same
 * `User-Agent: AtivoB2B/1.0`), selectable by name wherever a `baseUrl` is taken. `bynet` is the
 * default host. (UmbrellaPag is left out on purpose: it needs another User-Agent.)
 */
export const HOST_PRESETS = {
  bynet: DEFAULT_BASE_URL,
  ativopay: 'https://api-gateway.ativopay.com',
  ativob2b: 'https://api.ativob2b.com',
} as const;
export type HostPreset = keyof typeof HOST_PRESETS;

/** A preset name (any case) becomes its host; anything else is returned unchanged (a URL). */
export function resolveBaseUrl(baseUrl: string | undefined): string {
  if (baseUrl === undefined) return DEFAULT_BASE_URL;
  const key = baseUrl.trim().toLowerCase();
  return Object.hasOwn(HOST_PRESETS, key) ? HOST_PRESETS[key as HostPreset] : baseUrl;
}
/** [DOC] required header; [CODE] the value selects the brand/tenant, send it literally. */
export const DEFAULT_USER_AGENT = 'AtivoB2B/1.0';
/** [DOC] secret key header. */
export const API_KEY_HEADER = 'x-api-key';

/**
 * [CODE] the public checkout endpoints are documented without the key, but every working sample
 * sends it. We send it too (server-side only, never to the browser).
 */
export const SEND_API_KEY_TO_PUBLIC_CHECKOUT = true;

// ── paths ─────────────────────────────────────────────────────────────────────────────────

/** Ids we interpolate into paths (UUIDs, product link ids). Anything else is refused locally. */
export const GATEWAY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export const PATHS = {
  /** [DOC] Layouts > Find (paged). */
  layouts: '/api/user/checkout/layout',
  /** [DOC] Layouts > Find by ID, id in the query string `?id=`. */
  layoutById: '/api/user/checkout/layout/get-by-id',
  /** [DOC] Products > Find All (paged). */
  products: '/api/user/products',
  /** [DOC] Products > Find by ID. */
  product: (id: string) => `/api/user/products/${id}`,
  /** [CODE x4] create order from a product link id, `?hostname=`; answers 201 with `data.id`. */
  createOrder: (linkId: string) => `/api/public/checkout/create-order/${linkId}`,
  /** [DOC path, CODE usage] create payment for an ORDER id (docs say "link id"; code passes the order id). */
  createPayment: (orderId: string) => `/api/public/checkout/payment/${orderId}`,
  /** [DOC] Transactions. */
  transactions: '/api/user/transactions',
  transaction: (id: string) => `/api/user/transactions/${id}`,
  /**
   * [UNKNOWN] refund of a paid transaction: no refund endpoint is documented (the family docs show
   * `refunds[]` and `refundedAmount` on the transaction). Guessed from the platform's path style.
   */
  transactionRefund: (id: string) => `/api/user/transactions/${id}/refund`,
  /** [DOC] Summary by ID: compact status/values, used for status polling. */
  transactionSummary: (id: string) => `/api/user/transactions/${id}/summary`,
  /** [DOC] Update delivery status (PUT); [CODE 7.2] the path segment `delivery` (UmbrellaPag docs). */
  transactionDelivery: (id: string) => `/api/user/transactions/${id}/delivery`,
  /** [DOC] Customers (paged). */
  customers: '/api/user/customers',
  customer: (id: string) => `/api/user/customers/${id}`,
  /** [DOC] Webhook > Create / Find by ID / Update (PUT); [INFERRED] Find all (GET) and Delete. */
  webhooks: '/api/user/webhook',
  webhook: (id: string) => `/api/user/webhook/${id}`,
} as const;

/** [CODE] `?hostname=<checkout domain>`; without a registered one create-order fails. */
export const HOSTNAME_QUERY_PARAM = 'hostname';
/** [CODE] one sample sends hostname on the payment call too; harmless if ignored. */
export const SEND_HOSTNAME_ON_PAYMENT = true;
/** [CODE] create-order was seen with no body at all (and with `{}`); we send no body. */
export const CREATE_ORDER_BODY: undefined | Record<string, never> = undefined;

/**
 * [DOC] a list filter with several values is ONE comma-separated parameter (Transactions Find All
 * curl: `status=PAID, WAITING_PAYMENT`). (The transfers page shows repeated parameters; the
 * transactions page, which the helper uses, wins.)
 */
export const MULTI_VALUE_FILTER: 'comma' | 'repeat' = 'comma';

/** [DOC] list paging parameters (layouts, transfers); [INFERRED] the same on every list. */
export const PAGE_PARAM = 'page';
export const LIMIT_PARAM = 'limit';
/**
 * [INFERRED] page size of a list that answers a plain array (Transactions Find All shows no
 * paging fields) when the caller gave no `limit`: the `limit` default of the paged lists ([DOC]
 * Layouts/Transfers examples show 10). Used only to decide whether another page may exist.
 */
export const DEFAULT_LIST_LIMIT = 10;

// ── products and layouts ──────────────────────────────────────────────────────────────────

/**
 * [INFERRED] How a product is found from the link id the widget names: first
 * `GET /api/user/products/{linkId}`, and if that is a 404, scan the paged product list for
 * `uniqueProductLinkId === linkId` (at most this many pages).
 */
export const PRODUCT_LOOKUP = { byIdFirst: true, scanListOnNotFound: true, scanMaxPages: 20, scanPageSize: 100 } as const;

/**
 * [OURS] The scanned product list is kept as an index (link id -> product) this long, shared by
 * every lookup: however many unknown link ids are asked, the list is read at most once per this
 * time (bounded by `PRODUCT_LOOKUP.scanMaxPages` pages). A product created in the meantime that
 * by-id cannot find shows up when the index is read again.
 */
export const PRODUCT_INDEX_TTL_MS = 60_000;

/** [CODE, 1 sample round-trips] product `unitPrice` is integer cents (older samples sent reais). */
export const PRODUCT_UNIT_PRICE_IN_CENTS = true;

export function productAmountCents(p: GatewayProduct): number {
  return PRODUCT_UNIT_PRICE_IN_CENTS ? Math.round(p.unitPrice) : Math.round(p.unitPrice * 100);
}

/** [DOC] product status `ACTIVE` / `INACTIVE`; a missing status is taken as active. */
export function productIsActive(p: GatewayProduct): boolean {
  return !p.status || p.status.toUpperCase() === 'ACTIVE';
}

/** [DOC] `paymentMethod: { PIX, BOLETO, CREDIT_CARD }` booleans; [INFERRED] missing object -> PIX only. */
export function productMethods(p: GatewayProduct): PaymentMethod[] {
  const pm = p.paymentMethod;
  if (!pm) return ['PIX'];
  const out: PaymentMethod[] = [];
  if (pm.PIX) out.push('PIX');
  if (pm.BOLETO) out.push('BOLETO');
  if (pm.CREDIT_CARD) out.push('CREDIT_CARD');
  return out;
}

/** [DOC] `maxInstallments`; 0/missing means one installment. Capped at 24 (contract limit). */
export function productMaxInstallments(p: GatewayProduct): number {
  const n = p.maxInstallments ?? 1;
  return Math.min(24, Math.max(1, Math.floor(n)));
}

/** Does a product match the link id the widget gave? */
export function productMatchesLink(p: GatewayProduct, linkId: string): boolean {
  return p.uniqueProductLinkId === linkId || p.id === linkId;
}

/** [DOC] layouts list query used to find the merchant's layout when none is configured. */
export const LAYOUT_LIST_QUERY = { page: 1, limit: 10, status: 'ACTIVE' } as const;

/** [INFERRED] the first layout whose status is ACTIVE is the merchant's checkout layout. */
export function pickLayout(layouts: readonly GatewayLayout[]): GatewayLayout | undefined {
  return layouts.find((l) => (l.status ?? '').toUpperCase() === 'ACTIVE');
}

const COLOR = /^#[0-9a-fA-F]{3,8}$/;
const TYPOGRAPHY = /^[A-Za-z0-9 _-]{1,64}$/;

function safeUrl(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 2048) return null;
  try {
    const u = new URL(raw);
    if (u.protocol === 'https:') return u.href;
    // the sandbox serves logos over plain http on loopback
    if (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost')) return u.href;
  } catch {
    /* fall through */
  }
  return null;
}

/** [DOC] layout fields `primaryColor`, `typography`, `logo.url`; untrusted, validated here. */
export function toLayout(l: GatewayLayout | undefined): Layout {
  if (!l) return { primaryColor: null, typography: null, logoUrl: null };
  return {
    primaryColor: l.primaryColor && COLOR.test(l.primaryColor) ? l.primaryColor : null,
    typography: l.typography && TYPOGRAPHY.test(l.typography) ? l.typography.toUpperCase() : null,
    logoUrl: safeUrl(l.logo?.url),
  };
}

// ── create payment (public checkout) ──────────────────────────────────────────────────────

/**
 * [CODE] lower-case `pix` worked on the public endpoint. [UNKNOWN] boleto and card values there;
 * guessed as the lower-snake form of the user API's enum.
 */
export const CHECKOUT_PAYMENT_METHOD: Record<PaymentMethod, string> = {
  PIX: 'pix',
  BOLETO: 'boleto',
  CREDIT_CARD: 'credit_card',
};

/** [DOC] the user API (`/api/user/transactions`) takes the upper-case enum. */
export const TRANSACTION_PAYMENT_METHOD: Record<PaymentMethod, string> = {
  PIX: 'PIX',
  BOLETO: 'BOLETO',
  CREDIT_CARD: 'CREDIT_CARD',
};

/** [CODE] country is always sent as `BR` alongside the address. */
export const COUNTRY = 'BR';

/**
 * [INFERRED] card fields on the public endpoint: the same `card` object as on transactions
 * (`number`, `holderName`, `expirationMonth`, `expirationYear`, `cvv`). Raw PAN; no tokenisation
 * endpoint is documented.
 */
export interface GatewayCardFields {
  number: string;
  holderName: string;
  expirationMonth: number;
  expirationYear: number;
  cvv: string;
}
export function toGatewayCard(card: CardInput): GatewayCardFields {
  return {
    number: card.number,
    holderName: card.holderName,
    expirationMonth: card.expMonth,
    expirationYear: card.expYear,
    cvv: card.cvv,
  };
}

/** The flat body of `POST /api/public/checkout/payment/{orderId}`. */
export interface CheckoutPaymentBody {
  fullName: string;
  document: string;
  email: string;
  phone: string;
  zipCode?: string;
  street?: string;
  streetNumber?: string;
  neighborhood?: string;
  complement?: string;
  city?: string;
  state?: string;
  country?: string;
  paymentMethod: string;
  installments: number;
  card?: GatewayCardFields;
}

/**
 * [CODE, one sample with logged responses] FLAT body, whitelist-validated (it rejects `pix` and
 * `postbackUrl`), so nothing extra is sent. [INFERRED] address fields are omitted when the buyer
 * gave none (PIX), rather than sent empty.
 */
export function buildCheckoutPaymentBody(input: {
  method: PaymentMethod;
  customer: Customer;
  address?: Address | undefined;
  card?: CardInput | undefined;
  installments: number;
}): CheckoutPaymentBody {
  const body: CheckoutPaymentBody = {
    fullName: input.customer.name,
    document: input.customer.document,
    email: input.customer.email,
    phone: input.customer.phone,
    paymentMethod: CHECKOUT_PAYMENT_METHOD[input.method],
    installments: input.installments,
  };
  if (input.address) {
    body.zipCode = input.address.zipCode;
    body.street = input.address.street;
    body.streetNumber = input.address.streetNumber;
    body.neighborhood = input.address.neighborhood;
    body.complement = input.address.complement ?? '';
    body.city = input.address.city;
    body.state = input.address.state;
    body.country = COUNTRY;
  }
  if (input.method === 'CREDIT_CARD' && input.card) body.card = toGatewayCard(input.card);
  return body;
}

/** [DOC] `document.type`: 11 chars -> CPF, otherwise CNPJ. */
export function documentType(document: string): 'CPF' | 'CNPJ' {
  return document.length === 11 ? 'CPF' : 'CNPJ';
}

/** [DOC] `POST /api/user/transactions` body (cart strategy, Flow B). */
export interface TransactionCreateBody {
  amount: number;
  currency?: string;
  paymentMethod: string;
  installments?: number;
  card?: GatewayCardFields;
  customer: {
    name: string;
    email: string;
    phone: string;
    document: { number: string; type: 'CPF' | 'CNPJ' };
    externalRef?: string;
    address?: {
      street: string;
      streetNumber: string;
      complement: string;
      zipCode: string;
      neighborhood: string;
      city: string;
      state: string;
      country: string;
    };
  };
  items: Array<{ title: string; unitPrice: number; quantity: number; tangible: boolean; externalRef?: string }>;
  pix?: { expiresInDays: number };
  /** [INFERRED from the platform family] */
  boleto?: { expiresInDays: number };
  postbackUrl?: string;
  /** [DOC schema] a JSON-encoded STRING. */
  metadata?: string;
  externalRef?: string;
  traceable?: boolean;
  ip?: string;
}

/** [INFERRED] boleto due in this many days on the cart strategy. */
export const BOLETO_EXPIRES_IN_DAYS = 3;

export function buildTransactionBody(input: {
  amount: number;
  method: PaymentMethod;
  customer: Customer;
  address?: Address | undefined;
  card?: CardInput | undefined;
  installments: number;
  items: Array<{ title: string; unitPrice: number; quantity: number }>;
  orderId: string;
  merchantRef?: string | undefined;
  pixExpiresInSeconds: number;
  postbackUrl?: string | undefined;
}): TransactionCreateBody {
  const body: TransactionCreateBody = {
    amount: input.amount,
    currency: 'BRL',
    paymentMethod: TRANSACTION_PAYMENT_METHOD[input.method],
    installments: input.installments,
    customer: {
      name: input.customer.name,
      email: input.customer.email,
      phone: input.customer.phone,
      document: { number: input.customer.document, type: documentType(input.customer.document) },
    },
    items: input.items.map((i) => ({ title: i.title, unitPrice: i.unitPrice, quantity: i.quantity, tangible: false })),
    metadata: JSON.stringify(input.merchantRef ? { orderId: input.orderId, merchantRef: input.merchantRef } : { orderId: input.orderId }),
    externalRef: input.orderId,
  };
  if (input.address) {
    body.customer.address = {
      street: input.address.street,
      streetNumber: input.address.streetNumber,
      complement: input.address.complement ?? '',
      zipCode: input.address.zipCode,
      neighborhood: input.address.neighborhood,
      city: input.address.city,
      state: input.address.state,
      country: COUNTRY,
    };
  }
  if (input.method === 'PIX') body.pix = { expiresInDays: Math.max(1, Math.ceil(input.pixExpiresInSeconds / 86_400)) };
  if (input.method === 'BOLETO') body.boleto = { expiresInDays: BOLETO_EXPIRES_IN_DAYS };
  if (input.method === 'CREDIT_CARD' && input.card) body.card = toGatewayCard(input.card);
  if (input.postbackUrl) body.postbackUrl = input.postbackUrl;
  return body;
}

// ── reading payment results ───────────────────────────────────────────────────────────────

/** What the helper needs from any gateway payment/transaction payload, before normalisation. */
export interface PaymentParts {
  id: string;
  status?: string | null | undefined;
  amount?: number | null | undefined;
  installments?: number | null | undefined;
  pixCode?: string | null | undefined;
  pixExpiration?: string | null | undefined;
  boleto?:
    | {
        url?: string | null | undefined;
        barcode?: string | null | undefined;
        digitableLine?: string | null | undefined;
        expirationDate?: string | null | undefined;
      }
    | undefined;
  card?: { brand?: string | null | undefined; lastDigits?: string | null | undefined } | undefined;
  refusedReason?: unknown;
  createdAt?: string | null | undefined;
  /** [DOC Summary, CODE 7.2] hosted payment page: `payUrl ?? webUrl ?? appUrl`. */
  payUrl?: string | null | undefined;
}

/** [DOC Summary, CODE 7.2] the hosted payment link, read as `payUrl ?? webUrl ?? appUrl`. */
export function payUrlOf(o: object): string | undefined {
  const r = o as Record<string, unknown>;
  for (const v of [r['payUrl'], r['webUrl'], r['appUrl']]) if (typeof v === 'string' && v.trim()) return v.trim();
  return undefined;
}

/** The string at `key` of a loose object (a field a schema does not name). */
function looseString(o: unknown, key: string): string | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const v = (o as Record<string, unknown>)[key];
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * [CODE, 7.2: UmbrellaPag docs] a refusal may be carried as `rejectionReason` instead of
 * `refusedReason`; both are read, `refusedReason` first.
 */
export const REFUSAL_FIELDS = ['refusedReason', 'rejectionReason'] as const;
function refusalOf(o: unknown): unknown {
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  for (const k of REFUSAL_FIELDS) if (r[k] !== undefined && r[k] !== null && r[k] !== '') return r[k];
  return undefined;
}

/**
 * [CODE, logged responses] public checkout payment: the payment (transaction) id is `data.id`;
 * status and results live in `data.order.payment`. The EMV is read from
 * `order.payment.qrCode ?? order.payment.pix.qrcode ?? order.payment.pix.qrCode`.
 * [INFERRED] boleto/card objects sit beside `pix` there, shaped as on transactions.
 */
export function readCheckoutPayment(d: GatewayCheckoutPayment): PaymentParts {
  const p = d.order?.payment;
  const loose = d as Record<string, unknown>;
  return {
    id: d.id,
    status: p?.status ?? (typeof loose['status'] === 'string' ? (loose['status'] as string) : undefined),
    amount: p?.amount ?? (typeof loose['amount'] === 'number' ? (loose['amount'] as number) : undefined),
    installments: p?.installments,
    pixCode: p?.qrCode ?? p?.pix?.qrcode ?? p?.pix?.qrCode ?? looseString(d, 'qrCode'),
    pixExpiration: p?.pix?.expirationDate,
    boleto: p?.boleto ?? undefined,
    card: p?.card ?? undefined,
    refusedReason: refusalOf(p),
    payUrl: payUrlOf(p ?? {}) ?? payUrlOf(d),
  };
}

/**
 * [CODE] transaction create/find: EMV at `pix.qrcode` (lower-case c), sometimes top-level `qrCode`
 * or (7.2) `copyPaste`; expiry at `pix.expirationDate`. [INFERRED from the family]
 * `boleto{url,barcode,digitableLine,expirationDate}`, `card{brand,lastDigits}`. [CODE 7.2] the
 * hosted link `payUrl ?? webUrl ?? appUrl`.
 */
export function readTransaction(t: GatewayTransaction): PaymentParts {
  return {
    id: t.id,
    status: t.status,
    amount: t.amount,
    installments: t.installments,
    pixCode: t.pix?.qrcode ?? t.pix?.qrCode ?? t.qrCode ?? t.copyPaste,
    pixExpiration: t.pix?.expirationDate,
    boleto: t.boleto ?? undefined,
    card: t.card ?? undefined,
    refusedReason: refusalOf(t),
    createdAt: t.createdAt,
    payUrl: payUrlOf(t),
  };
}

/** An object field of the Summary, or undefined when the docs' placeholder (a string) or null. */
function summaryObject(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
const strOrNull = (v: unknown): string | null | undefined => (typeof v === 'string' ? v : v === null ? null : undefined);

/**
 * [DOC] Summary by ID, read fully: status, amount, installments, the PIX EMV at top-level
 * `qrCode` ([INFERRED] else `pix.qrcode`), the boleto `barcode` at top level ([INFERRED] else the
 * `boleto` object), `refusedReason` (JSON-encoded string, decoded by `readRefusal`), the hosted
 * link `payUrl ?? webUrl ?? appUrl`. The docs show `pix`/`boleto`/`card`/`installments` only as
 * the placeholder "XX": they are read when they have the transaction's shape and ignored otherwise.
 * So a refusal needs no second (full) read: the Summary carries the reason.
 */
export function readSummary(t: GatewaySummary): PaymentParts {
  const pix = summaryObject(t.pix);
  const boleto = summaryObject(t.boleto);
  const card = summaryObject(t.card);
  const parts: PaymentParts = {
    id: t.id,
    status: t.status,
    amount: t.amount,
    installments: typeof t.installments === 'number' ? t.installments : undefined,
    pixCode: t.qrCode ?? strOrNull(pix?.['qrcode']) ?? strOrNull(pix?.['qrCode']),
    pixExpiration: strOrNull(pix?.['expirationDate']),
    refusedReason: refusalOf(t),
    createdAt: t.createdAt,
    payUrl: payUrlOf(t),
  };
  if (boleto || t.barcode) {
    parts.boleto = {
      url: strOrNull(boleto?.['url']) ?? payUrlOf(t),
      barcode: strOrNull(boleto?.['barcode']) ?? t.barcode,
      digitableLine: strOrNull(boleto?.['digitableLine']),
      expirationDate: strOrNull(boleto?.['expirationDate']),
    };
  }
  if (card) parts.card = { brand: strOrNull(card['brand']), lastDigits: strOrNull(card['lastDigits']) };
  return parts;
}

/** The Summary's customer, items and fee, as the docs show them (for consoles and reconciliation). */
export function summaryDetails(t: GatewaySummary): {
  provider: string | undefined;
  customer: GatewaySummary['customer'];
  items: NonNullable<GatewaySummary['items']>;
  fee: GatewaySummary['fee'];
} {
  return { provider: t.provider ?? undefined, customer: t.customer ?? undefined, items: t.items ?? [], fee: t.fee ?? undefined };
}

/**
 * [CODE] one integrator saw unusable PIX expiry dates: trust `expirationDate` only when it parses,
 * lies after year 2000, and is within 30 days of now; otherwise the helper's own expiry is used.
 */
export function saneExpiry(raw: string | null | undefined, now: number): string | undefined {
  if (!raw) return undefined;
  const t = Date.parse(raw);
  if (!Number.isFinite(t)) return undefined;
  if (new Date(t).getUTCFullYear() < 2000) return undefined;
  if (t < now - 86_400_000 || t > now + 30 * 86_400_000) return undefined;
  return new Date(t).toISOString();
}

/**
 * [UNKNOWN] what an expired PIX ends as (no source says; CANCELED or still WAITING_PAYMENT are
 * the likely answers). We expire locally at `pix.expiresAt`: a still-pending status after that
 * instant is reported as `EXPIRED`.
 */
export const EXPIRED_PIX_GATEWAY_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>([
  'WAITING_PAYMENT',
  'CANCELED',
  'EXPIRED',
]);
/**
 * [INFERRED] a buyer cannot cancel a PIX charge, so a gateway `CANCELED` on a PIX means it
 * expired (even before our local expiry instant): reported as `EXPIRED`, and the widget offers a
 * new code. Set to false if a live test shows CANCELED means something else.
 */
export const PIX_CANCELED_MEANS_EXPIRED = true;
/** [INFERRED] boletos are still accepted for a few days after the due date (bank clearing). */
export const BOLETO_GRACE_DAYS = 3;

/**
 * [CODE, family code] status spellings seen in third-party code but in no Bynet doc (the docs'
 * enum is PROCESSING, AUTHORIZED, PAID, REFUNDED, WAITING_PAYMENT, REFUSED, CHARGEDBACK, CANCELED,
 * IN_PROTEST): `PENDING` read as WAITING_PAYMENT, `APPROVED` as PAID, `CANCELLED` as CANCELED.
 */
export const STATUS_ALIASES: Readonly<Record<string, PaymentStatus>> = {
  PENDING: 'WAITING_PAYMENT',
  APPROVED: 'PAID',
  CANCELLED: 'CANCELED',
};

/**
 * [INFERRED, CODE 7.2: one integrator treats `authorized` as paid] a card `AUTHORIZED` is a final
 * success (the money is the merchant's; capture is the gateway's business). Set to false to keep
 * polling an AUTHORIZED payment as PROCESSING until PAID.
 */
export const AUTHORIZED_IS_FINAL_SUCCESS = true;

/** A raw gateway status (any casing, `waiting_payment`, aliases) -> the closed enum, or undefined. */
export function gatewayStatus(raw: unknown): PaymentStatus | undefined {
  if (typeof raw !== 'string') return undefined;
  const up = raw.trim().toUpperCase().replace(/[\s-]+/g, '_');
  const s = Object.hasOwn(STATUS_ALIASES, up) ? STATUS_ALIASES[up]! : up;
  if (!(PAYMENT_STATUSES as readonly string[]).includes(s)) return undefined;
  if (s === 'AUTHORIZED' && !AUTHORIZED_IS_FINAL_SUCCESS) return 'PROCESSING';
  return s as PaymentStatus;
}

/** [INFERRED] an unknown or missing status: pending for PIX/boleto, processing for card. */
export function fallbackStatus(method: PaymentMethod): PaymentStatus {
  return method === 'CREDIT_CARD' ? 'PROCESSING' : 'WAITING_PAYMENT';
}

/** Gateway status string -> contract status, applying local PIX/boleto expiry. */
export function toPaymentStatus(
  raw: unknown,
  method: PaymentMethod,
  expiry: { pixExpiresAt?: string | undefined; boletoDueDate?: string | undefined },
  now: number,
): PaymentStatus {
  const s = gatewayStatus(raw) ?? fallbackStatus(method);
  if (method === 'PIX' && s === 'CANCELED' && PIX_CANCELED_MEANS_EXPIRED) return 'EXPIRED';
  if (method === 'PIX' && expiry.pixExpiresAt && EXPIRED_PIX_GATEWAY_STATUSES.has(s)) {
    if (now >= Date.parse(expiry.pixExpiresAt)) return 'EXPIRED';
  }
  if (method === 'BOLETO' && expiry.boletoDueDate && s === 'WAITING_PAYMENT') {
    const end = Date.parse(`${expiry.boletoDueDate}T23:59:59.999-03:00`) + BOLETO_GRACE_DAYS * 86_400_000;
    if (now > end) return 'EXPIRED';
  }
  return s;
}

/**
 * [DOC] `refusedReason` is a JSON-encoded STRING on Find All (`"{\"code\":\"ERR_INVALID_ARG_TYPE\"}"`);
 * [CODE] integrators also saw plain acquirer text (Portuguese) or an object. All three are read into a
 * short stable code and a truncated message; a JSON string is decoded, never shown raw.
 */
export function readRefusal(raw: unknown): Refusal {
  if (typeof raw === 'string' && raw.trim()) {
    const text = raw.trim();
    if (text.startsWith('{')) {
      try {
        const decoded: unknown = JSON.parse(text);
        if (decoded && typeof decoded === 'object') return readRefusal(decoded);
      } catch {
        // not JSON after all: plain text below
      }
    }
    return { code: 'refused', message: text.slice(0, 500) };
  }
  if (raw && typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    const code = [o['code'], o['reason'], o['refusedReason'], o['rejectionReason']].find((v) => typeof v === 'string' && v.trim());
    const message = [o['message'], o['description'], o['reason']].find((v) => typeof v === 'string' && v.trim());
    return {
      code: typeof code === 'string' ? code.trim().slice(0, 80) : 'refused',
      message: typeof message === 'string' ? message.trim().slice(0, 500) : 'The payment was refused.',
    };
  }
  return { code: 'refused', message: 'The payment was refused.' };
}

const onlyDigits = (s: string | null | undefined): string => (s ?? '').replace(/\D/g, '');

function readBoleto(b: PaymentParts['boleto']): BoletoData | undefined {
  if (!b) return undefined;
  const line = onlyDigits(b.digitableLine);
  if (line.length < 47) return undefined;
  const barcode = onlyDigits(b.barcode);
  const due = b.expirationDate && /^\d{4}-\d{2}-\d{2}/.test(b.expirationDate) ? b.expirationDate.slice(0, 10) : undefined;
  if (!due) return undefined;
  const out: BoletoData = { digitableLine: line, dueDate: due };
  if (barcode.length === 44) out.barcode = barcode;
  const pdf = safeUrl(b.url);
  if (pdf) out.pdfUrl = pdf;
  return out;
}

function readCard(c: PaymentParts['card']): CardResult | undefined {
  if (!c) return undefined;
  const out: CardResult = {};
  if (c.brand) out.brand = c.brand.slice(0, 40).toLowerCase();
  const last = onlyDigits(c.lastDigits).slice(-4);
  if (last.length === 4) out.last4 = last;
  return out.brand || out.last4 ? out : undefined;
}

/**
 * Builds the contract `Payment` from gateway parts. `previous` carries what we learned at creation
 * (PIX code, boleto line, card brand), since status endpoints return less.
 */
export function toPayment(
  parts: PaymentParts,
  ctx: {
    orderId: string;
    method: PaymentMethod;
    amount: number;
    installments?: number | undefined;
    pixExpiresInSeconds: number;
    now: number;
    previous?: Payment | undefined;
  },
): Payment {
  const prev = ctx.previous;
  let pix: PixData | undefined = prev?.pix;
  if (ctx.method === 'PIX' && parts.pixCode && parts.pixCode.length >= 20) {
    const createdAt = parts.createdAt ? Date.parse(parts.createdAt) : NaN;
    const base = Number.isFinite(createdAt) ? createdAt : ctx.now;
    pix = {
      code: parts.pixCode.trim(),
      expiresAt:
        saneExpiry(parts.pixExpiration, ctx.now) ??
        prev?.pix?.expiresAt ??
        new Date(base + ctx.pixExpiresInSeconds * 1000).toISOString(),
    };
  }
  // [INFERRED] a boleto without its own `url` takes the hosted link (`payUrl ?? webUrl ?? appUrl`) as its PDF
  const boletoParts = parts.boleto ? { ...parts.boleto, url: parts.boleto.url ?? parts.payUrl } : undefined;
  const boleto = ctx.method === 'BOLETO' ? (readBoleto(boletoParts) ?? prev?.boleto) : undefined;
  const card = ctx.method === 'CREDIT_CARD' ? (readCard(parts.card) ?? prev?.card) : undefined;
  const status = toPaymentStatus(parts.status, ctx.method, { pixExpiresAt: pix?.expiresAt, boletoDueDate: boleto?.dueDate }, ctx.now);
  const amount =
    typeof parts.amount === 'number' && Number.isInteger(parts.amount) && parts.amount >= 0 ? parts.amount : ctx.amount;
  const payment: Payment = {
    id: parts.id,
    orderId: ctx.orderId,
    method: ctx.method,
    status,
    amount,
    updatedAt: new Date(ctx.now).toISOString(),
  };
  if (pix) payment.pix = pix;
  if (boleto) payment.boleto = boleto;
  if (card) payment.card = card;
  const inst = parts.installments ?? ctx.installments ?? prev?.installments;
  if (ctx.method === 'CREDIT_CARD' && typeof inst === 'number' && inst >= 1 && inst <= 24) payment.installments = inst;
  if (status === 'REFUSED') payment.refusal = readRefusal(parts.refusedReason);
  return payment;
}

/**
 * [CODE] error bodies of refused payments carry `error.refusedReason` (sometimes `refusedReason`
 * at the root, or `status: "REFUSED"`). Returns the reason when an error body is a refusal.
 */
export function errorBodyRefusal(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  const err = o['error'];
  const fromErr = err && typeof err === 'object' ? refusalOf(err) : undefined;
  const r = refusalOf(o) ?? fromErr;
  if (typeof r === 'string' && r) return r.slice(0, 300);
  if (r && typeof r === 'object') return JSON.stringify(r).slice(0, 300);
  const st = typeof o['status'] === 'string' ? o['status'] : undefined;
  if (st && st.toUpperCase() === 'REFUSED') return 'refused';
  return undefined;
}

/**
 * [DOC + CODE] status polling reads `GET /api/user/transactions/{id}/summary` (compact: id,
 * status, amount, paidAt); [INFERRED] the payment id returned by the public checkout is that
 * transaction id. Set to 'transaction' to poll the full transaction instead.
 */
export const STATUS_POLL_SOURCE: 'summary' | 'transaction' = 'summary';

// ── webhooks ──────────────────────────────────────────────────────────────────────────────

/** [DOC] registration type for transaction postbacks. */
export const WEBHOOK_TYPE_TRANSACTION = 'TRANSACTION';

/**
 * [INFERRED] body of Webhook › Create (`POST /api/user/webhook`) and Update (`PUT .../{id}`): the
 * docs say Create takes "a destination URL and an event type" and the Find by ID answer shows
 * `url` and `type`, so the body is `{ url, type }` (Update: only the fields given). The field
 * names of the request are not documented.
 */
export function webhookBody(input: { url?: string | undefined; type?: string | undefined }, create: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.url !== undefined) out['url'] = input.url;
  if (input.type !== undefined) out['type'] = input.type;
  else if (create) out['type'] = WEBHOOK_TYPE_TRANSACTION;
  return out;
}

/**
 * [CODE, 7.2: one AtivoPay integrator] an optional shared secret in the `x-webhook-secret` header
 * of postbacks. Nothing shows the gateway sends it: the helper checks it (in constant time) only
 * when the merchant configures a secret, and still re-fetches every transaction.
 */
export const POSTBACK_SECRET_HEADER = 'x-webhook-secret';

/**
 * Whether a postback's secret header equals the configured secret, compared in constant time
 * (the time depends only on the configured secret's length, never on where the two differ).
 */
export function postbackSecretMatches(got: string | null | undefined, want: string): boolean {
  if (typeof got !== 'string' || want.length === 0) return false;
  const enc = new TextEncoder();
  const a = enc.encode(got);
  const b = enc.encode(want);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.length ? a[i % a.length]! : 0) ^ b[i]!;
  return diff === 0;
}

/**
 * [CODE, 7.2: UmbrellaPag docs] Update delivery status: `PUT /api/user/transactions/{id}/delivery`
 * with `{ "status": "DELIVERED", "trackingCode": "..." }`. Bynet's nav lists "Update delivery
 * status" (PUT) but its body is not in the store; the list filter `deliveryStatus` shows
 * `WAITING`, `IN_TRANSIT` ([DOC]); `DELIVERED` is from the sister docs.
 */
export const DELIVERY_STATUSES = ['WAITING', 'IN_TRANSIT', 'DELIVERED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export function deliveryBody(input: { status: DeliveryStatus; trackingCode?: string | undefined }): { status: DeliveryStatus; trackingCode?: string } {
  return input.trackingCode === undefined ? { status: input.status } : { status: input.status, trackingCode: input.trackingCode };
}

/**
 * [DOC/FAMILY-DOC] postback `{ id?, type, objectId, url?, data }`; the transaction id is
 * `objectId ?? data.id` (unwrapping a doubly wrapped `data.data`). `type`, when present, must be
 * `transaction` (any case); other event types are acknowledged and ignored. [CODE 7.2: UmbrellaPag
 * docs] `type` may sit inside `data` instead of at the root; it is read from either place.
 */
export function postbackTransactionId(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  let data = o['data'];
  for (let i = 0; i < 3 && data && typeof data === 'object' && 'data' in (data as object); i++) {
    data = (data as Record<string, unknown>)['data'];
  }
  const innerType = o['data'] && typeof o['data'] === 'object' ? (o['data'] as Record<string, unknown>)['type'] : undefined;
  const type = typeof o['type'] === 'string' ? o['type'] : typeof innerType === 'string' ? innerType : undefined;
  if (type !== undefined && type.toLowerCase() !== 'transaction') return undefined;
  const fromData = data && typeof data === 'object' ? (data as Record<string, unknown>)['id'] : undefined;
  const id = typeof o['objectId'] === 'string' ? o['objectId'] : typeof fromData === 'string' ? fromData : undefined;
  return id && GATEWAY_ID_PATTERN.test(id) ? id : undefined;
}

/**
 * [INFERRED] the status a postback announces (`data.status`, any casing), lower-cased. Only a
 * dedupe hint: the helper re-fetches the transaction and trusts that answer alone.
 */
export function postbackStatusHint(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  let data = (body as Record<string, unknown>)['data'];
  for (let i = 0; i < 3 && data && typeof data === 'object' && 'data' in (data as object); i++) {
    data = (data as Record<string, unknown>)['data'];
  }
  const status = data && typeof data === 'object' ? (data as Record<string, unknown>)['status'] : undefined;
  return typeof status === 'string' && /^[A-Za-z_]{1,32}$/.test(status) ? status.toLowerCase() : undefined;
}

// ── orders, ownership and reconciliation ──────────────────────────────────────────────────

function metadataObject(metadata: unknown): Record<string, unknown> | undefined {
  let m: unknown = metadata;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch {
      return undefined;
    }
  }
  return m && typeof m === 'object' && !Array.isArray(m) ? (m as Record<string, unknown>) : undefined;
}

/**
 * The helper order a gateway transaction belongs to: [SISTER-DOC] checkout-born transactions
 * carry `metadata` as a JSON string with `linkId`, `sellerId`, `orderId`, `gatewayId`; the
 * transactions the helper creates itself (cart flow) carry `{"orderId", "merchantRef"}` in
 * `metadata` and the order id in `externalRef`. This is what proves a payment is the helper's
 * after its store is lost: the order id is checked against the signed checkout token.
 */
export function orderIdOfTransaction(tx: { metadata?: unknown; externalRef?: string | null | undefined }): string | undefined {
  const v = metadataObject(tx.metadata)?.['orderId'];
  if (typeof v === 'string' && GATEWAY_ID_PATTERN.test(v)) return v;
  const ext = tx.externalRef;
  // [DOC] checkout-born transactions show `externalRef: "undefined"` (a string): not an order id
  return typeof ext === 'string' && ext.startsWith('ord_') && GATEWAY_ID_PATTERN.test(ext) ? ext : undefined;
}

/** The merchant reference the helper wrote in a (cart-flow) transaction's metadata. */
export function merchantRefOfTransaction(tx: { metadata?: unknown }): string | undefined {
  const v = metadataObject(tx.metadata)?.['merchantRef'];
  return typeof v === 'string' && v.length <= 128 ? v : undefined;
}

/** [DOC] transaction `paymentMethod` (`PIX`, `BOLETO`, `CREDIT_CARD`; family docs use lower case). */
export function methodOfTransaction(raw: unknown): PaymentMethod | undefined {
  const s = typeof raw === 'string' ? raw.trim().toUpperCase().replace(/[\s-]/g, '_') : '';
  if (s === 'PIX' || s === 'BOLETO' || s === 'CREDIT_CARD') return s;
  if (s === 'CARD' || s === 'CREDITCARD') return 'CREDIT_CARD';
  return undefined;
}

/**
 * How the helper finds the transactions of one order at the gateway (a lost create answer, a
 * "this order is already paid" refusal): [DOC] the transactions list filters by
 * `documentNumber` (the buyer's CPF/CNPJ, shown formatted in the docs' curl); [INFERRED] newest
 * first, so the first pages hold a checkout that is minutes old. Matching is then done on
 * `orderIdOfTransaction`, never on the document alone.
 */
export const ORDER_TRANSACTIONS_LOOKUP = { filter: 'documentNumber', pageSize: 50, maxPages: 2 } as const;

/** [DOC curl] `documentNumber` formatted: `000.000.000-00` (CPF), `00.000.000/0000-00` (CNPJ). */
export function documentNumberQuery(document: string): string {
  if (/^\d{11}$/.test(document)) return document.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');
  if (/^[0-9A-Z]{12}\d{2}$/.test(document)) return document.replace(/^(.{2})(.{3})(.{3})(.{4})(.{2})$/, '$1.$2.$3/$4-$5');
  return document;
}

/**
 * [CODE x4 + INFERRED] the public checkout's create-payment takes no amount (its body is
 * whitelist-validated): the gateway charges the product's price whatever the installment count.
 * So in the product flow only plans without interest are offered (shown = charged). Set to false
 * if a live test shows the gateway adds its own interest, and model that interest here.
 */
export const PRODUCT_FLOW_CHARGES_PRODUCT_PRICE = true;

/** [UNKNOWN] refund body: `{ amount }` in cents (whole amount when omitted). */
export function refundBody(amount?: number): Record<string, number> | undefined {
  return amount === undefined ? undefined : { amount };
}

// ── merchant misconfiguration and cart shipping (additive) ────────────────────────────────

/**
 * [CODE + DOC 1.4] the create-order error when the checkout's `?hostname=` is not a domain
 * registered for the seller: `Hostname não identificado` (HTTP 400 in the samples; the status is
 * not documented, so the message decides). Matched with or without the accent.
 */
export const HOSTNAME_NOT_REGISTERED_MESSAGE = /hostname\s+n(ã|a)o\s+identificado/i;

/**
 * [DOC schema, transactions create] a cart's shipping fee goes as `shipping: { fee }` in integer
 * cents, with the buyer's address as `shipping.address` when one is known. [INFERRED] `amount` is
 * what is charged (the docs say `unitPrice` is informative), so the fee is ALSO included in
 * `amount`; the items' sum plus `shipping.fee` equals `amount`.
 */
export const SHIPPING_FEE_INCLUDED_IN_AMOUNT = true;
export function shippingPart(
  fee: number,
  address: TransactionCreateBody['customer']['address'] | undefined,
): { fee: number; address?: NonNullable<TransactionCreateBody['customer']['address']> } {
  return address ? { fee, address } : { fee };
}

/**
 * [DOC] the transaction create body takes `pix.expiresInDays` only (whole days, at least 1), so a
 * gateway PIX lives at least a day. [OURS] the payment the buyer sees expires at the helper's
 * `pixExpiresInSeconds` (the lifetime `/config` states): the earlier of the gateway's date and
 * creation + that lifetime. A PIX paid at the gateway after that still settles (EXPIRED -> PAID).
 */
export const PIX_LIFETIME_CLAMPED_TO_CONFIG = true;

/**
 * [DOC + CODE] a product's `shippingType` is `DIGITAL` or `PHYSICAL`; a PHYSICAL product is a
 * tangible good (`items[].tangible: true` on a direct transaction). A missing value is digital.
 */
export function productIsTangible(p: GatewayProduct): boolean {
  return (p as { shippingType?: unknown }).shippingType === 'PHYSICAL';
}
