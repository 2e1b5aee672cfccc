/**
 * Messages: pt-BR (default) ships in the entry, but for each payment screen's own strings
 * (i18n-pix.ts, i18n-boleto.ts, i18n-card.ts), which arrive with that screen's lazy chunk, and the
 * outcome views' (i18n-outcome.ts), which arrive with the outcome chunk; other
 * locales (`en`) are modules of their own, every string included, loaded on demand (`loadLocale`). Every string is overridable through the root's `messages` property (a partial
 * map, per locale or flat). `{name}` placeholders are filled by `t`.
 * Add keys to EVERY catalogue; the `Messages` type keeps them in step.
 */
const ptBR = {
  // general
  'checkout.loading': 'Carregando o pagamento…',
  'checkout.total': 'Total',
  'checkout.plan.interest': 'em {count}x, com juros',
  'checkout.securedBy': 'Pagamento processado pela Bynet',
  // methods
  'method.legend': 'Forma de pagamento',
  'method.PIX': 'Pix',
  'method.BOLETO': 'Boleto',
  'method.CREDIT_CARD': 'Cartão de crédito',
  'method.PIX.hint': 'Aprovação na hora',
  'method.BOLETO.hint': 'Compensa em até 3 dias úteis',
  'method.CREDIT_CARD.hint': 'Em até {max}x',
  // customer fields
  'customer.legend': 'Seus dados',
  'customer.name': 'Nome completo',
  'customer.email': 'E-mail',
  'customer.document': 'CPF ou CNPJ',
  'customer.phone': 'Celular com DDD',
  'address.legend': 'Endereço',
  'address.zipCode': 'CEP',
  'address.street': 'Rua',
  'address.streetNumber': 'Número',
  'address.complement': 'Complemento (opcional)',
  'address.neighborhood': 'Bairro',
  'address.city': 'Cidade',
  'address.state': 'UF',
  'address.lookingUp': 'Buscando endereço…',
  'address.notFound': 'CEP não encontrado. Preencha o endereço.',
  // validation
  'error.required': 'Preencha este campo.',
  'error.name': 'Informe nome e sobrenome.',
  'error.email': 'Informe um e-mail válido, como nome@exemplo.com.',
  'error.document': 'CPF ou CNPJ inválido. Confira os números.',
  'error.phone': 'Informe um celular com DDD, como (11) 98765-4321.',
  'error.zipCode': 'Informe um CEP válido com 8 dígitos.',
  'error.state': 'Informe a UF com 2 letras, como SP.',
  'error.form': 'Confira os campos destacados.',
  // pay
  'pay.PIX': 'Gerar Pix de {amount}',
  'pay.BOLETO': 'Gerar boleto de {amount}',
  'pay.CREDIT_CARD': 'Pagar {amount}',
  'pay.working': 'Processando…',
  // pix (the PIX view's own strings are in i18n-pix.ts, loaded with it)
  'pix.title': 'Pague com Pix',
  // boleto (the boleto view's own strings are in i18n-boleto.ts, loaded with it)
  'boleto.title': 'Boleto gerado',
  // outcomes
  'unverified.body':
    'Não conseguimos confirmar o seu pagamento agora. Se você já pagou, ele será confirmado pela loja — guarde o número do pedido {orderId}.',
  'unverified.title': 'Pagamento ainda não confirmado',
  'unverified.recheck': 'Verificar de novo',
  'unverified.checking': 'Verificando…',
  'unverified.newPayment': 'Iniciar um novo pagamento',
  'unverified.newPaymentWarning': 'Só inicie um novo pagamento se você ainda não pagou. Se já pagou, não pague de novo.',
  'expired.body': 'Gere um novo código para concluir o pagamento.',
  'failed.title': 'Pagamento não aprovado',
  'failed.otherMethod': 'Escolher outra forma de pagamento',
  // errors
  'error.title': 'Algo deu errado',
  'error.network': 'Sem conexão com o servidor. Verifique sua internet e tente de novo.',
  'error.timeout': 'O servidor demorou para responder. Tente de novo.',
  'error.server': 'O serviço de pagamento está instável. Tente de novo em instantes.',
  'error.invalidResponse': 'Recebemos uma resposta inesperada do servidor. Tente de novo.',
  'error.config':
    'Este checkout não está configurado corretamente pela loja, por isso o pagamento não pode ser feito aqui agora. Nenhum valor foi cobrado. Avise a loja ou tente mais tarde.',
  'error.store.title': 'Pagamento indisponível nesta loja',
  'error.store.hostname_not_registered':
    'A loja ainda não concluiu o cadastro deste site no serviço de pagamento. Nenhum valor foi cobrado. Avise a loja e tente de novo mais tarde.',
  'error.store.gateway_key_rejected':
    'O serviço de pagamento recusou a configuração da loja. Nenhum valor foi cobrado. Avise a loja e tente de novo mais tarde.',
  'error.store.product_unavailable':
    'Este produto não está disponível para venda no momento. Nenhum valor foi cobrado. Fale com a loja para saber quando ele volta.',
  'error.store.gateway_unreachable':
    'A loja não está conseguindo falar com o serviço de pagamento. Nenhum valor foi cobrado. Tente de novo mais tarde ou avise a loja.',
  'error.store.origin_not_allowed':
    'A loja não liberou pagamentos a partir desta página. Nenhum valor foi cobrado. Avise a loja ou pague pelo site oficial dela.',
  'error.store.code': 'Código para informar à loja: {code}',
  'error.session': 'Sua sessão de pagamento expirou. Recarregue para começar de novo.',
  'error.rateLimited': 'Muitas tentativas. Aguarde um instante e tente de novo.',
  'error.orderPaid': 'Este pedido já foi pago. Não pague de novo: a loja vai confirmar o pagamento.',
  'error.retry': 'Tentar de novo',
  'status.trouble':
    'Estamos com dificuldade para confirmar o pagamento. Se você já pagou, não pague de novo: mantenha esta página aberta e ele será confirmado assim que a conexão voltar.',
  // card (the card form's own strings are in i18n-card.ts, loaded with it)
  'card.refused.generic': 'O banco recusou o pagamento. Tente outro cartão ou outra forma de pagamento.',
  'card.locked': 'Muitas tentativas com cartão. Pague com Pix ou boleto, ou tente o cartão de novo mais tarde.',
  'card.locked.hint': 'Indisponível no momento: muitas tentativas',
  'card.processing': 'Estamos confirmando o pagamento com o banco…',
  // order summary
  'summary.label': 'Resumo do pedido',
  'summary.item': '{quantity}× {title}',
  'summary.ships': 'Entrega física',
  'summary.shipping': 'Frete',
  'summary.quantity': 'Quantidade',
  'summary.decrease': 'Diminuir quantidade',
  'summary.increase': 'Aumentar quantidade',
} as const;

