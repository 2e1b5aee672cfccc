/**
 * Boleto and card end to end on the real demo in Chromium: boleto issued (its barcode read back
 * from the drawn SVG), card approved, card refused then approved, and a double click on pay.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boletoLineToBarcode, isValidBoletoBarcode } from '../../src/brazil/boleto.js';
import { barsFromPath, decodeItf } from '../support/itf-decode.js';
import { orderCreations, paymentCreations } from './support/demo.js';
import {
  checkout,
  chooseCardAndFill,
  chooseMethod,
  currentPaymentId,
  fillAddress,
  fillBuyer,
  fillCard,
  payButton,
  screenshot,
  waitForPaid,
  waitForText,
} from './support/browser.js';
import { useDemoAndChromium, withCheckout } from './support/suite.js';

const e2e = useDemoAndChromium();

const APPROVED = { number: '4111111111111111', holder: 'MARIA A SOUZA', expiry: '1230', cvv: '123' };
const REFUSED = { number: '4000000000000002', holder: 'MARIA A SOUZA', expiry: '1230', cvv: '123' };

describe('boleto', { timeout: 90_000 }, () => {
  it('is issued: digitable line, a barcode that reads back as the same 44 digits, and the PDF link', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await chooseMethod(page, 'Boleto');
      await fillBuyer(page);
      await fillAddress(page);
      await demo.clearCalls();
      await payButton(page).click();

      const line = page.locator('#checkout textarea[part~="digitable-line"]');
      await line.waitFor({ state: 'visible', timeout: 20_000 });
      const digits = (await line.inputValue()).replace(/\D/g, '');
      assert.equal(digits.length, 47, `a boleto line has 47 digits, got ${digits.length}`);

      const d = await page.locator('#checkout svg[part~="barcode"] path').getAttribute('d');
      assert.ok(d, 'the barcode is drawn as an SVG path');
      const read = decodeItf(barsFromPath(d));
      assert.equal(read.length, 44);
      assert.ok(isValidBoletoBarcode(read), `decoded barcode fails its check digit: ${read}`);
      assert.equal(read, boletoLineToBarcode(digits), 'the drawn barcode is the one the digitable line encodes');

      const pdf = page.locator('#checkout [part~="boleto-pdf"]');
      const href = await pdf.getAttribute('href');
      assert.ok(href && /^http:\/\/127\.0\.0\.1:\d+\//.test(href), `PDF link: ${href}`);
      const res = await page.request.get(href);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'] ?? '', /pdf/);

      assert.equal(paymentCreations(await demo.calls()).length, 1);
      assert.equal(await checkout(page).evaluate((el) => el.matches(':state(awaiting)')), true);
      assert.deepEqual(errors, []);
      await screenshot(page, 'boleto-issued');
    });
  });
});

describe('card', { timeout: 90_000 }, () => {
  it('is approved', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await chooseCardAndFill(page, APPROVED);
      await demo.clearCalls();
      await payButton(page).click();
      await waitForPaid(page);
      await waitForText(page, 'final 1111');
      assert.equal(paymentCreations(await demo.calls()).length, 1);
      // Nothing of the card but brand and last four digits is left in the page.
      const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
      assert.ok(!stored.includes('4111111111111111') && !stored.includes('411111'), 'no card number in storage');
      assert.deepEqual(errors, []);
      await screenshot(page, 'card-approved');
    });
  });

  it('is refused, shows why, and a second card on the same order is approved', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await chooseCardAndFill(page, REFUSED);
      await demo.clearCalls();
      await payButton(page).click();
      await waitForText(page, 'Pagamento não aprovado');
      await waitForText(page, 'Cartão recusado pelo banco emissor');
      assert.equal(await checkout(page).evaluate((el) => el.matches(':state(failed)')), true);
      await screenshot(page, 'card-refused');

      await fillCard(page, APPROVED);
      await payButton(page).click();
      await waitForPaid(page);
      const calls = await demo.calls();
      assert.equal(orderCreations(calls).length, 1, 'one order for both attempts');
      assert.equal(paymentCreations(calls).length, 2, 'the refused payment and the approved one');
      assert.deepEqual(errors, []);
      await screenshot(page, 'card-refused-then-approved');
    });
  });

  it('charges once when the buyer double-clicks pay', async () => {
    await withCheckout(e2e, async ({ demo, page, errors }) => {
      await chooseCardAndFill(page, APPROVED);
      await demo.clearCalls();
      await payButton(page).dblclick();
      await waitForPaid(page);
      const id = await currentPaymentId(page);
      // Give a stray second submission time to reach the gateway before counting.
      await page.waitForTimeout(1_000);
      const calls = await demo.calls();
      assert.equal(orderCreations(calls).length, 1, 'one gateway order');
      assert.equal(paymentCreations(calls).length, 1, 'one gateway payment');
      assert.ok(id);
      assert.deepEqual(errors, []);
      await screenshot(page, 'card-double-click');
    });
  });
});
