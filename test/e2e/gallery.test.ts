/**
 * The buyer's states, pictured: every state of the checkout on the real demo (demo server + helper
 * + sandbox) in Chromium, in four variants (desktop 1280x900 and phone 390x844 at DPR 2; light and
 * dark theme, chosen with the demo's own theme switch). Each state is captured as a picture of the
 * widget element in `e2e-results/states/<state>-<desktop|phone>-<light|dark>.png`, and axe (all its
 * rules) runs on the whole page in that state. No violation is allowed, inside the widget or in
 * the demo page around it (its header and tool panels); the output and the index tell the two
 * apart. `e2e-results/states/index.html` shows
 * every capture in a grid with its axe result (written at the end, whatever the outcome).
 *
 * States are reached the way a buyer and the gateway would reach them, through the sandbox's
 * control routes (pay, expire) and faults, never by waiting in real time: the last-minute PIX state
 * and the trouble-confirming notice move the page's clock forward (Playwright's fake clock,
 * installed on those pages only; time still flows).
 *
 * Not pictured: the quantity stepper. The demo's helper offers no quantities (no `maxQuantity`),
 * so the demo cannot show it; the cart summary (the demo's cart mode) is pictured instead.
 */
import { after, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, runAxe, violationsWhere } from './support/axe.js';
import type { AxeViolation } from './support/axe.js';
import {
  RESULTS_DIR,
  checkout,
  chooseCardAndFill,
  chooseMethod,
  choosePixAndFillBuyer,
  currentPaymentId,
  fillAddress,
  fillBuyer,
  payButton,
  payForPixCode,
  ready,
  waitForPaid,
  waitForText,
} from './support/browser.js';
import type { Demo } from './support/demo.js';
import { useDemoAndChromium } from './support/suite.js';

// Many buyers from 127.0.0.1 in a few minutes: the demo's loose per-IP limits for test suites.
const e2e = useDemoAndChromium({ env: { BYNET_DEMO_TEST_LIMITS: '1' } });

const STATES_DIR = join(RESULTS_DIR, 'states');
const APPROVED = { number: '4111111111111111', holder: 'MARIA A SOUZA', expiry: '1230', cvv: '123' };
const REFUSED = { number: '4000000000000002', holder: 'MARIA A SOUZA', expiry: '1230', cvv: '123' };

type Device = 'desktop' | 'phone';
type Theme = 'light' | 'dark';
interface Variant {
  device: Device;
  theme: Theme;
}
const VARIANTS: Variant[] = (['desktop', 'phone'] as const).flatMap((device) => (['light', 'dark'] as const).map((theme) => ({ device, theme })));

/** The states in the order the index shows them, with a caption each. */
const STATES = {
  'method-choice': 'Escolha da forma de pagamento (primeira tela)',
  'cart-summary': 'Carrinho: resumo do pedido',
  'customer-form': 'Dados do comprador preenchidos',
  'pix-waiting': 'Pix aguardando (QR + contagem)',
  'pix-near-end': 'Pix no último minuto (urgente)',
  'pix-paid': 'Pix pago (comprovante)',
  'pix-expired': 'Pix expirado',
  'pix-trouble-confirming': 'Dificuldade para confirmar (consultas de status falhando)',
  'boleto-issued': 'Boleto emitido',
  'boleto-paid': 'Boleto pago (comprovante)',
  'card-form': 'Formulário do cartão (parcelas)',
  'card-refused': 'Cartão recusado (nome e validade mantidos)',
  'card-paid': 'Cartão aprovado (comprovante com parcelas)',
  'store-error': 'Erro de configuração da loja (produto indisponível)',
} as const;
type State = keyof typeof STATES;

interface Shot {
  state: State;
  variant: Variant;
  file: string;
  /** axe's violations inside the widget: must be none. */
  widget: AxeViolation[];
  /** axe's violations in the demo page around the widget (its own header and tool panels). */
  host: AxeViolation[];
  /** Widget nodes that passed axe rules (axe did look inside the shadow roots). */
  widgetNodesPassed: number;
}
const shots: Shot[] = [];

const fileName = (state: State, v: Variant) => `${state}-${v.device}-${v.theme}.png`;

