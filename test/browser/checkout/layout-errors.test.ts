import { expect } from '@open-wc/testing';
import {
  contrastRatio,
  DARK_SURFACE,
  fontStackFor,
  layoutStyle,
  LIGHT_SURFACE,
  parseColor,
  readablePrimary,
  safeColor,
  safeLogoUrl,
} from '../../../src/checkout/layout.js';
import { CheckoutError, messageKeyFor, toCheckoutError } from '../../../src/checkout/errors.js';
import { createTranslator, loadLocale } from '../../../src/checkout/i18n.js';

// English is a lazy module (pt-BR ships in the entry): load it before the English cases.
before(() => loadLocale('en'));

describe('layout validation', () => {
  it('accepts strict colours only', () => {
    for (const ok of ['#abc', '#ABCD', '#0b63ce', '#0b63ce80', 'rgb(1, 2, 3)', 'rgba(255,255,255,0.5)', 'rgb(10 20 30 / 50%)', 'hsl(210, 90%, 40%)', 'hsla(210 90% 40% / .5)']) {
      expect(safeColor(ok), ok).to.equal(ok);
    }
    for (const bad of ['red', '#12', '#12345', '#1234567', 'red;background:url(//x)', '#fff;x:y', 'rgb(300, 0, 0)', 'rgb(1,2)', 'rgb(1,2,3);', 'var(--x)',
      'expression(alert(1))', 'url(//evil)', 'hsl(10, 200%, 5%)', ' ', null, undefined, `#${'a'.repeat(70)}`]) {
      expect(safeColor(bad as string), String(bad)).to.equal(undefined);
    }
  });

  it('maps known typographies to font stacks and nothing else', () => {
    expect(fontStackFor('INTER')).to.contain('"Inter"');
    expect(fontStackFor('montserrat')).to.contain('"Montserrat"');
    expect(fontStackFor('MONTESERRAT')).to.contain('"Montserrat"');
    expect(fontStackFor('Open Sans')).to.contain('"Open Sans"');
    for (const bad of ['Comic Sans', 'INTER;color:red', '__proto__', 'constructor', 'toString', '', null]) {
      expect(fontStackFor(bad as string), String(bad)).to.equal(undefined);
    }
  });

  it('accepts only absolute http(s) logo URLs', () => {
    expect(safeLogoUrl('https://cdn.example.com/logo.png')).to.equal('https://cdn.example.com/logo.png');
    expect(safeLogoUrl('http://cdn.example.com/a b.png')).to.equal('http://cdn.example.com/a%20b.png');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:image/png;base64,AAAA', 'blob:https://x/1', '/relative.png', '//evil.example/x.png', 'ftp://x/y', '']) {
      expect(safeLogoUrl(bad), bad).to.equal(undefined);
    }
  });

  it('keeps an accessible primary colour and darkens (light) or lightens (dark) one that is not', () => {
    expect(readablePrimary('#0b5394', LIGHT_SURFACE)).to.equal('#0b5394');
    const light = readablePrimary('#009FE3', LIGHT_SURFACE)!;
    expect(contrastRatio(parseColor(light)!, LIGHT_SURFACE)).to.be.at.least(4.5);
    const dark = readablePrimary('#0b5394', DARK_SURFACE)!;
    expect(contrastRatio(parseColor(dark)!, DARK_SURFACE)).to.be.at.least(4.5);
    expect(readablePrimary('hsl(200, 100%, 45%)', LIGHT_SURFACE)).to.match(/^#[0-9a-f]{6}$/);
    expect(readablePrimary('nonsense', LIGHT_SURFACE)).to.equal(undefined);
  });

  it('parses every accepted colour syntax to the same sRGB', () => {
    const expected = [0, 159, 227];
    for (const c of ['#009fe3', 'rgb(0, 159, 227)', 'rgb(0 159 227)', 'rgba(0,159,227,1)']) {
      expect(parseColor(c)!.map(Math.round), c).to.deep.equal(expected);
    }
    expect(parseColor('hsl(0, 100%, 50%)')!.map(Math.round)).to.deep.equal([255, 0, 0]);
    // half-transparent black over white is mid grey
    expect(parseColor('#00000080')!.map(Math.round)).to.deep.equal([127, 127, 127]);
  });

  it('reads hex colours itself, to the same sRGB as the browser reads the same colour as rgb()/rgba()', () => {
    const hex2 = (n: number) => n.toString(16).padStart(2, '0');
    let seed = 11;
    const byte = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let i = 0; i < 200; i++) {
      const [r, g, b, a] = [byte(), byte(), byte(), byte()];
      expect(parseColor(`#${hex2(r)}${hex2(g)}${hex2(b)}`), `#${hex2(r)}${hex2(g)}${hex2(b)}`).to.deep.equal(parseColor(`rgb(${r}, ${g}, ${b})`));
      expect(parseColor(`#${hex2(r)}${hex2(g)}${hex2(b)}${hex2(a)}`.toUpperCase()), 'with alpha').to.deep.equal(parseColor(`rgba(${r}, ${g}, ${b}, ${a / 255})`));
    }
    expect(parseColor('#0af')).to.deep.equal(parseColor('rgb(0, 170, 255)'));
    expect(parseColor('#0af8')).to.deep.equal(parseColor(`rgba(0, 170, 255, ${0x88 / 255})`));
  });

  it('layoutStyle sets only validated values', () => {
    expect(layoutStyle({ primaryColor: 'red;x', typography: 'Comic', logoUrl: 'javascript:1' })).to.deep.equal({
      '--_api-primary': undefined,
      '--_api-primary-dark': undefined,
      '--_api-font': undefined,
    });
    expect(layoutStyle(undefined)['--_api-primary']).to.equal(undefined);
  });
});

