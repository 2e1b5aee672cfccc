/**
 * Talking to a benchmark's forked server process (`bench/servers.ts`, `bench/longtask-site.ts`):
 * each question is a message `{ type }`, answered by a message of the same type.
 */
import type { ChildProcess } from 'node:child_process';

/** Sends `{ type }` and resolves with the `field` of the first answer of that type (0 without it). */
export function ask(child: ChildProcess, type: string, field: string): Promise<number> {
  return new Promise<number>((done) => {
    const on = (r: { type: string } & Record<string, unknown>) => {
      if (r.type !== type) return;
      child.off('message', on);
      done(typeof r[field] === 'number' ? r[field] : 0);
    };
    child.on('message', on);
    child.send({ type });
  });
}

/** Asks the process to stop; kills it if it has not exited 5 s later. */
export function stop(child: ChildProcess): Promise<void> {
  return new Promise<void>((done) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      done();
    });
    child.send({ type: 'stop' });
  });
}
