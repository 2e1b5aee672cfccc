/**
 * Scheduling priorities for the benchmarks that share this machine's CPUs with a browser: the
 * store's servers (and the Playwright driver) run at the lowest priority, as on a buyer's device
 * the storefront's servers do not share the browser's CPUs.
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Lowest scheduling priority (nice 19). */
export const LOWEST = 19;

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
export function setProcessPriority(pid: number, priority: number): boolean {
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

export const lowestPriority = (pid: number): boolean => setProcessPriority(pid, LOWEST);

/** Lowers this process's threads to the lowest priority; the returned function puts them back (if the OS allows raising). */
export function lowerOwnPriority(): { lowered: boolean; restore(): void } {
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
