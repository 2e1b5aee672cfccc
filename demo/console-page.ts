/**
 * The demo's merchant console (/console): the console entry's elements on the admin routes the demo
 * back end mounts at /api/admin, and a language switch. No inline script or style (strict CSP).
 */
import { registerConsoleElements } from '../src/console/index.js';

// called, not just imported: package.json's `sideEffects` list does not name the console entry, so
// a bare import of it would be tree-shaken away
registerConsoleElements();

const select = document.querySelector<HTMLSelectElement>('#console-locale');
const elements = () => [...document.querySelectorAll<HTMLElement & { locale?: string }>('bynet-transactions, bynet-customers')];

function setLocale(locale: string): void {
  document.documentElement.lang = locale;
  for (const el of elements()) el.locale = locale;
}

const initial = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'pt-BR';
if (select) {
  select.value = initial;
  select.addEventListener('change', () => setLocale(select.value));
}
setLocale(initial);
