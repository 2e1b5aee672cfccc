/** CEP (Brazilian postal code): 8 digits, shown as `00000-000`. */

/** Digits only. */
export function cleanCep(s: string): string {
  return s.replace(/\D/g, '');
}

/** True for 8 digits (dash, dot and spaces allowed) that are not all zeros. */
export function isValidCep(s: string): boolean {
  if (/[^\d\s.\-]/.test(s)) return false;
  const c = cleanCep(s);
  return /^\d{8}$/.test(c) && c !== '00000000';
}

/** Progressive mask `00000-000`: the dash appears with the sixth digit; extra digits are cut. */
export function formatCep(s: string): string {
  const c = cleanCep(s).slice(0, 8);
  return c.length > 5 ? `${c.slice(0, 5)}-${c.slice(5)}` : c;
}
