/** Money display. Amounts are integer cents (hundredths of the currency unit). */

/** `formatMoney(4990)` -> "R$ 49,90" (with a no-break space, as Intl writes it). */
export function formatMoney(cents: number, locale = 'pt-BR', currency = 'BRL'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}
