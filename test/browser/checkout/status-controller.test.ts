import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { PaymentStatusController, STATUS_DEFAULTS } from '../../../src/checkout/status-controller.js';
import type { PaymentStatusOptions } from '../../../src/checkout/status-controller.js';
import type { Payment, PaymentStatus } from '../../../src/contract/payment.js';
import { err, payment } from './fixtures.js';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A scripted `check`: records the (fake) time of each call and the concurrency, and answers with
 * `answer(n)` (n = 0-based call index): a status, an error to throw, or a promise to wait for.
 */
function scriptedCheck(answer: (n: number, signal: AbortSignal) => PaymentStatus | Error | Promise<Payment> = () => 'WAITING_PAYMENT') {
  const calls: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const check = async (id: string, signal: AbortSignal): Promise<Payment> => {
    const n = calls.length;
    calls.push(Date.now() - START);
    running++;
    maxRunning = Math.max(maxRunning, running);
    try {
      const a = answer(n, signal);
      if (a instanceof Error) throw a;
      if (typeof a === 'string') return payment('PIX', a, { id });
      return await a;
    } finally {
      running--;
    }
  };
  return { check, calls, get maxRunning() { return maxRunning; } };
}

/** A check that never answers by itself but rejects when its signal aborts (like fetch). */
function hangingUntilAborted(signal: AbortSignal): Promise<Payment> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
}

const gaps = (calls: number[]) => calls.slice(1).map((t, i) => t - calls[i]!);