/** Pictures the widget and runs axe on the page; the violations are checked at the end of the flow. */
async function capture(page: Page, v: Variant, state: State): Promise<void> {
  // Let the last transition (focus ring, live region, fonts) settle.
  await page.waitForTimeout(250);
  const file = fileName(state, v);
  await checkout(page).screenshot({ path: join(STATES_DIR, file), animations: 'disabled' });
  const axe = await runAxe(page, '#checkout');
  shots.push({ state, variant: v, file, widget: violationsWhere(axe.violations, true), host: violationsWhere(axe.violations, false), widgetNodesPassed: axe.widgetNodesPassed });
}

function assertAxeClean(v: Variant, states: readonly State[]): void {
  const mine = shots.filter((s) => s.variant === v && states.includes(s.state));
  for (const s of mine) assert.ok(s.widgetNodesPassed >= 5, `axe checked only ${s.widgetNodesPassed} nodes of the widget in ${s.file}`);
  const bad = mine.filter((s) => s.widget.length > 0);
  assert.equal(bad.length, 0, bad.map((s) => `axe, ${s.file}:\n${describeViolations(s.widget)}`).join('\n'));
  // the demo page around the widget is held to the same rule
  const host = mine.filter((s) => s.host.length > 0);
  assert.equal(host.length, 0, host.map((s) => `axe (demo page), ${s.file}:\n${describeViolations(s.host)}`).join('\n'));
}

/** A fresh page (own sessionStorage) on the demo in the variant's theme; `clock` installs the fake clock first. */
async function openPage(context: BrowserContext, v: Variant, o: { clock?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (o.clock) await page.clock.install();
  await page.goto('/');
  await ready(page);
  await page.selectOption('#theme-select', v.theme);
  assert.equal(await checkout(page).getAttribute('theme'), v.theme);
  return { page, errors };
}

function newContext(browser: Browser, origin: string, v: Variant): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: origin,
    locale: 'pt-BR',
    colorScheme: v.theme,
    ...(v.device === 'phone'
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 900 } }),
  });
}

/** Milliseconds left on the PIX countdown, by the page's clock. */
const pixMsLeft = (page: Page): Promise<number> =>
  page.locator('#checkout bynet-countdown').evaluate((el) => (el as HTMLElement & { expiresAt: number }).expiresAt - Date.now());

type Flow = (page: Page, demo: Demo) => Promise<void>;

/** One flow as a subtest: a fresh page, the states it captures, no page errors, axe clean. */
async function flow(t: TestContext, context: BrowserContext, v: Variant, name: string, states: State[], run: Flow, o: { clock?: boolean } = {}) {
  await t.test(name, async () => {
    const { page, errors } = await openPage(context, v, o);
    try {
      await run(page, e2e.demo);
      for (const s of states) assert.ok(shots.some((x) => x.variant === v && x.state === s), `${s} was captured`);
      assert.deepEqual(errors, []);
      assertAxeClean(v, states);
    } finally {
      await page.close();
    }
  });
}

