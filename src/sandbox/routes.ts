/**
 * The gateway's `/api/...` routes (bynet-api.md sections 2-4). Every answer uses the gateway
 * envelope; amounts are integer cents; statuses are upper case.
 */
import { isExpiryValid, luhnValid } from '../brazil/card.js';
import { isValidCep, cleanCep } from '../brazil/cep.js';
import { cleanDocument, documentType, isValidDocument } from '../brazil/document.js';
import { cleanPhone, isValidPhone } from '../brazil/phone.js';
import { GATEWAY_ID, SELLER_ID } from './seed.js';
import type { SeedLayout } from './seed.js';
import { Engine } from './engine.js';
import type { CardInput, NewTransaction } from './engine.js';
import type { AddressRecord, CustomerRecord, GatewayMethod, ItemRecord, TransactionRecord, WebhookRecord } from './types.js';
import { SandboxError, digits, iso, listParam, ok, paginate, sortBy, uuid } from './util.js';
import { Validator, isObj } from './validate.js';
import { customerJson, summaryJson, transactionJson } from './shapes.js';
import type { Obj } from './validate.js';

export interface RouteCtx {
  engine: Engine;
  req: Request;
  method: string;
  path: string;
  query: URLSearchParams;
  /** Absolute base URL of the sandbox, without a trailing slash. */
  baseUrl: string;
  allowedHostnames: readonly string[];
  now: () => number;
  random: () => number;
  /** Strict mode: only documented shapes and fields (see README.md); invented routes answer 404. */
  strict: boolean;
}

