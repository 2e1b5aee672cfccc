/**
 * The demo shop's order book, kept the way a merchant would keep it: fed only by the helper's
 * `onPaymentUpdate` hook, one entry per order, saved to a JSON file after every update (temp file,
 * fsync, rename, fsync of the folder; one write at a time) and loaded again at start, so it
 * survives `kill -9` and restarts.
 *
 * `paidEvents` counts EVERY hook call that reported the order PAID or AUTHORIZED, repeats
 * included: it is the honest measure of exactly-once delivery (1 for a paid order, whatever the
 * gateway, the postbacks or the restarts did). The hook resolves only once the update is on disk,
 * so the helper never considers an update delivered that a crash could still lose; a failed write
 * undoes the in-memory change and throws (the helper retries the delivery).
 */
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { nextStatus } from '../src/server/payments.js';
import type { PaymentMethod, PaymentStatus } from '../src/contract/payment.js';
import type { PaymentUpdate } from '../src/server/state.js';

export interface OrderBookPayment {
  paymentId: string;
  method: PaymentMethod;
  status: PaymentStatus;
  /** Cents the gateway charges (installment interest included). */
  amount: number;
  installments: number | null;
  /** The order was already paid by another payment when this one was paid. */
  duplicate: boolean;
  updatedAt: string;
}

export interface OrderBookEvent {
  eventId: string;
  status: PaymentStatus;
  source: PaymentUpdate['source'];
  at: string;
}

export interface OrderBookEntry {
  orderId: string;
  /** PAID/AUTHORIZED when any payment is; otherwise the status of the latest payment. */
  status: PaymentStatus;
  /** Hook calls that reported this order PAID or AUTHORIZED (repeats included). */
  paidEvents: number;
  payments: OrderBookPayment[];
  merchantRef: string | null;
  /** Some payment of this order was reported as a duplicate (the order was paid twice). */
  duplicate: boolean;
  createdAt: string;
  updatedAt: string;
  /** The last hook calls for this order, newest last (for diagnosis). */
  events: OrderBookEvent[];
}

export interface OrderBook {
  /** The hook: records one update and resolves once it is on disk. */
  record(update: PaymentUpdate): Promise<void>;
  /** Every order, newest first. */
  list(): OrderBookEntry[];
  /** Where the book is saved. */
  readonly file: string;
  /** Waits for the writes in progress. */
  close(): Promise<void>;
}

export interface OrderBookOptions {
  /** The JSON file (its folder is created). */
  file: string;
  /** Oldest orders beyond this many are dropped. Default 1000. */
  maxOrders?: number;
  /** Problems worth telling the operator about (unreadable file...). Default console.warn. */
  warn?: (message: string) => void;
}

const SUCCESS: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['PAID', 'AUTHORIZED']);
const MAX_EVENTS = 20;

function orderStatus(payments: readonly OrderBookPayment[]): PaymentStatus {
  if (payments.some((p) => p.status === 'PAID')) return 'PAID';
  if (payments.some((p) => p.status === 'AUTHORIZED')) return 'AUTHORIZED';
  let latest = payments[0]!;
  for (const p of payments) if (p.updatedAt >= latest.updatedAt) latest = p;
  return latest.status;
}

function isEntry(v: unknown): v is OrderBookEntry {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.orderId === 'string' && typeof o.status === 'string' && typeof o.paidEvents === 'number' && Array.isArray(o.payments);
}

export function createOrderBook(o: OrderBookOptions): OrderBook {
  const file = o.file;
  const tmp = `${file}.tmp`;
  const maxOrders = o.maxOrders ?? 1000;
  const warn = o.warn ?? ((m: string) => console.warn(m));
  const orders = new Map<string, OrderBookEntry>();

  mkdirSync(dirname(file), { recursive: true });
  // a temp file left by a crash mid-write never replaced the book: drop it
  rmSync(tmp, { force: true });
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== undefined) {
    try {
      const parsed = JSON.parse(text) as { orders?: unknown };
      for (const entry of Array.isArray(parsed.orders) ? parsed.orders : []) {
        if (isEntry(entry)) orders.set(entry.orderId, { ...entry, events: Array.isArray(entry.events) ? entry.events : [] });
      }
    } catch {
      // rename() makes a half-written book impossible; a hand-edited one is kept aside, not lost
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      warn(`demo: ${file} could not be read; kept as ${aside}, starting an empty order book.`);
    }
  }

  function list(): OrderBookEntry[] {
    return [...orders.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.orderId < b.orderId ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
  }

  async function save(): Promise<void> {
    const body = `${JSON.stringify({ orders: list() }, null, 2)}\n`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(body, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    // the rename itself must survive a crash: sync the folder's entry
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } catch {
      // some file systems cannot sync a directory; the rename is still atomic
    } finally {
      await dir.close();
    }
  }

  /** Applies one update; returns what undoes it. */
  function apply(u: PaymentUpdate): () => void {
    const at = u.occurredAt || new Date().toISOString();
    const existing = orders.get(u.orderId);
    const previous = existing ? structuredClone(existing) : undefined;
    let evicted: OrderBookEntry | undefined;
    const entry: OrderBookEntry = existing ?? {
      orderId: u.orderId,
      status: u.status,
      paidEvents: 0,
      payments: [],
      merchantRef: u.merchantRef ?? null,
      duplicate: false,
      createdAt: at,
      updatedAt: at,
      events: [],
    };
    let p = entry.payments.find((x) => x.paymentId === u.paymentId);
    if (!p) {
      p = { paymentId: u.paymentId, method: u.method, status: u.status, amount: u.amount, installments: u.installments, duplicate: u.duplicate, updatedAt: at };
      entry.payments.push(p);
    } else {
      // monotonic, as the helper: a late repeat of an older status does not move it back
      p.status = nextStatus(p.status, u.status);
      p.amount = u.amount;
      p.installments = u.installments ?? p.installments;
      p.duplicate = p.duplicate || u.duplicate;
      if (at > p.updatedAt) p.updatedAt = at;
    }
    if (SUCCESS.has(u.status)) entry.paidEvents++;
    entry.merchantRef = entry.merchantRef ?? u.merchantRef ?? null;
    entry.duplicate = entry.payments.some((x) => x.duplicate);
    entry.status = orderStatus(entry.payments);
    if (at > entry.updatedAt) entry.updatedAt = at;
    entry.events = [...entry.events, { eventId: u.eventId, status: u.status, source: u.source, at }].slice(-MAX_EVENTS);
    orders.set(u.orderId, entry);
    if (!existing && orders.size > maxOrders) {
      evicted = list().filter((x) => x.orderId !== u.orderId).at(-1);
      if (evicted) orders.delete(evicted.orderId);
    }
    return () => {
      if (previous) orders.set(u.orderId, previous);
      else orders.delete(u.orderId);
      if (evicted) orders.set(evicted.orderId, evicted);
    };
  }

  // one update at a time: apply, save, and undo the change when the save fails
  let chain: Promise<unknown> = Promise.resolve();
  function record(update: PaymentUpdate): Promise<void> {
    const run = async () => {
      const undo = apply(update);
      try {
        await save();
      } catch (e) {
        undo();
        throw e;
      }
    };
    const done = chain.then(run, run);
    chain = done.catch(() => undefined);
    return done;
  }

  return {
    record,
    list,
    file,
    async close() {
      await chain;
    },
  };
}
