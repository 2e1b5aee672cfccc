/**
 * Playwright (playwright-core) driving the system's Chromium, never a downloaded browser, plus the
 * buyer's actions on the demo page. Locators pierce the widget's open shadow roots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { generateCpf } from '../../../src/brazil/document.js';
import { ROOT } from './demo.js';

export const RESULTS_DIR = join(ROOT, 'e2e-results');

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function chromiumPath(): Promise<string> {
  const mod = (await import(pathToFileURL(join(ROOT, 'scripts/find-chromium.mjs')).href)) as { findChromium(): string | undefined };
  const path = mod.findChromium();
  if (!path) throw new Error('No Chromium found: install it (Debian: apt-get install chromium) or set CHROME_PATH.');
  return path;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

export interface BuyerPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors seen so far. */
  errors: string[];
}

export interface CheckoutOptions {
  /** A 390x844 touch phone instead of a 1280x900 desktop window. */
  mobile?: boolean;
  grantClipboard?: boolean;
}

/** A fresh context (own sessionStorage) and page on the demo. */
export async function openCheckout(browser: Browser, origin: string, o: CheckoutOptions = {}): Promise<BuyerPage> {
  const context = await browser.newContext({
    baseURL: origin,
    locale: 'pt-BR',
    ...(o.mobile
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 900 } }),
  });
  if (o.grantClipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await ready(page);
  return { context, page, errors };
}

/** Waits until the widget shows its method list (the checkout loaded). */
export async function ready(page: Page, timeout = 20_000): Promise<void> {
  await page.getByRole('radio').first().waitFor({ state: 'visible', timeout });
}

export const checkout = (page: Page): Locator => page.locator('#checkout');
export const payButton = (page: Page): Locator => page.locator('#checkout [part~="pay-button"]');
export const pixCode = (page: Page): Locator => page.locator('#checkout textarea[part~="pix-code"]');
export const retryButton = (page: Page): Locator => page.locator('#checkout [part~="retry-button"]');

/**
 * In-page source (a string, so the test runner's transpiler cannot add helpers to it): the text of
 * the widget with every open shadow root flattened.
 */
const WIDGET_TEXT = `(() => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent || '');
    if (node.shadowRoot) walk(node.shadowRoot);
    node.childNodes.forEach(walk);
  };
  const root = document.querySelector('#checkout');
  if (root) walk(root);
  return parts.join(' ').replace(/\\s+/g, ' ').trim();
})()`;

/** The visible text of the widget (all shadow roots flattened). */
export async function widgetText(page: Page): Promise<string> {
  return page.evaluate(WIDGET_TEXT) as Promise<string>;
}

/** Waits until the widget's text contains `text`. */
export async function waitForText(page: Page, text: string | RegExp, timeout = 20_000): Promise<void> {
  const started = Date.now();
  let last = '';
  for (;;) {
    last = await widgetText(page);
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return;
    if (Date.now() - started > timeout) throw new Error(`the widget never showed ${String(text)}; it shows: ${last.slice(0, 600)}`);
    await page.waitForTimeout(100);
  }
}

/** What the widget says once the payment is confirmed. */
export const PAID_TEXT = 'Pagamento confirmado!';

/** Waits until the widget shows the paid view. */
export async function waitForPaid(page: Page, timeout?: number): Promise<void> {
  await waitForText(page, PAID_TEXT, timeout);
}

export async function chooseMethod(page: Page, method: 'PIX' | 'Boleto' | 'Cartão de crédito'): Promise<void> {
  await page.getByRole('radio', { name: method }).check();
}

export interface Buyer {
  name: string;
  email: string;
  document: string;
  phone: string;
}

export function newBuyer(): Buyer {
  return { name: 'Maria Aparecida Souza', email: 'maria.souza@example.com', document: generateCpf(), phone: '11987654321' };
}

