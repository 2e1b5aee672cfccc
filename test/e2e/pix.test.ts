/**
 * PIX end to end on the real demo (demo server + helper + sandbox) in Chromium: paid, expired then
 * renewed, reload in the middle of a payment, and the phone layout.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidPixCode } from '../../src/brazil/pix.js';
import { paymentCreations } from './support/demo.js';
import {
  checkout,
  choosePixAndFillBuyer,
  currentPaymentId,
  payAndReadPix,
  payForPixCode,
  retryButton,
  screenshot,
  waitForPixCode,
  waitForText,
} from './support/browser.js';
import { payAndWaitForPaid, useDemoAndChromium, withCheckout } from './support/suite.js';

const e2e = useDemoAndChromium();

describe('PIX', { timeout: 90_000 }, () => {
  it('is paid: the widget confirms the payment by itself', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await choosePixAndFillBuyer(page);
      const code = await payForPixCode(page);
      assert.ok(isValidPixCode(code), `not a valid BR Code: ${code}`);
      // The QR is drawn locally as an SVG path.
      assert.ok((await page.locator('#checkout svg[part~="qr-code"] path').getAttribute('d'))!.length > 100);
      const id = await currentPaymentId(page);

      await payAndWaitForPaid(demo, page, id);
      assert.equal(await checkout(page).evaluate((el) => el.matches(':state(paid)')), true);
      assert.deepEqual(errors, []);
      await screenshot(page, 'pix-paid');
    });
  });

  it('expires, then "Gerar novo código" makes a new code on the same order', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await choosePixAndFillBuyer(page);
      const { code: firstCode, id: firstId } = await payAndReadPix(page);

      await demo.expire(firstId);
      await waitForText(page, 'O código Pix expirou');
      assert.equal(await checkout(page).evaluate((el) => el.matches(':state(expired)')), true);
      await screenshot(page, 'pix-expired');

      await demo.clearCalls();
      await retryButton(page).filter({ hasText: 'Gerar novo código' }).click();
      const secondCode = await waitForPixCode(page);
      assert.notEqual(secondCode, firstCode);
      assert.ok(isValidPixCode(secondCode));
      await page.waitForFunction((old) => document.querySelector('#current-payment')?.textContent !== old, firstId);
      const secondId = await currentPaymentId(page);
      assert.notEqual(secondId, firstId);

      const calls = await demo.calls();
      assert.equal(paymentCreations(calls).length, 1, 'one new gateway payment');
      assert.equal(calls.filter((c) => c.path.includes('/create-order/')).length, 0, 'no new order');

      await payAndWaitForPaid(demo, page, secondId);
      assert.deepEqual(errors, []);
      await screenshot(page, 'pix-renewed-paid');
    });
  });

  it('survives a reload in the middle of the payment: same code, no new payment', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await choosePixAndFillBuyer(page);
      await demo.clearCalls();
      const { code, id } = await payAndReadPix(page);

      await page.reload();
      assert.equal(await waitForPixCode(page, 20_000), code, 'the same PIX code after the reload');

      const calls = await demo.calls();
      assert.equal(paymentCreations(calls).length, 1, 'exactly one gateway payment across the reload');
      assert.ok(calls.some((c) => c.method === 'GET' && c.path.includes(id)), 'the resumed payment was checked');

      await payAndWaitForPaid(demo, page, id);
      assert.deepEqual(errors, []);
      await screenshot(page, 'pix-reload-resumed-paid');
    });
  });

  it('on a phone (390x844, touch) puts a large copy button before the QR code, and copying works', async () => {
    await withCheckout(e2e, { mobile: true, grantClipboard: true }, async ({ page, errors }) => {
      assert.equal(await page.evaluate('matchMedia("(pointer: coarse)").matches'), true, 'touch emulation is on');
      await choosePixAndFillBuyer(page);
      const code = await payForPixCode(page, { tap: true });
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
      await waitForText(page, 'Código copiado!');
      assert.equal(await page.evaluate('navigator.clipboard.readText()'), code, 'the clipboard holds the PIX code');
      assert.deepEqual(errors, []);
      await page.locator('#checkout').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'pix-mobile', { fullPage: false });
    });
  });
});
