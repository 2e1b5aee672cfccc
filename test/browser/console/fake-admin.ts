/**
 * A fake of the admin routes (src/console/types.ts) at the fetch level, for the component tests:
 * answers `/fake-admin/*` from fixtures, filtering and paging them as the contract says, and keeps
 * every request it saw (URL and headers) so the tests can check what the components sent. Any
 * other URL goes to the real `fetch`.
 */
import { CONSOLE_METHODS, CONSOLE_STATUSES } from '../../../src/console/types.js';
import type {
  ConsoleCustomer,
  ConsoleCustomerPage,
  ConsoleErrorCode,
  ConsolePage,
  ConsoleTransaction,
  ConsoleTransactionSummary,
  CustomerSource,
} from '../../../src/console/types.js';

export const FAKE_ENDPOINT = '/fake-admin';

export function transactions(n = 45): ConsoleTransaction[] {
  return Array.from({ length: n }, (_, i) => {
    const status = CONSOLE_STATUSES[i % CONSOLE_STATUSES.length]!;
    const method = CONSOLE_METHODS[Math.floor(i / 2) % CONSOLE_METHODS.length]!;
    return {
      id: `tx-${String(i + 1).padStart(4, '0')}-aaaa-bbbb-cccc-${String(i + 1).padStart(12, '0')}`,
      createdAt: new Date(Date.UTC(2026, 0, 1 + i, 12, 0)).toISOString(),
      status,
      paymentMethod: method,
      amount: 1000 + i * 150,
      refundedAmount: status === 'REFUNDED' ? 1000 + i * 150 : 0,
      installments: method === 'CREDIT_CARD' ? (i % 3) + 1 : null,
      deliveryStatus: i % 2 ? 'IN_TRANSIT' : 'WAITING',
      customer: { name: i % 5 === 0 ? 'Maria da Silva' : `Cliente ${i + 1}`, email: `cliente${i + 1}@example.com` },
    };
  });
}

