/**
 * Public and internal types of the gateway sandbox. Shapes follow bynet-api.md; fields the
 * gateway documents nowhere are marked `ASSUMPTION` where they are produced.
 */
import type { SeedLayout, SeedProduct } from './seed.js';

export type GatewayStatus =
  | 'WAITING_PAYMENT'
  | 'PROCESSING'
  | 'AUTHORIZED'
  | 'PAID'
  | 'REFUSED'
  | 'CANCELED'
  | 'REFUNDED'
  | 'CHARGEDBACK'
  | 'IN_PROTEST';

export type GatewayMethod = 'PIX' | 'BOLETO' | 'CREDIT_CARD';

export interface SandboxOptions {
  /** The one API key the sandbox accepts in `x-api-key`. Required. */
  apiKey: string;
  /** Exact `User-Agent` required on `/api/...` calls. Default `AtivoB2B/1.0`. */
  userAgent?: string;
  /** Prefix the sandbox is mounted under (e.g. `/sandbox`); stripped; other paths get 404. */
  basePath?: string;
  /** Absolute base URL the sandbox is reachable at (boleto PDF links, PIX locations). Default: from the request URL. */
  publicUrl?: string;
  /**
   * Secret of the HMAC that signs boleto PDF links (`/boleto/<id>.pdf?sig=...`); a PDF is served
   * only for a link the sandbox made. Default: random per sandbox.
   */
  linkSecret?: string;
  /** Hostnames accepted in `?hostname=` on the public checkout. Default `['localhost', '127.0.0.1']`. */
  allowedHostnames?: string[];
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Random source in [0, 1) for ids and codes. Default: crypto-backed. */
  random?: () => number;
  /** PIX lifetime when the request does not say. Default 900 s. */
  pixExpiresInSeconds?: number;
  /** Boleto due date in days from now when the request does not say. Default 3. */
  boletoDueDays?: number;
  /** How long the "processing" test card stays PROCESSING before PAID. Default 3000 ms. */
  processingDelayMs?: number;
  /** `fetch` used for postbacks. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra postback destination for every transaction (besides `postbackUrl` and webhooks). */
  postbackUrl?: string;
  /** How long one postback delivery may take before it is abandoned. Default 5000 ms. */
  postbackTimeoutMs?: number;
  /** Receives one line per gateway call and per failed postback. Never gets keys or card data. */
  log?: (line: string) => void;
  /**
   * Strict mode: answer ONLY the shapes and fields the Bynet docs show (sandbox extras dropped,
   * invented routes 404); see README.md "Invented shapes". Also `POST /__sandbox/strict`. Default false.
   */
  strict?: boolean;
  /**
   * When set, every postback carries this value in an `x-webhook-secret` header. INVENTED: one
   * integrator's handler expects such a header; nothing shows the gateway sends it.
   */
  postbackSecret?: string;
  /**
   * Ids of new transactions. Default: UUIDs. The docs also show other forms (Summary by ID is
   * called with `4dfg2gasio6peu54m6wyugv6ter343`, Find All shows 13 digits in the last group), so
   * tests can make the sandbox use them; ids must match `[A-Za-z0-9][A-Za-z0-9_-]*`.
   */
  transactionId?: () => string;
}

/** A fault injected on matching gateway calls (`POST /__sandbox/faults`). */
export interface FaultSpec {
  /** `'<METHOD> <path pattern>'` (`*` = one path segment, `**` = any rest; method may be `*`), or `'*'` for every call. */
  route: string;
  /** Delay before answering (or before the other effects). */
  latencyMs?: number;
  /** Answer with this HTTP status and a gateway error envelope (e.g. 500, 503). */
  status?: number;
  /** Never answer until the client aborts. */
  timeout?: boolean;
  /** Answer 429 with `Retry-After: retryAfter` (seconds). */
  rateLimit?: { retryAfter: number };
  /** How many calls the fault affects; default unlimited. */
  times?: number;
  /**
   * Perform the call first (create, charge, ...), then lose its answer: answer `status` instead,
   * or drop the connection (`reset`). Needs exactly one of `status` / `reset`; not with
   * `timeout` or `rateLimit`.
   */
  afterCommit?: boolean;
  /**
   * Drop the connection without any HTTP answer: before performing the call, or after it with
   * `afterCommit`. Not with `status`, `timeout` or `rateLimit`. Served by `startSandbox`; other
   * servers check `isDroppedResponse(res)` and destroy the socket.
   */
  reset?: boolean;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Calls affected so far. */
  hits: number;
}

export interface PostbackSettings {
  /** Send every postback this many times (>= 1). Default 1. */
  duplicates: number;
  /** Hold postbacks and deliver them newest-first on release. */
  outOfOrder: boolean;
  /**
   * Post only these (lower-case) statuses, e.g. `['waiting_payment']` as one integrator's logs
   * show; other status changes are silent (polling must find them). Absent: every status.
   */
  onlyStatuses?: string[];
}

export interface CallRecord {
  method: string;
  /** Path after the base path, without the query string. */
  path: string;
  /** Raw query string without `?` ('' when none). */
  query: string;
  /** HTTP status answered; 0 while unanswered, when the client gave up on a timeout fault, or when a `reset` fault dropped the connection. */
  status: number;
  /** Only on calls hit by an `afterCommit` fault: the status the call really produced before its answer was lost. */
  committedStatus?: number;
}

export interface PostbackDelivery {
  /** Delivery number (the postback's `id`). */
  id: number;
  url: string;
  objectId: string;
  /** Lower-case status carried by this postback. */
  status: string;
  /** HTTP status the receiver answered, or 0 when the delivery failed. */
  httpStatus: number;
  ok: boolean;
  error?: string;
}

