/** A scripted, in-memory helper for the root-element tests (injected through the `client` property). */
import type { CepAddress, CheckoutRef, CreateOrderBody, HelperClient } from '../../../src/checkout/api.js';
import { CheckoutError } from '../../../src/checkout/errors.js';
import type { ConfigResponse, CreateOrderResponse, CreatePaymentRequest, PaymentResponse } from '../../../src/contract/helper.js';
import type { Payment, PaymentStatus, Refusal } from '../../../src/contract/payment.js';
import { buildPixCode } from '../../../src/brazil/pix.js';
import { boletoBarcodeToLine, buildBoletoBarcode } from '../../../src/brazil/boleto.js';
import { config, ORDER_TOKEN } from './fixtures.js';

export const pixCodeFor = (n: number) =>
  buildPixCode({ url: `pix.example.com/qr/v2/cobv/${String(n).padStart(32, '0')}`, merchantName: 'Loja Exemplo', merchantCity: 'Sao Paulo', amount: 4990, txid: `PED${n}` });

export const BOLETO_BARCODE = buildBoletoBarcode({ bankCode: '001', amount: 4990, dueDate: '2026-01-04', freeField: '0000002820649300000123418' });
export const BOLETO_LINE = boletoBarcodeToLine(BOLETO_BARCODE);

export const BUYER = {
  name: 'Maria da Silva',
  email: 'maria@example.com',
  phone: '11987654321',
  document: '52998224725',
  address: { zipCode: '01310100', street: 'Avenida Paulista', streetNumber: '1000', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP' },
};

type Step = () => Promise<void> | void;

export class FakeHelper implements HelperClient {
  cfg: ConfigResponse = config();
  readonly calls: string[] = [];
  readonly orderKeys: string[] = [];
  readonly paymentKeys: string[] = [];
  readonly bodies: CreatePaymentRequest[] = [];
  /** The bodies of `createOrder` calls. */
  readonly orderBodies: CreateOrderBody[] = [];
  readonly payments = new Map<string, Payment>();
  /** Statuses answered by successive getPayment calls (the last one repeats). */
  statuses: PaymentStatus[] = ['WAITING_PAYMENT'];
  /** Status of the next created payments (shifted; default WAITING_PAYMENT, cards PAID). */
  creationStatuses: PaymentStatus[] = [];
  /** Something to run (wait on, or throw) before answering, per call kind. */
  before: Partial<Record<'config' | 'order' | 'payment' | 'get', Step[]>> = {};
  /** The refusal of a card payment created REFUSED. */
  refusal: Refusal = { code: '51', message: 'Saldo insuficiente' };
  /** The brand reported for a paid card. */
  brand = 'visa';
  /** How long a new PIX code lives, ms from `now()`. */
  pixTtlMs = 15 * 60_000;
  now: () => number = () => Date.now();
  private seq = 0;
  private gets = 0;

  count(kind: string): number {
    return this.calls.filter((c) => c === kind).length;
  }

  private async gate(kind: 'config' | 'order' | 'payment' | 'get'): Promise<void> {
    this.calls.push(kind);
    const step = this.before[kind]?.shift();
    if (step) await step();
  }

  private serverTime(): string {
    return new Date(this.now()).toISOString();
  }

  async getConfig(_ref: CheckoutRef): Promise<ConfigResponse> {
    await this.gate('config');
    return { ...structuredClone(this.cfg), serverTime: this.serverTime() };
  }

  async createOrder(_token: string, idemKey?: string, body: CreateOrderBody = {}): Promise<CreateOrderResponse> {
    this.orderKeys.push(idemKey ?? '');
    this.orderBodies.push(structuredClone(body));
    await this.gate('order');
    return { order: { id: 'ord_1', amount: this.cfg.checkout.amount * (body.quantity ?? 1), currency: 'BRL', createdAt: this.serverTime() }, token: ORDER_TOKEN };
  }

  async createPayment(orderId: string, token: string, body: CreatePaymentRequest, idemKey?: string): Promise<PaymentResponse> {
    this.paymentKeys.push(idemKey ?? '');
    await this.gate('payment');
    if (token !== ORDER_TOKEN) throw new CheckoutError('session', 'bad token');
    this.bodies.push(structuredClone(body));
    const n = ++this.seq;
    const status = this.creationStatuses.shift() ?? (body.method === 'CREDIT_CARD' ? 'PAID' : 'WAITING_PAYMENT');
    // Like the gateway: a card plan charges its total (interest included).
    const plan = body.method === 'CREDIT_CARD' ? this.cfg.checkout.installments.find((o) => o.count === (body.installments ?? 1)) : undefined;
    const amount = plan?.total ?? this.cfg.checkout.amount;
    const p: Payment = { id: `pay_${n}`, orderId, method: body.method, status, amount, updatedAt: this.serverTime() };
    if (body.method === 'PIX') p.pix = { code: pixCodeFor(n), expiresAt: new Date(this.now() + this.pixTtlMs).toISOString() };
    if (body.method === 'BOLETO') p.boleto = { digitableLine: BOLETO_LINE, barcode: BOLETO_BARCODE, dueDate: '2026-01-04', pdfUrl: 'https://boletos.example.com/1.pdf' };
    if (body.method === 'CREDIT_CARD') {
      if (status === 'REFUSED') p.refusal = { ...this.refusal };
      else p.card = { brand: this.brand, last4: body.card!.number.slice(-4) };
      if (body.installments) p.installments = body.installments;
    }
    this.payments.set(p.id, p);
    return { payment: p, serverTime: this.serverTime() };
  }

  async getPayment(paymentId: string, token: string): Promise<PaymentResponse> {
    await this.gate('get');
    const p = this.payments.get(paymentId);
    if (!p || token !== ORDER_TOKEN) throw new CheckoutError('session', 'not found', { status: 404, apiCode: 'not_found' });
    const status = this.statuses[Math.min(this.gets++, this.statuses.length - 1)]!;
    const next = { ...p, status, updatedAt: this.serverTime() };
    this.payments.set(p.id, next);
    return { payment: next, serverTime: this.serverTime() };
  }

  async lookupCep(): Promise<CepAddress | null> {
    this.calls.push('cep');
    return null;
  }

  openEvents(_id: string, _token: string, _on: (e: PaymentResponse) => void, signal?: AbortSignal): Promise<void> {
    this.calls.push('events');
    return new Promise((resolve) => signal?.addEventListener('abort', () => resolve()));
  }
}
