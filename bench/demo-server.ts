/**
 * The demo (page through Vite's dev middleware, helper, webhook, sandbox) served in THIS process on
 * a free loopback port, quiet, on the sandbox even when live-gateway variables are set.
 */
import { startDemoServer } from '../demo/server.js';

export interface InProcessDemo {
  origin: string;
  close(): Promise<void>;
}

export async function startInProcessDemo(): Promise<InProcessDemo> {
  const demo = await startDemoServer({ port: 0, quiet: true, env: { ...process.env, BYNET_API_KEY: '' } });
  return { origin: demo.origin, close: () => demo.close() };
}
