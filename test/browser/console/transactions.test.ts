import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BynetTransactions } from '../../../src/console/components/transactions.js';
import type { BynetTransaction } from '../../../src/console/components/transaction.js';
import { FAKE_ENDPOINT, installFakeAdmin } from './fake-admin.js';
import type { FakeAdmin } from './fake-admin.js';
import { $, $$, focusedIn, settled, text } from './support.js';

describe('<bynet-transactions>', () => {
  let fake: FakeAdmin;
  beforeEach(() => (fake = installFakeAdmin()));
  afterEach(() => fake.restore());

  async function mount(extra: Partial<BynetTransactions> = {}): Promise<BynetTransactions> {
    const el = await fixture<BynetTransactions>(html`<bynet-transactions endpoint=${FAKE_ENDPOINT} .headers=${extra.headers} locale=${extra.locale ?? 'pt-BR'}></bynet-transactions>`);
    await settled(el);
    return el;
  }

  it('shows the first page: rows, amounts in R$, status and method chips, the total', async () => {
    const el = await mount();
    const rows = $$(el, 'tbody tr');
    expect(rows).to.have.length(20);
    const first = rows[0]!;
    expect(text(first.querySelector('td.num'))).to.contain('R$\u00a010,00');
    expect(text(first.querySelector('[part="status"]'))).to.equal('Processando');
    expect(text(first.querySelector('[part="method"]'))).to.equal('Pix');
    expect(text($(el, '[role="status"]'))).to.equal('45 transações');
    const req = fake.last('/transactions')!;
    expect(req.searchParams.get('page')).to.equal('1');
    expect(req.searchParams.get('limit')).to.equal('20');
  });

  it('sends every filter from its form control, in the contract form, and resets to page 1', async () => {
    const el = await mount();
    $<HTMLButtonElement>(el, '[part="pager"] button:last-of-type').click();
    await waitUntil(() => fake.last('/transactions')?.searchParams.get('page') === '2');
    await settled(el);

    for (const v of ['PAID', 'REFUSED', 'CREDIT_CARD', 'PIX']) $<HTMLInputElement>(el, `input[value="${v}"]`).click();
    const fill = (name: string, value: string) => ($<HTMLInputElement>(el, `[name="${name}"]`).value = value);
    fill('name', 'Maria');
    fill('email', 'cliente1@example.com');
    fill('phone', '(11) 98765-4321');
    fill('documentNumber', '529.982.247-25');
    fill('id', 'tx-0001');
    fill('installments', '1, 2, 3');
    fill('deliveryStatus', 'WAITING');
    $<HTMLSelectElement>(el, 'select[name="traceable"]').value = 'true';
    $<HTMLButtonElement>(el, '[part="apply-button"]').click();
    await waitUntil(() => fake.last('/transactions')?.searchParams.get('status') !== null);
    await settled(el);

    const q = fake.last('/transactions')!.searchParams;
    expect(q.get('status')).to.equal('PAID,REFUSED');
    expect(q.get('paymentMethods')).to.equal('PIX,CREDIT_CARD');
    expect(q.get('name')).to.equal('Maria');
    expect(q.get('email')).to.equal('cliente1@example.com');
    expect(q.get('phone')).to.equal('(11) 98765-4321');
    expect(q.get('documentNumber')).to.equal('529.982.247-25');
    expect(q.get('id')).to.equal('tx-0001');
    expect(q.get('installments')).to.equal('1, 2, 3');
    expect(q.get('deliveryStatus')).to.equal('WAITING');
    expect(q.get('traceable')).to.equal('true');
    expect(q.get('page')).to.equal('1');
  });

  it('filters the rows by status and method chips and the CSV link carries the same filters', async () => {
    const el = await mount();
    $<HTMLInputElement>(el, 'input[name="status"][value="PAID"]').click();
    $<HTMLInputElement>(el, 'input[name="paymentMethods"][value="BOLETO"]').click();
    $<HTMLInputElement>(el, '[name="name"]').value = 'Cliente';
    $<HTMLButtonElement>(el, '[part="apply-button"]').click();
    await waitUntil(() => fake.last('/transactions')?.searchParams.get('status') === 'PAID');
    await settled(el);
    const rows = $$(el, 'tbody tr');
    expect(rows.length).to.be.greaterThan(0);
    for (const r of rows) {
      expect(r.querySelector('[part="status"]')!.getAttribute('data-status')).to.equal('PAID');
      expect(text(r.querySelector('[part="method"]'))).to.equal('Boleto');
    }
    const href = new URL($<HTMLAnchorElement>(el, '[part="export-link"]').href);
    expect(href.pathname).to.equal(`${FAKE_ENDPOINT}/transactions.csv`);
    expect(Object.fromEntries(href.searchParams)).to.deep.equal({ status: 'PAID', paymentMethods: 'BOLETO', name: 'Cliente' });
    expect(text($(el, '[part="export-link"]'))).to.equal('Exportar CSV');

    // "Limpar filtros" clears the form, the query and the link
    $<HTMLButtonElement>(el, '[part="clear-button"]').click();
    await waitUntil(() => fake.last('/transactions')?.searchParams.get('status') === null);
    await settled(el);
    expect($$(el, 'input[type="checkbox"]').some((i) => (i as HTMLInputElement).checked)).to.equal(false);
    expect(new URL($<HTMLAnchorElement>(el, '[part="export-link"]').href).search).to.equal('');
  });

  it('pages forward and back; the ends are disabled', async () => {
    const el = await mount();
    const [prev, next] = $$<HTMLButtonElement>(el, '[part="pager"] button');
    expect(prev!.disabled).to.equal(true);
    expect(text($(el, '[part="pager"] span'))).to.equal('Página 1 de 3');
    next!.click();
    await waitUntil(() => text($(el, '[part="pager"] span')) === 'Página 2 de 3');
    await settled(el);
    expect(text($$(el, 'tbody tr')[0]!.querySelector('button'))).to.contain('tx-0021');
    $$<HTMLButtonElement>(el, '[part="pager"] button')[1]!.click();
    await waitUntil(() => text($(el, '[part="pager"] span')) === 'Página 3 de 3');
    await settled(el);
    expect($$(el, 'tbody tr')).to.have.length(5);
    expect($$<HTMLButtonElement>(el, '[part="pager"] button')[1]!.disabled).to.equal(true);
    $$<HTMLButtonElement>(el, '[part="pager"] button')[0]!.click();
    await waitUntil(() => fake.last('/transactions')?.searchParams.get('page') === '2');
  });

  it('opens a row as <bynet-transaction> in place with focus on it, and goes back to the same row', async () => {
    const el = await mount();
    const opened: string[] = [];
    el.addEventListener('bynet-console-open', (e) => opened.push((e as CustomEvent<{ id: string }>).detail.id));
    const third = $$(el, 'tbody tr')[2]!;
    const id = third.getAttribute('data-id')!;
    third.querySelector<HTMLElement>('td:nth-child(3)')!.click(); // anywhere on the row
    await waitUntil(() => el.shadowRoot!.querySelector('bynet-transaction'));
    const detail = $<BynetTransaction>(el, 'bynet-transaction');
    expect(detail.transactionId).to.equal(id);
    await settled(detail, 'the summary');
    expect(opened).to.deep.equal([id]);
    await waitUntil(() => detail.shadowRoot!.activeElement?.tagName === 'H2', 'focus on the summary heading');
    expect(text(detail.shadowRoot!.querySelector('h2'))).to.contain(id);
    expect(el.shadowRoot!.querySelector('table') === null, 'no table').to.equal(true);

    $<HTMLButtonElement>(el, '[part="back-button"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('table'));
    await waitUntil(() => (focusedIn(el) as HTMLElement | null)?.dataset.id === id, 'focus back on the row');
  });

  it('is keyboard operable: Tab to a row, Enter opens it', async () => {
    const el = await mount();
    $(el, '[part="export-link"]').focus();
    await sendKeys({ press: 'Tab' }); // the scrollable table region (reachable for keyboard scrolling)
    expect(focusedIn(el)?.getAttribute('role')).to.equal('region');
    await sendKeys({ press: 'Tab' });
    expect(focusedIn(el) === $$<HTMLButtonElement>(el, 'tbody tr button')[0], 'focus on the first row').to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('bynet-transaction'));
    const detail = $<BynetTransaction>(el, 'bynet-transaction');
    await settled(detail);
    // Shift+Tab from the heading reaches the back button; Enter goes back
    await waitUntil(() => detail.shadowRoot!.activeElement?.tagName === 'H2');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect((focusedIn(el) as HTMLElement).getAttribute('part')).to.equal('back-button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => (focusedIn(el) as HTMLElement | null) === $$(el, 'tbody tr button')[0]);
  });

  it('speaks English with locale="en" (strings, amounts, dates)', async () => {
    const el = await mount({ locale: 'en' });
    expect(text($(el, 'h2'))).to.equal('Transactions');
    expect(text($(el, '[part="export-link"]'))).to.equal('Export CSV');
    expect(text($(el, '[part="apply-button"]'))).to.equal('Filter');
    expect(text($$(el, 'tbody tr')[0]!.querySelector('td.num'))).to.contain('R$10.00');
    expect(text($$(el, 'tbody tr')[0]!.querySelector('[part="status"]'))).to.equal('Processing');
    expect(text($(el, '[role="status"]'))).to.equal('45 transactions');
    expect(text($(el, 'legend'))).to.equal('Status');
  });

  it("sends the merchant's headers with every request", async () => {
    const el = await mount({ headers: { 'x-admin-token': 'abc' } });
    expect(fake.requests.at(-1)!.headers.get('x-admin-token')).to.equal('abc');
    expect(el).to.exist;
  });

  it('shows a typed error from the envelope, and recovers on retry', async () => {
    fake.failNext('/transactions', 'unauthorized', 401);
    const el = await fixture<BynetTransactions>(html`<bynet-transactions endpoint=${FAKE_ENDPOINT}></bynet-transactions>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'));
    const alert = $(el, '[part="error"]');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.dataset.code).to.equal('unauthorized');
    expect(text(alert)).to.contain('Acesso não autorizado');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part="retry-button"]').click();
    await waitUntil(() => $$(el, 'tbody tr').length === 20);
    expect(el.shadowRoot!.querySelector('[part="error"]') === null, 'no [part="error"]').to.equal(true);
  });

  it('says so when nothing matches', async () => {
    const el = await mount();
    $<HTMLInputElement>(el, '[name="email"]').value = 'nobody@example.com';
    $<HTMLButtonElement>(el, '[part="apply-button"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="empty"]'));
    expect(text($(el, '[part="empty"]'))).to.equal('Nenhuma transação encontrada com esses filtros.');
  });

  it('is axe clean in the dark theme too', async () => {
    const el = await fixture<BynetTransactions>(html`<bynet-transactions endpoint=${FAKE_ENDPOINT} theme="dark"></bynet-transactions>`);
    await settled(el);
    await waitUntil(() => $$(el, 'tbody tr').length === 20);
    document.body.style.background = '#0d1117';
    try {
      await expect(el).to.be.accessible();
    } finally {
      document.body.style.background = '';
    }
  });

  it('is axe clean: the list, and the detail opened from it', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    $$<HTMLButtonElement>(el, 'tbody tr button')[5]!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('bynet-transaction'));
    await settled($<BynetTransaction>(el, 'bynet-transaction'));
    await expect(el).to.be.accessible();
  });
});
