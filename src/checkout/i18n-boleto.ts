/**
 * The boleto view's own strings in pt-BR: part of that screen's lazy chunk (registered with
 * `addMessages` when it loads), so buyers who never open it never download them. Other locales
 * carry theirs in their own module.
 */
import { addMessages } from './i18n.js';
import type { BoletoMessageKey } from './i18n.js';

export const boletoMessages: Record<BoletoMessageKey, string> = {
  'boleto.instructions': 'Pague em qualquer banco, lotérica ou app até a data de vencimento. A compensação leva até 3 dias úteis.',
  'boleto.lineLabel': 'Linha digitável',
  'boleto.copy': 'Copiar linha digitável',
  'boleto.copied': 'Linha digitável copiada',
  'boleto.copyFailed': 'Não foi possível copiar. Selecione a linha e copie manualmente.',
  'boleto.barcodeLabel': 'Código de barras do boleto',
  'boleto.showBarcode': 'Mostrar código de barras',
  'boleto.hideBarcode': 'Ocultar código de barras',
  'boleto.dueDate': 'Vencimento',
  'boleto.pdf': 'Baixar boleto em PDF',
  'boleto.amount': 'Valor',
  'boleto.invalid': 'O boleto recebido é inválido. Tente novamente.',
};

/** Adds these strings to the pt-BR catalogue (idempotent). */
export function addBoletoMessages(): void {
  addMessages('pt-BR', boletoMessages);
}
