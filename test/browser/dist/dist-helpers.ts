/**
 * Helpers for the tests of the built files (dist/). They load what `npm run build` wrote, the way a
 * merchant page would, and talk to the demo back end that the test server mounts at /api/checkout.
 */
import { waitUntil } from '@open-wc/testing';

// The test runner may reuse one tab for several test files, and the widget resumes a payment it
// finds in sessionStorage: start every dist test file without a leftover checkout.
sessionStorage.clear();

export const ENDPOINT = '/api/checkout';
export const PRODUCT = 'demo-product';
export const IIFE_URL = '/dist/cdn/bynet-checkout.iife.js';

/** Adds a classic `<script src>` to `doc` and resolves with how it ended. */
export function addScript(doc: Document, src: string, attrs: Record<string, string> = {}): Promise<'load' | 'error'> {
  return new Promise((resolve) => {
    const script = doc.createElement('script');
    for (const [name, value] of Object.entries(attrs)) script.setAttribute(name, value);
    script.addEventListener('load', () => resolve('load'), { once: true });
    script.addEventListener('error', () => resolve('error'), { once: true });
    script.src = src;
    doc.head.append(script);
  });
}

/** Uncaught errors and rejections in a window, from now on. */
export function collectErrors(win: Window): { messages: string[]; stop: () => void } {
  const messages: string[] = [];
  const onError = (e: ErrorEvent) => messages.push(`error: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => messages.push(`unhandled rejection: ${String(e.reason)}`);
  win.addEventListener('error', onError);
  win.addEventListener('unhandledrejection', onRejection);
  return {
    messages,
    stop: () => {
      win.removeEventListener('error', onError);
      win.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

/** The radio buttons of the method list inside a `<bynet-checkout>` (empty until it is ready). */
export function methodRadios(checkout: Element): HTMLInputElement[] {
  const list = checkout.shadowRoot?.querySelector('bynet-method-list');
  return [...(list?.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? [])];
}

/** Waits until the checkout shows its payment methods, and returns their values. */
export async function waitForMethods(checkout: Element, timeout = 8000): Promise<string[]> {
  await waitUntil(() => methodRadios(checkout).length > 0, 'the checkout never showed its payment methods', { timeout });
  return methodRadios(checkout).map((r) => r.value);
}

/** Creates `<bynet-checkout endpoint product>` in `doc`, waits for `bynet-ready`, returns both. */
export async function mountCheckout(doc: Document): Promise<{ el: HTMLElement; ready: CustomEvent<{ methods: string[] }> }> {
  const el = doc.createElement('bynet-checkout');
  el.setAttribute('endpoint', ENDPOINT);
  el.setAttribute('product', PRODUCT);
  const ready = new Promise<CustomEvent<{ methods: string[] }>>((resolve) =>
    el.addEventListener('bynet-ready', (e) => resolve(e as CustomEvent<{ methods: string[] }>), { once: true }),
  );
  doc.body.append(el);
  return { el, ready: await withTimeout(ready, 8000, 'bynet-ready never fired') };
}

/** Picks a payment method the way a buyer does: a click on its radio. */
export function chooseMethod(checkout: Element, method: string): void {
  const radio = methodRadios(checkout).find((r) => r.value === method);
  if (!radio) throw new Error(`no radio for ${method}`);
  radio.click();
}

/** The card form element inside the checkout, once it is rendered. */
export function cardForm(checkout: Element): Element | null {
  return checkout.shadowRoot?.querySelector('bynet-card-form') ?? null;
}

/** Script files the window has fetched so far whose path starts with `prefix`. */
export function scriptRequests(win: Window, prefix: string): string[] {
  return win.performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((path) => path.startsWith(prefix) && path.endsWith('.js'));
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Opens a same-origin page in an iframe and waits for its load event. */
export async function openFrame(src: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.width = '800px';
  frame.style.height = '900px';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.src = src;
  document.body.append(frame);
  await withTimeout(loaded, 8000, `${src} did not load`);
  return frame;
}
