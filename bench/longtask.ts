/**
 * The longest main-thread task while the first screen renders, in headless Chromium, for the
 * widget as it ships: the package's `cdn-esm` build (the `<script type="module">` file and its lazy
 * chunks, built in memory with the project's own Vite config: Lit templates minified, one-file
 * first load) on a bare page holding one `<bynet-checkout>`, its helper (in-memory state) backed by
 * the sandbox. No demo page around it: the figure is the widget's, not a storefront's.
 *
 * What is counted. Each run is a cold load in a fresh browser context (no HTTP cache), CPU
 * throttling off, traced (Chrome trace: toplevel, devtools.timeline, v8.execute, blink) from just
 * before navigation until `bynet-ready` has fired and two frames have painted after it (plus the
 * round trip that stops the trace). A task is a `ThreadControllerImpl::RunTask` event of the page's
 * renderer main thread (`CrRendererMain` of the process whose events name the page's URL), every
 * one of them, navigation included, counted as HTML counts a task: together with the microtask
 * checkpoint Blink runs when it completes, which the trace records as a separate top-level event
 * (`TaskFigures`); a checkpoint traced without a task (a fetch's response handled in promise
 * callbacks, a `scheduler.yield()` continuation) is a task of its own. The budget's figure is the
 * longest of them by wall time; the median of 5 runs (after a warm-up) is the result (the
 * `withCheckpoints` medians). Until this counting, the `RunTask` events were counted alone, which
 * missed the script run in checkpoints, e.g. the widget's handling of its config and the render
 * that follows: those figures stay in the result (the top-level medians) for comparison.
 * Reported beside it:
 *   - the largest thread (CPU) time of a task, and its median: wall time includes the time the
 *     renderer's main thread was ready to run but waited for a CPU; thread time does not;
 *   - an additional figure, not the budget's: the longest task (wall and CPU) counting only from the
 *     first task that compiles or runs a file of the widget; the tasks before it are the browser's
 *     navigation (detaching the previous document, committing the new one, parsing the bare page);
 *   - what the longest and the busiest task did (largest child event; wall ms by kind of work), and
 *     for the tasks that run the widget's script, their total wall time over their total CPU time
 *     (1.0: the renderer had a CPU whenever it had work);
 *   - a baseline, the browser's own floor on this machine: the same bare page without the widget
 *     (`/bare`: the same markup, its `<bynet-checkout>` an unknown element, and instead of the
 *     widget a one-line module file, no inline script, that marks the page ready two frames after
 *     it runs), traced and counted the same way, one run after each of the widget's (so both
 *     see the same machine); its longest task (wall), largest CPU time and what they were, medians.
 *
 * Where it runs. A buyer's browser does not share its CPUs with the storefront's servers; on a
 * bench machine it must. So the page, the files, the helper and the sandbox are served by a child
 * process (`bench/longtask-site.ts`) set to the lowest priority (nice 19, every thread), and once
 * Chromium has launched (its processes keep the normal priority) this process, which drives it with
 * Playwright, lowers its own threads to nice 19 too, until the runs are over. Each run opens its
 * context and page first, then waits (up to QUIET_WAIT_MAX_MS) for a moment when the machine's CPUs
 * are nearly idle: a new context is a new browser window, which Chromium sets up in the background
 * (its omnibox popup, a WebUI page in a renderer of its own, takes 80-150 ms of CPU), and a buyer's
 * window is open before they navigate. Then it traces and navigates. Per run it records how long it
 * waited and how busy the machine was just before, how many CPUs the whole machine kept busy during
 * the load, the CPU time of the bench's own two processes and (Linux) of each kind of Chromium
 * process in that time, and the 1-minute load average. BENCH_CHROMIUM_NICE (off by default, see
 * `chromiumNice`) puts other work of a shared machine behind Chromium; the method line says when.
 */
import { fork } from 'node:child_process';
import { ask, stop } from './child.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import type { Rolldown } from 'vite';
import { CHROMIUM_FLAGS, chromiumPath } from '../test/e2e/support/browser.js';
import type { SiteMessage } from './longtask-site.js';
import { median } from './stats.js';

