/**
 * examples/html: the plain-HTML integration (script tag + element + a store script listening to
 * events), under the strict CSP it declares.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { chooseMethod, openFrame, waitForMethods } from './dist-helpers.js';

describe('plain HTML example', () => {
  let frame: HTMLIFrameElement;
  let doc: Document;
  const violations: string[] = [];
  let observer: ReportingObserver;
  const collect = (reports: Report[]) => {
    for (const r of reports) {
      const body = r.body as unknown as { effectiveDirective?: string; blockedURL?: string; sourceFile?: string } | null;
      violations.push(`${body?.effectiveDirective} blocked ${body?.blockedURL} at ${body?.sourceFile}`);
    }
  };
  const logLines = () => [...doc.querySelectorAll('#events li')].map((li) => li.textContent ?? '');

  before(async () => {
    frame = await openFrame('/examples/html/index.html');
    doc = frame.contentDocument!;
    // Buffered: also the reports from before this observer existed (the page's first render).
    const win = frame.contentWindow as Window & typeof globalThis;
    observer = new win.ReportingObserver((reports) => collect(reports), { types: ['csp-violation'], buffered: true });
    observer.observe();
  });
  after(() => {
    observer.disconnect();
    frame.remove();
  });

  it('renders the checkout and the store script hears bynet-ready and bynet-method-select', async () => {
    const el = doc.querySelector('bynet-checkout')!;
    const methods = await waitForMethods(el);
    await waitUntil(() => logLines().length > 0, 'the store script heard nothing');
    expect(logLines()).to.deep.equal([`ready: ${methods.join(', ')}`]);
    chooseMethod(el, 'PIX');
    await waitUntil(() => logLines().includes('method: PIX'), 'bynet-method-select not heard');
    expect(doc.getElementById('thanks')!.hidden).to.equal(true);
  });

  it('runs under the CSP the example declares, with no violation reported', async () => {
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')).to.not.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 50)); // reports are delivered in a task
    collect(observer.takeRecords());
    expect(violations).to.deep.equal([]);
  });
});
