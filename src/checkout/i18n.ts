/**
 * Bundled messages: pt-BR (default) and en. Every string is overridable through the root's
 * `messages` property (a partial map, per locale or flat). `{name}` placeholders are filled by `t`.
 * Add keys to BOTH catalogues; the `Messages` type keeps them in step.
 */
const ptBR = {
  // general
  'checkout.title': 'Pagamento',
  'checkout.loading': 'Carregando o pagamento…',
  'checkout.total': 'Total',
  'checkout.sandboxNotice': 'Ambiente de testes (sandbox): nenhum dinheiro real é movimentado.',
  'checkout.securedBy': 'Pagamento processado pela Bynet',
  // methods
  'method.legend': 'Forma de pagamento',
  'method.PIX': 'PIX',
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
  'pay.PIX': 'Gerar PIX de {amount}',
  'pay.BOLETO': 'Gerar boleto de {amount}',
  'pay.CREDIT_CARD': 'Pagar {amount}',
  'pay.working': 'Processando…',
  // pix
  'pix.title': 'Pague com PIX',
  'pix.instructions': 'Abra o app do seu banco, escolha pagar com PIX e escaneie o QR code ou cole o código.',
  'pix.qrLabel': 'QR code PIX de {amount}',
  'pix.codeLabel': 'Código PIX copia e cola',
  'pix.copy': 'Copiar código PIX',
  'pix.copied': 'Código PIX copiado',
  'pix.copyFailed': 'Não foi possível copiar. Selecione o código e copie manualmente.',
  'pix.expiresIn': 'O código expira em',
  'pix.waiting': 'Aguardando o pagamento…',
  'pix.invalidCode': 'O código PIX recebido está corrompido. Tente gerar um novo.',
  'pix.amount': 'Valor',
  // boleto
  'boleto.title': 'Boleto gerado',
  'boleto.instructions': 'Pague em qualquer banco, lotérica ou app até a data de vencimento. A compensação leva até 3 dias úteis.',
  'boleto.lineLabel': 'Linha digitável',
  'boleto.copy': 'Copiar linha digitável',
  'boleto.copied': 'Linha digitável copiada',
  'boleto.copyFailed': 'Não foi possível copiar. Selecione a linha e copie manualmente.',
  'boleto.barcodeLabel': 'Código de barras do boleto',
  'boleto.dueDate': 'Vencimento',
  'boleto.pdf': 'Baixar boleto em PDF',
  'boleto.amount': 'Valor',
  'boleto.invalid': 'O boleto recebido é inválido. Tente novamente.',
  // countdown
  'countdown.label': 'Tempo restante: {time}',
  // outcomes
  'paid.title': 'Pagamento confirmado!',
  'paid.body': 'Recebemos seu pagamento de {amount}. Obrigado!',
  'paid.card': 'Cartão {brand} final {last4}',
  'expired.title': 'O código PIX expirou',
  'expired.body': 'Gere um novo código para concluir o pagamento.',
  'expired.renew': 'Gerar novo código',
  'failed.title': 'Pagamento não aprovado',
  'failed.body': 'O pagamento não foi concluído. Você pode tentar de novo.',
  'failed.retry': 'Tentar novamente',
  'failed.otherMethod': 'Escolher outra forma de pagamento',
  // errors
  'error.title': 'Algo deu errado',
  'error.network': 'Sem conexão com o servidor. Verifique sua internet e tente de novo.',
  'error.timeout': 'O servidor demorou para responder. Tente de novo.',
  'error.server': 'O serviço de pagamento está instável. Tente de novo em instantes.',
  'error.invalidResponse': 'Recebemos uma resposta inesperada do servidor. Tente de novo.',
  'error.config': 'Este checkout não está configurado corretamente.',
  'error.session': 'Sua sessão de pagamento expirou. Recarregue para começar de novo.',
  'error.rateLimited': 'Muitas tentativas. Aguarde um instante e tente de novo.',
  'error.retry': 'Tentar de novo',
  'status.trouble': 'Estamos com dificuldade para confirmar o pagamento. Se você já pagou, ele ainda será confirmado.',
  // card
  'card.legend': 'Dados do cartão',
  'card.number': 'Número do cartão',
  'card.holderName': 'Nome impresso no cartão',
  'card.expiry': 'Validade (MM/AA)',
  'card.cvv': 'Código de segurança (CVV)',
  'card.installments': 'Parcelas',
  'card.installment.free': '{count}x de {amount} sem juros',
  'card.installment.interest': '{count}x de {amount} (total {total})',
  'card.brand': 'Bandeira: {brand}',
  'card.error.number': 'Número de cartão inválido.',
  'card.error.brand': 'Bandeira não aceita.',
  'card.error.holderName': 'Informe o nome como está no cartão.',
  'card.error.expiry': 'Validade inválida ou vencida.',
  'card.error.cvv': 'Código de segurança inválido: {length} dígitos.',
  'card.refused': '{reason}. Tente outro cartão ou outra forma de pagamento.',
  'card.refused.generic': 'O banco recusou o pagamento. Tente outro cartão ou outra forma de pagamento.',
  'card.processing': 'Estamos confirmando o pagamento com o banco…',
} as const;

