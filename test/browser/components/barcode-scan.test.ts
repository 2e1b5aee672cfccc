/**
 * The boleto barcode read by an independent ITF reader (@zxing/library) from the pixels of the
 * rendered element, at the widget's sizes: desktop 1280x800 (DPR 1 and 2) and phone 390x844 (DPR 2).
 * See test/support/itf-raster.ts for how the on-screen pixels are rebuilt.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { BynetBoletoPayment } from '../../../src/components/boleto-payment/boleto-payment.js';
import type { BynetBarcode } from '../../../src/components/barcode/barcode.js';
import { devicePixelsPerModule } from '../../../src/components/barcode/barcode.js';
import { rasterizeSvgElement, readItf, rotateQuarter, greyShare, greyWhere } from '../../support/itf-raster.js';
import { registerAll, until, boletoPayment, BOLETO_BARCODE, $ } from './helpers.js';
import { addBoletoMessages } from '../../../src/checkout/i18n-boleto.js';

registerAll();
addBoletoMessages(); // the boleto view's pt-BR strings come with its chunk

/** The widget's content box on a desktop: the barcode frame gets 510 px, the symbol 492 px (issue 13). */
const DESKTOP_BOX = 510;

const barcodeSvg = (el: BynetBoletoPayment) => $<SVGSVGElement>($<BynetBarcode>(el, 'bynet-barcode'), 'svg[part="barcode"]');

/** Waits for the barcode to be measured and drawn for the current viewport and DPR. */
async function settledSvg(el: BynetBoletoPayment): Promise<SVGSVGElement> {
  let last = '';
  let stable = 0;
  await until(() => {
    const host = el.shadowRoot!.querySelector<BynetBarcode>('bynet-barcode');
    const svgEl = host?.shadowRoot?.querySelector('svg');
    if (!svgEl) return false;
    const now = `${svgEl.getAttribute('width')}x${svgEl.getAttribute('height')}@${svgEl.dataset.modulePx}/${devicePixelRatio}`;
    stable = now === last ? stable + 1 : 0;
    last = now;
    return stable >= 3;
  }, 'barcode not drawn');
  return barcodeSvg(el);
}

async function desktopBoleto(): Promise<BynetBoletoPayment> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width:${DESKTOP_BOX}px"><bynet-boleto-payment .payment=${boletoPayment()}></bynet-boleto-payment></div>`,
  );
  return wrapper.querySelector('bynet-boleto-payment')!;
}

