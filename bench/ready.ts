/**
 * In headless Chromium (the system's, via scripts/find-chromium.mjs) against the demo served in
 * this process:
 *  - `bynet-ready` after the element connects: an init script stamps `performance.now()` when
 *    `<bynet-checkout>`'s connectedCallback first runs and when `bynet-ready` fires; the helper
 *    requests started in between are counted from Resource Timing, and the config request's start
 *    and end (Resource Timing) split the time into before the request, the request, and after
 *    its answer (reading it, checking it, the page's other work meanwhile). One cold run (first
 *    page load, empty helper caches), then the measured runs, each in a fresh browser context.
 *  - paid -> widget shows paid: a PIX payment is created through the page, the sandbox is told to
 *    pay it, and the page stamps `Date.now()` at `bynet-payment-complete` (same machine clock).
 *    "push": the status stream as shipped; "polling": the stream route blocked, so the widget
 *    falls back to polling (payments made at spread offsets within the 2 s polling period).
 */
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath, chooseMethod, currentPaymentId, fillBuyer, payButton, pixCode, ready } from '../test/e2e/support/browser.js';
import { startInProcessDemo } from './demo-server.js';
import { median } from './stats.js';

export interface ReadyResult {
  method: string;
  unit: 'ms';
  cold: { connectToReadyMs: number; helperRequests: number };
  runs: ReadyRun[];
  medianConnectToReadyMs: number;
  /** Medians over the runs of where connect -> ready went: until the config request left, the request (to its answer's last byte), after it. */
  medianSplitMs: { beforeRequest: number; request: number; afterAnswer: number };
  helperRequestsBeforeReady: number[];
  paidToShown: {
    push: { runs: number[]; medianMs: number };
    polling: { runs: number[]; medianMs: number };
  };
}

interface ReadyRun {
  connectToReadyMs: number;
  helperRequests: number;
  allRequests: number;
  /** The config request, from the element's connect: when it started, when its answer's last byte arrived (Resource Timing). */
  config: { startMs: number; endMs: number } | null;
}

/**
 * What the page logs at `bynet-ready`: the driver learns of it from the DevTools protocol's console
 * event, so nothing of the driver runs in the page while the time is measured (a `waitForFunction`
 * there evaluates Playwright's injected script, 20-30 ms of the page's main thread, inside the
 * measured window: it was counted as the widget's until this bench stopped using it).
 */
const READY_SIGNAL = 'bench:bynet-ready';

const INIT = `(() => {
  const bench = (window.__bynetBench = {});
  performance.setResourceTimingBufferSize(100000);
  const define = customElements.define.bind(customElements);
  customElements.define = function (name, ctor, options) {
    if (name === 'bynet-checkout') {
      const original = ctor.prototype.connectedCallback;
      ctor.prototype.connectedCallback = function () {
        if (bench.connectAt === undefined) bench.connectAt = performance.now();
        return original.call(this);
      };
    }
    return define(name, ctor, options);
  };
  document.addEventListener('bynet-ready', () => {
    if (bench.readyAt !== undefined) return;
    bench.readyAt = performance.now();
    console.debug('${READY_SIGNAL}');
  });
  document.addEventListener('bynet-payment-complete', () => {
    if (bench.paidAt === undefined) bench.paidAt = Date.now();
  });
})();`;

const READ = `(() => {
  const b = window.__bynetBench;
  const between = performance.getEntriesByType('resource').filter((e) => e.startTime >= b.connectAt && e.startTime <= b.readyAt);
  const helper = between.filter((e) => new URL(e.name).pathname.startsWith('/api/checkout/'));
  const config = helper.find((e) => new URL(e.name).pathname.startsWith('/api/checkout/config'));
  return {
    connectToReadyMs: b.readyAt - b.connectAt,
    helperRequests: helper.length,
    allRequests: between.length,
    config: config ? { startMs: config.startTime - b.connectAt, endMs: config.responseEnd - b.connectAt } : null,
  };
})()`;

