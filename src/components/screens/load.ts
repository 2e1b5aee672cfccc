/**
 * The lazy payment screens: each a chunk of its own (see register.ts), loaded and defined here.
 */
import type { PaymentMethod } from '../../contract/payment.js';

const SCREENS: Record<PaymentMethod, () => Promise<{ define(): void }>> = {
  PIX: () => import('./pix.js'),
  BOLETO: () => import('./boleto.js'),
  CREDIT_CARD: () => import('./card.js'),
};

const loads = new Map<PaymentMethod, Promise<void>>();
const ready = new Set<PaymentMethod>();

/** True once the screen of `method` is loaded and its elements defined. */
export function isScreenLoaded(method: PaymentMethod): boolean {
  return ready.has(method);
}

/**
 * Loads the screen of `method` and defines its elements, once: later calls share the first load.
 * A failed load (network) is forgotten, so calling again retries it.
 */
export function loadScreen(method: PaymentMethod): Promise<void> {
  let p = loads.get(method);
  if (!p) {
    p = SCREENS[method]().then((m) => {
      m.define();
      ready.add(method);
    });
    p.catch(() => loads.delete(method));
    loads.set(method, p);
  }
  return p;
}