describe('gallery of buyer states', { timeout: 600_000 }, () => {
  after(() => {
    writeIndex();
    reportHostViolations();
  });

  for (const v of VARIANTS) {
    it(`${v.device}, ${v.theme}`, async (t) => {
      mkdirSync(STATES_DIR, { recursive: true });
      const context = await newContext(e2e.browser, e2e.demo.origin, v);
      try {
        await flow(t, context, v, 'PIX: choice, buyer, waiting, last minute, paid', ['method-choice', 'customer-form', 'pix-waiting', 'pix-near-end', 'pix-paid'], async (page, demo) => {
          await capture(page, v, 'method-choice');
          await choosePixAndFillBuyer(page);
          await capture(page, v, 'customer-form');
          await payForPixCode(page);
          const id = await currentPaymentId(page);
          await page.locator('#checkout bynet-countdown').waitFor({ state: 'visible' });
          await capture(page, v, 'pix-waiting');

          // To 45 s before the deadline, by the page's clock.
          await page.clock.fastForward(Math.max(0, (await pixMsLeft(page)) - 45_000));
          await page.locator('#checkout bynet-countdown[urgent]').waitFor({ state: 'attached', timeout: 5_000 });
          assert.ok((await pixMsLeft(page)) <= 60_000);
          await capture(page, v, 'pix-near-end');

          await demo.pay(id);
          await waitForPaid(page);
          await capture(page, v, 'pix-paid');
        }, { clock: true });

        await flow(t, context, v, 'PIX: expired', ['pix-expired'], async (page, demo) => {
          await choosePixAndFillBuyer(page);
          await payForPixCode(page);
          await demo.expire(await currentPaymentId(page));
          await waitForText(page, 'O código Pix expirou');
          assert.equal(await checkout(page).evaluate((el) => el.matches(':state(expired)')), true);
          await capture(page, v, 'pix-expired');
        });

        await flow(t, context, v, 'PIX: status checks failing, the trouble notice', ['pix-trouble-confirming'], async (page) => {
          await choosePixAndFillBuyer(page);
          await payForPixCode(page);
          // Every status check (and the status stream) from this page fails at the network level;
          // the page's clock then runs ahead through the checks' back-off until the notice shows.
          await page.route('**/api/checkout/payments/**', (route) => route.abort('connectionfailed'));
          const notice = 'Estamos com dificuldade para confirmar o pagamento';
          for (let i = 0; i < 60 && !(await textHas(page, notice)); i++) {
            await page.clock.fastForward(5_000);
            await page.waitForTimeout(100);
          }
          await waitForText(page, notice, 5_000);
          assert.equal(await checkout(page).evaluate((el) => el.matches(':state(awaiting)')), true, 'still waiting, the code still usable');
          await capture(page, v, 'pix-trouble-confirming');
          await page.unrouteAll({ behavior: 'ignoreErrors' });
        }, { clock: true });

        await flow(t, context, v, 'boleto: issued, paid', ['boleto-issued', 'boleto-paid'], async (page, demo) => {
          await chooseMethod(page, 'Boleto');
          await fillBuyer(page);
          await fillAddress(page);
          await payButton(page).click();
          await page.locator('#checkout textarea[part~="digitable-line"]').waitFor({ state: 'visible', timeout: 20_000 });
          await capture(page, v, 'boleto-issued');
          await demo.pay(await currentPaymentId(page));
          await waitForPaid(page, 45_000);
          await capture(page, v, 'boleto-paid');
        });

        await flow(t, context, v, 'card: form with installments, paid', ['card-form', 'card-paid'], async (page) => {
          await chooseCardAndFill(page, APPROVED);
          const select = page.locator('#checkout bynet-card-form #cc-installments');
          await select.selectOption({ index: 2 });
          const count = Number(await select.inputValue());
          assert.ok(count > 1, `an installment plan was chosen (${count}x)`);
          await capture(page, v, 'card-form');
          await payButton(page).click();
          await waitForPaid(page);
          await waitForText(page, `${count}x`);
          await capture(page, v, 'card-paid');
        });

        await flow(t, context, v, 'card: refused, name and expiry kept', ['card-refused'], async (page) => {
          await chooseCardAndFill(page, REFUSED);
          await payButton(page).click();
          await waitForText(page, 'Cartão recusado pelo banco emissor');
          assert.equal(await page.locator('#checkout bynet-card-form #cc-name').inputValue(), REFUSED.holder);
          assert.equal((await page.locator('#checkout bynet-card-form #cc-exp').inputValue()).replace(/\D/g, ''), REFUSED.expiry);
          await capture(page, v, 'card-refused');
        });

        await flow(t, context, v, 'cart summary', ['cart-summary'], async (page) => {
          await page.selectOption('#product-select', 'cart:demo-cart');
          await ready(page);
          await waitForText(page, 'Caneca Bynet');
          await capture(page, v, 'cart-summary');
        });

        await flow(t, context, v, 'store misconfiguration: a product the gateway does not know', ['store-error'], async (page) => {
          // The shop's page names a product the gateway does not have (as a typo in `product=` would).
          await page.evaluate(() => {
            const old = document.querySelector('#checkout')!;
            const next = document.createElement('bynet-checkout');
            for (const a of old.getAttributeNames()) next.setAttribute(a, old.getAttribute(a) ?? '');
            next.setAttribute('product', 'produto-que-nao-existe');
            next.id = 'checkout';
            old.replaceWith(next);
          });
          await waitForText(page, 'Pagamento indisponível nesta loja');
          await capture(page, v, 'store-error');
        });
      } finally {
        await context.close();
      }
    });
  }
});

