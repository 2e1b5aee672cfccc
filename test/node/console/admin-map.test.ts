import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvText, decodeRefusal, transactionFilters, transactionRow, transactionSummary } from '../../../src/server/admin/index.js';

/** Summary by ID, the example of the gateway's page (placeholders "XX" included). */
const SUMMARY_EXAMPLE = {
  id: 'XX',
  amount: 10,
  status: 'REFUSED',
  createdAt: '2025-03-28T21:30:42.929Z',
  updatedAt: '2025-03-28T21:30:42.974Z',
  paidAt: 'XX',
  externalRef: 'XX',
  customer: {
    name: 'XX',
    email: 'XX',
    phone: 'XX',
    document: { type: 'CNPJ', number: '00' },
    address: { id: 'XX', street: 'XX', streetNumber: '00', complement: 'XX', zipCode: '00', neighborhood: 'XX', city: 'XX', state: 'XX', country: 'XX' },
  },
  paymentMethod: 'PIX',
  installments: 'XX',
  card: 'XX',
  pix: 'XX',
  boleto: 'XX',
  delivery: 'XX',
  items: [{ id: 'XX', externalRef: 'XX', title: 'XX', unitPrice: 0, quantity: 0, tangible: false, transactionId: 'XX' }],
  fee: { id: 'XX', fixedAmount: 199, spreadPercentage: 3.49, estimatedFee: 199.349, netAmount: -190, transactionId: 'XX', gatewayId: 'XX' },
  metadata: '{"linkId":"XX","sellerId":"XX","orderId":"XX","gatewayId":"XX"}',
  provider: 'XX',
  refusedReason: '{"code":"XX"}',
  qrCode: 'XX',
  barcode: 'XX',
  payUrl: 'XX',
  webUrl: 'XX',
  appUrl: 'XX',
};

/** A Find All item, from the gateway's page. */
const FIND_ALL_ITEM = {
  id: '00000000-0000-0000-0000-0000000000000',
  amount: 10,
  refundedAmount: 0,
  installments: null,
  paymentMethod: 'PIX',
  status: 'REFUSED',
  traceable: false,
  createdAt: '2025-03-28T21:30:42.929Z',
  updatedAt: '2025-03-28T21:30:42.974Z',
  paidAt: null,
  externalRef: 'undefined',
  customer: {
    document: { id: '0', number: '0000000000', type: 'CNPJ', customerId: '0' },
    address: { id: '0', street: 'AVENIDA PAULA FERREIRA', streetNumber: '3', complement: '', zipCode: '02915000', neighborhood: 'FREGUESIA DO Ó', city: 'SÃO PAULO', state: 'SP', country: 'br' },
  },
  card: null,
  refusedReason: '{"code":"ERR_INVALID_ARG_TYPE"}',
  delivery: null,
  fee: { fixedAmount: 199, spreadPercentage: 3.49, estimatedFee: 199.349, netAmount: -190 },
};

describe('admin: gateway shapes -> the console contract', () => {
  it("reads the page's Summary example: fee and net amount, refusal decoded, placeholders dropped", () => {
    const s = transactionSummary(SUMMARY_EXAMPLE);
    assert.deepEqual(s.fee, { fixedAmount: 199, spreadPercentage: 3.49, estimatedFee: 199.349, netAmount: -190 });
    assert.deepEqual(s.refusal, { code: 'XX', message: null });
    assert.equal(s.paidAt, null, '"XX" is not a date');
    assert.equal(s.installments, null, '"XX" is not a number');
    assert.equal(s.payUrl, null, 'only http(s) links');
    assert.deepEqual(s.pix, { qrCode: 'XX' });
    assert.deepEqual(s.boleto, { barcode: 'XX', url: null });
    assert.deepEqual(s.customer?.document, { type: 'CNPJ', number: '00' });
    assert.equal(s.customer?.address?.streetNumber, '00');
    assert.deepEqual(s.items, [{ title: 'XX', unitPrice: 0, quantity: 0, tangible: false }]);
    assert.deepEqual(s.timeline, [
      { status: 'CREATED', at: '2025-03-28T21:30:42.929Z' },
      { status: 'REFUSED', at: '2025-03-28T21:30:42.974Z' },
    ]);
    assert.ok(!('card' in s) && !('metadata' in s));
  });

  it('a paid boleto: timeline, links, no refusal', () => {
    const s = transactionSummary({
      id: 'tx1',
      status: 'PAID',
      paymentMethod: 'BOLETO',
      amount: 5000,
      createdAt: '2025-04-01T10:00:00.000Z',
      updatedAt: '2025-04-02T09:00:00.000Z',
      paidAt: '2025-04-02T09:00:00.000Z',
      boleto: { barcode: '34191090080000000000000000000000000000000000', url: 'https://example.com/b.pdf' },
      payUrl: 'javascript:alert(1)',
      webUrl: 'https://pay.example.com/tx1',
      refusedReason: null,
    });
    assert.deepEqual(s.timeline.map((t) => t.status), ['CREATED', 'PAID']);
    assert.equal(s.refusal, null);
    assert.equal(s.boleto?.url, 'https://example.com/b.pdf');
    assert.equal(s.payUrl, 'https://pay.example.com/tx1');
  });

  it('decodes every refusedReason form', () => {
    assert.deepEqual(decodeRefusal('{"code":"ERR_INVALID_ARG_TYPE"}'), { code: 'ERR_INVALID_ARG_TYPE', message: null });
    assert.deepEqual(decodeRefusal({ code: 'card_declined', message: 'Cartão recusado' }), { code: 'card_declined', message: 'Cartão recusado' });
    assert.deepEqual(decodeRefusal('Saldo insuficiente'), { code: null, message: 'Saldo insuficiente' });
    assert.deepEqual(decodeRefusal(undefined), { code: null, message: null });
  });

  it("maps the page's Find All item to a list row, no more", () => {
    const row = transactionRow(FIND_ALL_ITEM);
    assert.deepEqual(row, {
      id: FIND_ALL_ITEM.id,
      createdAt: '2025-03-28T21:30:42.929Z',
      status: 'REFUSED',
      paymentMethod: 'PIX',
      amount: 10,
      refundedAmount: 0,
      installments: null,
      deliveryStatus: null,
      customer: { name: null, email: null },
    });
  });

  it('filters: value forms of the docs, comma-separated or repeated', () => {
    const q = transactionFilters(new URLSearchParams('status=PAID, refused&status=PAID&paymentMethods=credit-card&installments=1,%202&traceable=false'), true);
    assert.deepEqual(q, { page: 1, limit: 20, status: ['PAID', 'REFUSED'], paymentMethods: ['CREDIT_CARD'], installments: [1, 2], traceable: false });
  });

  it('CSV cells: formula characters prefixed, quotes doubled', () => {
    assert.equal(csvText('=1+1'), "'=1+1");
    assert.equal(csvText('+55 11'), "'+55 11");
    assert.equal(csvText('-2'), "'-2");
    assert.equal(csvText('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvText('\tx'), "'\tx");
    assert.equal(csvText('a,"b"'), '"a,""b"""');
    assert.equal(csvText('Ana Souza'), 'Ana Souza');
    assert.equal(csvText(null), '');
  });
});
