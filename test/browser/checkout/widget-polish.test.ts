/**
 * Issue 13 (items 7-9) and issue 15 (widget side), in Chromium: the card form after a refusal, brand
 * marks, aligned labels, contrast, dark logo and `theme="auto"`, CSS parts, the document keyboard,
 * the installment total on a phone, one live region per message, skeletons, the boleto line on a
 * phone, the cart summary and the quantity stepper, the specific refusal code in the event.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { registerElements } from '../../../src/components/register.js';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import type { BynetCardForm } from '../../../src/components/card-form/card-form.js';
import { documentInputMode } from '../../../src/components/customer-fields/customer-fields.js';
import { contrastRatio, parseColor } from '../../../src/checkout/layout.js';
import { BUYER, FakeHelper } from './fake-helper.js';
import { config } from './fixtures.js';
import { chooseMethod, deep, deepText, mount, mountRecorded, must, payButton, root, until, viewKind } from './support.js';

registerElements();

const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
};
const viewport = (width: number, height = 800) => setViewport({ width, height } as Parameters<typeof setViewport>[0]);
const money = (s: string) => s.replace(/\u00a0/g, ' ');
const cardForm = (el: BynetCheckout) => must<BynetCardForm>(root(el), 'bynet-card-form');
const cardInput = (el: BynetCheckout, id: string) => must<HTMLInputElement>(cardForm(el).shadowRoot!, `#${id}`);

async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}

async function toCard(fake: FakeHelper, locale?: string) {
  const { el, ev } = await mountRecorded(fake, settle, locale);
  chooseMethod(el, 'CREDIT_CARD');
  await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot?.querySelector('#cc-number'), 'card form');
  await settle();
  return { el, ev };
}

/** Every element (through shadow roots) that is a live region, with its text. */
function liveRegions(node: ParentNode): Element[] {
  const out: Element[] = [];
  const walk = (n: ParentNode) => {
    for (const e of n.querySelectorAll('*')) {
      const role = e.getAttribute('role');
      if (role === 'status' || role === 'alert' || role === 'log' || e.hasAttribute('aria-live')) out.push(e);
      if (e.shadowRoot) walk(e.shadowRoot);
    }
  };
  walk(node);
  return out;
}

function ratio(fg: string, bg: string): number {
  const a = parseColor(fg);
  const b = parseColor(bg);
  if (!a || !b) throw new Error(`unparsable colour ${fg} / ${bg}`);
  return contrastRatio(a, b);
}

