/**
 * "Money is never lost, never doubled, never misstated": what `<bynet-checkout>` shows after a
 * reload past PAID, when a resumed payment cannot be read, when the order turns out to be paid
 * already (409 order_paid), and which total it shows with a card installment plan.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { registerElements } from '../../../src/components/register.js';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import type { BynetCardForm } from '../../../src/components/card-form/card-form.js';
import { CheckoutError } from '../../../src/checkout/errors.js';
import { loadLocale } from '../../../src/checkout/i18n.js';
import { createResumeStore } from '../../../src/checkout/resume.js';
import type { InstallmentOption } from '../../../src/contract/helper.js';
import type { Payment } from '../../../src/contract/payment.js';
import { FakeHelper, pixCodeFor } from './fake-helper.js';
import { ORDER_TOKEN } from './fixtures.js';
import { chooseMethod, deep, deepText, fakeTimers, mount, mountRecorded, must, payButton, root, settleClock, until, viewKind } from './support.js';

registerElements();

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const store = () => createResumeStore({ endpoint: '/api/checkout', product: 'prod_1' });
const NBSP = '\u00a0';
const money = (s: string) => s.replace(/\u00a0/g, ' ');

/** A card payment paid in 12 installments with interest: R$ 60,12 charged for a R$ 49,90 price. */
const PAID_CARD: Payment = {
  id: 'pay_7',
  orderId: 'ord_7',
  method: 'CREDIT_CARD',
  status: 'PAID',
  amount: 6012,
  installments: 12,
  card: { brand: 'visa', last4: '1111' },
  updatedAt: '2026-01-01T11:58:00.000Z',
};

const PLANS: InstallmentOption[] = [
  { count: 1, amount: 4990, total: 4990, interest: false },
  { count: 3, amount: 1663, total: 4990, interest: false },
  { count: 12, amount: 501, total: 6012, interest: true },
];

/** Nothing of a payment form is on screen. */
function expectNoForm(el: BynetCheckout): void {
  expect(payButton(el), 'pay button').to.equal(null);
  expect(deep(root(el), 'bynet-method-list'), 'method list').to.equal(null);
  expect(deep(root(el), 'bynet-customer-fields'), 'customer fields').to.equal(null);
  expect(deep(root(el), 'bynet-card-form'), 'card form').to.equal(null);
}

const notFound = () => new CheckoutError('session', 'Payment not found.', { status: 404, apiCode: 'not_found' });
const badToken = () => new CheckoutError('session', 'Invalid token.', { status: 401, apiCode: 'invalid_token' });

/** The bynet-payment-complete detail without `paidAt` (checked here: an ISO instant), for deep.equal. */
function complete(ev: { detail: (name: 'bynet-payment-complete') => Record<string, unknown> | undefined }): Record<string, unknown> | undefined {
  const d = ev.detail('bynet-payment-complete');
  if (!d) return d;
  const { paidAt, ...rest } = d;
  expect(Number.isNaN(Date.parse(String(paidAt)))).to.equal(false, 'paidAt is an ISO instant');
  return rest;
}

// English arrives in its own module; these tests run under fake timers, so it is loaded up front
// (its lazy loading is tested with the lazy screens and in the end-to-end runs).
before(() => loadLocale('en'));

