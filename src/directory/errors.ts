/** Typed errors of the customer directories. `message` is safe to log and show; it never holds a key or token. */
import type { CustomerSource } from '../console/types.js';

export type DirectoryErrorCode =
  /** The provider refused the credentials (missing, wrong or expired key/token, or a missing scope). */
  | 'unauthorized'
  /** The credentials are valid but may not list customers. */
  | 'forbidden'
  /** Still rate limited after the retries allowed. */
  | 'rate_limited'
  /** The provider failed (5xx, network, timeout) or answered an error it did not explain. */
  | 'upstream'
  /** The provider answered 2xx with a body this adapter cannot read. */
  | 'invalid_response'
  /** The query cannot be sent as given (bad filter, bad cursor, unsupported option). */
  | 'invalid_query';

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  readonly code: DirectoryErrorCode;
  readonly source: CustomerSource;
  /** The provider's HTTP status, when there was an answer. */
  readonly httpStatus: number | undefined;
  /** Seconds the provider asked us to wait (rate_limited). */
  readonly retryAfterSeconds: number | undefined;
  /** The OAuth scope the token lacks, when the provider names it (Passport 401). */
  readonly missingScope: string | undefined;

  constructor(
    source: CustomerSource,
    code: DirectoryErrorCode,
    message: string,
    opts: { httpStatus?: number | undefined; retryAfterSeconds?: number | undefined; missingScope?: string | undefined } = {},
  ) {
    super(message);
    this.source = source;
    this.code = code;
    this.httpStatus = opts.httpStatus;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.missingScope = opts.missingScope;
  }

  toJSON(): Record<string, unknown> {
    return { source: this.source, code: this.code, message: this.message, httpStatus: this.httpStatus };
  }
}

export const isDirectoryError = (e: unknown): e is DirectoryError => e instanceof DirectoryError;
