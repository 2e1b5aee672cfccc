import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { registerElements } from '../../../src/components/register.js';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import { CheckoutError } from '../../../src/checkout/errors.js';
import { createResumeStore } from '../../../src/checkout/resume.js';
import { contrastRatio, LIGHT_SURFACE, parseColor } from '../../../src/checkout/layout.js';
import { formatBoletoLine } from '../../../src/brazil/boleto.js';
import type { PaymentMethod } from '../../../src/contract/payment.js';
import { BOLETO_LINE, BUYER, FakeHelper, pixCodeFor } from './fake-helper.js';
import { chooseMethod, deep, deepText, fakeTimers, mount, must, payButton, record, root, settleClock, until, viewKind } from './support.js';

registerElements();

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('<bynet-checkout>', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => {
    sinon.restore();
    sessionStorage.clear();
  });

  describe('accessibility in every state (axe)', () => {
    const settle = async () => {
      for (let i = 0; i < 3; i++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
    };

    async function reach(fake: FakeHelper, method: PaymentMethod, until_: string): Promise<BynetCheckout> {
      const el = await mount(fake, settle);
      chooseMethod(el, method);
      await el.updateComplete;
      payButton(el)!.click();
      await until(() => viewKind(el) === until_, `view ${until_}`);
      await settle();
      return el;
    }

    it('loading', async () => {
      const fake = new FakeHelper();
      fake.before.config = [() => new Promise<void>(() => undefined)];
      const el = await mount(fake, settle);
      expect(viewKind(el)).to.equal('loading');
      expect(deep(root(el), '[role="status"]')!.textContent).to.contain('Carregando');
      await expect(el).to.be.accessible();
    });

    it('ready (PIX chosen, details shown)', async () => {
      const el = await mount(new FakeHelper(), settle);
      chooseMethod(el, 'PIX');
      await settle();
      expect(payButton(el)).to.exist;
      await expect(el).to.be.accessible();
    });

    it('pix', async () => {
      const el = await reach(new FakeHelper(), 'PIX', 'awaiting');
      expect(deep(root(el), 'bynet-pix-payment')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('boleto', async () => {
      const el = await reach(new FakeHelper(), 'BOLETO', 'awaiting');
      expect(deep(root(el), 'bynet-boleto-payment')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('paid', async () => {
      const fake = new FakeHelper();
      fake.creationStatuses = ['PAID'];
      const el = await reach(fake, 'PIX', 'paid');
      await expect(el).to.be.accessible();
    });

    it('expired', async () => {
      const fake = new FakeHelper();
      fake.creationStatuses = ['EXPIRED'];
      const el = await reach(fake, 'PIX', 'expired');
      await expect(el).to.be.accessible();
    });

    it('failed', async () => {
      const fake = new FakeHelper();
      fake.creationStatuses = ['CANCELED'];
      const el = await reach(fake, 'PIX', 'failed');
      await expect(el).to.be.accessible();
    });

    it('error', async () => {
      const fake = new FakeHelper();
      fake.before.config = [() => Promise.reject(new CheckoutError('network', 'down'))];
      const el = await mount(fake, settle);
      expect(viewKind(el)).to.equal('error');
      expect(deep(root(el), '[part="retry-button"]')).to.exist;
      await expect(el).to.be.accessible();
    });
  });

  describe('loading, layout and theming', () => {
    const settle = async () => {
      for (let i = 0; i < 3; i++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
    };

    it('makes ONE config request, fires bynet-ready once and renders title, amount and methods', async () => {
      const fake = new FakeHelper();
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const ev = record(wrapper);
      const el = document.createElement('bynet-checkout');
      el.setAttribute('product', 'prod_1');
      el.client = fake;
      wrapper.append(el);
      await until(() => ev.count('bynet-ready') === 1, 'ready');
      await settle();
      expect(fake.count('config')).to.equal(1);
      expect(ev.detail('bynet-ready')).to.deep.equal({ methods: ['PIX', 'BOLETO', 'CREDIT_CARD'], amount: 4990, currency: 'BRL' });
      expect(must(root(el), '[part="title"]').textContent).to.equal('Curso de fotografia');
      expect(must(root(el), '[part="amount"]').textContent!.replace(/\s/g, ' ')).to.contain('R$ 49,90');
      const radios = [...must(root(el), 'bynet-method-list').shadowRoot!.querySelectorAll('input')].map((i) => i.value);
      expect(radios).to.deep.equal(['PIX', 'BOLETO', 'CREDIT_CARD']);
      expect(fake.calls).to.deep.equal(['config']);
    });

    it('applies the gateway layout: primary colour, font and logo', async () => {
      const fake = new FakeHelper();
      const logo = `${location.origin}/__no_such_logo__.png`;
      fake.cfg.layout = { primaryColor: '#009FE3', typography: 'INTER', logoUrl: logo };
      const el = await mount(fake, settle);
      const base = must(root(el), '[part="base"]');
      // #009FE3 has 2.97:1 against white: it is darkened just enough to reach AA (4.5:1).
      const applied = base.style.getPropertyValue('--_api-primary');
      const rgb = parseColor(applied)!;
      expect(contrastRatio(rgb, LIGHT_SURFACE)).to.be.within(4.5, 4.8);
      expect(rgb[0]).to.equal(0);
      expect(rgb[2] / rgb[1]).to.be.closeTo(227 / 159, 0.05);
      expect(getComputedStyle(base).getPropertyValue('--_bynet-primary').trim()).to.equal(applied);
      expect(getComputedStyle(base).fontFamily).to.contain('Inter');
      chooseMethod(el, 'PIX');
      await el.updateComplete;
      expect(getComputedStyle(payButton(el)!).backgroundColor).to.equal(`rgb(${rgb.map(Math.round).join(', ')})`);
      expect(must<HTMLImageElement>(root(el), 'img[part="logo"]').getAttribute('src')).to.equal(logo);
      expect(base.hasAttribute('style') ? base.getAttribute('style') : '').not.to.contain('url(');
    });

    it('applies an accessible gateway colour as it is', async () => {
      const fake = new FakeHelper();
      fake.cfg.layout = { primaryColor: '#0B5394', typography: 'montserrat', logoUrl: null };
      const el = await mount(fake, settle);
      const base = must(root(el), '[part="base"]');
      expect(getComputedStyle(base).getPropertyValue('--_bynet-primary').trim()).to.equal('#0B5394');
      expect(getComputedStyle(base).fontFamily).to.contain('Montserrat');
      expect(deep(root(el), 'img')).to.equal(null);
    });

    it('lets merchant CSS win over the gateway layout', async () => {
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      el.style.setProperty('--bynet-color-primary', '#ff0000');
      const base = must(root(el), '[part="base"]');
      expect(getComputedStyle(base).getPropertyValue('--_bynet-primary').trim()).to.equal('#ff0000');
    });

    it('ignores hostile layout values', async () => {
      (window as { __pwned?: unknown }).__pwned = undefined;
      for (const layout of [
        { primaryColor: 'red;background:url(//x)', typography: 'Comic Sans"; x', logoUrl: 'javascript:alert(1)' },
        { primaryColor: 'expression(alert(1))', typography: '__proto__', logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>' },
        { primaryColor: '#12', typography: 'constructor', logoUrl: '//evil.example/x.png' },
      ]) {
        const fake = new FakeHelper();
        fake.cfg.layout = layout;
        const el = await mount(fake, settle);
        const base = must(root(el), '[part="base"]');
        expect(base.style.getPropertyValue('--_api-primary')).to.equal('');
        expect(base.style.getPropertyValue('--_api-font')).to.equal('');
        expect(getComputedStyle(base).getPropertyValue('--_bynet-primary').trim()).to.equal('#0b63ce');
        expect(deep(root(el), 'img')).to.equal(null);
        expect(getComputedStyle(base).backgroundImage).to.equal('none');
        el.remove();
      }
      expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
    });

    it('exposes :state() for the current step', async () => {
      const el = await mount(new FakeHelper(), settle);
      let supported = true;
      try {
        el.matches(':state(ready)');
      } catch {
        supported = false;
      }
      if (!supported) return;
      expect(el.matches(':state(ready)')).to.equal(true);
      expect(el.matches(':state(loading)')).to.equal(false);
    });

    it('shows a config error without a retry when neither product nor cart is set', async () => {
      const fake = new FakeHelper();
      const el = await fixture<BynetCheckout>(html`<bynet-checkout .client=${fake}></bynet-checkout>`);
      await settle();
      expect(viewKind(el)).to.equal('error');
      expect(fake.calls).to.deep.equal([]);
      expect(deep(root(el), '[part="retry-button"]')).to.equal(null);
      expect(must(root(el), 'bynet-status-message').shadowRoot!.textContent).to.contain('não está configurado');
    });

    it('renders in English with locale="en"', async () => {
      const fake = new FakeHelper();
      const el = await fixture<BynetCheckout>(html`<bynet-checkout product="p" locale="en" .client=${fake}></bynet-checkout>`);
      // The English strings are a chunk of their own, fetched for real: wait for the form, not a fixed
      // number of frames (a loaded machine may take longer).
      await until(() => viewKind(el) === 'ready', 'the English checkout never got ready');
      await settle();
      expect(must(root(el), '[part="amount"]').textContent).to.contain('Total');
      chooseMethod(el, 'BOLETO');
      await el.updateComplete;
      expect(payButton(el)!.textContent).to.contain('Create boleto');
    });
  });

  describe('the PIX flow (fake clock)', () => {
    let clock: sinon.SinonFakeTimers;
    const settle = () => settleClock(clock);

    beforeEach(() => {
      clock = fakeTimers(START);
    });
    afterEach(() => clock.restore());

    async function toPix(fake: FakeHelper) {
      const el = await mount(fake, settle);
      const ev = record(el);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();
      return { el, ev };
    }

    it('goes from PIX to paid, firing every event once with the right detail', async () => {
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      const ev = record(el);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();

      expect(fake.calls).to.deep.equal(['config', 'order', 'payment']);
      expect(fake.bodies[0]).to.deep.equal({
        method: 'PIX',
        customer: { name: BUYER.name, email: BUYER.email, phone: BUYER.phone, document: BUYER.document },
      });
      const pix = must(root(el), 'bynet-pix-payment');
      expect(must<HTMLTextAreaElement>(pix.shadowRoot!, '[part="pix-code"]').value).to.equal(pixCodeFor(1));
      // focus moved to the new step's heading
      expect(root(el).activeElement).to.equal(pix);
      expect(pix.shadowRoot!.activeElement?.tagName).to.equal('H2');
      expect(must(root(el), '.visually-hidden[role="status"]').textContent).to.contain('Pague com Pix');

      fake.statuses = ['WAITING_PAYMENT', 'PAID'];
      await clock.tickAsync(2_000);
      await settle();
      expect(viewKind(el)).to.equal('awaiting');
      await clock.tickAsync(2_000);
      await settle();
      expect(viewKind(el)).to.equal('paid');
      expect(must(root(el), 'bynet-status-message').shadowRoot!.textContent).to.contain('Pagamento confirmado');

      expect(ev.count('bynet-method-select')).to.equal(1);
      expect(ev.detail('bynet-method-select')).to.deep.equal({ method: 'PIX' });
      expect(ev.count('bynet-payment-submit')).to.equal(1);
      expect(ev.detail('bynet-payment-submit')).to.deep.equal({ method: 'PIX' });
      expect(ev.count('bynet-payment-created')).to.equal(1);
      expect(ev.detail('bynet-payment-created')).to.deep.equal({ orderId: 'ord_1', paymentId: 'pay_1', method: 'PIX', status: 'WAITING_PAYMENT' });
      expect(ev.count('bynet-payment-status')).to.equal(1);
      expect(ev.detail('bynet-payment-status')).to.deep.equal({ paymentId: 'pay_1', status: 'PAID', previous: 'WAITING_PAYMENT' });
      expect(ev.count('bynet-payment-complete')).to.equal(1);
      expect(ev.detail('bynet-payment-complete')).to.deep.equal({
        orderId: 'ord_1',
        paymentId: 'pay_1',
        method: 'PIX',
        status: 'PAID',
        amount: 4990,
        paidAt: new Date(START + 4_000).toISOString(),
      });
      expect(ev.count('bynet-payment-failed')).to.equal(0);
      expect(ev.count('bynet-error')).to.equal(0);
      const all = JSON.stringify(ev.seen);
      for (const secret of [BUYER.document, BUYER.email, BUYER.phone, 'tok_']) expect(all).not.to.contain(secret);

      // terminal: no more polling; the open record became a paid one (a reload shows the confirmation)
      const gets = fake.count('get');
      await clock.tickAsync(10 * 60_000);
      expect(fake.count('get')).to.equal(gets);
      expect(createResumeStore({ endpoint: '/api/checkout', product: 'prod_1' }).read()?.paid).to.deep.equal({
        status: 'PAID',
        amount: 4990,
        paidAt: new Date(START + 4_000).toISOString(),
      });
    });

    it('double click (and a second submit) sends ONE order and ONE payment', async () => {
      const fake = new FakeHelper();
      let open!: () => void;
      fake.before.order = [() => new Promise<void>((r) => (open = r))];
      const el = await mount(fake, settle);
      const ev = record(el);
      chooseMethod(el, 'PIX');
      await settle();
      const button = payButton(el)!;
      button.click();
      expect(button.disabled).to.equal(true);
      button.click();
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      await settle();
      payButton(el)!.click();
      open();
      await settle();
      payButton(el)?.click();
      await settle();
      expect(fake.count('order')).to.equal(1);
      expect(fake.count('payment')).to.equal(1);
      expect(ev.count('bynet-payment-submit')).to.equal(1);
      expect(viewKind(el)).to.equal('awaiting');
    });

    it('sends nothing when bynet-payment-submit is cancelled', async () => {
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      el.addEventListener('bynet-payment-submit', (e) => e.preventDefault());
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(fake.calls).to.deep.equal(['config']);
      expect(viewKind(el)).to.equal('ready');
      expect(payButton(el)!.disabled).to.equal(false);
    });

    it('expires, then "gerar novo código" creates a new payment for the SAME order', async () => {
      const fake = new FakeHelper();
      fake.pixTtlMs = 10_000;
      const { el, ev } = await toPix(fake);
      await clock.tickAsync(9_999);
      await settle();
      expect(viewKind(el)).to.equal('awaiting');
      await clock.tickAsync(1);
      await settle();
      expect(viewKind(el)).to.equal('expired');
      expect(ev.detail('bynet-payment-status')).to.deep.equal({ paymentId: 'pay_1', status: 'EXPIRED', previous: 'WAITING_PAYMENT' });
      expect(ev.count('bynet-payment-failed')).to.equal(1);
      expect(ev.detail('bynet-payment-failed')).to.deep.include({ paymentId: 'pay_1', status: 'EXPIRED', reason: 'expired' });
      const gets = fake.count('get');
      await clock.tickAsync(60_000);
      expect(fake.count('get')).to.equal(gets);

      const renew = must<HTMLButtonElement>(root(el), '[part="retry-button"]');
      expect(renew.textContent).to.contain('Gerar novo código');
      renew.click();
      await settle();
      expect(fake.count('order')).to.equal(1);
      expect(fake.count('payment')).to.equal(2);
      expect(fake.paymentKeys[1]).not.to.equal(fake.paymentKeys[0]);
      expect(fake.bodies[1]).to.deep.equal(fake.bodies[0]);
      expect(viewKind(el)).to.equal('awaiting');
      const pix = must(root(el), 'bynet-pix-payment');
      expect(must<HTMLTextAreaElement>(pix.shadowRoot!, '[part="pix-code"]').value).to.equal(pixCodeFor(2));
      expect(ev.count('bynet-payment-created')).to.equal(2);
    });

    it('resumes after a reload: same code and countdown, no POST', async () => {
      const fake = new FakeHelper();
      const { el } = await toPix(fake);
      await clock.tickAsync(5 * 60_000);
      await settle();
      const stored = sessionStorage.getItem(createResumeStore({ endpoint: '/api/checkout', product: 'prod_1' }).key)!;
      expect(Object.keys(JSON.parse(stored)).sort()).to.deep.equal(['method', 'orderId', 'paymentId', 'savedAt', 'token']);
      expect(stored).not.to.contain(BUYER.document);
      el.remove();

      // "reload": a new element, a new client, the same sessionStorage
      const fake2 = new FakeHelper();
      for (const [k, v] of fake.payments) fake2.payments.set(k, v);
      const el2 = await mount(fake2, settle);
      const ev2 = record(el2);
      await settle();
      expect(fake2.calls).to.deep.equal(['config', 'get']);
      expect(viewKind(el2)).to.equal('awaiting');
      const pix = must(root(el2), 'bynet-pix-payment');
      expect(must<HTMLTextAreaElement>(pix.shadowRoot!, '[part="pix-code"]').value).to.equal(pixCodeFor(1));
      const countdown = must(pix.shadowRoot!, '[part="countdown"]');
      expect(countdown.textContent!.trim()).to.match(/^(10:00|09:5\d)$/);
      // polling goes on; still no POST
      await clock.tickAsync(30_000);
      expect(fake2.count('order') + fake2.count('payment')).to.equal(0);
      expect(ev2.count('bynet-payment-created')).to.equal(0);
    });

    it('a network error shows a retry that re-sends the SAME request (same idempotency key)', async () => {
      const fake = new FakeHelper();
      fake.before.order = [() => Promise.reject(new CheckoutError('network', 'down'))];
      const { el, ev } = await toPix(fake);
      expect(viewKind(el)).to.equal('error');
      expect(ev.count('bynet-error')).to.equal(1);
      expect(ev.detail('bynet-error')).to.deep.equal({ code: 'network', message: 'Sem conexão com o servidor. Verifique sua internet e tente de novo.', recoverable: true });
      const alert = must(root(el), '[role="alert"]');
      expect(alert.textContent).to.contain('Sem conexão');
      // the form stays, usable, under the error; the pay button does not claim to be working
      const pay = must<HTMLButtonElement>(root(el), '[part="pay-button"]');
      expect(pay.disabled).to.equal(false);
      expect(must(root(el), 'bynet-method-list').hasAttribute('disabled')).to.equal(false);
      expect(pay.getAttribute('aria-busy')).to.equal('false');
      expect(pay.textContent!.trim()).to.not.equal('Processando…');
      must<HTMLButtonElement>(root(el), '[part="retry-button"]').click();
      await settle();
      expect(fake.orderKeys).to.have.length(2);
      expect(fake.orderKeys[1]).to.equal(fake.orderKeys[0]);
      expect(fake.count('payment')).to.equal(1);
      expect(viewKind(el)).to.equal('awaiting');
      expect(ev.count('bynet-error')).to.equal(1);
    });

    it('an expired session shows the error without a retry', async () => {
      const fake = new FakeHelper();
      fake.before.payment = [() => Promise.reject(new CheckoutError('session', 'expired', { status: 401, apiCode: 'invalid_token' }))];
      const { el, ev } = await toPix(fake);
      expect(viewKind(el)).to.equal('error');
      expect(deep(root(el), '[part="retry-button"]')).to.equal(null);
      expect(ev.detail('bynet-error')).to.deep.include({ code: 'session', recoverable: false });
    });

    it('a 400 from the helper brings the form back with the problem shown', async () => {
      const fake = new FakeHelper();
      fake.before.payment = [() => Promise.reject(new CheckoutError('http', 'bad', { status: 400, apiCode: 'invalid_request' }))];
      const { el, ev } = await toPix(fake);
      expect(viewKind(el)).to.equal('ready');
      expect(must(root(el), '[role="alert"]').textContent).to.contain('Confira os campos');
      expect(payButton(el)!.disabled).to.equal(false);
      expect(ev.count('bynet-error')).to.equal(1);
      payButton(el)!.click();
      await settle();
      expect(fake.count('order')).to.equal(1);
      expect(fake.count('payment')).to.equal(2);
      expect(viewKind(el)).to.equal('awaiting');
    });

    it('boleto: sends the address, shows the digitable line and polls slowly', async () => {
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      chooseMethod(el, 'BOLETO');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(fake.bodies[0]!.address).to.deep.equal(BUYER.address);
      const boleto = must(root(el), 'bynet-boleto-payment');
      expect(must<HTMLTextAreaElement>(boleto.shadowRoot!, '[part="digitable-line"]').value).to.equal(formatBoletoLine(BOLETO_LINE));
      await clock.tickAsync(59_999);
      expect(fake.count('get')).to.equal(0);
      await clock.tickAsync(1);
      expect(fake.count('get')).to.equal(1);
    });

    it('shows the trouble notice, with what to do, after about 20 s of failed status checks (not before)', async () => {
      const fake = new FakeHelper();
      const { el } = await toPix(fake);
      fake.before.get = [0, 1, 2, 3, 4].map(() => () => Promise.reject(new CheckoutError('network', 'down')));
      await clock.tickAsync(2_000 + 4_000 + 8_000 + 100);
      await settle();
      const pix = must(root(el), 'bynet-pix-payment');
      expect(deep(pix.shadowRoot!, '[part="notice"]')?.textContent ?? '').not.to.contain('dificuldade');
      await clock.tickAsync(2_000 + 20_000 - (2_000 + 4_000 + 8_000 + 100));
      await settle();
      const notice = must(pix.shadowRoot!, '[part="notice"]').textContent!;
      expect(notice).to.contain('dificuldade');
      expect(notice).to.contain('não pague de novo');
      expect(notice).to.contain('mantenha esta página aberta');
    });
  });

  describe('the card flow (lazy form)', () => {
    const settle = async () => {
      for (let i = 0; i < 3; i++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
    };
    const CARD = { number: '4111111111111111', holderName: 'MARIA DA SILVA', expMonth: 12, expYear: 2030, cvv: '123' };

    it('loads the card form only for the card method; refused -> reason + form again on the SAME order; approved -> brand and last 4', async () => {
      const fake = new FakeHelper();
      fake.creationStatuses = ['REFUSED', 'PAID'];
      const el = await mount(fake, settle);
      const ev = record(el);
      expect(deep(root(el), 'bynet-card-form')).to.equal(null);
      chooseMethod(el, 'CREDIT_CARD');
      await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot, 'card form');
      const form = root(el).querySelector('bynet-card-form')!;
      const validate = sinon.stub(form, 'validate').returns({ ok: true, card: CARD, installments: 2 });
      const clear = sinon.spy(form, 'clear');

      payButton(el)!.click();
      await until(() => viewKind(el) === 'failed', 'failed');
      await settle();
      expect(validate.calledOnce).to.equal(true);
      expect(fake.bodies[0]).to.deep.include({ method: 'CREDIT_CARD', card: CARD, installments: 2 });
      // refusal code 51 (insufficient funds), in our words with the right advice
      expect(deepText(must(root(el), 'bynet-status-message'))).to.contain('Saldo ou limite insuficiente. Use outro cartão ou pague com Pix.');
      // said once, through the root's live region (the box itself has no live role)
      expect(must(root(el), '.visually-hidden[role="status"]').textContent).to.contain('Saldo ou limite insuficiente');
      expect(root(el).querySelector('bynet-card-form')).to.equal(form);
      expect(clear.callCount).to.equal(1);
      expect(ev.detail('bynet-payment-failed')).to.deep.equal({ orderId: 'ord_1', paymentId: 'pay_1', method: 'CREDIT_CARD', status: 'REFUSED', reason: '51' });

      payButton(el)!.click();
      await until(() => viewKind(el) === 'paid', 'paid');
      await settle();
      expect(fake.count('order')).to.equal(1);
      expect(fake.count('payment')).to.equal(2);
      expect(fake.paymentKeys[0]).not.to.equal(fake.paymentKeys[1]);
      const text = must(root(el), '[part="receipt"]').textContent!;
      expect(text).to.contain('Cartão Visa final 1111');
      expect(clear.callCount).to.be.at.least(2);
      expect(ev.count('bynet-payment-complete')).to.equal(1);

      const everything = JSON.stringify(ev.seen) + JSON.stringify({ ...sessionStorage }) + el.outerHTML + root(el).innerHTML;
      expect(everything).not.to.contain(CARD.number);
      expect(everything).not.to.contain('"cvv"');
    });

    it('does not submit when the card form is invalid', async () => {
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      chooseMethod(el, 'CREDIT_CARD');
      await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot, 'card form');
      await settle();
      payButton(el)!.click();
      await settle();
      expect(fake.calls).to.deep.equal(['config']);
      expect(payButton(el)!.disabled).to.equal(false);
    });
  });
});
