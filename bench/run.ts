/**
 * `npm run bench`: the budgets (design.md section 7; the sizes from issue 14), measured in one run,
 * Adyen Web's figures measured in the same run beside ours.
 * Prints tables and writes bench/results.json. Nothing here is pass/fail: a budget is a figure
 * to read next to the measurement. The process fails only when a section could not be measured.
 *
 * Sections (all by default; name some to run only those, e.g. `npm run bench -- status render`):
 *   sizes   gzip sizes vs budgets, and vs Adyen Web built the same way (in-memory builds)
 *   status  status requests and paid-detection delay, 15-minute PIX, OURS vs ADYEN (simulated clock)
 *   render  QR and ITF drawing time
 *   helper  helper overhead (p50/p99) and throughput ratios on loopback (autocannon), POST /orders vs pass-through
 *   longtask  Chromium: longest main-thread task while the first screen renders (trace, median of 5)
 *   ready   Chromium: connect -> bynet-ready, requests before ready, paid -> shown (push / polling)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { benchSizes, SIZE_ROWS } from './sizes.js';
import type { SizesResult } from './sizes.js';
import { benchStatus } from './status.js';
import type { StatusResult } from './status.js';
import { benchRender } from './render.js';
import { benchHelper } from './helper.js';
import type { HelperResult } from './helper.js';
import { benchReady } from './ready.js';
import { benchLongTask } from './longtask.js';
import type { LongTaskResult } from './longtask.js';
import type { ReadyResult } from './ready.js';
import { round } from './stats.js';

const SECTIONS = ['sizes', 'status', 'render', 'helper', 'ready', 'longtask'] as const;
type Section = (typeof SECTIONS)[number];

/** design.md section 7; the sizes are issue 14's. */
const BUDGETS = {
  entryGzipKB: 30,
  pixGzipKB: 36,
  boletoGzipKB: 34,
  cardGzipKB: 52,
  scriptTagGzipKB: 52,
  statusRequests15Min: 60,
  paidToShownPollingMs: 3000,
  paidToShownPushMs: 500,
  helperOverheadP50Ms: 1,
  /** Issue 14: helper `POST /orders` req/s divided by a plain pass-through's, same run. */
  ordersVsPassThrough: 0.8,
  /** Issue 14: longest main-thread task while the first screen renders, median of 5. */
  longestTaskMs: 20,
  readyMs: 150,
  readyRequests: 1,
} as const;


const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wanted = new Set<Section>(args.length ? (args.filter((a) => (SECTIONS as readonly string[]).includes(a)) as Section[]) : SECTIONS);
if (args.length && wanted.size === 0) {
  console.error(`bench: unknown section(s) ${args.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  process.exit(1);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (n: number | null, digits = 0) => (n === null ? '-' : `${n.toFixed(digits)} ms`);
/** autocannon reports whole milliseconds: 0 means under one. */
const wholeMs = (n: number) => (n === 0 ? '<1 ms' : `${n} ms`);
const sec = (n: number | null) => (n === null ? '-' : `${(n / 1000).toFixed(1)} s`);
const paidLabel = (t: number | null) => (t === null ? 'never' : t < 60_000 ? `${t / 1000} s` : `${t / 60_000} min`);

function table(title: string, head: string[], rows: string[][], notes: string[] = []): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  for (const n of notes) console.log(`  ${n}`);
}

function printSizes(s: SizesResult): void {
  const budgetKB = { entry: BUDGETS.entryGzipKB, pix: BUDGETS.pixGzipKB, boleto: BUDGETS.boletoGzipKB, card: BUDGETS.cardGzipKB, scriptTag: BUDGETS.scriptTagGzipKB };
  table(
    `Sizes (gzip -9, minified JS a buyer downloads), ours vs Adyen Web ${s.adyen.version} built the same way in this run`,
    ['What', 'raw', 'gzip', 'budget', 'within', 'Adyen Web (gzip)', 'ours / Adyen'],
    SIZE_ROWS.map((name) => {
      const r = s.rows[name];
      return [
        r.label,
        kb(r.raw),
        kb(r.gzip),
        `${budgetKB[name]} KB`,
        r.withinBudget ? 'yes' : 'OVER',
        `${r.adyen.label.replace(/^Adyen /, '')} ${kb(r.adyen.gzip)}`,
        r.adyen.ratio.toFixed(2),
      ];
    }),
    [
      `the libraries alone (the library code each row keeps, built the same way with none of ours) / our code (row - libraries) / what the budget leaves for our code: ` +
        SIZE_ROWS.map((name) => `${name} ${kb(s.rows[name].libraries.gzip)} / ${kb(s.rows[name].ours.gzip)} / ${kb(s.rows[name].ours.budgetLeft)}`).join('; '),
      `Adyen's stylesheet on top of its script tag: ${kb(s.adyen.css.gzip)} gzip (ours has none: styles are in the JS)`,
      `first load by package (source bytes): ${s.rows.entry.byPackage.map((p) => `${p.name} ${p.share}%`).join(', ')}`,
      `method: ${s.method}`,
    ],
  );
}

