/** CSV cells for spreadsheets: RFC 4180 quoting, and formula injection defused. */

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list: = + - @, tab, CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One text cell: a leading formula character gets a `'` before it; quotes when needed. */
export function csvText(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One number cell (never prefixed: it is not text a spreadsheet could run). */
export function csvNumber(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

export const csvRow = (cells: readonly string[]): string => `${cells.join(',')}\r\n`;
