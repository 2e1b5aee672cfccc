/**
 * The merchant console end to end: the demo's /console page (strict CSP, built like the other
 * pages) in Chromium, on the admin routes over the sandbox's seeded transactions and the three
 * customer directories. Screenshots of each component go to e2e-results/console-*.png.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { RESULTS_DIR } from './support/browser.js';
import { useDemoAndChromium } from './support/suite.js';

const e2e = useDemoAndChromium();

async function openConsole(path = '/console'): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await e2e.browser.newContext({ baseURL: e2e.demo.origin, locale: 'pt-BR', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const res = await page.goto(path);
  assert.equal(res?.status(), 200);
  assert.match(res!.headers()['content-security-policy'] ?? '', /script-src 'self'; style-src 'self'/);
  return { page, errors, close: () => context.close() };
}

const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);

async function shot(page: Page, selector: string, name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.waitForTimeout(250);
  await page.locator(selector).first().screenshot({ path: join(RESULTS_DIR, `${name}.png`) });
}

describe('the merchant console page', { timeout: 90_000 }, () => {
  it('the admin routes refuse a request that is not the page (401, demo-only hook stated on the page)', async () => {
    const res = await fetch(`${e2e.demo.origin}/api/admin/transactions`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unauthorized');
    const { page, close } = await openConsole();
    try {
      assert.match(await page.locator('#console-auth-note').innerText(), /Autorização só de demonstração/);
    } finally {
      await close();
    }
  });

  it('lists, filters and opens transactions under the strict CSP', async () => {
    const { page, errors, close } = await openConsole();
    try {
      const rows = page.locator('bynet-transactions tbody tr');
      await rows.first().waitFor({ timeout: 20_000 });
      assert.equal(await rows.count(), 10);
      await shot(page, 'bynet-transactions', 'console-transactions');

      // filter: paid card and boleto payments
      await page.locator('bynet-transactions label.chip-toggle:has(input[value="PAID"])').click();
      await page.locator('bynet-transactions button[part="apply-button"]').click();
      await page.waitForFunction(() => {
        const el = document.querySelector('bynet-transactions');
        const chips = [...(el?.shadowRoot?.querySelectorAll('tbody [part="status"]') ?? [])];
        return chips.length > 0 && chips.every((c) => c.getAttribute('data-status') === 'PAID');
      });
      const href = await page.locator('bynet-transactions a[part="export-link"]').getAttribute('href');
      assert.equal(href, '/api/admin/transactions.csv?status=PAID');

      // open one: the Summary in place, focus on its heading; then back
      await page.locator('bynet-transactions tbody tr button').first().click();
      const detail = page.locator('bynet-transaction');
      await detail.locator('[part="status"]').waitFor({ timeout: 15_000 });
      assert.equal(await detail.locator('[part="status"]').getAttribute('data-status'), 'PAID');
      assert.equal(await page.evaluate(() => document.querySelector('bynet-transactions')?.shadowRoot?.querySelector('bynet-transaction')?.shadowRoot?.activeElement?.tagName), 'H2');
      await shot(page, 'bynet-transaction', 'console-transaction');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await rows.first().waitFor();

      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('lists customers of the three sources, with the source shown', async () => {
    const { page, errors, close } = await openConsole();
    try {
      const rows = page.locator('bynet-customers tbody tr');
      await rows.first().waitFor({ timeout: 20_000 });
      for (const [value, label] of [
        ['passport', 'Passport'],
        ['pagarme', 'Pagar.me'],
      ] as const) {
        await page.locator('bynet-customers select[part="source-select"]').selectOption(value);
        await page.locator('bynet-customers button[part="apply-button"]').click();
        await page.waitForFunction((l) => {
          const chips = [...(document.querySelector('bynet-customers')?.shadowRoot?.querySelectorAll('tbody [part="source"]') ?? [])];
          return chips.length > 0 && chips.every((c) => c.textContent?.trim() === l);
        }, label);
      }
      await page.locator('bynet-customers').scrollIntoViewIfNeeded();
      await shot(page, 'bynet-customers', 'console-customers');
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('switches to English', async () => {
    const { page, errors, close } = await openConsole('/console?lang=en');
    try {
      await page.locator('bynet-transactions tbody tr').first().waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('bynet-transactions h2').first().innerText(), 'Transactions');
      assert.equal(await page.locator('bynet-customers h2').first().innerText(), 'Customers');
      assert.equal((await page.locator('bynet-transactions a[part="export-link"]').innerText()).trim(), 'Export CSV');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
