/** Helpers of the gateway contract tests: the docs fixtures and a JSON shape comparison. */
import { readFileSync } from 'node:fs';

const DIR = new URL('../../fixtures/gateway/', import.meta.url);

/** A fixture's exact text. */
export const fixture = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');
/** A JSON fixture, parsed. */
export const fixtureJson = (name: string): unknown => JSON.parse(fixture(name));

/** The docs' placeholder for a value of unknown type (Summary by ID shows `"XX"`). */
const PLACEHOLDER = 'XX';

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Differences between the shape of `actual` and that of the docs example `doc`: keys missing
 * (and, with `exact`, keys the docs do not show), and types that differ. A docs `null` or `"XX"`
 * matches any value (the example does not tell the type); arrays compare their first items.
 */
export function shapeDiff(doc: unknown, actual: unknown, opts: { exact: boolean }, path = '$'): string[] {
  if (doc === null || doc === PLACEHOLDER) return [];
  if (actual === null && kind(doc) === 'object') return []; // an absent sub-object (e.g. no address) is null
  if (kind(doc) !== kind(actual)) return [`${path}: docs ${kind(doc)}, got ${kind(actual)}`];
  if (Array.isArray(doc)) {
    const a = actual as unknown[];
    if (doc.length === 0 || a.length === 0) return [];
    return shapeDiff(doc[0], a[0], opts, `${path}[0]`);
  }
  if (kind(doc) !== 'object') return [];
  const d = doc as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const out: string[] = [];
  for (const k of Object.keys(d)) {
    if (!(k in a)) out.push(`${path}.${k}: missing`);
    else out.push(...shapeDiff(d[k], a[k], opts, `${path}.${k}`));
  }
  if (opts.exact) for (const k of Object.keys(a)) if (!(k in d)) out.push(`${path}.${k}: not in the docs`);
  return out;
}
