/**
 * The card form's own strings in pt-BR: part of that screen's lazy chunk (registered with
 * `addMessages` when it loads), so buyers who never open it never download them. Other locales
 * carry theirs in their own module.
 */
import { addMessages } from './i18n.js';
import type { CardMessageKey } from './i18n.js';

export const cardMessages: Record<CardMessageKey, string> = {
  // the root's header and pay button, for a plan of several installments (chosen in the card form)
  'checkout.plan.free': 'em {count}x sem juros',
  'pay.CREDIT_CARD.installments': 'Pagar {amount} em {count}x',
  'card.legend': 'Dados do cartão',
  'card.number': 'Número do cartão',
  'card.holderName': 'Nome impresso no cartão',
  'card.expiry': 'Validade (MM/AA)',
  'card.cvv': 'Código de segurança (CVV)',
  'card.installments': 'Parcelas',
  'card.installment.free': '{count}x de {amount} sem juros',
  'card.installment.interest': '{count}x de {amount} (total {total}, com juros)',
  'card.brand': 'Bandeira: {brand}',
  'card.brands': 'Bandeiras aceitas',
  'card.installment.total': 'Total: {total}',
  'card.installment.total.interest': 'Total: {total}, com juros',
  'card.error.number': 'Número de cartão inválido.',
  'card.error.brand': 'Bandeira não aceita.',
  'card.error.holderName': 'Informe o nome como está no cartão.',
  'card.error.expiry': 'Validade inválida ou vencida.',
  'card.error.cvv': 'Código de segurança inválido: {length} dígitos.',
};

/** Adds these strings to the pt-BR catalogue (idempotent). */
export function addCardMessages(): void {
  addMessages('pt-BR', cardMessages);
}
