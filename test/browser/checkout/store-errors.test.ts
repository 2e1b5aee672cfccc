/**
 * Issue 13 item 4: a store misconfiguration reaches the buyer as a buyer's sentence (the store must
 * fix it, nothing was charged, what to do), with the stable code to quote, never as developer text,
 * a "check the fields", "check your internet" or a retry that cannot work. Through the real helper
 * client (its fetch answering the helper's envelopes), in Chromium.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { registerElements } from '../../../src/components/register.js';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import { createHelperClient } from '../../../src/checkout/api.js';
import sinon from 'sinon';
import { CheckoutError, STORE_PROBLEM_CODES } from '../../../src/checkout/errors.js';
import { chooseMethod, deep, deepText, fakeTimers, mount, must, payButton, record, root, settleClock, until, viewKind } from './support.js';
import { FakeHelper } from './fake-helper.js';

registerElements();

const envelope = (code: string, status: number) =>
  new Response(JSON.stringify({ error: { code, message: `developer text for ${code}: see the helper log` } }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

const STATUS: Record<string, number> = {
  hostname_not_registered: 502,
  gateway_key_rejected: 502,
  product_unavailable: 404,
  gateway_unreachable: 502,
  origin_not_allowed: 403,
};

async function mountWith(answer: () => Response, locale = 'pt-BR') {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  const ev = record(wrapper);
  const el = document.createElement('bynet-checkout');
  el.setAttribute('product', 'prod_1');
  el.setAttribute('locale', locale);
  el.client = createHelperClient({ endpoint: '/nowhere', fetch: async () => answer() });
  wrapper.append(el);
  await until(() => viewKind(el) === 'error', 'error view');
  await el.updateComplete;
  const box = must(root(el), 'bynet-status-message');
  await (box as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return { el, ev, box };
}

describe('store misconfiguration errors (issue 13, item 4)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  for (const code of STORE_PROBLEM_CODES) {
    it(`${code} on /config: a buyer's sentence in pt-BR and en, the code in small print, no retry, typed bynet-error`, async () => {
      for (const locale of ['pt-BR', 'en']) {
        const { el, ev, box } = await mountWith(() => envelope(code, STATUS[code]!), locale);
        const text = deepText(box);
        expect(text).not.to.contain('developer text');
        expect(text).not.to.match(/confira os campos|check the highlighted|internet/i);
        if (locale === 'pt-BR') {
          expect(text).to.contain('Nenhum valor foi cobrado');
          expect(text).to.match(/loja/);
          expect(text).to.contain(`Código para informar à loja: ${code}`);
        } else {
          expect(text).to.contain('You have not been charged');
          expect(text).to.match(/store/);
          expect(text).to.contain(`Code to give the store: ${code}`);
        }
        // the stable code is small print of its own
        const detail = must(box.shadowRoot!, '[part~="status-detail"]');
        expect(detail.textContent).to.contain(code);
        expect(parseFloat(getComputedStyle(detail).fontSize)).to.be.below(parseFloat(getComputedStyle(must(box.shadowRoot!, '[part~="status-body"]')).fontSize));
        // no retry that can never work
        expect(deep(root(el), '[part~="retry-button"]')).to.equal(null);
        const err = ev.detail('bynet-error')!;
        expect(err).to.deep.equal({ code: 'config', message: err.message, recoverable: false, storeCode: code });
        expect(text).to.contain(err.message);
        await expect(el).to.be.accessible();
        el.remove();
      }
    });
  }

  it('a wrong base path (a 404 without the helper envelope on /config) is a store problem too', async () => {
    const { el, ev, box } = await mountWith(() => new Response('<html>Not Found</html>', { status: 404, headers: { 'Content-Type': 'text/html' } }));
    const text = deepText(box);
    expect(text).to.contain('não está configurado corretamente pela loja');
    expect(text).to.contain('Nenhum valor foi cobrado');
    expect(text).to.contain('Código para informar à loja: not_found');
    expect(text).not.to.match(/internet|confira os campos/i);
    expect(deep(root(el), '[part~="retry-button"]')).to.equal(null);
    expect(ev.detail('bynet-error')).to.deep.include({ code: 'config', recoverable: false, storeCode: 'not_found' });
  });

  it('gateway_key_rejected when creating the payment: the store sentence, not "check the fields"', async () => {
    const fake = new FakeHelper();
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const ev = record(wrapper);
    const el = document.createElement('bynet-checkout') as BynetCheckout;
    el.setAttribute('product', 'prod_1');
    const real = createHelperClient({ endpoint: '/nowhere', fetch: async () => envelope('gateway_key_rejected', 502) });
    // config and order from the fake, the payment through the real client's error mapping
    fake.createPayment = (orderId, token, body, key) => real.createPayment(orderId, token, body, key);
    el.client = fake;
    el.customer = { name: 'Maria da Silva', email: 'maria@example.com', phone: '11987654321', document: '52998224725' };
    wrapper.append(el);
    await until(() => viewKind(el) === 'ready', 'ready');
    el.shadowRoot!.querySelector('bynet-method-list')!.shadowRoot!.querySelector<HTMLInputElement>('input[value="PIX"]')!.click();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="pay-button"]')!.click();
    await until(() => viewKind(el) === 'error', 'error view');
    await el.updateComplete;
    const text = deepText(root(el));
    expect(text).to.contain('O serviço de pagamento recusou a configuração da loja');
    expect(text).to.contain('gateway_key_rejected');
    expect(text).not.to.contain('Confira os campos');
    expect(deep(root(el), '[part~="retry-button"]')).to.equal(null);
    expect(ev.detail('bynet-error')).to.deep.include({ code: 'config', storeCode: 'gateway_key_rejected' });
  });
});

describe('store misconfiguration answered to status reads (fake clock)', () => {
  let clock: sinon.SinonFakeTimers;
  const settle = () => settleClock(clock);
  beforeEach(() => {
    sessionStorage.clear();
    clock = fakeTimers(Date.UTC(2026, 0, 1, 12, 0, 0));
  });
  afterEach(() => {
    clock.restore();
    sessionStorage.clear();
  });

  it('gateway_unreachable on status reads says nothing about the payment: the PIX stays, with the trouble notice, never "unverified"', async () => {
    const fake = new FakeHelper();
    const el = await mount(fake, settle);
    chooseMethod(el, 'PIX');
    await settle();
    payButton(el)!.click();
    await settle();
    expect(viewKind(el)).to.equal('awaiting');
    const unreachable = () => Promise.reject(new CheckoutError('config', 'x', { status: 502, apiCode: 'gateway_unreachable', recoverable: false }));
    fake.before.get = Array.from({ length: 4 }, () => unreachable);
    await clock.tickAsync(40_000);
    await settle();
    expect(viewKind(el)).to.equal('awaiting');
    const pix = must(root(el), 'bynet-pix-payment');
    expect(must(pix.shadowRoot!, '[part="notice"]').textContent).to.contain('dificuldade');
    // the gateway answers again: followed to the end
    fake.statuses = ['PAID'];
    await clock.tickAsync(120_000);
    await settle();
    expect(viewKind(el)).to.equal('paid');
  });
});
