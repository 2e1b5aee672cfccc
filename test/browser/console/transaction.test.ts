import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { BynetTransaction } from '../../../src/console/components/transaction.js';
import { FAKE_ENDPOINT, installFakeAdmin, transactions } from './fake-admin.js';
import type { FakeAdmin } from './fake-admin.js';
import { $, $$, settled, text } from './support.js';

const TXS = transactions();
const byStatus = (s: string, m?: string) => TXS.find((t) => t.status === s && (!m || t.paymentMethod === m))!;

describe('<bynet-transaction>', () => {
  let fake: FakeAdmin;
  beforeEach(() => (fake = installFakeAdmin({ txs: TXS })));
  afterEach(() => fake.restore());

  async function mount(id: string, locale = 'pt-BR'): Promise<BynetTransaction> {
    const el = await fixture<BynetTransaction>(html`<bynet-transaction endpoint=${FAKE_ENDPOINT} transaction-id=${id} locale=${locale}></bynet-transaction>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="status"], [part="error"]'), 'the summary');
    await settled(el);
    return el;
  }

  it('shows the Summary: amount, status, timeline, buyer, items, fee and net amount', async () => {
    const tx = byStatus('PAID');
    const el = await mount(tx.id);
    expect(fake.last(`/transactions/${tx.id}`)).to.exist;
    expect(text($(el, 'h2'))).to.contain(tx.id);
    expect(text($(el, '.amount'))).to.equal(`R$\u00a0${(tx.amount / 100).toFixed(2).replace('.', ',')}`);
    expect(text($(el, '[part="status"]'))).to.equal('Paga');
    expect($$(el, '[part="timeline"] li').map((li) => li.getAttribute('data-status'))).to.deep.equal(['CREATED', 'PAID', 'UPDATED']);
    const customer = text($(el, '[part="customer"]'));
    expect(customer).to.contain(tx.customer!.name!);
    expect(customer).to.contain('CPF 529.982.247-25');
    expect(customer).to.contain('Avenida Paulista, 1000');
    const items = $$(el, '[part="items"] tbody tr').map(text);
    expect(items[0]).to.contain('Camiseta Bynet').and.contain('(físico)').and.contain('R$\u00a099,80');
    expect(items[1]).to.contain('E-book').and.contain('(digital)');
    const fee = text($(el, '[part="fee"]'));
    expect(fee).to.contain('Taxa fixaR$\u00a00,99').and.contain('3,99%').and.contain('R$\u00a04,98');
    expect(text($(el, '[data-net]'))).to.equal(`R$\u00a0${((tx.amount - 498) / 100).toFixed(2).replace('.', ',')}`);
    expect(el.shadowRoot!.querySelector('[part="refusal"]') === null, 'no [part="refusal"]').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows the refusal reason decoded, as text', async () => {
    const el = await mount(byStatus('REFUSED').id);
    const refusal = $(el, '[part="refusal"]');
    expect(text(refusal)).to.contain('Saldo insuficiente').and.contain('51');
    expect(text($(el, '[part="status"]'))).to.equal('Recusada');
    await expect(el).to.be.accessible();
  });

  it('shows the Pix copy-and-paste code', async () => {
    const tx = TXS.find((t) => t.paymentMethod === 'PIX')!;
    const el = await mount(tx.id);
    expect($<HTMLTextAreaElement>(el, '[part="pix"] textarea').value).to.match(/^000201/);
    expect(el.shadowRoot!.querySelector('[part="boleto"]') === null, 'no [part="boleto"]').to.equal(true);
  });

  it('shows the boleto line and never links a javascript: URL', async () => {
    const tx = TXS.find((t) => t.paymentMethod === 'BOLETO')!;
    const el = await mount(tx.id);
    expect($<HTMLTextAreaElement>(el, '[part="boleto"] textarea').value).to.equal('00190000090282064930000012341800000000000000');
    // the fake's boleto url is javascript:...: not rendered; the https payUrl is
    expect($$<HTMLAnchorElement>(el, 'a').map((a) => a.href)).to.deep.equal(['https://pay.example.com/b/1']);
    await expect(el).to.be.accessible();
  });

  it('speaks English', async () => {
    const el = await mount(byStatus('WAITING_PAYMENT').id, 'en');
    expect(text($(el, 'h2'))).to.match(/^Transaction /);
    expect(text($(el, '[part="status"]'))).to.equal('Waiting for payment');
    expect(text($(el, '[part="fee"] h3'))).to.equal('Fees and net amount');
    expect(text($(el, '[part="timeline"] li'))).to.match(/^Created /);
  });

  it('a transaction the gateway does not know is a typed not_found error', async () => {
    const el = await mount('does-not-exist');
    expect($(el, '[part="error"]').dataset.code).to.equal('not_found');
    await expect(el).to.be.accessible();
  });

  it('without an id, says what to set', async () => {
    const el = await fixture<BynetTransaction>(html`<bynet-transaction endpoint=${FAKE_ENDPOINT}></bynet-transaction>`);
    expect(text($(el, '[part="empty"]'))).to.equal('Informe o atributo transaction-id.');
    expect(fake.requests).to.have.length(0);
  });
});
