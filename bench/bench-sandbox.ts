/**
 * What every forked bench server starts from (`bench/servers.ts`, `bench/longtask-site.ts`): a quiet
 * gateway sandbox under a fresh API key, and the options of a helper in front of it (loopback
 * hostname, a fresh token secret, no logs, no rate limits), to which each server adds its state.
 */
import { randomBytes } from 'node:crypto';
import { startSandbox } from '../src/sandbox/index.js';

export async function startBenchSandbox() {
  const apiKey = `sk_bench_${randomBytes(12).toString('hex')}`;
  const sandbox = await startSandbox({ apiKey, log: () => {} });
  const helperOptions = () => ({
    apiKey,
    baseUrl: sandbox.url,
    hostname: '127.0.0.1',
    tokenSecret: randomBytes(32).toString('base64url'),
    logger: false as const,
    rateLimit: false as const,
  });
  return { apiKey, sandbox, helperOptions };
}
