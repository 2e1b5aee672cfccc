/** The boleto screen's chunk: the boleto view and its barcode. */
import { defineElement } from '../define.js';
import { BynetBoletoPayment } from '../boleto-payment/boleto-payment.js';
import { BynetBarcode } from '../barcode/barcode.js';

export function define(): void {
  defineElement('bynet-barcode', BynetBarcode);
  defineElement('bynet-boleto-payment', BynetBoletoPayment);
}
