/**
 * The demo page: one <bynet-checkout>, switchers for product (or the demo cart), locale and theme,
 * a live event log, and a sandbox panel that pays, refuses or expires the current payment and
 * injects faults. The shop's orders are at /demo/orders.
 */
import '../src/index.js';
import { BYNET_EVENT_NAMES } from '../src/checkout/events.js';

const $ = <T extends Element>(sel: string) => document.querySelector(sel) as T;
const log = $<HTMLOListElement>('#event-log');
const current = $<HTMLElement>('#current-payment');
const panelStatus = $<HTMLElement>('#panel-status');
let paymentId: string | undefined;


for (const name of BYNET_EVENT_NAMES) {
  document.addEventListener(name, (e) => {
    const detail = (e as CustomEvent<Record<string, unknown>>).detail ?? {};
    if (typeof detail.paymentId === 'string') {
      paymentId = detail.paymentId;
      current.textContent = paymentId;
    }
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()} ${name} ${JSON.stringify(detail)}`;
    log.prepend(li);
  });
}

/** `null` removes the attribute. */
function restart(attrs: Record<string, string | null>) {
  // A fresh element: the old one (and its polling) is removed; the resume store is per product/cart.
  const old = document.querySelector('#checkout')!;
  const next = document.createElement('bynet-checkout');
  for (const a of old.getAttributeNames()) next.setAttribute(a, old.getAttribute(a) ?? '');
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null) next.removeAttribute(k);
    else next.setAttribute(k, v);
  }
  next.id = 'checkout';
  old.replaceWith(next);
  paymentId = undefined;
  current.textContent = 'nenhum';
}

$<HTMLSelectElement>('#product-select').addEventListener('change', (e) => {
  const select = e.target as HTMLSelectElement;
  const value = select.value;
  // "cart:REF" is a cart checkout (`cart=` instead of `product=`; the widget prefers `product`)
  restart(value.startsWith('cart:') ? { product: null, cart: value.slice(5) } : { product: value, cart: null });
  const option = select.selectedOptions[0];
  if (option?.dataset.title) $<HTMLElement>('#product-title').textContent = option.dataset.title;
  if (option?.dataset.description) $<HTMLElement>('#product-description').textContent = option.dataset.description;
});
$<HTMLSelectElement>('#locale-select').addEventListener('change', (e) => {
  const locale = (e.target as HTMLSelectElement).value;
  document.documentElement.lang = locale;
  document.querySelector('#checkout')!.setAttribute('locale', locale);
});
$<HTMLSelectElement>('#theme-select').addEventListener('change', (e) => {
  const theme = (e.target as HTMLSelectElement).value;
  document.body.classList.toggle('dark', theme === 'dark');
  document.querySelector('#checkout')!.setAttribute('theme', theme);
});
$<HTMLButtonElement>('#restart').addEventListener('click', () => {
  sessionStorage.clear();
  restart({});
});

async function control(path: string, body?: unknown) {
  const res = await fetch(`/sandbox/__sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return res.ok;
}

for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-action]')) {
  btn.addEventListener('click', async () => {
    if (!paymentId) {
      panelStatus.textContent = 'Crie um pagamento primeiro.';
      return;
    }
    const ok = await control(`transactions/${encodeURIComponent(paymentId)}/${btn.dataset.action}`);
    panelStatus.textContent = ok ? `Sandbox: ${btn.dataset.action} enviado.` : 'Sandbox recusou o comando.';
  });
}

for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-fault]')) {
  btn.addEventListener('click', async () => {
    const kind = btn.dataset.fault;
    let ok: boolean;
    if (kind === 'clear') {
      ok = (await fetch('/sandbox/__sandbox/faults', { method: 'DELETE' })).ok;
    } else if (kind === 'latency') {
      ok = await control('faults', { route: '*', latencyMs: 3000 });
    } else {
      ok = await control('faults', { route: '*', status: 503, times: 1 });
    }
    panelStatus.textContent = !ok ? 'Sandbox recusou o comando.' : kind === 'clear' ? 'Falhas removidas do gateway.' : `Falha "${kind}" aplicada ao gateway.`;
  });
}
