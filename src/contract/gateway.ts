/**
 * Gateway (Bynet) payload schemas: what the helper's gateway client parses and what the sandbox
 * produces. Parsing is tolerant: unknown fields are kept (looseObject), statuses are normalised by
 * `gatewayStatus` (assumptions.ts), optional fields are optional. Facts and their evidence: bynet-api.md; every
 * guess about paths and shapes lives in `src/server/gateway/assumptions.ts`.
 *
 * Browser code never imports this module.
 */
import * as z from 'zod/mini';

const str = z.string();
const optStr = z.optional(z.nullable(z.string()));
const optNum = z.optional(z.nullable(z.number()));

/** `{ status, message, data, error }` — key order and presence of `error` vary by endpoint. */
export const envelope = <T extends z.ZodMiniType>(data: T) =>
  z.looseObject({
    status: z.optional(z.number()),
    message: z.optional(z.string()),
    data,
    error: z.optional(z.unknown()),
  });

/** Error bodies: a Portuguese `message`, sometimes `statusCode`, sometimes `error.refusedReason`. */
export const GatewayErrorBodySchema = z.looseObject({
  status: z.optional(z.number()),
  statusCode: z.optional(z.number()),
  message: z.optional(z.union([z.string(), z.array(z.string())])),
  error: z.optional(z.unknown()),
});
export type GatewayErrorBody = z.infer<typeof GatewayErrorBodySchema>;

/** Paged list: `data` is `{ data: [...], pages, page, limit, total }`, or (sister docs) a plain array. */
export const pagedOrArray = <T extends z.ZodMiniType>(item: T) =>
  z.union([
    z.looseObject({
      data: z.array(item),
      pages: z.optional(z.number()),
      page: z.optional(z.union([z.number(), z.string()])),
      limit: z.optional(z.union([z.number(), z.string()])),
      total: z.optional(z.number()),
    }),
    z.array(item),
  ]);

export const GatewayLayoutSchema = z.looseObject({
  id: str,
  primaryColor: optStr,
  typography: optStr,
  logo: z.optional(z.nullable(z.looseObject({ id: z.optional(str), key: z.optional(str), url: optStr }))),
  type: optStr,
  status: optStr,
});
export type GatewayLayout = z.infer<typeof GatewayLayoutSchema>;

export const GatewayProductSchema = z.looseObject({
  id: str,
  title: str,
  description: optStr,
  /** Integer cents ([INFERRED], see assumptions). */
  unitPrice: z.number(),
  maxInstallments: optNum,
  status: optStr,
  paymentMethod: z.optional(
    z.nullable(
      z.looseObject({
        PIX: z.optional(z.boolean()),
        BOLETO: z.optional(z.boolean()),
        CREDIT_CARD: z.optional(z.boolean()),
      }),
    ),
  ),
  uniqueProductLinkId: str,
  images: z.optional(z.nullable(z.array(z.looseObject({ url: optStr })))),
});
export type GatewayProduct = z.infer<typeof GatewayProductSchema>;

export const GatewayOrderSchema = z.looseObject({ id: str });
export type GatewayOrder = z.infer<typeof GatewayOrderSchema>;

export const GatewayPixSchema = z.looseObject({
  qrcode: optStr,
  qrCode: optStr,
  expirationDate: optStr,
});
export const GatewayBoletoSchema = z.looseObject({
  url: optStr,
  barcode: optStr,
  digitableLine: optStr,
  instructions: optStr,
  expirationDate: optStr,
});
export const GatewayCardSchema = z.looseObject({
  id: optStr,
  brand: optStr,
  holderName: optStr,
  lastDigits: optStr,
  expirationMonth: optNum,
  expirationYear: optNum,
});

/** `refusedReason`: [DOC] a JSON-encoded string; [CODE] also plain text or an object. */
const refusedReasonSchema = z.optional(z.nullable(z.union([z.string(), z.looseObject({})])));
/** `metadata`: [DOC] a JSON-encoded string; tolerated as an object. */
const metadataSchema = z.optional(z.nullable(z.union([z.string(), z.looseObject({})])));

/** [DOC] `items[]` of a transaction: `{ id, externalRef, title, unitPrice, quantity, tangible, transactionId }`. */
export const GatewayItemSchema = z.looseObject({
  id: optStr,
  externalRef: optStr,
  title: optStr,
  unitPrice: optNum,
  quantity: optNum,
  tangible: z.optional(z.nullable(z.boolean())),
  transactionId: optStr,
});
/** [DOC] `fee`: `{ id, fixedAmount, spreadPercentage, estimatedFee (fractional), netAmount (may be negative), transactionId, gatewayId }`. */
export const GatewayFeeSchema = z.looseObject({
  id: optStr,
  fixedAmount: optNum,
  spreadPercentage: optNum,
  estimatedFee: optNum,
  netAmount: optNum,
  transactionId: optStr,
  gatewayId: optStr,
});
/** [DOC] address: `{ id, street, streetNumber, complement, zipCode, neighborhood, city, state, country ("br") }`. */
export const GatewayAddressSchema = z.looseObject({
  id: optStr,
  street: optStr,
  streetNumber: optStr,
  complement: optStr,
  zipCode: optStr,
  neighborhood: optStr,
  city: optStr,
  state: optStr,
  country: optStr,
});
/** [DOC] `customer.document`: `{ id?, number, type, customerId? }`. */
export const GatewayDocumentSchema = z.looseObject({ id: optStr, number: optStr, type: optStr, customerId: optStr });
/** [DOC] `shipping`: `{ id, fee, addressId, transactionId }`. */
export const GatewayShippingSchema = z.looseObject({ id: optStr, fee: optNum, addressId: optStr, transactionId: optStr });

