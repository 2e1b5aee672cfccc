// What the README's TypeScript snippets take as given (scripts/readme-snippets.mjs): things of
// YOUR application that a snippet uses without defining. Everything else a snippet names must be
// imported or defined in the snippet itself.
import type { BynetCheckout, CheckoutOptions } from 'bynet-checkout/server';
import type { Express } from 'express';

declare global {
  /** The helper instance, as made in the quick start: `createBynetCheckout({ ... })`. */
  const bynet: BynetCheckout;
  /** The options you pass to `createBynetCheckout`. */
  const options: CheckoutOptions;
  /** Your secrets, from your environment. */
  const apiKey: string;
  const tokenSecret: string;
  /** Your Express application. */
  const app: Express;
  /** Your database (whatever it is). */
  const db: {
    orders: {
      markPaid(ref: string, eventId: string, amountCents: number): Promise<void>;
      find(ref: string): Promise<{ id: string; totalCents: number; lines: Array<{ name: string; priceCents: number; qty: number; physical: boolean }>; shippingCents: number } | null>;
    };
    tx(run: (t: {
      events: { exists(id: string): Promise<boolean>; insert(id: string): Promise<void> };
      orders: { update(ref: string, change: Record<string, unknown>): Promise<void> };
    }) => Promise<void>): Promise<void>;
  };
  /** Your alerting. */
  function alertOps(message: string): Promise<void>;
}
export {};
