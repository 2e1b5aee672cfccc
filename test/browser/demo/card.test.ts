import { expect, fixtureCleanup } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BynetCheckout } from '../../../src/components/checkout/checkout.js';
import { TEST_CARDS } from '../../fixtures/gateway.data.js';
import {
  cardForm,
  cardInput,
  chooseMethod,
  control,
  creations,
  deepText,
  fillBuyer,
  fillCard,
  inState,
  mountCheckout,
  must,
  payButton,
  recordEvents,
  resetBackend,
  serializeEverything,
  typeInto,
  waitFor,
  waitForState,
} from './support.js';

const card = (outcome: 'approved' | 'refused' | 'processing', brand = 'visa') => {
  const found = TEST_CARDS.find((c) => c.outcome === outcome && c.brand === brand);
  if (!found) throw new Error(`no ${outcome} ${brand} test card`);
  return found;
};
const APPROVED = card('approved');
const REFUSED = TEST_CARDS.find((c) => c.number === '4000000000000002')!;
const PROCESSING = card('processing');
/** A CVV unlikely to occur by chance next to non-alphanumerics anywhere on the page. */
const CVV = '846';

async function readyForCard(el: BynetCheckout): Promise<void> {
  await waitForState(el, 'ready');
  chooseMethod(el, 'CREDIT_CARD');
  await fillBuyer(el);
}

/** Card number (plain and grouped) and the CVV as a standalone number: none may appear in `text`. */
function expectNoCardData(text: string, number: string, where: string): void {
  expect(text, `${where}: card number`).not.to.include(number);
  expect(text, `${where}: grouped card number`).not.to.include(number.replace(/(\d{4})(?=\d)/g, '$1 '));
  expect(new RegExp(`(^|[^0-9A-Za-z])${CVV}($|[^0-9A-Za-z])`).test(text), `${where}: CVV`).to.equal(false);
}

