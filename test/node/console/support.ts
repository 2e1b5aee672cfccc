/** Shared helpers of the console's server-side tests. */
import { startDirectorySandboxes } from '../../../src/sandbox/directories/index.js';
import type { DirectorySandboxesOptions, StartedDirectorySandboxes } from '../../../src/sandbox/directories/index.js';
import type { Customer } from '../../../src/directory/index.js';

export const startDirectories = (o: DirectorySandboxesOptions = {}): Promise<StartedDirectorySandboxes> => startDirectorySandboxes(o);

/** A `sleep` that records what it was asked to wait and waits nothing. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

export async function collect(it: AsyncIterable<Customer>): Promise<Customer[]> {
  const out: Customer[] = [];
  for await (const c of it) out.push(c);
  return out;
}

/** The decoded query of a recorded call, as pairs (repeated keys kept). */
export const pairs = (query: string): [string, string][] => [...new URLSearchParams(query)];
