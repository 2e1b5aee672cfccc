import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { BynetCustomers } from '../../../src/console/components/customers.js';
import { FAKE_ENDPOINT, installFakeAdmin } from './fake-admin.js';
import type { FakeAdmin } from './fake-admin.js';
import { $, $$, settled, text } from './support.js';

describe('<bynet-customers>', () => {
  let fake: FakeAdmin;
  afterEach(() => fake.restore());

  async function mount(o: { locale?: string; limit?: number } = {}): Promise<BynetCustomers> {
    const el = await fixture<BynetCustomers>(
      html`<bynet-customers endpoint=${FAKE_ENDPOINT} limit=${o.limit ?? 5} locale=${o.locale ?? 'pt-BR'}></bynet-customers>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('tbody tr, [part="empty"], [part="error"]'), 'the first page');
    await settled(el);
    return el;
  }

  it('lists the first configured source, with the source shown on each row', async () => {
    fake = installFakeAdmin();
    const el = await mount();
    expect(fake.last('/sources')).to.exist;
    expect(fake.last('/customers')!.searchParams.get('source')).to.equal('bynet');
    const rows = $$(el, 'tbody tr');
    expect(rows).to.have.length(5);
    expect(rows.every((r) => text(r.querySelector('[part="source"]')) === 'Bynet')).to.equal(true);
    expect(text(rows[0]!.querySelector('td:nth-child(4)'))).to.equal('CPF 529.982.247-25');
    await expect(el).to.be.accessible();
  });

  it('searches by name, e-mail or document, and switches source', async () => {
    fake = installFakeAdmin();
    const el = await mount();
    $<HTMLSelectElement>(el, '[part="source-select"]').value = 'passport';
    $<HTMLInputElement>(el, 'input[name="q"]').value = 'ana';
    $<HTMLButtonElement>(el, '[part="apply-button"]').click();
    await waitUntil(() => fake.last('/customers')?.searchParams.get('q') === 'ana');
    await settled(el);
    const q = fake.last('/customers')!.searchParams;
    expect(q.get('source')).to.equal('passport');
    expect(q.get('cursor')).to.equal(null);
    const rows = $$(el, 'tbody tr');
    expect(rows.map((r) => r.getAttribute('data-id'))).to.deep.equal(['passport-1']);
    expect(text(rows[0]!.querySelector('[part="source"]'))).to.equal('Passport');
    expect(text(rows[0]!.querySelector('td:nth-child(4)'))).to.equal('CC 1020');

    $<HTMLInputElement>(el, 'input[name="q"]').value = '';
    $<HTMLInputElement>(el, 'input[name="email"]').value = 'passport3@example.com';
    $<HTMLInputElement>(el, 'input[name="document"]').value = '1022';
    $<HTMLInputElement>(el, 'input[name="name"]').value = 'passport';
    $<HTMLButtonElement>(el, '[part="apply-button"]').click();
    await waitUntil(() => fake.last('/customers')?.searchParams.get('email') === 'passport3@example.com');
    await settled(el);
    const q2 = fake.last('/customers')!.searchParams;
    expect([q2.get('name'), q2.get('document'), q2.has('q')]).to.deep.equal(['passport', '1022', false]);
    expect($$(el, 'tbody tr').map((r) => r.getAttribute('data-id'))).to.deep.equal(['passport-3']);
  });

  it('follows the next and previous cursors over every customer exactly once', async () => {
    fake = installFakeAdmin();
    const el = await mount();
    $<HTMLSelectElement>(el, '[part="source-select"]').value = 'pagarme';
    $<HTMLButtonElement>(el, '[part="apply-button"]').click();
    await waitUntil(() => fake.last('/customers')?.searchParams.get('source') === 'pagarme');
    await settled(el);
    const seen: string[] = [];
    const ids = () => $$(el, 'tbody tr').map((r) => r.getAttribute('data-id')!);
    seen.push(...ids());
    const [prev] = $$<HTMLButtonElement>(el, '[part="pager"] button');
    expect(prev!.disabled).to.equal(true);
    for (let page = 2; ; page++) {
      const next = $$<HTMLButtonElement>(el, '[part="pager"] button')[1]!;
      if (next.disabled) break;
      next.click();
      await waitUntil(() => text($(el, '[part="pager"] span')) === `Página ${page}`);
      await settled(el);
      expect(fake.last('/customers')!.searchParams.get('cursor')).to.be.a('string');
      seen.push(...ids());
    }
    expect(seen).to.have.length(12);
    expect(new Set(seen).size).to.equal(12);
    // and back
    $$<HTMLButtonElement>(el, '[part="pager"] button')[0]!.click();
    await waitUntil(() => text($(el, '[part="pager"] span')) === 'Página 2');
    await settled(el);
    expect(ids()).to.deep.equal(seen.slice(5, 10));
  });

  it('starts on the source the attribute names, with the picker on it', async () => {
    fake = installFakeAdmin();
    const el = await fixture<BynetCustomers>(html`<bynet-customers endpoint=${FAKE_ENDPOINT} source="passport" limit="5"></bynet-customers>`);
    await waitUntil(() => el.shadowRoot!.querySelector('tbody tr'), 'the first page');
    await settled(el);
    expect($<HTMLSelectElement>(el, '[part="source-select"]').value).to.equal('passport');
    expect(fake.requests.filter((r) => r.url.pathname.endsWith('/customers')).map((r) => r.url.searchParams.get('source'))).to.deep.equal(['passport']);
    // set from script: the new source from its first page
    $$<HTMLButtonElement>(el, '[part="pager"] button')[1]!.click();
    await waitUntil(() => fake.last('/customers')?.searchParams.get('cursor') !== null);
    await settled(el);
    el.source = 'pagarme';
    await waitUntil(() => fake.last('/customers')?.searchParams.get('source') === 'pagarme');
    expect(fake.last('/customers')!.searchParams.get('cursor')).to.equal(null);
  });

  it('shows only the source picker when more than one directory is configured', async () => {
    fake = installFakeAdmin({ sources: ['pagarme'] });
    const el = await mount();
    expect(el.shadowRoot!.querySelector('[part="source-select"]') === null, 'no [part="source-select"]').to.equal(true);
    expect(fake.last('/customers')!.searchParams.get('source')).to.equal('pagarme');
  });

  it('a typed error (rate_limited) is shown, and retry recovers', async () => {
    fake = installFakeAdmin();
    fake.failNext('/customers', 'rate_limited', 429);
    const el = await mount();
    expect($(el, '[part="error"]').dataset.code).to.equal('rate_limited');
    expect(text($(el, '[part="error"]'))).to.contain('Muitas consultas seguidas');
    $<HTMLButtonElement>(el, '[part="retry-button"]').click();
    await waitUntil(() => $$(el, 'tbody tr').length === 5);
  });

  it('speaks English', async () => {
    fake = installFakeAdmin();
    const el = await mount({ locale: 'en' });
    expect(text($(el, 'h2'))).to.equal('Customers');
    expect(text($(el, '[part="apply-button"]'))).to.equal('Search');
    expect($$(el, 'thead th').map(text)).to.deep.equal(['Name', 'E-mail', 'Phone', 'Document', 'Source', 'Since']);
    await expect(el).to.be.accessible();
  });
});
