/**
 * The helper's background work, so that the merchant's server is told and no payment is
 * forgotten even when no buyer is watching:
 *
 * - delivers the `onPaymentUpdate` hook from the outbox (at least once; once per status change;
 *   a throw is retried with backoff; several instances never deliver the same event at once);
 * - re-checks open payments at the gateway on a schedule that thins out with age (a PIX paid
 *   after the buyer closed the tab is recorded and reported);
 * - registers the helper's postback URL as a gateway webhook (the product-link flow cannot send a
 *   per-payment `postbackUrl`);
 * - refunds the later of two paid payments of one order when asked to (`refundDuplicates`).
 */
import { WEBHOOK_TYPE_TRANSACTION } from './gateway/assumptions.js';
import { GatewayError } from './gateway/errors.js';
import type { HelperContext } from './context.js';
import type { PaymentRecord } from './payments.js';

/** Delays before the next delivery attempt after the n-th failure (the last one repeats). */
const HOOK_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 6 * 3_600_000];
/** Longest a hook call may take before it counts as failed. */
const HOOK_TIMEOUT_MS = 30_000;
/** Open payments older than this are no longer re-checked (a boleto's due date plus grace is within it). */
const RECONCILE_MAX_AGE_MS = 10 * 86_400_000;
/** A payment the gateway answers 404 for is asked about again only after this long. */
const GONE_RECHECK_MS = 6 * 3_600_000;
/** How often the registered webhook is checked to still be there. */
const WEBHOOK_RECHECK_MS = 10 * 60_000;

