/**
 * The lazy payment screens: each a chunk of its own (see register.ts), loaded and defined here.
 * The outcome chunk (outcome.ts: receipt, refusal advice, outcome strings) is fetched alongside
 * every screen, and on its own when an outcome needs it first (a resumed payment).
 */
import type { PaymentMethod } from '../../contract/payment.js';

type Outcome = typeof import('./outcome.js');

const SCREENS: Record<PaymentMethod, () => Promise<{ define(): void }>> = {
  PIX: () => import('./pix.js'),
  BOLETO: () => import('./boleto.js'),
  CREDIT_CARD: () => import('./card.js'),
};

const loads = new Map<PaymentMethod, Promise<void>>();
const ready = new Set<PaymentMethod>();
let outcome: Outcome | undefined;
let outcomeLoad: Promise<Outcome> | undefined;

/** True once the screen of `method` is loaded and its elements defined. */
export function isScreenLoaded(method: PaymentMethod): boolean {
  return ready.has(method);
}

/** The outcome module once loaded (its strings registered), else undefined. */
export function outcomeModule(): Outcome | undefined {
  return outcome;
}

/** Loads the outcome chunk once (a failed load is forgotten, so calling again retries it). */
export function loadOutcome(): Promise<Outcome> {
  if (!outcomeLoad) {
    outcomeLoad = import('./outcome.js').then((m) => {
      m.define();
      outcome = m;
      return m;
    });
    outcomeLoad.catch(() => (outcomeLoad = undefined));
  }
  return outcomeLoad;
}

/**
 * Loads the screen of `method` and defines its elements, once: later calls share the first load.
 * A failed load (network) is forgotten, so calling again retries it.
 */
export function loadScreen(method: PaymentMethod): Promise<void> {
  let p = loads.get(method);
  if (!p) {
    // The outcome chunk is fetched alongside: the screen counts as loaded once both are in.
    p = Promise.all([SCREENS[method]().then((m) => m.define()), loadOutcome()]).then(() => {
      ready.add(method);
    });
    p.catch(() => loads.delete(method));
    loads.set(method, p);
  }
  return p;
}
