/**
 * dist/sri.json: the hash of every CDN file matches the file as served, a script tag with the
 * published hash runs, and one with a hash that is one character off does not.
 */
import { expect } from '@open-wc/testing';
import { addScript, IIFE_URL } from './dist-helpers.js';

async function sha384(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  let binary = '';
  for (const b of digest) binary += String.fromCharCode(b);
  return `sha384-${btoa(binary)}`;
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

/** The hash with one base64 character changed: the same shape, a different digest. */
function tamper(hash: string): string {
  const i = 'sha384-'.length + 5;
  return hash.slice(0, i) + (hash[i] === 'A' ? 'B' : 'A') + hash.slice(i + 1);
}

describe('SRI hashes', () => {
  let hashes: Record<string, string>;
  before(async () => {
    hashes = (await (await fetchOk('/dist/sri.json')).json()) as Record<string, string>;
  });

  it('lists the script-tag file, the module entry and every chunk the entry can import', async () => {
    expect(hashes).to.have.property('cdn/bynet-checkout.iife.js');
    expect(hashes).to.have.property('cdn/esm/bynet-checkout.js');
    const entry = await (await fetchOk('/dist/cdn/esm/bynet-checkout.js')).text();
    const chunks = [...new Set([...entry.matchAll(/["'`]\.\/(chunks\/[\w.-]+\.js)["'`]/g)].map((m) => `cdn/esm/${m[1]}`))];
    for (const screen of ['pix', 'boleto', 'card']) {
      expect(chunks.some((c) => c.includes(`chunks/${screen}-`)), `the entry should import the ${screen} chunk`).to.equal(true);
    }
    for (const chunk of chunks) expect(hashes, chunk).to.have.property(chunk);
  });

  it('every entry is a sha384, and the script-tag file\'s hash matches the file as served', async () => {
    // Only the IIFE is compared byte for byte here: the test server rewrites import specifiers in
    // the module files it serves. The node tests compare every listed file with the bytes on disk.
    for (const [file, hash] of Object.entries(hashes)) expect(hash, file).to.match(/^sha384-[A-Za-z0-9+/]{64}$/);
    const bytes = await (await fetchOk(IIFE_URL)).arrayBuffer();
    expect(await sha384(bytes)).to.equal(hashes['cdn/bynet-checkout.iife.js']);
  });

  it('SRI.md shows the published hash in a script tag', async () => {
    const md = await (await fetchOk('/dist/SRI.md')).text();
    expect(md).to.include(`integrity="${hashes['cdn/bynet-checkout.iife.js']}"`);
    expect(md).to.include('crossorigin="anonymous"');
    expect(md).to.match(/bynet-checkout@\d+\.\d+\.\d+\/dist\/cdn\/bynet-checkout\.iife\.js/);
  });

  it('the browser refuses the file under a wrong hash, and runs it under the published one', async () => {
    const good = hashes['cdn/bynet-checkout.iife.js']!;
    expect(await addScript(document, IIFE_URL, { integrity: tamper(good), crossorigin: 'anonymous' })).to.equal('error');
    expect(customElements.get('bynet-checkout'), 'a refused script must not run').to.equal(undefined);
    expect(await addScript(document, IIFE_URL, { integrity: good, crossorigin: 'anonymous' })).to.equal('load');
    expect(customElements.get('bynet-checkout')).to.be.a('function');
  });
});