async function measureReady(browser: Browser, origin: string) {
  // The demo page's strict CSP would refuse the string evaluations below (eval): bypassed for the
  // measuring browser only.
  const context = await browser.newContext({ bypassCSP: true });
  try {
    await context.addInitScript(INIT);
    const page = await context.newPage();
    const ready = page.waitForEvent('console', { predicate: (m) => m.text() === READY_SIGNAL, timeout: 30_000 });
    await page.goto(`${origin}/`, { waitUntil: 'commit' });
    await ready;
    return (await page.evaluate(READ)) as ReadyRun;
  } finally {
    await context.close();
  }
}

async function sandboxPay(origin: string, id: string): Promise<void> {
  const res = await fetch(`${origin}/sandbox/__sandbox/transactions/${encodeURIComponent(id)}/pay`, { method: 'POST' });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`sandbox pay answered ${res.status}`);
}

async function measurePaid(browser: Browser, origin: string, mode: 'push' | 'polling', waitBeforePayMs: number): Promise<number> {
  const context = await browser.newContext({ locale: 'pt-BR', bypassCSP: true });
  try {
    await context.addInitScript(INIT);
    if (mode === 'polling') await context.route('**/api/checkout/payments/*/events', (route) => route.abort());
    const page: Page = await context.newPage();
    await page.goto(`${origin}/`);
    await ready(page);
    await chooseMethod(page, 'PIX');
    await fillBuyer(page);
    await payButton(page).click();
    await pixCode(page).waitFor({ state: 'visible' });
    const id = await currentPaymentId(page);
    await page.waitForTimeout(waitBeforePayMs);
    const t0 = Date.now();
    await sandboxPay(origin, id);
    await page.waitForFunction('window.__bynetBench.paidAt !== undefined', undefined, { timeout: 20_000, polling: 50 });
    const paidAt = (await page.evaluate('window.__bynetBench.paidAt')) as number;
    return paidAt - t0;
  } finally {
    await context.close();
  }
}

/** Medians of the runs' split at the config request (runs without one, e.g. a failed request, left out). */
function splitOf(runs: ReadyRun[]): ReadyResult['medianSplitMs'] {
  const split = runs.flatMap((r) => (r.config ? [{ ...r.config, readyMs: r.connectToReadyMs }] : []));
  if (split.length === 0) throw new Error('no run made a config request before bynet-ready');
  return {
    beforeRequest: median(split.map((r) => r.startMs)),
    request: median(split.map((r) => r.endMs - r.startMs)),
    afterAnswer: median(split.map((r) => r.readyMs - r.endMs)),
  };
}

export async function benchReady(o: { runs?: number; paidRuns?: number } = {}): Promise<ReadyResult> {
  const runsWanted = Math.max(7, o.runs ?? 9);
  const paidRuns = o.paidRuns ?? 5;
  const demo = await startInProcessDemo();
  const browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
  try {
    const cold = await measureReady(browser, demo.origin);
    const runs = [];
    for (let i = 0; i < runsWanted; i++) runs.push(await measureReady(browser, demo.origin));

    const push: number[] = [];
    const polling: number[] = [];
    for (let i = 0; i < paidRuns; i++) {
      // Spread over one 2 s polling period, after the stream had time to open.
      const offset = 1_000 + Math.round((2_000 * (i + 0.5)) / paidRuns);
      push.push(await measurePaid(browser, demo.origin, 'push', offset));
      polling.push(await measurePaid(browser, demo.origin, 'polling', offset));
    }
    return {
      method:
        `headless Chromium ${browser.version()} (playwright-core), demo page + helper + sandbox in this process on 127.0.0.1 (the demo's production build of the page and widget); ` +
        `connect->ready: performance.now() at first connectedCallback and at bynet-ready, ${runsWanted} runs after 1 cold run, fresh context each, ` +
        `split at the config request's start and end (Resource Timing); ` +
        `paid->shown: Date.now() before the sandbox pay call and at bynet-payment-complete, ${paidRuns} runs per mode`,
      unit: 'ms',
      cold: { connectToReadyMs: cold.connectToReadyMs, helperRequests: cold.helperRequests },
      runs,
      medianConnectToReadyMs: median(runs.map((r) => r.connectToReadyMs)),
      medianSplitMs: splitOf(runs),
      helperRequestsBeforeReady: runs.map((r) => r.helperRequests),
      paidToShown: {
        push: { runs: push, medianMs: median(push) },
        polling: { runs: polling, medianMs: median(polling) },
      },
    };
  } finally {
    await browser.close();
    await demo.close();
  }
}
