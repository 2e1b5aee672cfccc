/**
 * The console against the real thing: the demo back end the test server mounts (admin routes at
 * /api/admin over the embedded Bynet sandbox with its seeded transactions, and the Pagar.me and
 * Passport simulators), through the same-origin requests Chromium makes.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ConsoleTransactionSummary } from '../../../src/console/types.js';
import type { BynetCustomers } from '../../../src/console/components/customers.js';
import type { BynetTransaction } from '../../../src/console/components/transaction.js';
import type { BynetTransactions } from '../../../src/console/components/transactions.js';
import { $, $$, settled, text } from './support.js';

const ENDPOINT = '/api/admin';

interface Call {
  method: string;
  path: string;
  query: string;
  status: number;
}
const calls = async (): Promise<Call[]> => ((await (await fetch('/sandbox/__sandbox/calls')).json()) as { calls: Call[] }).calls;
const clearCalls = () => fetch('/sandbox/__sandbox/calls', { method: 'DELETE' });
const listCalls = async () => (await calls()).filter((c) => c.method === 'GET' && c.path === '/api/user/transactions');

async function mountList(): Promise<BynetTransactions> {
  const el = await fixture<BynetTransactions>(html`<bynet-transactions endpoint=${ENDPOINT} limit="10"></bynet-transactions>`);
  await waitUntil(() => el.shadowRoot!.querySelector('tbody tr, [part="error"], [part="empty"]'), 'the first page', { timeout: 15000 });
  await settled(el);
  return el;
}

async function applyFilters(el: BynetTransactions, values: string[]): Promise<void> {
  for (const v of values) $<HTMLInputElement>(el, `input[type="checkbox"][value="${v}"]`).click();
  const loaded = new Promise((resolve) => el.addEventListener('bynet-console-loaded', resolve, { once: true }));
  $<HTMLButtonElement>(el, '[part="apply-button"]').click();
  await loaded;
  await settled(el);
}

describe('the console on the demo back end (real admin routes, sandbox, simulators)', function () {
  this.timeout(30000);

  it('lists the seeded transactions with status and method chips, and pages', async () => {
    const el = await mountList();
    expect(el.shadowRoot!.querySelector('[part="error"]') === null, 'no error').to.equal(true);
    const rows = $$(el, 'tbody tr');
    expect(rows).to.have.length(10);
    const page1 = rows.map((r) => r.getAttribute('data-id'));
    const statuses = new Set(rows.map((r) => r.querySelector('[part="status"]')!.getAttribute('data-status')));
    expect(statuses.size, 'several statuses on the first page').to.be.greaterThan(1);
    expect(text(rows[0]!.querySelector('td.num'))).to.match(/^R\$\u00a0[\d.]+,\d\d/);
    const pager = text($(el, '[part="pager"] span'));
    expect(pager).to.match(/^Página 1/);
    $$<HTMLButtonElement>(el, '[part="pager"] button')[1]!.click();
    await waitUntil(() => text($(el, '[part="pager"] span')).startsWith('Página 2'));
    await settled(el);
    const page2 = $$(el, 'tbody tr').map((r) => r.getAttribute('data-id'));
    expect(page2.some((id) => page1.includes(id)), 'page 2 is other transactions').to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('filters reach the gateway comma-separated as its docs show; rows and the CSV export match', async () => {
    const el = await mountList();
    await clearCalls();
    await applyFilters(el, ['PAID', 'REFUNDED', 'CREDIT_CARD', 'BOLETO']);
    const rows = $$(el, 'tbody tr');
    expect(rows.length).to.be.greaterThan(0);
    for (const r of rows) {
      expect(['PAID', 'REFUNDED']).to.include(r.querySelector('[part="status"]')!.getAttribute('data-status'));
      expect(['Cartão de crédito', 'Boleto']).to.include(text(r.querySelector('[part="method"]')));
    }
    const q = new URLSearchParams((await listCalls()).at(-1)!.query);
    expect(q.get('status')).to.equal('PAID,REFUNDED');
    expect(q.get('paymentMethods')).to.equal('BOLETO,CREDIT_CARD');
    expect(q.get('page')).to.equal('1');

    // the export link: same filters, every page, CSV
    const link = $<HTMLAnchorElement>(el, '[part="export-link"]');
    const href = new URL(link.href);
    expect(href.pathname).to.equal('/api/admin/transactions.csv');
    expect(href.searchParams.get('status')).to.equal('PAID,REFUNDED');
    const res = await fetch(link.href);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/csv/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).to.match(/^id,/);
    // The gateway's Find All gives no total (a plain list, as documented): count the matches in one big page.
    const query = new URLSearchParams(href.searchParams);
    query.delete('page');
    query.set('limit', '100');
    const all = (await (await fetch(`/api/admin/transactions?${query}`)).json()) as { data: unknown[]; hasMore: boolean };
    expect(all.hasMore).to.equal(false);
    expect(all.data.length).to.be.at.least(rows.length);
    expect(lines.length - 1, 'one CSV row per matching transaction').to.equal(all.data.length);
    for (const line of lines.slice(1)) expect(line).to.match(/,(PAID|REFUNDED),(CREDIT_CARD|BOLETO),/);
  });

  it('opens the Summary of a refused transaction with its decoded reason, and goes back', async () => {
    const el = await mountList();
    await applyFilters(el, ['REFUSED']);
    const row = $$(el, 'tbody tr')[0]!;
    const id = row.getAttribute('data-id')!;
    row.querySelector('button')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('bynet-transaction'));
    const detail = $<BynetTransaction>(el, 'bynet-transaction');
    await waitUntil(() => detail.shadowRoot!.querySelector('[part="status"], [part="error"]'), 'the summary', { timeout: 10000 });
    await settled(detail);
    expect(detail.shadowRoot!.querySelector('[part="error"]') === null, 'no [part="error"]').to.equal(true);
    expect(text($(detail, 'h2'))).to.contain(id);
    expect($(detail, '[part="status"]').dataset.status).to.equal('REFUSED');
    // what the admin route answers for it is what the detail shows
    const summary = (await (await fetch(`${ENDPOINT}/transactions/${id}`)).json()) as ConsoleTransactionSummary;
    expect(summary.status).to.equal('REFUSED');
    const refusal = text($(detail, '[part="refusal"]'));
    expect(refusal).to.contain(summary.refusal?.message ?? 'O gateway não informou o motivo.');
    expect(refusal, 'never the raw JSON-encoded reason').to.not.contain('{');
    expect($$(detail, '[part="items"] tbody tr')).to.have.length(summary.items.length);
    expect($$(detail, '[part="timeline"] li')).to.have.length(summary.timeline.length);
    expect(detail.shadowRoot!.querySelector('[part="fee"]') !== null).to.equal(summary.fee !== null);
    expect(detail.shadowRoot!.querySelector('[part="customer"]') !== null).to.equal(summary.customer !== null);
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part="back-button"]').click();
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === id, 'focus back on the row');
  });

  for (const [source, label] of [
    ['pagarme', 'Pagar.me'],
    ['passport', 'Passport'],
    ['bynet', 'Bynet'],
  ] as const) {
    it(`walks every ${label} customer once, forward by cursor, and back`, async () => {
      const el = await fixture<BynetCustomers>(html`<bynet-customers endpoint=${ENDPOINT} source=${source} limit="20"></bynet-customers>`);
      await waitUntil(() => el.shadowRoot!.querySelector('tbody tr, [part="error"]'), 'the first page', { timeout: 15000 });
      await settled(el);
      expect(el.shadowRoot!.querySelector('[part="error"]') === null, 'no error').to.equal(true);
      const seen: string[] = [];
      const pages: string[][] = [];
      const ids = () => $$(el, 'tbody tr').map((r) => r.getAttribute('data-id')!);
      for (let n = 1; ; n++) {
        await waitUntil(() => text($(el, '[part="pager"] span')) === `Página ${n}`);
        await settled(el);
        pages.push(ids());
        seen.push(...ids());
        for (const chip of $$(el, '[part="source"]')) expect(text(chip)).to.equal(label);
        const next = $$<HTMLButtonElement>(el, '[part="pager"] button')[1]!;
        if (next.disabled) break;
        expect(n, 'the walk ends').to.be.lessThan(50);
        next.click();
      }
      expect(seen.length).to.be.greaterThan(20);
      expect(new Set(seen).size, 'no customer twice').to.equal(seen.length);
      if (pages.length > 1) {
        $$<HTMLButtonElement>(el, '[part="pager"] button')[0]!.click();
        await waitUntil(() => text($(el, '[part="pager"] span')) === `Página ${pages.length - 1}`);
        await settled(el);
        expect(ids()).to.deep.equal(pages.at(-2));
      }
      await expect(el).to.be.accessible();
    });
  }

  it('searches the Pagar.me customers by e-mail', async () => {
    const el = await fixture<BynetCustomers>(html`<bynet-customers endpoint=${ENDPOINT} source="pagarme" limit="20"></bynet-customers>`);
    await waitUntil(() => el.shadowRoot!.querySelector('tbody tr'), 'the first page', { timeout: 15000 });
    await settled(el);
    const first = $$(el, 'tbody tr')[3]!;
    const email = text(first.querySelector('td:nth-child(2)'));
    $<HTMLInputElement>(el, 'input[name="email"]').value = email;
    $<HTMLButtonElement>(el, '[part="apply-button"]').click();
    await waitUntil(() => $$(el, 'tbody tr').length === 1, 'one match');
    expect(text($$(el, 'tbody tr')[0]!.querySelector('td:nth-child(2)'))).to.equal(email);
  });
});