const MAX_BODY = 1_000_000;
const METHODS: readonly GatewayMethod[] = ['PIX', 'BOLETO', 'CREDIT_CARD'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UFS = 'AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO'.split(' ');

/** Reads a JSON body. Empty bodies give `undefined`; non-JSON content types 415; bad JSON 400. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > MAX_BODY) throw new SandboxError(413, 'O corpo da requisição é grande demais.');
  if (text.trim() === '') return undefined;
  const type = req.headers.get('content-type') ?? '';
  // ASSUMPTION: JSON endpoints refuse other content types with 415.
  if (!/\bjson\b/i.test(type)) throw new SandboxError(415, 'O Content-Type deve ser application/json.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SandboxError(400, 'O corpo da requisição não é um JSON válido.');
  }
}

async function readObject(req: Request): Promise<Obj> {
  const body = await readJson(req);
  if (body === undefined) return {};
  if (!isObj(body)) throw new SandboxError(400, 'O corpo da requisição deve ser um objeto JSON.');
  return body;
}

/**
 * `?hostname=` must be one of the allowed hostnames (scheme, port and path ignored;
 * `*.example.com` entries match subdomains). ASSUMPTION: the same check on create-order and payment.
 */
function checkHostname(ctx: RouteCtx): string {
  const raw = (ctx.query.get('hostname') ?? '').trim().toLowerCase();
  const host = raw.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  const allowed = host !== '' && ctx.allowedHostnames.some((h) => {
    const a = h.toLowerCase();
    return a.startsWith('*.') ? host.endsWith(a.slice(1)) : a === host;
  });
  if (!allowed) throw new SandboxError(400, 'Hostname não identificado');
  return host;
}

// ── serialisers ─────────────────────────────────────────────────────────────────────────────

export const txJson = (tx: TransactionRecord): TransactionRecord => structuredClone(tx);

function layoutJson(l: SeedLayout, baseUrl: string) {
  const { logo, ...rest } = l;
  return { ...rest, logo: logo ? { id: logo.id, key: logo.key, url: `${baseUrl}${logo.path}` } : null };
}

function checkoutPaymentJson(tx: TransactionRecord, orderId: string, strict: boolean) {
  const out = {
    id: tx.id,
    order: {
      id: orderId,
      payment: {
        id: tx.id,
        status: tx.status,
        paymentMethod: tx.paymentMethod,
        qrCode: tx.pix?.qrcode ?? null,
        pix: tx.pix ? { qrcode: tx.pix.qrcode, expirationDate: tx.pix.expirationDate } : null,
        boleto: tx.boleto ? { ...tx.boleto } : null,
        card: tx.card ? { brand: tx.card.brand, lastDigits: tx.card.lastDigits, holderName: tx.card.holderName } : null,
        refusedReason: tx.refusedReason,
        refusedCode: tx.refusedCode,
        amount: tx.amount,
        installments: tx.installments ?? 1,
        externalRef: tx.externalRef,
        gatewayId: GATEWAY_ID,
        provider: 'sandbox',
      } as Record<string, unknown>,
    },
  };
  // INVENTED (sandbox extra): `refusedCode`
  if (strict) delete out.order.payment['refusedCode'];
  return out;
}

// ── shared field readers ────────────────────────────────────────────────────────────────────

function readDocument(v: Validator, o: Obj, key: string): string | undefined {
  const s = v.str(o, key, { required: true, max: 32 });
  if (s === undefined) return undefined;
  const clean = cleanDocument(s);
  if (!isValidDocument(clean)) {
    v.fail(`O campo "${key}" deve ser um CPF ou CNPJ válido.`);
    return undefined;
  }
  return clean;
}

function readPhone(v: Validator, o: Obj, key: string, required: boolean): string | undefined {
  const s = v.str(o, key, { required, max: 32 });
  if (s === undefined) return undefined;
  if (!isValidPhone(s)) {
    v.fail(`O campo "${key}" deve conter DDD e número válidos.`);
    return undefined;
  }
  return cleanPhone(s);
}

const ADDRESS_KEYS = ['street', 'streetNumber', 'complement', 'zipCode', 'neighborhood', 'city', 'state', 'country'] as const;

/** Address fields read from `o` (flat body or an `address` object). */
function readAddress(v: Validator, o: Obj, required: boolean): AddressRecord | undefined {
  const zip = v.str(o, 'zipCode', { required, max: 9 });
  if (zip !== undefined && !isValidCep(zip)) v.fail('O campo "zipCode" deve ser um CEP válido (8 dígitos).');
  const street = v.str(o, 'street', { required, max: 200 });
  const streetNumber = v.str(o, 'streetNumber', { required, max: 20 });
  const complement = v.optText(o, 'complement', 200);
  const neighborhood = v.str(o, 'neighborhood', { required, max: 120 });
  const city = v.str(o, 'city', { required, max: 120 });
  const stateRaw = v.str(o, 'state', { required, max: 2 });
  const state = stateRaw?.toUpperCase();
  if (state !== undefined && !UFS.includes(state)) v.fail('O campo "state" deve ser uma UF válida.');
  const country = (v.str(o, 'country', { max: 2 }) ?? 'BR').toUpperCase();
  if (zip === undefined || street === undefined || streetNumber === undefined || neighborhood === undefined || city === undefined || state === undefined) {
    return undefined;
  }
  return { street, streetNumber, complement, zipCode: cleanCep(zip), neighborhood, city, state, country };
}

const hasAnyAddress = (o: Obj) => ADDRESS_KEYS.some((k) => o[k] !== undefined && o[k] !== null && o[k] !== '');

/** Card fields; the number and CVV are checked here and never leave this function except as CardInput (no CVV). */
function readCard(v: Validator, o: Obj, now: number): CardInput | undefined {
  const c = v.obj(o, 'card', true);
  if (!c) return undefined;
  const cv = v.child('card');
  cv.only(c, ['number', 'holderName', 'expirationMonth', 'expirationYear', 'cvv']);
  const numberRaw = cv.str(c, 'number', { required: true, max: 23 });
  let number: string | undefined;
  if (numberRaw !== undefined) {
    const d = numberRaw.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(d) || !luhnValid(d)) cv.fail('O campo "number" não é um número de cartão válido.');
    else number = d;
  }
  const holderName = cv.str(c, 'holderName', { required: true, min: 2, max: 120 });
  const month = cv.int(c, 'expirationMonth', { required: true, min: 1, max: 12, coerce: true });
  let year = cv.int(c, 'expirationYear', { required: true, min: 0, max: 9999, coerce: true });
  if (year !== undefined && year < 100) year += 2000;
  if (month !== undefined && year !== undefined && !isExpiryValid(month, year, new Date(now))) {
    cv.fail('O cartão está vencido ou a data de validade é inválida.');
  }
  const cvv = cv.str(c, 'cvv', { required: true, pattern: /^\d{3,4}$/, patternText: 'O campo "cvv" deve ter 3 ou 4 dígitos.' });
  if (cvv !== undefined && number !== undefined) {
    const want = number.startsWith('34') || number.startsWith('37') ? 4 : 3;
    if (cvv.length !== want) cv.fail(`O campo "cvv" deve ter ${want} dígitos.`);
  }
  if (number === undefined || holderName === undefined || month === undefined || year === undefined || cvv === undefined) return undefined;
  return { number, holderName, expirationMonth: month, expirationYear: year };
}

