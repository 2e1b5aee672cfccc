/**
 * The longest main-thread task while the first screen renders, in headless Chromium against the
 * demo served in this process: a Chrome trace (toplevel) from navigation until
 * `bynet-ready` has fired and two frames have painted after it; the longest task on the page's
 * renderer main thread (script parse and run, the element's first renders, style, layout).
 * Fresh browser context per run; the median of the runs is the figure.
 */
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../test/e2e/support/browser.js';
import { startInProcessDemo } from './demo-server.js';
import { median } from './stats.js';

export interface LongTaskResult {
  method: string;
  unit: 'ms';
  runs: { longestTaskMs: number; tasksOver20Ms: number; readyAtMs: number }[];
  medianLongestTaskMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** A task of the renderer's main thread, as the trace's `toplevel` category names it. */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

const WAIT_FOR_FIRST_SCREEN = `new Promise((resolve) => {
  const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  if (document.querySelector('bynet-checkout')?.matches(':state(ready)')) done();
  else document.addEventListener('bynet-ready', done, { once: true });
})`;

async function measureOnce(browser: Browser, origin: string) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await browser.startTracing(page, { categories: ['toplevel'] });
    await page.goto(`${origin}/`, { waitUntil: 'commit' });
    const readyAtMs = (await page.evaluate(WAIT_FOR_FIRST_SCREEN)) as number;
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const mains = new Set(
      trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
    );
    const byThread = new Map<string, number[]>();
    for (const e of trace.traceEvents) {
      const key = `${e.pid}:${e.tid}`;
      if (e.ph !== 'X' || !TASK_EVENTS.has(e.name) || !mains.has(key)) continue;
      byThread.set(key, [...(byThread.get(key) ?? []), (e.dur ?? 0) / 1000]);
    }
    // Other renderers (a closed context's, a spare one) may be in the trace: the page's is the busiest.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const tasks = [...byThread.values()].sort((a, b) => sum(b) - sum(a))[0] ?? [];
    if (tasks.length === 0) throw new Error('the trace holds no renderer main-thread task');
    return { longestTaskMs: Math.round(Math.max(...tasks) * 10) / 10, tasksOver20Ms: tasks.filter((d) => d > 20).length, readyAtMs: Math.round(readyAtMs) };
  } finally {
    await context.close();
  }
}

export async function benchLongTask(o: { runs?: number } = {}): Promise<LongTaskResult> {
  const runsWanted = o.runs ?? 5;
  const demo = await startInProcessDemo();
  const browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
  try {
    await measureOnce(browser, demo.origin); // warm-up: the demo builds and caches its page
    const runs = [];
    for (let i = 0; i < runsWanted; i++) runs.push(await measureOnce(browser, demo.origin));
    return {
      method:
        `headless Chromium ${browser.version()} (playwright-core), demo page + helper + sandbox in this process on 127.0.0.1; Chrome trace ` +
        `(category toplevel) from navigation to two frames after bynet-ready; longest task (ThreadControllerImpl::RunTask) on the page's CrRendererMain; ${runsWanted} runs after a warm-up, fresh context each`,
      unit: 'ms',
      runs,
      medianLongestTaskMs: median(runs.map((r) => r.longestTaskMs)),
    };
  } finally {
    await browser.close();
    await demo.close();
  }
}
