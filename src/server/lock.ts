/** Per-key serialisation and single-flight helpers (one process). */

/** Runs tasks for the same key one after another; different keys run in parallel. */
export function createKeyedLock(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const prev = tails.get(key) ?? Promise.resolve();
    const run = prev.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}

/** Concurrent callers for the same key share one running promise. */
export function createSingleFlight(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const cur = running.get(key);
    if (cur) return cur as Promise<T>;
    const p = task().finally(() => running.delete(key));
    running.set(key, p);
    return p;
  };
}
