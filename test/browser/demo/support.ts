/**
 * Helpers for the suite that drives `<bynet-checkout>` against the real demo back end mounted by
 * the test server on the same origin: the merchant helper at /api/checkout, its webhook receiver
 * and the gateway sandbox at /sandbox (with its control routes under /sandbox/__sandbox).
 *
 * Nothing here imports the card form or its libraries: the card chunk must stay unloaded until a
 * test picks the card method.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { registerElements } from '../../../src/components/register.js';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import { BYNET_EVENT_NAMES } from '../../../src/checkout/events.js';
import type { BynetEventDetailMap, BynetEventName } from '../../../src/checkout/events.js';
import type { PaymentMethod } from '../../../src/contract/payment.js';

registerElements();

export const ENDPOINT = '/api/checkout';
export const PRODUCT = 'demo-product';
const CONTROL = '/sandbox/__sandbox';

/** A buyer the helper and the sandbox accept (valid CPF, mobile with DDD). */
export const BUYER = {
  name: 'Maria da Silva',
  email: 'maria@example.com',
  document: '52998224725',
  phone: '11987654321',
} as const;

/** A CEP the helper's built-in lookup knows, and what it fills. */
export const KNOWN_CEP = { cep: '01310100', street: 'Avenida Paulista', neighborhood: 'Bela Vista', city: 'São Paulo', state: 'SP' } as const;

// ── the sandbox's control routes ─────────────────────────────────────────────────────────────

export interface GatewayCall {
  method: string;
  path: string;
  query: string;
  status: number;
}

export async function control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${CONTROL}/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Clean state for a test: sandbox back to its seed, no faults, empty call log, empty session storage. */
export async function resetBackend(): Promise<void> {
  await control('DELETE', 'faults');
  await control('POST', 'reset');
  await control('DELETE', 'calls');
  sessionStorage.clear();
}

export async function gatewayCalls(): Promise<GatewayCall[]> {
  return (await control<{ calls: GatewayCall[] }>('GET', 'calls')).calls;
}

export const isCreateOrder = (c: GatewayCall) => c.method === 'POST' && c.path.startsWith('/api/public/checkout/create-order/');
export const isCreatePayment = (c: GatewayCall) => c.method === 'POST' && c.path.startsWith('/api/public/checkout/payment/');

/** The create-order and create-payment calls the gateway received (and answered with a 2xx). */
export async function creations(): Promise<{ orders: GatewayCall[]; payments: GatewayCall[]; failedPayments: GatewayCall[] }> {
  const calls = await gatewayCalls();
  const ok = (c: GatewayCall) => c.status >= 200 && c.status < 300;
  return {
    orders: calls.filter((c) => isCreateOrder(c) && ok(c)),
    payments: calls.filter((c) => isCreatePayment(c) && ok(c)),
    failedPayments: calls.filter((c) => isCreatePayment(c) && !ok(c)),
  };
}

export const payAtGateway = (id: string) => control('POST', `transactions/${encodeURIComponent(id)}/pay`);
export const expireAtGateway = (id: string) => control('POST', `transactions/${encodeURIComponent(id)}/expire`);

// ── the element ──────────────────────────────────────────────────────────────────────────────

export async function mountCheckout(o: { theme?: 'light' | 'dark'; locale?: string } = {}): Promise<BynetCheckout> {
  return fixture<BynetCheckout>(
    html`<bynet-checkout endpoint=${ENDPOINT} product=${PRODUCT} theme=${o.theme ?? 'light'} locale=${o.locale ?? 'pt-BR'}></bynet-checkout>`,
  );
}

/** The root's `:state()` (loading, ready, awaiting, paid, failed, expired, error). */
export const inState = (el: Element, name: string): boolean => el.matches(`:state(${name})`);

export async function waitForState(el: Element, name: string, timeout = 15_000): Promise<void> {
  await waitUntil(() => inState(el, name), `never reached :state(${name})`, { timeout, interval: 25 });
}

export async function waitFor(predicate: () => boolean, message: string, timeout = 15_000): Promise<void> {
  await waitUntil(predicate, message, { timeout, interval: 25 });
}

/** Every element matching `selector`, through every open shadow root below `root`. */
export function deepAll<E extends Element = HTMLElement>(root: ParentNode, selector: string): E[] {
  const out: E[] = [...root.querySelectorAll<E>(selector as never)] as E[];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...deepAll<E>(el.shadowRoot, selector));
  return out;
}

export function deep<E extends Element = HTMLElement>(root: ParentNode, selector: string): E | null {
  return deepAll<E>(root, selector)[0] ?? null;
}