/**
 * The card form's own strings, and the root's words for a plan of several installments (only the
 * card form can choose one): in i18n-card.ts, which the card chunk registers with `addMessages`.
 */
export type CardMessageKey =
  | 'checkout.plan.free'
  | 'pay.CREDIT_CARD.installments'
  | 'card.legend'
  | 'card.number'
  | 'card.holderName'
  | 'card.expiry'
  | 'card.cvv'
  | 'card.installments'
  | 'card.installment.free'
  | 'card.installment.interest'
  | 'card.brand'
  | 'card.brands'
  | 'card.installment.total'
  | 'card.installment.total.interest'
  | 'card.error.number'
  | 'card.error.brand'
  | 'card.error.holderName'
  | 'card.error.expiry'
  | 'card.error.cvv';

/** The PIX view's own strings (its countdown's included): in i18n-pix.ts, part of the PIX chunk. */
export type PixMessageKey =
  | 'pix.stepsLabel'
  | 'pix.step1'
  | 'pix.step2'
  | 'pix.step3'
  | 'pix.step1.touch'
  | 'pix.step2.touch'
  | 'pix.step3.touch'
  | 'pix.qrOtherDevice'
  | 'pix.qrLabel'
  | 'pix.codeLabel'
  | 'pix.copy'
  | 'pix.copied'
  | 'pix.copiedButton'
  | 'pix.copyFailed'
  | 'pix.expiresIn'
  | 'pix.payBy'
  | 'pix.lastMinute'
  | 'pix.waiting'
  | 'pix.invalidCode'
  | 'pix.amount'
  | 'countdown.label';

/** The boleto view's own strings: in i18n-boleto.ts, part of the boleto chunk. */
export type BoletoMessageKey =
  | 'boleto.instructions'
  | 'boleto.lineLabel'
  | 'boleto.copy'
  | 'boleto.copied'
  | 'boleto.copyFailed'
  | 'boleto.barcodeLabel'
  | 'boleto.showBarcode'
  | 'boleto.hideBarcode'
  | 'boleto.dueDate'
  | 'boleto.pdf'
  | 'boleto.amount'
  | 'boleto.invalid';

