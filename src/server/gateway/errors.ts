/** Typed errors of the gateway client. `message` is safe to log and show; `details` is for logs only. */

export type GatewayErrorCode =
  | 'timeout'
  | 'network'
  | 'http'
  | 'invalid_response'
  | 'unauthorized'
  | 'not_found'
  | 'rate_limited'
  | 'refused'
  | 'bad_request'
  /** The circuit breaker is open: the call was not made. */
  | 'circuit_open';

export interface GatewayErrorDetails {
  method?: string;
  /** Path template (ids replaced), never the query string with secrets. */
  route?: string;
  attempts?: number;
  /** Scrubbed excerpt of the upstream body. */
  body?: unknown;
  cause?: string;
  /** The route family whose circuit breaker answered (`circuit_open`). */
  family?: string;
}

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: GatewayErrorCode;
  /** The upstream HTTP status, when there was a response. */
  readonly httpStatus: number | undefined;
  /** Seconds the gateway asked us to wait (429). */
  readonly retryAfterSeconds: number | undefined;
  /** Refusal reason reported by the gateway (code `refused`). */
  readonly refusedReason: string | undefined;
  /** For logs only: scrubbed, never contains the API key or card data. */
  readonly details: GatewayErrorDetails;

  constructor(
    code: GatewayErrorCode,
    message: string,
    opts: {
      httpStatus?: number;
      retryAfterSeconds?: number;
      refusedReason?: string;
      details?: GatewayErrorDetails;
    } = {},
  ) {
    super(message);
    this.code = code;
    this.httpStatus = opts.httpStatus;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.refusedReason = opts.refusedReason;
    this.details = opts.details ?? {};
  }

  /** True for failures worth another attempt on an idempotent call. */
  get retryable(): boolean {
    return (
      this.code === 'network' ||
      this.code === 'rate_limited' ||
      (this.code === 'http' && this.httpStatus !== undefined && this.httpStatus >= 500)
    );
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      httpStatus: this.httpStatus,
      details: this.details,
    };
  }
}

export const isGatewayError = (e: unknown): e is GatewayError => e instanceof GatewayError;
