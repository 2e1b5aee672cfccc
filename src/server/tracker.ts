/**
 * Follows the status of the payments the helper created: polls the gateway summary with a short
 * cache (so a stampede of widgets makes at most one upstream call per payment per `statusCacheMs`,
 * across every instance sharing the state), applies local PIX/boleto expiry, re-fetches a
 * transaction when a postback names it, keeps every status change monotonic, and tells
 * subscribers (status streams) about each change, including changes made by other instances.
 */
import type { Payment, PaymentStatus, Refusal } from '../contract/payment.js';
import { isFinalStatus, isSuccessStatus } from '../contract/payment.js';
import type { GatewayClient } from './gateway/client.js';
import type { GatewaySummary, GatewayTransaction } from '../contract/gateway.js';
import { STATUS_POLL_SOURCE, readRefusal, readSummary, readTransaction, toPaymentStatus } from './gateway/assumptions.js';
import type { Logger } from './log.js';
import { createSingleFlight } from './lock.js';
import { nextStatus } from './payments.js';
import type { PaymentRecord, PaymentStore } from './payments.js';
import type { FlagStore, Outbox, PaymentUpdate, SharedLock, StatusBus } from './state.js';

export type PaymentListener = (payment: Payment) => void;

export interface PaymentTracker {
  /**
   * Saves a payment the helper did not hold before: `created` (just answered by the gateway; counts
   * as a fresh upstream observation), `recovered`/`webhook`/`reconcile` (found at the gateway after
   * a lost answer or a lost store). Detects a second settled payment of the same order, queues the
   * hook event. If the payment is already held, the new observation is applied instead.
   */
  created(record: PaymentRecord, source?: PaymentUpdate['source']): Promise<PaymentRecord>;
  /** The record with local expiry applied, without any upstream call. */
  current(id: string): Promise<PaymentRecord | undefined>;
  /**
   * Current payment, refreshed from the gateway at most once per `statusCacheMs`. With `strict`,
   * a failed gateway call is thrown (the status route answers 502/504, so the buyer's widget
   * learns the gateway is in trouble); otherwise the last known payment is returned.
   */
  refresh(record: PaymentRecord, opts?: { strict?: boolean; source?: 'poll' | 'reconcile' }): Promise<Payment>;
  /**
   * A postback named this transaction: re-fetch it and apply what the gateway says. `claimed` is
   * the status the postback announced (lower-cased), used to skip postbacks already confirmed.
   */
  postback(transactionId: string, claimed?: string): Promise<void>;
  subscribe(paymentId: string, listener: PaymentListener): () => void;
  /** Resolves once changes made by other instances are being received. */
  ready(): Promise<void>;
  /** Live subscriptions (status streams) in this instance. */
  listenerCount(): number;
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
  /** Serialises status writes per payment (across instances when shared). */
  lock: SharedLock;
  /** Poll throttle and webhook dedupe flags. */
  flags: FlagStore;
  /** Fan-out of status changes to other instances. */
  bus: StatusBus;
  /** The merchant hook's queue; absent when no hook is configured. */
  outbox?: Outbox | undefined;
  /** Called after an event was queued (delivery starts at once). */
  onQueued?: (() => void) | undefined;
  /** A second payment of one order was settled (`record.duplicate` is true). */
  onDuplicate?: ((record: PaymentRecord) => void) | undefined;
  /**
   * A postback named a transaction the helper does not hold: find it at the gateway and adopt it
   * when it provably belongs to one of the helper's orders (resolves to the adopted record).
   */
  adopt?: ((transactionId: string) => Promise<PaymentRecord | undefined>) | undefined;
  /** How long a confirmed postback (transaction + status) is remembered. Default 24 h. */
  dedupeTtlMs?: number;
  /**
   * Delays before re-fetching again when the re-fetch a postback triggered failed (the gateway
   * may not send it again). Default 1 s, 5 s, 15 s, 60 s.
   */
  postbackRetryDelaysMs?: readonly number[];
  /**
   * Per payment, at most one postback re-fetch per this window: postbacks arriving meanwhile are
   * coalesced into one re-fetch at the window's end (none is lost, a forged burst costs one or two
   * gateway reads). Default 1000 ms.
   */
  postbackWindowMs?: number;
}

