/**
 * `GET /payments/:id/events`: server-sent events with the payment's status, pushed as postbacks,
 * polls (any instance) and reconciliation change it; monotonic, ends at a final status.
 */
import type { PaymentResponse } from '../../contract/helper.js';
import { isFinalStatus } from '../../contract/payment.js';
import type { Payment } from '../../contract/payment.js';
import type { HelperContext } from '../context.js';
import { canTransition } from '../payments.js';
import { ownedPayment, refuseIfOrderSettled } from './payments.js';

export interface StreamHandle {
  finish(): void;
}

/** The open streams of this instance and their pending timers (for `stats()` and `close()`). */
export interface StreamRegistry {
  open: Set<StreamHandle>;
  timers: number;
}

export async function paymentEvents(ctx: HelperContext, req: Request, paymentId: string, streams: StreamRegistry): Promise<Response> {
  const { tracker, r, now } = ctx;
  const rec = await ownedPayment(ctx, req, paymentId);
  await refuseIfOrderSettled(ctx, rec.payment);
  // listen before reading the current status, so no change can fall in between
  const early: Payment[] = [];
  let deliver: ((p: Payment) => void) | undefined;
  const unsubscribe = tracker.subscribe(paymentId, (p) => (deliver ? deliver(p) : early.push(p)));
  let first: Payment;
  try {
    await tracker.ready();
    first = await tracker.refresh(rec);
  } catch (e) {
    unsubscribe();
    throw e;
  }
  const enc = new TextEncoder();
  let finish = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let done = false;
      const timers = new Set<ReturnType<typeof setTimeout>>();
      const handle: StreamHandle = { finish: () => finish() };
      let last: Payment | undefined;
      const timer = (ms: number, fn: () => void) => {
        const t = setTimeout(() => {
          timers.delete(t);
          streams.timers--;
          fn();
        }, ms);
        unref(t);
        timers.add(t);
        streams.timers++;
      };
      finish = () => {
        if (done) return;
        done = true;
        deliver = undefined;
        unsubscribe();
        for (const t of timers) clearTimeout(t);
        streams.timers -= timers.size;
        timers.clear();
        clearInterval(heartbeat);
        streams.timers--;
        streams.open.delete(handle);
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      const write = (s: string) => {
        if (done) return;
        try {
          controller.enqueue(enc.encode(s));
        } catch {
          finish();
        }
      };
      const send = (p: Payment) => {
        // monotonic and without repeats, whichever instance the change came from
        if (last && !canTransition(last.status, p.status)) return;
        last = p;
        const ev: PaymentResponse = { payment: p, serverTime: ctx.iso() };
        write(`data: ${JSON.stringify(ev)}\n\n`);
        if (isFinalStatus(p.status)) finish();
      };
      streams.open.add(handle);
      const heartbeat = setInterval(() => {
        write(': ping\n\n');
        // backstop for lost postbacks: a cached status check (changes arrive through `send`)
        void tracker.refresh(rec).catch(() => undefined);
      }, r.heartbeatMs);
      unref(heartbeat);
      streams.timers++;
      timer(r.streamMaxMs, () => finish());
      if (first.pix && !isFinalStatus(first.status)) {
        const ms = Date.parse(first.pix.expiresAt) - now();
        if (ms > 0 && ms < 86_400_000) timer(ms + 50, () => void tracker.current(paymentId).catch(() => undefined));
      }
      send(first);
      for (const p of early.splice(0)) send(p);
      if (!done) deliver = send;
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
    },
  });
}

function unref(t: ReturnType<typeof setTimeout> | ReturnType<typeof setInterval>): void {
  (t as { unref?: () => void }).unref?.();
}
