/**
 * What every e2e file shares: one demo server and one Chromium for the whole file, and a fresh
 * buyer page on the checkout for each scenario, closed whatever the scenario's outcome.
 */
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startDemo } from './demo.js';
import type { Demo } from './demo.js';
import { launchChromium, openCheckout, waitForPaid } from './browser.js';
import type { BuyerPage, CheckoutOptions } from './browser.js';

export interface E2e {
  /** The demo server (set once the file's `before` hook ran). */
  readonly demo: Demo;
  /** The shared Chromium (set once the file's `before` hook ran). */
  readonly browser: Browser;
}

/**
 * Registers the file's `before`/`after` hooks: start the demo and Chromium, then close the browser
 * and stop the demo. Call it at the top level of a test file. `o.env` adds variables to the demo's
 * environment (e.g. `BYNET_DEMO_TEST_LIMITS: '1'` for a file driving many buyers).
 */
export function useDemoAndChromium(o: { env?: Record<string, string> } = {}): E2e {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  before(async () => {
    demo = await startDemo(o.env ? { env: o.env } : {});
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });
  return {
    get demo() {
      if (!demo) throw new Error('the demo is not started (useDemoAndChromium() sets it up in `before`)');
      return demo;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not launched (useDemoAndChromium() sets it up in `before`)');
      return browser;
    },
  };
}

export interface CheckoutSession extends BuyerPage {
  demo: Demo;
}

export type Scenario = (s: CheckoutSession) => Promise<void>;

/**
 * Opens the checkout in a fresh context (a desktop window unless `o` says otherwise), runs
 * `scenario` on it, and closes the context after, whatever the outcome.
 */
export async function withCheckout(e2e: E2e, scenario: Scenario): Promise<void>;
export async function withCheckout(e2e: E2e, o: CheckoutOptions, scenario: Scenario): Promise<void>;
export async function withCheckout(e2e: E2e, a: CheckoutOptions | Scenario, b?: Scenario): Promise<void> {
  const [o, scenario] = typeof a === 'function' ? [{}, a] : [a, b!];
  const buyer = await openCheckout(e2e.browser, e2e.demo.origin, o);
  try {
    await scenario({ ...buyer, demo: e2e.demo });
  } finally {
    await buyer.context.close();
  }
}

/** The sandbox marks the payment paid; then waits for the widget to show the paid view by itself. */
export async function payAndWaitForPaid(demo: Demo, page: Page, paymentId: string, timeout?: number): Promise<void> {
  await demo.pay(paymentId);
  await waitForPaid(page, timeout);
}