// ── products and layouts ────────────────────────────────────────────────────────────────────

function listProducts(ctx: RouteCtx): Response {
  const status = ctx.query.get('status')?.toUpperCase();
  const title = ctx.query.get('title')?.toLowerCase();
  let items = [...ctx.engine.products.values()].filter((p) => !p.deletedAt);
  if (status) items = items.filter((p) => p.status === status);
  if (title) items = items.filter((p) => p.title.toLowerCase().includes(title));
  return ok(paginate(sortBy(items, ctx.query, 'createdAt', 'asc'), ctx.query), 'Produtos encontrados com sucesso');
}

function getProduct(ctx: RouteCtx, id: string): Response {
  const p = ctx.engine.findProduct(id);
  if (!p || p.deletedAt) throw new SandboxError(404, 'Produto não encontrado');
  return ok(structuredClone(p), 'Produto encontrado com sucesso');
}

function listLayouts(ctx: RouteCtx): Response {
  const q = ctx.query;
  const status = q.get('status')?.toUpperCase();
  const value = q.get('value')?.trim().toLowerCase();
  let items = [...ctx.engine.layouts.values()].filter((l) => !l.deletedAt);
  if (status) items = items.filter((l) => l.status === status);
  if (value) {
    items = items.filter((l) => [l.id, l.primaryColor, l.typography, l.type, l.status].some((f) => f.toLowerCase().includes(value)));
  }
  const page = paginate(sortBy(items, q, 'createdAt', 'desc'), q);
  return ok({ ...page, data: page.data.map((l) => layoutJson(l, ctx.baseUrl)) }, 'Os layouts foram encontrados com sucesso');
}

function getLayout(ctx: RouteCtx): Response {
  const id = ctx.query.get('id');
  if (!id) throw new SandboxError(400, 'O campo "id" é obrigatório.');
  const l = ctx.engine.layouts.get(id);
  if (!l || l.deletedAt) throw new SandboxError(404, 'Layout não encontrado');
  return ok(layoutJson(l, ctx.baseUrl), 'O layout foi encontrado com sucesso');
}

// ── public checkout ─────────────────────────────────────────────────────────────────────────

async function createOrder(ctx: RouteCtx, linkId: string): Promise<Response> {
  const hostname = checkHostname(ctx);
  const body = await readObject(ctx.req);
  // ASSUMPTION: create-order takes no fields (integrators send no body or `{}`); anything else is refused.
  const v = new Validator();
  v.only(body, []);
  v.throwIfAny();
  const order = ctx.engine.createOrder(linkId, hostname);
  const { id, productId, uniqueProductLinkId, amount, status, createdAt } = order;
  return ok({ id, productId, uniqueProductLinkId, amount, status, createdAt }, 'Pedido criado com sucesso', 201);
}

const PAYMENT_FIELDS = ['fullName', 'document', 'email', 'phone', ...ADDRESS_KEYS, 'paymentMethod', 'installments', 'card'];

