/**
 * Bynet gateway sandbox: an in-memory simulator of the gateway's HTTP API for the demo, the
 * tests and the benchmarks. Node only; browser code never imports it.
 *
 * - Same paths, headers and envelope as the gateway (bynet-api.md): `x-api-key` and the exact
 *   `User-Agent` are required on `/api/...`; answers are `{ status, message, data, error }`.
 * - Products, layouts and customers are seeded from `src/sandbox/seed.ts`.
 * - PIX codes are valid dynamic BR Codes; boletos have valid barcodes and lines and a PDF; card
 *   outcomes follow `TEST_CARDS`.
 * - Postbacks go to the transaction's `postbackUrl`, every TRANSACTION webhook and the
 *   `postbackUrl` option.
 * - Control routes under `/__sandbox/` (simulator only, no key): pay/refuse/expire,
 *   faults (including `afterCommit` and `reset`), call log, postback modes, reset, state.
 * - A server that embeds `sandbox.handle` must destroy the socket when
 *   `isDroppedResponse(response)` is true (a `reset` fault); `startSandbox` does.
 *
 * Everything the gateway does not document is marked `ASSUMPTION` in the code.
 *
 * @example
 * const { url, sandbox, close } = await startSandbox({ apiKey: 'sk_test_123' });
 * await fetch(`${url}/api/user/products`, { headers: { 'x-api-key': 'sk_test_123', 'user-agent': 'AtivoB2B/1.0' } });
 * sandbox.pay(transactionId);
 * await close();
 */
export { createSandbox } from './sandbox.js';
export { startSandbox, toNodeListener } from './node.js';
export type { StartedSandbox } from './node.js';
export { compileRoute } from './faults.js';
export { isDroppedResponse } from './util.js';
export {
  TEST_CARDS,
  PRODUCTS,
  LAYOUTS,
  DEMO_PRODUCT_LINK_ID,
  PIX_ONLY_PRODUCT_LINK_ID,
  INACTIVE_PRODUCT_LINK_ID,
  ACTIVE_LAYOUT_ID,
  INACTIVE_LAYOUT_ID,
  SELLER_ID,
  GATEWAY_ID,
  CUSTOMER_COUNT,
} from './seed.js';
export type { TestCard, TestCardOutcome, SeedProduct, SeedLayout } from './seed.js';
export type {
  Sandbox,
  SandboxOptions,
  SandboxState,
  SandboxCounts,
  FaultSpec,
  Fault,
  PostbackSettings,
  PostbackDelivery,
  CallRecord,
  TransactionRecord,
  RefundRecord,
  OrderRecord,
  CustomerRecord,
  WebhookRecord,
  CardRecord,
  GatewayStatus,
  GatewayMethod,
} from './types.js';
export {
  createDirectorySandboxes,
  createPagarmeSandbox,
  createPassportSandbox,
  seedConsoleTransactions,
  startDirectorySandboxes,
} from './directories/index.js';
export type { DirectorySandboxesOptions, PagarmeSandbox, PassportSandbox, StartedDirectorySandboxes } from './directories/index.js';
