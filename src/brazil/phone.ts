/**
 * Brazilian phone numbers: DDD (area code, 2 digits) + 9-digit mobile (starting with 9) or
 * 8-digit landline (starting with 2-5).
 */

/** Every DDD in use in Brazil (ANATEL). */
export const BRAZIL_DDDS: readonly number[] = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48,
  49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89,
  91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/**
 * Digits only, without the +55 country code (12-13 digits starting with 55) or a single
 * leading trunk `0` (`011 98765-4321`).
 */
export function cleanPhone(s: string): string {
  let c = s.replace(/\D/g, '');
  if ((c.length === 12 || c.length === 13) && c.startsWith('55')) c = c.slice(2);
  if ((c.length === 11 || c.length === 12) && c.startsWith('0')) c = c.slice(1);
  return c;
}

/** `BRAZIL_DDDS` as a pattern, then a mobile (9 and 8 digits) or a landline (2-5 and 7 digits). */
const PHONE = /^(?:1[1-9]|2[12478]|3[1-578]|4[1-9]|5[1345]|6[1-9]|7[134579]|8[1-9]|9[1-9])(?:9\d{8}|[2-5]\d{7})$/;

/**
 * True for a DDD from `BRAZIL_DDDS` followed by a mobile (9 digits starting with 9) or a
 * landline (8 digits starting with 2-5). Spaces, `()`, `-`, `.` and `+` are allowed.
 */
export function isValidPhone(s: string): boolean {
  return !/[^\d\s().+\-]/.test(s) && PHONE.test(cleanPhone(s));
}

/**
 * Progressive mask: `(11) 98765-4321` for 11 digits, `(11) 3456-7890` up to 10; the dash
 * appears once the number passes four digits. Extra digits are cut.
 */
export function formatPhone(s: string): string {
  const c = cleanPhone(s).slice(0, 11);
  if (c.length === 0) return '';
  if (c.length <= 2) return `(${c}`;
  const ddd = c.slice(0, 2);
  const n = c.slice(2);
  if (n.length <= 4) return `(${ddd}) ${n}`;
  const split = n.length === 9 ? 5 : 4;
  return `(${ddd}) ${n.slice(0, split)}-${n.slice(split)}`;
}