function storageText(s: Storage): string {
  return Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`).join('\n');
}

describe('<bynet-checkout> against the demo back end: card', function () {
  this.timeout(40_000); // real back end, real timers
  beforeEach(async () => {
    await resetBackend();
    localStorage.clear();
  });
  afterEach(() => fixtureCleanup());

  it('pays with the approved test card, shows brand and last 4, and leaves no card data behind', async () => {
    const events = recordEvents();
    try {
      const el = await mountCheckout();
      await readyForCard(el);
      await fillCard(el, APPROVED.number, CVV);
      const form = cardForm(el)!;
      const inputs = [...form.shadowRoot!.querySelectorAll<HTMLInputElement>('input')];
      expect(deepText(form)).to.include('Visa');
      await expect(el).to.be.accessible();

      payButton(el)!.click();
      await waitForState(el, 'paid');
      const text = deepText(el);
      expect(text).to.include('Pagamento confirmado!');
      expect(text).to.include('Visa');
      expect(text).to.include(`final ${APPROVED.number.slice(-4)}`);
      expect(events.first('bynet-payment-complete')).to.deep.include({ method: 'CREDIT_CARD', status: 'PAID' });
      await expect(el).to.be.accessible();

      // Nothing of the card survives: storage, cookies, markup of every shadow root, control values, events.
      expectNoCardData(storageText(sessionStorage), APPROVED.number, 'sessionStorage');
      expectNoCardData(storageText(localStorage), APPROVED.number, 'localStorage');
      expectNoCardData(document.cookie, APPROVED.number, 'cookies');
      expectNoCardData(serializeEverything(), APPROVED.number, 'DOM');
      expectNoCardData(JSON.stringify(events.seen), APPROVED.number, 'events');
      // The card inputs the buyer typed into are empty now (the form left the page with the paid view).
      expect(inputs.map((i) => i.value)).to.deep.equal(['', '', '', '']);

      const { orders, payments } = await creations();
      expect(orders).to.have.length(1);
      expect(payments).to.have.length(1);
    } finally {
      events.stop();
    }
  });

  it('shows a refusal in plain words, keeps the form ready, and a second card pays the same order', async () => {
    const events = recordEvents();
    try {
      const el = await mountCheckout();
      await readyForCard(el);
      await fillCard(el, REFUSED.number, CVV);
      payButton(el)!.click();

      await waitForState(el, 'failed');
      const text = deepText(el);
      expect(text).to.include(`${REFUSED.refusal!.message}. Tente outro cartão ou outra forma de pagamento.`);
      expect(text).not.to.include(REFUSED.refusal!.code);
      expect(events.first('bynet-payment-failed')).to.deep.include({ method: 'CREDIT_CARD', status: 'REFUSED' });
      await expect(el).to.be.accessible();

      // Ready for another card: number and CVV empty, holder name and expiry kept, all enabled, pay enabled.
      await waitFor(() => cardInput(el, 'cc-number').value === '' && !payButton(el)!.disabled, 'the form is not ready again');
      for (const id of ['cc-number', 'cc-name', 'cc-exp', 'cc-csc'] as const) {
        if (id === 'cc-number' || id === 'cc-csc') expect(cardInput(el, id).value, id).to.equal('');
        expect(cardInput(el, id).matches(':disabled'), id).to.equal(false);
      }
      expect(cardInput(el, 'cc-name').value).to.equal('MARIA DA SILVA');
      expect(cardInput(el, 'cc-exp').value).to.match(/^12\/\d\d$/);
      expectNoCardData(serializeEverything(), REFUSED.number, 'DOM after the refusal');

      await typeInto(cardInput(el, 'cc-number'), APPROVED.number);
      await typeInto(cardInput(el, 'cc-csc'), CVV);
      payButton(el)!.click();
      await waitForState(el, 'paid');
      expect(deepText(el)).to.include(`final ${APPROVED.number.slice(-4)}`);

      const created = events.all('bynet-payment-created');
      expect(created).to.have.length(2);
      expect(created[1]!.orderId).to.equal(created[0]!.orderId);
      const { orders, payments } = await creations();
      expect(orders).to.have.length(1);
      expect(payments).to.have.length(2);
      expect(new Set(payments.map((p) => p.path)).size).to.equal(1);
      expectNoCardData(serializeEverything(), APPROVED.number, 'DOM at the end');
      expectNoCardData(storageText(sessionStorage), APPROVED.number, 'sessionStorage at the end');
    } finally {
      events.stop();
    }
  });

  it('creates exactly one gateway payment for a double click on pay', async () => {
    // A slow gateway keeps the first attempt in flight while the second click lands.
    await control('POST', 'faults', { route: 'POST /api/public/checkout/payment/*', latencyMs: 500, times: 1 });
    const el = await mountCheckout();
    await readyForCard(el);
    await fillCard(el, APPROVED.number, CVV);
    const button = payButton(el)!;
    button.click();
    expect(button.disabled).to.equal(true);
    button.click();
    await waitForState(el, 'paid');
    const { orders, payments } = await creations();
    expect(orders).to.have.length(1);
    expect(payments).to.have.length(1);
  });

  it('creates exactly one gateway payment for Enter pressed twice in the card form', async () => {
    await control('POST', 'faults', { route: 'POST /api/public/checkout/payment/*', latencyMs: 500, times: 1 });
    const el = await mountCheckout();
    await readyForCard(el);
    await fillCard(el, APPROVED.number, CVV);
    cardInput(el, 'cc-csc').focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });
    expect(inState(el, 'paid')).to.equal(false); // the second Enter came while the first was in flight
    await waitForState(el, 'paid');
    const { orders, payments } = await creations();
    expect(orders).to.have.length(1);
    expect(payments).to.have.length(1);
  });

  it('on a gateway 503 shows a retry; the retry charges the card once', async () => {
    await control('POST', 'faults', { route: 'POST /api/public/checkout/payment/*', status: 503, times: 1 });
    const el = await mountCheckout();
    await readyForCard(el);
    await fillCard(el, APPROVED.number, CVV);
    payButton(el)!.click();
    await waitForState(el, 'error');
    expect(deepText(el)).to.include('O serviço de pagamento está instável');
    must<HTMLButtonElement>(el.shadowRoot!, '[part~="retry-button"]').click();
    await waitForState(el, 'paid');
    const { orders, payments, failedPayments } = await creations();
    expect(orders).to.have.length(1);
    expect(failedPayments).to.have.length(1);
    expect(payments).to.have.length(1);
    expect((await control<{ transactions: number }>('GET', 'state')).transactions).to.equal(1);
    expectNoCardData(serializeEverything(), APPROVED.number, 'DOM');
  });

  it('shows a processing state for the "processing" test card, then paid', async () => {
    const events = recordEvents();
    try {
      const el = await mountCheckout();
      await readyForCard(el);
      await fillCard(el, PROCESSING.number, CVV);
      payButton(el)!.click();

      await waitForState(el, 'awaiting');
      expect(deepText(el)).to.include('Estamos confirmando o pagamento com o banco');
      expect(events.first('bynet-payment-created')).to.deep.include({ method: 'CREDIT_CARD', status: 'PROCESSING' });
      await expect(el).to.be.accessible();

      await waitForState(el, 'paid', 20_000);
      expect(inState(el, 'awaiting')).to.equal(false);
      expect(events.all('bynet-payment-status').map((d) => d.status)).to.deep.equal(['PAID']);
      expect(deepText(el)).to.include(`final ${PROCESSING.number.slice(-4)}`);
      const { payments } = await creations();
      expect(payments).to.have.length(1);
    } finally {
      events.stop();
    }
  });
});
