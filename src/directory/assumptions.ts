/**
 * Every guess the customer directories make about Pagar.me's and Passport's customer lists. The
 * facts come from their pages (Pagar.me "Retornando mais de um customer", Passport "List
 * Customers"); what those pages do not show is named here as an ASSUMPTION, in one place. Bynet's
 * customer list goes through the gateway client, whose guesses live in the server's gateway
 * assumptions.
 */

// ── Pagar.me ──

/** [DOC] `https://api.pagar.me/1/customers`. */
export const PAGARME_DEFAULT_BASE_URL = 'https://api.pagar.me/1';
export const PAGARME_CUSTOMERS_PATH = '/customers';
/** [DOC] the key is the `api_key` parameter. */
export const PAGARME_API_KEY_PARAM = 'api_key';
/**
 * ASSUMPTION: the page's examples pass parameters with `curl -X GET -d ...` (a form body on a GET),
 * which `fetch` cannot send; Pagar.me's v1 API reads a parameter from the query string or the body
 * alike, so the key and the filters go in the query string. The key stays on the server: it is
 * never logged, never put in an error, and the URL carrying it is never logged either.
 */
export const PAGARME_PARAMS_IN_QUERY = true;
/** [DOC] the cursor parameter and the response headers that carry the next / previous tokens. */
export const PAGARME_CURSOR_PARAM = 'cursor';
export const PAGARME_NEXT_HEADER = 'x-cursor-nextpage';
/** [DOC] the page spells it `x-cursor-previouspagr`; the correct spelling is read too. */
export const PAGARME_PREVIOUS_HEADERS = ['x-cursor-previouspage', 'x-cursor-previouspagr'] as const;
/** ASSUMPTION: the page size parameter is `count`, as on Pagar.me v1's other lists (the page does not name one). */
export const PAGARME_PAGE_SIZE_PARAM = 'count';
/** [DOC] range prefixes usable on every filter. */
export const PAGARME_RANGE_OPS = ['<', '>', '<=', '>='] as const;
/** [DOC] date filters are Unix timestamps in milliseconds. ASSUMPTION: these are the customer's date fields. */
export const PAGARME_DATE_FIELDS = ['date_created', 'date_updated', 'born_at'] as const;
/** ASSUMPTION: names, e-mails and documents are filtered by these fields (Pagar.me v1's customer object). */
export const PAGARME_FIELDS = { name: 'name', email: 'email', document: 'document_number' } as const;
/**
 * ASSUMPTION: the page shows no response body; Pagar.me v1 answers a list as a JSON array of
 * `customer` objects: `id` (number), `name`, `email`, `document_number`, `document_type`
 * (`cpf`/`cnpj`), `documents[]` ({ type, number }), `phone_numbers[]`, `date_created` (ISO),
 * `date_updated` (ISO, when present).
 */
export const PAGARME_LIST_IS_ARRAY = true;
/**
 * How a name search is sent: the page's range prefixes make a prefix search
 * (`name=>=Ana` and `name=<Ana\uffff`); strings compare lexicographically (as the page states,
 * capitals after small letters), so it is case-sensitive.
 */
export const PAGARME_NAME_PREFIX_END = '\uffff';

// ── Passport ──

/** [DOC] the sandbox host of the page; production differs per contract. */
export const PASSPORT_DEFAULT_BASE_URL = 'https://api.paas.sandbox.co.passportfintech.com/v1';
export const PASSPORT_CUSTOMERS_PATH = '/customers';
/** [DOC] the scope a token needs; a token without it gets 401. */
export const PASSPORT_LIST_SCOPE = 'paas.core.entity_customers.list.get';
/** [DOC] query parameters. */
export const PASSPORT_PARAMS = {
  pageSize: 'page_params.page_size',
  pageNumber: 'page_params.page_number',
  seconds: 'page_params.first_request_timestamp.seconds',
  nanos: 'page_params.first_request_timestamp.nanos',
  orderKey: 'order_params.order_key',
  orderDirection: 'order_params.order_direction',
  identificationNumber: 'identification_number',
  customerId: 'customer_id',
  identificationType: 'identification_type',
} as const;
/** [DOC] allowed order directions. */
export const PASSPORT_ORDER_DIRECTIONS = ['ORDER_DIRECTION_ENUM_UNSPECIFIED', 'ASC', 'DESC'] as const;
/** [DOC] the timestamp's range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z; nanos 0..999,999,999. */
export const PASSPORT_MIN_SECONDS = -62_135_596_800;
export const PASSPORT_MAX_SECONDS = 253_402_300_799;
/** ASSUMPTION: page numbers start at 1 (the page does not say). */
export const PASSPORT_FIRST_PAGE = 1;
/**
 * ASSUMPTION: the page shows no response body. The answer is read as
 * `{ customers: [...], pagination_info: { page_number, page_size, total_pages, total_records } }`,
 * each customer `{ id, first_name, last_name, business_name?, email, phone_number,
 * identification_type, identification_number, created_at, updated_at }` (RFC 3339 times, as
 * protobuf's JSON mapping writes a Timestamp). `data` / `items` are read as the list too.
 */
export const PASSPORT_LIST_FIELDS = ['customers', 'data', 'items'] as const;
/** ASSUMPTION: a 401 body that names the missing scope says it as text containing a `paas.` scope name. */
export const PASSPORT_SCOPE_IN_TEXT = /\bpaas(?:\.[a-z_]+)+\b/;
