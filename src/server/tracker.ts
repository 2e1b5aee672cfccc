/**
 * Follows the status of the payments the helper created: polls the gateway summary with a short
 * cache (so a stampede of widgets makes at most one upstream call per payment per `statusCacheMs`),
 * applies local PIX/boleto expiry, re-fetches a transaction when a postback names it, keeps every
 * status change monotonic, and tells subscribers (status streams) about each change.
 */
import type { Payment, PaymentStatus, Refusal } from '../contract/payment.js';
import { isFinalStatus } from '../contract/payment.js';
import type { GatewayClient } from './gateway/client.js';
import { STATUS_POLL_SOURCE, readRefusal, readTransaction, toPaymentStatus } from './gateway/assumptions.js';
import type { Logger } from './log.js';
import { createKeyedLock, createSingleFlight } from './lock.js';
import { nextStatus } from './payments.js';
import type { PaymentRecord, PaymentStore } from './payments.js';

export type PaymentListener = (payment: Payment) => void;

export interface PaymentTracker {
  /** Saves a freshly created payment (counts as a fresh upstream observation). */
  created(record: PaymentRecord): Promise<void>;
  /** The record with local expiry applied, without any upstream call. */
  current(id: string): Promise<PaymentRecord | undefined>;
  /** Current payment, refreshed from the gateway at most once per `statusCacheMs`. */
  refresh(record: PaymentRecord): Promise<Payment>;
  /** A postback named this transaction: re-fetch it and apply what the gateway says. */
  postback(transactionId: string): Promise<void>;
  subscribe(paymentId: string, listener: PaymentListener): () => void;
  /** Waits for background postback work. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface TrackerDeps {
  gateway: GatewayClient;
  payments: PaymentStore;
  logger: Logger;
  now: () => number;
  statusCacheMs: number;
}

interface Observation {
  status: PaymentStatus;
  refusal?: Refusal | undefined;
}

export function createPaymentTracker(deps: TrackerDeps): PaymentTracker {
  const { gateway, payments, logger, now, statusCacheMs } = deps;
  const lock = createKeyedLock();
  const flight = createSingleFlight();
  const lastFetched = new Map<string, number>();
  const listeners = new Map<string, Set<PaymentListener>>();
  const postbackRuns = new Map<string, Promise<void>>();
  const postbackDirty = new Set<string>();
  let closed = false;

  function emit(p: Payment): void {
    const set = listeners.get(p.id);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(p);
      } catch (e) {
        logger.warn('stream.listener_failed', { paymentId: p.id, error: e });
      }
    }
  }

  /** Applies an observed status under the payment's lock; returns the stored payment. */
  function observe(id: string, o: Observation, source: string): Promise<Payment | undefined> {
    return lock(id, async () => {
      const rec = await payments.get(id);
      if (!rec) return undefined;
      const from = rec.payment.status;
      const to = nextStatus(from, o.status);
      if (to === from) {
        if (o.status !== from) logger.info('payment.status_ignored', { paymentId: id, current: from, observed: o.status, source });
        return rec.payment;
      }
      rec.payment = { ...rec.payment, status: to, updatedAt: new Date(now()).toISOString() };
      if (to === 'REFUSED') rec.payment.refusal = o.refusal ?? readRefusal(undefined);
      await payments.put(rec);
      logger.info('payment.status', { paymentId: id, orderId: rec.payment.orderId, from, to, source });
      emit(rec.payment);
      return rec.payment;
    });
  }

  function localStatus(p: Payment): PaymentStatus {
    return toPaymentStatus(p.status, p.method, { pixExpiresAt: p.pix?.expiresAt, boletoDueDate: p.boleto?.dueDate }, now());
  }

  async function current(id: string): Promise<PaymentRecord | undefined> {
    const rec = await payments.get(id);
    if (!rec) return undefined;
    const local = localStatus(rec.payment);
    if (local !== rec.payment.status) {
      const p = await observe(id, { status: local }, 'expiry');
      if (p) rec.payment = p;
    }
    return rec;
  }

