/**
 * The card form's own strings, every locale: part of the card chunk (registered with `addMessages`
 * when it loads), so buyers who never pick card never download them.
 */
import { addMessages } from './i18n.js';
import type { CardMessageKey, Locale } from './i18n.js';

export const cardMessages: Record<Locale, Record<CardMessageKey, string>> = {
  'pt-BR': {
    'card.legend': 'Dados do cartão',
    'card.number': 'Número do cartão',
    'card.holderName': 'Nome impresso no cartão',
    'card.expiry': 'Validade (MM/AA)',
    'card.cvv': 'Código de segurança (CVV)',
    'card.installments': 'Parcelas',
    'card.installment.free': '{count}x de {amount} sem juros',
    'card.installment.interest': '{count}x de {amount} (total {total}, com juros)',
    'card.brand': 'Bandeira: {brand}',
    'card.error.number': 'Número de cartão inválido.',
    'card.error.brand': 'Bandeira não aceita.',
    'card.error.holderName': 'Informe o nome como está no cartão.',
    'card.error.expiry': 'Validade inválida ou vencida.',
    'card.error.cvv': 'Código de segurança inválido: {length} dígitos.',
  },
  en: {
    'card.legend': 'Card details',
    'card.number': 'Card number',
    'card.holderName': 'Name on card',
    'card.expiry': 'Expiry (MM/YY)',
    'card.cvv': 'Security code (CVV)',
    'card.installments': 'Installments',
    'card.installment.free': '{count}x {amount} interest-free',
    'card.installment.interest': '{count}x {amount} (total {total}, with interest)',
    'card.brand': 'Brand: {brand}',
    'card.error.number': 'Invalid card number.',
    'card.error.brand': 'Card brand not accepted.',
    'card.error.holderName': 'Enter the name as printed on the card.',
    'card.error.expiry': 'Invalid or past expiry date.',
    'card.error.cvv': 'Invalid security code: {length} digits.',
  },
};

/** Adds the card strings to every locale's catalogue (idempotent). */
export function addCardMessages(): void {
  for (const [locale, messages] of Object.entries(cardMessages)) addMessages(locale as Locale, messages);
}