/** Transaction object (create / find by id / list item / postback `data`). */
export const GatewayTransactionSchema = z.looseObject({
  id: str,
  amount: z.number(),
  status: str,
  paymentMethod: optStr,
  installments: optNum,
  refusedReason: refusedReasonSchema,
  metadata: metadataSchema,
  externalRef: optStr,
  postbackUrl: optStr,
  paidAt: optStr,
  createdAt: optStr,
  updatedAt: optStr,
  refundedAmount: optNum,
  /** [CODE, 7.2] some create answers carry the EMV at the top level, as `qrCode` or `copyPaste`. */
  qrCode: optStr,
  copyPaste: optStr,
  /** [DOC Summary, CODE 7.2] hosted payment links, read as `payUrl ?? webUrl ?? appUrl`. */
  payUrl: optStr,
  webUrl: optStr,
  appUrl: optStr,
  pix: z.optional(z.nullable(GatewayPixSchema)),
  boleto: z.optional(z.nullable(GatewayBoletoSchema)),
  card: z.optional(z.nullable(GatewayCardSchema)),
  customer: z.optional(
    z.nullable(
      z.looseObject({
        document: z.optional(z.nullable(GatewayDocumentSchema)),
        address: z.optional(z.nullable(GatewayAddressSchema)),
      }),
    ),
  ),
  shipping: z.optional(z.nullable(GatewayShippingSchema)),
  items: z.optional(z.nullable(z.array(GatewayItemSchema))),
  fee: z.optional(z.nullable(GatewayFeeSchema)),
});
export type GatewayTransaction = z.infer<typeof GatewayTransactionSchema>;

/**
 * [DOC] a value the Summary example shows only as the placeholder `"XX"`: its real type is
 * unknown (`installments`, `card`, `pix`, `boleto`, `delivery`), so any JSON value is accepted.
 */
const placeholder = z.optional(z.unknown());

/**
 * [DOC] `GET /api/user/transactions/{id}/summary`: id, amount, status, dates, externalRef,
 * customer (name, email, phone, document, address), paymentMethod, installments, card, pix,
 * boleto, delivery, items, fee, metadata, provider, refusedReason (JSON-encoded string), qrCode,
 * barcode, payUrl, webUrl, appUrl. Only `id` and `status` are required.
 */
export const GatewaySummarySchema = z.looseObject({
  id: str,
  status: str,
  amount: z.optional(z.number()),
  paidAt: optStr,
  createdAt: optStr,
  updatedAt: optStr,
  externalRef: optStr,
  paymentMethod: optStr,
  customer: z.optional(
    z.nullable(
      z.looseObject({
        name: optStr,
        email: optStr,
        phone: optStr,
        document: z.optional(z.nullable(GatewayDocumentSchema)),
        address: z.optional(z.nullable(GatewayAddressSchema)),
      }),
    ),
  ),
  installments: placeholder,
  card: placeholder,
  pix: placeholder,
  boleto: placeholder,
  delivery: placeholder,
  items: z.optional(z.nullable(z.array(GatewayItemSchema))),
  fee: z.optional(z.nullable(GatewayFeeSchema)),
  metadata: metadataSchema,
  provider: optStr,
  refusedReason: refusedReasonSchema,
  qrCode: optStr,
  barcode: optStr,
  payUrl: optStr,
  webUrl: optStr,
  appUrl: optStr,
});
export type GatewaySummary = z.infer<typeof GatewaySummarySchema>;

/** Public checkout create-payment: `data.id` + `data.order.payment { status, qrCode, pix, ... }`. */
export const GatewayCheckoutPaymentSchema = z.looseObject({
  id: str,
  order: z.optional(
    z.looseObject({
      id: z.optional(str),
      payment: z.optional(
        z.looseObject({
          status: z.optional(str),
          qrCode: optStr,
          pix: z.optional(z.nullable(GatewayPixSchema)),
          boleto: z.optional(z.nullable(GatewayBoletoSchema)),
          card: z.optional(z.nullable(GatewayCardSchema)),
          refusedReason: refusedReasonSchema,
          amount: optNum,
          installments: optNum,
        }),
      ),
    }),
  ),
});
export type GatewayCheckoutPayment = z.infer<typeof GatewayCheckoutPaymentSchema>;

/**
 * [DOC] Customers › Find all item: `{ id, externalRef, name, email, phone, birthdate, createdAt,
 * addressId }`. `document` is not in the docs' item (kept optional for tolerance).
 */
export const GatewayCustomerSchema = z.looseObject({
  id: str,
  externalRef: optStr,
  name: optStr,
  email: optStr,
  phone: optStr,
  birthdate: optStr,
  createdAt: optStr,
  addressId: optStr,
  document: z.optional(z.nullable(GatewayDocumentSchema)),
});
export type GatewayCustomer = z.infer<typeof GatewayCustomerSchema>;

export const GatewayWebhookSchema = z.looseObject({
  id: str,
  url: str,
  type: str,
  createdAt: optStr,
  updatedAt: optStr,
});
export type GatewayWebhook = z.infer<typeof GatewayWebhookSchema>;

/** Postback envelope `{ id?, type, objectId, url?, data }` (data possibly doubly wrapped). */
export const GatewayPostbackSchema = z.looseObject({
  id: z.optional(z.union([z.string(), z.number()])),
  type: z.optional(str),
  objectId: z.optional(str),
  url: optStr,
  data: z.optional(z.unknown()),
});
export type GatewayPostback = z.infer<typeof GatewayPostbackSchema>;