export function summaryOf(tx: ConsoleTransaction): ConsoleTransactionSummary {
  const refused = tx.status === 'REFUSED';
  return {
    id: tx.id,
    status: tx.status,
    paymentMethod: tx.paymentMethod,
    amount: tx.amount,
    refundedAmount: tx.refundedAmount,
    installments: tx.installments,
    createdAt: tx.createdAt,
    updatedAt: tx.createdAt,
    paidAt: tx.status === 'PAID' ? tx.createdAt : null,
    externalRef: `pedido-${tx.id.slice(3, 7)}`,
    provider: 'sandbox',
    timeline: [
      { status: 'CREATED', at: tx.createdAt! },
      ...(tx.status === 'PAID' ? [{ status: 'PAID' as const, at: tx.createdAt! }] : []),
      { status: 'UPDATED', at: tx.createdAt! },
    ],
    customer: {
      name: tx.customer?.name ?? null,
      email: tx.customer?.email ?? null,
      phone: '11987654321',
      document: { type: 'CPF', number: '52998224725' },
      address: { street: 'Avenida Paulista', streetNumber: '1000', complement: null, zipCode: '01310100', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP', country: 'BR' },
    },
    items: [
      { title: 'Camiseta Bynet', unitPrice: 4990, quantity: 2, tangible: true },
      { title: 'E-book', unitPrice: 1000, quantity: 1, tangible: false },
    ],
    fee: { fixedAmount: 99, spreadPercentage: 3.99, estimatedFee: 498, netAmount: tx.amount - 498 },
    pix: tx.paymentMethod === 'PIX' ? { qrCode: '00020126580014br.gov.bcb.pix0136fake-code5204000053039865802BR6304ABCD' } : null,
    boleto: tx.paymentMethod === 'BOLETO' ? { barcode: '00190000090282064930000012341800000000000000', url: 'javascript:alert(1)' } : null,
    payUrl: tx.paymentMethod === 'BOLETO' ? 'https://pay.example.com/b/1' : null,
    refusal: refused ? { code: '51', message: 'Saldo insuficiente' } : null,
  };
}

export function customers(): ConsoleCustomer[] {
  const sources: CustomerSource[] = ['bynet', 'pagarme', 'passport'];
  return sources.flatMap((source, s) =>
    Array.from({ length: 12 }, (_, i) => ({
      source,
      id: `${source}-${i + 1}`,
      name: i === 0 ? 'Ana Souza' : `${source} cliente ${i + 1}`,
      email: `${source}${i + 1}@example.com`,
      phone: '+5511987654321',
      document: source === 'passport' ? { type: 'CC', number: `10${s}${i}` } : { type: 'CPF', number: '52998224725' },
      createdAt: new Date(Date.UTC(2025, s, i + 1)).toISOString(),
      updatedAt: null,
    })),
  );
}

export interface FakeAdmin {
  requests: { url: URL; headers: Headers }[];
  /** Answer the next requests to `path` (e.g. '/transactions') with this error. */
  failNext(path: string, code: ConsoleErrorCode, status: number, times?: number): void;
  /** Hold every answer until `release()` (to see the loading state). */
  hold(): void;
  release(): void;
  restore(): void;
  last(path: string): URL | undefined;
}

const list = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function installFakeAdmin(o: { sources?: CustomerSource[]; txs?: ConsoleTransaction[] } = {}): FakeAdmin {
  const txs = o.txs ?? transactions();
  const custs = customers();
  const sources = o.sources ?? ['bynet', 'pagarme', 'passport'];
  const realFetch = window.fetch;
  const failures = new Map<string, { code: ConsoleErrorCode; status: number; times: number }>();
  let held: Promise<void> | null = null;
  let releaseHeld: () => void = () => {};
  const fake: FakeAdmin = {
    requests: [],
    failNext(path, code, status, times = 1) {
      failures.set(path, { code, status, times });
    },
    hold() {
      held = new Promise((r) => (releaseHeld = r));
    },
    release() {
      releaseHeld();
      held = null;
    },
    restore() {
      window.fetch = realFetch;
    },
    last(path) {
      return [...fake.requests].reverse().find((r) => r.url.pathname === FAKE_ENDPOINT + path)?.url;
    },
  };
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!url.pathname.startsWith(FAKE_ENDPOINT)) return realFetch(input, init);
    fake.requests.push({ url, headers: new Headers(init?.headers) });
    if (held) await held;
    const path = url.pathname.slice(FAKE_ENDPOINT.length);
    const failKey = path.startsWith('/transactions/') ? '/transactions/:id' : path;
    const f = failures.get(failKey);
    if (f && f.times > 0) {
      f.times--;
      return json({ error: { code: f.code, message: `fake ${f.code}` } }, f.status);
    }
    const q = url.searchParams;
    if (path === '/transactions') {
      const statuses = list(q.get('status'));
      const methods = list(q.get('paymentMethods'));
      const inst = list(q.get('installments')).map(Number);
      const rows = txs.filter(
        (t) =>
          (!statuses.length || statuses.includes(t.status)) &&
          (!methods.length || methods.includes(t.paymentMethod)) &&
          (!q.get('name') || (t.customer?.name ?? '').toLowerCase().includes(q.get('name')!.toLowerCase())) &&
          (!q.get('email') || t.customer?.email === q.get('email')) &&
          (!q.get('id') || t.id === q.get('id')) &&
          (!inst.length || (t.installments !== null && inst.includes(t.installments))) &&
          (!q.get('deliveryStatus') || t.deliveryStatus === q.get('deliveryStatus')),
      );
      const page = Number(q.get('page') ?? 1);
      const limit = Number(q.get('limit') ?? 20);
      const body: ConsolePage<ConsoleTransaction> = {
        data: rows.slice((page - 1) * limit, page * limit),
        page,
        limit,
        pages: Math.max(1, Math.ceil(rows.length / limit)),
        total: rows.length,
        hasMore: page * limit < rows.length,
      };
      return json(body);
    }
    if (path.startsWith('/transactions/')) {
      const id = decodeURIComponent(path.slice('/transactions/'.length));
      const tx = txs.find((t) => t.id === id);
      return tx ? json(summaryOf(tx)) : json({ error: { code: 'not_found', message: 'No such transaction.' } }, 404);
    }
    if (path === '/sources') return json({ sources });
    if (path === '/customers') {
      const source = (q.get('source') ?? 'bynet') as CustomerSource;
      if (!sources.includes(source)) return json({ error: { code: 'source_not_configured', message: 'not configured' } }, 400);
      const needle = (q.get('q') ?? '').toLowerCase();
      const rows = custs.filter(
        (c) =>
          c.source === source &&
          (!needle || [c.name, c.email, c.document?.number].some((v) => (v ?? '').toLowerCase().includes(needle))) &&
          (!q.get('name') || (c.name ?? '').includes(q.get('name')!)) &&
          (!q.get('email') || c.email === q.get('email')) &&
          (!q.get('document') || c.document?.number === q.get('document')),
      );
      const limit = Number(q.get('limit') ?? 20);
      const offset = q.get('cursor') ? Number(atob(q.get('cursor')!)) : 0;
      const body: ConsoleCustomerPage = {
        source,
        data: rows.slice(offset, offset + limit),
        next: offset + limit < rows.length ? btoa(String(offset + limit)) : null,
        previous: offset > 0 ? btoa(String(Math.max(0, offset - limit))) : null,
        total: null,
      };
      return json(body);
    }
    return json({ error: { code: 'not_found', message: 'No such route.' } }, 404);
  };
  return fake;
}