describe('PaymentStatusController', () => {
  let clock: sinon.SinonFakeTimers;
  let hidden = false;
  const controllers: PaymentStatusController[] = [];

  function make(o: Partial<PaymentStatusOptions> & Pick<PaymentStatusOptions, 'check'>) {
    const c = new PaymentStatusController(undefined, { onPayment: () => undefined, ...o });
    controllers.push(c);
    return c;
  }
  const setHidden = (v: boolean) => {
    hidden = v;
    document.dispatchEvent(new Event('visibilitychange'));
  };

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    hidden = false;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  });
  afterEach(() => {
    for (const c of controllers.splice(0)) c.stop();
    clock.restore();
    delete (document as unknown as { hidden?: boolean }).hidden;
  });

  it('makes no call at 1,999 ms and the first at 2,000 ms, then every 2 s', async () => {
    const s = scriptedCheck();
    make({ check: s.check }).start('pay_1');
    await clock.tickAsync(1_999);
    expect(s.calls).to.deep.equal([]);
    await clock.tickAsync(1);
    expect(s.calls).to.deep.equal([2_000]);
    await clock.tickAsync(1_999);
    expect(s.calls).to.have.length(1);
    await clock.tickAsync(1);
    expect(s.calls).to.deep.equal([2_000, 4_000]);
  });

  it('polls every 2 s during the first 60 s, then every 28-30 s (jittered)', async () => {
    const s = scriptedCheck();
    make({ check: s.check, random: () => 0.5 }).start('pay_1');
    await clock.tickAsync(60_000);
    expect(s.calls).to.have.length(30);
    expect(gaps(s.calls).every((g) => g === 2_000)).to.equal(true);
    // random() = 0.5 puts the interval in the middle of its range: 29 s
    const cap = (STATUS_DEFAULTS.capMinMs + STATUS_DEFAULTS.capMaxMs) / 2;
    await clock.tickAsync(cap - 1);
    expect(s.calls).to.have.length(30);
    await clock.tickAsync(1);
    expect(s.calls.at(-1)).to.equal(60_000 + cap);
    await clock.tickAsync(10 * 60_000);
    const late = gaps(s.calls).slice(29);
    expect(late.slice(0, 9)).to.deep.equal(Array(9).fill(cap));
  });

  it('keeps every slow-phase interval inside the jitter range', async () => {
    for (const r of [0, 0.999]) {
      const s = scriptedCheck();
      const c = make({ check: s.check, random: () => r });
      c.start('pay_1');
      await clock.tickAsync(15 * 60_000);
      c.stop();
      const last = gaps(s.calls).slice(-10);
      for (const g of last) {
        expect(g).to.be.within(STATUS_DEFAULTS.capMinMs, STATUS_DEFAULTS.capMaxMs);
      }
    }
  });

  it('makes no call while the page is hidden and one at once when it is visible again', async () => {
    const s = scriptedCheck();
    make({ check: s.check }).start('pay_1');
    await clock.tickAsync(2_000);
    expect(s.calls).to.deep.equal([2_000]);
    setHidden(true);
    await clock.tickAsync(10 * 60_000);
    expect(s.calls).to.deep.equal([2_000]);
    setHidden(false);
    await clock.tickAsync(0);
    expect(s.calls).to.deep.equal([2_000, 602_000]);
    // and the schedule goes on from there
    await clock.tickAsync(60_000);
    expect(s.calls.length).to.be.greaterThan(2);
  });

  it('checks at once on focus, pageshow and online, but not twice within a second', async () => {
    const s = scriptedCheck();
    make({ check: s.check }).start('pay_1');
    await clock.tickAsync(500);
    window.dispatchEvent(new Event('focus'));
    await clock.tickAsync(0);
    expect(s.calls).to.deep.equal([500]);
    window.dispatchEvent(new Event('pageshow'));
    window.dispatchEvent(new Event('online'));
    await clock.tickAsync(0);
    expect(s.calls).to.deep.equal([500]);
    await clock.tickAsync(1_000);
    window.dispatchEvent(new Event('online'));
    await clock.tickAsync(0);
    expect(s.calls).to.deep.equal([500, 1_500]);
  });

  it('does not start a second check on return while one is in flight', async () => {
    const d = deferred<Payment>();
    const s = scriptedCheck((n) => (n === 0 ? d.promise : 'WAITING_PAYMENT'));
    make({ check: s.check }).start('pay_1');
    await clock.tickAsync(2_000);
    setHidden(true);
    setHidden(false);
    window.dispatchEvent(new Event('focus'));
    await clock.tickAsync(5_000);
    expect(s.calls).to.deep.equal([2_000]);
    d.resolve(payment('PIX', 'WAITING_PAYMENT'));
    await clock.tickAsync(2_000);
    expect(s.calls).to.deep.equal([2_000, 9_000]);
    expect(s.maxRunning).to.equal(1);
  });

  it('never overlaps: the next check is scheduled only after a slow answer settles', async () => {
    const s = scriptedCheck(() => new Promise<Payment>((res) => setTimeout(() => res(payment('PIX')), 5_000)));
    make({ check: s.check }).start('pay_1');
    await clock.tickAsync(30_000);
    expect(s.calls).to.deep.equal([2_000, 9_000, 16_000, 23_000, 30_000]);
    expect(s.maxRunning).to.equal(1);
  });

  it('aborts a check after 10 s and carries on', async () => {
    const signals: AbortSignal[] = [];
    const s = scriptedCheck((n, signal) => {
      signals.push(signal);
      return n === 0 ? hangingUntilAborted(signal) : 'WAITING_PAYMENT';
    });
    make({ check: s.check, random: () => 1 }).start('pay_1');
    await clock.tickAsync(11_999);
    expect(signals[0]!.aborted).to.equal(false);
    await clock.tickAsync(1);
    expect(signals[0]!.aborted).to.equal(true);
    await clock.tickAsync(3_999);
    expect(s.calls).to.deep.equal([2_000]);
    await clock.tickAsync(1);
    // one failure: backoff 2 s * 2^1 = 4 s (full value with random() = 1)
    expect(s.calls).to.deep.equal([2_000, 16_000]);
    expect(s.maxRunning).to.equal(1);
  });

  it('stops at a final status and reports it', async () => {
    const seen: PaymentStatus[] = [];
    const s = scriptedCheck((n) => (n < 2 ? 'WAITING_PAYMENT' : 'PAID'));
    const c = make({ check: s.check, onPayment: (p) => seen.push(p.status) });
    c.start('pay_1');
    await clock.tickAsync(6_000);
    expect(seen).to.deep.equal(['WAITING_PAYMENT', 'WAITING_PAYMENT', 'PAID']);
    expect(c.done).to.equal(true);
    await clock.tickAsync(30 * 60_000);
    window.dispatchEvent(new Event('focus'));
    setHidden(true);
    setHidden(false);
    await clock.tickAsync(0);
    expect(s.calls).to.have.length(3);
  });

  it('does nothing when started with a final status', async () => {
    const s = scriptedCheck();
    const c = make({ check: s.check });
    c.start('pay_1', { status: 'PAID' });
    await clock.tickAsync(5 * 60_000);
    expect(s.calls).to.deep.equal([]);
    expect(c.done).to.equal(true);
  });

  it('checks once more at expiry, then reports EXPIRED and stops', async () => {
    const onExpired = sinon.spy();
    const s = scriptedCheck();
    const c = make({ check: s.check, onExpired });
    c.start('pay_1', { expiresAt: START + 9_000 });
    await clock.tickAsync(8_999);
    expect(s.calls).to.deep.equal([2_000, 4_000, 6_000, 8_000]);
    expect(onExpired.called).to.equal(false);
    await clock.tickAsync(1);
    expect(s.calls).to.deep.equal([2_000, 4_000, 6_000, 8_000, 9_000]);
    expect(onExpired.calledOnce).to.equal(true);
    expect(c.status).to.equal('EXPIRED');
    await clock.tickAsync(30 * 60_000);
    window.dispatchEvent(new Event('online'));
    await clock.tickAsync(0);
    expect(s.calls).to.have.length(5);
    expect(onExpired.calledOnce).to.equal(true);
  });

  it('does not report EXPIRED when the check at expiry finds the payment paid', async () => {
    const onExpired = sinon.spy();
    const seen: PaymentStatus[] = [];
    const s = scriptedCheck((n) => (n < 2 ? 'WAITING_PAYMENT' : 'PAID'));
    make({ check: s.check, onExpired, onPayment: (p) => seen.push(p.status) }).start('pay_1', { expiresAt: START + 5_000 });
    await clock.tickAsync(60_000);
    expect(s.calls).to.deep.equal([2_000, 4_000, 5_000]);
    expect(seen.at(-1)).to.equal('PAID');
    expect(onExpired.called).to.equal(false);
  });

  it('a simulated 15-minute PIX session makes at most 60 status requests', async () => {
    for (const random of [() => 0, () => 0.999, Math.random]) {
      const onExpired = sinon.spy();
      const s = scriptedCheck();
      const c = make({ check: s.check, onExpired, random });
      const expiresAt = Date.now() + 15 * 60_000;
      const t0 = Date.now() - START;
      c.start('pay_1', { expiresAt });
      await clock.tickAsync(20 * 60_000);
      expect(s.calls.length).to.be.at.most(60);
      expect(s.calls.length).to.be.greaterThan(40);
      expect(s.calls.at(-1)).to.equal(t0 + 15 * 60_000);
      expect(onExpired.calledOnce).to.equal(true);
      expect(s.maxRunning).to.equal(1);
    }
  });

  it('tolerates transient errors, signals trouble after 20 s of failed checks and clears it on success', async () => {
    const trouble: boolean[] = [];
    const s = scriptedCheck((n) => (n < 4 ? err('network') : 'WAITING_PAYMENT'));
    const c = make({ check: s.check, random: () => 1, onTrouble: (v) => trouble.push(v) });
    c.start('pay_1');
    await clock.tickAsync(2_000);
    expect(trouble).to.deep.equal([]);
    // three failures by 14 s: still a blip, nothing shown
    await clock.tickAsync(19_900);
    expect(s.calls.length).to.equal(3);
    expect(trouble).to.deep.equal([]);
    // 20 s after the first failed check was sent
    await clock.tickAsync(100);
    expect(trouble).to.deep.equal([true]);
    await clock.tickAsync(40_000);
    // failures back off: 2 s * 2^n (4, 8, 16 s), then the success
    expect(gaps(s.calls).slice(0, 4)).to.deep.equal([4_000, 8_000, 16_000, 30_000]); // capped at capMaxMs
    expect(trouble).to.deep.equal([true, false]);
    expect(c.failures).to.equal(0);
    expect(c.done).to.equal(false);
  });

  it('checks that hang (no answer, each aborted at its timeout) signal trouble 20 s after the first was sent, not after three timeouts', async () => {
    const trouble: number[] = [];
    const s = scriptedCheck((_n, signal) => hangingUntilAborted(signal));
    const c = make({ check: s.check, random: () => 1, onTrouble: (v) => v && trouble.push(Date.now() - START) });
    c.start('pay_1');
    await clock.tickAsync(60_000);
    expect(trouble).to.deep.equal([22_000]);
  });

  it('a check that succeeds resets the trouble clock: slow but answered checks never show trouble', async () => {
    const trouble: boolean[] = [];
    const s = scriptedCheck(() => new Promise<Payment>((r) => setTimeout(() => r(payment('PIX', 'WAITING_PAYMENT', { id: 'pay_1' })), 9_000)));
    const c = make({ check: s.check, random: () => 1, onTrouble: (v) => trouble.push(v) });
    c.start('pay_1');
    await clock.tickAsync(120_000);
    expect(s.calls.length).to.be.greaterThan(5);
    expect(trouble).to.deep.equal([]);
  });

  it('reports every failed check to onError with the consecutive count, and stops at once if the host stops it there', async () => {
    const seen: [string, number][] = [];
    const s = scriptedCheck((n) => (n === 1 ? 'WAITING_PAYMENT' : err(n === 0 ? 'network' : 'session', { status: 404 })));
    let c!: PaymentStatusController;
    c = make({
      check: s.check,
      random: () => 1,
      onError: (e, failures) => {
        seen.push([(e as { code: string }).code, failures]);
        if (failures === 2) c.stop();
      },
    });
    c.start('pay_1');
    await clock.tickAsync(120_000);
    expect(seen).to.deep.equal([
      ['network', 1],
      ['session', 1],
      ['session', 2],
    ]);
    expect(s.calls).to.have.length(4);
    expect(c.paymentId).to.equal(undefined);
  });

  it('waits out Retry-After on a 429', async () => {
    const s = scriptedCheck((n) => (n === 0 ? err('rate-limited', { status: 429, retryAfterMs: 20_000 }) : 'WAITING_PAYMENT'));
    make({ check: s.check, random: () => 0 }).start('pay_1');
    await clock.tickAsync(21_999);
    expect(s.calls).to.deep.equal([2_000]);
    await clock.tickAsync(1);
    expect(s.calls).to.deep.equal([2_000, 22_000]);
  });

  it('uses the slow boleto profile: first check after 60 s, then every 5 minutes', async () => {
    const s = scriptedCheck();
    make({ check: s.check }).start('pay_1', { profile: 'slow' });
    await clock.tickAsync(59_999);
    expect(s.calls).to.deep.equal([]);
    await clock.tickAsync(1);
    expect(s.calls).to.deep.equal([60_000]);
    await clock.tickAsync(300_000);
    expect(s.calls).to.deep.equal([60_000, 360_000]);
  });

  it('slows polling to a safety net while the status stream delivers, and resumes when it fails', async () => {
    const s = scriptedCheck();
    let push!: (p: Payment) => void;
    const closeStream = deferred<void>();
    let opened = 0;
    const subscribe = sinon.spy((_id: string, onPayment: (p: Payment) => void, _signal: AbortSignal) => {
      push = onPayment;
      return ++opened === 1 ? closeStream.promise : new Promise<void>(() => undefined);
    });
    const seen: PaymentStatus[] = [];
    const c = make({ check: s.check, subscribe, onPayment: (p) => seen.push(p.status) });
    c.start('pay_1', { stream: true });
    expect(subscribe.calledOnce).to.equal(true);
    push(payment('PIX', 'WAITING_PAYMENT'));
    expect(c.streaming).to.equal(true);
    await clock.tickAsync(29_999);
    expect(s.calls).to.deep.equal([]);
    await clock.tickAsync(1);
    expect(s.calls).to.deep.equal([30_000]);
    closeStream.reject(err('network'));
    await clock.tickAsync(0);
    expect(c.streaming).to.equal(false);
    await clock.tickAsync(2_000);
    expect(s.calls).to.deep.equal([30_000, 32_000]);
    // it reopens the stream after a short wait, and a pushed final status ends everything
    await clock.tickAsync(2_000);
    expect(subscribe.calledTwice).to.equal(true);
    push(payment('PIX', 'PAID'));
    expect(seen.at(-1)).to.equal('PAID');
    expect(c.done).to.equal(true);
    const n = s.calls.length;
    await clock.tickAsync(10 * 60_000);
    expect(s.calls).to.have.length(n);
  });

  it('pauses while the host is disconnected and resumes when it reconnects', async () => {
    const s = scriptedCheck();
    const c = make({ check: s.check });
    c.start('pay_1');
    await clock.tickAsync(2_000);
    c.hostDisconnected();
    await clock.tickAsync(60_000);
    expect(s.calls).to.deep.equal([2_000]);
    c.hostConnected();
    await clock.tickAsync(0);
    expect(s.calls).to.deep.equal([2_000, 62_000]);
  });

  it('ignores answers for a payment it no longer follows', async () => {
    const d = deferred<Payment>();
    const seen: string[] = [];
    const s = scriptedCheck((n) => (n === 0 ? d.promise : 'WAITING_PAYMENT'));
    const c = make({ check: s.check, onPayment: (p) => seen.push(p.id) });
    c.start('pay_1');
    await clock.tickAsync(2_000);
    c.start('pay_2');
    d.resolve(payment('PIX', 'PAID', { id: 'pay_1' }));
    await clock.tickAsync(2_000);
    expect(seen).to.deep.equal(['pay_2']);
    expect(c.done).to.equal(false);
  });
});
