/** Display helpers: amounts (integer cents) in R$, dates in the console's locale. */
import type { ConsoleLocale } from '../i18n.js';

const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `money(4990, 'pt-BR')` -> "R$ 49,90"; `'en'` -> "R$49.90" (always BRL). */
export function money(cents: number | null | undefined, locale: ConsoleLocale): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '—';
  let f = moneyFormats.get(locale);
  if (!f) moneyFormats.set(locale, (f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' })));
  return f.format(cents / 100);
}

/** A date and time in the locale (the browser's time zone); the raw text when it is not a date. */
export function dateTime(iso: string | null | undefined, locale: ConsoleLocale): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = dateFormats.get(locale);
  if (!f) dateFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' })));
  return f.format(d);
}

/** A percentage as the gateway states it (e.g. 4.99 -> "4,99%"). */
export function percent(value: number | null | undefined, locale: ConsoleLocale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)}%`;
}

/** CPF / CNPJ with their usual punctuation; other documents as given. */
export function documentNumber(type: string, number: string): string {
  const d = number.replace(/\D/g, '');
  if (type.toUpperCase() === 'CPF' && d.length === 11) return d.replace(/(\d{3})(\d{3})(\d{3})(\d{2})/, '$1.$2.$3-$4');
  if (type.toUpperCase() === 'CNPJ' && d.length === 14) return d.replace(/(\d{2})(\d{3})(\d{3})(\d{4})(\d{2})/, '$1.$2.$3/$4-$5');
  return number;
}

/** An http(s) URL to link to, or null (a `javascript:` or malformed URL is never rendered as a link). */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}
