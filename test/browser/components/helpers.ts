/** Shared fixtures and helpers for the leaf component tests. */
import { defineElement } from '../../../src/components/define.js';
import { BynetQrCode } from '../../../src/components/qr-code/qr-code.js';
import { BynetBarcode } from '../../../src/components/barcode/barcode.js';
import { BynetCountdown } from '../../../src/components/countdown/countdown.js';
import { BynetMethodList } from '../../../src/components/method-list/method-list.js';
import { BynetCustomerFields } from '../../../src/components/customer-fields/customer-fields.js';
import { BynetPixPayment } from '../../../src/components/pix-payment/pix-payment.js';
import { BynetBoletoPayment } from '../../../src/components/boleto-payment/boleto-payment.js';
import { BynetStatusMessage } from '../../../src/components/status-message/status-message.js';
import { buildPixCode } from '../../../src/brazil/pix.js';
import { buildBoletoBarcode, boletoBarcodeToLine } from '../../../src/brazil/boleto.js';
import type { Payment } from '../../../src/contract/payment.js';

export function registerAll(): void {
  defineElement('bynet-qr-code', BynetQrCode);
  defineElement('bynet-barcode', BynetBarcode);
  defineElement('bynet-countdown', BynetCountdown);
  defineElement('bynet-method-list', BynetMethodList);
  defineElement('bynet-customer-fields', BynetCustomerFields);
  defineElement('bynet-pix-payment', BynetPixPayment);
  defineElement('bynet-boleto-payment', BynetBoletoPayment);
  defineElement('bynet-status-message', BynetStatusMessage);
}

/** Strings that would run script or inject markup if anything rendered them as HTML. */
export const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>"\'&';

export const PIX_CODE = buildPixCode({
  url: 'pix.example.com/qr/v2/cobv/9d36b84fc70b478fb95c12729b90ca25',
  merchantName: 'Loja Exemplo',
  merchantCity: 'Sao Paulo',
  amount: 4990,
  txid: 'PEDIDO123',
});

/** Same code with its CRC16 changed: structurally fine, corrupted. */
export const BROKEN_PIX_CODE = PIX_CODE.slice(0, -4) + (PIX_CODE.endsWith('0000') ? '0001' : '0000');

export const BOLETO_BARCODE = buildBoletoBarcode({
  bankCode: '001',
  amount: 4990,
  dueDate: '2026-01-01',
  freeField: '0000002820649300000123418',
});
export const BOLETO_LINE = boletoBarcodeToLine(BOLETO_BARCODE);

const NOW_ISO = '2026-01-01T12:00:00.000Z';

export function pixPayment(over: Partial<Payment['pix']> = {}, amount = 4990): Payment {
  return {
    id: 'pay_1',
    orderId: 'ord_1',
    method: 'PIX',
    status: 'WAITING_PAYMENT',
    amount,
    pix: { code: PIX_CODE, expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), ...over },
    updatedAt: NOW_ISO,
  };
}

export function boletoPayment(over: Partial<NonNullable<Payment['boleto']>> = {}, amount = 4990): Payment {
  return {
    id: 'pay_2',
    orderId: 'ord_2',
    method: 'BOLETO',
    status: 'WAITING_PAYMENT',
    amount,
    boleto: {
      digitableLine: BOLETO_LINE,
      barcode: BOLETO_BARCODE,
      pdfUrl: 'https://boletos.example.com/b/123.pdf',
      dueDate: '2026-01-01',
      ...over,
    },
    updatedAt: NOW_ISO,
  };
}

export { decodeSvgQr } from '../../support/qr-decode.js';

/** A promise with its resolve/reject exposed, to hold a pending state in a test. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** `querySelector` inside an element's shadow root, failing loudly when missing. */
export function $<E extends Element = HTMLElement>(host: Element, selector: string): E {
  const found = host.shadowRoot!.querySelector<E>(selector as never);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found as E;
}

/**
 * Waits (frame by frame, no timers left behind) until `predicate` holds. Unlike `waitUntil` it
 * leaves no pending timeout that could fire into a later test's fake clock.
 */
export async function until(predicate: () => boolean, message = 'condition not met', frames = 180): Promise<void> {
  for (let i = 0; i < frames; i++) {
    if (predicate()) return;
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  }
  throw new Error(`Timeout: ${message}`);
}
