/**
 * Defines the elements of the first load (guarded: defining twice, or two copies of the package on
 * one page, is harmless): the root, the method list, the buyer's details and the status messages.
 *
 * Each payment screen is a chunk of its own, fetched by `loadScreen` (screens/load.ts) when the buyer picks (or
 * points at) its method, or when a reload resumes a payment of that method:
 *   - PIX: `<bynet-pix-payment>`, `<bynet-qr-code>` (with the QR encoder), `<bynet-countdown>`;
 *   - BOLETO: `<bynet-boleto-payment>`, `<bynet-barcode>`;
 *   - CREDIT_CARD: `<bynet-card-form>` (with imask and credit-card-type) and the card strings.
 * The script-tag build inlines them (one file), so there `loadScreen` fetches nothing.
 */
import { defineElement } from './define.js';
import { BynetCheckout } from './checkout/checkout.js';
import { BynetMethodList } from './method-list/method-list.js';
import { BynetCustomerFields } from './customer-fields/customer-fields.js';
import { BynetStatusMessage } from './status-message/status-message.js';

export function registerElements(): void {
  // Leaves first, so the root upgrades with its children already defined.
  defineElement('bynet-status-message', BynetStatusMessage);
  defineElement('bynet-method-list', BynetMethodList);
  defineElement('bynet-customer-fields', BynetCustomerFields);
  defineElement('bynet-checkout', BynetCheckout);
}