async function textHas(page: Page, text: string): Promise<boolean> {
  try {
    await waitForText(page, text, 0);
    return true;
  } catch {
    return false;
  }
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** `e2e-results/states/index.html`: one row per state, one column per variant. */
function writeIndex(): void {
  mkdirSync(STATES_DIR, { recursive: true });
  const head = VARIANTS.map((v) => `<th scope="col">${v.device} · ${v.theme}</th>`).join('');
  const rows = (Object.keys(STATES) as State[])
    .map((state) => {
      const cells = VARIANTS.map((v) => {
        const s = shots.find((x) => x.state === state && x.variant.device === v.device && x.variant.theme === v.theme);
        if (!s) return '<td class="missing">não capturado</td>';
        const widget = s.widget.length === 0 ? '<span class="ok">widget: 0 violações</span>' : `<span class="bad">widget: ${s.widget.map((x) => esc(x.id)).join(', ')}</span>`;
        const host = s.host.length === 0 ? 'página: 0' : `<span class="warn">página do demo: ${s.host.map((x) => esc(x.id)).join(', ')}</span>`;
        return `<td><a href="${esc(s.file)}"><img src="${esc(s.file)}" alt="${esc(`${STATES[state]} (${v.device}, ${v.theme})`)}" loading="lazy"></a><div>${esc(s.file)}</div><div>axe: ${widget} · ${host}</div></td>`;
      }).join('');
      return `<tr><th scope="row">${esc(STATES[state])}<br><code>${state}</code></th>${cells}</tr>`;
    })
    .join('\n');
  const total = shots.length;
  const clean = shots.filter((s) => s.widget.length === 0).length;
  const hostList = hostViolationSummary();
  writeFileSync(
    join(STATES_DIR, 'index.html'),
    `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<title>bynet-checkout: estados do comprador</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d1d9e0; padding: 0.5rem; vertical-align: top; text-align: left; font-size: 0.8rem; }
th[scope="row"] { width: 12rem; }
img { display: block; width: 300px; height: auto; border: 1px solid #eee; }
.ok { color: #116329; } .bad { color: #a40e26; font-weight: 700; } .warn { color: #7d4e00; } .missing { color: #a40e26; }
pre { white-space: pre-wrap; font-size: 0.8rem; background: #f6f8fa; padding: 0.5rem; }
</style>
</head>
<body>
<h1>Estados do comprador</h1>
<p>${total} capturas de ${Object.keys(STATES).length * VARIANTS.length}; widget sem violações do axe em ${clean}. Gerado por <code>test/e2e/gallery.test.ts</code>.</p>
${hostList ? `<details><summary>Violações do axe na página do demo, fora do widget</summary><pre>${esc(hostList)}</pre></details>` : '<p>Página do demo, fora do widget: 0 violações.</p>'}
<table>
<thead><tr><th scope="col">Estado</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`,
  );
}

/**
 * The host page's own violations (the demo's header and tool panels, not the widget), merged over
 * all captures: rule, node and in which captures. Empty when there are none.
 */
function hostViolationSummary(): string {
  const byNode = new Map<string, { text: string; files: string[] }>();
  for (const s of shots) {
    for (const v of s.host) {
      for (const n of v.nodes) {
        const key = `${v.id} ${JSON.stringify(n.target)}`;
        const entry = byNode.get(key) ?? { text: `${v.id} (${v.impact ?? '?'}) ${JSON.stringify(n.target)}: ${n.summary.replace(/\s+/g, ' ')}`, files: [] };
        entry.files.push(s.file.replace(/\.png$/, ''));
        byNode.set(key, entry);
      }
    }
  }
  return [...byNode.values()].map((e) => `${e.text}\n  in ${e.files.length} captures (${e.files.slice(0, 4).join(', ')}${e.files.length > 4 ? ', ...' : ''})`).join('\n');
}

/** Prints the host page's violations (the demo's own, not the widget's; each also fails its flow). */
function reportHostViolations(): void {
  const text = hostViolationSummary();
  console.log(text ? `gallery: axe violations in the demo page outside the widget:\n${text}` : 'gallery: no axe violations in the demo page outside the widget');
  console.log(`gallery: ${shots.length} captures, widget axe-clean in ${shots.filter((s) => s.widget.length === 0).length}`);
}