async function createCheckoutPayment(ctx: RouteCtx, orderId: string): Promise<Response> {
  checkHostname(ctx);
  const order = ctx.engine.orders.get(orderId);
  if (!order) throw new SandboxError(404, 'Pedido não encontrado');
  const body = await readObject(ctx.req);
  const product = ctx.engine.products.get(order.productId);
  if (!product) throw new SandboxError(404, 'Produto não encontrado');

  const v = new Validator();
  v.only(body, PAYMENT_FIELDS);
  const fullName = v.str(body, 'fullName', { required: true, min: 3, max: 120 });
  const document = readDocument(v, body, 'document');
  const email = v.email(body, 'email');
  const phone = readPhone(v, body, 'phone', true);
  // Any casing: pix | boleto | credit_card (ASSUMPTION for boleto and card).
  const method = v.oneOf(body, 'paymentMethod', METHODS, true, (s) => s.toUpperCase().replace(/[\s-]/g, '_'));
  const installments = v.int(body, 'installments', { min: 1, max: 24, coerce: true }) ?? 1;
  const address = method === 'BOLETO' || hasAnyAddress(body) ? readAddress(v, body, method === 'BOLETO') : undefined;
  let card: CardInput | undefined;
  if (method === 'CREDIT_CARD') card = readCard(v, body, ctx.now());
  else if (body.card !== undefined) v.fail('O campo "card" só é permitido para pagamento com cartão.');
  v.throwIfAny();
  if (!method || !fullName || !document || !email || !phone) throw new SandboxError(400, 'Requisição inválida.');

  const enabled = product.paymentMethod[method];
  if (!enabled) throw new SandboxError(400, 'Método de pagamento não habilitado para este produto.');
  if (method === 'CREDIT_CARD' && installments > product.maxInstallments) {
    throw new SandboxError(400, `O número de parcelas deve ser no máximo ${product.maxInstallments}.`);
  }
  if (method !== 'CREDIT_CARD' && installments !== 1) throw new SandboxError(400, 'Parcelamento só é permitido para pagamento com cartão.');
  // ASSUMPTION: a paid order takes no further payments.
  if (order.status === 'PAID') throw new SandboxError(400, 'Este pedido já foi pago.');

  const input: NewTransaction = {
    amount: order.amount,
    paymentMethod: method,
    installments: method === 'CREDIT_CARD' ? installments : null,
    customer: { name: fullName, email, phone, document: { number: document, type: documentType(document) ?? 'CPF' }, address: address ?? null },
    items: [{ title: product.title, unitPrice: product.unitPrice, quantity: 1, tangible: product.shippingType === 'PHYSICAL', externalRef: product.id }],
    metadata: Engine.checkoutMetadata(order),
    ip: null,
    baseUrl: ctx.baseUrl,
  };
  if (card) input.card = card;
  const tx = ctx.engine.createTransaction(input);
  ctx.engine.linkOrder(order, tx);
  return ok(checkoutPaymentJson(tx, order.id, ctx.strict), 'Pagamento criado com sucesso');
}

// ── transactions ────────────────────────────────────────────────────────────────────────────

const TX_FIELDS = [
  'amount', 'currency', 'paymentMethod', 'installments', 'card', 'customer', 'shipping', 'items', 'pix', 'boleto',
  'postbackUrl', 'metadata', 'externalRef', 'traceable', 'ip',
];

function readCustomer(ctx: RouteCtx, v: Validator, body: Obj, needAddress: boolean): NewTransaction['customer'] | undefined {
  const c = v.obj(body, 'customer', true);
  if (!c) return undefined;
  const cv = v.child('customer');
  cv.only(c, ['id', 'name', 'email', 'phone', 'document', 'externalRef', 'address']);
  let existing: CustomerRecord | undefined;
  if (c.id !== undefined) {
    if (typeof c.id !== 'string' || !UUID.test(c.id)) cv.fail('O campo "id" deve ser um UUID válido.');
    else {
      existing = ctx.engine.customers.get(c.id);
      if (!existing) throw new SandboxError(404, 'Cliente não encontrado');
    }
  }
  const need = existing === undefined;
  const name = cv.str(c, 'name', { required: need, min: 3, max: 120 }) ?? existing?.name;
  const email = cv.email(c, 'email', need) ?? existing?.email;
  const phone = readPhone(cv, c, 'phone', false) ?? existing?.phone ?? '';
  let document = existing?.document;
  const d = cv.obj(c, 'document', need);
  if (d) {
    const dv = cv.child('document');
    dv.only(d, ['number', 'type']);
    const number = readDocument(dv, d, 'number');
    const type = dv.oneOf(d, 'type', ['CPF', 'CNPJ'] as const, true, (s) => s.toUpperCase());
    if (number && type && documentType(number) !== type) dv.fail('O campo "type" não corresponde ao número do documento.');
    if (number && type) document = { number, type };
  }
  const externalRef = cv.str(c, 'externalRef', { max: 255 }) ?? null;
  let address: AddressRecord | null = existing?.address ?? null;
  const a = cv.obj(c, 'address', needAddress && !address);
  if (a) {
    const av = cv.child('address');
    av.only(a, ADDRESS_KEYS);
    address = readAddress(av, a, true) ?? null;
  }
  if (!name || !email || !document) return undefined;
  return { name, email, phone, document, address, externalRef };
}