/** What the buyer sees after paying or failing (receipt, refusal advice, expired view): in i18n-outcome.ts, part of the outcome chunk. */
export type OutcomeMessageKey =
  | 'paid.title'
  | 'paid.body'
  | 'paid.body.installments'
  | 'receipt.label'
  | 'receipt.item'
  | 'receipt.order'
  | 'receipt.payment'
  | 'receipt.method'
  | 'receipt.card'
  | 'receipt.installments'
  | 'receipt.installments.single'
  | 'receipt.installments.count'
  | 'receipt.total'
  | 'receipt.date'
  | 'receipt.next.PIX'
  | 'receipt.next.BOLETO'
  | 'receipt.next.CREDIT_CARD'
  | 'expired.title'
  | 'expired.renew'
  | 'failed.body'
  | 'failed.retry'
  | 'card.refused'
  | 'refusal.cvv'
  | 'refusal.funds'
  | 'refusal.expired'
  | 'refusal.number'
  | 'refusal.retry';

/** pt-BR strings that arrive with their screen's chunk (or the outcome chunk). */
export type ScreenMessageKey = CardMessageKey | PixMessageKey | BoletoMessageKey | OutcomeMessageKey;

export type MessageKey = keyof typeof ptBR | ScreenMessageKey;
export type Messages = Record<MessageKey, string>;


export const LOCALES = ['pt-BR', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** What is loaded so far, per locale (pt-BR's core is always there). */
const catalogs: Record<Locale, Partial<Messages>> = { 'pt-BR': { ...ptBR }, en: {} };

/** Adds strings to a locale's catalogue (a locale module, the card chunk's strings). */
export function addMessages(locale: Locale, messages: Partial<Messages>): void {
  Object.assign(catalogs[locale], messages);
}

/** How each locale other than pt-BR arrives: its own module, fetched on first use. */
const LOCALE_MODULES: Partial<Record<Locale, () => Promise<{ messages: Messages }>>> = {
  en: () => import('./i18n-en.js'),
};
const localeLoads = new Map<Locale, Promise<void>>();
const loadedLocales = new Set<Locale>(['pt-BR']);

/** True once `locale`'s strings are in (pt-BR always is). */
export function isLocaleLoaded(locale: Locale): boolean {
  return loadedLocales.has(locale);
}

/**
 * Fetches a locale's strings once (later calls share the first). A failed fetch is forgotten, so
 * the next call tries again; until then `t` falls back to pt-BR.
 */
export function loadLocale(locale: Locale): Promise<void> {
  const load = LOCALE_MODULES[locale];
  if (!load || loadedLocales.has(locale)) return Promise.resolve();
  let p = localeLoads.get(locale);
  if (!p) {
    p = load().then((m) => {
      addMessages(locale, m.messages);
      loadedLocales.add(locale);
    });
    p.catch(() => localeLoads.delete(locale));
    localeLoads.set(locale, p);
  }
  return p;
}

/** Picks a bundled locale for any BCP 47 tag: `en-US` -> `en`, `pt` -> `pt-BR`, unknown -> `pt-BR`. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const t = (tag ?? '').toLowerCase();
  if (t.startsWith('en')) return 'en';
  return 'pt-BR';
}

export type MessageOverrides = Partial<Messages> | Partial<Record<Locale, Partial<Messages>>>;

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * Builds a `t(key, vars)` for a locale, with merchant overrides (flat or per locale). Strings are
 * looked up when `t` is called, so a translator made before its locale (or the card chunk) loaded
 * sees them once they arrive; meanwhile a missing string falls back to pt-BR, then to the key.
 */
export function createTranslator(locale: Locale, overrides?: MessageOverrides): Translate {
  const base = catalogs[locale];
  const fallback = catalogs['pt-BR'];
  const o = (overrides ?? {}) as Record<string, unknown>;
  const perLocale = (o[locale] && typeof o[locale] === 'object' ? o[locale] : {}) as Partial<Messages>;
  const flat = Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'string')) as Partial<Messages>;
  return (key, vars) => {
    const msg = perLocale[key] ?? flat[key] ?? base[key] ?? fallback[key] ?? key;
    return vars ? msg.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : msg;
  };
}
