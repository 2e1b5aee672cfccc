import { expect } from '@open-wc/testing';
import { clockOffset, initialState, isBusy, transition } from '../../../src/checkout/machine.js';
import type { CreatingOrderState, CreatingPaymentState, FlowContext, FlowEvent, FlowState, LoadingState } from '../../../src/checkout/machine.js';
import { config, err, ORDER_TOKEN, payment, TOKEN } from './fixtures.js';

const cfg = config();
const ctx: FlowContext = { config: cfg, token: TOKEN, clockOffsetMs: 0 };
const octx = { ...ctx, orderId: 'ord_1', token: ORDER_TOKEN };
const onlyPix = config({ methods: ['PIX'] });

const loading: LoadingState = initialState();
const ready: FlowState = { kind: 'ready', ctx };
const readyPix: FlowState = { kind: 'ready', ctx, method: 'PIX' };
const readyWithOrder: FlowState = { kind: 'ready', ctx: octx, method: 'BOLETO' };
const creatingOrder: CreatingOrderState = { kind: 'creating-order', ctx, method: 'PIX', orderKey: 'ok1', paymentKey: 'pk1' };
const creatingPayment: CreatingPaymentState = { kind: 'creating-payment', ctx: octx, method: 'PIX', paymentKey: 'pk1' };
const creatingCard: FlowState = { kind: 'creating-payment', ctx: octx, method: 'CREDIT_CARD', paymentKey: 'pk1' };
const pixWaiting = payment('PIX');
const awaitingPix: FlowState = { kind: 'awaiting', ctx: octx, method: 'PIX', payment: pixWaiting };
const awaitingBoleto: FlowState = { kind: 'awaiting', ctx: octx, method: 'BOLETO', payment: payment('BOLETO') };
const cardProcessing: FlowState = { kind: 'card-processing', ctx: octx, payment: payment('CREDIT_CARD', 'PROCESSING') };
const paid: FlowState = { kind: 'paid', ctx: octx, payment: payment('PIX', 'PAID') };
const refusedCard = payment('CREDIT_CARD', 'REFUSED', { refusal: { code: '51', message: 'Saldo insuficiente' } });
const failedCard: FlowState = { kind: 'failed', ctx: octx, method: 'CREDIT_CARD', payment: refusedCard, reason: 'Saldo insuficiente' };
const expiredPix: FlowState = { kind: 'expired', ctx: octx, payment: payment('PIX', 'EXPIRED') };
const netErr = err('network');
const sessionErr = err('session');
const errorRetryOrder: FlowState = { kind: 'error', error: netErr, ctx, retryState: creatingOrder };
const errorFatal: FlowState = { kind: 'error', error: sessionErr, ctx };
const unverifiedErr = err('payment-unverified', { status: 404, apiCode: 'not_found' });
const paidCard = payment('CREDIT_CARD', 'PAID', { amount: 6012, installments: 12 });
const unverifiedPix: FlowState = { kind: 'unverified', ctx: octx, paymentId: 'pay_1', method: 'PIX', error: unverifiedErr };
const unverifiedChecking: FlowState = { ...unverifiedPix, checking: true };

