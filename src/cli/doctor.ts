/**
 * `npx bynet-checkout doctor`: checks a live (or sandbox) gateway configuration, read-only, and
 * prints one verdict per check with the fix. What it checks:
 *
 * - the API key is accepted (one `GET /api/user/transactions?limit=1`);
 * - the checkout layout is readable (the configured one, else the first ACTIVE one);
 * - the product link is found and ACTIVE, and its payment methods are readable;
 * - the webhook (postback URL) is registered as a TRANSACTION webhook;
 * - the checkout hostname is registered: NOT checkable read-only. The gateway only says
 *   "Hostname não identificado" when an order is created, so this check is skipped unless
 *   `--create-order` allows one test order (an order, no payment, no charge).
 *
 * Nothing here prints the API key; gateway errors are reported by code and HTTP status only.
 */
import { GatewayError } from '../server/gateway/errors.js';
import { createGatewayClient } from '../server/gateway/client.js';
import type { GatewayClient } from '../server/gateway/client.js';
import {
  HOST_PRESETS,
  LAYOUT_LIST_QUERY,
  WEBHOOK_TYPE_TRANSACTION,
  pickLayout,
  productIsActive,
  productMethods,
  resolveBaseUrl,
} from '../server/gateway/assumptions.js';

export type Verdict = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  id: 'api_key' | 'layout' | 'product' | 'payment_methods' | 'hostname' | 'webhook';
  title: string;
  verdict: Verdict;
  /** What was seen. */
  detail: string;
  /** What to do about it (absent when nothing needs doing). */
  fix?: string;
}

