/**
 * What the buyer sees only after paying or failing, in pt-BR: the confirmation and its receipt,
 * card refusal advice, the expired view. Part of the lazy outcome chunk
 * (src/components/screens/outcome.ts), registered with `addMessages` when it loads. Other locales
 * carry theirs in their own module.
 */
import { addMessages } from './i18n.js';
import type { OutcomeMessageKey } from './i18n.js';

export const outcomeMessages: Record<OutcomeMessageKey, string> = {
  'paid.title': 'Pagamento confirmado!',
  'paid.body': 'Recebemos seu pagamento de {amount}. Obrigado!',
  'paid.body.installments': 'Recebemos seu pagamento de {amount} em {count}x. Obrigado!',
  'receipt.label': 'Comprovante',
  'receipt.item': 'Referente a',
  'receipt.order': 'Pedido',
  'receipt.payment': 'Código do pagamento',
  'receipt.method': 'Forma de pagamento',
  'receipt.card': 'Cartão {brand} final {last4}',
  'receipt.installments': 'Parcelas',
  'receipt.installments.single': 'À vista',
  'receipt.installments.count': '{count}x',
  'receipt.total': 'Total cobrado',
  'receipt.date': 'Data',
  'receipt.next.PIX': 'Pagamento via Pix confirmado na hora. A loja já foi avisada.',
  'receipt.next.BOLETO': 'Boleto pago. A compensação bancária leva até 3 dias úteis; a loja já foi avisada.',
  'receipt.next.CREDIT_CARD': 'A compra aparecerá na fatura do seu cartão. A loja já foi avisada.',
  'expired.title': 'O código Pix expirou',
  'expired.renew': 'Gerar novo código',
  'failed.body': 'O pagamento não foi concluído. Você pode tentar de novo.',
  'failed.retry': 'Tentar novamente',
  'card.refused': '{reason}. Tente outro cartão ou outra forma de pagamento.',
  'refusal.cvv': 'O código de segurança não confere. Confira o código de segurança (CVV) e tente de novo.',
  'refusal.funds': 'Saldo ou limite insuficiente. Use outro cartão ou pague com Pix.',
  'refusal.expired': 'O cartão está vencido. Confira a validade ou use outro cartão.',
  'refusal.number': 'O número do cartão não confere. Confira o número e tente de novo.',
  'refusal.retry': 'O banco não conseguiu responder agora. Tente de novo em instantes ou use outra forma de pagamento.',
};

export function addOutcomeMessages(): void {
  addMessages('pt-BR', outcomeMessages);
}