export interface LongTaskRun {
  /** The longest task, wall time, scheduler tasks alone (checkpoints not counted; the budget's figure is `withCheckpoints`). */
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
  /** What the longest (wall) task was: its largest child event, `[widget script]` when it runs a file of the widget. */
  longestTaskIs: string;
  /**
   * Additional figure (not the budget's): the longest task by wall time, and the largest CPU time,
   * counting only from the first task that compiles or runs a file of the widget (before it: the
   * browser's navigation).
   */
  fromWidgetLongestTaskMs: number;
  fromWidgetLongestTaskCpuMs: number;
  /** Tasks that run the widget's script: total wall time / total CPU time (1.0 = never waited for a CPU). */
  widgetTasksWallOverCpu: number;
  /** The budget's figures: the same, a task counted with its microtask checkpoint (see `withCheckpoints`). */
  withCheckpoints: TaskFigures;
  /** 1-minute load average when the run started. */
  loadAverage1m: number;
  /** ms waited for a quiet machine before the run, and the CPUs busy (of all) in the last window of that wait. */
  quietWaitMs: number;
  busyCpusBefore: number;
  /** CPUs kept busy by the whole machine (Chromium, this bench, anything else) from navigation to the first screen. */
  busyCpusDuring: number;
  /** CPU ms the bench's own processes (driver, site) used from navigation to the first screen. */
  benchCpuMs: { driver: number; site: number };
  /**
   * CPU ms of this bench's child processes in the same time, by kind (Linux only, 10 ms ticks):
   * Chromium's (`browser`, `renderer` (all of them), `gpu-process`, `utility:*`) and the `site`.
   */
  processCpuMs: Record<string, number>;
}

/**
 * The longest task of a run, by one way of counting: a task together with the microtask checkpoint
 * that follows it (the HTML event loop's task ends after its microtask checkpoint, and Long Tasks
 * count it), a checkpoint traced without a task of its own (a fetch's response handled in promise
 * callbacks, a `scheduler.yield()` continuation) as a task by itself: the budget's counting
 * (`withCheckpoints`); or the `RunTask` events alone, which miss that work (the run's top-level
 * figures, the counting before).
 */
export interface TaskFigures {
  longestTaskMs: number;
  longestTaskCpuMs: number;
  /** From the widget's first script task on (the widget's run only; 0 for the baseline). */
  fromWidgetLongestTaskMs: number;
  fromWidgetLongestTaskCpuMs: number;
  /** What the longest (wall) was, and its parts, as for `longestTaskIs`. */
  longestTaskIs: string;
  longestTaskParts: Record<string, number>;
}

/**
 * A run of the baseline: the same bare page without the widget (a tiny module file marks it ready
 * two frames after it runs), traced and counted the same way: the browser's own floor.
 */
export interface BareRun {
  /** The longest task, wall time. */
  longestTaskMs: number;
  /** The largest task CPU (thread) time. */
  longestTaskCpuMs: number;
  /** What the longest (wall) task was (its largest child event), and its parts (wall, CPU, kinds of work). */
  longestTaskIs: string;
  longestTaskParts: Record<string, number>;
  /** What the task with the most CPU time was. */
  busiestTaskIs: string;
  /** The same, a task counted with its microtask checkpoint (see `TaskFigures`). */
  withCheckpoints: TaskFigures;
  /** ms from navigation start to two frames after the page marked itself ready. */
  readyAtMs: number;
  loadAverage1m: number;
  busyCpusDuring: number;
}