export interface DoctorOptions {
  apiKey: string;
  /** Gateway origin or host preset (`bynet`, `ativopay`, `ativob2b`). Default `bynet`. */
  baseUrl?: string;
  userAgent?: string;
  /** The checkout domain registered at the gateway (the helper's `hostname`). */
  hostname?: string;
  /** The product link id the widget is given. */
  productLinkId?: string;
  /** The layout id the helper is configured with, if any. */
  layoutId?: string;
  /** The helper's postback URL (the helper's `postbackUrl`). */
  webhookUrl?: string;
  /** Allow ONE test order (no payment) to check the hostname. Default false: nothing is created. */
  createOrder?: boolean;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface DoctorResult {
  ok: boolean;
  checks: DoctorCheck[];
}

/** A gateway error as a short line: code and status, never a body (it could echo the request). */
function why(e: unknown): string {
  if (e instanceof GatewayError) return `${e.code}${e.httpStatus ? ` (HTTP ${e.httpStatus})` : ''}: ${e.message}`;
  return e instanceof Error ? e.message : 'unknown error';
}

const isCode = (e: unknown, ...codes: string[]) => e instanceof GatewayError && codes.includes(e.code);

/** Runs every check against the gateway (or sandbox) and returns the verdicts; never throws for a gateway failure. */
export async function runDoctor(o: DoctorOptions): Promise<DoctorResult> {
  const checks: DoctorCheck[] = [];
  const host = resolveBaseUrl(o.baseUrl);
  let client: GatewayClient;
  try {
    const opts: Parameters<typeof createGatewayClient>[0] = { apiKey: o.apiKey, baseUrl: host, retries: 0, circuitBreaker: false, timeoutMs: o.timeoutMs ?? 10_000 };
    if (o.userAgent) opts.userAgent = o.userAgent;
    if (o.hostname) opts.hostname = o.hostname;
    if (o.fetch) opts.fetch = o.fetch;
    client = createGatewayClient(opts);
  } catch (e) {
    checks.push({
      id: 'api_key',
      title: 'API key accepted',
      verdict: 'fail',
      detail: e instanceof Error ? e.message : 'invalid configuration',
      fix: `Give the API key (BYNET_API_KEY) and a base URL that is a URL or one of: ${Object.keys(HOST_PRESETS).join(', ')}.`,
    });
    return { ok: false, checks };
  }

  // 1. the key
  let keyOk = false;
  try {
    await client.transactions.list({ limit: 1 });
    keyOk = true;
    checks.push({ id: 'api_key', title: 'API key accepted', verdict: 'ok', detail: `${host} answered an authenticated read.` });
  } catch (e) {
    const unauthorized = isCode(e, 'unauthorized');
    const unreachable = isCode(e, 'network', 'timeout', 'circuit_open');
    checks.push({
      id: 'api_key',
      title: 'API key accepted',
      verdict: 'fail',
      detail: why(e),
      fix: unauthorized
        ? 'Copy the secret API key again from the Bynet panel (no spaces), and check the host: a key of one brand (bynet, ativopay, ativob2b) is not valid on another.'
        : unreachable
          ? `The gateway host ${host} could not be reached: check the base URL, DNS and the server's outbound network.`
          : 'The gateway answered unexpectedly; try again, then contact Bynet support with the time of the call.',
    });
  }
  if (!keyOk) {
    for (const [id, title] of [
      ['layout', 'Checkout layout readable'],
      ['product', 'Product link found and active'],
      ['payment_methods', 'Payment methods readable'],
      ['hostname', 'Checkout hostname registered'],
      ['webhook', 'Webhook registered'],
    ] as const) {
      checks.push({ id, title, verdict: 'skip', detail: 'Not checked: the API key was not accepted.' });
    }
    return { ok: false, checks };
  }

  // 2. layout
  try {
    if (o.layoutId) {
      const l = await client.checkout.layouts.get(o.layoutId);
      const active = (l.status ?? '').toUpperCase() === 'ACTIVE';
      checks.push(
        active
          ? { id: 'layout', title: 'Checkout layout readable', verdict: 'ok', detail: `Layout ${l.id} is ACTIVE.` }
          : { id: 'layout', title: 'Checkout layout readable', verdict: 'warn', detail: `Layout ${l.id} is ${l.status ?? 'without status'}.`, fix: 'Activate the layout in the Bynet panel, or remove layoutId to use the first ACTIVE one.' },
      );
    } else {
      const page = await client.checkout.layouts.list(LAYOUT_LIST_QUERY);
      const l = pickLayout(page.items);
      checks.push(
        l
          ? { id: 'layout', title: 'Checkout layout readable', verdict: 'ok', detail: `First ACTIVE layout: ${l.id}.` }
          : { id: 'layout', title: 'Checkout layout readable', verdict: 'warn', detail: 'No ACTIVE layout: the widget uses its default colours.', fix: 'Create and activate a checkout layout in the Bynet panel (optional).' },
      );
    }
  } catch (e) {
    checks.push({
      id: 'layout',
      title: 'Checkout layout readable',
      verdict: isCode(e, 'not_found') ? 'fail' : 'warn',
      detail: why(e),
      fix: isCode(e, 'not_found') ? 'The configured layoutId does not exist: fix it or remove it.' : 'The layout could not be read; the widget then uses its default colours.',
    });
  }

  // 3-4. product and payment methods
  let productActive = false;
  if (!o.productLinkId) {
    checks.push({ id: 'product', title: 'Product link found and active', verdict: 'skip', detail: 'No product link id given.', fix: 'Pass --product <link id> (the id the widget is given).' });
    checks.push({ id: 'payment_methods', title: 'Payment methods readable', verdict: 'skip', detail: 'No product link id given.' });
  } else {
    try {
      const p = await client.checkout.product(o.productLinkId);
      productActive = productIsActive(p);
      checks.push(
        productActive
          ? { id: 'product', title: 'Product link found and active', verdict: 'ok', detail: `"${p.title}" (${p.id}) is ACTIVE.` }
          : { id: 'product', title: 'Product link found and active', verdict: 'fail', detail: `"${p.title}" (${p.id}) is ${p.status}.`, fix: 'Activate the product in the Bynet panel (Products › Update Status).' },
      );
      const methods = productMethods(p);
      checks.push(
        methods.length
          ? { id: 'payment_methods', title: 'Payment methods readable', verdict: 'ok', detail: `Enabled: ${methods.join(', ')}.` }
          : { id: 'payment_methods', title: 'Payment methods readable', verdict: 'fail', detail: 'The product enables no payment method.', fix: 'Enable PIX, BOLETO or CREDIT_CARD on the product in the Bynet panel.' },
      );
    } catch (e) {
      const nf = isCode(e, 'not_found');
      checks.push({
        id: 'product',
        title: 'Product link found and active',
        verdict: 'fail',
        detail: nf ? `No product with link id "${o.productLinkId}".` : why(e),
        fix: nf ? "Copy the product's link id (uniqueProductLinkId) from the Bynet panel." : 'Try again; if it persists, contact Bynet support.',
      });
      checks.push({ id: 'payment_methods', title: 'Payment methods readable', verdict: 'skip', detail: 'Not checked: the product was not read.' });
    }
  }

  // 5. hostname: write-only evidence
  if (!o.hostname) {
    checks.push({ id: 'hostname', title: 'Checkout hostname registered', verdict: 'skip', detail: 'No hostname given.', fix: 'Pass --hostname <checkout domain> (the helper option hostname).' });
  } else if (!o.createOrder) {
    checks.push({
      id: 'hostname',
      title: 'Checkout hostname registered',
      verdict: 'skip',
      detail: `Cannot be checked read-only: the gateway tells whether "${o.hostname}" is registered only when an order is created.`,
      fix: 'Re-run with --create-order to create one test order (no payment, nothing is charged), or check the allowed domains in the Bynet panel.',
    });
  } else if (!o.productLinkId || !productActive) {
    checks.push({ id: 'hostname', title: 'Checkout hostname registered', verdict: 'skip', detail: 'Needs an active product link to create the test order.' });
  } else {
    try {
      const order = await client.checkout.createOrder(o.productLinkId);
      checks.push({ id: 'hostname', title: 'Checkout hostname registered', verdict: 'ok', detail: `"${o.hostname}" accepted (test order ${order.id} created, no payment).` });
    } catch (e) {
      const body = e instanceof GatewayError ? JSON.stringify(e.details ?? {}) : '';
      const unknownHost = /Hostname n[aã]o identificado/i.test(body);
      checks.push({
        id: 'hostname',
        title: 'Checkout hostname registered',
        verdict: 'fail',
        detail: unknownHost ? `The gateway does not know "${o.hostname}" (Hostname não identificado).` : why(e),
        fix: unknownHost ? `Register "${o.hostname}" as a checkout domain in the Bynet panel, or set hostname to a registered one.` : 'Try again; if it persists, contact Bynet support.',
      });
    }
  }

  // 6. webhook
  try {
    const hooks: { url: string; type: string }[] = [];
    for (let page = 1; page <= 20; page++) {
      const res = await client.webhooks.list({ page, limit: 100 });
      hooks.push(...res.items);
      if (res.items.length < 100 || (res.pages !== undefined && page >= res.pages)) break;
    }
    const tx = hooks.filter((h) => h.type.toUpperCase() === WEBHOOK_TYPE_TRANSACTION);
    if (!o.webhookUrl) {
      checks.push({
        id: 'webhook',
        title: 'Webhook registered',
        verdict: tx.length ? 'ok' : 'warn',
        detail: `${tx.length} TRANSACTION webhook(s) registered; no postback URL given to compare.`,
        fix: 'Pass --webhook <the helper postbackUrl> to check that exact URL.',
      });
    } else if (tx.some((h) => h.url === o.webhookUrl)) {
      checks.push({ id: 'webhook', title: 'Webhook registered', verdict: 'ok', detail: 'The postback URL is registered as a TRANSACTION webhook.' });
    } else {
      checks.push({
        id: 'webhook',
        title: 'Webhook registered',
        verdict: 'fail',
        detail: `The postback URL is not registered (${tx.length} other TRANSACTION webhook(s)).`,
        fix: 'Start the helper with postbackUrl set (it registers the webhook itself), or register the URL in the Bynet panel. Without it, payments are found by polling only.',
      });
    }
  } catch (e) {
    checks.push({ id: 'webhook', title: 'Webhook registered', verdict: 'fail', detail: why(e), fix: 'The webhooks could not be listed; try again or check them in the Bynet panel.' });
  }

  return { ok: checks.every((c) => c.verdict !== 'fail'), checks };
}

const MARK: Record<Verdict, string> = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/** The report as plain text, one block per check. */
export function formatDoctor(result: DoctorResult): string {
  const lines: string[] = [];
  for (const c of result.checks) {
    lines.push(`[${MARK[c.verdict]}] ${c.title}: ${c.detail}`);
    if (c.fix && c.verdict !== 'ok') lines.push(`       fix: ${c.fix}`);
  }
  lines.push(result.ok ? 'Verdict: no blocking problem found.' : 'Verdict: fix the FAIL items above.');
  return lines.join('\n');
}

const USAGE = `Usage: bynet-checkout doctor [--base-url <url|bynet|ativopay|ativob2b>] [--product <link id>]
       [--hostname <checkout domain>] [--webhook <postback url>] [--layout <layout id>] [--create-order] [--json]
The API key is read from the BYNET_API_KEY environment variable (never from the command line).`;

/** CLI entry: `argv` without node and script; returns the exit code (0 ok, 1 a check failed, 2 usage). */
export async function main(argv: readonly string[], env: Record<string, string | undefined>, out: (s: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'doctor') {
    out(USAGE);
    return 2;
  }
  const o: Partial<DoctorOptions> = {};
  let asJson = false;
  const flags: Record<string, keyof DoctorOptions> = {
    '--base-url': 'baseUrl',
    '--product': 'productLinkId',
    '--hostname': 'hostname',
    '--webhook': 'webhookUrl',
    '--layout': 'layoutId',
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--create-order') o.createOrder = true;
    else if (a === '--json') asJson = true;
    else if (a in flags && rest[i + 1] !== undefined) (o as Record<string, string>)[flags[a]!] = rest[++i]!;
    else {
      out(`Unknown or incomplete argument: ${a}\n${USAGE}`);
      return 2;
    }
  }
  o.baseUrl ??= env['BYNET_BASE_URL'];
  o.hostname ??= env['BYNET_HOSTNAME'];
  const apiKey = env['BYNET_API_KEY'];
  if (!apiKey) {
    out(`BYNET_API_KEY is not set.\n${USAGE}`);
    return 2;
  }
  const opts: DoctorOptions = { apiKey };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (opts as unknown as Record<string, unknown>)[k] = v;
  const result = await runDoctor(opts);
  out(asJson ? JSON.stringify(result, null, 2) : formatDoctor(result));
  return result.ok ? 0 : 1;
}
