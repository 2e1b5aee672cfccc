/** DOM helpers shared by the root-element tests (`<bynet-checkout>` with a FakeHelper client). */
import { fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import { BYNET_EVENT_NAMES } from '../../../src/checkout/events.js';
import type { BynetEventDetailMap, BynetEventName } from '../../../src/checkout/events.js';
import type { PaymentMethod } from '../../../src/contract/payment.js';
import { BUYER } from './fake-helper.js';
import type { FakeHelper } from './fake-helper.js';

/** querySelector through every nested shadow root. */
export function deep<E extends Element = HTMLElement>(root: ParentNode, selector: string): E | null {
  const direct = root.querySelector<E>(selector as never);
  if (direct) return direct as E;
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const found = deep<E>(el.shadowRoot, selector);
      if (found) return found;
    }
  }
  return null;
}

export function must<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const found = deep<E>(root, selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** The text of a node and of every shadow root under it, whitespace (no-break spaces too) collapsed. */
export function deepText(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    for (const c of n.childNodes) if (!(c instanceof HTMLStyleElement) && !(c instanceof HTMLScriptElement)) walk(c);
  };
  walk(node);
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** Waits (frame by frame, leaving no timers behind) until `predicate` holds. */
export async function until(predicate: () => boolean, message = 'condition not met', frames = 240): Promise<void> {
  for (let i = 0; i < frames; i++) {
    if (predicate()) return;
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  }
  throw new Error(`Timeout: ${message}`);
}

export function record(el: HTMLElement) {
  const seen: { name: BynetEventName; detail: unknown }[] = [];
  for (const name of BYNET_EVENT_NAMES) el.addEventListener(name, (e) => seen.push({ name, detail: (e as CustomEvent).detail }));
  return {
    seen,
    count: (name: BynetEventName) => seen.filter((s) => s.name === name).length,
    detail: <K extends BynetEventName>(name: K) => seen.find((s) => s.name === name)?.detail as BynetEventDetailMap[K] | undefined,
  };
}

export const root = (el: BynetCheckout) => el.shadowRoot!;
export const payButton = (el: BynetCheckout) => root(el).querySelector<HTMLButtonElement>('[part~="pay-button"]');
export const viewKind = (el: BynetCheckout) => (el as unknown as { flow: { kind: string } }).flow.kind;

export function chooseMethod(el: BynetCheckout, method: PaymentMethod): void {
  const list = must(root(el), 'bynet-method-list');
  const input = [...list.shadowRoot!.querySelectorAll('input')].find((i) => i.value === method);
  if (!input) throw new Error(`no radio for ${method}`);
  input.click();
}

export async function mount(fake: FakeHelper, settle: () => Promise<void>): Promise<BynetCheckout> {
  const el = await fixture<BynetCheckout>(html`<bynet-checkout product="prod_1" .client=${fake} .customer=${BUYER}></bynet-checkout>`);
  await settle();
  return el;
}

/** Mounts with the events recorded from before the element connects (a "page load"). */
export async function mountRecorded(fake: FakeHelper, settle: () => Promise<void>, locale?: string) {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  const ev = record(wrapper);
  const el = document.createElement('bynet-checkout');
  el.setAttribute('product', 'prod_1');
  if (locale) el.setAttribute('locale', locale);
  el.client = fake;
  el.customer = BUYER;
  wrapper.append(el);
  await settle();
  return { el, ev };
}

/** The fake timers of the flow tests: timers and Date (animation frames stay real). */
export const fakeTimers = (now: number): sinon.SinonFakeTimers =>
  sinon.useFakeTimers({ now, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

/** Lets promises and zero-delay timers run under a fake clock (8 rounds of a 0 ms tick). */
export async function settleClock(clock: sinon.SinonFakeTimers): Promise<void> {
  for (let i = 0; i < 8; i++) await clock.tickAsync(0);
}
