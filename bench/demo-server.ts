/**
 * The demo (its production page build, helper, webhook, sandbox) served in THIS process on
 * a free loopback port, quiet, on the sandbox even when live-gateway variables are set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../demo/server.js';

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