const ev = {
  loaded: { type: 'config-loaded', config: cfg, clockOffsetMs: 250 },
  loadedPix: { type: 'config-loaded', config: onlyPix, clockOffsetMs: 0 },
  loadFailedNet: { type: 'config-failed', error: netErr },
  loadFailedCfg: { type: 'config-failed', error: err('config') },
  selPix: { type: 'select-method', method: 'PIX' },
  selBoleto: { type: 'select-method', method: 'BOLETO' },
  selCard: { type: 'select-method', method: 'CREDIT_CARD' },
  submitPix: { type: 'submit', method: 'PIX', orderKey: 'ok1', paymentKey: 'pk1' },
  submitBoleto: { type: 'submit', method: 'BOLETO', orderKey: 'ok1', paymentKey: 'pk2' },
  submitCard: { type: 'submit', method: 'CREDIT_CARD', orderKey: 'ok9', paymentKey: 'pk3' },
  orderCreated: { type: 'order-created', orderId: 'ord_1', token: ORDER_TOKEN },
  createdPix: { type: 'payment-created', payment: pixWaiting, clockOffsetMs: -500 },
  createdPixOtherOrder: { type: 'payment-created', payment: payment('PIX', 'WAITING_PAYMENT', { orderId: 'ord_X' }) },
  createdBoleto: { type: 'payment-created', payment: payment('BOLETO') },
  createdCardPaid: { type: 'payment-created', payment: payment('CREDIT_CARD', 'PAID') },
  createdCardAuthorized: { type: 'payment-created', payment: payment('CREDIT_CARD', 'AUTHORIZED') },
  createdCardRefused: { type: 'payment-created', payment: refusedCard },
  createdCardProcessing: { type: 'payment-created', payment: payment('CREDIT_CARD', 'PROCESSING') },
  createdPixExpired: { type: 'payment-created', payment: payment('PIX', 'EXPIRED') },
  updPixPaid: { type: 'payment-updated', payment: payment('PIX', 'PAID') },
  updPixSame: { type: 'payment-updated', payment: pixWaiting },
  updPixCanceled: { type: 'payment-updated', payment: payment('PIX', 'CANCELED') },
  updPixExpired: { type: 'payment-updated', payment: payment('PIX', 'EXPIRED') },
  updOtherId: { type: 'payment-updated', payment: payment('PIX', 'PAID', { id: 'pay_other' }) },
  updBoletoPaid: { type: 'payment-updated', payment: payment('BOLETO', 'PAID') },
  updCardPaid: { type: 'payment-updated', payment: payment('CREDIT_CARD', 'PAID') },
  updCardRefused: { type: 'payment-updated', payment: refusedCard },
  failNet: { type: 'request-failed', error: netErr },
  failSession: { type: 'request-failed', error: sessionErr },
  failRefused: { type: 'request-failed', error: err('payment-refused', { status: 402, apiCode: 'payment_refused' }) },
  failInvalid: { type: 'request-failed', error: err('http', { status: 400, apiCode: 'invalid_request' }) },
  expire: { type: 'expire' },
  renew: { type: 'renew', paymentKey: 'pk9' },
  renewNoData: { type: 'renew' },
  retry: { type: 'retry' },
  resumePix: { type: 'resume', payment: pixWaiting, token: ORDER_TOKEN, clockOffsetMs: 40 },
  resumePaid: { type: 'resume', payment: payment('PIX', 'PAID'), token: ORDER_TOKEN },
  resumeBoleto: { type: 'resume', payment: payment('BOLETO'), token: ORDER_TOKEN },
  resumeCardRefused: { type: 'resume', payment: refusedCard, token: ORDER_TOKEN },
  resumeRestored: { type: 'resume', payment: paidCard, token: ORDER_TOKEN, restored: true },
  remembered: { type: 'remembered-paid', payment: paidCard, token: ORDER_TOKEN },
  resumeFailed: { type: 'resume-failed', orderId: 'ord_1', paymentId: 'pay_1', method: 'PIX', token: ORDER_TOKEN, error: unverifiedErr },
  lost: { type: 'payment-lost', error: unverifiedErr },
  recheck: { type: 'recheck' },
  orderPaid: { type: 'order-paid', payment: paidCard },
  orderPaidOther: { type: 'order-paid', payment: payment('PIX', 'PAID', { orderId: 'ord_X' }) },
  changeMethod: { type: 'change-method' },
  updPixProcessing: { type: 'payment-updated', payment: payment('PIX', 'PROCESSING', { updatedAt: '2026-01-01T12:01:00.000Z' }) },
  failCardLocked: { type: 'request-failed', error: err('rate-limited', { status: 429, apiCode: 'rate_limited', retryAfterMs: 60_000 }) },
  reset: { type: 'reset' },
} satisfies Record<string, FlowEvent>;

type Row = [label: string, from: FlowState, event: FlowEvent, expected: FlowState | 'same'];

