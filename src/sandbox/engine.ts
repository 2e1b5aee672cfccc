/**
 * The sandbox's in-memory gateway: seeded catalogue, orders, transactions, customers, webhooks,
 * and every status transition. HTTP lives in `routes.ts` / `control.ts`; postbacks are sent by
 * `postbacks.ts` whenever `setStatus` runs.
 */
import { buildBoletoBarcode, boletoBarcodeToLine } from '../brazil/boleto.js';
import { detectCardBrand } from '../brazil/card.js';
import { buildPixCode } from '../brazil/pix.js';
import {
  GATEWAY_ID,
  LAYOUTS,
  PRODUCTS,
  SELLER_ID,
  TEST_CARDS,
  generateCustomers,
} from './seed.js';
import type { SeedLayout, SeedProduct, TestCard } from './seed.js';
import type {
  CardRecord,
  CustomerRecord,
  GatewayMethod,
  GatewayStatus,
  ItemRecord,
  OrderRecord,
  TransactionRecord,
  WebhookRecord,
} from './types.js';
import { SandboxError, iso, saoPauloDate, uuid } from './util.js';

export interface EngineConfig {
  now: () => number;
  random: () => number;
  pixExpiresInSeconds: number;
  boletoDueDays: number;
  processingDelayMs: number;
  /** Signature of a boleto's PDF link (`?sig=`), checked when the PDF is served. */
  boletoLinkSig?: (transactionId: string) => string;
  /** Called after every status change (creation included). */
  onStatus: (tx: TransactionRecord) => void;
  /** Id of a new transaction; default a UUID. */
  transactionId?: (() => string) | undefined;
}

/** Card fields as received; used once to decide the outcome and then dropped. */
export interface CardInput {
  number: string;
  holderName: string;
  expirationMonth: number;
  expirationYear: number;
}

export interface NewTransaction {
  amount: number;
  paymentMethod: GatewayMethod;
  installments: number | null;
  customer: Omit<CustomerRecord, 'id' | 'createdAt' | 'externalRef'> & { externalRef?: string | null };
  items: ItemRecord[];
  card?: CardInput;
  postbackUrl?: string | null;
  metadata?: string | null;
  externalRef?: string | null;
  traceable?: boolean;
  ip?: string | null;
  shipping?: TransactionRecord['shipping'];
  /** Overrides the default PIX lifetime. */
  pixExpiresInSeconds?: number;
  /** Overrides the default boleto due days. */
  boletoDueDays?: number;
  /** Absolute base URL of the sandbox (boleto PDF, PIX location). */
  baseUrl: string;
}

/** Statuses from which a transaction may still be paid, refused or expired. */
const OPEN: ReadonlySet<GatewayStatus> = new Set(['WAITING_PAYMENT', 'PROCESSING', 'AUTHORIZED']);

const BANK_CODE = '001';
const BOLETO_INSTRUCTIONS = 'Não receber após o vencimento. Boleto do simulador Bynet: não tem valor.';

/** ASSUMPTION: fee model (the gateway's fees are not documented); for realistic `fee` objects only. */
const FEES: Record<GatewayMethod, { fixed: number; spread: number }> = {
  PIX: { fixed: 0, spread: 0.99 },
  BOLETO: { fixed: 349, spread: 0 },
  CREDIT_CARD: { fixed: 0, spread: 3.99 },
};

export class Engine {
  products = new Map<string, SeedProduct>();
  layouts = new Map<string, SeedLayout>();
  customers = new Map<string, CustomerRecord>();
  orders = new Map<string, OrderRecord>();
  transactions = new Map<string, TransactionRecord>();
  webhooks = new Map<string, WebhookRecord>();
  /** Transaction id -> epoch ms at which a PROCESSING card settles. */
  private settleAt = new Map<string, number>();
  /** Pending PIX id -> epoch ms of its `pix.expirationDate` (it ends as CANCELED then). */
  private expireAt = new Map<string, number>();
  /** A lower bound of the `expireAt` values (exact after each scan): no scan before it. */
  private nextExpiry = Infinity;
  /** One unref'd timer for the soonest PIX expiry, and the instant it is armed for. */
  private wake: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Infinity;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly cfg: EngineConfig;

