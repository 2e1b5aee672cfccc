/**
 * The demo (its production page build, helper, webhook, sandbox) on a free loopback port, quiet,
 * on the sandbox even when live-gateway variables are set: in THIS process (`startInProcessDemo`),
 * or in a child process at the lowest priority (`startForkedDemo`, bench/demo-site.ts).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../demo/server.js';
import { stop } from './child.js';
import type { DemoSiteMessage } from './demo-site.js';
import { lowestPriority } from './priority.js';

export interface InProcessDemo {
  origin: string;
  close(): Promise<void>;
}

export async function startInProcessDemo(): Promise<InProcessDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bynet-bench-demo-'));
  const demo = await startDemoServer({ port: 0, quiet: true, env: { ...process.env, BYNET_API_KEY: '' }, dataDir });
  return {
    origin: demo.origin,
    async close() {
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo in a child process (bench/demo-site.ts) set to the lowest priority, every thread of it:
 * its page build, helper and sandbox do not compete with the browser being measured.
 */
export function startForkedDemo(): Promise<InProcessDemo & { lowered: boolean }> {
  const child = fork(fileURLToPath(new URL('./demo-site.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  lowestPriority(child.pid!);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench demo exited with ${code}: ${stderr}`)));
    child.on('message', (m: DemoSiteMessage) => {
      if (m.type === 'error') reject(new Error(`the bench demo failed: ${m.message}`));
      if (m.type !== 'ready') return;
      child.removeAllListeners('exit');
      // the threads it started before the first lowering (V8's, libuv's, the page build's) kept the normal priority
      const lowered = lowestPriority(child.pid!);
      resolve({ origin: m.origin, lowered, close: () => stop(child) });
    });
  });
}
