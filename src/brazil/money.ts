/** Money display. Amounts are integer cents (hundredths of the currency unit). */

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * `formatMoney(4990)` -> "R$ 49,90" (a no-break space after "R$"), `formatMoney(4990, 'en')` ->
 * "R$49.90": what `Intl.NumberFormat` writes for BRL in Portuguese and English, without it. The
 * first currency formatter of a page costs Chromium 25-50 ms of main thread (it loads ICU's
 * currency data), which would be the longest task of the checkout's first screen. Other locales
 * (`pt-PT`, `en-IN`... group and place the symbol otherwise) and currencies go through a cached
 * `Intl.NumberFormat`.
 */
export function formatMoney(cents: number, locale = 'pt-BR', currency = 'BRL'): string {
  const tag = locale.toLowerCase();
  const en = tag === 'en' || tag === 'en-us';
  if (currency === 'BRL' && Number.isSafeInteger(cents) && (en || tag === 'pt-br' || tag === 'pt')) {
    const abs = Math.abs(cents);
    const units = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, en ? ',' : '.');
    return `${cents < 0 ? '-' : ''}R$${en ? '' : '\u00a0'}${units}${en ? '.' : ','}${String(abs % 100).padStart(2, '0')}`;
  }
  const key = `${locale} ${currency}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency })));
  return f.format(cents / 100);
}
