/** Small HTTP helpers of the helper: error envelope, JSON replies, bounded body reading. */
import { ERROR_HTTP_STATUS } from '../contract/helper.js';
import type { ErrorCode, FieldError } from '../contract/helper.js';

/** A reply before it becomes a `Response` (so idempotency can store and replay it). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** An error the helper answers with its envelope. `message` must be safe to show. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  /** Extra top-level members of the envelope (e.g. `payment` with `order_paid`). */
  readonly extra: Record<string, unknown> | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    opts: { fields?: FieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.code = code;
    this.status = ERROR_HTTP_STATUS[code];
    this.fields = opts.fields;
    this.headers = opts.headers ?? {};
    this.extra = opts.extra;
  }
  toReply(): Reply {
    const error: { code: ErrorCode; message: string; fields?: FieldError[] } = { code: this.code, message: this.message };
    if (this.fields?.length) error.fields = this.fields;
    return { status: this.status, headers: this.headers, body: { ...(this.extra ?? {}), error } };
  }
}

/**
 * The client went away (closed or broke the connection) before its request body arrived. Not a
 * fault of the helper: logged as `request.aborted` at info, never as an internal error.
 */
export class ClientAbortedError extends HttpError {
  constructor() {
    super('invalid_request', 'The request body was not received completely.');
  }
}

export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function serialize(reply: Reply): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: reply.status,
    headers: { ...BASE_HEADERS, ...(reply.headers ?? {}) },
    body: reply.body === undefined ? '' : JSON.stringify(reply.body),
  };
}

export function toResponse(reply: Reply, extraHeaders: Record<string, string> = {}): Response {
  const s = serialize(reply);
  return new Response(s.status === 204 ? null : s.body, { status: s.status, headers: { ...s.headers, ...extraHeaders } });
}

/** True when the request declares a JSON body (`application/json`, optionally with parameters). */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** Strict UTF-8 (invalid bytes throw); a whole-buffer decode keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the body as UTF-8 text, refusing more than `limit` bytes (by Content-Length up front, and
 * while streaming). Throws `HttpError` 413 / 400.
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get('content-length');
  if (declared !== null) {
    const n = Number(declared);
    if (!Number.isFinite(n) || n < 0) throw new HttpError('invalid_request', 'Invalid Content-Length.');
    if (n > limit) throw new HttpError('payload_too_large', `Request body exceeds ${limit} bytes.`);
  }
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // the body stream broke: the client aborted or the connection was reset
      throw new ClientAbortedError();
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError('payload_too_large', `Request body exceeds ${limit} bytes.`);
    }
    chunks.push(value);
  }
  const buf = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    buf.set(c, off);
    off += c.byteLength;
  }
  try {
    return UTF8.decode(buf);
  } catch {
    throw new HttpError('invalid_request', 'Request body is not valid UTF-8.');
  }
}

/** Parses JSON text; empty text is an error unless `allowEmpty` (then `{}`). */
export function parseJson(text: string, allowEmpty = false): unknown {
  if (text.trim() === '') {
    if (allowEmpty) return {};
    throw new HttpError('invalid_request', 'Request body must be a JSON object.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError('invalid_request', 'Request body is not valid JSON.');
  }
}

/** Stable JSON (sorted keys) for fingerprints. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}