describe('<bynet-checkout> outcomes: never lost, never doubled, never misstated', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  const settle = () => settleClock(clock!);
  /** axe schedules with real timers: checked last, after the fake clock is gone. */
  const accessible = async (el: BynetCheckout) => {
    clock?.restore();
    clock = undefined;
    await expect(el).to.be.accessible();
  };

  beforeEach(() => {
    sessionStorage.clear();
    clock = fakeTimers(START);
  });
  afterEach(() => {
    clock?.restore();
    clock = undefined;
    sinon.restore();
    sessionStorage.clear();
  });

  /** Pays a PIX in the fake: mount, choose PIX, pay, then the next status read says PAID. */
  async function payPix(fake: FakeHelper): Promise<BynetCheckout> {
    const el = await mount(fake, settle);
    chooseMethod(el, 'PIX');
    await settle();
    payButton(el)!.click();
    await settle();
    fake.statuses = ['PAID'];
    await clock!.tickAsync(2_000);
    await settle();
    expect(viewKind(el)).to.equal('paid');
    return el;
  }

  it('a PIX paid end to end in pt-BR creates no Intl formatter (the first one of a page costs 50-80 ms): first screen, PIX screen, receipt', async () => {
    const dates = sinon.spy(Intl, 'DateTimeFormat');
    const numbers = sinon.spy(Intl, 'NumberFormat');
    const el = await payPix(new FakeHelper());
    const receipt = deep(root(el), '[part="receipt"]');
    expect(receipt, 'the receipt').to.exist;
    // the receipt's date: the payment's last change, in local time, as Intl would write it
    const at = new Date(Date.parse(store().read()!.paid!.paidAt));
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(receipt!.textContent).to.contain(`${pad(at.getDate())}/${pad(at.getMonth() + 1)}/${at.getFullYear()}, ${pad(at.getHours())}:${pad(at.getMinutes())}`);
    expect(dates.callCount, 'Intl.DateTimeFormat').to.equal(0);
    expect(numbers.callCount, 'Intl.NumberFormat').to.equal(0);
  });

  describe('a reload after PAID shows the confirmation, never a new checkout', () => {
    it('re-reads the payment: confirmation, no form, no new order or payment, bynet-payment-complete once with restored: true', async () => {
      const fake = new FakeHelper();
      const first = await payPix(fake);
      const saved = store().read()!;
      expect(saved.paid).to.deep.include({ status: 'PAID', amount: 4990 });
      expect(JSON.stringify(saved)).not.to.contain('maria');
      first.remove();

      const fake2 = new FakeHelper();
      for (const [k, v] of fake.payments) fake2.payments.set(k, v);
      fake2.statuses = ['PAID'];
      const { el, ev } = await mountRecorded(fake2, settle);
      expect(fake2.calls).to.deep.equal(['config', 'get']);
      expect(viewKind(el)).to.equal('paid');
      expectNoForm(el);
      const text = money(deepText(root(el)));
      expect(text).to.contain('Pagamento confirmado!').and.to.contain('R$ 49,90').and.to.contain('ord_1');
      expect(ev.count('bynet-payment-complete')).to.equal(1);
      expect(complete(ev as never)).to.deep.equal({
        orderId: 'ord_1',
        paymentId: 'pay_1',
        method: 'PIX',
        status: 'PAID',
        amount: 4990,
        restored: true,
      });
      expect(ev.count('bynet-payment-created')).to.equal(0);
      // No polling, nothing posted, and the record stays for the next reload.
      await clock!.tickAsync(5 * 60_000);
      expect(fake2.calls).to.deep.equal(['config', 'get']);
      expect(store().read()?.paymentId).to.equal('pay_1');
      expect(el.matches(':state(paid)')).to.equal(true);
      await accessible(el);
    });

    for (const [label, failure] of [
      ['404 not_found', notFound],
      ['401 invalid_token', badToken],
      ['a network failure', () => new CheckoutError('network', 'down')],
    ] as const) {
      it(`shows the remembered confirmation when the re-read fails (${label}): charged amount, installments, card, order number`, async () => {
        store().track(PAID_CARD, ORDER_TOKEN);
        const fake = new FakeHelper();
        fake.before.get = [() => Promise.reject(failure())];
        const { el, ev } = await mountRecorded(fake, settle);
        expect(fake.calls).to.deep.equal(['config', 'get']);
        expect(viewKind(el)).to.equal('paid');
        expectNoForm(el);
        expect(deep(root(el), '[part~="retry-button"]')).to.equal(null);
        const text = money(deepText(root(el)));
        expect(text).to.contain('Recebemos seu pagamento de R$ 60,12 em 12x');
        expect(text).to.contain('Cartão Visa final 1111').and.to.contain('ord_7');
        // The header states what was charged, not the price.
        expect(money(must(root(el), '[part="amount"]').textContent!)).to.contain('R$ 60,12');
        expect(ev.count('bynet-error')).to.equal(0);
        expect(complete(ev as never)).to.deep.equal({
          orderId: 'ord_7',
          paymentId: 'pay_7',
          method: 'CREDIT_CARD',
          status: 'PAID',
          amount: 6012,
          installments: 12,
          restored: true,
        });
        expect(store().read()?.paid?.amount).to.equal(6012);
        await accessible(el);
      });
    }

    it('shows the remembered confirmation even when the config cannot load', async () => {
      store().track(PAID_CARD, ORDER_TOKEN);
      const fake = new FakeHelper();
      fake.before.config = [() => Promise.reject(new CheckoutError('config', 'gone', { status: 404, recoverable: false }))];
      fake.before.get = [() => Promise.reject(notFound())];
      const { el, ev } = await mountRecorded(fake, settle);
      expect(viewKind(el)).to.equal('paid');
      expectNoForm(el);
      expect(money(deepText(root(el)))).to.contain('R$ 60,12').and.to.contain('ord_7');
      expect(ev.count('bynet-error')).to.equal(0);
      expect(ev.count('bynet-payment-complete')).to.equal(1);
      await accessible(el);
    });

    it('reset() forgets the paid outcome and starts a new checkout (a new order on the next payment)', async () => {
      const fake = new FakeHelper();
      const el = await payPix(fake);
      const firstOrderKey = fake.orderKeys[0];
      el.reset();
      await settle();
      expect(store().read()).to.equal(undefined);
      expect(viewKind(el)).to.equal('ready');
      expect(fake.count('config')).to.equal(2);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(viewKind(el)).to.equal('awaiting');
      expect(fake.count('order')).to.equal(2);
      expect(fake.orderKeys[1]).not.to.equal(firstOrderKey);
    });
  });

  describe('a resumed payment that cannot be read: a clear message, never a fresh form', () => {
    const openRecord = () => store().save({ orderId: 'ord_9', paymentId: 'pay_9', method: 'PIX', token: ORDER_TOKEN });

    for (const [label, failure] of [
      ['404 not_found', notFound],
      ['401 invalid_token', badToken],
    ] as const) {
      it(`${label} on the first read: message with the order number, "Verificar de novo" and "Iniciar um novo pagamento", no form`, async () => {
        openRecord();
        const fake = new FakeHelper();
        fake.before.get = [() => Promise.reject(failure())];
        const { el, ev } = await mountRecorded(fake, settle);
        expect(viewKind(el)).to.equal('unverified');
        expect(el.matches(':state(unverified)')).to.equal(true);
        expectNoForm(el);
        const text = deepText(root(el));
        expect(text).to.contain(
          'Não conseguimos confirmar o seu pagamento agora. Se você já pagou, ele será confirmado pela loja — guarde o número do pedido ord_9.',
        );
        expect(must(root(el), '[part~="retry-button"]').textContent!.trim()).to.equal('Verificar de novo');
        const fresh = must<HTMLButtonElement>(root(el), '[part~="new-payment-button"]');
        expect(fresh.textContent!.trim()).to.equal('Iniciar um novo pagamento');
        // The warning is the button's description.
        const warning = root(el).getElementById(fresh.getAttribute('aria-describedby')!)!;
        expect(warning.textContent).to.contain('Se já pagou, não pague de novo');
        expect(ev.count('bynet-error')).to.equal(1);
        const error = ev.detail('bynet-error')!;
        expect(error).to.deep.include({ code: 'payment-unverified', recoverable: true });
        expect(error.message).to.contain('ord_9').and.not.to.contain('{orderId}');
        // The record stays: the payment may exist. Nothing was created, and nothing polls.
        expect(store().read()?.paymentId).to.equal('pay_9');
        await clock!.tickAsync(5 * 60_000);
        expect(fake.calls).to.deep.equal(['config', 'get']);
        await accessible(el);
      });
    }

    it('"Verificar de novo" re-reads: a failed re-read keeps the message, a good one shows the payment', async () => {
      openRecord();
      const fake = new FakeHelper();
      fake.before.get = [() => Promise.reject(notFound()), () => Promise.reject(badToken())];
      const { el, ev } = await mountRecorded(fake, settle);
      expect(viewKind(el)).to.equal('unverified');

      must<HTMLButtonElement>(root(el), '[part~="retry-button"]').click();
      await settle();
      expect(fake.count('get')).to.equal(2);
      expect(viewKind(el)).to.equal('unverified');
      expect(ev.count('bynet-error')).to.equal(2);
      expectNoForm(el);

      // The helper can read it again (e.g. it was restarted): the PIX it knows comes back.
      fake.payments.set('pay_9', {
        id: 'pay_9',
        orderId: 'ord_9',
        method: 'PIX',
        status: 'WAITING_PAYMENT',
        amount: 4990,
        pix: { code: pixCodeFor(9), expiresAt: new Date(START + 10 * 60_000).toISOString() },
        updatedAt: new Date(START).toISOString(),
      });
      must<HTMLButtonElement>(root(el), '[part~="retry-button"]').click();
      await settle();
      expect(fake.count('get')).to.equal(3);
      expect(viewKind(el)).to.equal('awaiting');
      const pix = must(root(el), 'bynet-pix-payment');
      expect(must<HTMLTextAreaElement>(pix.shadowRoot!, '[part="pix-code"]').value).to.equal(pixCodeFor(9));
      expect(fake.count('order') + fake.count('payment')).to.equal(0);
      // ...and it is followed from there.
      fake.statuses = ['PAID'];
      await clock!.tickAsync(2_000);
      await settle();
      expect(viewKind(el)).to.equal('paid');
      expect(ev.count('bynet-payment-complete')).to.equal(1);
      expect(ev.detail('bynet-payment-complete')).not.to.have.property('restored');
    });

    it('"Iniciar um novo pagamento" is the explicit way to a fresh form (new order), and forgets the unreadable payment', async () => {
      openRecord();
      const fake = new FakeHelper();
      fake.before.get = [() => Promise.reject(notFound())];
      const { el } = await mountRecorded(fake, settle);
      must<HTMLButtonElement>(root(el), '[part~="new-payment-button"]').click();
      await settle();
      expect(viewKind(el)).to.equal('ready');
      expect(deep(root(el), 'bynet-method-list')).to.exist;
      expect(store().read()).to.equal(undefined);
      expect(fake.calls).to.deep.equal(['config', 'get', 'config']);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(viewKind(el)).to.equal('awaiting');
      expect(fake.count('order')).to.equal(1);
    });

    it('in English', async () => {
      openRecord();
      const fake = new FakeHelper();
      fake.before.get = [() => Promise.reject(notFound())];
      const { el } = await mountRecorded(fake, settle, 'en');
      const text = deepText(root(el));
      expect(text).to.contain("We can't confirm your payment right now. If you already paid, the store will confirm it — keep your order number ord_9.");
      expect(must(root(el), '[part~="retry-button"]').textContent!.trim()).to.equal('Check again');
      expect(must(root(el), '[part~="new-payment-button"]').textContent!.trim()).to.equal('Start a new payment');
    });

    it('a followed payment the helper stops knowing (401 three times in a row) turns into the message, not an endless "trouble" notice', async () => {
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(viewKind(el)).to.equal('awaiting');
      fake.before.get = [0, 1, 2].map(() => () => Promise.reject(badToken()));
      await clock!.tickAsync(2_000 + 4_000 + 8_000 + 100);
      await settle();
      expect(viewKind(el)).to.equal('unverified');
      expect(deepText(root(el))).to.contain('guarde o número do pedido ord_1');
      expect(deep(root(el), 'bynet-pix-payment')).to.equal(null);
      const gets = fake.count('get');
      await clock!.tickAsync(60 * 60_000);
      expect(fake.count('get')).to.equal(gets);
      // Never "new code" for a PIX that may have been paid.
      expect(deepText(root(el))).not.to.contain('Gerar novo código');
    });
  });

  it('a boleto the helper stops knowing keeps its digitable line under the message (it can still be paid)', async () => {
    const fake = new FakeHelper();
    const el = await mount(fake, settle);
    chooseMethod(el, 'BOLETO');
    await settle();
    payButton(el)!.click();
    await settle();
    expect(viewKind(el)).to.equal('awaiting');
    fake.before.get = [0, 1, 2].map(() => () => Promise.reject(notFound()));
    await clock!.tickAsync(20 * 60_000);
    await settle();
    expect(viewKind(el)).to.equal('unverified');
    expect(fake.count('get')).to.equal(3);
    expect(deepText(root(el))).to.contain('guarde o número do pedido ord_1');
    expect(deep(root(el), 'bynet-boleto-payment')).to.exist;
    expect(deep(root(el), '[part~="new-payment-button"]')).to.exist;
    expect(payButton(el)).to.equal(null);
    await accessible(el);
  });

  describe('409 order_paid', () => {
    it('shows the confirmation for the payment that settled the order, fires bynet-payment-complete once, never offers to pay again', async () => {
      const fake = new FakeHelper();
      const paid: Payment = { id: 'pay_7', orderId: 'ord_1', method: 'PIX', status: 'PAID', amount: 4990, updatedAt: '2026-01-01T11:58:00.000Z' };
      fake.before.payment = [
        () => Promise.reject(new CheckoutError('order-paid', 'This order is already paid.', { status: 409, apiCode: 'order_paid', payment: paid })),
      ];
      const { el, ev } = await mountRecorded(fake, settle);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(viewKind(el)).to.equal('paid');
      expectNoForm(el);
      expect(money(deepText(root(el)))).to.contain('Pagamento confirmado!').and.to.contain('R$ 49,90').and.to.contain('ord_1');
      expect(ev.count('bynet-payment-complete')).to.equal(1);
      expect(complete(ev as never)).to.deep.equal({ orderId: 'ord_1', paymentId: 'pay_7', method: 'PIX', status: 'PAID', amount: 4990 });
      expect(ev.count('bynet-payment-created')).to.equal(0);
      expect(ev.count('bynet-error')).to.equal(0);
      expect(store().read()?.paid?.status).to.equal('PAID');
      await clock!.tickAsync(10 * 60_000);
      expect(fake.count('get')).to.equal(0);
      expect(ev.count('bynet-payment-complete')).to.equal(1);
      await accessible(el);
    });

    it('a waiting PIX whose order another payment settled (a second tab paid by card) turns into that confirmation, not a payable code', async () => {
      const fake = new FakeHelper();
      const card: Payment = { id: 'pay_card', orderId: 'ord_1', method: 'CREDIT_CARD', status: 'PAID', amount: 4990, card: { brand: 'visa', last4: '1111' }, updatedAt: '2026-01-01T12:00:30.000Z' };
      const { el, ev } = await mountRecorded(fake, settle);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(viewKind(el)).to.equal('awaiting');
      fake.before.get = [() => Promise.reject(new CheckoutError('order-paid', 'This order is already paid.', { status: 409, apiCode: 'order_paid', payment: card }))];
      await clock!.tickAsync(2_000);
      await settle();
      expect(viewKind(el)).to.equal('paid');
      expect(deep(root(el), 'bynet-pix-payment')).to.equal(null);
      expect(deepText(root(el))).to.contain('Pagamento confirmado!').and.to.contain('1111');
      expect(ev.count('bynet-payment-complete')).to.equal(1);
      expect(ev.detail('bynet-payment-complete')).to.deep.include({ paymentId: 'pay_card', status: 'PAID' });
      const gets = fake.count('get');
      await clock!.tickAsync(10 * 60_000);
      expect(fake.count('get')).to.equal(gets);
    });

    it('after a reload, the same: the resumed PIX answers 409 order_paid and the confirmation of the settling payment shows', async () => {
      const first = new FakeHelper();
      const el1 = await mount(first, settle);
      chooseMethod(el1, 'PIX');
      await settle();
      payButton(el1)!.click();
      await settle();
      expect(viewKind(el1)).to.equal('awaiting');
      el1.remove();
      const card: Payment = { id: 'pay_card', orderId: 'ord_1', method: 'CREDIT_CARD', status: 'PAID', amount: 4990, updatedAt: '2026-01-01T12:00:30.000Z' };
      const fake = new FakeHelper();
      fake.before.get = [() => Promise.reject(new CheckoutError('order-paid', 'This order is already paid.', { status: 409, apiCode: 'order_paid', payment: card }))];
      const el = await mount(fake, settle);
      expect(viewKind(el)).to.equal('paid');
      expectNoForm(el);
      expect(deepText(root(el))).to.contain('Pagamento confirmado!');
    });

    it('without a payment in the answer: an error that says the order is paid, with no retry and no form', async () => {
      const fake = new FakeHelper();
      fake.before.payment = [() => Promise.reject(new CheckoutError('order-paid', 'paid', { status: 409, apiCode: 'order_paid' }))];
      const { el, ev } = await mountRecorded(fake, settle);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(viewKind(el)).to.equal('error');
      expectNoForm(el);
      expect(deep(root(el), '[part~="retry-button"]')).to.equal(null);
      expect(deepText(root(el))).to.contain('Este pedido já foi pago');
      expect(ev.detail('bynet-error')).to.deep.include({ code: 'order-paid', recoverable: false });
    });
  });
});

