/**
 * Defines every element of the main bundle (guarded: defining twice, or two copies of the package
 * on one page, is harmless). `<bynet-card-form>` is not here: the root loads and defines it lazily
 * when the buyer picks the card method.
 */
import { defineElement } from './define.js';
import { BynetCheckout } from './checkout/checkout.js';
import { BynetMethodList } from './method-list/method-list.js';
import { BynetCustomerFields } from './customer-fields/customer-fields.js';
import { BynetPixPayment } from './pix-payment/pix-payment.js';
import { BynetBoletoPayment } from './boleto-payment/boleto-payment.js';
import { BynetQrCode } from './qr-code/qr-code.js';
import { BynetBarcode } from './barcode/barcode.js';
import { BynetCountdown } from './countdown/countdown.js';
import { BynetStatusMessage } from './status-message/status-message.js';

export function registerElements(): void {
  // Leaves first, so the root upgrades with its children already defined.
  defineElement('bynet-qr-code', BynetQrCode);
  defineElement('bynet-barcode', BynetBarcode);
  defineElement('bynet-countdown', BynetCountdown);
  defineElement('bynet-status-message', BynetStatusMessage);
  defineElement('bynet-method-list', BynetMethodList);
  defineElement('bynet-customer-fields', BynetCustomerFields);
  defineElement('bynet-pix-payment', BynetPixPayment);
  defineElement('bynet-boleto-payment', BynetBoletoPayment);
  defineElement('bynet-checkout', BynetCheckout);
}
