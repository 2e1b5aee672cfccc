/**
 * The console's CSV export, measured: time to the first byte and to the last, rows per second and
 * the heap it holds while streaming, over loopback against the sandbox. Run alone:
 * `npx tsx bench/console.ts [transactions]` (default 2000). Figures only, nothing pass/fail.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { seedConsoleTransactions } from '../src/sandbox/directories/index.js';
import { startSandbox } from '../src/sandbox/index.js';
import { createAdminHandler } from '../src/server/admin/index.js';
import { createGatewayClient } from '../src/server/gateway/client.js';
import { toNodeListener } from '../src/server/node.js';

export interface ConsoleBenchResult {
  transactions: number;
  gatewayPages: number;
  firstByteMs: number;
  totalMs: number;
  rowsPerSecond: number;
  bytes: number;
  heapGrowthMB: number;
}

export async function benchConsole(count = 2000): Promise<ConsoleBenchResult> {
  const apiKey = 'sk_bench_console';
  const sb = await startSandbox({ apiKey });
  await seedConsoleTransactions({ url: sb.url, apiKey, count });
  const admin = createAdminHandler({
    gateway: createGatewayClient({ apiKey, baseUrl: sb.url, logger: undefined }),
    authorize: () => true,
    logger: false,
    rateLimit: false,
  });
  const server = createServer(toNodeListener(async (req) => (await admin(req)) ?? new Response(null, { status: 404 })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/transactions.csv`;
  try {
    sb.sandbox.clearCalls();
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const started = performance.now();
    const res = await fetch(url);
    const reader = res.body!.getReader();
    let firstByteMs = -1;
    let bytes = 0;
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (firstByteMs < 0) firstByteMs = performance.now() - started;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    const totalMs = performance.now() - started;
    const rows = text.trimEnd().split('\r\n').length - 1;
    return {
      transactions: rows,
      gatewayPages: sb.sandbox.calls.filter((c) => c.path === '/api/user/transactions').length,
      firstByteMs: Math.round(firstByteMs),
      totalMs: Math.round(totalMs),
      rowsPerSecond: Math.round(rows / (totalMs / 1000)),
      bytes,
      heapGrowthMB: Math.round(((heapPeak - heapBefore) / 1024 / 1024) * 10) / 10,
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await sb.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 2000);
  const r = await benchConsole(Number.isInteger(n) && n > 0 ? n : 2000);
  console.log('Console CSV export (loopback, sandbox gateway, 100 rows per gateway page)');
  for (const [k, v] of Object.entries(r)) console.log(`  ${k.padEnd(14)} ${v}`);
}
