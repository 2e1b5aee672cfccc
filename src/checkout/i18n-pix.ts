/**
 * The PIX view's own strings in pt-BR (its countdown's included): part of that screen's lazy chunk
 * (registered with `addMessages` when it loads), so buyers who never open it never download them.
 * Other locales carry theirs in their own module.
 */
import { addMessages } from './i18n.js';
import type { PixMessageKey } from './i18n.js';

export const pixMessages: Record<PixMessageKey, string> = {
  'pix.stepsLabel': 'Como pagar',
  'pix.step1': 'Abra o app do seu banco no celular.',
  'pix.step2': 'Escolha Pix e leia o QR code com a câmera (ou use Pix copia e cola).',
  'pix.step3': 'Confira o valor e confirme o pagamento.',
  'pix.step1.touch': 'Toque em “Copiar código Pix”.',
  'pix.step2.touch': 'Abra o app do seu banco e escolha Pix copia e cola.',
  'pix.step3.touch': 'Cole o código, confira o valor e confirme.',
  'pix.qrOtherDevice': 'Vai pagar com outro celular? Leia este QR code com ele.',
  'pix.qrLabel': 'QR code Pix de {amount}',
  'pix.codeLabel': 'Código Pix copia e cola',
  'pix.copy': 'Copiar código Pix',
  'pix.copied': 'Código Pix copiado',
  'pix.copiedButton': 'Código copiado!',
  'pix.copyFailed': 'Não foi possível copiar. Selecione o código e copie manualmente.',
  'pix.expiresIn': 'O código expira em',
  'pix.payBy': 'Pague até {time}',
  'pix.lastMinute': 'Falta menos de 1 minuto para o código expirar. Conclua o pagamento no app do seu banco.',
  'pix.waiting': 'Aguardando o pagamento…',
  'pix.invalidCode': 'O código Pix recebido está corrompido. Tente gerar um novo.',
  'pix.amount': 'Valor',
  'countdown.label': 'Tempo restante: {time}',
};

/** Adds these strings to the pt-BR catalogue (idempotent). */
export function addPixMessages(): void {
  addMessages('pt-BR', pixMessages);
}