function readItems(v: Validator, body: Obj): ItemRecord[] | undefined {
  const list = v.arr(body, 'items', true);
  if (!list) return undefined;
  if (list.length === 0) v.fail('O campo "items" deve ter pelo menos um item.');
  const out: ItemRecord[] = [];
  list.forEach((raw, i) => {
    const iv = v.child(`items.${i}`);
    if (!isObj(raw)) return iv.fail('O item deve ser um objeto.');
    iv.only(raw, ['title', 'unitPrice', 'quantity', 'tangible', 'externalRef']);
    const title = iv.str(raw, 'title', { required: true, max: 200 });
    const unitPrice = iv.int(raw, 'unitPrice', { required: true, min: 0 });
    const quantity = iv.int(raw, 'quantity', { required: true, min: 1 });
    const tangible = iv.bool(raw, 'tangible') ?? false;
    const externalRef = iv.str(raw, 'externalRef', { max: 255 }) ?? null;
    if (title !== undefined && unitPrice !== undefined && quantity !== undefined) out.push({ title, unitPrice, quantity, tangible, externalRef });
  });
  return out;
}

async function createTransaction(ctx: RouteCtx): Promise<Response> {
  const body = await readObject(ctx.req);
  const v = new Validator();
  v.only(body, TX_FIELDS);
  const amount = v.int(body, 'amount', { required: true, min: 1 });
  v.oneOf(body, 'currency', ['BRL'] as const, false, (s) => s.toUpperCase());
  // ASSUMPTION: any casing accepted, as on the public checkout.
  const method = v.oneOf(body, 'paymentMethod', METHODS, true, (s) => s.toUpperCase().replace(/[\s-]/g, '_'));
  const installments = v.int(body, 'installments', { min: 1, max: 12 });
  const customer = readCustomer(ctx, v, body, method === 'BOLETO');
  const items = readItems(v, body);
  let card: CardInput | undefined;
  if (method === 'CREDIT_CARD') card = readCard(v, body, ctx.now());
  else if (body.card !== undefined) v.fail('O campo "card" só é permitido para pagamento com cartão.');
  let pixSeconds: number | undefined;
  const pix = v.obj(body, 'pix');
  if (pix) {
    const pv = v.child('pix');
    pv.only(pix, ['expiresInDays']);
    const days = pv.int(pix, 'expiresInDays', { min: 1, max: 365 });
    if (days !== undefined) pixSeconds = days * 86_400;
    if (method && method !== 'PIX') v.fail('O campo "pix" só é permitido para pagamento com PIX.');
  }
  // ASSUMPTION: boleto options mirror pix (`expiresInDays`), as in the platform family.
  let boletoDays: number | undefined;
  const boleto = v.obj(body, 'boleto');
  if (boleto) {
    const bv = v.child('boleto');
    bv.only(boleto, ['expiresInDays']);
    boletoDays = bv.int(boleto, 'expiresInDays', { min: 1, max: 60 });
    if (method && method !== 'BOLETO') v.fail('O campo "boleto" só é permitido para pagamento com boleto.');
  }
  let shipping: TransactionRecord['shipping'] = null;
  const sh = v.obj(body, 'shipping');
  if (sh) {
    const sv = v.child('shipping');
    sv.only(sh, ['fee', 'address']);
    const fee = sv.int(sh, 'fee', { min: 0 }) ?? 0;
    const a = sv.obj(sh, 'address');
    let address: AddressRecord | null = null;
    if (a) {
      const av = sv.child('address');
      av.only(a, ADDRESS_KEYS);
      address = readAddress(av, a, true) ?? null;
    }
    shipping = { fee, address };
  }
  const postbackUrl = v.url(body, 'postbackUrl');
  if (body.metadata !== undefined && body.metadata !== null && typeof body.metadata !== 'string') {
    v.fail('O campo "metadata" deve ser uma string (JSON codificado).');
  }
  const metadata = typeof body.metadata === 'string' ? body.metadata : null;
  if (metadata !== null && metadata.length > 10_000) v.fail('O campo "metadata" deve ter no máximo 10000 caracteres.');
  const externalRef = v.str(body, 'externalRef', { max: 255 });
  const traceable = v.bool(body, 'traceable');
  const ip = v.str(body, 'ip', { max: 64 });
  v.throwIfAny();
  if (amount === undefined || !method || !customer || !items) throw new SandboxError(400, 'Requisição inválida.');

  const input: NewTransaction = {
    amount,
    paymentMethod: method,
    installments: method === 'CREDIT_CARD' ? installments ?? 1 : installments ?? null,
    customer,
    items,
    postbackUrl: postbackUrl ?? null,
    metadata,
    externalRef: externalRef ?? null,
    traceable: traceable ?? false,
    ip: ip ?? null,
    shipping,
    baseUrl: ctx.baseUrl,
  };
  if (card) input.card = card;
  if (pixSeconds !== undefined) input.pixExpiresInSeconds = pixSeconds;
  if (boletoDays !== undefined) input.boletoDueDays = boletoDays;
  const tx = ctx.engine.createTransaction(input);
  return ok(transactionJson(tx, ctx.strict), 'Transação criada com sucesso.');
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

function listTransactions(ctx: RouteCtx): Response {
  ctx.engine.tick();
  const q = ctx.query;
  let items = [...ctx.engine.transactions.values()];
  const ids = listParam(q, 'id').map((s) => s.toLowerCase());
  if (ids.length) items = items.filter((t) => ids.includes(t.id.toLowerCase()));
  const methods = listParam(q, 'paymentMethods', 'paymentMethod');
  if (methods.length) items = items.filter((t) => methods.includes(t.paymentMethod));
  const statuses = listParam(q, 'status', 'status[]');
  if (statuses.length) items = items.filter((t) => statuses.includes(t.status));
  const name = q.get('name');
  if (name) items = items.filter((t) => fold(t.customer.name).includes(fold(name)));
  const email = q.get('email')?.trim();
  if (email) items = items.filter((t) => t.customer.email.toLowerCase().includes(email.toLowerCase()));
  const doc = q.get('documentNumber');
  if (doc) items = items.filter((t) => t.customer.document.number === cleanDocument(doc));
  const phone = q.get('phone');
  if (phone) items = items.filter((t) => digits(phone) !== '' && t.customer.phone.includes(digits(phone)));
  const externalRef = q.get('externalRef');
  if (externalRef) items = items.filter((t) => t.externalRef === externalRef);
  const traceable = q.get('traceable');
  if (traceable === 'true' || traceable === 'false') items = items.filter((t) => t.traceable === (traceable === 'true'));
  // [DOC] `deliveryStatus` (WAITING, IN_TRANSIT, ...): a transaction with no delivery status matches none
  const delivery = listParam(q, 'deliveryStatus');
  if (delivery.length) items = items.filter((t) => t.delivery.status !== null && delivery.includes(t.delivery.status));
  // [DOC] `installments` (integer; several comma-separated): a transaction without installments matches none
  const installments = listParam(q, 'installments').map(Number);
  if (installments.length) {
    if (installments.some((n) => !Number.isInteger(n))) throw new SandboxError(400, 'O campo "installments" deve ser um número inteiro.');
    items = items.filter((t) => t.installments !== null && installments.includes(t.installments));
  }
  // [DOC] `data` is a plain array (no pages/page/limit/total). INVENTED: `page`/`limit` still slice it.
  const page = paginate(sortBy(items, q, 'createdAt', 'desc'), q);
  return ok(page.data.map((t) => transactionJson(t, ctx.strict)), 'Transações encontradas com sucesso.');
}

/**
 * `PUT /api/user/transactions/{id}/delivery`, body `{ status, trackingCode? }` ([CODE 7.2]
 * UmbrellaPag docs; Bynet lists "Update delivery status" without a body). Statuses WAITING,
 * IN_TRANSIT ([DOC] list filter) and DELIVERED (sister docs). INVENTED: the answer (the updated
 * transaction) and its message.
 */
async function updateDelivery(ctx: RouteCtx, id: string): Promise<Response> {
  const tx = ctx.engine.getTransaction(id);
  const body = await readObject(ctx.req);
  const v = new Validator();
  v.only(body, ['status', 'trackingCode']);
  const status = v.oneOf(body, 'status', ['WAITING', 'IN_TRANSIT', 'DELIVERED'] as const, true, (s) => s.toUpperCase());
  const trackingCode = v.str(body, 'trackingCode', { max: 120 });
  v.throwIfAny();
  if (!status) throw new SandboxError(400, 'Requisição inválida.');
  tx.delivery = { status, trackingCode: trackingCode ?? tx.delivery.trackingCode };
  tx.updatedAt = iso(ctx.now());
  return ok(transactionJson(tx, ctx.strict), 'Status de entrega atualizado com sucesso.');
}

/**
 * `POST /api/user/transactions/{id}/refund`, body `{ amount? }` (cents; default: all that remains).
 * ASSUMPTION: the path, the body and the answer (the updated transaction, as Find by ID). The
 * gateway documents no refund endpoint; the platform family shows `refunds[]` and
 * `refundedAmount` on the transaction. See `Engine.refund` for the rules.
 */
async function refundTransaction(ctx: RouteCtx, id: string): Promise<Response> {
  ctx.engine.getTransaction(id); // 404 before any body error
  const body = await readObject(ctx.req);
  const v = new Validator();
  v.only(body, ['amount']);
  const amount = v.int(body, 'amount', { min: 1 });
  v.throwIfAny();
  const tx = ctx.engine.refund(id, amount);
  return ok(transactionJson(tx, ctx.strict), 'Estorno realizado com sucesso.');
}

// ── customers ───────────────────────────────────────────────────────────────────────────────

/** [DOC] Customers › Find all: `{ data: { data, pages, page, limit, total } }`, message "Clientes listados com sucesso". */
function listCustomers(ctx: RouteCtx): Response {
  const items = [...ctx.engine.customers.values()];
  const page = paginate(sortBy(items, ctx.query, 'createdAt', 'asc'), ctx.query);
  return ok({ ...page, data: page.data.map(customerJson) }, 'Clientes listados com sucesso');
}

/** Customers › Find by ID: the page's body is not in the store; ASSUMPTION: the list's item shape, message invented. */
function getCustomer(ctx: RouteCtx, id: string): Response {
  const c = ctx.engine.customers.get(id);
  if (!c) throw new SandboxError(404, 'Cliente não encontrado');
  return ok(customerJson(c), 'Cliente encontrado com sucesso.');
}

// ── webhooks ────────────────────────────────────────────────────────────────────────────────

/** ASSUMPTION: only TRANSACTION is documented; the other two are accepted and never fired. */
const WEBHOOK_TYPES = ['TRANSACTION', 'TRANSFER', 'CASHOUT'] as const;

async function createWebhook(ctx: RouteCtx): Promise<Response> {
  const body = await readObject(ctx.req);
  const v = new Validator();
  v.only(body, ['url', 'type']);
  const url = v.url(body, 'url', true);
  const type = v.oneOf(body, 'type', WEBHOOK_TYPES, true, (s) => s.toUpperCase());
  v.throwIfAny();
  if (!url || !type) throw new SandboxError(400, 'Requisição inválida.');
  const at = iso(ctx.now());
  const hook: WebhookRecord = { id: uuid(ctx.random), gatewayId: GATEWAY_ID, sellerId: SELLER_ID, url, type, createdAt: at, updatedAt: at };
  ctx.engine.webhooks.set(hook.id, hook);
  return ok({ ...hook }, 'Webhook criado com sucesso', 201);
}

function findWebhook(ctx: RouteCtx, id: string): WebhookRecord {
  const hook = ctx.engine.webhooks.get(id);
  if (!hook) throw new SandboxError(404, 'Webhook não encontrado');
  return hook;
}

async function updateWebhook(ctx: RouteCtx, id: string): Promise<Response> {
  const hook = findWebhook(ctx, id);
  const body = await readObject(ctx.req);
  const v = new Validator();
  v.only(body, ['url', 'type']);
  const url = v.url(body, 'url');
  const type = v.oneOf(body, 'type', WEBHOOK_TYPES, false, (s) => s.toUpperCase());
  if (url === undefined && type === undefined && v.issues.length === 0) v.fail('Informe ao menos um campo: "url" ou "type".');
  v.throwIfAny();
  if (url) hook.url = url;
  if (type) hook.type = type;
  hook.updatedAt = iso(ctx.now());
  return ok({ ...hook }, 'Webhook atualizado com sucesso');
}

// ── router ──────────────────────────────────────────────────────────────────────────────────

type Handler = (ctx: RouteCtx, ...params: string[]) => Response | Promise<Response>;

const ROUTES: readonly [method: string, pattern: RegExp, handler: Handler][] = [
  ['GET', /^\/api\/user\/products$/, listProducts],
  ['GET', /^\/api\/user\/products\/([^/]+)$/, getProduct],
  ['GET', /^\/api\/user\/checkout\/layout$/, listLayouts],
  ['GET', /^\/api\/user\/checkout\/layout\/get-by-id$/, getLayout],
  ['POST', /^\/api\/public\/checkout\/create-order\/([^/]+)$/, createOrder],
  ['POST', /^\/api\/public\/checkout\/payment\/([^/]+)$/, createCheckoutPayment],
  ['POST', /^\/api\/user\/transactions$/, createTransaction],
  ['GET', /^\/api\/user\/transactions$/, listTransactions],
  ['GET', /^\/api\/user\/transactions\/([^/]+)$/, (ctx, id) => ok(transactionJson(ctx.engine.getTransaction(id!), ctx.strict), 'Transação encontrada com sucesso.')],
  [
    'GET',
    /^\/api\/user\/transactions\/([^/]+)\/summary$/,
    // [DOC] Summary by ID: message "Transação encontrada com sucesso."
    (ctx, id) => ok(summaryJson(ctx.engine.getTransaction(id!), ctx.strict), 'Transação encontrada com sucesso.'),
  ],
  ['POST', /^\/api\/user\/transactions\/([^/]+)\/refund$/, refundTransaction],
  ['PUT', /^\/api\/user\/transactions\/([^/]+)\/delivery$/, updateDelivery],
  ['GET', /^\/api\/user\/customers$/, listCustomers],
  ['GET', /^\/api\/user\/customers\/([^/]+)$/, getCustomer],
  ['POST', /^\/api\/user\/webhook$/, createWebhook],
  [
    'GET',
    /^\/api\/user\/webhook$/,
    (ctx) => {
      const page = paginate(sortBy([...ctx.engine.webhooks.values()], ctx.query, 'createdAt', 'asc'), ctx.query);
      return ok({ ...page, data: page.data.map((h) => ({ ...h })) }, 'Webhooks listados com sucesso');
    },
  ],
  ['GET', /^\/api\/user\/webhook\/([^/]+)$/, (ctx, id) => ok({ ...findWebhook(ctx, id!) }, 'Webhook listado com sucesso')],
  ['PUT', /^\/api\/user\/webhook\/([^/]+)$/, updateWebhook],
  [
    'DELETE',
    /^\/api\/user\/webhook\/([^/]+)$/,
    (ctx, id) => {
      const hook = findWebhook(ctx, id!);
      ctx.engine.webhooks.delete(hook.id);
      return ok({ ...hook, deletedAt: iso(ctx.now()) }, 'Webhook removido com sucesso');
    },
  ],
];

/** INVENTED routes (no gateway doc or sister doc shows them): answered 404 in strict mode. */
const INVENTED_ROUTES: ReadonlySet<Handler> = new Set<Handler>([refundTransaction]);

/** Routes one authenticated `/api/...` call. */
export function routeGateway(ctx: RouteCtx): Response | Promise<Response> {
  const path = ctx.path.length > 1 ? ctx.path.replace(/\/+$/, '') : ctx.path;
  let pathMatched = false;
  for (const [method, re, handler] of ROUTES) {
    if (ctx.strict && INVENTED_ROUTES.has(handler)) continue;
    const m = re.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (method === ctx.method) return handler(ctx, ...m.slice(1).map((p) => decodeURIComponent(p)));
  }
  // INVENTED: 405 and 404 texts (undocumented)
  if (pathMatched) throw new SandboxError(405, `Método ${ctx.method} não permitido em ${path}`);
  throw new SandboxError(404, `Rota não encontrada: ${ctx.method} ${path}`);
}