export function must<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const found = deep<E>(root, selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** Visible text of the element and everything in its shadow roots (slots ignored). */
export function deepText(root: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out += n.textContent ?? '';
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    for (const c of n.childNodes) walk(c);
  };
  walk(root);
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Everything the page holds in markup: the light DOM and every shadow root serialized, plus the
 * live `value` of every form control (which markup does not carry).
 */
export function serializeEverything(root: Element = document.documentElement): string {
  const parts: string[] = [root.outerHTML];
  const walk = (r: ParentNode) => {
    for (const el of r.querySelectorAll('*')) {
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) parts.push(el.value);
      if (el.shadowRoot) {
        parts.push(el.shadowRoot.innerHTML);
        walk(el.shadowRoot);
      }
    }
  };
  walk(root);
  return parts.join('\n');
}

export const payButton = (el: BynetCheckout) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="pay-button"]');

export function chooseMethod(el: BynetCheckout, method: PaymentMethod): void {
  const list = must(el.shadowRoot!, 'bynet-method-list');
  const radio = [...list.shadowRoot!.querySelectorAll('input')].find((i) => i.value === method);
  if (!radio) throw new Error(`no radio for ${method}`);
  radio.click();
}

function field(el: BynetCheckout, name: string): HTMLInputElement {
  const fields = must(el.shadowRoot!, 'bynet-customer-fields');
  const input = fields.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!input) throw new Error(`no customer field ${name}`);
  return input;
}

export const customerField = field;

/** Focuses an input inside a shadow root and types into it as a user would (real key events). */
export async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}

export async function fillBuyer(el: BynetCheckout): Promise<void> {
  await waitFor(() => deep(el.shadowRoot!, 'bynet-customer-fields') !== null, 'the customer fields never appeared');
  await (must(el.shadowRoot!, 'bynet-customer-fields') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  for (const [name, value] of Object.entries(BUYER)) await typeInto(field(el, name), value);
}

/** Types the known CEP, waits for the lookup to fill the address, and adds the street number. */
export async function fillAddressByCep(el: BynetCheckout): Promise<void> {
  await typeInto(field(el, 'zipCode'), KNOWN_CEP.cep);
  await waitFor(() => field(el, 'street').value === KNOWN_CEP.street, 'the CEP lookup did not fill the street');
  await typeInto(field(el, 'streetNumber'), '1000');
}

// ── events ───────────────────────────────────────────────────────────────────────────────────

export const EVENT_NAMES = BYNET_EVENT_NAMES;

export interface Recorded {
  name: BynetEventName;
  detail: unknown;
}

/** Records every `bynet-*` event that reaches `document` (so they must bubble and be composed). */
export function recordEvents() {
  const seen: Recorded[] = [];
  const listeners = EVENT_NAMES.map((name) => {
    const fn = (e: Event) => seen.push({ name, detail: (e as CustomEvent).detail });
    document.addEventListener(name, fn);
    return [name, fn] as const;
  });
  return {
    seen,
    names: () => seen.map((s) => s.name),
    all: <K extends BynetEventName>(name: K) => seen.filter((s) => s.name === name).map((s) => s.detail as BynetEventDetailMap[K]),
    first: <K extends BynetEventName>(name: K) => seen.find((s) => s.name === name)?.detail as BynetEventDetailMap[K] | undefined,
    stop: () => listeners.forEach(([name, fn]) => document.removeEventListener(name, fn)),
  };
}

/** Waits for a `bynet-payment-created` and returns the payment id (the gateway transaction id). */
export async function createdPaymentId(events: ReturnType<typeof recordEvents>, nth = 1): Promise<string> {
  await waitFor(() => events.all('bynet-payment-created').length >= nth, 'no bynet-payment-created');
  return events.all('bynet-payment-created')[nth - 1]!.paymentId;
}

// ── images ───────────────────────────────────────────────────────────────────────────────────

export { decodeSvgQr } from '../../support/qr-decode.js';

// ── the card form (queried only: importing it here would load the lazy chunk) ────────────────

export const cardForm = (el: BynetCheckout) => deep(el.shadowRoot!, 'bynet-card-form');

export function cardInput(el: BynetCheckout, id: 'cc-number' | 'cc-name' | 'cc-exp' | 'cc-csc'): HTMLInputElement {
  const form = cardForm(el);
  const input = form?.shadowRoot?.querySelector<HTMLInputElement>(`#${id}`);
  if (!input) throw new Error(`no card input #${id}`);
  return input;
}

export async function waitForCardForm(el: BynetCheckout): Promise<void> {
  await waitFor(() => cardForm(el)?.shadowRoot?.querySelector('#cc-number') != null, 'the card form never appeared', 20_000);
}

/** Types a card as a buyer would: number, name, expiry (MM/AA, a future year) and CVV. */
export async function fillCard(el: BynetCheckout, number: string, cvv: string): Promise<void> {
  await waitForCardForm(el);
  await typeInto(cardInput(el, 'cc-number'), number);
  await typeInto(cardInput(el, 'cc-name'), 'MARIA DA SILVA');
  await typeInto(cardInput(el, 'cc-exp'), `12${String((new Date().getFullYear() + 3) % 100).padStart(2, '0')}`);
  await typeInto(cardInput(el, 'cc-csc'), cvv);
}
