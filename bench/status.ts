/**
 * Status requests and paid-detection delay over a simulated 15-minute PIX session (tab visible),
 * OURS against ADYEN's published schedule, under the same payment times.
 *
 * OURS is the real `PaymentStatusController` (src/checkout/status-controller.ts) with its
 * defaults, driven by @sinonjs/fake-timers in Node (no `document`, so the tab counts as visible),
 * seeded jitter, and a gateway answer that is instant (0 ms round trip), so the figures are the
 * schedule alone. ADYEN is modelled from its published timer: first check 2 s after the start,
 * every 2 s while less than 60 s have passed, then every 10 s, until paid or 15 minutes.
 * "OURS + push" gives the controller a status stream that stays healthy and delivers the change
 * at once: polling drops to its safety net, so its request count is what push saves (the real
 * push delay is measured in Chromium, see bench/ready.ts).
 */
import FakeTimers from '@sinonjs/fake-timers';
import { PaymentStatusController } from '../src/checkout/status-controller.js';
import type { Payment, PaymentStatus } from '../src/contract/payment.js';
import { seededRandom } from '../src/sandbox/seed.js';

export const SESSION_MS = 15 * 60_000;

/** Paid at these offsets from the start (ms); `null` = never paid (runs until expiry). */
export const PAID_AT: readonly (number | null)[] = [10_000, 45_000, 120_000, 300_000, 600_000, null];

export interface RunFigures {
  /** Status requests made over the session (the stream itself counted as one request per opening). */
  requests: number;
  /** Time from payment to the widget knowing, ms; `null` when never paid. */
  detectionMs: number | null;
}

export interface StatusRow {
  paidAtMs: number | null;
  ours: RunFigures;
  oursPush: RunFigures;
  adyen: RunFigures;
}

export interface StatusResult {
  method: string;
  sessionMs: number;
  seed: number;
  rows: StatusRow[];
  /** Paid uniformly across the session (every `stepMs`): mean and max detection delay, mean requests. */
  spread: {
    stepMs: number;
    runs: number;
    ours: { meanDetectionMs: number; maxDetectionMs: number; meanRequests: number };
    adyen: { meanDetectionMs: number; maxDetectionMs: number; meanRequests: number };
    firstMinute: { ours: { meanDetectionMs: number; maxDetectionMs: number }; adyen: { meanDetectionMs: number; maxDetectionMs: number } };
  };
  /** Never paid, over many jitter seeds: requests min..max for OURS. */
  neverPaidAcrossSeeds: { seeds: number; min: number; max: number };
}

function payment(status: PaymentStatus): Payment {
  return {
    id: 'pay_bench',
    orderId: 'ord_bench',
    method: 'PIX',
    status,
    amount: 4990,
    pix: { code: '000201', expiresAt: new Date(SESSION_MS).toISOString() },
    updatedAt: new Date(0).toISOString(),
  } as Payment;
}

const statusAt = (paidAt: number | null, t: number): PaymentStatus => (paidAt !== null && t >= paidAt ? 'PAID' : 'WAITING_PAYMENT');

type Clock = ReturnType<typeof FakeTimers.install>;

