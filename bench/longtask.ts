/**
 * The longest main-thread task while the first screen renders, in headless Chromium, for the
 * widget as it ships: the package's `cdn-esm` build (the `<script type="module">` file and its lazy
 * chunks, built in memory with the project's own Vite config: Lit templates minified, one-file
 * first load) on a bare page holding one `<bynet-checkout>`, its helper (in-memory state) backed by
 * the sandbox, all served from this process on 127.0.0.1. No demo page around it: the figure is the
 * widget's, not a storefront's.
 *
 * Each run is a cold load in a fresh browser context (no HTTP cache), CPU throttling off, traced
 * (Chrome trace, toplevel + timeline categories) from navigation until `bynet-ready` has fired
 * and two frames have painted after it. The figure is the longest task on the page's renderer
 * main thread; the median of the runs is the result. Each run also names what the longest task
 * spent its time on (its largest child events) and the machine's load average when it started.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import type { Rolldown } from 'vite';
import { CHROMIUM_FLAGS, chromiumPath } from '../test/e2e/support/browser.js';
import { createBynetCheckout, createMemoryState, toNodeListener } from '../src/server/index.js';
import { startSandbox } from '../src/sandbox/index.js';
import { median } from './stats.js';

export interface LongTaskRun {
  /** The longest task, wall time (the budget's figure). */
  longestTaskMs: number;
  tasksOver20Ms: number;
  /**
   * The task with the most CPU (thread) time, and how many used more than 20 ms of CPU: on a shared,
   * loaded machine a task's wall time includes the time the renderer waited for a CPU; this does not.
   */
  longestTaskCpuMs: number;
  tasksOver20MsCpu: number;
  /** ms from navigation start to two frames after `bynet-ready`. */
  readyAtMs: number;
  /** The longest (wall) task: wall and CPU ms, then wall ms by kind of work (kinds overlap: style inside script). */
  longestTaskParts: Record<string, number>;
  /** The same for the task with the most CPU time. */
  busiestTaskParts: Record<string, number>;
  /** 1-minute load average when the run started. */
  loadAverage1m: number;
}

export interface LongTaskResult {
  method: string;
  unit: 'ms';
  runs: LongTaskRun[];
  medianLongestTaskMs: number;
  /** Median of the runs' largest task CPU time (less moved by the machine's load). */
  medianLongestTaskCpuMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs. */
  tdur?: number;
  args?: { name?: string; data?: { url?: string }; beginData?: { url?: string } };
}

/** A task of the renderer's main thread, as the trace's `toplevel` category names it. */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** Trace events that say what kind of work a task did (event name -> kind). */
const WORK_KINDS = new Map<string, string>([
  ['v8.compile', 'compile'],
  ['v8.compileModule', 'compile'],
  ['V8.CompileCode', 'compile'],
  ['v8.produceModuleCache', 'compile'],
  ['v8.evaluateModule', 'script'],
  ['v8.run', 'script'],
  ['FunctionCall', 'script'],
  ['EvaluateScript', 'script'],
  ['V8.GCScavenger', 'gc'],
  ['MinorGC', 'gc'],
  ['MajorGC', 'gc'],
  ['V8.GCFinalizeMC', 'gc'],
  ['UpdateLayoutTree', 'style'],
  ['Document::updateStyle', 'style'],
  ['Layout', 'layout'],
  ['PrePaint', 'paint'],
  ['Paint', 'paint'],
  ['ParseHTML', 'parse HTML'],
  ['ParseAuthorStyleSheet', 'parse CSS'],
]);

const WAIT_FOR_FIRST_SCREEN = `new Promise((resolve) => {
  const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  if (document.querySelector('bynet-checkout')?.matches(':state(ready)')) done();
  else document.addEventListener('bynet-ready', done, { once: true });
})`;

const PAGE = `<!doctype html>
<html lang="pt-BR">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>bench</title>
    <link rel="icon" href="data:," />
    <script type="module" src="/assets/bynet-checkout.js"></script>
  </head>
  <body>
    <bynet-checkout endpoint="/api/checkout" product="demo-product"></bynet-checkout>
  </body>
</html>
`;

/** The shipped `cdn-esm` build, in memory: file name -> code. */
async function buildWidget(): Promise<Map<string, string>> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = await build({ root, configFile: `${root}vite.config.ts`, mode: 'cdn-esm', logLevel: 'silent', build: { write: false, sourcemap: false } });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const files = new Map<string, string>();
  for (const chunk of outputs.flatMap((o) => o.output)) if (chunk.type === 'chunk') files.set(chunk.fileName, chunk.code);
  if (!files.has('bynet-checkout.js')) throw new Error('the cdn-esm build has no bynet-checkout.js');
  return files;
}

interface BenchSite {
  origin: string;
  close(): Promise<void>;
}

/** Page + built widget + helper (in-memory state) + sandbox, on one loopback server. */
async function startSite(files: Map<string, string>): Promise<BenchSite> {
  const apiKey = `sk_bench_${randomBytes(12).toString('hex')}`;
  const sb = await startSandbox({ apiKey, log: () => {} });
  const helper = createBynetCheckout({
    apiKey,
    baseUrl: sb.url,
    hostname: '127.0.0.1',
    tokenSecret: randomBytes(32).toString('base64url'),
    logger: false,
    rateLimit: false,
    state: createMemoryState(),
  });
  const api = toNodeListener(helper.checkout);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/checkout')) return void api(req, res);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(PAGE);
    }
    const file = path.startsWith('/assets/') ? files.get(path.slice('/assets/'.length)) : undefined;
    if (file === undefined) {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(file);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await helper.close();
      await sb.close();
    },
  };
}

