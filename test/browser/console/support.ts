/** Helpers for the console component tests. */
import { waitUntil } from '@open-wc/testing';
import { registerConsoleElements } from '../../../src/console/index.js';

registerConsoleElements();

export const $ = <T extends Element = HTMLElement>(el: Element, sel: string): T => {
  const found = el.shadowRoot!.querySelector<T>(sel);
  if (!found) throw new Error(`nothing matches ${sel}`);
  return found;
};
export const $$ = <T extends Element = HTMLElement>(el: Element, sel: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(sel)];

/** Waits for the element to finish loading (no loading part, and `rows` rows when given). */
export async function settled(el: Element & { updateComplete: Promise<boolean> }, what = 'the element to load'): Promise<void> {
  await waitUntil(() => !el.shadowRoot!.querySelector('[part="loading"]') && !el.shadowRoot!.querySelector('[aria-busy="true"]'), `waiting for ${what}`, { timeout: 5000 });
  await el.updateComplete;
}

export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/[ \t\n\r\f]+/g, ' ').trim();

/** The element focused inside `el`'s shadow root (null when focus is elsewhere). */
export const focusedIn = (el: Element) => el.shadowRoot!.activeElement;