interface Observation {
  status: PaymentStatus;
  refusal?: Refusal | undefined;
}

export function createPaymentTracker(deps: TrackerDeps): PaymentTracker {
  const { gateway, payments, logger, now, statusCacheMs, lock, flags, bus, outbox } = deps;
  const dedupeTtlMs = deps.dedupeTtlMs ?? 24 * 3_600_000;
  const retryDelays = deps.postbackRetryDelaysMs ?? [1_000, 5_000, 15_000, 60_000];
  /** Pending re-fetch retries after a failed postback re-fetch, per transaction. */
  const retries = new Map<string, { timer: ReturnType<typeof setTimeout>; attempt: number }>();
  const flight = createSingleFlight();
  const listeners = new Map<string, Set<PaymentListener>>();
  const postbackRuns = new Map<string, Promise<void>>();
  const postbackDirty = new Set<string>();
  const windowMs = deps.postbackWindowMs ?? 1_000;
  /** When each payment was last re-fetched for a postback (real clock: this is a throttle). */
  const lastRefetch = new Map<string, number>();
  /** Wakes the runs waiting for their window (on close). */
  const sleepers = new Set<() => void>();
  let closed = false;

  /** Waits until `id`'s postback window allows another re-fetch, then starts a new window. */
  async function refetchWindow(id: string): Promise<void> {
    const last = lastRefetch.get(id);
    const wait = last === undefined ? 0 : last + windowMs - Date.now();
    if (wait > 0 && !closed) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, wait);
        sleepers.add(wake);
      });
    }
    if (lastRefetch.size >= 10_000) {
      const cutoff = Date.now() - windowMs;
      for (const [k, t] of lastRefetch) if (t < cutoff) lastRefetch.delete(k);
    }
    lastRefetch.set(id, Date.now());
  }

  /** Marks a fresh upstream observation (the poll throttle starts again). */
  const markFetched = (id: string) =>
    flags.set(`poll:${id}`, '1', statusCacheMs).catch((e: unknown) => logger.warn('state.flag_failed', { error: e }));
  /** True when this caller may poll upstream now (nobody did within `statusCacheMs`). */
  const mayFetch = (id: string) =>
    flags.claim(`poll:${id}`, statusCacheMs).catch((e: unknown) => {
      logger.warn('state.flag_failed', { error: e });
      return true;
    });

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

  // changes made by other instances reach this instance's streams
  let unsubscribeBus: (() => void) | undefined;
  function listenRemote(): void {
    if (unsubscribeBus || closed) return;
    unsubscribeBus = bus.subscribe((p) => {
      if (listeners.has(p.id)) emit(p);
    });
  }

  /** Queues the hook event for a status change (before the change is stored: never lost). */
  async function queue(rec: PaymentRecord, previousStatus: PaymentStatus | null, source: PaymentUpdate['source']): Promise<void> {
    if (!outbox) return;
    const p = rec.payment;
    const update: PaymentUpdate = {
      eventId: `${p.id}:${p.status}`,
      orderId: p.orderId,
      paymentId: p.id,
      method: p.method,
      status: p.status,
      previousStatus,
      amount: p.amount,
      installments: p.installments ?? null,
      merchantRef: rec.merchantRef ?? null,
      duplicate: rec.duplicate === true,
      occurredAt: new Date(now()).toISOString(),
      source,
    };
    if (await outbox.add(update, now())) deps.onQueued?.();
  }

  /**
   * Stores a status change (or a new record), queueing its event first. A change to PAID or
   * AUTHORIZED runs under the order's settle lock, so of two payments of one order settled at once
   * exactly one is the order's payment and the other is marked `duplicate`.
   */
  async function commit(rec: PaymentRecord, previousStatus: PaymentStatus | null, source: PaymentUpdate['source']): Promise<void> {
    const settling = isSuccessStatus(rec.payment.status) && (previousStatus === null || !isSuccessStatus(previousStatus));
    const write = async () => {
      if (settling) {
        const siblings = await payments.listByOrder(rec.payment.orderId);
        if (siblings.some((x) => x.payment.id !== rec.payment.id && isSuccessStatus(x.payment.status))) rec.duplicate = true;
      }
      await queue(rec, previousStatus, source);
      await payments.put(rec);
    };
    if (settling) await lock(`settle:${rec.payment.orderId}`, write);
    else await write();
    if (settling && rec.duplicate) {
      logger.warn('payment.duplicate', { paymentId: rec.payment.id, orderId: rec.payment.orderId, amount: rec.payment.amount });
      deps.onDuplicate?.(rec);
    }
  }

  /** Applies an observed status under the payment's lock; returns the stored payment. */
  function observe(id: string, o: Observation, source: PaymentUpdate['source']): Promise<Payment | undefined> {
    return lock(`pay:${id}`, async () => {
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
      await commit(rec, from, source);
      logger.info('payment.status', { paymentId: id, orderId: rec.payment.orderId, from, to, source });
      emit(rec.payment);
      bus.publish(rec.payment);
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

  async function pollOnce(rec: PaymentRecord, source: 'poll' | 'reconcile'): Promise<Payment> {
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
      // The Summary carries `refusedReason` (documented); a full read only when it is missing.
      const reason =
        STATUS_POLL_SOURCE === 'summary'
          ? readSummary(summary as GatewaySummary).refusedReason
          : readTransaction(summary as GatewayTransaction).refusedReason;
      if (reason !== undefined) refusal = readRefusal(reason);
      else {
        try {
          refusal = readRefusal(readTransaction(await gateway.transactions.get(rec.gatewayId)).refusedReason);
        } catch {
          refusal = undefined;
        }
      }
    }
    return (await observe(id, { status, refusal }, source)) ?? p;
  }

  async function refresh(record: PaymentRecord, opts: { strict?: boolean; source?: 'poll' | 'reconcile' } = {}): Promise<Payment> {
    const id = record.payment.id;
    const rec = (await current(id)) ?? record;
    if (isFinalStatus(rec.payment.status)) return rec.payment;
    if (!(await mayFetch(id))) return rec.payment;
    try {
      return await flight(id, () => pollOnce(rec, opts.source ?? 'poll'));
    } catch (e) {
      logger.warn('payment.poll_failed', { paymentId: id, error: e });
      if (opts.strict) throw e;
      return rec.payment;
    }
  }

  /** A postback's re-fetch failed: try again later, a bounded number of times. */
  function scheduleRetry(id: string): void {
    if (closed) return;
    const prev = retries.get(id);
    const attempt = prev ? prev.attempt + 1 : 0;
    if (prev) clearTimeout(prev.timer);
    if (attempt >= retryDelays.length) {
      retries.delete(id);
      logger.warn('webhook.refetch_gave_up', { paymentId: id, attempts: attempt });
      return;
    }
    const timer = setTimeout(() => {
      if (closed) return;
      void postback(id);
    }, retryDelays[attempt]);
    timer.unref?.();
    retries.set(id, { timer, attempt });
  }

  /** Re-fetches the transaction and applies it; returns the gateway's status, lower-cased. */
  async function applyPostback(id: string): Promise<string | undefined> {
    const rec = await payments.get(id);
    if (!rec) return undefined;
    let tx;
    try {
      tx = await gateway.transactions.refetch(rec.gatewayId);
    } catch (e) {
      logger.warn('webhook.refetch_failed', { paymentId: id, error: e });
      scheduleRetry(id);
      return undefined;
    }
    const pending = retries.get(id);
    if (pending) {
      clearTimeout(pending.timer);
      retries.delete(id);
    }
    if (tx.id !== rec.gatewayId) {
      logger.warn('webhook.refetch_mismatch', { paymentId: id });
      return undefined;
    }
    await markFetched(id);
    const parts = readTransaction(tx);
    const p = rec.payment;
    const status = toPaymentStatus(parts.status, p.method, { pixExpiresAt: p.pix?.expiresAt, boletoDueDate: p.boleto?.dueDate }, now());
    await observe(id, { status, refusal: status === 'REFUSED' ? readRefusal(parts.refusedReason) : undefined }, 'webhook');
    return parts.status ? String(parts.status).toLowerCase() : undefined;
  }

  /**
   * Webhook dedupe, shared by every instance: a postback announcing a (transaction, status) pair
   * that a re-fetch already showed is skipped. The announced pair is claimed (SET NX) before the
   * re-fetch and only what the gateway answers is marked confirmed, so a forged postback cannot
   * pre-empt the real one.
   */
  async function dedupeBegin(id: string, claimed: string | undefined): Promise<'skip' | 'claimed' | 'run'> {
    if (!claimed) return 'run';
    const key = `hook:${id}:${claimed}`;
    try {
      if (await flags.claim(key, 30_000, 'pending')) return 'claimed';
      return (await flags.get(key)) === 'confirmed' ? 'skip' : 'run';
    } catch (e) {
      logger.warn('state.flag_failed', { error: e });
      return 'run';
    }
  }

  async function dedupeEnd(id: string, claimed: string | undefined, observed: string | undefined): Promise<void> {
    try {
      if (observed) await flags.set(`hook:${id}:${observed}`, 'confirmed', dedupeTtlMs);
      if (claimed && claimed !== observed) await flags.delete(`hook:${id}:${claimed}`);
    } catch (e) {
      logger.warn('state.flag_failed', { error: e });
    }
  }

  async function postback(transactionId: string, claimed?: string): Promise<void> {
    if (closed) return;
    const rec = await payments.get(transactionId);
    if (!rec) {
      // not held (a restart, a lost store, a lost create answer): adopt it if it is provably ours
      const adopted = deps.adopt ? await deps.adopt(transactionId) : undefined;
      if (!adopted) logger.info('webhook.unknown_transaction', { transactionId });
      return;
    }
    const running = postbackRuns.get(transactionId);
    if (running) {
      // one more fetch after the running one, however many postbacks arrive meanwhile
      postbackDirty.add(transactionId);
      return running;
    }
    const hint = claimed && /^[a-z_]{1,32}$/.test(claimed) ? claimed : undefined;
    const run = (async () => {
      const begun = await dedupeBegin(transactionId, hint);
      // a postback that arrived meanwhile may announce something else: then fetch anyway
      if (begun === 'skip' && !postbackDirty.has(transactionId)) {
        logger.info('webhook.duplicate', { paymentId: transactionId });
        return;
      }
      let claim = begun === 'claimed' ? hint : undefined;
      for (;;) {
        // one re-fetch per payment per window: postbacks arriving while this waits join it
        await refetchWindow(transactionId);
        if (closed) break;
        postbackDirty.delete(transactionId);
        const observed = await applyPostback(transactionId);
        await dedupeEnd(transactionId, claim, observed);
        claim = undefined;
        // no await between this check and the end of the run: a postback arriving later starts its own
        if (!postbackDirty.has(transactionId) || closed) break;
      }
    })().finally(() => postbackRuns.delete(transactionId));
    postbackRuns.set(transactionId, run);
    return run;
  }

  return {
    async created(record, source = 'created') {
      const id = record.payment.id;
      const stored = await lock(`pay:${id}`, async () => {
        const held = await payments.get(id);
        if (held) return held;
        await commit(record, null, source);
        return undefined;
      });
      if (stored) {
        // already held (a postback adopted it first): apply what this observation says
        const p = await observe(id, { status: record.payment.status, refusal: record.payment.refusal }, source);
        if (p) stored.payment = p;
        return stored;
      }
      await markFetched(id);
      logger.info(source === 'created' ? 'payment.created' : 'payment.adopted', { paymentId: id, orderId: record.payment.orderId, method: record.payment.method, status: record.payment.status, source });
      emit(record.payment);
      bus.publish(record.payment);
      return record;
    },
    current,
    refresh,
    postback,
    subscribe(paymentId, listener) {
      listenRemote();
      let set = listeners.get(paymentId);
      if (!set) listeners.set(paymentId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(paymentId) === set) listeners.delete(paymentId);
      };
    },
    ready() {
      listenRemote();
      return bus.ready();
    },
    listenerCount() {
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
    async idle() {
      while (postbackRuns.size) await Promise.allSettled([...postbackRuns.values()]);
    },
    async close() {
      closed = true;
      for (const r of retries.values()) clearTimeout(r.timer);
      retries.clear();
      for (const wake of [...sleepers]) wake();
      await Promise.allSettled([...postbackRuns.values()]);
      listeners.clear();
      unsubscribeBus?.();
      unsubscribeBus = undefined;
    },
  };
}
