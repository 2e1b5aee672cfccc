/** Contract-valid data for the checkout logic and root-element tests. */
import type { ConfigResponse, PaymentResponse } from '../../../src/contract/helper.js';
import type { Payment, PaymentMethod, PaymentStatus } from '../../../src/contract/payment.js';
import { CheckoutError } from '../../../src/checkout/errors.js';
import type { CheckoutErrorCode, CheckoutErrorOptions } from '../../../src/checkout/errors.js';

export const SERVER_TIME = '2026-01-01T12:00:00.000Z';
export const TOKEN = 'tok_config_0123456789abcdef';
export const ORDER_TOKEN = 'tok_order_0123456789abcdef';
/** Any string of the right length passes the contract; the root tests use a real BR Code. */
export const SOME_PIX_CODE = '00020101021226830014br.gov.bcb.pix2561pix.example.com/qr';
export const SOME_LINE = '00190000090282064930000012341801100000000004990';

export function config(over: Partial<ConfigResponse['checkout']> = {}, layout: Partial<ConfigResponse['layout']> = {}): ConfigResponse {
  return {
    checkout: {
      kind: 'product',
      ref: 'prod_1',
      title: 'Curso de fotografia',
      amount: 4990,
      currency: 'BRL',
      items: [{ title: 'Curso de fotografia', unitPrice: 4990, quantity: 1 }],
      methods: ['PIX', 'BOLETO', 'CREDIT_CARD'],
      installments: [
        { count: 1, amount: 4990, total: 4990, interest: false },
        { count: 2, amount: 2595, total: 5190, interest: true },
      ],
      pixExpiresInSeconds: 900,
      addressRequiredFor: ['BOLETO'],
      ...over,
    },
    layout: { primaryColor: '#009FE3', typography: 'INTER', logoUrl: null, ...layout },
    token: TOKEN,
    serverTime: SERVER_TIME,
    features: { statusStream: false },
  };
}

export function payment(method: PaymentMethod = 'PIX', status: PaymentStatus = 'WAITING_PAYMENT', over: Partial<Payment> = {}): Payment {
  const base: Payment = { id: 'pay_1', orderId: 'ord_1', method, status, amount: 4990, updatedAt: SERVER_TIME };
  if (method === 'PIX') base.pix = { code: SOME_PIX_CODE, expiresAt: '2026-01-01T12:15:00.000Z' };
  if (method === 'BOLETO') base.boleto = { digitableLine: SOME_LINE, dueDate: '2026-01-04' };
  if (method === 'CREDIT_CARD' && (status === 'PAID' || status === 'AUTHORIZED')) base.card = { brand: 'visa', last4: '1111' };
  return { ...base, ...over };
}

export const paymentResponse = (p: Payment): PaymentResponse => ({ payment: p, serverTime: SERVER_TIME });

export const err = (code: CheckoutErrorCode, o: CheckoutErrorOptions = {}) => new CheckoutError(code, code, o);