export interface LongTaskResult {
  method: string;
  unit: 'ms';
  runs: LongTaskRun[];
  /** Scheduler tasks alone (`RunTask`, checkpoints not counted: the counting before this one), median of the runs. */
  medianLongestTaskMs: number;
  /** Median of the runs' largest task CPU time (less moved by the machine's load). */
  medianLongestTaskCpuMs: number;
  /** Additional figures (not the budget's), from the widget's first script task on: medians of wall and CPU. */
  medianFromWidgetLongestTaskMs: number;
  medianFromWidgetLongestTaskCpuMs: number;
  /** The budget's figures: a task counted with its microtask checkpoint (`TaskFigures`), medians. */
  withCheckpoints: { medianLongestTaskMs: number; medianLongestTaskCpuMs: number; medianFromWidgetLongestTaskMs: number; medianFromWidgetLongestTaskCpuMs: number };
  /**
   * The browser's floor on this machine: the same bare page without the widget, one run after each
   * of the widget's (same method, same conditions); its longest task (wall) and largest CPU time, medians.
   */
  baseline: { runs: BareRun[]; medianLongestTaskMs: number; medianLongestTaskCpuMs: number; withCheckpoints: { medianLongestTaskMs: number; medianLongestTaskCpuMs: number } };
  /** This process's threads were lowered to nice 19 while the runs went (false where the OS refused). */
  driverLowered: boolean;
  /** BENCH_CHROMIUM_NICE, when set: the priority Chromium's processes were given. */
  chromiumNice?: number;
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
  args?: {
    name?: string;
    data?: { url?: string };
    beginData?: { url?: string };
    chrome_mojo_event_info?: { mojo_interface_tag?: string };
    animation_frame_script_timing_info?: { source_location_url?: string };
  };
}

/** A task of the renderer's main thread, as the trace's `toplevel` category names it. */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * The microtask checkpoint Blink's scheduler performs when a task completes (HTML: part of the task).
 * It is traced as a top-level event of its own, after the task's `RunTask`; some tasks (a fetch's
 * response, a `scheduler.yield()` continuation) are traced by their checkpoint alone.
 */
const CHECKPOINT_EVENT = 'BlinkScheduler_PerformMicrotaskCheckpoint';

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

/** The baseline page's ready mark (`/bare.js` in longtask-site.ts sets the attribute and fires the event), then two frames. */
const BARE_READY = 'bench-bare-ready';
const WAIT_FOR_BARE_PAGE = `new Promise((resolve) => {
  const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  if (document.documentElement.hasAttribute('${BARE_READY}')) done();
  else document.addEventListener('${BARE_READY}', done, { once: true });
})`;

/** Lowest scheduling priority (nice 19). */
const LOWEST = 19;

/**
 * The thread ids of process `pid` (Linux: scheduling priority is per thread there, and
 * `setpriority` on a process id changes its main thread only); elsewhere just `pid`.
 */
function threadsOf(pid: number): number[] {
  try {
    const tids = readdirSync(`/proc/${pid}/task`).map(Number).filter((t) => t > 0);
    if (tids.length) return tids;
  } catch {
    /* no /proc: not Linux */
  }
  return [pid];
}

/** Sets every thread of `pid` to `priority`; false if the OS refused any of them. */
function setProcessPriority(pid: number, priority: number): boolean {
  let ok = true;
  for (const tid of threadsOf(pid)) {
    try {
      setPriority(tid, priority);
    } catch {
      ok = false; // a thread that ended meanwhile, or no permission
    }
  }
  return ok;
}

const lowestPriority = (pid: number): boolean => setProcessPriority(pid, LOWEST);

/** Lowers this process's threads to the lowest priority; the returned function puts them back (if the OS allows raising). */
function lowerOwnPriority(): { lowered: boolean; restore(): void } {
  const before = new Map(threadsOf(process.pid).map((tid) => [tid, getPriority(tid)] as const));
  const lowered = lowestPriority(process.pid);
  return {
    lowered,
    restore() {
      for (const tid of threadsOf(process.pid)) {
        try {
          setPriority(tid, before.get(tid) ?? before.get(process.pid) ?? 0);
        } catch {
          /* raising a priority back needs privileges: it stays low (this section runs last) */
        }
      }
    },
  };
}

/** Idle and total CPU time of the whole machine so far (all CPUs, ms). */
function machineCpu(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const c of cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
  }
  return { idle, total };
}

/** CPUs kept busy between two `machineCpu()` samples (0 .. number of CPUs). */
function busyCpus(a: { idle: number; total: number }, b: { idle: number; total: number }): number {
  const total = b.total - a.total;
  if (total <= 0) return 0;
  return Math.round((1 - (b.idle - a.idle) / total) * cpus().length * 100) / 100;
}

interface ChildProcessCpu {
  /** Chromium's `--type` (`browser` for the one without), `site` for the bench site, else the program's name. */
  kind: string;
  chromium: boolean;
  /** CPU (user + system) used so far, ms (10 ms ticks). */
  ms: number;
}

