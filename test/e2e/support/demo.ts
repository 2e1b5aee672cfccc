/**
 * Starts the real demo (`demo/server.ts`) as a child process on a free loopback port, waits until
 * it answers, and talks to the sandbox's control routes. Its output is kept (not printed) so a
 * failure can show the last lines.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FaultSpec } from '../../../src/sandbox/types.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface SandboxCall {
  method: string;
  path: string;
  query: string;
  status: number;
}

/** The sandbox's own fault shape (`POST /__sandbox/faults`). */
export type { FaultSpec };

export interface Demo {
  origin: string;
  /** The last lines the demo printed (for failure messages). */
  output(): string;
  calls(): Promise<SandboxCall[]>;
  clearCalls(): Promise<void>;
  fault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  pay(transactionId: string): Promise<void>;
  expire(transactionId: string): Promise<void>;
  stop(): Promise<void>;
}

/** A port the OS says is free right now on 127.0.0.1. */
export { freePort } from '../../support/net.js';
import { freePort } from '../../support/net.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startDemo(o: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<Demo> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // a data folder of its own: no state from an earlier run, nothing left in the project
  const dataDir = mkdtempSync(join(tmpdir(), 'bynet-e2e-demo-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...o.env, PORT: String(port), HOST: '127.0.0.1', BYNET_DEMO_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${origin}/sandbox/__sandbox/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox control ${method} ${path} answered ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the demo exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${origin}/sandbox/__sandbox/state`);
      if (res.ok) {
        await res.arrayBuffer();
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the demo did not answer within ${o.timeoutMs ?? 30_000} ms:\n${log}`);
    }
    await sleep(100);
  }

  return {
    origin,
    output: () => log,
    calls: async () => ((await control('GET', 'calls')) as { calls: SandboxCall[] }).calls,
    clearCalls: async () => void (await control('DELETE', 'calls')),
    fault: async (spec) => void (await control('POST', 'faults', spec)),
    clearFaults: async () => void (await control('DELETE', 'faults')),
    pay: async (id) => void (await control('POST', `transactions/${encodeURIComponent(id)}/pay`, {})),
    expire: async (id) => void (await control('POST', `transactions/${encodeURIComponent(id)}/expire`, {})),
    stop,
  };
}

/** Gateway payment creations (any strategy) among the recorded calls. */
export function paymentCreations(calls: readonly SandboxCall[], onlyAnswered = false): SandboxCall[] {
  return calls.filter(
    (c) =>
      c.method === 'POST' &&
      (/^\/api\/public\/checkout\/payment\//.test(c.path) || c.path === '/api/user/transactions') &&
      (!onlyAnswered || (c.status >= 200 && c.status < 300)),
  );
}

/** Gateway order creations among the recorded calls. */
export function orderCreations(calls: readonly SandboxCall[], onlyAnswered = false): SandboxCall[] {
  return calls.filter(
    (c) => c.method === 'POST' && /^\/api\/public\/checkout\/create-order\//.test(c.path) && (!onlyAnswered || (c.status >= 200 && c.status < 300)),
  );
}
