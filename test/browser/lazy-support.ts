/**
 * For the lazy-screen tests: which modules of a screen the page has requested (Resource Timing,
 * however full its buffer gets), and a payment made through the helper's HTTP API alone, so a page
 * can resume it without having loaded any screen.
 */
import { newIdempotencyKey } from '../../src/checkout/api.js';
import { createResumeStore } from '../../src/checkout/resume.js';
import type { PaymentMethod } from '../../src/contract/payment.js';
import { BUYER, ENDPOINT, KNOWN_CEP, PRODUCT } from './demo/support.js';

const requested: string[] = [];
performance.setResourceTimingBufferSize(10_000);
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) requested.push(entry.name);
}).observe({ type: 'resource', buffered: true });

/** The modules each screen is made of, as the test server serves the sources. */
export const SCREEN_MODULES: Record<PaymentMethod, RegExp> = {
  PIX: /\/src\/components\/(screens\/pix|pix-payment\/|qr-code\/|countdown\/)|\/lean-qr\//,
  BOLETO: /\/src\/components\/(screens\/boleto|boleto-payment\/|barcode\/)/,
  CREDIT_CARD: /\/src\/components\/(screens\/card|card-form\/)|\/imask\/|\/credit-card-type\//,
};

/** Paths the page requested that belong to the screen of `method`. */
export function screenRequests(method: PaymentMethod): string[] {
  const all = new Set([...requested, ...performance.getEntriesByType('resource').map((e) => e.name)]);
  return [...all].map((u) => new URL(u).pathname).filter((p) => SCREEN_MODULES[method].test(p));
}

const HEADERS = (token: string, json = true) => ({
  'X-Checkout-Token': token,
  'Idempotency-Key': newIdempotencyKey(),
  ...(json ? { 'Content-Type': 'application/json' } : {}),
});

/**
 * Creates an order and a PIX or boleto payment through the helper (no widget involved) and
 * remembers it as the widget would after creating it, so the next checkout mounted resumes it.
 */
export async function rememberOpenPayment(method: 'PIX' | 'BOLETO'): Promise<{ paymentId: string }> {
  const config = (await (await fetch(`${ENDPOINT}/config?product=${PRODUCT}`)).json()) as { token: string };
  const orderRes = await fetch(`${ENDPOINT}/orders`, { method: 'POST', headers: HEADERS(config.token), body: '{}' });
  if (!orderRes.ok) throw new Error(`POST /orders: HTTP ${orderRes.status}`);
  const { order, token } = (await orderRes.json()) as { order: { id: string }; token: string };
  const address = { zipCode: KNOWN_CEP.cep, street: KNOWN_CEP.street, streetNumber: '100', neighborhood: KNOWN_CEP.neighborhood, city: KNOWN_CEP.city, state: KNOWN_CEP.state };
  const body = { method, customer: { ...BUYER }, ...(method === 'BOLETO' ? { address } : {}) };
  const payRes = await fetch(`${ENDPOINT}/orders/${encodeURIComponent(order.id)}/payments`, { method: 'POST', headers: HEADERS(token), body: JSON.stringify(body) });
  if (!payRes.ok) throw new Error(`POST /payments: HTTP ${payRes.status} ${await payRes.text()}`);
  const { payment } = (await payRes.json()) as { payment: Parameters<ReturnType<typeof createResumeStore>['track']>[0] };
  createResumeStore({ endpoint: ENDPOINT, product: PRODUCT }).track(payment, token);
  return { paymentId: payment.id };
}
