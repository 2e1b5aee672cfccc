/**
 * The script-tag build under a strict Content-Security-Policy (no 'unsafe-inline', no
 * 'unsafe-eval', styles from 'self' only): csp-page.html loads the file and a checkout in an
 * iframe. Expect no `securitypolicyviolation` at all, and a working checkout.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { cardForm, chooseMethod, methodRadios, openFrame, waitForMethods } from './dist-helpers.js';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
  line: number;
}
type CspWindow = Window & { cspViolations: Violation[]; bynetEvents: { name: string; detail: unknown }[]; __pwned?: number };

describe('strict CSP', () => {
  let frame: HTMLIFrameElement;
  let win: CspWindow;
  let doc: Document;

  before(async () => {
    frame = await openFrame('/test/browser/dist/csp-page.html');
    win = frame.contentWindow as CspWindow;
    doc = frame.contentDocument!;
  });
  after(() => frame.remove());

  const violations = () => win.cspViolations.map((v) => `${v.directive} blocked ${v.blocked || '(inline)'} at ${v.source}:${v.line} ${v.sample}`);

  it('the policy is in force on the page', () => {
    const meta = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(meta?.getAttribute('content')).to.include("script-src 'self'").and.include("style-src 'self'");
    expect(win.cspViolations).to.be.an('array');
  });

  it('renders the checkout with its methods and no violation', async () => {
    const el = doc.querySelector('bynet-checkout')!;
    const methods = await waitForMethods(el);
    expect(methods).to.include.members(['PIX', 'BOLETO', 'CREDIT_CARD']);
    await waitUntil(() => win.bynetEvents.some((e) => e.name === 'bynet-ready'), 'bynet-ready never fired');
    expect(win.bynetEvents.filter((e) => e.name === 'bynet-error')).to.deep.equal([]);
    // Styles applied through adoptedStyleSheets: the radios are styled, not bare.
    const list = el.shadowRoot!.querySelector('bynet-method-list')!;
    expect(list.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(violations()).to.deep.equal([]);
  });

  it('shows the card form and the PIX view with no violation', async () => {
    const el = doc.querySelector('bynet-checkout')!;
    chooseMethod(el, 'CREDIT_CARD');
    await waitUntil(() => cardForm(el)?.shadowRoot?.querySelector('input'), 'the card form never rendered', { timeout: 8000 });
    chooseMethod(el, 'PIX');
    await waitUntil(() => methodRadios(el).find((r) => r.value === 'PIX')?.checked, 'PIX not selected');
    expect(violations()).to.deep.equal([]);
  });

  it('the listener does catch a violation (an inline script is blocked and reported)', async () => {
    const before = win.cspViolations.length;
    const inline = doc.createElement('script');
    inline.textContent = 'window.__pwned = 1;';
    doc.body.append(inline);
    await waitUntil(() => win.cspViolations.length > before, 'the blocked inline script was not reported');
    expect(win.__pwned).to.equal(undefined);
    expect(win.cspViolations.slice(before).map((v) => v.directive)).to.deep.equal(['script-src-elem']);
  });
});
