/**
 * Gateway (Bynet) payload schemas: what the helper's gateway client parses and what the sandbox
 * produces. Parsing is tolerant: unknown fields are kept (looseObject), statuses are normalised by
 * `normalizeStatus`, optional fields are optional. Facts and their evidence: bynet-api.md; every
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

/** Transaction object (create / find by id / postback `data`). */
export const GatewayTransactionSchema = z.looseObject({
  id: str,
  amount: z.number(),
  status: str,
  paymentMethod: optStr,
  installments: optNum,
  refusedReason: z.optional(z.nullable(z.union([z.string(), z.looseObject({})]))),
  metadata: z.optional(z.nullable(z.union([z.string(), z.looseObject({})]))),
  externalRef: optStr,
  postbackUrl: optStr,
  paidAt: optStr,
  createdAt: optStr,
  updatedAt: optStr,
  qrCode: optStr,
  pix: z.optional(z.nullable(GatewayPixSchema)),
  boleto: z.optional(z.nullable(GatewayBoletoSchema)),
  card: z.optional(z.nullable(GatewayCardSchema)),
  customer: z.optional(z.nullable(z.looseObject({}))),
});
export type GatewayTransaction = z.infer<typeof GatewayTransactionSchema>;

/** `GET /api/user/transactions/{id}/summary`: at least id, status, amount, paidAt. */
export const GatewaySummarySchema = z.looseObject({
  id: str,
  status: str,
  amount: z.optional(z.number()),
  paidAt: optStr,
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
          refusedReason: z.optional(z.nullable(z.union([z.string(), z.looseObject({})]))),
          amount: optNum,
          installments: optNum,
        }),
      ),
    }),
  ),
});
export type GatewayCheckoutPayment = z.infer<typeof GatewayCheckoutPaymentSchema>;

export const GatewayCustomerSchema = z.looseObject({
  id: str,
  name: optStr,
  email: optStr,
  phone: optStr,
  document: z.optional(z.nullable(z.looseObject({ number: optStr, type: optStr }))),
  createdAt: optStr,
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
