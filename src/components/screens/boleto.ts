/** The boleto screen's chunk: the boleto view and its barcode, and its strings. */
import { defineElement } from '../define.js';
import { addBoletoMessages } from '../../checkout/i18n-boleto.js';
import { BynetBoletoPayment } from '../boleto-payment/boleto-payment.js';
import { BynetBarcode } from '../barcode/barcode.js';

export function define(): void {
  addBoletoMessages();
  defineElement('bynet-barcode', BynetBarcode);
  defineElement('bynet-boleto-payment', BynetBoletoPayment);
}