export interface Lifecycle {
  /** Delivers due hook events now (called after an event is queued). */
  kick(): void;
  /** A second settled payment of an order. */
  duplicate(record: PaymentRecord): void;
  /** One full round: deliver, re-check open payments, register the webhook. Resolves when done. */
  tick(): Promise<void>;
  /** Resolves when no round or delivery is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createLifecycle(ctx: HelperContext): Lifecycle {
  const { options, r, logger, state, now } = ctx;
  const hook = options.onPaymentUpdate;
  const running = new Set<Promise<unknown>>();
  /** Payment id -> when it is due for its next background check (this instance). */
  const nextCheck = new Map<string, number>();
  let delivering: Promise<void> | undefined;
  let redeliver = false;
  /** When the webhook was last seen registered (re-checked every WEBHOOK_RECHECK_MS: a gateway may lose it). */
  let webhookSeenAt = r.registerWebhook ? -Infinity : Infinity;
  let closed = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };

  async function deliverOnce(): Promise<void> {
    if (!hook) return;
    for (let round = 0; round < 20 && !closed; round++) {
      const due = await state.outbox.due(now(), 50);
      if (!due.length) return;
      for (const ev of due) {
        if (closed) return;
        // another instance may be delivering it: the claim outlives one call
        if (!(await state.flags.claim(`deliver:${ev.eventId}`, HOOK_TIMEOUT_MS + 5_000).catch(() => true))) continue;
        try {
          await withTimeout(Promise.resolve().then(() => hook(structuredClone(ev.update))), HOOK_TIMEOUT_MS);
          await state.outbox.ack(ev.eventId);
          logger.info('hook.delivered', { eventId: ev.eventId, orderId: ev.update.orderId, status: ev.update.status, attempts: ev.attempts + 1 });
        } catch (e) {
          const wait = HOOK_BACKOFF_MS[Math.min(ev.attempts, HOOK_BACKOFF_MS.length - 1)]!;
          await state.outbox.retry(ev.eventId, now() + wait, e instanceof Error ? e.message.slice(0, 200) : 'failed');
          logger.error('hook.failed', { eventId: ev.eventId, orderId: ev.update.orderId, attempts: ev.attempts + 1, retryInMs: wait, error: e });
        } finally {
          await state.flags.delete(`deliver:${ev.eventId}`).catch(() => undefined);
        }
      }
    }
  }

  function deliver(): Promise<void> {
    if (delivering) {
      redeliver = true;
      return delivering;
    }
    delivering = track(
      (async () => {
        do {
          redeliver = false;
          await deliverOnce().catch((e: unknown) => logger.warn('hook.outbox_unavailable', { error: e }));
        } while (redeliver && !closed);
      })().finally(() => (delivering = undefined)),
    );
    return delivering;
  }

  /** How long until an open payment of this age is checked again. */
  function spacing(rec: PaymentRecord, t: number): number {
    const age = t - Date.parse(rec.createdAt);
    if (age < 20 * 60_000) return r.reconcileIntervalMs;
    if (age < 2 * 3_600_000) return Math.max(r.reconcileIntervalMs, 120_000);
    if (age < 2 * 86_400_000) return Math.max(r.reconcileIntervalMs, 900_000);
    return Math.max(r.reconcileIntervalMs, 3_600_000);
  }

  async function reconcile(): Promise<void> {
    const t = now();
    const open = await state.payments.listOpen(500);
    for (const rec of open) {
      if (closed) return;
      const id = rec.payment.id;
      if (t - Date.parse(rec.createdAt) > RECONCILE_MAX_AGE_MS) continue;
      if ((nextCheck.get(id) ?? 0) > t) continue;
      nextCheck.set(id, t + spacing(rec, t));
      // one instance re-checks a payment per round
      if (!(await state.flags.claim(`reconcile:${id}`, Math.max(1_000, r.reconcileIntervalMs - 500)).catch(() => true))) continue;
      try {
        await ctx.tracker.refresh(rec, { source: 'reconcile', strict: true });
      } catch (e) {
        // a gateway that does not know the payment (another environment's data): stop asking often
        if (e instanceof GatewayError && e.code === 'not_found') nextCheck.set(id, t + GONE_RECHECK_MS);
      }
    }
    if (nextCheck.size > 10_000) {
      for (const [id, at] of nextCheck) if (at < t) nextCheck.delete(id);
    }
  }

  async function registerWebhook(): Promise<void> {
    if (!options.postbackUrl || now() - webhookSeenAt < WEBHOOK_RECHECK_MS) return;
    const url = options.postbackUrl;
    try {
      for await (const w of listAll()) {
        if (w.url === url && String(w.type ?? '').toUpperCase() === WEBHOOK_TYPE_TRANSACTION) {
          if (webhookSeenAt === -Infinity) logger.info('webhook.registered', { existing: true });
          webhookSeenAt = now();
          return;
        }
      }
      await ctx.gateway.webhooks.create({ url, type: WEBHOOK_TYPE_TRANSACTION });
      webhookSeenAt = now();
      logger.info('webhook.registered', { existing: false });
    } catch (e) {
      logger.warn('webhook.register_failed', { error: e instanceof GatewayError ? e.toJSON() : e });
    }
  }

  async function* listAll() {
    for (let page = 1; page <= 20; page++) {
      const res = await ctx.gateway.webhooks.list({ page, limit: 100 });
      yield* res.items;
      if (res.items.length < 100 || (res.pages !== undefined && page >= res.pages)) return;
    }
  }

  let ticking: Promise<void> | undefined;
  /** A round; when one is running, waits for it and runs a fresh one (what was queued meanwhile is seen). */
  async function tick(): Promise<void> {
    while (ticking) await ticking;
    ticking ??= track(
      (async () => {
        await registerWebhook();
        await reconcile().catch((e: unknown) => logger.warn('reconcile.failed', { error: e }));
        await deliver();
      })().finally(() => (ticking = undefined)),
    );
    return ticking;
  }

  // the first round at once: the webhook is registered, and what a restart left open is re-checked
  const first = setTimeout(() => void tick(), 0);
  const timer = setInterval(() => {
    if (!ticking) void tick();
  }, r.reconcileIntervalMs);
  first.unref?.();
  timer.unref?.();

  return {
    kick() {
      if (!closed) void deliver();
    },
    duplicate(rec) {
      if (!options.refundDuplicates || closed) return;
      void track(
        ctx.gateway.transactions.refund(rec.gatewayId).then(
          () => logger.warn('payment.duplicate_refunded', { paymentId: rec.payment.id, orderId: rec.payment.orderId, amount: rec.payment.amount }),
          (e: unknown) =>
            logger.error('payment.duplicate_refund_failed', { paymentId: rec.payment.id, orderId: rec.payment.orderId, error: e instanceof GatewayError ? e.toJSON() : e }),
        ),
      );
    },
    tick,
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
    async close() {
      closed = true;
      clearTimeout(first);
      clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new Error(`onPaymentUpdate did not finish within ${ms} ms`)), ms);
      t.unref?.();
    }),
  ]).finally(() => clearTimeout(t));
}
