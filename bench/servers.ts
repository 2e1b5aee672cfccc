/**
 * Child process of the helper benchmark (`bench/helper.ts` forks it, so the load generator and the
 * servers do not share one event loop). On loopback, in this one process:
 *   - the gateway sandbox (node:http),
 *   - the helper with its status cache OFF (every status request makes one gateway call),
 *   - the helper with its default status cache (1 s),
 *   - a plain pass-through: a trivial handler that forwards to the sandbox's summary route with
 *     fetch and returns the upstream response, behind the same node:http adapter as the helper;
 *   - the same for `POST /orders`: forwards to the sandbox's create-order route (the call the
 *     helper's `POST /orders` makes for a product checkout).
 * Rate limits and logs are off. One PIX payment is created through the helper; the parent gets
 * the URLs, the token and the ids over IPC, and a 'stop' message ends everything.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBynetCheckout, createMemoryState, toNodeListener } from '../src/server/index.js';
import { startBenchSandbox } from './bench-sandbox.js';
import { generateCpf } from '../src/brazil/document.js';
import { seededRandom } from '../src/sandbox/seed.js';
import { CREATE_ORDER_BODY, HOSTNAME_QUERY_PARAM, PATHS } from '../src/server/gateway/assumptions.js';

export interface BenchServers {
  /** Gateway base URL (sandbox). */
  sandboxUrl: string;
  apiKey: string;
  userAgent: string;
  /** Status route of the helper without cache: GET this with the token header. */
  helperNoCache: string;
  /** Same route, helper with its default 1 s status cache. */
  helperCached: string;
  /** The pass-through baseline (no header needed). */
  baseline: string;
  /** `POST /orders` of the helper without cache (send the config token and a fresh Idempotency-Key). */
  helperOrders: string;
  /** A config token of that helper (product checkout), for `POST /orders`. */
  configToken: string;
  /** `POST /orders` of a helper with in-memory state (no durable commits): where the time goes. */
  helperOrdersMemory: string;
  configTokenMemory: string;
  /** The `POST /orders` pass-through: forwards the POST to the sandbox's create-order route. */
  baselineOrders: string;
  /** The same gateway call the helper makes, direct to the sandbox. */
  direct: string;
  tokenNoCache: string;
  tokenCached: string;
  paymentId: string;
}

const USER_AGENT = 'AtivoB2B/1.0';

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

async function json(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** config -> order -> PIX payment through one helper; returns the final token and the payment id. */
async function createPixPayment(base: string, random: () => number): Promise<{ token: string; paymentId: string }> {
  const config = await json(await fetch(`${base}/api/checkout/config?product=demo-product`));
  const order = await json(
    await fetch(`${base}/api/checkout/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-checkout-token': String(config.token), 'idempotency-key': randomUUID() },
      body: '{}',
    }),
  );
  const orderId = (order.order as { id: string }).id;
  const token = String(order.token);
  const payment = await json(
    await fetch(`${base}/api/checkout/orders/${orderId}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-checkout-token': token, 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        method: 'PIX',
        customer: { name: 'Maria Aparecida Souza', email: 'maria.souza@example.com', phone: '11987654321', document: generateCpf(random) },
      }),
    }),
  );
  return { token, paymentId: (payment.payment as { id: string }).id };
}

async function main(): Promise<void> {
  const { apiKey, sandbox: sb, helperOptions } = await startBenchSandbox();

  // the durable default (the state a merchant gets), in a folder of this run's own
  const dataRoot = mkdtempSync(join(tmpdir(), 'bynet-bench-helper-'));
  let helpers = 0;
  const helperServer = (statusCacheMs: number | undefined, memory = false) => {
    const helper = createBynetCheckout({
      ...helperOptions(),
      ...(memory ? { state: createMemoryState() } : { dataDir: join(dataRoot, String(++helpers)) }),
      ...(statusCacheMs === undefined ? {} : { statusCacheMs }),
    });
    return { helper, server: createServer(toNodeListener(helper.checkout)) };
  };
  const noCache = helperServer(0);
  const cached = helperServer(undefined);
  const noCacheUrl = await listen(noCache.server);
  const memory = helperServer(0, true);
  const memoryUrl = await listen(memory.server);
  const configTokenMemory = String((await json(await fetch(`${memoryUrl}/api/checkout/config?product=demo-product`))).token);
  const cachedUrl = await listen(cached.server);

  const configToken = String((await json(await fetch(`${noCacheUrl}/api/checkout/config?product=demo-product`))).token);
  const random = seededRandom(7);
  const a = await createPixPayment(noCacheUrl, random);
  const b = await createPixPayment(cachedUrl, random);

  // The baseline forwards to the summary of the no-cache helper's payment: the same upstream call.
  const direct = `${sb.url}/api/user/transactions/${a.paymentId}/summary`;
  const upstreamHeaders = { 'x-api-key': apiKey, 'user-agent': USER_AGENT, accept: 'application/json' };
  const baseline = createServer(toNodeListener(() => fetch(direct, { headers: upstreamHeaders })));
  const baselineUrl = await listen(baseline);
  // The orders pass-through makes the create-order call the helper makes, as the helper sends it.
  const createOrderUrl = `${sb.url}${PATHS.createOrder('demo-product')}?${HOSTNAME_QUERY_PARAM}=127.0.0.1`;
  const baselineOrdersServer = createServer(
    toNodeListener(() =>
      fetch(createOrderUrl, {
        method: 'POST',
        headers: { ...upstreamHeaders, 'content-type': 'application/json' },
        ...(CREATE_ORDER_BODY === undefined ? {} : { body: JSON.stringify(CREATE_ORDER_BODY) }),
      }),
    ),
  );
  const baselineOrdersUrl = await listen(baselineOrdersServer);

  const info: BenchServers = {
    sandboxUrl: sb.url,
    apiKey,
    userAgent: USER_AGENT,
    helperNoCache: `${noCacheUrl}/api/checkout/payments/${a.paymentId}`,
    helperCached: `${cachedUrl}/api/checkout/payments/${b.paymentId}`,
    baseline: `${baselineUrl}/`,
    helperOrders: `${noCacheUrl}/api/checkout/orders`,
    configToken,
    helperOrdersMemory: `${memoryUrl}/api/checkout/orders`,
    configTokenMemory,
    baselineOrders: `${baselineOrdersUrl}/`,
    direct,
    tokenNoCache: a.token,
    tokenCached: b.token,
    paymentId: a.paymentId,
  };
  process.send!({ type: 'ready', info });

  process.on('message', (m: { type?: string }) => {
    // How many gateway calls the sandbox has answered so far (to count upstream calls per request).
    if (m?.type === 'calls') process.send!({ type: 'calls', count: sb.sandbox.counts().calls });
    // CPU time this process has used so far, µs (user + system): what a request costs, less moved by the machine's load than req/s
    if (m?.type === 'cpu') {
      const u = process.cpuUsage();
      process.send!({ type: 'cpu', micros: u.user + u.system });
    }
    if (m?.type !== 'stop') return;
    void (async () => {
      for (const s of [noCache.server, cached.server, memory.server, baseline, baselineOrdersServer]) {
        s.closeAllConnections();
        s.close();
      }
      await noCache.helper.close();
      await cached.helper.close();
      await memory.helper.close();
      await sb.close();
      rmSync(dataRoot, { recursive: true, force: true });
      process.exit(0);
    })();
  });
}

main().catch((e: unknown) => {
  process.send?.({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
});
