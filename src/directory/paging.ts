/** Shared paging helpers: opaque cursors, query checks, local matching and page-numbered walks. */
import type { CustomerSource } from '../console/types.js';
import { DirectoryError } from './errors.js';
import type { Customer, CustomerPage, DirectoryQuery } from './types.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export function checkLimit(source: CustomerSource, limit: number | undefined, max = MAX_LIMIT): number {
  if (limit === undefined) return Math.min(DEFAULT_LIMIT, max);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new DirectoryError(source, 'invalid_query', `limit must be a whole number from 1 to ${max}.`);
  }
  return limit;
}

/** Text a filter may hold: no control characters, at most 200 characters. */
export function checkText(source: CustomerSource, name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t === '') return undefined;
  // eslint-disable-next-line no-control-regex
  if (t.length > 200 || /[\u0000-\u001f\u007f-\u009f]/.test(t)) {
    throw new DirectoryError(source, 'invalid_query', `${name} must be plain text of at most 200 characters.`);
  }
  return t;
}

export const digitsOf = (s: string) => s.replace(/\D/g, '');

/** What a free-text search looks like: an e-mail, a document number, or a name. */
export function classify(q: string): { kind: 'email' | 'document' | 'name'; value: string } {
  if (q.includes('@')) return { kind: 'email', value: q };
  if (/^[\d.\-/\s]+$/.test(q) && digitsOf(q).length >= 5) return { kind: 'document', value: digitsOf(q) };
  return { kind: 'name', value: q };
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Local filters (for what a provider cannot filter): name and e-mail contain, document equals (digits). */
export interface LocalFilter {
  name?: string | undefined;
  email?: string | undefined;
  document?: string | undefined;
}

export function localMatcher(f: LocalFilter): ((c: Customer) => boolean) | undefined {
  const { name, email, document } = f;
  if (name === undefined && email === undefined && document === undefined) return undefined;
  return (c) =>
    (name === undefined || (c.name !== null && fold(c.name).includes(fold(name)))) &&
    (email === undefined || (c.email !== null && c.email.toLowerCase().includes(email.toLowerCase()))) &&
    (document === undefined || (c.document !== null && digitsOf(c.document.number) === digitsOf(document)));
}

/** Name / e-mail / document of a query, with `q` classified into one of them. */
export function searchFields(source: CustomerSource, q: DirectoryQuery): LocalFilter {
  const out: LocalFilter = {
    name: checkText(source, 'name', q.name),
    email: checkText(source, 'email', q.email),
    document: checkText(source, 'document', q.document),
  };
  const text = checkText(source, 'q', q.q);
  if (text !== undefined) {
    const c = classify(text);
    if (out[c.kind] === undefined) out[c.kind] = c.value;
  }
  return out;
}

// ── cursors ──

/** Opaque cursor: base64url JSON tagged with the source, so a cursor of one source fails clearly on another. */
export function encodeCursor(source: CustomerSource, state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ s: source, ...state }), 'utf8').toString('base64url');
}

export function decodeCursor(source: CustomerSource, cursor: string | null | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  const bad = () => new DirectoryError(source, 'invalid_query', 'cursor is not one this directory gave; start again from the first page.');
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!v || typeof v !== 'object' || (v as { s?: unknown }).s !== source) throw bad();
  return v as Record<string, unknown>;
}

const posInt = (v: unknown, min = 1): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= min ? v : undefined);

// ── page-numbered walks (Bynet, Passport) ──

export interface NumberedPage {
  items: Customer[];
  /** Total pages / items when the provider says. */
  pages: number | null;
  total: number | null;
}

export interface NumberedListOptions {
  source: CustomerSource;
  limit: number;
  cursor: Record<string, unknown> | undefined;
  /** Extra state kept in every cursor of the walk (e.g. Passport's snapshot timestamp). */
  keep?: Record<string, unknown>;
  fetchPage(page: number, size: number): Promise<NumberedPage>;
  match?: ((c: Customer) => boolean) | undefined;
  /** Upstream page size of a filtered scan. Default 100. */
  scanPageSize?: number;
  /** Upstream pages one filtered call may read before it answers with what it found. Default 10. */
  maxScanPages?: number;
}

const hasMore = (r: NumberedPage, page: number, size: number) => (r.pages !== null ? page < r.pages : r.items.length >= size);

/** One page of a page-numbered source; with `match`, scans forward until `limit` matches (bounded). */
export async function numberedList(o: NumberedListOptions): Promise<CustomerPage> {
  const { source, limit } = o;
  const keep = o.keep ?? {};
  let page = posInt(o.cursor?.['p']) ?? 1;
  let skip = posInt(o.cursor?.['k'], 0) ?? 0;
  if (!o.match) {
    const r = await o.fetchPage(page, limit);
    return {
      source,
      data: r.items,
      next: hasMore(r, page, limit) && r.items.length > 0 ? encodeCursor(source, { ...keep, p: page + 1 }) : null,
      previous: page > 1 ? encodeCursor(source, { ...keep, p: page - 1 }) : null,
      total: r.total,
    };
  }
  const data: Customer[] = [];
  const maxScan = o.maxScanPages ?? 10;
  // a search reads big upstream pages; their size travels in the cursor so page numbers stay valid
  const size = posInt(o.cursor?.['z']) ?? Math.max(limit, o.scanPageSize ?? MAX_LIMIT);
  for (let scanned = 0; ; scanned++) {
    const r = await o.fetchPage(page, size);
    for (let i = skip; i < r.items.length; i++) {
      const c = r.items[i]!;
      if (!o.match(c)) continue;
      data.push(c);
      if (data.length === limit) {
        const more = i + 1 < r.items.length || hasMore(r, page, size);
        const next = i + 1 < r.items.length ? { p: page, k: i + 1, z: size } : { p: page + 1, z: size };
        return { source, data, next: more ? encodeCursor(source, { ...keep, ...next }) : null, previous: null, total: null };
      }
    }
    skip = 0;
    if (!hasMore(r, page, size) || r.items.length === 0) return { source, data, next: null, previous: null, total: null };
    page++;
    // bounded: a rare match answers with what was found and a cursor to scan on
    if (scanned + 1 >= maxScan) return { source, data, next: encodeCursor(source, { ...keep, p: page, z: size }), previous: null, total: null };
  }
}

/** Follows `next` (or `previous`) cursors, yielding each customer id once. */
export async function* walk(
  list: (cursor: string | null) => Promise<CustomerPage>,
  start: string | null,
  direction: 'forward' | 'backward' = 'forward',
): AsyncGenerator<Customer> {
  const seen = new Set<string>();
  let cursor = start;
  for (let guard = 0; guard < 100_000; guard++) {
    const page = await list(cursor);
    for (const c of page.data) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      yield c;
    }
    const to = direction === 'forward' ? page.next : page.previous;
    if (!to || to === cursor) return;
    cursor = to;
  }
}

/** An ISO 8601 string from a provider's date (ISO text, epoch ms or seconds), or null. */
export function isoDate(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v < 1e11 ? v * 1000 : v).toISOString();
  if (typeof v !== 'string' || v.trim() === '') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);
