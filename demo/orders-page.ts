/**
 * The shop's order page (/demo/orders): the order book the helper's `onPaymentUpdate` hook keeps
 * (GET /demo/orders.json), as a table refreshed every 2 s.
 */
import { formatMoney } from '../src/brazil/money.js';

interface OrderPayment {
  paymentId: string;
  method: string;
  status: string;
  amount: number;
  installments?: number | null;
  duplicate?: boolean;
}

interface Order {
  orderId: string;
  status: string;
  paidEvents: number;
  payments: OrderPayment[];
  merchantRef?: string | null;
  duplicate?: boolean;
  updatedAt?: string;
}

const STATUS: Record<string, string> = {
  WAITING_PAYMENT: 'Aguardando pagamento',
  PROCESSING: 'Processando',
  AUTHORIZED: 'Autorizado',
  PAID: 'Pago',
  REFUSED: 'Recusado',
  CANCELED: 'Cancelado',
  REFUNDED: 'Estornado',
  CHARGEDBACK: 'Chargeback',
  IN_PROTEST: 'Em disputa',
  EXPIRED: 'Expirado',
};
/** Statuses of a payment that was paid at some point. */
const EVER_PAID = new Set(['PAID', 'AUTHORIZED', 'REFUNDED', 'CHARGEDBACK', 'IN_PROTEST']);
const METHOD: Record<string, string> = { PIX: 'PIX', BOLETO: 'Boleto', CREDIT_CARD: 'Cartão' };

const body = document.querySelector('#orders-body') as HTMLTableSectionElement;
const status = document.querySelector('#orders-status') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function statusBadge(s: string): HTMLElement {
  return el('span', STATUS[s] ?? s, `badge status-${s.toLowerCase()}`);
}

function row(o: Order): HTMLTableRowElement {
  const tr = el('tr');
  if (o.duplicate) tr.className = 'dup-row';
  const id = el('td');
  id.append(el('code', o.orderId));
  const ref = el('td', o.merchantRef ?? '—');
  const st = el('td');
  st.append(statusBadge(o.status));
  // one "paid" report per payment that was paid; more means a repeated delivery
  const paidPayments = o.payments.filter((p) => EVER_PAID.has(p.status)).length;
  const repeated = o.paidEvents > paidPayments;
  const events = el('td', String(o.paidEvents), repeated ? 'num warn' : 'num');
  if (repeated) events.title = 'O hook informou o mesmo pagamento mais de uma vez';
  const pays = el('td');
  const list = el('ul', undefined, 'payments');
  for (const p of o.payments) {
    const li = el('li');
    if (p.duplicate) li.className = 'dup';
    const plan = p.method === 'CREDIT_CARD' && p.installments && p.installments > 1 ? ` em ${p.installments}x` : '';
    li.append(el('span', `${METHOD[p.method] ?? p.method} ${formatMoney(p.amount)}${plan} `), statusBadge(p.status));
    if (p.duplicate) li.append(' ', el('span', 'duplicidade', 'badge dup'));
    const code = el('code', p.paymentId, 'pid');
    li.append(' ', code);
    list.append(li);
  }
  pays.append(list);
  const updated = el('td', o.updatedAt ? new Date(o.updatedAt).toLocaleString('pt-BR') : '—');
  tr.append(id, ref, st, events, pays, updated);
  return tr;
}

async function refresh(): Promise<void> {
  try {
    const res = await fetch('/demo/orders.json', { cache: 'no-store' });
    if (!res.ok) throw new Error(String(res.status));
    const { orders } = (await res.json()) as { orders: Order[] };
    body.replaceChildren(...(orders.length ? orders.map(row) : [emptyRow()]));
    status.textContent = `${orders.length} pedido(s) · atualizado às ${new Date().toLocaleTimeString('pt-BR')}`;
  } catch {
    status.textContent = 'Não foi possível carregar os pedidos; tentando de novo…';
  }
}

function emptyRow(): HTMLTableRowElement {
  const tr = el('tr');
  const td = el('td', 'Nenhum pedido ainda. Faça um pagamento no checkout.', 'muted');
  td.colSpan = 6;
  tr.append(td);
  return tr;
}

void refresh();
setInterval(() => void refresh(), 2000);
