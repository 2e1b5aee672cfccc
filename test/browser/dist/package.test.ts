/**
 * What package.json promises exists in the build: every `exports` target, `main`/`module`/`types`,
 * the CDN fields, the element manifest. Also the manifest itself describes the public elements.
 */
import { expect } from '@open-wc/testing';

interface Pkg {
  name: string;
  main: string;
  module: string;
  types: string;
  unpkg: string;
  jsdelivr: string;
  customElements: string;
  sideEffects: string[];
  files: string[];
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
}

interface ManifestDecl {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}
interface Manifest {
  schemaVersion: string;
  modules: { path: string; declarations?: ManifestDecl[]; exports?: { kind: string; name: string }[] }[];
}

const status = async (path: string) => (await fetch(`/${path.replace(/^\.\//, '')}`, { method: 'GET', cache: 'no-store' })).status;

describe('package.json against the build', () => {
  let pkg: Pkg;
  before(async () => {
    pkg = (await (await fetch('/package.json')).json()) as Pkg;
  });

  it('every exports target exists', async () => {
    const targets = Object.entries(pkg.exports).flatMap(([key, value]) =>
      typeof value === 'string' ? [[key, value]] : Object.entries(value).map(([cond, path]) => [`${key} (${cond})`, path]),
    );
    expect(Object.keys(pkg.exports)).to.include.members(['.', './server', './sandbox', './package.json', './custom-elements.json']);
    for (const [key, path] of targets) expect(await status(path!), `${key} -> ${path}`).to.equal(200);
  });

  it('main, module, types, unpkg, jsdelivr and customElements exist', async () => {
    for (const field of ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'customElements'] as const) {
      expect(await status(pkg[field]), `${field} -> ${pkg[field]}`).to.equal(200);
    }
  });

  it('the widget entry is marked as having side effects (it defines the elements)', () => {
    const entry = (pkg.exports['.'] as Record<string, string>).import;
    expect(pkg.sideEffects).to.include(entry);
  });

  it('framework packages stay out of the runtime dependencies', () => {
    for (const name of ['react', 'react-dom', '@lit/react', 'vite']) expect(pkg.dependencies).to.not.have.property(name);
  });
});

describe('custom-elements.json', () => {
  let manifest: Manifest;
  let byTag: Map<string, ManifestDecl>;
  before(async () => {
    manifest = (await (await fetch('/dist/custom-elements.json')).json()) as Manifest;
    byTag = new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName!, d]));
  });

  it('names every element with its tag, the lazy card form included', () => {
    expect(manifest.schemaVersion).to.be.a('string');
    expect([...byTag.keys()]).to.include.members([
      'bynet-checkout', 'bynet-method-list', 'bynet-customer-fields', 'bynet-pix-payment', 'bynet-boleto-payment',
      'bynet-card-form', 'bynet-qr-code', 'bynet-barcode', 'bynet-countdown', 'bynet-status-message',
    ]);
    for (const [tag, decl] of byTag) expect(decl.customElement, tag).to.equal(true);
  });

  it('documents the root element: attributes, every bynet-* event, parts and custom properties', () => {
    const root = byTag.get('bynet-checkout')!;
    expect(root.attributes!.map((a) => a.name)).to.include.members(['endpoint', 'product', 'cart', 'locale']);
    expect(root.events!.map((e) => e.name)).to.include.members([
      'bynet-ready', 'bynet-method-select', 'bynet-payment-submit', 'bynet-payment-created', 'bynet-payment-status',
      'bynet-copy', 'bynet-payment-complete', 'bynet-payment-failed', 'bynet-error',
    ]);
    expect(root.cssParts!.map((p) => p.name)).to.include.members(['base', 'method-list', 'pay-button', 'qr-code', 'card-form', 'status', 'error']);
    expect(root.cssProperties!.every((p) => p.name.startsWith('--bynet-'))).to.equal(true);
  });

  it('exports a custom-element-definition for bynet-checkout from its module', () => {
    const mod = manifest.modules.find((m) => m.exports?.some((e) => e.kind === 'custom-element-definition' && e.name === 'bynet-checkout'));
    expect(mod?.path).to.match(/checkout\/checkout\.ts$/);
  });
});
