/**
 * Bynet's customer list (`GET /api/user/customers`, `page` / `limit`, envelope
 * `{ data: { data: [...], pages, page, limit, total } }`) through the gateway client: the API key
 * stays inside the client. The list has no filters, so a search is matched locally while scanning
 * pages (bounded per call; the cursor goes on from where it stopped).
 */
import type { GatewayClient } from '../server/gateway/client.js';
import { GatewayError } from '../server/gateway/errors.js';
import { DirectoryError } from './errors.js';
import { checkLimit, decodeCursor, isoDate, localMatcher, numberedList, searchFields, strOrNull, walk } from './paging.js';
import type { Customer, CustomerDirectory, DirectoryQuery } from './types.js';

export interface BynetDirectoryOptions {
  /** Upstream pages a search may read per call. Default 10. */
  maxScanPages?: number;
}

function toCustomer(raw: Record<string, unknown>): Customer {
  const doc = raw['document'] as Record<string, unknown> | null | undefined;
  const number = doc && typeof doc === 'object' ? strOrNull(doc['number']) : null;
  return {
    source: 'bynet',
    id: String(raw['id']),
    name: strOrNull(raw['name']),
    email: strOrNull(raw['email']),
    phone: strOrNull(raw['phone']),
    document: number ? { type: strOrNull(doc!['type'])?.toUpperCase() ?? (number.replace(/\D/g, '').length === 14 ? 'CNPJ' : 'CPF'), number } : null,
    createdAt: isoDate(raw['createdAt']),
    updatedAt: isoDate(raw['updatedAt']),
  };
}

function fromGatewayError(e: unknown): never {
  if (e instanceof GatewayError) {
    const opts = { httpStatus: e.httpStatus, retryAfterSeconds: e.retryAfterSeconds };
    switch (e.code) {
      case 'unauthorized':
        throw new DirectoryError('bynet', 'unauthorized', 'Bynet rejected the API key while listing customers; check the key.', opts);
      case 'rate_limited':
        throw new DirectoryError('bynet', 'rate_limited', "Bynet's rate limit was still reached after the retries; try again later.", opts);
      case 'invalid_response':
        throw new DirectoryError('bynet', 'invalid_response', 'Bynet answered a customer list this adapter cannot read.', opts);
      case 'bad_request':
        throw new DirectoryError('bynet', 'invalid_query', 'Bynet refused the customer list query.', opts);
      default:
        throw new DirectoryError('bynet', 'upstream', `Bynet's customer list failed (${e.code}).`, opts);
    }
  }
  throw e;
}

export function createBynetDirectory(gateway: Pick<GatewayClient, 'customers'>, options: BynetDirectoryOptions = {}): CustomerDirectory {
  const fetchPage = async (page: number, size: number) => {
    try {
      const r = await gateway.customers.list({ page, limit: size });
      return {
        items: r.items.map((c) => toCustomer(c as Record<string, unknown>)),
        pages: r.pages ?? null,
        total: r.total ?? null,
      };
    } catch (e) {
      return fromGatewayError(e);
    }
  };
  const list = async (q: DirectoryQuery = {}) =>
    numberedList({
      source: 'bynet',
      limit: checkLimit('bynet', q.limit),
      cursor: decodeCursor('bynet', q.cursor),
      fetchPage,
      match: localMatcher(searchFields('bynet', q)),
      ...(options.maxScanPages !== undefined ? { maxScanPages: options.maxScanPages } : {}),
    });
  return {
    source: 'bynet',
    list,
    all: (q: DirectoryQuery = {}) => walk((cursor) => list({ ...q, limit: q.limit ?? 100, cursor }), q.cursor ?? null),
  };
}
