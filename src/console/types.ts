/**
 * The merchant console's HTTP contract: the JSON the admin routes (`src/server/admin`) answer and
 * the console components (`src/console/components`) read. Shared by both sides, so a change here is
 * a change of the contract. Amounts are integer cents (BRL); dates are ISO 8601 strings.
 *
 * Routes, relative to where the merchant mounts the admin handler (e.g. `/api/admin`). All are GET,
 * all require the merchant's `authorize(req)` hook to pass (401 `unauthorized` otherwise):
 *
 * - `/transactions` - query: `page` (1-based), `limit` (1-100, default 20), and the gateway's Find
 *   All filters: `id`, `paymentMethods` and `status` (several values, repeated or comma-separated;
 *   they go to the gateway comma-separated as its docs show), `deliveryStatus`, `installments`
 *   (these two also take several values, as the docs' example `installments=1, 2, 3`), `name`,
 *   `email`, `phone`, `documentNumber` (in the docs' example request; digits or formatted),
 *   `traceable` (`true`/`false`). Answers `ConsolePage<ConsoleTransaction>`.
 * - `/transactions.csv` - same filters; streams every page as CSV (`text/csv; charset=utf-8`,
 *   header row first), one gateway page at a time.
 * - `/transactions/:id` - answers `ConsoleTransactionSummary` (from the gateway's Summary by ID).
 * - `/customers` - query: `source` (`bynet` default, `pagarme`, `passport`; only the sources the
 *   merchant configured), `q` (free text: name, e-mail or document), `name`, `email`, `document`,
 *   `cursor` (opaque, from a previous answer), `limit`. Answers `ConsoleCustomerPage`.
 * - `/sources` - answers `{ sources: CustomerSource[] }`, the customer directories configured.
 *
 * Errors use the helper's envelope: `{ "error": { "code": ConsoleErrorCode, "message": string } }`.
 */

export const CONSOLE_STATUSES = [
  'PROCESSING',
  'AUTHORIZED',
  'PAID',
  'REFUNDED',
  'WAITING_PAYMENT',
  'REFUSED',
  'CHARGEDBACK',
  'CANCELED',
  'IN_PROTEST',
] as const;
export type ConsoleStatus = (typeof CONSOLE_STATUSES)[number];

export const CONSOLE_METHODS = ['PIX', 'BOLETO', 'CREDIT_CARD'] as const;
export type ConsoleMethod = (typeof CONSOLE_METHODS)[number];

export type CustomerSource = 'bynet' | 'pagarme' | 'passport';

export type ConsoleErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'invalid_request'
  | 'not_found'
  | 'source_not_configured'
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'internal_error';

export interface ConsoleErrorEnvelope {
  error: { code: ConsoleErrorCode; message: string };
}

/** One page of a page-numbered list. */
export interface ConsolePage<T> {
  data: T[];
  page: number;
  limit: number;
  /** Total pages and items when the source says; null when it does not. */
  pages: number | null;
  total: number | null;
  hasMore: boolean;
}

/** A row of the transactions list: only what the list shows. */
export interface ConsoleTransaction {
  id: string;
  createdAt: string | null;
  status: ConsoleStatus | string;
  paymentMethod: ConsoleMethod | string;
  amount: number;
  refundedAmount: number;
  installments: number | null;
  deliveryStatus: string | null;
  customer: { name: string | null; email: string | null } | null;
}

export interface ConsoleDocument {
  /** CPF, CNPJ, or another provider's type (e.g. Passport's CC, NIT). */
  type: string;
  number: string;
}

/** A step of the status timeline: what is known of when the transaction reached each state. */
export interface ConsoleTimelineStep {
  status: 'CREATED' | 'PAID' | 'UPDATED' | ConsoleStatus;
  at: string;
}

/** The Summary by ID, as the detail shows it. */
export interface ConsoleTransactionSummary {
  id: string;
  status: ConsoleStatus | string;
  paymentMethod: ConsoleMethod | string;
  amount: number;
  refundedAmount: number | null;
  installments: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  paidAt: string | null;
  externalRef: string | null;
  provider: string | null;
  timeline: ConsoleTimelineStep[];
  customer: {
    name: string | null;
    email: string | null;
    phone: string | null;
    document: ConsoleDocument | null;
    address: {
      street: string | null;
      streetNumber: string | null;
      complement: string | null;
      zipCode: string | null;
      neighborhood: string | null;
      city: string | null;
      state: string | null;
      country: string | null;
    } | null;
  } | null;
  items: { title: string; unitPrice: number; quantity: number; tangible: boolean }[];
  /** The gateway's fee figures as it states them; `netAmount` is what the merchant receives. */
  fee: { fixedAmount: number | null; spreadPercentage: number | null; estimatedFee: number | null; netAmount: number | null } | null;
  pix: { qrCode: string | null } | null;
  boleto: { barcode: string | null; url: string | null } | null;
  /** Where the buyer pays (`payUrl ?? webUrl ?? appUrl`), when the gateway gives one. */
  payUrl: string | null;
  /** The refusal decoded from the gateway's JSON-encoded `refusedReason`; null when not refused. */
  refusal: { code: string | null; message: string | null } | null;
}

/** One customer, the same shape whatever directory it came from. */
export interface ConsoleCustomer {
  source: CustomerSource;
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  document: ConsoleDocument | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A page of customers. Page-numbered and cursor sources alike answer with opaque cursors. */
export interface ConsoleCustomerPage {
  source: CustomerSource;
  data: ConsoleCustomer[];
  /** Pass as `cursor` to get the next / previous page; null at the end / start. */
  next: string | null;
  previous: string | null;
  total: number | null;
}