function printStatus(s: StatusResult): void {
  table(
    'Status checks, 15-minute PIX session, tab visible (requests = status requests made; delay = paid -> widget knows)',
    ['paid at', 'OURS requests', 'OURS delay', 'OURS+push requests', 'ADYEN requests', 'ADYEN delay'],
    s.rows.map((r) => [
      paidLabel(r.paidAtMs),
      String(r.ours.requests),
      sec(r.ours.detectionMs),
      String(r.oursPush.requests),
      String(r.adyen.requests),
      sec(r.adyen.detectionMs),
    ]),
    [
      `budget: <= ${BUDGETS.statusRequests15Min} requests per 15-minute session (OURS never paid: ${s.rows.at(-1)!.ours.requests}; ` +
        `${s.neverPaidAcrossSeeds.min}-${s.neverPaidAcrossSeeds.max} over ${s.neverPaidAcrossSeeds.seeds} jitter seeds); ADYEN never paid: ${s.rows.at(-1)!.adyen.requests}`,
      `paid at a time spread every ${s.spread.stepMs / 1000} s over the session (${s.spread.runs} runs): ` +
        `OURS mean delay ${sec(s.spread.ours.meanDetectionMs)}, max ${sec(s.spread.ours.maxDetectionMs)}, mean ${s.spread.ours.meanRequests.toFixed(1)} requests; ` +
        `ADYEN mean ${sec(s.spread.adyen.meanDetectionMs)}, max ${sec(s.spread.adyen.maxDetectionMs)}, mean ${s.spread.adyen.meanRequests.toFixed(1)} requests`,
      `paid in the first minute: OURS mean ${sec(s.spread.firstMinute.ours.meanDetectionMs)}, max ${sec(s.spread.firstMinute.ours.maxDetectionMs)}; ` +
        `ADYEN mean ${sec(s.spread.firstMinute.adyen.meanDetectionMs)}, max ${sec(s.spread.firstMinute.adyen.maxDetectionMs)} (budget, polling: <= ${BUDGETS.paidToShownPollingMs / 1000} s)`,
      'OURS+push: a healthy status stream (counted as one request per opening) with polling as its safety net; its delay is measured in Chromium below',
      `method: ${s.method}`,
    ],
  );
}

function printRender(r: ReturnType<typeof benchRender>): void {
  table(
    'Drawing the codes (µs per render, median)',
    ['What', 'input chars', 'SVG path chars', 'µs per render'],
    r.figures.map((f) => [f.what, String(f.inputChars), String(f.outputChars), f.median.toFixed(1)]),
    [`method: ${r.method}`],
  );
}

