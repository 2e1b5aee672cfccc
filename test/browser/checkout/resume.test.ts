import { expect } from '@open-wc/testing';
import { createResumeStore, rememberedPayment, RESUME_MAX_AGE_MS, resumeKey } from '../../../src/checkout/resume.js';
import { ORDER_TOKEN, payment } from './fixtures.js';

describe('resume store', () => {
  const endpoint = '/api/checkout';
  let now = 1_000_000;
  const store = (o: Partial<Parameters<typeof createResumeStore>[0]> = {}) =>
    createResumeStore({ endpoint, product: 'prod_1', now: () => now, ...o });

  beforeEach(() => {
    sessionStorage.clear();
    now = 1_000_000;
  });
  afterEach(() => sessionStorage.clear());

  it('stores exactly orderId, paymentId, method, token and savedAt — nothing else', () => {
    const s = store();
    // Extra fields handed in (as a careless caller might) must not reach storage.
    s.save({ orderId: 'ord_1', paymentId: 'pay_1', method: 'PIX', token: ORDER_TOKEN, customer: { email: 'a@b.c' }, card: { number: '4111111111111111' } } as never);
    expect(sessionStorage.length).to.equal(1);
    const raw = sessionStorage.getItem(s.key)!;
    expect(Object.keys(JSON.parse(raw)).sort()).to.deep.equal(['method', 'orderId', 'paymentId', 'savedAt', 'token']);
    expect(raw).not.to.contain('4111');
    expect(raw).not.to.contain('a@b.c');
    expect(s.read()).to.deep.equal({ orderId: 'ord_1', paymentId: 'pay_1', method: 'PIX', token: ORDER_TOKEN, savedAt: 1_000_000 });
  });

  it('tracks a payment: saves it while open, drops it when refused, cancelled or expired', () => {
    const s = store();
    s.track(payment('PIX', 'WAITING_PAYMENT'), ORDER_TOKEN);
    expect(s.read()?.paymentId).to.equal('pay_1');
    for (const status of ['REFUSED', 'CANCELED', 'EXPIRED'] as const) {
      s.track(payment('PIX', 'WAITING_PAYMENT'), ORDER_TOKEN);
      s.track(payment('PIX', status), ORDER_TOKEN);
      expect(s.read(), status).to.equal(undefined);
      expect(sessionStorage.length).to.equal(0);
    }
  });

  it('remembers a paid outcome: ids, method, charged amount, installments, brand and last 4, paid time — nothing else', () => {
    const s = store();
    const paid = payment('CREDIT_CARD', 'PAID', { amount: 6012, installments: 12, updatedAt: '2026-01-01T12:03:00.000Z' });
    // Extra fields a careless caller might add must not reach storage.
    s.track(
      { ...paid, customer: { email: 'a@b.c' }, cardNumber: '4111111111111111', cvv: '123', card: { ...paid.card, number: '4111111111111111' } } as never,
      ORDER_TOKEN,
    );
    const raw = sessionStorage.getItem(s.key)!;
    expect(raw).not.to.contain('a@b.c');
    expect(raw).not.to.contain('4111111111111111');
    expect(raw).not.to.contain('"cvv"');
    expect(s.read()).to.deep.equal({
      orderId: 'ord_1',
      paymentId: 'pay_1',
      method: 'CREDIT_CARD',
      token: ORDER_TOKEN,
      savedAt: 1_000_000,
      paid: { status: 'PAID', amount: 6012, installments: 12, card: { brand: 'visa', last4: '1111' }, paidAt: '2026-01-01T12:03:00.000Z' },
    });
    const back = rememberedPayment(s.read() as Parameters<typeof rememberedPayment>[0]);
    expect(back).to.deep.equal({
      id: 'pay_1',
      orderId: 'ord_1',
      method: 'CREDIT_CARD',
      status: 'PAID',
      amount: 6012,
      installments: 12,
      card: { brand: 'visa', last4: '1111' },
      updatedAt: '2026-01-01T12:03:00.000Z',
    });
    // A PIX paid: no card fields at all.
    s.track(payment('PIX', 'AUTHORIZED'), ORDER_TOKEN);
    expect(s.read()?.paid).to.deep.equal({ status: 'AUTHORIZED', amount: 4990, paidAt: '2026-01-01T12:00:00.000Z' });
  });

  it('drops a tampered paid record (unknown field, non-paid status, card number)', () => {
    const s = store();
    const base = { orderId: 'o', paymentId: 'p', method: 'CREDIT_CARD', token: ORDER_TOKEN, savedAt: now };
    const paid = { status: 'PAID', amount: 100, paidAt: '2026-01-01T12:00:00.000Z' };
    for (const bad of [
      { ...base, paid: { ...paid, number: '4111111111111111' } },
      { ...base, paid: { ...paid, status: 'WAITING_PAYMENT' } },
      { ...base, paid: { ...paid, card: { last4: '41111' } } },
      { ...base, paid: { ...paid, card: { brand: 'visa', last4: '1111', number: '4111111111111111' } } },
      { ...base, paid: { ...paid, last4: '1111' } },
      { ...base, paid: { ...paid, amount: -1 } },
    ]) {
      sessionStorage.setItem(s.key, JSON.stringify(bad));
      expect(s.read()).to.equal(undefined);
      expect(sessionStorage.getItem(s.key)).to.equal(null);
    }
  });

  it('drops a stale record (older than 24 h)', () => {
    const s = store();
    s.save({ orderId: 'ord_1', paymentId: 'pay_1', method: 'BOLETO', token: ORDER_TOKEN });
    now += RESUME_MAX_AGE_MS;
    expect(s.read()?.method).to.equal('BOLETO');
    now += 1;
    expect(s.read()).to.equal(undefined);
    expect(sessionStorage.getItem(s.key)).to.equal(null);
  });

  it('drops broken or tampered records', () => {
    const s = store();
    for (const bad of ['{not json', JSON.stringify({ orderId: 'o', paymentId: 'p', method: 'PIX', token: 'short', savedAt: now }),
      JSON.stringify({ orderId: 'o', paymentId: 'p', method: 'PIX', token: ORDER_TOKEN, savedAt: now, extra: 1 })]) {
      sessionStorage.setItem(s.key, bad);
      expect(s.read()).to.equal(undefined);
      expect(sessionStorage.getItem(s.key)).to.equal(null);
    }
  });

  it('scopes the key to the endpoint and the product or cart', () => {
    const a = store();
    a.save({ orderId: 'ord_1', paymentId: 'pay_1', method: 'PIX', token: ORDER_TOKEN });
    expect(store({ product: 'prod_2' }).read()).to.equal(undefined);
    expect(store({ endpoint: '/other' }).read()).to.equal(undefined);
    expect(store({ product: null, cart: 'prod_1' }).read()).to.equal(undefined);
    expect(store().read()?.orderId).to.equal('ord_1');
    expect(resumeKey('/h', { cart: 'c' })).not.to.equal(resumeKey('/h', { product: 'c' }));
  });

  it('swallows storage errors (private mode, disabled storage)', () => {
    const throwing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const s = store({ storage: throwing });
    expect(() => s.save({ orderId: 'o', paymentId: 'p', method: 'PIX', token: ORDER_TOKEN })).not.to.throw();
    expect(s.read()).to.equal(undefined);
    expect(() => s.clear()).not.to.throw();
    expect(() => s.track(payment('PIX', 'PAID'), ORDER_TOKEN)).not.to.throw();
  });
});