/** What `task` spent its wall time on, by kind of work (outermost event of each kind, ms; kinds overlap), and its CPU time. */
function partsOf(events: TraceEvent[], task: TraceEvent): Record<string, number> {
  const parts = new Map<string, number>();
  const end = task.ts + (task.dur ?? 0);
  const inside = events.filter((e) => WORK_KINDS.has(e.name) && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
  for (const e of inside) {
    const kind = WORK_KINDS.get(e.name)!;
    const nested = inside.some(
      (o) => o !== e && WORK_KINDS.get(o.name) === kind && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) && (o.dur ?? 0) > (e.dur ?? 0),
    );
    if (!nested) parts.set(kind, (parts.get(kind) ?? 0) + (e.dur ?? 0) / 1000);
  }
  const out: Record<string, number> = { wall: Math.round((task.dur ?? 0) / 100) / 10, cpu: Math.round((task.tdur ?? 0) / 100) / 10 };
  for (const [k, ms] of [...parts].sort((a, b) => b[1] - a[1])) if (ms >= 0.5) out[k] = Math.round(ms * 10) / 10;
  return out;
}

async function measureOnce(browser: Browser, origin: string): Promise<LongTaskRun> {
  const loadAverage1m = Math.round(loadavg()[0]! * 10) / 10;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'v8.execute', 'blink'] });
    await page.goto(`${origin}/`, { waitUntil: 'commit' });
    const readyAtMs = (await page.evaluate(WAIT_FOR_FIRST_SCREEN)) as number;
    const raw = await browser.stopTracing();
    // BENCH_TRACE_DIR=<folder>: each run's trace is kept there (open it in the DevTools Performance panel)
    if (process.env.BENCH_TRACE_DIR) writeFileSync(join(process.env.BENCH_TRACE_DIR, `longtask-${Date.now()}.json`), raw);
    const trace = JSON.parse(raw.toString('utf8')) as { traceEvents: TraceEvent[] };
    const mains = new Set(
      trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
    );
    const byThread = new Map<string, TraceEvent[]>();
    for (const e of trace.traceEvents) {
      const key = `${e.pid}:${e.tid}`;
      if (e.ph !== 'X' || !mains.has(key)) continue;
      let list = byThread.get(key);
      if (!list) byThread.set(key, (list = []));
      list.push(e);
    }
    // Other renderers are in the trace too (headless Chromium's own WebUI pages, e.g. the omnibox
    // popup, a spare one), often busier than the page: the page's is the one whose events name its URL.
    const tasksOf = (events: TraceEvent[]) => events.filter((e) => TASK_EVENTS.has(e.name));
    const pageThreads = new Set(
      trace.traceEvents
        .filter((e) => mains.has(`${e.pid}:${e.tid}`) && [e.args?.data?.url, e.args?.beginData?.url].some((u) => u?.startsWith(`${origin}/`)))
        .map((e) => `${e.pid}:${e.tid}`),
    );
    if (pageThreads.size !== 1) throw new Error(`expected one renderer main thread of the page in the trace, found ${pageThreads.size}`);
    const events = byThread.get([...pageThreads][0]!) ?? [];
    const tasks = tasksOf(events);
    if (tasks.length === 0) throw new Error('the trace holds no renderer main-thread task');
    const longest = tasks.reduce((a, b) => ((b.dur ?? 0) > (a.dur ?? 0) ? b : a));
    const busiest = tasks.reduce((a, b) => ((b.tdur ?? 0) > (a.tdur ?? 0) ? b : a));
    const ms = tasks.map((t) => (t.dur ?? 0) / 1000);
    const cpuMs = tasks.map((t) => (t.tdur ?? 0) / 1000);
    const r1 = (x: number) => Math.round(x * 10) / 10;
    return {
      longestTaskMs: r1(Math.max(...ms)),
      tasksOver20Ms: ms.filter((d) => d > 20).length,
      longestTaskCpuMs: r1(Math.max(...cpuMs)),
      tasksOver20MsCpu: cpuMs.filter((d) => d > 20).length,
      readyAtMs: Math.round(readyAtMs),
      longestTaskParts: partsOf(events, longest),
      busiestTaskParts: partsOf(events, busiest),
      loadAverage1m,
    };
  } finally {
    await context.close();
  }
}

export async function benchLongTask(o: { runs?: number } = {}): Promise<LongTaskResult> {
  const runsWanted = o.runs ?? 5;
  const files = await buildWidget();
  const site = await startSite(files);
  const browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
  try {
    await measureOnce(browser, site.origin); // warm-up: the browser process, the helper's catalogue cache
    const runs = [];
    for (let i = 0; i < runsWanted; i++) runs.push(await measureOnce(browser, site.origin));
    const entry = files.get('bynet-checkout.js')!;
    return {
      method:
        `headless Chromium ${browser.version()} (playwright-core), CPU throttling off (wall and thread CPU time of each task from the trace); the package's cdn-esm build (in memory, project Vite config; ` +
        `entry ${(entry.length / 1024).toFixed(1)} KB raw, ${files.size} files) on a bare page with one <bynet-checkout>, its helper (in-memory state) and the sandbox ` +
        `in this process on 127.0.0.1; Chrome trace from navigation to two frames after bynet-ready; longest task (ThreadControllerImpl::RunTask) on the page's ` +
        `CrRendererMain; ${runsWanted} cold loads (fresh context, no HTTP cache) after a warm-up, median`,
      unit: 'ms',
      runs,
      medianLongestTaskMs: median(runs.map((r) => r.longestTaskMs)),
      medianLongestTaskCpuMs: median(runs.map((r) => r.longestTaskCpuMs)),
    };
  } finally {
    await browser.close();
    await site.close();
  }
}
