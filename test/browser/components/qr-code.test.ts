import { expect, fixture, html } from '@open-wc/testing';
import type { BynetQrCode } from '../../../src/components/qr-code/qr-code.js';
import { registerAll, decodeSvgQr, PIX_CODE, HOSTILE, $ } from './helpers.js';

registerAll();

describe('<bynet-qr-code>', () => {
  it('is accessible', async () => {
    const el = await fixture<BynetQrCode>(html`<bynet-qr-code .value=${PIX_CODE} label="QR code PIX"></bynet-qr-code>`);
    await expect(el).to.be.accessible();
  });

  it('draws a QR code that decodes to exactly the BR Code', async () => {
    const el = await fixture<BynetQrCode>(html`<bynet-qr-code .value=${PIX_CODE} label="QR"></bynet-qr-code>`);
    const svgEl = $<SVGSVGElement>(el, 'svg[part="qr-code"]');
    expect(await decodeSvgQr(svgEl)).to.equal(PIX_CODE);
  });

  it('decodes a long code too, and redraws when the value changes', async () => {
    const long = `${PIX_CODE}${'X'.repeat(300)}`;
    const el = await fixture<BynetQrCode>(html`<bynet-qr-code .value=${'first'} label="QR"></bynet-qr-code>`);
    expect(await decodeSvgQr($<SVGSVGElement>(el, 'svg'))).to.equal('first');
    el.value = long;
    await el.updateComplete;
    expect(await decodeSvgQr($<SVGSVGElement>(el, 'svg'), 800)).to.equal(long);
  });

  it('is one path with a 4-module quiet zone, labelled as an image', async () => {
    const el = await fixture<BynetQrCode>(html`<bynet-qr-code .value=${PIX_CODE} label="QR code PIX de R$ 49,90"></bynet-qr-code>`);
    const svgEl = $<SVGSVGElement>(el, 'svg');
    expect(svgEl.getAttribute('role')).to.equal('img');
    expect(svgEl.getAttribute('aria-label')).to.equal('QR code PIX de R$ 49,90');
    expect(svgEl.querySelectorAll('path')).to.have.length(1);
    const [, , w, h] = svgEl.getAttribute('viewBox')!.split(' ').map(Number);
    expect(w).to.equal(h);
    const bbox = svgEl.querySelector('path')!.getBBox();
    expect(bbox.x).to.equal(4);
    expect(bbox.y).to.equal(4);
    expect(bbox.x + bbox.width).to.equal(w! - 4);
    expect(bbox.y + bbox.height).to.equal(h! - 4);
  });

  it('renders nothing without a value', async () => {
    const el = await fixture<BynetQrCode>(html`<bynet-qr-code label="QR"></bynet-qr-code>`);
    expect(el.shadowRoot!.querySelector('svg')).to.equal(null);
  });

  it('keeps a hostile label as plain attribute text', async () => {
    const el = await fixture<BynetQrCode>(html`<bynet-qr-code .value=${PIX_CODE} .label=${HOSTILE}></bynet-qr-code>`);
    expect($(el, 'svg').getAttribute('aria-label')).to.equal(HOSTILE);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
  });
});