describe('<bynet-checkout> shows what the gateway charges (card installments)', () => {
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
  };
  const CARD = { number: '4111111111111111', holderName: 'MARIA DA SILVA', expMonth: 12, expYear: 2030, cvv: '123' };

  beforeEach(() => sessionStorage.clear());
  afterEach(() => {
    sinon.restore();
    sessionStorage.clear();
  });

  const header = (el: BynetCheckout) => money(must(root(el), '[part="amount"]').textContent!.replace(/\s+/g, ' ').trim());
  const pay = (el: BynetCheckout) => money(payButton(el)!.textContent!.trim());

  async function choosePlan(form: BynetCardForm, count: number): Promise<void> {
    const select = form.shadowRoot!.querySelector<HTMLSelectElement>('select[part~="installments"]')!;
    select.value = String(count);
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
  }

  it('header, pay button and select show the plan total with "com juros"; the confirmation and the event show payment.amount', async () => {
    const fake = new FakeHelper();
    fake.cfg.checkout.installments = PLANS;
    const { el, ev } = await mountRecorded(fake, settle);
    expect(header(el)).to.equal('Total: R$ 49,90');
    chooseMethod(el, 'CREDIT_CARD');
    await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot?.querySelector('select'), 'card form');
    await settle();
    const form = root(el).querySelector('bynet-card-form')!;
    const labels = [...form.shadowRoot!.querySelectorAll('option')].map((o) => o.textContent!.trim());
    expect(labels).to.deep.equal([
      `1x de R$${NBSP}49,90 sem juros`,
      `3x de R$${NBSP}16,63 sem juros`,
      `12x de R$${NBSP}5,01 (total R$${NBSP}60,12, com juros)`,
    ]);
    expect(pay(el)).to.equal('Pagar R$ 49,90');

    await choosePlan(form, 12);
    expect(header(el)).to.equal('Total: R$ 60,12 em 12x, com juros');
    expect(pay(el)).to.equal('Pagar R$ 60,12 em 12x');
    await expect(el).to.be.accessible();

    await choosePlan(form, 3);
    expect(header(el)).to.equal('Total: R$ 49,90 em 3x sem juros');
    expect(pay(el)).to.equal('Pagar R$ 49,90 em 3x');

    await choosePlan(form, 12);
    sinon.stub(form, 'validate').returns({ ok: true, card: CARD, installments: 12 });
    payButton(el)!.click();
    await until(() => viewKind(el) === 'paid', 'paid');
    await settle();
    expect(fake.bodies[0]).to.deep.include({ method: 'CREDIT_CARD', installments: 12 });
    expect(fake.bodies[0]).not.to.have.property('amount');
    const text = money(deepText(root(el)));
    expect(text).to.contain('Recebemos seu pagamento de R$ 60,12 em 12x. Obrigado!');
    expect(header(el)).to.equal('Total: R$ 60,12');
    expect(complete(ev as never)).to.deep.equal({
      orderId: 'ord_1',
      paymentId: 'pay_1',
      method: 'CREDIT_CARD',
      status: 'PAID',
      amount: 6012,
      installments: 12,
    });
    await expect(el).to.be.accessible();
    const everything = JSON.stringify(ev.seen) + JSON.stringify({ ...sessionStorage }) + el.outerHTML + root(el).innerHTML;
    expect(everything).not.to.contain(CARD.number);
    expect(everything).not.to.contain('"cvv"');
  });

  it('the confirmation states payment.amount from the helper, even when it differs from the plan shown', async () => {
    const fake = new FakeHelper();
    fake.cfg.checkout.installments = PLANS;
    // The gateway charged R$ 60,15 (its own rounding): that is what the buyer is told.
    const original = fake.createPayment.bind(fake);
    sinon.stub(fake, 'createPayment').callsFake(async (...args: Parameters<FakeHelper['createPayment']>) => {
      const r = await original(...args);
      return { ...r, payment: { ...r.payment, amount: 6015 } };
    });
    const el = await mount(fake, settle);
    chooseMethod(el, 'CREDIT_CARD');
    await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot?.querySelector('select'), 'card form');
    const form = root(el).querySelector('bynet-card-form')!;
    await choosePlan(form, 12);
    sinon.stub(form, 'validate').returns({ ok: true, card: CARD, installments: 12 });
    payButton(el)!.click();
    await until(() => viewKind(el) === 'paid', 'paid');
    await settle();
    expect(money(deepText(root(el)))).to.contain('R$ 60,15 em 12x').and.not.to.contain('R$ 60,12');
    expect(store().read()?.paid?.amount).to.equal(6015);
  });

  it('in English: "with interest" in the select and the header', async () => {
    const fake = new FakeHelper();
    fake.cfg.checkout.installments = PLANS;
    const { el } = await mountRecorded(fake, settle, 'en');
    chooseMethod(el, 'CREDIT_CARD');
    await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot?.querySelector('select'), 'card form');
    const form = root(el).querySelector('bynet-card-form')!;
    await choosePlan(form, 12);
    const labels = [...form.shadowRoot!.querySelectorAll('option')].map((o) => o.textContent!.trim());
    expect(labels[2]).to.equal('12x R$5.01 (total R$60.12, with interest)');
    expect(header(el)).to.equal('Total: R$60.12 in 12 installments, with interest');
    expect(pay(el)).to.equal('Pay R$60.12 in 12 installments');
  });
});
