/**
 * Seeds transactions for the merchant console in a running Bynet sandbox, through its public HTTP
 * API (`POST /api/user/transactions`, the refund route) and its control routes (`pay`, `refuse`,
 * `expire`): every status the sandbox can reach (WAITING_PAYMENT, PAID, REFUSED, CANCELED,
 * REFUNDED, and PAID with a partial refund) across PIX, boleto and card, with items, shipping and
 * several customers. PROCESSING, AUTHORIZED, CHARGEDBACK and IN_PROTEST have no route that leads
 * to them in the sandbox, so they are not seeded.
 */
import { generateCustomers } from '../seed.js';

export interface SeedConsoleOptions {
  /** The sandbox's base URL: `http://127.0.0.1:<port>` (or `.../sandbox` where the demo mounts it). */
  url: string;
  apiKey: string;
  /** How many transactions. Default 36. */
  count?: number;
  userAgent?: string;
  fetch?: typeof fetch;
}

export interface SeededConsole {
  ids: string[];
  /** Final status of each seeded transaction, by id. */
  statuses: Record<string, string>;
}

type Plan = { method: 'PIX' | 'BOLETO' | 'CREDIT_CARD'; then: 'none' | 'pay' | 'refuse' | 'expire' | 'refund' | 'partial'; card?: string };

/** The mix, repeated: each method in each state it can reach. */
const PLANS: readonly Plan[] = [
  { method: 'PIX', then: 'pay' },
  { method: 'PIX', then: 'none' },
  { method: 'CREDIT_CARD', then: 'none', card: '4111111111111111' },
  { method: 'BOLETO', then: 'none' },
  { method: 'PIX', then: 'expire' },
  { method: 'CREDIT_CARD', then: 'none', card: '4000000000000002' },
  { method: 'BOLETO', then: 'pay' },
  { method: 'CREDIT_CARD', then: 'refund', card: '5555555555554444' },
  { method: 'PIX', then: 'refuse' },
  { method: 'CREDIT_CARD', then: 'partial', card: '4111111111111111' },
  { method: 'BOLETO', then: 'expire' },
  { method: 'CREDIT_CARD', then: 'none', card: '4000000000009995' },
];

const ITEMS = [
  { title: 'Camiseta Bynet', unitPrice: 4990, tangible: true },
  { title: 'E-book: Pix na prática', unitPrice: 2990, tangible: false },
  { title: 'Caneca esmaltada', unitPrice: 3590, tangible: true },
  { title: 'Curso online de finanças', unitPrice: 19_900, tangible: false },
  { title: 'Adesivos (kit)', unitPrice: 990, tangible: true },
];

export async function seedConsoleTransactions(o: SeedConsoleOptions): Promise<SeededConsole> {
  const base = o.url.replace(/\/+$/, '');
  const doFetch = o.fetch ?? globalThis.fetch;
  const headers = { 'x-api-key': o.apiKey, 'user-agent': o.userAgent ?? 'AtivoB2B/1.0', 'content-type': 'application/json' };
  const customers = generateCustomers(24, 20261206);
  const count = o.count ?? 36;
  const out: SeededConsole = { ids: [], statuses: {} };

  async function post(path: string, body: unknown, control = false): Promise<Record<string, unknown>> {
    const res = await doFetch(`${base}${path}`, {
      method: 'POST',
      headers: control ? { 'content-type': 'application/json' } : headers,
      body: JSON.stringify(body ?? {}),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const message = typeof json['message'] === 'string' ? json['message'] : `HTTP ${res.status}`;
      throw new Error(`seedConsoleTransactions: ${path.replace(/[0-9a-f-]{36}/g, ':id')} failed: ${message}`);
    }
    const tx = (control ? json['transaction'] : json['data']) as Record<string, unknown>;
    return tx;
  }

  for (let i = 0; i < count; i++) {
    const plan = PLANS[i % PLANS.length]!;
    const c = customers[i % customers.length]!;
    const item = ITEMS[i % ITEMS.length]!;
    const quantity = 1 + (i % 3);
    const second = i % 4 === 0 ? [{ ...ITEMS[(i + 2) % ITEMS.length]!, quantity: 1 }] : [];
    const items = [{ ...item, quantity }, ...second];
    const fee = items.some((x) => x.tangible) ? 1500 : 0;
    const amount = items.reduce((s, x) => s + x.unitPrice * x.quantity, 0) + fee;
    const body: Record<string, unknown> = {
      amount,
      paymentMethod: plan.method,
      customer: {
        name: c.name,
        email: c.email,
        phone: c.phone,
        document: c.document,
        address: c.address,
      },
      items,
      traceable: i % 5 === 0,
      externalRef: `pedido-${String(1000 + i)}`,
    };
    if (fee) body['shipping'] = { fee, address: c.address };
    if (plan.method === 'CREDIT_CARD') {
      body['installments'] = 1 + (i % 6);
      body['card'] = { number: plan.card, holderName: c.name.toUpperCase(), expirationMonth: 12, expirationYear: new Date().getUTCFullYear() + 3, cvv: '123' };
    }
    let tx = await post('/api/user/transactions', body);
    const id = String(tx['id']);
    if (plan.then === 'pay') tx = await post(`/__sandbox/transactions/${id}/pay`, {}, true);
    else if (plan.then === 'refuse') tx = await post(`/__sandbox/transactions/${id}/refuse`, { reason: 'Pagamento não identificado' }, true);
    else if (plan.then === 'expire') tx = await post(`/__sandbox/transactions/${id}/expire`, {}, true);
    else if (plan.then === 'refund') tx = await post(`/api/user/transactions/${id}/refund`, {});
    else if (plan.then === 'partial') tx = await post(`/api/user/transactions/${id}/refund`, { amount: Math.floor(amount / 4) });
    out.ids.push(id);
    out.statuses[id] = String(tx['status']);
  }
  return out;
}