/** The processes descending from this one (Linux, from /proc; none elsewhere), by pid. */
function childProcesses(): Map<number, ChildProcessCpu> {
  const out = new Map<number, ChildProcessCpu>();
  let pids: number[];
  try {
    pids = readdirSync('/proc').map(Number).filter((p) => p > 0);
  } catch {
    return out;
  }
  const all = new Map<number, ChildProcessCpu & { ppid: number }>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[1] ppid, f[11] utime, f[12] stime
      const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      // processes forked from Chromium's zygote rewrite their command line into one string
      const cmd = (line.indexOf('\0') < line.length - 1 ? line.split('\0') : line.split(' ')).filter(Boolean);
      const program = (cmd[0] ?? '').split('/').pop()!;
      const type = cmd.find((x) => x.startsWith('--type='))?.slice('--type='.length);
      const sub = cmd.find((x) => x.startsWith('--utility-sub-type='))?.split('.').pop();
      const chromium = type !== undefined || /chrom/i.test(program);
      const kind = type ? (sub ? `${type}:${sub}` : type) : chromium ? 'browser' : /^node/.test(program) ? 'site' : program;
      all.set(pid, { ppid: Number(f[1]), ms: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND, kind, chromium });
    } catch {
      /* gone meanwhile */
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = all.get(pid)?.ppid; p !== undefined && p > 1; p = all.get(p)?.ppid) if (p === process.pid) return true;
    return false;
  };
  for (const [pid, { kind, chromium, ms }] of all) if (mine(pid)) out.set(pid, { kind, chromium, ms });
  return out;
}
/** USER_HZ, the unit of /proc's CPU times (100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * BENCH_CHROMIUM_NICE=<-20..19>, off by default: Chromium's processes are set to that priority
 * before each run (raising it needs privileges). For a machine shared with other work: it puts
 * that work behind the browser, as a buyer's device does with the page in front. Chromium's own
 * processes (browser, GPU, network, other renderers) still compete with the page's renderer.
 */
function chromiumNice(): number | undefined {
  const v = process.env.BENCH_CHROMIUM_NICE;
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < -20 || n > 19) throw new Error(`BENCH_CHROMIUM_NICE must be an integer from -20 to 19, not ${v}`);
  return n;
}

/** Longest wait for a quiet machine before a run, ms (BENCH_QUIET_MAX_MS to change). */
const QUIET_WAIT_MAX_MS = Number(process.env.BENCH_QUIET_MAX_MS ?? 5000);
/** Quiet: at most this many CPUs busy over one window (Chromium idles near 0.05). */
const QUIET_BUSY_CPUS = 0.25;
const QUIET_WINDOW_MS = 250;

/** Waits until the machine is nearly idle for one window, or QUIET_WAIT_MAX_MS. */
async function waitForQuiet(): Promise<{ waitedMs: number; busyCpus: number }> {
  const started = Date.now();
  for (;;) {
    const a = machineCpu();
    await sleep(QUIET_WINDOW_MS);
    const busy = busyCpus(a, machineCpu());
    if (busy <= QUIET_BUSY_CPUS || Date.now() - started >= QUIET_WAIT_MAX_MS) return { waitedMs: Date.now() - started, busyCpus: busy };
  }
}

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
  /** CPU time the site's process has used so far, µs. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Page + built widget + helper (in-memory state) + sandbox, on one loopback server in a child
 * process (`bench/longtask-site.ts`) set to the lowest priority, every thread of it.
 */
