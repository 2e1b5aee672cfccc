/**
 * `npm run sandbox`: the Bynet gateway simulator alone, mounted under /sandbox exactly as the demo
 * mounts it (API at `<url>/api/...`, control routes at `<url>/__sandbox/...`).
 *
 * Environment:
 * - PORT (default 5174; 0 = any free port) and HOST (default 127.0.0.1).
 * - BYNET_SANDBOX_KEY: the API key it accepts (random per start when unset; never printed).
 * - BYNET_SANDBOX_HOSTNAMES: comma list of checkout hostnames accepted besides the loopback ones
 *   (127.0.0.1, localhost, [::1]); `*.example.com` entries match subdomains.
 *
 * It has no postback URL of its own: postbacks go to webhooks registered through the API
 * (`POST /api/user/webhook`) and to per-transaction `postbackUrl`s.
 *
 * Prints one line `Bynet sandbox: <url> (...)` once listening (the URL includes /sandbox), then
 * one line per gateway call (no keys, no card data). Stops cleanly on SIGINT / SIGTERM.
 */
import { randomUUID } from 'node:crypto';
import { startSandbox } from '../src/sandbox/index.js';

const SANDBOX_BASE = '/sandbox';
const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(1);
}

const env = process.env;
const portRaw = (env.PORT ?? '').trim();
const port = portRaw === '' ? 5174 : Number(portRaw);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be an integer from 0 to 65535 (got "${portRaw}")`);
const host = (env.HOST ?? '').trim() || '127.0.0.1';

const keyFromEnv = Boolean(env.BYNET_SANDBOX_KEY);
const apiKey = env.BYNET_SANDBOX_KEY || randomUUID();
const extraHostnames = (env.BYNET_SANDBOX_HOSTNAMES ?? '')
  .split(',')
  .map((h) => h.trim().toLowerCase())
  .filter(Boolean);
const allowedHostnames = [...new Set([...LOOPBACK_HOSTNAMES, ...extraHostnames])];

const started = await startSandbox({
  apiKey,
  basePath: SANDBOX_BASE,
  allowedHostnames,
  host,
  port,
  log: (line) => process.stdout.write(`sandbox: ${line}\n`),
}).catch((e: unknown) => fail(`cannot listen on ${host}:${port}: ${e instanceof Error ? e.message : String(e)}`));

const keyNote = keyFromEnv ? 'API key from BYNET_SANDBOX_KEY' : 'API key random for this run (set BYNET_SANDBOX_KEY to choose it)';
process.stdout.write(`Bynet sandbox: ${started.url} (${keyNote})\n`);
process.stdout.write(`  control routes: ${started.url}/__sandbox/...; checkout hostnames: ${allowedHostnames.join(', ')}\n`);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    // A second signal: do not wait any longer.
    process.exit(1);
  }
  stopping = true;
  process.stdout.write(`sandbox: ${signal}, stopping\n`);
  await started.close();
  process.exit(0);
}
process.on('SIGINT', (s) => void stop(s));
process.on('SIGTERM', (s) => void stop(s));
