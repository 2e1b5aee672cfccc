/**
 * Building blocks for the schemas the browser loads (the payment model and the helper's
 * responses). Each one is a single custom check (`z.refine`), so the widget bundle carries none of
 * zod's per-kind checks (lengths, numeric bounds, formats). Each accepts exactly what the zod
 * built-in named in its comment accepts; only the issue text differs ("Invalid input").
 * Request bodies, which only the helper parses, keep the built-ins and their detailed messages.
 */
import * as z from 'zod/mini';

/** A string matching `re`, which must not be global or sticky (`z.string().check(z.regex(re))`). */
export const pattern = (re: RegExp) => z.string().check(z.refine((s) => re.test(s)));

/** A string of `min` to `max` characters (`z.string().check(z.minLength(min), z.maxLength(max))`). */
export const text = (min: number, max: number) => z.string().check(z.refine((s) => s.length >= min && s.length <= max));

/** A safe integer from `min` to `max` (`z.int().check(z.gte(min), z.lte(max))`). */
export const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.number().check(z.refine((n) => Number.isSafeInteger(n) && n >= min && n <= max));

/** An ISO-8601 date-time with `Z` or an offset: zod's own pattern for `z.iso.datetime({ offset: true })`. */
export const isoDateTime = () => pattern(z.regexes.datetime({ offset: true }));