export type MessageKey = keyof typeof ptBR;
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  'checkout.title': 'Payment',
  'checkout.loading': 'Loading the payment…',
  'checkout.total': 'Total',
  'checkout.sandboxNotice': 'Test environment (sandbox): no real money moves.',
  'checkout.securedBy': 'Payment processed by Bynet',
  'method.legend': 'Payment method',
  'method.PIX': 'PIX',
  'method.BOLETO': 'Boleto',
  'method.CREDIT_CARD': 'Credit card',
  'method.PIX.hint': 'Instant approval',
  'method.BOLETO.hint': 'Clears in up to 3 business days',
  'method.CREDIT_CARD.hint': 'Up to {max} installments',
  'customer.legend': 'Your details',
  'customer.name': 'Full name',
  'customer.email': 'E-mail',
  'customer.document': 'CPF or CNPJ',
  'customer.phone': 'Mobile with area code',
  'address.legend': 'Address',
  'address.zipCode': 'CEP (postcode)',
  'address.street': 'Street',
  'address.streetNumber': 'Number',
  'address.complement': 'Complement (optional)',
  'address.neighborhood': 'Neighbourhood',
  'address.city': 'City',
  'address.state': 'State',
  'address.lookingUp': 'Looking up the address…',
  'address.notFound': 'CEP not found. Please fill in the address.',
  'error.required': 'Please fill in this field.',
  'error.name': 'Enter your first and last name.',
  'error.email': 'Enter a valid e-mail, like name@example.com.',
  'error.document': 'Invalid CPF or CNPJ. Check the digits.',
  'error.phone': 'Enter a mobile number with area code, like (11) 98765-4321.',
  'error.zipCode': 'Enter a valid 8-digit CEP.',
  'error.state': 'Enter the 2-letter state code, like SP.',
  'error.form': 'Check the highlighted fields.',
  'pay.PIX': 'Create PIX for {amount}',
  'pay.BOLETO': 'Create boleto for {amount}',
  'pay.CREDIT_CARD': 'Pay {amount}',
  'pay.working': 'Processing…',
  'pix.title': 'Pay with PIX',
  'pix.instructions': "Open your bank's app, choose to pay with PIX and scan the QR code or paste the code.",
  'pix.qrLabel': 'PIX QR code for {amount}',
  'pix.codeLabel': 'PIX copy-and-paste code',
  'pix.copy': 'Copy PIX code',
  'pix.copied': 'PIX code copied',
  'pix.copyFailed': 'Could not copy. Select the code and copy it by hand.',
  'pix.expiresIn': 'The code expires in',
  'pix.waiting': 'Waiting for the payment…',
  'pix.invalidCode': 'The PIX code we received is corrupted. Try creating a new one.',
  'pix.amount': 'Amount',
  'boleto.title': 'Boleto issued',
  'boleto.instructions': 'Pay at any bank, lottery shop or banking app by the due date. Clearing takes up to 3 business days.',
  'boleto.lineLabel': 'Digitable line',
  'boleto.copy': 'Copy digitable line',
  'boleto.copied': 'Digitable line copied',
  'boleto.copyFailed': 'Could not copy. Select the line and copy it by hand.',
  'boleto.barcodeLabel': 'Boleto barcode',
  'boleto.dueDate': 'Due date',
  'boleto.pdf': 'Download boleto PDF',
  'boleto.amount': 'Amount',
  'boleto.invalid': 'The boleto we received is invalid. Please try again.',
  'countdown.label': 'Time left: {time}',
  'paid.title': 'Payment confirmed!',
  'paid.body': 'We received your payment of {amount}. Thank you!',
  'paid.card': '{brand} card ending in {last4}',
  'expired.title': 'The PIX code expired',
  'expired.body': 'Create a new code to finish the payment.',
  'expired.renew': 'Create a new code',
  'failed.title': 'Payment not approved',
  'failed.body': 'The payment was not completed. You can try again.',
  'failed.retry': 'Try again',
  'failed.otherMethod': 'Choose another payment method',
  'error.title': 'Something went wrong',
  'error.network': 'No connection to the server. Check your internet and try again.',
  'error.timeout': 'The server took too long to answer. Try again.',
  'error.server': 'The payment service is having trouble. Try again in a moment.',
  'error.invalidResponse': 'We got an unexpected answer from the server. Try again.',
  'error.config': 'This checkout is not set up correctly.',
  'error.session': 'Your payment session expired. Reload to start again.',
  'error.rateLimited': 'Too many attempts. Wait a moment and try again.',
  'error.retry': 'Try again',
  'status.trouble': "We're having trouble confirming the payment. If you already paid, it will still be confirmed.",
  'card.legend': 'Card details',
  'card.number': 'Card number',
  'card.holderName': 'Name on card',
  'card.expiry': 'Expiry (MM/YY)',
  'card.cvv': 'Security code (CVV)',
  'card.installments': 'Installments',
  'card.installment.free': '{count}x {amount} interest-free',
  'card.installment.interest': '{count}x {amount} (total {total})',
  'card.brand': 'Brand: {brand}',
  'card.error.number': 'Invalid card number.',
  'card.error.brand': 'Card brand not accepted.',
  'card.error.holderName': 'Enter the name as printed on the card.',
  'card.error.expiry': 'Invalid or past expiry date.',
  'card.error.cvv': 'Invalid security code: {length} digits.',
  'card.refused': '{reason}. Try another card or another payment method.',
  'card.refused.generic': 'The bank refused the payment. Try another card or another payment method.',
  'card.processing': 'Confirming the payment with the bank…',
};

export const LOCALES = ['pt-BR', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const catalogs: Record<Locale, Messages> = { 'pt-BR': ptBR, en };

/** Picks a bundled locale for any BCP 47 tag: `en-US` -> `en`, `pt` -> `pt-BR`, unknown -> `pt-BR`. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const t = (tag ?? '').toLowerCase();
  if (t.startsWith('en')) return 'en';
  return 'pt-BR';
}

export type MessageOverrides = Partial<Messages> | Partial<Record<Locale, Partial<Messages>>>;

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Builds a `t(key, vars)` for a locale, with merchant overrides (flat or per locale). */
export function createTranslator(locale: Locale, overrides?: MessageOverrides): Translate {
  const base = catalogs[locale];
  const o = (overrides ?? {}) as Record<string, unknown>;
  const perLocale = (o[locale] && typeof o[locale] === 'object' ? o[locale] : {}) as Partial<Messages>;
  const flat = Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'string')) as Partial<Messages>;
  return (key, vars) => {
    const msg = perLocale[key] ?? flat[key] ?? base[key] ?? key;
    return vars ? msg.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : msg;
  };
}
