/**
 * Gateway trouble at each step of a real checkout (demo + helper + sandbox, Chromium): 5xx and
 * latency injected in the sandbox on the config, order, payment and status calls. The buyer must
 * see a clear message with a way forward, recover, and never be charged twice.
 *
 * This file starts its own demo: the config scenario needs the helper's product cache empty.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { orderCreations, paymentCreations, startDemo } from './support/demo.js';
import type { Demo } from './support/demo.js';
import {
  checkout,
  chooseMethod,
  currentPaymentId,
  fillBuyer,
  launchChromium,
  openCheckout,
  payButton,
  pixCode,
  ready,
  retryButton,
  screenshot,
  waitForText,
} from './support/browser.js';

let demo: Demo;
let browser: Browser;

before(async () => {
  demo = await startDemo();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

const SERVER_TROUBLE = 'O serviço de pagamento está instável';
const RETRY = 'Tentar de novo';

describe('gateway faults', { timeout: 120_000 }, () => {
  it('config: 5xx shows a retry; the retry (slow gateway) loads the checkout', async () => {
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

      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      await payButton(page).click();
      await pixCode(page).waitFor({ state: 'visible' });
      await demo.pay(await currentPaymentId(page));
      await waitForText(page, 'Pagamento confirmado!');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-config-recovered-paid');
    } finally {
      await context.close();
      await demo.clearFaults();
    }
  });

  it('order: 5xx keeps the form and offers a retry; one order, one payment', async () => {
    const { context, page, errors } = await openCheckout(browser, demo.origin);
    try {
      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      await demo.clearCalls();
      await demo.fault({ route: 'POST /api/public/checkout/create-order/*', status: 503, times: 1 });
      await payButton(page).click();
      await waitForText(page, SERVER_TROUBLE);
      // The buyer's details stay on screen under the message.
      assert.equal(await page.locator('#checkout bynet-customer-fields input[name="name"]').inputValue(), 'Maria Aparecida Souza');
      await screenshot(page, 'fault-order-error');

      await demo.fault({ route: 'POST /api/public/checkout/create-order/*', latencyMs: 1_500, times: 1 });
      await retryButton(page).click();
      await waitForText(page, 'Processando…', 5_000);
      await pixCode(page).waitFor({ state: 'visible', timeout: 20_000 });
      await demo.pay(await currentPaymentId(page));
      await waitForText(page, 'Pagamento confirmado!');

      const calls = await demo.calls();
      assert.equal(orderCreations(calls).length, 2, 'the failed attempt and the retry reached the gateway');
      assert.equal(orderCreations(calls, true).length, 1, 'one order created');
      assert.equal(paymentCreations(calls).length, 1, 'one payment');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-order-recovered-paid');
    } finally {
      await context.close();
      await demo.clearFaults();
    }
  });

  it('payment: 5xx offers a retry; the retry creates exactly one payment', async () => {
    const { context, page, errors } = await openCheckout(browser, demo.origin);
    try {
      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      await demo.clearCalls();
      await demo.fault({ route: 'POST /api/public/checkout/payment/*', status: 503, times: 1 });
      await payButton(page).click();
      await waitForText(page, SERVER_TROUBLE);
      await screenshot(page, 'fault-payment-error');

      await demo.fault({ route: 'POST /api/public/checkout/payment/*', latencyMs: 1_500, times: 1 });
      await retryButton(page).click();
      await pixCode(page).waitFor({ state: 'visible', timeout: 20_000 });
      const id = await currentPaymentId(page);
      await demo.pay(id);
      await waitForText(page, 'Pagamento confirmado!');

      const calls = await demo.calls();
      assert.equal(orderCreations(calls, true).length, 1, 'one order');
      assert.equal(paymentCreations(calls).length, 2, 'the failed attempt and the retry');
      assert.equal(paymentCreations(calls, true).length, 1, 'one payment created');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-payment-recovered-paid');
    } finally {
      await context.close();
      await demo.clearFaults();
    }
  });

  it('status: gateway 5xx + latency on status reads; paid during the outage, confirmed once the gateway is back', async () => {
    const { context, page, errors } = await openCheckout(browser, demo.origin);
    try {
      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      await demo.clearCalls();
      await payButton(page).click();
      await pixCode(page).waitFor({ state: 'visible' });
      const code = await pixCode(page).inputValue();
      const id = await currentPaymentId(page);

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
      await waitForText(page, 'Pagamento confirmado!', 45_000);
      assert.equal(paymentCreations(await demo.calls()).length, 1, 'one payment');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-status-gateway-recovered-paid');
    } finally {
      await context.close();
      await demo.clearFaults();
    }
  });

  it('status: when the helper cannot be reached the buyer sees a notice, and the payment is confirmed after', async () => {
    const { context, page, errors } = await openCheckout(browser, demo.origin);
    try {
      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      // Status checks and the status stream fail at the network level from the start.
      await context.route('**/api/checkout/payments/**', (route) => route.abort('connectionfailed'));
      await demo.clearCalls();
      await payButton(page).click();
      await pixCode(page).waitFor({ state: 'visible' });
      const code = await pixCode(page).inputValue();
      const id = await currentPaymentId(page);

      await waitForText(page, 'Estamos com dificuldade para confirmar o pagamento', 45_000);
      assert.equal(await pixCode(page).inputValue(), code, 'the code stays usable');
      await screenshot(page, 'fault-status-unreachable-notice');

      await context.unrouteAll();
      await demo.pay(id);
      await waitForText(page, 'Pagamento confirmado!', 45_000);
      assert.equal(paymentCreations(await demo.calls()).length, 1, 'one payment');
      assert.deepEqual(errors, []);
      await screenshot(page, 'fault-status-unreachable-recovered-paid');
    } finally {
      await context.close();
    }
  });
});