describe('boleto barcode scanned from the screen (ITF reader over the rendered pixels)', () => {
  after(async () => {
    await setViewport({ width: 800, height: 600, deviceScaleFactor: 1 } as Parameters<typeof setViewport>[0]);
  });

  it('whole device pixels per module: 1 px in 492 CSS px at DPR 1, 2 at DPR 2, 3 in 657 px at DPR 2', () => {
    expect(devicePixelsPerModule(492, 425, 1)).to.equal(1);
    expect(devicePixelsPerModule(492, 425, 2)).to.equal(2);
    expect(devicePixelsPerModule(657, 425, 2)).to.equal(3);
    expect(devicePixelsPerModule(200, 425, 1)).to.equal(1);
    expect(devicePixelsPerModule(850, 425, 1)).to.equal(2);
  });

  it('1280x800, DPR 1: the barcode in the 492 px box decodes to the 44 digits, crisp (no grey pixels)', async () => {
    await setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 } as Parameters<typeof setViewport>[0]);
    expect(devicePixelRatio).to.equal(1);
    const el = await desktopBoleto();
    const svgEl = await settledSvg(el);
    expect(svgEl.dataset.modulePx).to.equal('1');
    expect(el.shadowRoot!.querySelector('[part="barcode-toggle"]')).to.equal(null);
    const raster = await rasterizeSvgElement(svgEl);
    expect(greyShare(raster), JSON.stringify({ ...greyWhere(raster), w: raster.width, h: raster.height, r: svgEl.getBoundingClientRect() })).to.equal(0);
    expect(readItf(raster)).to.equal(BOLETO_BARCODE);
  });

  it('1280x800, DPR 2: 2 device px per module, decodes to the 44 digits', async () => {
    await setViewport({ width: 1280, height: 800, deviceScaleFactor: 2 } as Parameters<typeof setViewport>[0]);
    expect(devicePixelRatio).to.equal(2);
    const el = await desktopBoleto();
    const svgEl = await settledSvg(el);
    expect(svgEl.dataset.modulePx).to.equal('2');
    const raster = await rasterizeSvgElement(svgEl);
    expect(greyShare(raster), JSON.stringify({ ...greyWhere(raster), w: raster.width, h: raster.height, r: svgEl.getBoundingClientRect() })).to.equal(0);
    expect(readItf(raster)).to.equal(BOLETO_BARCODE);
    await expect(el).to.be.accessible();
  });

  it('390x844, DPR 2: line first, "Mostrar código de barras" draws it large lying down (>= 2 px per module), and it decodes', async () => {
    await setViewport({ width: 390, height: 844, deviceScaleFactor: 2 } as Parameters<typeof setViewport>[0]);
    expect(devicePixelRatio).to.equal(2);
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="padding:0 16px"><bynet-boleto-payment .payment=${boletoPayment()}></bynet-boleto-payment></div>`,
    );
    const el = wrapper.querySelector('bynet-boleto-payment')!;
    await until(() => el.shadowRoot!.querySelector('[part="barcode-toggle"]') !== null, 'no barcode toggle on a phone');
    const toggle = $<HTMLButtonElement>(el, '[part="barcode-toggle"]');
    expect(toggle.textContent!.trim()).to.equal('Mostrar código de barras');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.querySelector('bynet-barcode')).to.equal(null);
    // The digitable line and its copy button come before the toggle.
    const order = [...el.shadowRoot!.querySelectorAll('[part="digitable-line"], [part="copy-button"], [part="barcode-toggle"]')].map((n) =>
      n.getAttribute('part'),
    );
    expect(order).to.deep.equal(['digitable-line', 'copy-button', 'barcode-toggle']);
    await expect(el).to.be.accessible();

    toggle.click();
    const svgEl = await settledSvg(el);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.textContent!.trim()).to.equal('Ocultar código de barras');
    expect($<BynetBarcode>(el, 'bynet-barcode').orientation).to.equal('vertical');
    expect(Number(svgEl.dataset.modulePx)).to.be.at.least(2);
    const rect = svgEl.getBoundingClientRect();
    expect(rect.width).to.be.at.most(390);
    expect(rect.height).to.be.at.most(844);
    const raster = await rasterizeSvgElement(svgEl);
    expect(greyShare(raster), JSON.stringify({ ...greyWhere(raster), w: raster.width, h: raster.height, r: svgEl.getBoundingClientRect() })).to.equal(0);
    // A bank app's scanner held sideways sees it upright.
    expect(readItf(rotateQuarter(raster))).to.equal(BOLETO_BARCODE);
    await expect(el).to.be.accessible();

    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.querySelector('bynet-barcode')).to.equal(null);
  });

  it('control: the old drawing (425 modules stretched over 492 px, 1.16 px per module) does not read', async () => {
    await setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 } as Parameters<typeof setViewport>[0]);
    const el = await desktopBoleto();
    const svgEl = await settledSvg(el);
    const old = svgEl.cloneNode(true) as SVGSVGElement;
    const [, , vbw, vbh] = old.getAttribute('viewBox')!.split(' ').map(Number);
    old.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    old.setAttribute('shape-rendering', 'auto');
    old.setAttribute('width', '492');
    old.setAttribute('height', String((492 * vbh!) / vbw!));
    old.style.cssText = 'display:block;shape-rendering:auto';
    const host = document.createElement('div');
    host.style.cssText = 'width:492px;background:#fff';
    host.append(old);
    wrapperOf(el).append(host);
    const raster = await rasterizeSvgElement(old);
    expect(greyShare(raster)).to.be.greaterThan(0);
    expect(() => readItf(raster)).to.throw();
  });
});

function wrapperOf(el: Element): HTMLElement {
  return el.parentElement!;
}