function startSite(files: Map<string, string>): Promise<BenchSite> {
  const child = fork(fileURLToPath(new URL('./longtask-site.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  lowestPriority(child.pid!);
  child.send({ type: 'files', files: [...files] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench site exited with ${code}: ${stderr}`)));
    child.on('message', (m: SiteMessage) => {
      if (m.type === 'error') reject(new Error(`the bench site failed: ${m.message}`));
      if (m.type !== 'ready') return;
      child.removeAllListeners('exit');
      // the threads it started before the first lowering (V8's, libuv's) kept the normal priority
      lowestPriority(child.pid!);
      resolve({
        origin: m.origin,
        cpuMicros: () => ask(child, 'cpu', 'micros'),
        close: () => stop(child),
      });
    });
  });
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

/**
 * The start of a script's run as Blink's frame timing traces it (an async begin event, `ph: 'b'`),
 * with the script's URL: a module's evaluation (`v8.evaluateModule` names no file) included. Kept as
 * an instant (no duration) with `data.url` set, so that it marks the task that ran the file.
 */
const SCRIPT_MARK = 'AnimationFrame::Script::Execute';

/** Events that compile or run script (their `data.url` names the file). */
const SCRIPT_EVENTS = new Set([...[...WORK_KINDS].filter(([, kind]) => kind === 'compile' || kind === 'script').map(([name]) => name), SCRIPT_MARK]);

/** The largest direct child event of `task` (what the task was), and whether it runs a file under `assets`. */
function describe(events: TraceEvent[], task: TraceEvent, assets: string): string {
  const end = task.ts + (task.dur ?? 0);
  // (a task counted with its checkpoint holds both events: what they ran is what it was)
  const inside = events.filter((e) => e !== task && !TASK_EVENTS.has(e.name) && e.name !== CHECKPOINT_EVENT && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
  let largest: TraceEvent | undefined;
  for (const e of inside) if (!largest || (e.dur ?? 0) > (largest.dur ?? 0)) largest = e;
  const ours = inside.some((e) => SCRIPT_EVENTS.has(e.name) && e.args?.data?.url?.startsWith(assets));
  // a message from the browser process names its interface (content.mojom.NavigationClient: the navigation's commit)
  const mojo = largest?.args?.chrome_mojo_event_info?.mojo_interface_tag;
  return `${largest?.name ?? task.name}${mojo ? ` (${mojo})` : ''}${ours ? ' [widget script]' : ''}`;
}

/** Which page a run loads: the widget's (`/`), or the baseline, the same bare page without it (`/bare`). */
type PageKind = 'widget' | 'bare';

/** One traced cold load: the page's renderer main-thread events and tasks, and the machine around it. */
interface TracedLoad {
  events: TraceEvent[];
  tasks: TraceEvent[];
  /** The microtask checkpoints (CHECKPOINT_EVENT) of the page's main thread. */
  checkpoints: TraceEvent[];
  readyAtMs: number;
  loadAverage1m: number;
  quiet: { waitedMs: number; busyCpus: number };
  busyCpusDuring: number;
  benchCpuMs: { driver: number; site: number };
  processCpuMs: Record<string, number>;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A cold load of `kind`'s page in a fresh context, traced from just before navigation to two frames
 * after it is ready (the widget: `bynet-ready`; the bare page: its module's mark), the same way for both.
 */
async function traceLoad(browser: Browser, site: BenchSite, o: { chromiumNice?: number; chromiumRaised: boolean }, kind: PageKind): Promise<TracedLoad> {
  const { origin } = site;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // (again each run: the renderers Chromium started since)
    if (o.chromiumNice !== undefined) for (const [pid, p] of childProcesses()) if (p.chromium && !setProcessPriority(pid, o.chromiumNice)) o.chromiumRaised = false;
    // A new context is a new browser window: Chromium sets it up (e.g. loads its omnibox popup, a
    // WebUI page with its own renderer) in the background. A buyer's window is open before they
    // reach the storefront: wait for the machine to be quiet before navigating.
    const quiet = await waitForQuiet();
    const loadAverage1m = Math.round(loadavg()[0]! * 10) / 10;
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'v8.execute', 'blink'] });
    const siteCpu0 = await site.cpuMicros();
    const driverCpu0 = process.cpuUsage();
    const machine0 = machineCpu();
    const procs0 = childProcesses();
    await page.goto(`${origin}${kind === 'widget' ? '/' : '/bare'}`, { waitUntil: 'commit' });
    const readyAtMs = (await page.evaluate(kind === 'widget' ? WAIT_FOR_FIRST_SCREEN : WAIT_FOR_BARE_PAGE)) as number;
    const busyCpusDuring = busyCpus(machine0, machineCpu());
    const procs1 = childProcesses();
    const processCpuMs: Record<string, number> = {};
    for (const [pid, { kind, ms }] of procs1) {
      const used = ms - (procs0.get(pid)?.ms ?? 0);
      if (used > 0) processCpuMs[kind] = (processCpuMs[kind] ?? 0) + used;
    }
    const driverCpu = process.cpuUsage(driverCpu0);
    const siteCpuMicros = (await site.cpuMicros()) - siteCpu0;
    const raw = await browser.stopTracing();
    // BENCH_TRACE_DIR=<folder>: each run's trace is kept there (open it in the DevTools Performance panel)
    if (process.env.BENCH_TRACE_DIR) writeFileSync(join(process.env.BENCH_TRACE_DIR, `longtask-${kind}-${Date.now()}.json`), raw);
    const trace = JSON.parse(raw.toString('utf8')) as { traceEvents: TraceEvent[] };
    const mains = new Set(
      trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
    );
    const byThread = new Map<string, TraceEvent[]>();
    for (const raw of trace.traceEvents) {
      const key = `${raw.pid}:${raw.tid}`;
      if (!mains.has(key)) continue;
      const url = raw.name === SCRIPT_MARK && raw.ph === 'b' ? raw.args?.animation_frame_script_timing_info?.source_location_url : undefined;
      const e: TraceEvent = url ? { ...raw, ph: 'X', dur: 0, tdur: 0, args: { data: { url } } } : raw;
      if (e.ph !== 'X') continue;
      let list = byThread.get(key);
      if (!list) byThread.set(key, (list = []));
      list.push(e);
    }
    // Other renderers are in the trace too (headless Chromium's own WebUI pages, e.g. the omnibox
    // popup, a spare one), often busier than the page: the page's is the one whose events name its URL.
    const pageThreads = new Set(
      trace.traceEvents
        .filter((e) => mains.has(`${e.pid}:${e.tid}`) && [e.args?.data?.url, e.args?.beginData?.url].some((u) => u?.startsWith(`${origin}/`)))
        .map((e) => `${e.pid}:${e.tid}`),
    );
    if (pageThreads.size !== 1) throw new Error(`expected one renderer main thread of the page in the trace, found ${pageThreads.size}`);
    const events = byThread.get([...pageThreads][0]!) ?? [];
    const tasks = events.filter((e) => TASK_EVENTS.has(e.name));
    if (tasks.length === 0) throw new Error('the trace holds no renderer main-thread task');
    return {
      events,
      tasks,
      checkpoints: events.filter((e) => e.name === CHECKPOINT_EVENT),
      readyAtMs,
      loadAverage1m,
      quiet,
      busyCpusDuring,
      benchCpuMs: { driver: r1((driverCpu.user + driverCpu.system) / 1000), site: r1(siteCpuMicros / 1000) },
      processCpuMs,
    };
  } finally {
    await context.close();
  }
}

/**
 * Tasks counted with their microtask checkpoint: each `RunTask` joined with the checkpoint that
 * starts as it ends; any other checkpoint (after a task the trace does not name) as a unit alone.
 */
function withCheckpoints(tasks: TraceEvent[], checkpoints: TraceEvent[]): TraceEvent[] {
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  const sorted = [...checkpoints].sort((a, b) => a.ts - b.ts);
  const joined = new Set<TraceEvent>();
  const units: TraceEvent[] = tasks.map((t) => {
    // the first checkpoint at or after the task's end, within 50 µs (the scheduler's own bookkeeping)
    const cp = sorted.find((c) => c.ts >= end(t) && c.ts - end(t) <= 50);
    if (!cp || joined.has(cp)) return t;
    joined.add(cp);
    // named after the larger part: described as a checkpoint when its microtasks took most of it
    return { ...t, name: (cp.dur ?? 0) > (t.dur ?? 0) ? CHECKPOINT_EVENT : t.name, dur: end(cp) - t.ts, tdur: (t.tdur ?? 0) + (cp.tdur ?? 0) };
  });
  for (const c of sorted) if (!joined.has(c)) units.push(c);
  return units.sort((a, b) => a.ts - b.ts);
}

function taskFigures(events: TraceEvent[], units: TraceEvent[], assets: string, from?: number): TaskFigures {
  const longest = units.reduce((a, b) => ((b.dur ?? 0) > (a.dur ?? 0) ? b : a));
  const after = from === undefined ? [] : units.filter((u) => u.ts >= from);
  const maxOf = (xs: TraceEvent[], k: 'dur' | 'tdur') => r1(Math.max(0, ...xs.map((u) => (u[k] ?? 0) / 1000)));
  return {
    longestTaskMs: maxOf(units, 'dur'),
    longestTaskCpuMs: maxOf(units, 'tdur'),
    fromWidgetLongestTaskMs: maxOf(after, 'dur'),
    fromWidgetLongestTaskCpuMs: maxOf(after, 'tdur'),
    longestTaskIs: `${longest.name === CHECKPOINT_EVENT ? 'microtask checkpoint: ' : ''}${describe(events, longest, assets)}`,
    longestTaskParts: partsOf(events, longest),
  };
}

async function measureOnce(browser: Browser, site: BenchSite, o: { chromiumNice?: number; chromiumRaised: boolean }): Promise<LongTaskRun> {
  const { events, tasks, checkpoints, readyAtMs, loadAverage1m, quiet, busyCpusDuring, benchCpuMs, processCpuMs } = await traceLoad(browser, site, o, 'widget');
  const busiest = tasks.reduce((a, b) => ((b.tdur ?? 0) > (a.tdur ?? 0) ? b : a));
  const ms = tasks.map((t) => (t.dur ?? 0) / 1000);
  const cpuMs = tasks.map((t) => (t.tdur ?? 0) / 1000);

  // The tasks that compile or run a file of the widget, and everything from the first of them on.
  const assets = `${site.origin}/assets/`;
  const scriptAt = events.filter((e) => SCRIPT_EVENTS.has(e.name) && e.args?.data?.url?.startsWith(assets)).map((e) => e.ts);
  const runsWidget = (t: TraceEvent) => scriptAt.some((ts) => ts >= t.ts && ts <= t.ts + (t.dur ?? 0));
  const widgetTasks = tasks.filter(runsWidget);
  if (widgetTasks.length === 0) throw new Error('no task of the page ran a file of the widget');
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const widgetCpu = sum(widgetTasks.map((t) => t.tdur ?? 0));
  return {
    // the RunTask events alone: the longest, its CPU, from the widget's first script task on, what it was
    ...taskFigures(events, tasks, assets, widgetTasks[0]!.ts),
    tasksOver20Ms: ms.filter((d) => d > 20).length,
    tasksOver20MsCpu: cpuMs.filter((d) => d > 20).length,
    readyAtMs: Math.round(readyAtMs),
    busiestTaskParts: partsOf(events, busiest),
    widgetTasksWallOverCpu: widgetCpu > 0 ? Math.round((sum(widgetTasks.map((t) => t.dur ?? 0)) / widgetCpu) * 100) / 100 : 0,
    withCheckpoints: taskFigures(events, withCheckpoints(tasks, checkpoints), assets, widgetTasks[0]!.ts),
    loadAverage1m,
    quietWaitMs: quiet.waitedMs,
    busyCpusBefore: quiet.busyCpus,
    busyCpusDuring,
    benchCpuMs,
    processCpuMs,
  };
}

/** The baseline's run: the same page without the widget, counted as the widget's longest task is. */
async function measureBareOnce(browser: Browser, site: BenchSite, o: { chromiumNice?: number; chromiumRaised: boolean }): Promise<BareRun> {
  const { events, tasks, checkpoints, readyAtMs, loadAverage1m, busyCpusDuring } = await traceLoad(browser, site, o, 'bare');
  const assets = `${site.origin}/assets/`;
  const busiest = tasks.reduce((a, b) => ((b.tdur ?? 0) > (a.tdur ?? 0) ? b : a));
  const { longestTaskMs, longestTaskCpuMs, longestTaskIs, longestTaskParts } = taskFigures(events, tasks, assets);
  return {
    longestTaskMs,
    longestTaskCpuMs,
    longestTaskIs,
    longestTaskParts,
    busiestTaskIs: describe(events, busiest, assets),
    withCheckpoints: taskFigures(events, withCheckpoints(tasks, checkpoints), assets),
    readyAtMs: Math.round(readyAtMs),
    loadAverage1m,
    busyCpusDuring,
  };
}

export async function benchLongTask(o: { runs?: number } = {}): Promise<LongTaskResult> {
  const runsWanted = o.runs ?? 5;
  const files = await buildWidget();
  const site = await startSite(files);
  let own: ReturnType<typeof lowerOwnPriority> | undefined;
  let browser: Browser | undefined;
  try {
    const b = (browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_FLAGS }));
    // Chromium's processes have started at the normal priority and keep it (the renderers it starts
    // later are its children): from here this process only drives it and reads its traces.
    own = lowerOwnPriority();
    const prio = { chromiumNice: chromiumNice(), chromiumRaised: true };
    await measureOnce(b, site, prio); // warm-up: the browser process, the helper's catalogue cache
    await measureBareOnce(b, site, prio);
    // The baseline's runs alternate with the widget's: both see the same machine, run for run.
    const runs = [];
    const bare = [];
    for (let i = 0; i < runsWanted; i++) {
      runs.push(await measureOnce(b, site, prio));
      bare.push(await measureBareOnce(b, site, prio));
    }
    const entry = files.get('bynet-checkout.js')!;
    return {
      method:
        `headless Chromium ${b.version()} (playwright-core), CPU throttling off (wall and thread CPU time of each task from the trace); the package's cdn-esm build (in memory, project Vite config; ` +
        `entry ${(entry.length / 1024).toFixed(1)} KB raw, ${files.size} files) on a bare page with one <bynet-checkout>, its helper (in-memory state) and the sandbox ` +
        `served on 127.0.0.1 by a child process at the lowest priority (nice ${LOWEST}), the Playwright driver lowered to nice ${LOWEST} after Chromium's launch` +
        `${own.lowered ? '' : ' (refused by the OS: it kept its priority)'}, ` +
        `${prio.chromiumNice === undefined ? 'Chromium at the normal priority' : `Chromium set to nice ${prio.chromiumNice} (BENCH_CHROMIUM_NICE)${prio.chromiumRaised ? '' : ', not applied to some of its threads'}`}; ` +
        `before each run (new context and page open) a wait of up to ${QUIET_WAIT_MAX_MS / 1000} s ` +
        `for <= ${QUIET_BUSY_CPUS} CPUs busy; Chrome trace from navigation to two frames after bynet-ready; longest task on the page's CrRendererMain, navigation included, ` +
        `a task counted with its microtask checkpoint (ThreadControllerImpl::RunTask + BlinkScheduler_PerformMicrotaskCheckpoint: HTML's task; also reported without); ${runsWanted} cold loads (fresh context, no HTTP cache) after a warm-up, median; ` +
        `baseline: the same bare page without the widget (a one-line module file marks it ready two frames after it runs), traced and counted the same way, ` +
        `one run after each of the widget's`,
      unit: 'ms',
      runs,
      medianLongestTaskMs: median(runs.map((r) => r.longestTaskMs)),
      medianLongestTaskCpuMs: median(runs.map((r) => r.longestTaskCpuMs)),
      medianFromWidgetLongestTaskMs: median(runs.map((r) => r.fromWidgetLongestTaskMs)),
      medianFromWidgetLongestTaskCpuMs: median(runs.map((r) => r.fromWidgetLongestTaskCpuMs)),
      withCheckpoints: {
        medianLongestTaskMs: median(runs.map((r) => r.withCheckpoints.longestTaskMs)),
        medianLongestTaskCpuMs: median(runs.map((r) => r.withCheckpoints.longestTaskCpuMs)),
        medianFromWidgetLongestTaskMs: median(runs.map((r) => r.withCheckpoints.fromWidgetLongestTaskMs)),
        medianFromWidgetLongestTaskCpuMs: median(runs.map((r) => r.withCheckpoints.fromWidgetLongestTaskCpuMs)),
      },
      baseline: {
        runs: bare,
        medianLongestTaskMs: median(bare.map((r) => r.longestTaskMs)),
        medianLongestTaskCpuMs: median(bare.map((r) => r.longestTaskCpuMs)),
        withCheckpoints: {
          medianLongestTaskMs: median(bare.map((r) => r.withCheckpoints.longestTaskMs)),
          medianLongestTaskCpuMs: median(bare.map((r) => r.withCheckpoints.longestTaskCpuMs)),
        },
      },
      driverLowered: own.lowered,
      ...(prio.chromiumNice === undefined ? {} : { chromiumNice: prio.chromiumNice }),
    };
  } finally {
    own?.restore();
    await browser?.close();
    await site.close();
  }
}
