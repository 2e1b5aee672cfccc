import { expect, fixture, html } from '@open-wc/testing';
import type { BynetBarcode } from '../../../src/components/barcode/barcode.js';
import { decodeItf, barsFromPath } from '../../support/itf-decode.js';
import { buildBoletoBarcode } from '../../../src/brazil/boleto.js';
import { registerAll, BOLETO_BARCODE, $ } from './helpers.js';

registerAll();

function readBars(el: BynetBarcode): string {
  const paths = el.shadowRoot!.querySelectorAll('svg[part="barcode"] path');
  expect(paths).to.have.length(1);
  return decodeItf(barsFromPath(paths[0]!.getAttribute('d')!));
}

describe('<bynet-barcode>', () => {
  it('is accessible', async () => {
    const el = await fixture<BynetBarcode>(html`<bynet-barcode .value=${BOLETO_BARCODE} label="Código de barras"></bynet-barcode>`);
    await expect(el).to.be.accessible();
  });

  it('draws bars that decode to exactly the 44-digit barcode', async () => {
    const el = await fixture<BynetBarcode>(html`<bynet-barcode .value=${BOLETO_BARCODE} label="Código de barras"></bynet-barcode>`);
    expect(readBars(el)).to.equal(BOLETO_BARCODE);
    const svgEl = $(el, 'svg');
    expect(svgEl.getAttribute('role')).to.equal('img');
    expect(svgEl.getAttribute('aria-label')).to.equal('Código de barras');
  });

  it('redraws for a new value', async () => {
    const el = await fixture<BynetBarcode>(html`<bynet-barcode .value=${BOLETO_BARCODE} label="x"></bynet-barcode>`);
    const other = buildBoletoBarcode({ bankCode: '341', amount: 123456, dueDate: '2026-06-30', freeField: '1234567890123456789012345' });
    el.value = other;
    await el.updateComplete;
    expect(readBars(el)).to.equal(other);
  });

  it('keeps the bars inside the view box, with quiet zones both sides', async () => {
    const el = await fixture<BynetBarcode>(html`<bynet-barcode .value=${BOLETO_BARCODE} label="x"></bynet-barcode>`);
    const svgEl = $<SVGSVGElement>(el, 'svg');
    const [, , w] = svgEl.getAttribute('viewBox')!.split(' ').map(Number);
    const bars = barsFromPath(svgEl.querySelector('path')!.getAttribute('d')!);
    const first = bars[0]!;
    const last = bars[bars.length - 1]!;
    expect(first.x).to.be.greaterThan(0);
    expect(last.x + last.w).to.be.lessThan(w!);
  });

  for (const bad of ['', '1234', `${BOLETO_BARCODE}1`, `${BOLETO_BARCODE.slice(0, 43)}A`, ' '.repeat(44)]) {
    it(`renders nothing for an invalid value (${JSON.stringify(bad.slice(0, 12))}…, ${bad.length} chars)`, async () => {
      const el = await fixture<BynetBarcode>(html`<bynet-barcode .value=${bad} label="x"></bynet-barcode>`);
      expect(el.shadowRoot!.querySelector('svg')).to.equal(null);
    });
  }
});
