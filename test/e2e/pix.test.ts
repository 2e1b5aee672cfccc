/**
 * PIX end to end on the real demo (demo server + helper + sandbox) in Chromium: paid, expired then
 * renewed, reload in the middle of a payment, and the phone layout.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { isValidPixCode } from '../../src/brazil/pix.js';
import { paymentCreations, startDemo } from './support/demo.js';
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

describe('PIX', { timeout: 90_000 }, () => {
  it('is paid: the widget confirms the payment by itself', async () => {
    const { context, page, errors } = await openCheckout(browser, demo.origin);
    try {
      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      await payButton(page).click();
      await pixCode(page).waitFor({ state: 'visible' });
      const code = await pixCode(page).inputValue();
      assert.ok(isValidPixCode(code), `not a valid BR Code: ${code}`);
      // The QR is drawn locally as an SVG path.
      assert.ok((await page.locator('#checkout svg[part~="qr-code"] path').getAttribute('d'))!.length > 100);
      const id = await currentPaymentId(page);

      await demo.pay(id);
      await waitForText(page, 'Pagamento confirmado!');
      assert.equal(await checkout(page).evaluate((el) => el.matches(':state(paid)')), true);
      assert.deepEqual(errors, []);
      await screenshot(page, 'pix-paid');
    } finally {
      await context.close();
    }
  });

  it('expires, then "Gerar novo código" makes a new code on the same order', async () => {
    const { context, page, errors } = await openCheckout(browser, demo.origin);
    try {
      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      await payButton(page).click();
      await pixCode(page).waitFor({ state: 'visible' });
      const firstCode = await pixCode(page).inputValue();
      const firstId = await currentPaymentId(page);

      await demo.expire(firstId);
      await waitForText(page, 'O código PIX expirou');
      assert.equal(await checkout(page).evaluate((el) => el.matches(':state(expired)')), true);
      await screenshot(page, 'pix-expired');

      await demo.clearCalls();
      await retryButton(page).filter({ hasText: 'Gerar novo código' }).click();
      await pixCode(page).waitFor({ state: 'visible' });
      const secondCode = await pixCode(page).inputValue();
      assert.notEqual(secondCode, firstCode);
      assert.ok(isValidPixCode(secondCode));
      await page.waitForFunction((old) => document.querySelector('#current-payment')?.textContent !== old, firstId);
      const secondId = await currentPaymentId(page);
      assert.notEqual(secondId, firstId);

      const calls = await demo.calls();
      assert.equal(paymentCreations(calls).length, 1, 'one new gateway payment');
      assert.equal(calls.filter((c) => c.path.includes('/create-order/')).length, 0, 'no new order');

      await demo.pay(secondId);
      await waitForText(page, 'Pagamento confirmado!');
      assert.deepEqual(errors, []);
      await screenshot(page, 'pix-renewed-paid');
    } finally {
      await context.close();
    }
  });

  it('survives a reload in the middle of the payment: same code, no new payment', async () => {
    const { context, page, errors } = await openCheckout(browser, demo.origin);
    try {
      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      await demo.clearCalls();
      await payButton(page).click();
      await pixCode(page).waitFor({ state: 'visible' });
      const code = await pixCode(page).inputValue();
      const id = await currentPaymentId(page);

      await page.reload();
      await pixCode(page).waitFor({ state: 'visible', timeout: 20_000 });
      assert.equal(await pixCode(page).inputValue(), code, 'the same PIX code after the reload');

      const calls = await demo.calls();
      assert.equal(paymentCreations(calls).length, 1, 'exactly one gateway payment across the reload');
      assert.ok(calls.some((c) => c.method === 'GET' && c.path.includes(id)), 'the resumed payment was checked');

      await demo.pay(id);
      await waitForText(page, 'Pagamento confirmado!');
      assert.deepEqual(errors, []);
      await screenshot(page, 'pix-reload-resumed-paid');
    } finally {
      await context.close();
    }
  });

  it('on a phone (390x844, touch) puts a large copy button before the QR code, and copying works', async () => {
    const { context, page, errors } = await openCheckout(browser, demo.origin, { mobile: true, grantClipboard: true });
    try {
      assert.equal(await page.evaluate('matchMedia("(pointer: coarse)").matches'), true, 'touch emulation is on');
      await chooseMethod(page, 'PIX');
      await fillBuyer(page);
      await payButton(page).tap();
      await pixCode(page).waitFor({ state: 'visible' });
      const code = await pixCode(page).inputValue();
      const copy = page.locator('#checkout [part~="copy-button"]');
      const qr = page.locator('#checkout svg[part~="qr-code"]');
      const copyBox = (await copy.boundingBox())!;
      const qrBox = (await qr.boundingBox())!;
      assert.ok(copyBox.y + copyBox.height <= qrBox.y, `copy button (y=${copyBox.y}) should come before the QR (y=${qrBox.y})`);
      assert.ok(copyBox.height >= 44, `touch target is ${copyBox.height}px high`);
      const viewport = page.viewportSize()!;
      const widget = (await checkout(page).boundingBox())!;
      assert.ok(widget.x >= 0 && widget.x + widget.width <= viewport.width + 1, 'the widget fits the phone width');

      await copy.tap();
      await waitForText(page, 'Código PIX copiado');
      assert.equal(await page.evaluate('navigator.clipboard.readText()'), code, 'the clipboard holds the PIX code');
      assert.deepEqual(errors, []);
      await page.locator('#checkout').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'pix-mobile', { fullPage: false });
    } finally {
      await context.close();
    }
  });
});