async function withClock<T>(fn: (clock: Clock) => Promise<T>): Promise<T> {
  const clock = FakeTimers.install({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  try {
    return await fn(clock);
  } finally {
    clock.uninstall();
  }
}

/** One session of the real controller. */
export function simulateOurs(paidAt: number | null, seed: number, push = false): Promise<RunFigures> {
  return withClock(async (clock) => {
    let requests = 0;
    let detectedAt: number | null = null;
    const ctrl = new PaymentStatusController(undefined, {
      now: () => clock.now,
      random: seededRandom(seed),
      check: async () => {
        requests++;
        return payment(statusAt(paidAt, clock.now));
      },
      onPayment: (p) => {
        if (p.status === 'PAID' && detectedAt === null) detectedAt = clock.now;
      },
      ...(push
        ? {
            subscribe: (_id: string, onPayment: (p: Payment) => void, signal: AbortSignal) => {
              requests++;
              return new Promise<void>((resolve) => {
                // A healthy stream: one event when it opens, one at the payment, open until aborted.
                onPayment(payment(statusAt(paidAt, clock.now)));
                const timer = paidAt !== null && paidAt > clock.now ? setTimeout(() => onPayment(payment('PAID')), paidAt - clock.now) : undefined;
                signal.addEventListener('abort', () => {
                  clearTimeout(timer);
                  resolve();
                });
              });
            },
          }
        : {}),
    });
    ctrl.start('pay_bench', { expiresAt: SESSION_MS, profile: 'fast', status: 'WAITING_PAYMENT', stream: push });
    await clock.tickAsync(SESSION_MS + 60_000);
    ctrl.stop();
    return { requests, detectionMs: detectedAt === null || paidAt === null ? null : detectedAt - paidAt };
  });
}

/** One session of Adyen's published schedule (same clock, same instant gateway). */
export function simulateAdyen(paidAt: number | null): Promise<RunFigures> {
  return withClock(async (clock) => {
    let requests = 0;
    let detectedAt: number | null = null;
    await new Promise<void>((done) => {
      const tick = () => {
        requests++;
        if (statusAt(paidAt, clock.now) === 'PAID') {
          detectedAt = clock.now;
          return done();
        }
        if (clock.now >= SESSION_MS) return done();
        const next = clock.now < 60_000 ? 2_000 : 10_000;
        setTimeout(tick, Math.min(next, SESSION_MS - clock.now));
      };
      setTimeout(tick, 2_000);
      void clock.tickAsync(SESSION_MS + 60_000);
    });
    return { requests, detectionMs: detectedAt === null || paidAt === null ? null : detectedAt - paidAt };
  });
}

export async function benchStatus(o: { seed?: number; spreadStepMs?: number; seeds?: number } = {}): Promise<StatusResult> {
  const seed = o.seed ?? 1;
  const rows: StatusRow[] = [];
  for (const paidAt of PAID_AT) {
    rows.push({
      paidAtMs: paidAt,
      ours: await simulateOurs(paidAt, seed),
      oursPush: await simulateOurs(paidAt, seed, true),
      adyen: await simulateAdyen(paidAt),
    });
  }

  const step = o.spreadStepMs ?? 3_700;
  const acc = { ours: [] as RunFigures[], adyen: [] as RunFigures[], at: [] as number[] };
  for (let t = 250, i = 0; t < SESSION_MS; t += step, i++) {
    acc.at.push(t);
    acc.ours.push(await simulateOurs(t, seed + i));
    acc.adyen.push(await simulateAdyen(t));
  }
  const summary = (runs: RunFigures[], filter: (i: number) => boolean = () => true) => {
    const d = runs.filter((_, i) => filter(i)).map((r) => r.detectionMs ?? NaN);
    return { meanDetectionMs: d.reduce((a, b) => a + b, 0) / d.length, maxDetectionMs: Math.max(...d) };
  };
  const firstMinute = (i: number) => acc.at[i]! < 60_000;
  const meanRequests = (runs: RunFigures[]) => runs.reduce((a, r) => a + r.requests, 0) / runs.length;

  const seeds = o.seeds ?? 50;
  const never: number[] = [];
  for (let s = 1; s <= seeds; s++) never.push((await simulateOurs(null, s)).requests);

  return {
    method:
      'simulated clock (@sinonjs/fake-timers), instant gateway answers, tab visible; OURS = real PaymentStatusController with defaults and seeded jitter; ' +
      'ADYEN = published schedule (2 s during the first 60 s, then 10 s; first check at 2 s; stops at 15 min)',
    sessionMs: SESSION_MS,
    seed,
    rows,
    spread: {
      stepMs: step,
      runs: acc.at.length,
      ours: { ...summary(acc.ours), meanRequests: meanRequests(acc.ours) },
      adyen: { ...summary(acc.adyen), meanRequests: meanRequests(acc.adyen) },
      firstMinute: { ours: summary(acc.ours, firstMinute), adyen: summary(acc.adyen, firstMinute) },
    },
    neverPaidAcrossSeeds: { seeds, min: Math.min(...never), max: Math.max(...never) },
  };
}