  async function pollOnce(rec: PaymentRecord): Promise<Payment> {
    const id = rec.payment.id;
    const summary =
      STATUS_POLL_SOURCE === 'summary' ? await gateway.transactions.summary(rec.gatewayId) : await gateway.transactions.get(rec.gatewayId);
    if (summary.id !== rec.gatewayId) {
      logger.warn('payment.summary_mismatch', { paymentId: id });
      return rec.payment;
    }
    const p = rec.payment;
    const status = toPaymentStatus(summary.status, p.method, { pixExpiresAt: p.pix?.expiresAt, boletoDueDate: p.boleto?.dueDate }, now());
    let refusal: Refusal | undefined;
    if (status === 'REFUSED' && p.status !== 'REFUSED') {
      // the summary is compact; the full transaction carries the reason
      try {
        refusal = readRefusal(readTransaction(await gateway.transactions.get(rec.gatewayId)).refusedReason);
      } catch {
        refusal = undefined;
      }
    }
    return (await observe(id, { status, refusal }, 'poll')) ?? p;
  }

  async function refresh(record: PaymentRecord): Promise<Payment> {
    const id = record.payment.id;
    const rec = (await current(id)) ?? record;
    if (isFinalStatus(rec.payment.status)) return rec.payment;
    const t = now();
    if (t - (lastFetched.get(id) ?? -Infinity) < statusCacheMs) return rec.payment;
    lastFetched.set(id, t);
    try {
      return await flight(id, () => pollOnce(rec));
    } catch (e) {
      logger.warn('payment.poll_failed', { paymentId: id, error: e });
      return rec.payment;
    }
  }

  async function applyPostback(id: string): Promise<void> {
    const rec = await payments.get(id);
    if (!rec) return;
    let tx;
    try {
      tx = await gateway.transactions.get(rec.gatewayId);
    } catch (e) {
      logger.warn('webhook.refetch_failed', { paymentId: id, error: e });
      return;
    }
    if (tx.id !== rec.gatewayId) {
      logger.warn('webhook.refetch_mismatch', { paymentId: id });
      return;
    }
    lastFetched.set(id, now());
    const parts = readTransaction(tx);
    const p = rec.payment;
    const status = toPaymentStatus(parts.status, p.method, { pixExpiresAt: p.pix?.expiresAt, boletoDueDate: p.boleto?.dueDate }, now());
    await observe(id, { status, refusal: status === 'REFUSED' ? readRefusal(parts.refusedReason) : undefined }, 'webhook');
  }

  async function postback(transactionId: string): Promise<void> {
    if (closed) return;
    // only payments this helper created are re-fetched: unknown ids cost no upstream call
    const rec = await payments.get(transactionId);
    if (!rec) {
      logger.info('webhook.unknown_transaction', { transactionId });
      return;
    }
    const running = postbackRuns.get(transactionId);
    if (running) {
      // one more fetch after the running one, however many postbacks arrive meanwhile
      postbackDirty.add(transactionId);
      return running;
    }
    const run = (async () => {
      do {
        postbackDirty.delete(transactionId);
        await applyPostback(transactionId);
      } while (postbackDirty.has(transactionId) && !closed);
    })().finally(() => postbackRuns.delete(transactionId));
    postbackRuns.set(transactionId, run);
    return run;
  }

  return {
    async created(record) {
      await payments.put(record);
      lastFetched.set(record.payment.id, now());
    },
    current,
    refresh,
    postback,
    subscribe(paymentId, listener) {
      let set = listeners.get(paymentId);
      if (!set) listeners.set(paymentId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(paymentId) === set) listeners.delete(paymentId);
      };
    },
    async idle() {
      while (postbackRuns.size) await Promise.allSettled([...postbackRuns.values()]);
    },
    async close() {
      closed = true;
      await Promise.allSettled([...postbackRuns.values()]);
      listeners.clear();
    },
  };
}