export interface AddressRecord {
  street: string;
  streetNumber: string;
  complement: string;
  zipCode: string;
  neighborhood: string;
  city: string;
  state: string;
  country: string;
}

export interface CustomerRecord {
  id: string;
  name: string;
  email: string;
  phone: string;
  document: { number: string; type: 'CPF' | 'CNPJ' };
  address: AddressRecord | null;
  externalRef: string | null;
  createdAt: string;
}

export interface ItemRecord {
  title: string;
  unitPrice: number;
  quantity: number;
  tangible: boolean;
  externalRef: string | null;
}

/** Card data as stored: never the full number, never the CVV. */
export interface CardRecord {
  id: string;
  brand: string;
  holderName: string;
  lastDigits: string;
  expirationMonth: number;
  expirationYear: number;
  reusable: boolean;
  createdAt: string;
}

export interface TransactionRecord {
  id: string;
  amount: number;
  refundedAmount: number;
  paymentMethod: GatewayMethod;
  installments: number | null;
  status: GatewayStatus;
  postbackUrl: string | null;
  metadata: string | null;
  traceable: boolean;
  secureId: string | null;
  secureUrl: string | null;
  paidAt: string | null;
  ip: string | null;
  externalRef: string | null;
  endToEndId: string | null;
  refusedReason: string | null;
  /** ASSUMPTION: stable machine code next to `refusedReason` (sandbox extra). */
  refusedCode: string | null;
  companyId: string;
  createdAt: string;
  updatedAt: string;
  pix: { qrcode: string; expirationDate: string; end2EndId: string | null } | null;
  boleto: { url: string; barcode: string; digitableLine: string; instructions: string; expirationDate: string } | null;
  card: CardRecord | null;
  customer: CustomerRecord;
  items: ItemRecord[];
  shipping: { fee: number; address: AddressRecord | null } | null;
  refunds: RefundRecord[];
  splits: unknown[];
  delivery: { status: string | null; trackingCode: string | null };
  fee: { fixedAmount: number; spreadPercentage: number; estimatedFee: number; netAmount: number };
}

/**
 * One refund of a transaction. ASSUMPTION: the entry's shape (`id`, `amount` in cents,
 * `createdAt`); the gateway documents `refunds[]` but not its items.
 */
export interface RefundRecord {
  id: string;
  amount: number;
  createdAt: string;
}

export interface OrderRecord {
  id: string;
  productId: string;
  uniqueProductLinkId: string;
  amount: number;
  status: 'PENDING' | 'PAID';
  hostname: string;
  transactionIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface WebhookRecord {
  id: string;
  gatewayId: string;
  sellerId: string;
  url: string;
  type: string;
  createdAt: string;
  updatedAt: string;
}

/** Plain-object snapshot of everything the sandbox holds (`sandbox.state`). */
export interface SandboxState {
  products: SeedProduct[];
  layouts: SeedLayout[];
  customers: CustomerRecord[];
  orders: OrderRecord[];
  transactions: TransactionRecord[];
  webhooks: WebhookRecord[];
  faults: Fault[];
  postbacks: PostbackSettings & { held: number; deliveries: PostbackDelivery[] };
}

/** Counts answered by `GET /__sandbox/state`. */
export interface SandboxCounts {
  orders: number;
  transactions: number;
  byStatus: Partial<Record<GatewayStatus, number>>;
  customers: number;
  webhooks: number;
  calls: number;
  postbacksDelivered: number;
  postbacksHeld: number;
}

export interface Sandbox {
  /** Web-standard handler: every gateway, asset and control route. */
  handle(req: Request): Promise<Response>;
  /** Snapshot of the state (plain objects; safe to JSON.stringify). */
  readonly state: SandboxState;
  /** Every gateway call received (not control or asset routes), oldest first. */
  readonly calls: readonly CallRecord[];
  /** Every postback delivery attempted, oldest first. */
  readonly deliveries: readonly PostbackDelivery[];
  /** Back to the seed state: clears orders, transactions, calls, faults, postback settings (registered webhooks stay). */
  reset(): void;
  counts(): SandboxCounts;
  /** Marks a transaction PAID. Throws `SandboxError` (404 / 409). */
  pay(id: string): TransactionRecord;
  /** Marks a transaction REFUSED with `reason`. */
  refuse(id: string, reason?: string): TransactionRecord;
  /** Ends a pending PIX/boleto: CANCELED, expiration moved to now. */
  expire(id: string): TransactionRecord;
  /**
   * Refunds `amount` cents (default: all that remains) of a PAID or AUTHORIZED transaction, as
   * `POST /api/user/transactions/{id}/refund` does. Throws `SandboxError` (404 / 409 / 400).
   */
  refund(id: string, amount?: number): TransactionRecord;
  setFault(spec: FaultSpec): Fault;
  clearFaults(): void;
  /** `onlyStatuses: null` goes back to posting every status. */
  setPostbacks(settings: Partial<Omit<PostbackSettings, 'onlyStatuses'>> & { onlyStatuses?: string[] | null }): PostbackSettings;
  /** Turns strict mode (documented shapes only) on or off; returns the new value. */
  setStrict(on: boolean): boolean;
  /** Whether strict mode is on. */
  readonly strict: boolean;
  /** Sends the held (out-of-order) postbacks newest-first and waits for them. */
  releasePostbacks(): Promise<void>;
  /** Resolves once no postback delivery is in flight. */
  idle(): Promise<void>;
  clearCalls(): void;
  /** Stops timers and answers every request held by a `timeout` fault. */
  dispose(): void;
}