const rows: Row[] = [
  // loading
  ['loading + config-loaded -> ready without a method', loading, ev.loaded, { kind: 'ready', ctx: { config: cfg, token: TOKEN, clockOffsetMs: 250 } }],
  ['loading + config-loaded (one method) -> ready with it selected', loading, ev.loadedPix, { kind: 'ready', ctx: { config: onlyPix, token: TOKEN, clockOffsetMs: 0 }, method: 'PIX' }],
  ['loading + config-failed (network) -> error that retries the load', loading, ev.loadFailedNet, { kind: 'error', error: netErr, retryState: loading }],
  ['loading + config-failed (config) -> error without retry', loading, ev.loadFailedCfg, { kind: 'error', error: ev.loadFailedCfg.error }],
  ['loading ignores submit', loading, ev.submitPix, 'same'],
  ['loading ignores payment-updated', loading, ev.updPixPaid, 'same'],
  // ready
  ['ready + select-method -> ready with method', ready, ev.selBoleto, { kind: 'ready', ctx, method: 'BOLETO' }],
  ['ready + select the same method -> unchanged', readyPix, ev.selPix, 'same'],
  ['ready + select a method not offered -> unchanged', { kind: 'ready', ctx: { ...ctx, config: onlyPix } }, ev.selCard, 'same'],
  ['ready + submit (no order yet) -> creating-order', readyPix, ev.submitPix, creatingOrder],
  ['ready + submit (order exists) -> creating-payment on it', readyWithOrder, ev.submitBoleto, { kind: 'creating-payment', ctx: octx, method: 'BOLETO', paymentKey: 'pk2' }],
  ['ready + submit a method not offered -> unchanged', { kind: 'ready', ctx: { ...ctx, config: onlyPix } }, ev.submitCard, 'same'],
  ['ready + resume (pix open) -> awaiting with the stored token', ready, ev.resumePix, { kind: 'awaiting', ctx: { ...octx, clockOffsetMs: 40 }, method: 'PIX', payment: pixWaiting }],
  ['ready + resume (paid) -> paid', ready, ev.resumePaid, { kind: 'paid', ctx: octx, payment: ev.resumePaid.payment }],
  ['ready + resume (boleto) -> awaiting boleto', ready, ev.resumeBoleto, { kind: 'awaiting', ctx: octx, method: 'BOLETO', payment: ev.resumeBoleto.payment }],
  ['ready + resume (card refused) -> failed with reason', ready, ev.resumeCardRefused, failedCard],
  ['ready ignores payment-created', readyPix, ev.createdPix, 'same'],
  ['ready ignores retry', readyPix, ev.retry, 'same'],
  ['ready + resume of a remembered paid outcome -> paid, restored', ready, ev.resumeRestored, { kind: 'paid', ctx: octx, payment: paidCard, source: 'restored' }],
  ['ready + remembered-paid (re-read failed) -> paid from memory', ready, ev.remembered, { kind: 'paid', ctx: octx, payment: paidCard, source: 'remembered' }],
  ['loading + remembered-paid (config failed too) -> paid without ctx', loading, ev.remembered, { kind: 'paid', payment: paidCard, source: 'remembered' }],
  ['ready + resume-failed -> unverified (never a fresh form)', ready, ev.resumeFailed, unverifiedPix],
  ['ready ignores order-paid', readyPix, ev.orderPaid, 'same'],
  // creating-order
  ['creating-order + order-created -> creating-payment with the order token', creatingOrder, ev.orderCreated, { kind: 'creating-payment', ctx: octx, method: 'PIX', paymentKey: 'pk1' }],
  ['creating-order + submit (double click) -> unchanged', creatingOrder, ev.submitPix, 'same'],
  ['creating-order + request-failed (network) -> error carrying the same request', creatingOrder, ev.failNet, errorRetryOrder],
  ['creating-order + request-failed (session) -> error without retry', creatingOrder, ev.failSession, errorFatal],
  // creating-payment
  ['creating-payment + payment-created PIX -> awaiting PIX, skew updated', creatingPayment, ev.createdPix, { kind: 'awaiting', ctx: { ...octx, clockOffsetMs: -500 }, method: 'PIX', payment: pixWaiting }],
  ['creating-payment + payment-created boleto -> awaiting boleto', { ...creatingPayment, method: 'BOLETO' } as FlowState, ev.createdBoleto, { kind: 'awaiting', ctx: octx, method: 'BOLETO', payment: ev.createdBoleto.payment }],
  ['creating-payment + card PAID -> paid', creatingCard, ev.createdCardPaid, { kind: 'paid', ctx: octx, payment: ev.createdCardPaid.payment }],
  ['creating-payment + card AUTHORIZED -> paid', creatingCard, ev.createdCardAuthorized, { kind: 'paid', ctx: octx, payment: ev.createdCardAuthorized.payment }],
  ['creating-payment + card REFUSED -> failed with the reason', creatingCard, ev.createdCardRefused, failedCard],
  ['creating-payment + card PROCESSING -> card-processing', creatingCard, ev.createdCardProcessing, cardProcessing],
  ['creating-payment + PIX already EXPIRED -> expired', creatingPayment, ev.createdPixExpired, { kind: 'expired', ctx: octx, payment: ev.createdPixExpired.payment }],
  ['creating-payment + a payment of another order -> unchanged', creatingPayment, ev.createdPixOtherOrder, 'same'],
  ['creating-payment + submit (Enter twice) -> unchanged', creatingPayment, ev.submitPix, 'same'],
  ['creating-payment + 402 refused -> failed (no payment)', creatingCard, ev.failRefused, { kind: 'failed', ctx: octx, method: 'CREDIT_CARD' }],
  ['creating-payment + 400 invalid data -> ready with a notice', creatingPayment, ev.failInvalid, { kind: 'ready', ctx: octx, method: 'PIX', notice: ev.failInvalid.error }],
  ['creating-payment + network -> error retrying the same payment key', creatingPayment, ev.failNet, { kind: 'error', error: netErr, ctx: octx, retryState: creatingPayment }],
  ['creating-payment + 409 order_paid -> paid with that payment', creatingCard, ev.orderPaid, { kind: 'paid', ctx: octx, payment: paidCard, source: 'order-paid' }],
  // awaiting
  ['awaiting PIX + paid -> paid', awaitingPix, ev.updPixPaid, { kind: 'paid', ctx: octx, payment: ev.updPixPaid.payment }],
  ['awaiting PIX + same status -> unchanged', awaitingPix, ev.updPixSame, 'same'],
  ['awaiting PIX + canceled -> failed', awaitingPix, ev.updPixCanceled, { kind: 'failed', ctx: octx, method: 'PIX', payment: ev.updPixCanceled.payment }],
  ['awaiting PIX + EXPIRED status -> expired', awaitingPix, ev.updPixExpired, { kind: 'expired', ctx: octx, payment: ev.updPixExpired.payment }],
  ['awaiting PIX + another payment id -> unchanged', awaitingPix, ev.updOtherId, 'same'],
  ['awaiting PIX + expire -> expired', awaitingPix, ev.expire, { kind: 'expired', ctx: octx, payment: { ...pixWaiting, status: 'EXPIRED' } }],
  ['awaiting boleto + expire -> unchanged (boleto has no countdown)', awaitingBoleto, ev.expire, 'same'],
  ['awaiting boleto + paid -> paid', awaitingBoleto, ev.updBoletoPaid, { kind: 'paid', ctx: octx, payment: ev.updBoletoPaid.payment }],
  ['awaiting ignores submit', awaitingPix, ev.submitPix, 'same'],
  ['awaiting ignores retry', awaitingPix, ev.retry, 'same'],
  ['awaiting + payment-lost -> unverified, keeping the last known payment', awaitingPix, ev.lost, { ...unverifiedPix, payment: pixWaiting }],
  ['card-processing + payment-lost -> unverified', cardProcessing, ev.lost, { kind: 'unverified', ctx: octx, paymentId: 'pay_1', method: 'CREDIT_CARD', payment: payment('CREDIT_CARD', 'PROCESSING'), error: unverifiedErr }],
  // unverified
  ['unverified + recheck -> checking', unverifiedPix, ev.recheck, unverifiedChecking],
  ['unverified (checking) + recheck -> unchanged (one read at a time)', unverifiedChecking, ev.recheck, 'same'],
  ['unverified (checking) + read answered PIX open -> awaiting', unverifiedChecking, ev.updPixSame, awaitingPix],
  ['unverified (checking) + read answered PAID -> paid', unverifiedChecking, ev.updPixPaid, { kind: 'paid', ctx: octx, payment: ev.updPixPaid.payment }],
  ['unverified (checking) + another payment -> unchanged', unverifiedChecking, ev.updOtherId, 'same'],
  ['unverified (checking) + read failed -> unverified with the new error', unverifiedChecking, ev.failSession, { ...unverifiedPix, error: sessionErr, checking: false }],
  ['unverified (not checking) ignores payment-updated', unverifiedPix, ev.updPixPaid, 'same'],
  ['unverified ignores submit', unverifiedPix, ev.submitPix, 'same'],
  ['unverified ignores retry', unverifiedPix, ev.retry, 'same'],
  ['unverified ignores select-method', unverifiedPix, ev.selBoleto, 'same'],
  ['unverified + reset -> loading (the explicit new payment)', unverifiedPix, ev.reset, loading],
  ['paid + reset -> loading', paid, ev.reset, loading],
  // card-processing
  ['card-processing + paid -> paid', cardProcessing, ev.updCardPaid, { kind: 'paid', ctx: octx, payment: ev.updCardPaid.payment }],
  ['card-processing + refused -> failed', cardProcessing, ev.updCardRefused, failedCard],
  ['card-processing ignores expire', cardProcessing, ev.expire, 'same'],
  // failed
  ['failed + submit another card -> creating-payment on the SAME order', failedCard, ev.submitCard, { kind: 'creating-payment', ctx: octx, method: 'CREDIT_CARD', paymentKey: 'pk3' }],
  ['failed + retry -> ready with the same method', failedCard, ev.retry, { kind: 'ready', ctx: octx, method: 'CREDIT_CARD' }],
  ['failed + select another method -> ready (same order)', failedCard, ev.selPix, { kind: 'ready', ctx: octx, method: 'PIX' }],
  ['failed ignores payment-updated', failedCard, ev.updCardPaid, 'same'],
  // expired
  ['expired + renew -> creating-payment (new key, same order)', expiredPix, ev.renew, { kind: 'creating-payment', ctx: octx, method: 'PIX', paymentKey: 'pk9' }],
  ['expired + renew without the buyer data -> ready with PIX', expiredPix, ev.renewNoData, { kind: 'ready', ctx: octx, method: 'PIX' }],
  ['expired + select boleto -> ready', expiredPix, ev.selBoleto, { kind: 'ready', ctx: octx, method: 'BOLETO' }],
  ['expired ignores payment-updated', expiredPix, ev.updPixPaid, 'same'],
  // error
  ['error + retry -> the same in-flight state (same keys)', errorRetryOrder, ev.retry, creatingOrder],
  ['error (load) + retry -> loading', { kind: 'error', error: netErr, retryState: loading }, ev.retry, loading],
  ['error without retry + retry -> unchanged', errorFatal, ev.retry, 'same'],
  ['error ignores submit', errorFatal, ev.submitPix, 'same'],
  // a way back: change-method (same order), the left PIX/boleto kept as `open`
  ['awaiting PIX + change-method -> method choice, same order, PIX kept open', awaitingPix, ev.changeMethod, { kind: 'ready', ctx: octx, open: pixWaiting }],
  ['awaiting boleto + change-method -> method choice, boleto kept open', awaitingBoleto, ev.changeMethod, { kind: 'ready', ctx: octx, open: payment('BOLETO') }],
  ['expired + change-method -> method choice, same order', expiredPix, ev.changeMethod, { kind: 'ready', ctx: octx }],
  ['failed + change-method -> method choice, same order', failedCard, ev.changeMethod, { kind: 'ready', ctx: octx }],
  ['error (request) + change-method -> method choice', { kind: 'error', error: netErr, ctx: octx, retryState: creatingPayment }, ev.changeMethod, { kind: 'ready', ctx: octx }],
  ['error (load) ignores change-method', { kind: 'error', error: netErr, retryState: loading }, ev.changeMethod, 'same'],
  ['card-processing ignores change-method (the card is being charged)', cardProcessing, ev.changeMethod, 'same'],
  ['unverified ignores change-method', unverifiedPix, ev.changeMethod, 'same'],
  ['paid ignores change-method', paid, ev.changeMethod, 'same'],
  ['awaiting PIX (one method offered) ignores change-method', { ...awaitingPix, ctx: { ...octx, config: onlyPix } }, ev.changeMethod, 'same'],
  ['ready (open PIX) + select boleto -> ready with boleto, PIX still open', { kind: 'ready', ctx: octx, open: pixWaiting }, ev.selBoleto, { kind: 'ready', ctx: octx, method: 'BOLETO', open: pixWaiting }],
  ['ready (open PIX) + the open PIX paid -> paid', { kind: 'ready', ctx: octx, method: 'BOLETO', open: pixWaiting }, ev.updPixPaid, { kind: 'paid', ctx: octx, payment: ev.updPixPaid.payment }],
  ['ready (open PIX) + the open PIX expired -> ready, no longer open', { kind: 'ready', ctx: octx, method: 'BOLETO', open: pixWaiting }, ev.updPixExpired, { kind: 'ready', ctx: octx, method: 'BOLETO' }],
  ['ready (open PIX) + the open PIX changed -> ready, open updated', { kind: 'ready', ctx: octx, open: pixWaiting }, ev.updPixProcessing, { kind: 'ready', ctx: octx, open: { ...pixWaiting, ...ev.updPixProcessing.payment } }],
  ['ready (open PIX) + another payment updated -> unchanged', { kind: 'ready', ctx: octx, open: pixWaiting }, ev.updOtherId, 'same'],
  ['ready (open PIX) + submit boleto -> creating-payment on the SAME order', { kind: 'ready', ctx: octx, method: 'BOLETO', open: pixWaiting }, ev.submitBoleto, { kind: 'creating-payment', ctx: octx, method: 'BOLETO', paymentKey: 'pk2' }],
  ['ready (with order) + order-paid -> paid', readyWithOrder, ev.orderPaid, { kind: 'paid', ctx: octx, payment: paidCard, source: 'order-paid' }],
  ['ready (with order) + order-paid of another order -> unchanged', readyWithOrder, ev.orderPaidOther, 'same'],
  ['failed + order-paid -> paid', failedCard, ev.orderPaid, { kind: 'paid', ctx: octx, payment: paidCard, source: 'order-paid' }],
  ['error (with order) + order-paid -> paid', { kind: 'error', error: netErr, ctx: octx, retryState: creatingPayment }, ev.orderPaid, { kind: 'paid', ctx: octx, payment: paidCard, source: 'order-paid' }],
  // a failed request leaves the form usable
  ['error (request) + select-method -> ready with it (same order)', { kind: 'error', error: netErr, ctx: octx, retryState: creatingPayment }, ev.selBoleto, { kind: 'ready', ctx: octx, method: 'BOLETO' }],
  ['error (order request) + submit -> creating-order with the same order key', errorRetryOrder, ev.submitPix, creatingOrder],
  ['error (payment request) + submit -> creating-payment with the new key', { kind: 'error', error: netErr, ctx: octx, retryState: creatingPayment }, ev.submitBoleto, { kind: 'creating-payment', ctx: octx, method: 'BOLETO', paymentKey: 'pk2' }],
  ['error (load) ignores select-method', { kind: 'error', error: netErr, retryState: loading }, ev.selPix, 'same'],
  ['error (fatal) ignores select-method', errorFatal, ev.selPix, 'same'],
  // a card lockout is the card's alone
  ['creating-payment (card) + 429 -> ready on the card with the notice (method choice open)', creatingCard, ev.failCardLocked, { kind: 'ready', ctx: octx, method: 'CREDIT_CARD', notice: ev.failCardLocked.error }],
  ['creating-payment (PIX) + 429 -> error that retries', creatingPayment, ev.failCardLocked, { kind: 'error', error: ev.failCardLocked.error, ctx: octx, retryState: creatingPayment }],
  // paid is terminal
  ['paid ignores payment-updated', paid, ev.updPixCanceled, 'same'],
  ['paid ignores submit', paid, ev.submitPix, 'same'],
  ['paid ignores renew', paid, ev.renew, 'same'],
  ['paid ignores retry', paid, ev.retry, 'same'],
  ['paid ignores order-paid', paid, ev.orderPaid, 'same'],
  ['paid ignores resume-failed', paid, ev.resumeFailed, 'same'],
  ['paid ignores remembered-paid', paid, ev.remembered, 'same'],
  ['awaiting ignores remembered-paid', awaitingPix, ev.remembered, 'same'],
];

