/**
 * The customer directory: one `Customer` shape (the console's) across Bynet, Pagar.me and
 * Passport, one page shape with opaque cursors, and `.all()` async iterators over every page.
 */
import type { ConsoleCustomer, ConsoleCustomerPage, CustomerSource } from '../console/types.js';

export type { ConsoleDocument as CustomerDocument, CustomerSource } from '../console/types.js';

/** One customer, whatever directory it came from (`source` says which). */
export type Customer = ConsoleCustomer;

/** A page of customers; `next` / `previous` are opaque cursors for `list({ cursor })`, null at the ends. */
export type CustomerPage = ConsoleCustomerPage;

/** What every directory accepts. Each adapter sends what its provider supports and filters the rest locally. */
export interface DirectoryQuery {
  /** Customers per page (1-100; default 20). */
  limit?: number | undefined;
  /** A `next` / `previous` cursor from an earlier page of the same query. */
  cursor?: string | null | undefined;
  /** Free text: a name, an e-mail or a document number. */
  q?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
  /** CPF / CNPJ / other identification number, formatted or digits only. */
  document?: string | undefined;
}

export interface CustomerDirectory<Q extends DirectoryQuery = DirectoryQuery> {
  readonly source: CustomerSource;
  /** One page. */
  list(query?: Q): Promise<CustomerPage>;
  /** Every customer of every page, each once, in order: `for await (const c of dir.all())`. */
  all(query?: Q): AsyncIterable<Customer>;
}

/** Shared transport options of the HTTP adapters. */
export interface DirectoryHttpOptions {
  /** Replaces `globalThis.fetch` (tests, proxies). */
  fetch?: typeof fetch;
  /** How the adapter waits between attempts (tests pass a recorder). Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Extra attempts after a 429, a 5xx or a network error. Default 4. */
  retries?: number;
  /** Longest wait for one `Retry-After` (longer: give up with `rate_limited`). Default 30000 ms. */
  maxRetryAfterMs?: number;
  /** Backoff base when no `Retry-After` is given: base, 2x, 4x... Default 500 ms. */
  backoffBaseMs?: number;
  /** Deadline per attempt. Default 15000 ms. */
  timeoutMs?: number;
}