function printHelper(h: HelperResult): void {
  if (h.latency && h.throughput) printHelperStatus(h.latency, h.throughput, h.method);
  table(
    `Helper POST /orders (a new order per request) vs a pass-through to the gateway's create-order, ${h.orders.rows[0]!.figures.connections} connections`,
    ['What', 'req/s', 'vs pass-through', 'p50 latency', 'p99 latency', 'gateway calls/request', 'CPU ms/request', 'non-2xx', 'errors'],
    h.orders.rows.map((r) => [
      r.what,
      r.figures.requestsPerSecond.toFixed(0),
      r.vsBaseline.toFixed(2),
      wholeMs(r.figures.latencyP50Ms),
      wholeMs(r.figures.latencyP99Ms),
      r.figures.gatewayCallsPerRequest.toFixed(2),
      r.figures.cpuMsPerRequest.toFixed(3),
      String(r.figures.non2xx),
      String(r.figures.errors),
    ]),
    [
      `budget: helper / pass-through >= ${BUDGETS.ordersVsPassThrough} (measured ${h.orders.ratio.toFixed(2)}; from CPU per request, sandbox included: ${h.orders.cpuRatio.toFixed(2)})`,
      `runs (req/s, helper / pass-through, round by round): ${h.orders.rounds.map((x) => x.toFixed(2)).join(', ')}`,
    ],
  );
}

function printHelperStatus(l: NonNullable<HelperResult['latency']>, t: NonNullable<HelperResult['throughput']>, method: string): void {
  table(
    'Helper on the status route, loopback latency (ms, sequential requests)',
    ['What', 'p50', 'p99', 'mean'],
    [
      ['gateway summary call, direct to the sandbox', ms(l.direct.p50, 3), ms(l.direct.p99, 3), ms(l.direct.mean, 3)],
      ['GET /payments/:id through the helper (cache off)', ms(l.helper.p50, 3), ms(l.helper.p99, 3), ms(l.helper.mean, 3)],
      ['pass-through baseline (fetch-forwarding handler)', ms(l.baseline.p50, 3), ms(l.baseline.p99, 3), ms(l.baseline.mean, 3)],
      ['helper overhead (helper - direct)', ms(l.overheadP50Ms, 3), ms(l.overheadP99Ms, 3), ''],
    ],
    [`budget: helper overhead at p50 <= ${BUDGETS.helperOverheadP50Ms} ms`],
  );
  table(
    `Helper on the status route, throughput (autocannon, median of ${t.rounds} rounds of ${t.durationSeconds} s)`,
    ['What', 'req/s', 'vs baseline', 'p50 latency', 'p99 latency', 'gateway calls/request', 'non-2xx', 'errors'],
    t.rows.map((r) => [
      r.what,
      r.figures.requestsPerSecond.toFixed(0),
      r.vsBaseline.toFixed(2),
      wholeMs(r.figures.latencyP50Ms),
      wholeMs(r.figures.latencyP99Ms),
      r.figures.gatewayCallsPerRequest.toFixed(2),
      String(r.figures.non2xx),
      String(r.figures.errors),
    ]),
    [`method: ${method}`],
  );
}