describe('widget polish (issues 13 and 15)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(async () => {
    sessionStorage.clear();
    await viewport(800, 600);
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' } as Parameters<typeof emulateMedia>[0]);
  });

  describe('card form', () => {
    it('after a refusal keeps the holder name and expiry, clears number and CVV; the event carries the refusal code', async () => {
      const fake = new FakeHelper();
      fake.creationStatuses = ['REFUSED'];
      fake.refusal = { code: 'refused', message: 'Saldo insuficiente para a transação' };
      const { el, ev } = await toCard(fake);
      await typeInto(cardInput(el, 'cc-number'), '4111111111111111');
      await typeInto(cardInput(el, 'cc-name'), 'MARIA DA SILVA');
      await typeInto(cardInput(el, 'cc-exp'), '1230');
      await typeInto(cardInput(el, 'cc-csc'), '123');
      payButton(el)!.click();
      await until(() => viewKind(el) === 'failed', 'failed');
      await settle();
      await cardForm(el).updateComplete;
      expect(cardInput(el, 'cc-number').value).to.equal('');
      expect(cardInput(el, 'cc-csc').value).to.equal('');
      expect(cardInput(el, 'cc-name').value).to.equal('MARIA DA SILVA');
      expect(cardInput(el, 'cc-exp').value).to.equal('12/30');
      // the gateway's catch-all "refused" is reported with the kind its reason names
      expect(ev.detail('bynet-payment-failed')).to.deep.include({ status: 'REFUSED', reason: 'insufficient_funds' });
      // a new number and CVV are enough to pay again
      fake.creationStatuses = ['PAID'];
      await typeInto(cardInput(el, 'cc-number'), '5555555555554444');
      await typeInto(cardInput(el, 'cc-csc'), '321');
      payButton(el)!.click();
      await until(() => viewKind(el) === 'paid', 'paid');
      expect(fake.bodies[1]!.card).to.deep.include({ holderName: 'MARIA DA SILVA', expMonth: 12, expYear: 2030 });
      const everything = JSON.stringify(ev.seen) + JSON.stringify({ ...sessionStorage }) + el.outerHTML;
      expect(everything).not.to.contain('4111111111111111');
      expect(everything).not.to.contain('5555555555554444');
    });

    it('a refusal with its own code keeps that code in the event; an unknown catch-all stays "refused"', async () => {
      for (const [refusal, reason] of [
        [{ code: 'incorrect_cvc', message: 'x' }, 'incorrect_cvc'],
        [{ code: 'refused', message: 'Código de segurança inválido' }, 'invalid_cvv'],
        [{ code: 'refused', message: 'Transação não autorizada' }, 'refused'],
      ] as const) {
        const fake = new FakeHelper();
        fake.creationStatuses = ['REFUSED'];
        fake.refusal = { ...refusal };
        const { el, ev } = await toCard(fake);
        sinonless(cardForm(el));
        payButton(el)!.click();
        await until(() => viewKind(el) === 'failed', 'failed');
        expect(ev.detail('bynet-payment-failed')!.reason).to.equal(reason);
        el.remove();
      }
    });

    it('brand marks: drawn inline with accessible names in the method list and the card form, no external requests', async () => {
      const fake = new FakeHelper();
      const { el } = await toCard(fake);
      const list = must(root(el), 'bynet-method-list').shadowRoot!;
      const names = (scope: ParentNode) => [...scope.querySelectorAll('svg[role="img"]')].map((s) => s.getAttribute('aria-label'));
      const pixLabel = [...list.querySelectorAll('label')].find((l) => l.querySelector('input')!.value === 'PIX')!;
      const cardLabel = [...list.querySelectorAll('label')].find((l) => l.querySelector('input')!.value === 'CREDIT_CARD')!;
      expect(names(pixLabel)).to.deep.equal(['Pix']);
      expect(names(cardLabel)).to.deep.equal(['Visa', 'Mastercard', 'Elo', 'American Express', 'Hipercard']);
      const group = must(cardForm(el).shadowRoot!, '[role="group"][aria-label="Bandeiras aceitas"]');
      expect(names(group)).to.deep.equal(['Visa', 'Mastercard', 'Elo', 'American Express', 'Hipercard']);
      // drawn, visible, nothing fetched
      for (const svgEl of [...pixLabel.querySelectorAll('svg'), ...group.querySelectorAll('svg')]) {
        const box = svgEl.getBoundingClientRect();
        expect(box.width).to.be.greaterThan(20);
        expect(svgEl.querySelector('image, use, foreignObject, [href], [style]')).to.equal(null);
      }
      expect(performance.getEntriesByType('resource').some((r) => /\.(svg|png|jpe?g|webp)(\?|$)/.test(r.name))).to.equal(false);
      // the radio keeps its plain name (no brand list read into it)
      const pixRadio = pixLabel.querySelector('input')!;
      const labelled = pixRadio.getAttribute('aria-labelledby')!.split(' ').map((id) => list.getElementById(id)!.textContent!.trim());
      expect(labelled).to.deep.equal(['Pix', 'Aprovação na hora']);
      await expect(el).to.be.accessible();
    });

    it('on a phone, expiry and CVV inputs line up even when a label wraps', async () => {
      await viewport(360, 740);
      const fake = new FakeHelper();
      const { el } = await toCard(fake);
      // a short expiry label beside a long CVV label (as in pt-BR on a phone)
      el.messages = { 'card.expiry': 'Validade', 'card.cvv': 'Código de segurança (CVV) no verso' };
      await el.updateComplete;
      await cardForm(el).updateComplete;
      const shadow = cardForm(el).shadowRoot!;
      const exp = cardInput(el, 'cc-exp').getBoundingClientRect();
      const cvv = cardInput(el, 'cc-csc').getBoundingClientRect();
      const cvvLabel = must(shadow, 'label[for="cc-csc"]').getBoundingClientRect();
      const expLabel = must(shadow, 'label[for="cc-exp"]').getBoundingClientRect();
      // side by side, and the CVV label does wrap at this width
      expect(cvv.left).to.be.greaterThan(exp.right - 1);
      expect(cvvLabel.height).to.be.greaterThan(expLabel.height * 1.5);
      expect(Math.abs(exp.top - cvv.top)).to.be.below(1);
      expect(Math.abs(exp.height - cvv.height)).to.be.below(1);
      // each label right above its input
      expect(exp.top - expLabel.bottom).to.be.within(0, 8);
      expect(cvv.top - cvvLabel.bottom).to.be.within(0, 8);
    });

    it('at 320 px the chosen plan total is fully visible under the installments select', async () => {
      await viewport(320, 640);
      const fake = new FakeHelper();
      const { el } = await toCard(fake);
      const shadow = cardForm(el).shadowRoot!;
      const select = must<HTMLSelectElement>(shadow, '#cc-installments');
      select.value = '2';
      select.dispatchEvent(new Event('change'));
      await cardForm(el).updateComplete;
      const total = must(shadow, '#cc-installments-total');
      expect(money(total.textContent!)).to.contain('Total: R$ 51,90, com juros');
      expect(total.scrollWidth).to.be.at.most(total.clientWidth);
      expect(total.getBoundingClientRect().right).to.be.at.most(document.documentElement.clientWidth);
      expect(select.getAttribute('aria-describedby')).to.equal('cc-installments-total');
      await expect(el).to.be.accessible();
    });
  });

  describe('colours and themes', () => {
    async function ready(theme: string, extra?: (el: BynetCheckout) => void) {
      const fake = new FakeHelper();
      fake.cfg = config({}, { logoUrl: 'https://cdn.example.com/logo.png' });
      const el = await fixture<BynetCheckout>(html`<bynet-checkout product="prod_1" theme=${theme} .client=${fake} .customer=${BUYER}></bynet-checkout>`);
      extra?.(el);
      await until(() => viewKind(el) === 'ready', 'ready');
      chooseMethod(el, 'CREDIT_CARD');
      await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot?.querySelector('#cc-number'), 'card form');
      await settle();
      return el;
    }

    for (const theme of ['light', 'dark']) {
      it(`${theme}: input and select borders reach 3:1 against the surface (WCAG 1.4.11)`, async () => {
        const el = await ready(theme);
        const surface = getComputedStyle(must(root(el), '.base')).backgroundColor;
        const fields = must(root(el), 'bynet-customer-fields').shadowRoot!;
        const controls = [
          must(fields, 'input[name="email"]'),
          cardInput(el, 'cc-number'),
          must(cardForm(el).shadowRoot!, '#cc-installments'),
        ];
        for (const c of controls) {
          expect(ratio(getComputedStyle(c).borderTopColor, surface), `${c.id || c.getAttribute('name')}`).to.be.at.least(3);
        }
      });
    }

    it('dark theme: logo-dark-url replaces the logo; without it the logo sits on a light plate', async () => {
      const el = await ready('dark');
      const logo = must<HTMLImageElement>(root(el), '[part="logo"]');
      expect(logo.src).to.equal('https://cdn.example.com/logo.png');
      expect(getComputedStyle(logo).backgroundColor).to.equal('rgb(255, 255, 255)');
      el.logoDarkUrl = '/assets/logo-dark.png';
      await el.updateComplete;
      expect(logo.src).to.equal(new URL('/assets/logo-dark.png', document.baseURI).href);
      expect(getComputedStyle(logo).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
      // the light theme keeps the layout's logo, no plate
      el.theme = 'light';
      await el.updateComplete;
      expect(logo.src).to.equal('https://cdn.example.com/logo.png');
      expect(getComputedStyle(logo).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
      const attr = await fixture<BynetCheckout>(html`<bynet-checkout logo-dark-url="https://cdn.example.com/d.png"></bynet-checkout>`);
      expect(attr.logoDarkUrl).to.equal('https://cdn.example.com/d.png');
    });

    it('theme="auto" follows prefers-color-scheme, live', async () => {
      await emulateMedia({ colorScheme: 'dark' } as Parameters<typeof emulateMedia>[0]);
      const el = await ready('auto', (e) => (e.logoDarkUrl = 'https://cdn.example.com/dark.png'));
      const base = must(root(el), '.base');
      const surface = () => parseColor(getComputedStyle(base).backgroundColor);
      expect(surface()).to.deep.equal([13, 17, 23]);
      expect(must<HTMLImageElement>(root(el), '[part="logo"]').src).to.equal('https://cdn.example.com/dark.png');
      await emulateMedia({ colorScheme: 'light' } as Parameters<typeof emulateMedia>[0]);
      await until(() => surface()?.join() === '255,255,255', 'light again');
      expect(must<HTMLImageElement>(root(el), '[part="logo"]').src).to.equal('https://cdn.example.com/logo.png');
      await emulateMedia({ colorScheme: 'dark' } as Parameters<typeof emulateMedia>[0]);
      await until(() => surface()?.join() === '13,17,23', 'dark again');
      await expect(el).to.be.accessible();
    });

    it('CSS parts: input, label, hint, method-hint and summary can be styled from the page', async () => {
      const style = document.createElement('style');
      style.textContent = `
        bynet-checkout::part(input) { outline-color: rgb(1, 2, 3); }
        bynet-checkout::part(label) { outline-color: rgb(4, 5, 6); }
        bynet-checkout::part(hint) { outline-color: rgb(7, 8, 9); }
        bynet-checkout::part(method-hint) { text-decoration-color: rgb(10, 11, 12); }
        bynet-checkout::part(summary) { outline-color: rgb(13, 14, 15); }`;
      document.head.append(style);
      try {
        const fake = new FakeHelper();
        fake.cfg = config({ kind: 'cart', ref: 'cart_1', shippingFee: 1500, amount: 6490 });
        const el = await fixture<BynetCheckout>(html`<bynet-checkout cart="cart_1" .client=${fake} .customer=${BUYER}></bynet-checkout>`);
        await until(() => viewKind(el) === 'ready', 'ready');
        chooseMethod(el, 'CREDIT_CARD');
        await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot?.querySelector('#cc-number'), 'card form');
        await settle();
        const color = (e: Element, p = 'outlineColor') => getComputedStyle(e)[p as 'outlineColor'];
        const fields = must(root(el), 'bynet-customer-fields').shadowRoot!;
        const list = must(root(el), 'bynet-method-list').shadowRoot!;
        expect(color(must(fields, 'input[name="email"]'))).to.equal('rgb(1, 2, 3)');
        expect(color(cardInput(el, 'cc-number'))).to.equal('rgb(1, 2, 3)');
        expect(color(must(fields, 'label[for="field-email"]'))).to.equal('rgb(4, 5, 6)');
        expect(color(must(cardForm(el).shadowRoot!, 'label[for="cc-number"]'))).to.equal('rgb(4, 5, 6)');
        expect(color(must(list, '[part~="method-hint"]'))).to.equal('rgb(7, 8, 9)');
        expect(color(must(list, '[part~="method-hint"]'), 'textDecorationColor')).to.equal('rgb(10, 11, 12)');
        expect(color(must(cardForm(el).shadowRoot!, '#cc-installments-total'))).to.equal('rgb(7, 8, 9)');
        expect(color(must(root(el), '[part~="summary"]'))).to.equal('rgb(13, 14, 15)');
      } finally {
        style.remove();
      }
    });
  });

  describe('small things', () => {
    it('the CPF/CNPJ field opens the digit keyboard for a CPF, a text keyboard once it holds a letter or a CNPJ', async () => {
      expect(['', '529.982', '52998224725', '12ABC345', '11222333000181'].map(documentInputMode)).to.deep.equal([
        'numeric', 'numeric', 'numeric', 'text', 'text',
      ]);
      const fake = new FakeHelper();
      const el = await fixture<BynetCheckout>(html`<bynet-checkout product="prod_1" .client=${fake}></bynet-checkout>`);
      await until(() => viewKind(el) === 'ready', 'ready');
      chooseMethod(el, 'PIX');
      await settle();
      const doc = must<HTMLInputElement>(must(root(el), 'bynet-customer-fields').shadowRoot!, 'input[name="document"]');
      expect(doc.inputMode).to.equal('numeric');
      await typeInto(doc, '529982247');
      await settle();
      expect(doc.inputMode).to.equal('numeric');
      doc.value = '';
      doc.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await typeInto(doc, '12ABC');
      await settle();
      expect(doc.inputMode).to.equal('text');
    });

    it('one live region per outcome message: "paid" is announced once', async () => {
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      chooseMethod(el, 'CREDIT_CARD');
      await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot, 'card form');
      sinonless(cardForm(el));
      payButton(el)!.click();
      await until(() => viewKind(el) === 'paid', 'paid');
      await settle();
      const saying = liveRegions(root(el)).filter((r) => deepText(r).includes('Pagamento confirmado'));
      expect(saying.length).to.equal(1);
      expect(deepText(root(el))).to.contain('Pagamento confirmado');
      await expect(el).to.be.accessible();
    });

    it('a slow load shows a skeleton (still under prefers-reduced-motion), with the loading text for screen readers', async () => {
      const fake = new FakeHelper();
      let release!: () => void;
      fake.before.config = [() => new Promise<void>((r) => (release = r))];
      const el = await fixture<BynetCheckout>(html`<bynet-checkout product="prod_1" .client=${fake}></bynet-checkout>`);
      await settle();
      const sk = must(root(el), '[part~="skeleton"]');
      expect(sk.getAttribute('role')).to.equal('status');
      expect(sk.textContent).to.contain('Carregando o pagamento');
      const blocks = [...sk.querySelectorAll('.sk')];
      expect(blocks.length).to.be.greaterThan(3);
      expect(blocks.every((b) => b.getBoundingClientRect().height > 10)).to.equal(true);
      expect(getComputedStyle(blocks[0]!).animationName).to.equal('bynet-shimmer');
      await expect(el).to.be.accessible();
      await emulateMedia({ reducedMotion: 'reduce' } as Parameters<typeof emulateMedia>[0]);
      expect(getComputedStyle(blocks[0]!).animationName).to.equal('none');
      release();
      await until(() => viewKind(el) === 'ready', 'ready');
    });

    it('on a phone the boleto digitable line wraps only between its groups and is never cut', async () => {
      await viewport(320, 640);
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      chooseMethod(el, 'BOLETO');
      await settle();
      payButton(el)!.click();
      await until(() => !!deep(root(el), '[part~="digitable-line"]'), 'boleto');
      await settle();
      const line = must<HTMLTextAreaElement>(root(el), '[part~="digitable-line"]');
      expect(line.scrollHeight).to.be.at.most(line.clientHeight + 1);
      // lay the same text out under the textarea's own computed styles, each group a span
      const cs = getComputedStyle(line);
      const mirror = document.createElement('div');
      for (const p of ['fontFamily', 'fontSize', 'fontWeight', 'letterSpacing', 'lineHeight', 'whiteSpace', 'wordBreak', 'overflowWrap', 'boxSizing', 'paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth', 'borderStyle', 'tabSize'] as const) {
        mirror.style[p] = cs[p];
      }
      mirror.style.width = `${line.getBoundingClientRect().width}px`;
      mirror.style.position = 'absolute';
      mirror.style.visibility = 'hidden';
      const groups = line.value.split(' ');
      groups.forEach((g, i) => {
        const span = document.createElement('span');
        span.textContent = g;
        mirror.append(span);
        if (i < groups.length - 1) mirror.append(' ');
      });
      document.body.append(mirror);
      try {
        const spans = [...mirror.querySelectorAll('span')];
        const lines = new Set(spans.map((s) => Math.round(s.getBoundingClientRect().top)));
        expect(lines.size, 'it does wrap at this width').to.be.greaterThan(1);
        for (const s of spans) expect(s.getClientRects().length, `group ${s.textContent} on one line`).to.equal(1);
      } finally {
        mirror.remove();
      }
    });
  });

  describe('order summary (issue 15)', () => {
    it('cart mode: lines with quantities, physical goods marked, the shipping fee; the total unchanged', async () => {
      const fake = new FakeHelper();
      fake.cfg = config({
        kind: 'cart',
        ref: 'cart_1',
        title: 'Pedido 1234',
        amount: 2 * 2990 + 1990 + 1500,
        items: [
          { title: 'Camiseta', unitPrice: 2990, quantity: 2, tangible: true },
          { title: 'E-book', unitPrice: 1990, quantity: 1, tangible: false },
        ],
        shippingFee: 1500,
      });
      const el = await fixture<BynetCheckout>(html`<bynet-checkout cart="cart_1" .client=${fake}></bynet-checkout>`);
      await until(() => viewKind(el) === 'ready', 'ready');
      const summary = must(root(el), '[part~="summary"]');
      const rows = [...summary.querySelectorAll('li')].map((li) => money(li.textContent!.replace(/\s+/g, ' ').trim()));
      expect(rows).to.deep.equal(['2× Camiseta Entrega física R$ 59,80', '1× E-book R$ 19,90']);
      expect(money(must(summary, '.shipping').textContent!)).to.match(/^\s*Frete\s*R\$ 15,00\s*$/);
      expect(money(must(root(el), '[part="amount"]').textContent!)).to.contain('R$ 94,70');
      expect(summary.getAttribute('aria-label')).to.equal('Resumo do pedido');
      await expect(el).to.be.accessible();
    });

    it('product mode with quantity: a stepper 1..max, the total follows, POST /orders gets { quantity }', async () => {
      const fake = new FakeHelper();
      fake.cfg = config({ quantity: { max: 3 } });
      const el = await mount(fake, settle);
      const summary = must(root(el), '[part~="summary"]');
      const [minus, plus] = [...summary.querySelectorAll<HTMLButtonElement>('button')];
      const input = must<HTMLInputElement>(summary, 'input#quantity');
      expect(input.value).to.equal('1');
      expect(minus!.disabled).to.equal(true);
      expect(minus!.getAttribute('aria-label')).to.equal('Diminuir quantidade');
      plus!.click();
      await el.updateComplete;
      plus!.click();
      await el.updateComplete;
      expect(input.value).to.equal('3');
      expect(plus!.disabled).to.equal(true);
      expect(money(must(root(el), '[part="amount"]').textContent!)).to.contain('R$ 149,70');
      minus!.click();
      await el.updateComplete;
      expect(money(must(root(el), '[part="amount"]').textContent!)).to.contain('R$ 99,80');
      // typed values are kept within 1..max
      input.value = '9';
      input.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(input.value).to.equal('3');
      input.value = '2';
      input.dispatchEvent(new Event('change'));
      await el.updateComplete;
      await expect(el).to.be.accessible();
      chooseMethod(el, 'PIX');
      await settle();
      expect(money(payButton(el)!.textContent!)).to.contain('R$ 99,80');
      payButton(el)!.click();
      await until(() => viewKind(el) === 'awaiting', 'awaiting');
      expect(fake.orderBodies).to.deep.equal([{ quantity: 2 }]);
      // the order exists: the quantity is fixed
      await settle();
      expect(must<HTMLInputElement>(root(el), 'input#quantity').disabled).to.equal(true);
    });

    it('with quantity > 1 the card offers the single payment of the exact total (plans are priced for one unit)', async () => {
      const fake = new FakeHelper();
      fake.cfg = config({ quantity: { max: 5 } });
      const el = await mount(fake, settle);
      const plus = [...must(root(el), '[part~="summary"]').querySelectorAll<HTMLButtonElement>('button')][1]!;
      plus.click();
      await el.updateComplete;
      chooseMethod(el, 'CREDIT_CARD');
      await until(() => !!root(el).querySelector('bynet-card-form')?.shadowRoot?.querySelector('#cc-installments'), 'card form');
      await settle();
      const options = [...cardForm(el).shadowRoot!.querySelectorAll('option')].map((o) => money(o.textContent!.trim()));
      expect(options).to.deep.equal(['1x de R$ 99,80 sem juros']);
      expect(money(payButton(el)!.textContent!)).to.contain('R$ 99,80');
    });

    it('without checkout.quantity: no stepper, POST /orders gets the empty body', async () => {
      const fake = new FakeHelper();
      const el = await mount(fake, settle);
      expect(deep(root(el), '[part~="summary"]')).to.equal(null);
      chooseMethod(el, 'PIX');
      await settle();
      payButton(el)!.click();
      await until(() => viewKind(el) === 'awaiting', 'awaiting');
      expect(fake.orderBodies).to.deep.equal([{}]);
    });
  });

  it('public property types: a Locale union, and optional properties accept undefined', async () => {
    const el = await fixture<BynetCheckout>(html`<bynet-checkout></bynet-checkout>`);
    el.locale = 'en';
    el.customer = undefined;
    el.product = undefined;
    el.cart = undefined;
    el.messages = undefined;
    el.client = undefined;
    el.logoDarkUrl = undefined;
    el.theme = 'auto';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('auto');
  });
});

/** Makes the card form answer a valid card without typing (the flow under test is elsewhere). */
function sinonless(form: BynetCardForm): void {
  form.validate = () => ({ ok: true, card: { number: '4111111111111111', holderName: 'MARIA DA SILVA', expMonth: 12, expYear: 2030, cvv: '123' }, installments: 1 });
}