describe('checkout flow machine', () => {
  for (const [label, from, event, expected] of rows) {
    it(label, () => {
      const next = transition(from, event);
      if (expected === 'same') expect(next).to.equal(from);
      else expect(next).to.deep.equal(expected);
    });
  }

  it('keeps the PIX data when a status update omits it', () => {
    const { pix: _omit, ...bare } = payment('PIX', 'WAITING_PAYMENT', { updatedAt: '2026-01-01T12:01:00.000Z' });
    const next = transition(awaitingPix, { type: 'payment-updated', payment: bare });
    expect(next.kind).to.equal('awaiting');
    expect((next as { payment: { pix?: unknown } }).payment.pix).to.deep.equal(pixWaiting.pix);
  });

  it('a double submit from ready sends one order: the second submit is a no-op', () => {
    const first = transition(readyPix, ev.submitPix);
    expect(first.kind).to.equal('creating-order');
    expect(transition(first, { ...ev.submitPix, orderKey: 'other', paymentKey: 'other' })).to.equal(first);
  });

  it('isBusy is true only while a request of the flow runs', () => {
    expect([loading, readyPix, creatingOrder, creatingPayment, awaitingPix, paid, failedCard, expiredPix, errorFatal].map(isBusy)).to.deep.equal([
      false, false, true, true, false, false, false, false, false,
    ]);
  });

  it('clockOffset is server minus client time, 0 when the server time is unreadable', () => {
    expect(clockOffset('2026-01-01T12:00:05.000Z', Date.parse('2026-01-01T12:00:00.000Z'))).to.equal(5000);
    expect(clockOffset('nonsense', 123)).to.equal(0);
  });
});
