/** The PIX screen's chunk: the PIX view, its QR code (lean-qr inside) and its countdown, and its strings. */
import { defineElement } from '../define.js';
import { addPixMessages } from '../../checkout/i18n-pix.js';
import { BynetPixPayment } from '../pix-payment/pix-payment.js';
import { BynetQrCode } from '../qr-code/qr-code.js';
import { BynetCountdown } from '../countdown/countdown.js';

export function define(): void {
  addPixMessages();
  defineElement('bynet-qr-code', BynetQrCode);
  defineElement('bynet-countdown', BynetCountdown);
  defineElement('bynet-pix-payment', BynetPixPayment);
}
