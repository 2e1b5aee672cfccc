/**
 * Issue 13 (the buyer's experience): a way back from every non-final state, a receipt-grade
 * confirmation, and card refusals in our own words. Root element with a FakeHelper client, in Chromium.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { registerElements } from '../../../src/components/register.js';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import type { BynetCardForm } from '../../../src/components/card-form/card-form.js';
import { CheckoutError } from '../../../src/checkout/errors.js';
import { brandName, refusalKind } from '../../../src/checkout/receipt.js';
import { FakeHelper } from './fake-helper.js';
import { chooseMethod, deep, deepText, fakeTimers, mount, mountRecorded, must, payButton, record, root, settleClock, until, viewKind } from './support.js';

registerElements();

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const CARD = { number: '4111111111111111', holderName: 'MARIA DA SILVA', expMonth: 12, expYear: 2030, cvv: '123' };
const money = (s: string) => s.replace(/\u00a0/g, ' ');

const changeButton = (el: BynetCheckout) => must<HTMLButtonElement>(root(el), '[part~="change-method-button"]');
const methodList = (el: BynetCheckout) => must(root(el), 'bynet-method-list');
const radios = (el: BynetCheckout) => [...methodList(el).shadowRoot!.querySelectorAll<HTMLInputElement>('input')];
const field = (el: BynetCheckout, name: string) => must<HTMLInputElement>(must(root(el), 'bynet-customer-fields').shadowRoot!, `input[name="${name}"]`);

function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
}

describe('buyer experience (issue 13)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => {
    sinon.restore();
    sessionStorage.clear();
  });

  describe('a way back from every non-final state (fake clock)', () => {
    let clock: sinon.SinonFakeTimers;
    const settle = () => settleClock(clock);
    beforeEach(() => {
      clock = fakeTimers(START);
    });
    afterEach(() => clock.restore());

    /** axe under the fake clock: its own timers are run by ticking until it answers. */
    async function accessible(el: BynetCheckout): Promise<void> {
      let done = false;
      let failure: unknown;
      void (async () => {
        try {
          await expect(el).to.be.accessible();
        } catch (e) {
          failure = e;
        } finally {
          done = true;
        }
      })();
      for (let i = 0; !done && i < 2000; i++) {
        await clock.tickAsync(5);
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
      }
      if (failure) throw failure;
      expect(done, 'axe finished').to.equal(true);
    }

    async function toPix(fake: FakeHelper) {
      const el = await mount(fake, settle);
      const ev = record(el);
      chooseMethod(el, 'PIX');
      await settle();
      typeInto(field(el, 'name'), 'Joana Pereira');
      await settle();
      payButton(el)!.click();
      await settle();
      return { el, ev };
    }

    it('from a waiting PIX: back to the method choice of the SAME order, the typed details kept; a boleto goes on the same order', async () => {
      const fake = new FakeHelper();
      const { el, ev } = await toPix(fake);
      expect(viewKind(el)).to.equal('awaiting');
      const back = changeButton(el);
      expect(back.textContent!.trim()).to.equal('Escolher outra forma de pagamento');
      await accessible(el);

      back.click();
      await settle();
      expect(viewKind(el)).to.equal('ready');
      expect(deep(root(el), 'bynet-pix-payment')).to.equal(null);
      expect(radios(el).every((r) => !r.checked && !r.disabled)).to.equal(true);
      // focus moved to the method choice
      expect(root(el).activeElement).to.equal(methodList(el));
      expect(methodList(el).shadowRoot!.activeElement?.tagName).to.equal('INPUT');
      await accessible(el);

      chooseMethod(el, 'BOLETO');
      await settle();
      expect(ev.seen.filter((s) => s.name === 'bynet-method-select').at(-1)!.detail).to.deep.equal({ method: 'BOLETO', orderId: 'ord_1', openPaymentId: 'pay_1' });
      // what the buyer typed for the PIX is still there
      expect(field(el, 'name').value).to.equal('Joana Pereira');
      payButton(el)!.click();
      await settle();
      expect(viewKind(el)).to.equal('awaiting');
      expect(deep(root(el), 'bynet-boleto-payment')).to.exist;
      expect(fake.count('order')).to.equal(1);
      expect(fake.count('payment')).to.equal(2);
      expect(fake.bodies[1]).to.deep.include({ method: 'BOLETO' });
      expect(fake.bodies[1]!.customer.name).to.equal('Joana Pereira');
      // the boleto has its own way back too
      expect(changeButton(el)).to.exist;
      await accessible(el);
    });

    it('a PIX left for the method choice is still followed: paid meanwhile -> the confirmation', async () => {
      const fake = new FakeHelper();
      const { el, ev } = await toPix(fake);
      changeButton(el).click();
      await settle();
      expect(viewKind(el)).to.equal('ready');
      fake.statuses = ['PAID'];
      await clock.tickAsync(5_000);
      await settle();
      expect(viewKind(el)).to.equal('paid');
      expect(ev.count('bynet-payment-complete')).to.equal(1);
      expect(ev.detail('bynet-payment-complete')).to.deep.include({ orderId: 'ord_1', paymentId: 'pay_1', method: 'PIX', status: 'PAID' });
      expect(fake.count('payment')).to.equal(1);
    });

    it('from an expired PIX and from a refused PIX: back to the method choice (same order)', async () => {
      for (const status of ['EXPIRED', 'CANCELED'] as const) {
        sessionStorage.clear();
        const fake = new FakeHelper();
        fake.creationStatuses = [status];
        const { el } = await toPix(fake);
        expect(viewKind(el)).to.equal(status === 'EXPIRED' ? 'expired' : 'failed');
        await accessible(el);
        changeButton(el).click();
        await settle();
        expect(viewKind(el)).to.equal('ready');
        chooseMethod(el, 'BOLETO');
        await settle();
        payButton(el)!.click();
        await settle();
        expect(viewKind(el)).to.equal('awaiting');
        expect(fake.count('order')).to.equal(1);
        el.remove();
      }
    });

    for (const [label, failure] of [
      ['offline', () => new CheckoutError('network', 'down')],
      ['a 503', () => new CheckoutError('http', 'unavailable', { status: 503, apiCode: 'upstream_unavailable' as never })],
    ] as const) {
      it(`${label}: the method choice and the typed details stay usable; "Tentar de novo" re-sends the request`, async () => {
        const fake = new FakeHelper();
        fake.before.payment = [() => Promise.reject(failure())];
        const { el } = await toPix(fake);
        expect(viewKind(el)).to.equal('error');
        expect(methodList(el).hasAttribute('disabled')).to.equal(false);
        expect(radios(el).some((r) => r.disabled)).to.equal(false);
        expect(field(el, 'name').disabled).to.equal(false);
        expect(field(el, 'name').value).to.equal('Joana Pereira');
        expect(payButton(el)!.disabled).to.equal(false);
        await accessible(el);

        must<HTMLButtonElement>(root(el), '[part~="retry-button"]').click();
        await settle();
        expect(fake.count('payment')).to.equal(2);
        expect(fake.paymentKeys[1]).to.equal(fake.paymentKeys[0]);
        expect(viewKind(el)).to.equal('awaiting');
        expect(fake.bodies[0]!.customer.name).to.equal('Joana Pereira');
      });
    }

    it('after a failed request the buyer can pick another method and pay it (same order)', async () => {
      const fake = new FakeHelper();
      fake.before.payment = [() => Promise.reject(new CheckoutError('network', 'down'))];
      const { el } = await toPix(fake);
      expect(viewKind(el)).to.equal('error');
      chooseMethod(el, 'BOLETO');
      await settle();
      expect(viewKind(el)).to.equal('ready');
      payButton(el)!.click();
      await settle();
      expect(viewKind(el)).to.equal('awaiting');
      expect(fake.count('order')).to.equal(1);
      expect(fake.bodies.at(-1)).to.deep.include({ method: 'BOLETO' });
    });
  });

  describe('card (lazy form)', () => {
    const settle = async () => {
      for (let i = 0; i < 3; i++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
    };

    async function toCard(fake: FakeHelper, locale?: string) {
      const { el, ev } = await mountRecorded(fake, settle, locale);
      // English strings arrive in their own module: the method list renders once they are in
      await until(() => !!root(el).querySelector('bynet-method-list'), 'method list');
      chooseMethod(el, 'CREDIT_CARD');
      await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot, 'card form');
      await settle();
      return { el, ev };
    }

    function payWith(el: BynetCheckout, installments = 1) {
      const form = root(el).querySelector<BynetCardForm>('bynet-card-form')!;
      sinon.stub(form, 'validate').returns({ ok: true, card: CARD, installments });
      payButton(el)!.click();
    }

    it('a card lockout (429 on a card attempt) shows on the card option only; PIX and boleto still pay', async () => {
      const fake = new FakeHelper();
      fake.before.payment = [() => Promise.reject(new CheckoutError('rate-limited', 'Too many requests.', { status: 429, apiCode: 'rate_limited', retryAfterMs: 600_000 }))];
      const { el } = await toCard(fake);
      payWith(el);
      await until(() => viewKind(el) === 'ready' && deepText(methodList(el)).includes('Indisponível'), 'card locked');
      await settle();
      expect(radios(el).some((r) => r.disabled)).to.equal(false);
      const cardOption = [...methodList(el).shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.includes('Cartão'))!;
      expect(cardOption.textContent).to.contain('Indisponível no momento: muitas tentativas');
      expect(must(root(el), '[role="alert"]').textContent).to.contain('Muitas tentativas com cartão. Pague com Pix ou boleto');
      expect(root(el).querySelector('bynet-card-form')).to.equal(null);
      expect(payButton(el)!.disabled).to.equal(true);
      await expect(el).to.be.accessible();

      chooseMethod(el, 'PIX');
      await settle();
      expect(payButton(el)!.disabled).to.equal(false);
      payButton(el)!.click();
      await until(() => viewKind(el) === 'awaiting', 'pix');
      expect(fake.bodies.at(-1)).to.deep.include({ method: 'PIX' });
      expect(fake.count('order')).to.equal(1);
    });

    it('from the card form (and after a refusal) "Escolher outra forma de pagamento" moves to the method choice', async () => {
      const fake = new FakeHelper();
      fake.creationStatuses = ['REFUSED'];
      const { el } = await toCard(fake);
      expect(changeButton(el)).to.exist;
      payWith(el);
      await until(() => viewKind(el) === 'failed', 'failed');
      await settle();
      changeButton(el).click();
      await settle();
      expect(root(el).activeElement).to.equal(methodList(el));
      chooseMethod(el, 'PIX');
      await settle();
      expect(viewKind(el)).to.equal('ready');
      payButton(el)!.click();
      await until(() => viewKind(el) === 'awaiting', 'pix');
      expect(fake.count('order')).to.equal(1);
    });

    it('receipt: item, order and payment references, "Cartão Visa final 1111", installments, charged total, date, what happens next', async () => {
      const fake = new FakeHelper();
      const { el, ev } = await toCard(fake);
      payWith(el, 2);
      await until(() => viewKind(el) === 'paid', 'paid');
      await settle();
      const receipt = money(deepText(must(root(el), '[part~="receipt"]')));
      expect(receipt).to.contain('Comprovante');
      expect(receipt).to.contain('Referente a Curso de fotografia');
      expect(receipt).to.contain('Pedido ord_1');
      expect(receipt).to.contain('Código do pagamento pay_1');
      expect(receipt).to.contain('Forma de pagamento Cartão Visa final 1111');
      expect(receipt).to.contain('Parcelas 2x');
      expect(receipt).to.contain('Total cobrado R$ 51,90');
      expect(receipt).to.match(/Data \d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}/);
      expect(deepText(root(el))).to.contain('A compra aparecerá na fatura do seu cartão');
      expect(ev.detail('bynet-payment-complete')).to.deep.include({ amount: 5190, installments: 2 });
      expect(Number.isNaN(Date.parse(ev.detail('bynet-payment-complete')!.paidAt!))).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('receipt in English, Amex written "Amex"', async () => {
      const fake = new FakeHelper();
      fake.brand = 'AMEX';
      const { el } = await toCard(fake, 'en');
      payWith(el);
      await until(() => viewKind(el) === 'paid', 'paid');
      await settle();
      const receipt = money(deepText(must(root(el), '[part~="receipt"]')));
      expect(receipt).to.contain('Payment method Amex card ending in 1111');
      expect(receipt).to.contain('Installments Single payment');
      expect(receipt).not.to.contain('AMEX');
      await expect(el).to.be.accessible();
    });

    const refusals: [locale: string | undefined, refusal: { code: string; message: string }, says: string, never?: string][] = [
      [undefined, { code: 'incorrect_cvc', message: 'Código de segurança inválido' }, 'Confira o código de segurança'],
      [undefined, { code: 'insufficient_funds', message: 'Saldo insuficiente' }, 'Use outro cartão ou pague com Pix'],
      [undefined, { code: 'refused', message: 'Transação não autorizada' }, 'Transação não autorizada. Tente outro cartão ou outra forma de pagamento.'],
      ['en', { code: 'incorrect_cvc', message: 'Código de segurança inválido' }, 'Check the security code', 'Código'],
      ['en', { code: '51', message: 'Saldo insuficiente' }, 'Use another card or pay with Pix', 'Saldo'],
      ['en', { code: 'refused', message: 'Transação não autorizada' }, 'The bank refused the payment', 'Transação'],
    ];
    for (const [locale, refusal, says, never] of refusals) {
      it(`refusal ${refusal.code} (${locale ?? 'pt-BR'}): "${says}"`, async () => {
        const fake = new FakeHelper();
        fake.creationStatuses = ['REFUSED'];
        fake.refusal = refusal;
        const { el } = await toCard(fake, locale);
        payWith(el);
        await until(() => viewKind(el) === 'failed', 'failed');
        await settle();
        const alert = deepText(must(root(el), 'bynet-status-message'));
        expect(alert).to.contain(says);
        // announced once, by the root's live region
        expect(must(root(el), '.visually-hidden[role="status"]').textContent).to.contain(says);
        if (never) expect(deepText(root(el))).not.to.contain(never);
        await expect(el).to.be.accessible();
      });
    }
  });

  describe('wording helpers', () => {
    it('brandName capitalises card brands (Amex, not AMEX)', () => {
      expect(['VISA', 'mastercard', 'AMEX', 'american_express', 'ELO', 'hipercard', 'JCB', 'somebrand'].map(brandName)).to.deep.equal([
        'Visa', 'Mastercard', 'Amex', 'Amex', 'Elo', 'Hipercard', 'JCB', 'Somebrand',
      ]);
    });

    it('refusalKind reads the code first, then the gateway words', () => {
      const k = (code: string, message = '') => refusalKind({ code, message });
      expect([k('incorrect_cvc'), k('51'), k('expired_card'), k('14'), k('91'), k('card_declined', 'Cartão recusado pelo banco emissor')]).to.deep.equal([
        'cvv', 'funds', 'expired', 'number', 'retry', 'generic',
      ]);
      expect([k('refused', 'Saldo insuficiente'), k('refused', 'CVV inválido'), k('refused', 'Cartão vencido'), k('refused', 'Não autorizada')]).to.deep.equal([
        'funds', 'cvv', 'expired', 'generic',
      ]);
      expect(refusalKind(undefined)).to.equal('generic');
    });
  });
});