function printLongTask(r: LongTaskResult): void {
  const parts = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${k} ${v}`).join(', ');
  table(
    'Longest main-thread task while the first screen renders (Chromium, shipped cdn-esm build, ms)',
    ['What', 'measured', 'budget'],
    [
      // The budget's figure: a task as HTML counts it, with the microtask checkpoint that ends it
      // (Blink traces the checkpoint apart; counting scheduler tasks alone missed the widget's
      // promise work, e.g. the config's answer and the form's render).
      [`longest task, with its microtask checkpoint (HTML's task): wall, median of ${r.runs.length} cold loads`, ms(r.withCheckpoints.medianLongestTaskMs, 1), `<= ${BUDGETS.longestTaskMs} ms`],
      [`  the same: largest CPU time, median`, ms(r.withCheckpoints.medianLongestTaskCpuMs, 1), `<= ${BUDGETS.longestTaskMs} ms`],
      [`  from the widget's first script task on (the browser's navigation left out): wall / CPU, medians`, `${ms(r.withCheckpoints.medianFromWidgetLongestTaskMs, 1)} / ${ms(r.withCheckpoints.medianFromWidgetLongestTaskCpuMs, 1)}`, ''],
      [`  the browser's floor, the same bare page without the widget: wall / CPU, medians`, `${ms(r.baseline.withCheckpoints.medianLongestTaskMs, 1)} / ${ms(r.baseline.withCheckpoints.medianLongestTaskCpuMs, 1)}`, ''],
      [`scheduler tasks alone (checkpoints not counted, as measured before): wall / CPU, medians`, `${ms(r.medianLongestTaskMs, 1)} / ${ms(r.medianLongestTaskCpuMs, 1)}`, ''],
      [`  the same, from the widget's first script task on: wall / CPU`, `${ms(r.medianFromWidgetLongestTaskMs, 1)} / ${ms(r.medianFromWidgetLongestTaskCpuMs, 1)}`, ''],
      [`  the same, bare page: wall / CPU`, `${ms(r.baseline.medianLongestTaskMs, 1)} / ${ms(r.baseline.medianLongestTaskCpuMs, 1)}`, ''],
    ],
    [
      `runs: ${r.runs.map((x) => `${x.longestTaskMs} ms wall / ${x.longestTaskCpuMs} ms CPU (tasks > 20 ms: ${x.tasksOver20Ms} wall, ${x.tasksOver20MsCpu} CPU; ready + 2 frames at ${x.readyAtMs} ms; load ${x.loadAverage1m})`).join('; ')}`,
      `from the widget's first script task on, each run: ${r.runs.map((x) => `${x.fromWidgetLongestTaskMs} wall / ${x.fromWidgetLongestTaskCpuMs} CPU`).join('; ')}`,
      `longest task of each run: ${r.runs.map((x) => `${x.longestTaskIs}: ${parts(x.longestTaskParts)}`).join(' | ')}`,
      `largest-CPU task of each run: ${r.runs.map((x) => parts(x.busiestTaskParts)).join(' | ')}`,
      `with microtask checkpoints, each run (all / from the widget on, wall / CPU): ${r.runs.map((x) => `${x.withCheckpoints.longestTaskMs} / ${x.withCheckpoints.longestTaskCpuMs}, ${x.withCheckpoints.fromWidgetLongestTaskMs} / ${x.withCheckpoints.fromWidgetLongestTaskCpuMs}`).join('; ')}`,
      `with microtask checkpoints, the longest of each run: ${r.runs.map((x) => `${x.withCheckpoints.longestTaskIs}: ${parts(x.withCheckpoints.longestTaskParts)}`).join(' | ')}`,
      `baseline (bare page, no widget), each run: ${r.baseline.runs.map((x) => `${x.longestTaskMs} ms wall / ${x.longestTaskCpuMs} ms CPU (ready + 2 frames at ${x.readyAtMs} ms; load ${x.loadAverage1m})`).join('; ')}`,
      `baseline's longest task of each run: ${r.baseline.runs.map((x) => `${x.longestTaskIs}: ${parts(x.longestTaskParts)}`).join(' | ')}; its largest-CPU task: ${r.baseline.runs.map((x) => x.busiestTaskIs).join(' | ')}`,
      `widget script tasks, wall / CPU (1.0: never waited for a CPU): ${r.runs.map((x) => x.widgetTasksWallOverCpu.toFixed(2)).join(', ')}`,
      `machine, each run: ${r.runs.map((x) => `waited ${(x.quietWaitMs / 1000).toFixed(1)} s for quiet (${x.busyCpusBefore} CPUs busy), ${x.busyCpusDuring} CPUs busy during the load, bench's own CPU ${x.benchCpuMs.driver} ms driver + ${x.benchCpuMs.site} ms site`).join('; ')}`,
      `CPU ms of Chromium's processes and the site during the load, each run: ${r.runs.map((x) => Object.entries(x.processCpuMs).map(([k, v]) => `${k} ${v}`).join(', ') || '-').join(' | ')}`,
      `machine load average when the run started: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`,
      `method: ${r.method}`,
    ],
  );
}