const field = (page: Page, name: string) => page.locator(`#checkout bynet-customer-fields input[name="${name}"]`);

export async function fillBuyer(page: Page, b: Buyer = newBuyer()): Promise<Buyer> {
  await field(page, 'name').fill(b.name);
  await field(page, 'email').fill(b.email);
  await field(page, 'document').pressSequentially(b.document);
  await field(page, 'phone').pressSequentially(b.phone);
  return b;
}

/** Address for a boleto: a CEP the helper's built-in lookup knows, then the number. */
export async function fillAddress(page: Page): Promise<void> {
  await field(page, 'zipCode').pressSequentially('01310100');
  await page.waitForFunction(
    () => {
      const fields = document.querySelector('#checkout')?.shadowRoot?.querySelector('bynet-customer-fields');
      const city = fields?.shadowRoot?.querySelector<HTMLInputElement>('input[name="city"]');
      return !!city && city.value.length > 0;
    },
    undefined,
    { timeout: 10_000 },
  );
  await field(page, 'streetNumber').fill('1000');
}

export interface Card {
  number: string;
  holder: string;
  expiry: string;
  cvv: string;
}

export async function fillCard(page: Page, card: Card): Promise<void> {
  const input = (id: string) => page.locator(`#checkout bynet-card-form #${id}`);
  await input('cc-number').waitFor({ state: 'visible', timeout: 15_000 });
  await input('cc-number').fill('');
  await input('cc-number').pressSequentially(card.number);
  await input('cc-name').fill(card.holder);
  await input('cc-exp').fill('');
  await input('cc-exp').pressSequentially(card.expiry);
  await input('cc-csc').fill('');
  await input('cc-csc').pressSequentially(card.cvv);
}

/** Chooses PIX and fills in the buyer (the default one). */
export async function choosePixAndFillBuyer(page: Page): Promise<void> {
  await chooseMethod(page, 'PIX');
  await fillBuyer(page);
}

/** Chooses the credit card and fills in the buyer (the default one) and `card`. */
export async function chooseCardAndFill(page: Page, card: Card): Promise<void> {
  await chooseMethod(page, 'Cartão de crédito');
  await fillBuyer(page);
  await fillCard(page, card);
}

/** Waits until the PIX code shows and returns it. */
export async function waitForPixCode(page: Page, timeout?: number): Promise<string> {
  await pixCode(page).waitFor(timeout === undefined ? { state: 'visible' } : { state: 'visible', timeout });
  return pixCode(page).inputValue();
}

/** Clicks pay (taps it with `tap`, on a touch phone) and returns the PIX code the widget then shows. */
export async function payForPixCode(page: Page, o: { tap?: boolean } = {}): Promise<string> {
  if (o.tap) await payButton(page).tap();
  else await payButton(page).click();
  return waitForPixCode(page);
}

/** Clicks pay and returns the PIX code the widget shows and the payment id the demo page shows. */
export async function payAndReadPix(page: Page): Promise<{ code: string; id: string }> {
  const code = await payForPixCode(page);
  return { code, id: await currentPaymentId(page) };
}

/** The payment id the demo page shows (from the widget's events). */
export async function currentPaymentId(page: Page, timeout = 15_000): Promise<string> {
  const loc = page.locator('#current-payment');
  await page.waitForFunction(() => {
    const t = document.querySelector('#current-payment')?.textContent ?? '';
    return t !== '' && t !== 'nenhum';
  }, undefined, { timeout });
  return (await loc.textContent())!.trim();
}

/**
 * Saves `e2e-results/<name>.png`. Full page by default; `fullPage: false` keeps the viewport as
 * the buyer sees it (needed on emulated phones: a full-page capture resizes the viewport and
 * drops the touch emulation, so `pointer: coarse` styles vanish from the picture).
 */
export async function screenshot(page: Page, name: string, o: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  // Let the last transition (focus, live region, fonts) settle before the picture.
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: o.fullPage ?? true });
}