describe('CheckoutError and messages', () => {
  it('is an Error named CheckoutError with its code and defaults for recoverable', () => {
    const e = new CheckoutError('network', 'down');
    expect(e).to.be.instanceOf(Error);
    expect(e.name).to.equal('CheckoutError');
    expect(e.recoverable).to.equal(true);
    expect(new CheckoutError('config', 'x').recoverable).to.equal(false);
    expect(new CheckoutError('session', 'x').recoverable).to.equal(false);
    expect(new CheckoutError('http', 'x', { status: 400 }).recoverable).to.equal(false);
    expect(new CheckoutError('http', 'x', { status: 503 }).recoverable).to.equal(true);
    expect(new CheckoutError('http', 'x', { status: 400, recoverable: true }).recoverable).to.equal(true);
  });

  it('maps every code to a localised message, never to the upstream text', () => {
    const t = createTranslator('pt-BR');
    const cases: [CheckoutError, string][] = [
      [new CheckoutError('network', 'x'), 'error.network'],
      [new CheckoutError('timeout', 'x'), 'error.timeout'],
      [new CheckoutError('http', 'x', { status: 502 }), 'error.server'],
      [new CheckoutError('http', 'x', { status: 400, apiCode: 'invalid_request' }), 'error.form'],
      [new CheckoutError('invalid-response', 'x'), 'error.invalidResponse'],
      [new CheckoutError('payment-refused', 'x'), 'card.refused.generic'],
      [new CheckoutError('payment-expired', 'x'), 'expired.body'],
      [new CheckoutError('config', 'x'), 'error.config'],
      [new CheckoutError('session', 'x'), 'error.session'],
      [new CheckoutError('rate-limited', 'x'), 'error.rateLimited'],
    ];
    for (const [e, key] of cases) {
      expect(messageKeyFor(e), e.code).to.equal(key);
      expect(t(messageKeyFor(e))).not.to.equal(key);
    }
  });

  it('wraps unknown throwables', () => {
    expect(toCheckoutError(new TypeError('Failed to fetch')).code).to.equal('network');
    const odd = toCheckoutError('boom');
    expect(odd.code).to.equal('http');
    expect(odd.recoverable).to.equal(true);
    const same = new CheckoutError('timeout', 'x');
    expect(toCheckoutError(same)).to.equal(same);
  });
});
