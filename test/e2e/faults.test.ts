/**
 * Gateway trouble at each step of a real checkout (demo + helper + sandbox, Chromium): 5xx and
 * latency injected in the sandbox on the config, order, payment and status calls. The buyer must
 * see a clear message with a way forward, recover, and never be charged twice.
 *
 * This file starts its own demo: the config scenario needs the helper's product cache empty.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { orderCreations, paymentCreations } from './support/demo.js';
import type { Demo } from './support/demo.js';
import {
  checkout,
  choosePixAndFillBuyer,
  currentPaymentId,
  payAndReadPix,
  payButton,
  payForPixCode,
  pixCode,
  ready,
  retryButton,
  screenshot,
  waitForPaid,
  waitForPixCode,
  waitForText,
} from './support/browser.js';
import { payAndWaitForPaid, useDemoAndChromium, withCheckout } from './support/suite.js';

const e2e = useDemoAndChromium();

const SERVER_TROUBLE = 'O serviço de pagamento está instável';
const RETRY = 'Tentar de novo';
const ORDER_CREATION = 'POST /api/public/checkout/create-order/*';
const PAYMENT_CREATION = 'POST /api/public/checkout/payment/*';

/** The gateway answers 503 once on `route`; the buyer pays and sees the server trouble message. */
async function payIntoServerError(demo: Demo, page: Page, route: string): Promise<void> {
  await demo.fault({ route, status: 503, times: 1 });
  await payButton(page).click();
  await waitForText(page, SERVER_TROUBLE);
}

/** The gateway is slow (1.5 s) but answers on `route` next time; the buyer clicks retry. */
async function retryThroughSlowGateway(demo: Demo, page: Page, route: string): Promise<void> {
  await demo.fault({ route, latencyMs: 1_500, times: 1 });
  await retryButton(page).click();
}

describe('gateway faults', { timeout: 120_000 }, () => {
  afterEach(async () => {
    await e2e.demo.clearFaults();
  });

  it('config: 5xx shows a retry; the retry (slow gateway) loads the checkout', async () => {
    const { demo, browser } = e2e;
    await demo.clearFaults();
    // The helper retries gateway GETs twice: three 503s in a row reach the buyer.
    await demo.fault({ route: 'GET /api/user/products/*', status: 503, times: 3 });
    const context = await browser.newContext({ baseURL: demo.origin, locale: 'pt-BR' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto('/');
      await waitForText(page, SERVER_TROUBLE);
      assert.equal(await retryButton(page).textContent().then((t) => t?.trim()), RETRY);
      assert.equal(await checkout(page).evaluate((el) => el.matches(':state(error)')), true);
      await screenshot(page, 'fault-config-error');

      await demo.fault({ route: 'GET /api/user/products/*', latencyMs: 1_500, times: 1 });
      const started = Date.now();
      await retryButton(page).click();
      await ready(page);
      assert.ok(Date.now() - started >= 1_400, 'the retry went through the slow gateway');

      await choosePixAndFillBuyer(page);
      await payForPixCode(page);
      await payAndWaitForPaid(demo, page, await currentPaymentId(page));
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-config-recovered-paid');
    } finally {
      await context.close();
    }
  });

  it('order: 5xx keeps the form and offers a retry; one order, one payment', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await choosePixAndFillBuyer(page);
      await demo.clearCalls();
      await payIntoServerError(demo, page, ORDER_CREATION);
      // The buyer's details stay on screen under the message.
      assert.equal(await page.locator('#checkout bynet-customer-fields input[name="name"]').inputValue(), 'Maria Aparecida Souza');
      await screenshot(page, 'fault-order-error');

      await retryThroughSlowGateway(demo, page, ORDER_CREATION);
      await waitForText(page, 'Processando…', 5_000);
      await waitForPixCode(page, 20_000);
      await payAndWaitForPaid(demo, page, await currentPaymentId(page));

      const calls = await demo.calls();
      assert.equal(orderCreations(calls).length, 2, 'the failed attempt and the retry reached the gateway');
      assert.equal(orderCreations(calls, true).length, 1, 'one order created');
      assert.equal(paymentCreations(calls).length, 1, 'one payment');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-order-recovered-paid');
    });
  });

  it('payment: 5xx offers a retry; the retry creates exactly one payment', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await choosePixAndFillBuyer(page);
      await demo.clearCalls();
      await payIntoServerError(demo, page, PAYMENT_CREATION);
      await screenshot(page, 'fault-payment-error');

      await retryThroughSlowGateway(demo, page, PAYMENT_CREATION);
      await waitForPixCode(page, 20_000);
      const id = await currentPaymentId(page);
      await payAndWaitForPaid(demo, page, id);

      const calls = await demo.calls();
      assert.equal(orderCreations(calls, true).length, 1, 'one order');
      assert.equal(paymentCreations(calls).length, 2, 'the failed attempt and the retry');
      assert.equal(paymentCreations(calls, true).length, 1, 'one payment created');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-payment-recovered-paid');
    });
  });

  it('status: gateway 5xx + latency on status reads; paid during the outage, confirmed once the gateway is back', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await choosePixAndFillBuyer(page);
      await demo.clearCalls();
      const { code, id } = await payAndReadPix(page);

      // Every gateway status read now fails, slowly; the buyer pays meanwhile.
      await demo.fault({ route: 'GET /api/user/transactions/**', latencyMs: 300 });
      await demo.fault({ route: 'GET /api/user/transactions/**', status: 503 });
      await demo.pay(id);
      await page.waitForTimeout(4_000);
      // Nothing false is shown: still waiting, same code, no error.
      assert.equal(await checkout(page).evaluate((el) => el.matches(':state(awaiting)')), true);
      assert.equal(await pixCode(page).inputValue(), code);
      const during = await demo.calls();
      assert.ok(during.filter((c) => c.method === 'GET' && c.status === 503).length >= 1, 'status reads did fail');

      await demo.clearFaults();
      await waitForPaid(page, 45_000);
      assert.equal(paymentCreations(await demo.calls()).length, 1, 'one payment');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-status-gateway-recovered-paid');
    });
  });

  it('status: when the helper cannot be reached the buyer sees a notice, and the payment is confirmed after', async () => {
    await withCheckout(e2e, async ({ demo, context, page, errors }) => {
      await choosePixAndFillBuyer(page);
      // Status checks and the status stream fail at the network level from the start.
      await context.route('**/api/checkout/payments/**', (route) => route.abort('connectionfailed'));
      await demo.clearCalls();
      const { code, id } = await payAndReadPix(page);

      await waitForText(page, 'Estamos com dificuldade para confirmar o pagamento', 45_000);
      assert.equal(await pixCode(page).inputValue(), code, 'the code stays usable');
      await screenshot(page, 'fault-status-unreachable-notice');

      await context.unrouteAll();
      await payAndWaitForPaid(demo, page, id, 45_000);
      assert.equal(paymentCreations(await demo.calls()).length, 1, 'one payment');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-status-unreachable-recovered-paid');
    });
  });
});