  constructor(cfg: EngineConfig) {
    this.cfg = cfg;
    this.seed();
  }

  seed(): void {
    this.stopTimers();
    this.products = new Map(PRODUCTS.map((p) => [p.id, structuredClone(p)]));
    this.layouts = new Map(LAYOUTS.map((l) => [l.id, structuredClone(l)]));
    this.customers = new Map(generateCustomers().map((c) => [c.id, c]));
    this.orders = new Map();
    this.transactions = new Map();
    this.webhooks = new Map();
    this.settleAt = new Map();
    this.expireAt = new Map();
    this.nextExpiry = Infinity;
  }

  stopTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.disarmWake();
  }

  private nowIso(): string {
    return iso(this.cfg.now());
  }

  /** Product by product id or (ASSUMPTION) by its link id. */
  findProduct(idOrLink: string): SeedProduct | undefined {
    return this.products.get(idOrLink) ?? [...this.products.values()].find((p) => p.uniqueProductLinkId === idOrLink);
  }

  /**
   * Settles PROCESSING cards whose delay has passed and ends pending PIX whose expiration date
   * has passed, both on the injected clock. Runs lazily on reads, and from timers.
   */
  tick(): void {
    const now = this.cfg.now();
    for (const [id, at] of this.settleAt) {
      if (at <= now) this.settle(id);
    }
    if (now >= this.nextExpiry) {
      let next = Infinity;
      for (const [id, at] of this.expireAt) {
        if (at <= now) this.expireOnTime(id);
        else if (at < next) next = at;
      }
      this.nextExpiry = next;
    }
  }

  /**
   * ASSUMPTION (the gateway's end state for an expired PIX is undocumented, bynet-api.md 6.6):
   * a pending PIX whose `pix.expirationDate` has passed ends by itself as CANCELED (expiration
   * date kept), with a postback like any other status change.
   */
  private expireOnTime(id: string): void {
    this.expireAt.delete(id);
    const tx = this.transactions.get(id);
    if (tx && tx.status === 'WAITING_PAYMENT') this.setStatus(tx, 'CANCELED');
  }

  private scheduleExpiry(id: string, at: number): void {
    this.expireAt.set(id, at);
    if (at < this.nextExpiry) this.nextExpiry = at;
    if (at < this.wakeAt) this.armWake();
  }

  private disarmWake(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    this.wakeAt = Infinity;
  }

  /**
   * Arms the one expiry timer for the soonest pending PIX. The delay is measured on the injected
   * clock; when it fires, `tick` decides on that clock. It re-arms only when the clock moved while
   * it waited, so a frozen test clock does not wake it again and again (reads still expire lazily).
   */
  private armWake(): void {
    this.disarmWake();
    if (this.expireAt.size === 0 || this.nextExpiry === Infinity) return;
    const armedAt = this.cfg.now();
    const at = this.nextExpiry;
    const delay = Math.min(Math.max(0, at - armedAt), 2_147_483_647);
    this.wakeAt = at;
    const t = setTimeout(() => {
      if (this.wake !== t) return;
      this.wake = undefined;
      this.wakeAt = Infinity;
      this.tick();
      if (this.cfg.now() > armedAt) this.armWake();
    }, delay);
    t.unref?.();
    this.wake = t;
  }

  private settle(id: string): void {
    this.settleAt.delete(id);
    const tx = this.transactions.get(id);
    if (tx && tx.status === 'PROCESSING') this.markPaid(tx);
  }

  getTransaction(id: string): TransactionRecord {
    this.tick();
    const tx = this.transactions.get(id);
    if (!tx) throw new SandboxError(404, 'Transação não encontrada');
    return tx;
  }

  // ── orders ────────────────────────────────────────────────────────────────────────────────

  createOrder(linkId: string, hostname: string): OrderRecord {
    const product = [...this.products.values()].find((p) => p.uniqueProductLinkId === linkId);
    if (!product || product.deletedAt) throw new SandboxError(404, 'Produto não encontrado');
    // ASSUMPTION: an inactive product cannot be sold.
    if (product.status !== 'ACTIVE') throw new SandboxError(400, 'Produto inativo');
    const at = this.nowIso();
    const order: OrderRecord = {
      id: uuid(this.cfg.random),
      productId: product.id,
      uniqueProductLinkId: product.uniqueProductLinkId,
      amount: product.unitPrice,
      status: 'PENDING',
      hostname,
      transactionIds: [],
      createdAt: at,
      updatedAt: at,
    };
    this.orders.set(order.id, order);
    return order;
  }

  // ── customers ─────────────────────────────────────────────────────────────────────────────

  /** ASSUMPTION: the gateway keeps one customer per document number and reuses it. */
  private upsertCustomer(c: NewTransaction['customer']): CustomerRecord {
    const existing = [...this.customers.values()].find((x) => x.document.number === c.document.number);
    if (existing) {
      return { ...structuredClone(existing), name: c.name, email: c.email, phone: c.phone, address: c.address ?? existing.address };
    }
    const created: CustomerRecord = {
      id: uuid(this.cfg.random),
      name: c.name,
      email: c.email,
      phone: c.phone,
      document: { ...c.document },
      address: c.address ? { ...c.address } : null,
      externalRef: c.externalRef ?? null,
      createdAt: this.nowIso(),
    };
    this.customers.set(created.id, created);
    return structuredClone(created);
  }

  // ── transactions ──────────────────────────────────────────────────────────────────────────

  createTransaction(input: NewTransaction): TransactionRecord {
    const now = this.cfg.now();
    const at = iso(now);
    const id = this.newTransactionId();
    const fee = FEES[input.paymentMethod];
    const estimatedFee = fee.fixed + Math.round((input.amount * fee.spread) / 100);
    const tx: TransactionRecord = {
      id,
      amount: input.amount,
      refundedAmount: 0,
      paymentMethod: input.paymentMethod,
      installments: input.installments,
      status: 'WAITING_PAYMENT',
      postbackUrl: input.postbackUrl ?? null,
      metadata: input.metadata ?? null,
      traceable: input.traceable ?? false,
      secureId: null,
      secureUrl: null,
      paidAt: null,
      ip: input.ip ?? null,
      externalRef: input.externalRef ?? null,
      endToEndId: null,
      refusedReason: null,
      refusedCode: null,
      companyId: SELLER_ID,
      createdAt: at,
      updatedAt: at,
      pix: null,
      boleto: null,
      card: null,
      customer: this.upsertCustomer(input.customer),
      items: input.items.map((i) => ({ ...i })),
      shipping: input.shipping ?? null,
      refunds: [],
      splits: [],
      delivery: { status: null, trackingCode: null },
      fee: { fixedAmount: fee.fixed, spreadPercentage: fee.spread, estimatedFee, netAmount: input.amount - estimatedFee },
    };

    let pixExpiresAt: number | undefined;
    if (input.paymentMethod === 'PIX') {
      const seconds = input.pixExpiresInSeconds ?? this.cfg.pixExpiresInSeconds;
      pixExpiresAt = now + seconds * 1000;
      tx.pix = { qrcode: this.pixCode(id, input.amount, input.baseUrl), expirationDate: iso(pixExpiresAt), end2EndId: null };
    } else if (input.paymentMethod === 'BOLETO') {
      tx.boleto = this.boleto(id, input.amount, now, input.boletoDueDays ?? this.cfg.boletoDueDays, input.baseUrl);
    } else {
      const card = input.card;
      if (!card) throw new SandboxError(400, 'O campo "card" é obrigatório.');
      const test = TEST_CARDS.find((t) => t.number === card.number);
      tx.card = this.cardRecord(card, test, at);
      tx.secureId = uuid(this.cfg.random);
      this.applyCardOutcome(tx, test);
    }
    this.transactions.set(id, tx);
    this.cfg.onStatus(tx);
    if (tx.status === 'PROCESSING') this.scheduleSettle(tx.id, now);
    if (pixExpiresAt !== undefined && tx.status === 'WAITING_PAYMENT') this.scheduleExpiry(tx.id, pixExpiresAt);
    return tx;
  }

  /** A fresh transaction id: the configured generator's (retried on a clash), else a UUID. */
  private newTransactionId(): string {
    const gen = this.cfg.transactionId;
    for (let i = 0; gen && i < 5; i++) {
      const id = gen();
      if (typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id) && !this.transactions.has(id)) return id;
    }
    return uuid(this.cfg.random);
  }

  private cardRecord(card: CardInput, test: TestCard | undefined, at: string): CardRecord {
    // Only the last four digits are kept; the number and the CVV are never stored.
    return {
      id: uuid(this.cfg.random),
      brand: test?.brand ?? detectCardBrand(card.number)?.brand ?? 'unknown',
      holderName: card.holderName,
      lastDigits: card.number.slice(-4),
      expirationMonth: card.expirationMonth,
      expirationYear: card.expirationYear,
      reusable: false,
      createdAt: at,
    };
  }

  private applyCardOutcome(tx: TransactionRecord, test: TestCard | undefined): void {
    if (!test || test.outcome === 'approved') {
      tx.status = 'PAID';
      tx.paidAt = tx.createdAt;
    } else if (test.outcome === 'processing') {
      tx.status = 'PROCESSING';
    } else {
      tx.status = 'REFUSED';
      tx.refusedReason = test.refusal?.message ?? 'Transação recusada';
      tx.refusedCode = test.refusal?.code ?? 'refused';
    }
  }

  private scheduleSettle(id: string, now: number): void {
    this.settleAt.set(id, now + this.cfg.processingDelayMs);
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.settleAt.has(id)) this.settle(id);
    }, this.cfg.processingDelayMs);
    t.unref?.();
    this.timers.add(t);
  }

  /** Dynamic BR Code whose location is this sandbox's `/pix/qr/<txid>`. */
  private pixCode(id: string, amount: number, baseUrl: string): string {
    const txid = id.replace(/-/g, '');
    const base = new URL(baseUrl);
    const location = `${base.host}${base.pathname.replace(/\/$/, '')}/pix/qr/${txid}`;
    const common = { merchantName: 'BYNET SANDBOX', merchantCity: 'SAO PAULO', amount };
    try {
      return buildPixCode({ ...common, url: location });
    } catch {
      // Location too long for the EMV field (very long public URL): use a short placeholder host.
      return buildPixCode({ ...common, url: `pix.sandbox.invalid/qr/${txid}` });
    }
  }

  private boleto(id: string, amount: number, now: number, dueDays: number, baseUrl: string): NonNullable<TransactionRecord['boleto']> {
    const dueDate = saoPauloDate(now + dueDays * 86_400_000);
    const freeField = (BigInt(`0x${id.replace(/-/g, '')}`) % 10n ** 25n).toString().padStart(25, '0');
    const barcode = buildBoletoBarcode({ bankCode: BANK_CODE, amount, dueDate, freeField });
    return {
      url: `${baseUrl.replace(/\/$/, '')}/boleto/${id}.pdf${this.cfg.boletoLinkSig ? `?sig=${this.cfg.boletoLinkSig(id)}` : ''}`,
      barcode,
      digitableLine: boletoBarcodeToLine(barcode),
      instructions: BOLETO_INSTRUCTIONS,
      // ASSUMPTION: the due date at 12:00 UTC, so that its first 10 characters are the due date.
      expirationDate: `${dueDate}T12:00:00.000Z`,
    };
  }

  // ── status transitions ────────────────────────────────────────────────────────────────────

  private setStatus(tx: TransactionRecord, status: GatewayStatus): void {
    tx.status = status;
    tx.updatedAt = this.nowIso();
    this.settleAt.delete(tx.id);
    this.expireAt.delete(tx.id);
    this.cfg.onStatus(tx);
  }

  private markPaid(tx: TransactionRecord): void {
    tx.paidAt = this.nowIso();
    if (tx.paymentMethod === 'PIX') {
      tx.endToEndId = this.endToEndId();
      if (tx.pix) tx.pix.end2EndId = tx.endToEndId;
    }
    for (const order of this.orders.values()) {
      if (order.transactionIds.includes(tx.id)) {
        order.status = 'PAID';
        order.updatedAt = tx.paidAt;
      }
    }
    this.setStatus(tx, 'PAID');
  }

  /** `E` + payer ISPB (8) + `yyyyMMddHHmm` + 11 random characters: a PIX end-to-end id. */
  private endToEndId(): string {
    const stamp = iso(this.cfg.now()).replace(/\D/g, '').slice(0, 12);
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let rest = '';
    for (let i = 0; i < 11; i++) rest += chars[Math.floor(this.cfg.random() * chars.length)];
    return `E18236120${stamp}${rest}`;
  }

  private requireOpen(tx: TransactionRecord, action: string): void {
    if (!OPEN.has(tx.status)) throw new SandboxError(409, `Não é possível ${action} uma transação com status ${tx.status}`);
  }

  pay(id: string): TransactionRecord {
    const tx = this.getTransaction(id);
    this.requireOpen(tx, 'pagar');
    this.markPaid(tx);
    return tx;
  }

  refuse(id: string, reason?: string): TransactionRecord {
    const tx = this.getTransaction(id);
    this.requireOpen(tx, 'recusar');
    tx.refusedReason = reason?.trim() || 'Transação recusada pelo simulador';
    tx.refusedCode = 'refused';
    this.setStatus(tx, 'REFUSED');
    return tx;
  }

  /**
   * ASSUMPTION (the gateway's end state for an expired PIX/boleto is undocumented): a pending
   * boleto stays WAITING_PAYMENT after its due date; a pending PIX ends by itself as CANCELED once
   * its expiration date passes (`tick`). This control action ends either one now, as CANCELED,
   * with the expiration date moved to now.
   */
  expire(id: string): TransactionRecord {
    const tx = this.getTransaction(id);
    this.requireOpen(tx, 'expirar');
    const at = this.nowIso();
    if (tx.pix) tx.pix.expirationDate = at;
    if (tx.boleto) tx.boleto.expirationDate = at;
    this.setStatus(tx, 'CANCELED');
    return tx;
  }

  /**
   * ASSUMPTION: the gateway documents no refund endpoint; the platform family shows `refunds[]`
   * and `refundedAmount` on the transaction. Refunds `amount` cents (default: all that remains) of
   * a PAID or AUTHORIZED transaction: a `refunds[]` entry is added, `refundedAmount` grows, and the
   * transaction becomes REFUNDED once nothing remains (a partial refund keeps its status). Every
   * refund sends a postback (the docs say postbacks follow refunds too). The order keeps its
   * status (ASSUMPTION).
   */
  refund(id: string, amount?: number): TransactionRecord {
    const tx = this.getTransaction(id);
    if (tx.status !== 'PAID' && tx.status !== 'AUTHORIZED') {
      throw new SandboxError(409, `Não é possível estornar uma transação com status ${tx.status}`);
    }
    const remaining = tx.amount - tx.refundedAmount;
    const value = amount ?? remaining;
    if (!Number.isInteger(value) || value < 1) throw new SandboxError(400, 'O campo "amount" deve ser um número inteiro maior que zero.');
    if (value > remaining) throw new SandboxError(400, `O valor do estorno excede o valor disponível para estorno (${remaining}).`);
    const at = this.nowIso();
    tx.refunds.push({ id: uuid(this.cfg.random), amount: value, createdAt: at });
    tx.refundedAmount += value;
    if (tx.refundedAmount >= tx.amount) {
      this.setStatus(tx, 'REFUNDED');
    } else {
      tx.updatedAt = at;
      this.cfg.onStatus(tx);
    }
    return tx;
  }

  linkOrder(order: OrderRecord, tx: TransactionRecord): void {
    order.transactionIds.push(tx.id);
    order.updatedAt = tx.createdAt;
    if (tx.status === 'PAID') {
      order.status = 'PAID';
      order.updatedAt = tx.paidAt ?? tx.createdAt;
    }
  }

  orderOf(txId: string): OrderRecord | undefined {
    for (const o of this.orders.values()) if (o.transactionIds.includes(txId)) return o;
    return undefined;
  }

  /** Checkout metadata string as the platform writes it on checkout-born transactions. */
  static checkoutMetadata(order: OrderRecord): string {
    return JSON.stringify({ linkId: order.uniqueProductLinkId, orderId: order.id, sellerId: SELLER_ID, gatewayId: GATEWAY_ID });
  }
}