function printReady(r: ReadyResult): void {
  table(
    'In Chromium against the demo (ms)',
    ['What', 'measured', 'budget'],
    [
      [`connect -> bynet-ready, median of ${r.runs.length} warm runs`, ms(r.medianConnectToReadyMs, 1), `<= ${BUDGETS.readyMs} ms`],
      ['connect -> bynet-ready, first (cold) run', ms(r.cold.connectToReadyMs, 1), ''],
      ['helper requests before ready, per run', r.helperRequestsBeforeReady.join(' '), `${BUDGETS.readyRequests}`],
      [`paid -> shown, push (status stream), median of ${r.paidToShown.push.runs.length}`, ms(r.paidToShown.push.medianMs), `<= ${BUDGETS.paidToShownPushMs} ms`],
      [`paid -> shown, polling (stream blocked), median of ${r.paidToShown.polling.runs.length}`, ms(r.paidToShown.polling.medianMs), `<= ${BUDGETS.paidToShownPollingMs} ms`],
    ],
    [
      `runs, connect -> ready: ${r.runs.map((x) => x.connectToReadyMs.toFixed(1)).join(', ')}`,
      `where it went (medians): ${r.medianSplitMs.beforeRequest.toFixed(1)} ms until the config request left, ${r.medianSplitMs.request.toFixed(1)} ms for its answer, ` +
        `${r.medianSplitMs.afterAnswer.toFixed(1)} ms from its last byte to bynet-ready (reading and checking it, and the page's other work meanwhile)`,
      `runs, paid -> shown: push ${r.paidToShown.push.runs.join(', ')}; polling ${r.paidToShown.polling.runs.join(', ')}`,
      `method: ${r.method}`,
    ],
  );
}

const results: Record<string, unknown> = {
  generatedAt: new Date().toISOString(),
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: availableParallelism(),
    /** 1/5/15-minute load averages at the start: the machine is shared, figures move with it. */
    loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
  },
  budgets: BUDGETS,
};
const failures: string[] = [];

async function section<T>(name: Section, run: () => Promise<T> | T, print: (r: T) => void): Promise<void> {
  if (!wanted.has(name)) return;
  const t0 = performance.now();
  try {
    const r = await run();
    results[name] = { measuredAt: new Date().toISOString(), ...(r as object) };
    print(r);
    console.log(`  (${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    results[name] = { error: message };
    failures.push(name);
    console.error(`\n${name}: could not be measured: ${message}`);
  }
}

const started = performance.now();
console.log('bynet-checkout benchmarks (figures, not pass/fail; budgets from design.md section 7 and issue 14)');
await section('sizes', benchSizes, printSizes);
// The simulated clock replaces the global timers while it runs: nothing else may be in flight.
await section('status', () => benchStatus(), printStatus);
await section('render', () => benchRender(), printRender);
// `--orders-only`: just the POST /orders comparison of the helper section (for profiling; not saved).
const ordersOnly = process.argv.includes('--orders-only');
await section('helper', () => benchHelper({ ordersOnly }), printHelper);
await section('ready', () => benchReady(), printReady);
await section('longtask', () => benchLongTask(), printLongTask);

const totalSeconds = (performance.now() - started) / 1000;
results.durationSeconds = round(totalSeconds, 1);
const out = fileURLToPath(new URL('./results.json', import.meta.url));
// A run of some sections keeps the other sections of the last results (each names when it ran).
if (wanted.size < SECTIONS.length && existsSync(out)) {
  try {
    const previous = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    for (const name of SECTIONS) if (!wanted.has(name) && previous[name] !== undefined) results[name] = previous[name];
  } catch {
    /* unreadable: this run's sections only */
  }
}
if (ordersOnly) console.log(`\nbench: ${totalSeconds.toFixed(1)} s; an orders-only run: bench/results.json left as it was`);
else {
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbench: ${totalSeconds.toFixed(1)} s; results written to bench/results.json`);
}
if (failures.length) {
  console.error(`bench: not measured: ${failures.join(', ')}`);
  process.exit(1);
}
process.exit(0);
