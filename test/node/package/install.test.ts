/**
 * The package as a storefront installs it: `npm run build`'s script writes a fresh build into
 * <scratch>/node_modules/bynet-checkout, next to package.json, and a scratch project then
 *   - imports 'bynet-checkout' (SSR), 'bynet-checkout/server' and 'bynet-checkout/sandbox' in Node,
 *   - typechecks an import of all three through `exports` (moduleResolution nodenext),
 *   - packs it (npm pack --dry-run, offline) and finds every published path in the tarball,
 *   - checks sri.json against the bytes on disk.
 * Nothing here contacts the network.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  main: string;
  types: string;
  unpkg: string;
  customElements: string;
  files: string[];
};

let scratch = '';
let pkgDir = '';

function run(cmd: string, args: string[], cwd: string, timeout = 180_000) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, NODE_OPTIONS: '', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function link(name: string, target = join(root, 'node_modules', name)) {
  const at = join(scratch, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('installed package (fresh build in a scratch project)', () => {
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bynet-install-'));
    pkgDir = join(scratch, 'node_modules', 'bynet-checkout');
    mkdirSync(pkgDir, { recursive: true });
    run(process.execPath, [join(root, 'scripts/build.mjs'), '--out-dir', join(pkgDir, 'dist'), '--no-examples'], root);
    copyFileSync(join(root, 'package.json'), join(pkgDir, 'package.json'));
    // what `files` publishes besides the build (typings, examples, the sandbox reference)
    for (const entry of pkg.files) {
      if (!entry.startsWith('!') && entry !== 'dist') cpSync(join(root, entry), join(pkgDir, entry), { recursive: true });
    }
    // The runtime dependencies, as npm would install them beside the package.
    for (const dep of Object.keys(pkg.dependencies)) link(dep);
    link('@types/node');
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-store', private: true, type: 'module' }));
  });
  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('imports the widget (SSR), the server helper and the sandbox through exports in plain Node', () => {
    const script = `
      const widget = await import('bynet-checkout');
      const server = await import('bynet-checkout/server');
      const sandbox = await import('bynet-checkout/sandbox');
      console.log(JSON.stringify({
        widget: typeof widget.BynetCheckout, register: typeof widget.registerElements,
        handler: typeof server.createCheckoutHandler, listener: typeof server.toNodeListener,
        sandbox: typeof sandbox.createSandbox, start: typeof sandbox.startSandbox,
        manifest: import.meta.resolve('bynet-checkout/custom-elements.json'),
        packageJson: import.meta.resolve('bynet-checkout/package.json'),
      }));`;
    const out = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], scratch).trim().split('\n').pop()!) as Record<string, string>;
    assert.deepEqual(
      { widget: out.widget, register: out.register, handler: out.handler, listener: out.listener, sandbox: out.sandbox, start: out.start },
      { widget: 'function', register: 'function', handler: 'function', listener: 'function', sandbox: 'function', start: 'function' },
    );
    assert.equal(fileURLToPath(out.manifest!), join(pkgDir, 'dist/custom-elements.json'));
    assert.equal(fileURLToPath(out.packageJson!), join(pkgDir, 'package.json'));
  });

  test('a TypeScript consumer resolves the types of all three entry points', () => {
    writeFileSync(
      join(scratch, 'consumer.ts'),
      [
        "import { BynetCheckout } from 'bynet-checkout';",
        "import type { BynetEventDetailMap, Payment } from 'bynet-checkout';",
        "import { createCheckoutHandler } from 'bynet-checkout/server';",
        "import { createSandbox } from 'bynet-checkout/sandbox';",
        "export const tag: typeof HTMLElement = BynetCheckout;",
        "export type Ready = BynetEventDetailMap['bynet-ready'];",
        "export type Id = Payment['id'];",
        'export const fns = [createCheckoutHandler, createSandbox] as const;',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true,
          skipLibCheck: true, lib: ['es2022', 'dom', 'dom.iterable'], types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], scratch);
  });

  test('npm pack includes every published path, and neither sources (the sandbox reference aside) nor built examples', () => {
    const out = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'], pkgDir, 60_000);
    const packed = new Set((JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path));
    const targets = Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)));
    const missing = [...targets, pkg.main, pkg.types, pkg.unpkg, pkg.customElements, './dist/sri.json', './dist/SRI.md'].filter(
      (path) => !packed.has(path.replace(/^\.\//, '')),
    );
    assert.deepEqual(missing, [], 'every export target is in the tarball');
    for (const screen of ['pix', 'boleto', 'card']) {
      const chunk = new RegExp(`^dist/esm/chunks/${screen}-[\\w-]+\\.js$`);
      assert.ok([...packed].some((p) => chunk.test(p)), `the lazy ${screen} chunk is in the tarball`);
    }
    assert.deepEqual(
      [...packed].filter((p) => (p.startsWith('src/') && p !== 'src/sandbox/README.md') || p.startsWith('test/') || p.startsWith('dist/examples/')),
      [],
    );
    assert.ok(packed.has('src/sandbox/README.md') && packed.has('jsx/react.d.ts') && packed.has('examples/html/index.html'));
  });

  test('`npx bynet-checkout doctor` runs from the installed bin against a gateway (the sandbox): verdicts, exit codes, no key printed', async () => {
    const { startSandbox } = await import('../../../src/sandbox/index.js');
    const key = 'sk_test_doctor_bin_5f1c9a7e3b2d4c6a';
    const sb = await startSandbox({ apiKey: key });
    const bin = join(scratch, 'node_modules/.bin/bynet-checkout');
    mkdirSync(dirname(bin), { recursive: true });
    symlinkSync(join(pkgDir, (pkg as unknown as { bin: Record<string, string> }).bin['bynet-checkout']!), bin);
    const doctor = (apiKey: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        // async: the sandbox answers from this very process
        const child = spawn(bin, ['doctor', '--base-url', sb.url], { cwd: scratch, env: { ...process.env, NODE_OPTIONS: '', BYNET_API_KEY: apiKey } });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    try {
      const good = await doctor(key);
      assert.equal(good.code, 0, good.out);
      assert.match(good.out, /\[OK  \] API key accepted/);
      assert.match(good.out, /Verdict: no blocking problem found/);
      const bad = await doctor('sk_test_wrong_key_0000000000000000');
      assert.equal(bad.code, 1, bad.out);
      assert.match(bad.out, /\[FAIL\] API key accepted: unauthorized \(HTTP 401\)/);
      assert.ok(!good.out.includes(key) && !bad.out.includes('sk_test_wrong_key'), 'the key is never printed');
    } finally {
      await sb.close();
    }
  });

  test('the React wrapper module (./react) is built', () => {
    assert.ok(existsSync(join(pkgDir, 'dist/esm/react.js')));
    assert.ok(existsSync(join(pkgDir, 'dist/types/react/index.d.ts')));
  });

  test('sri.json covers every CDN script, each with the sha384 of its bytes on disk', () => {
    const dist = join(pkgDir, 'dist');
    const hashes = JSON.parse(readFileSync(join(dist, 'sri.json'), 'utf8')) as Record<string, string>;
    const scripts = listFiles(join(dist, 'cdn'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => relative(dist, f).split(sep).join('/'))
      .sort();
    assert.deepEqual(Object.keys(hashes).sort(), scripts);
    assert.ok(scripts.includes('cdn/bynet-checkout.iife.js'));
    for (const file of scripts) {
      const expected = `sha384-${createHash('sha384').update(readFileSync(join(dist, file))).digest('base64')}`;
      assert.equal(hashes[file], expected, file);
    }
  });

  test('the script-tag file is one self-contained classic script', () => {
    const iife = readFileSync(join(pkgDir, pkg.unpkg), 'utf8');
    // Compiles as a classic script (an `import`/`export` statement would be a SyntaxError).
    assert.doesNotThrow(() => new Script(iife, { filename: 'bynet-checkout.iife.js' }));
    assert.equal(/\bimport\(/.test(iife), false, 'no runtime chunk loading (import())');
    assert.equal(/\bprocess\.env\b/.test(iife), false, 'nothing left for a bundler to replace');
    assert.equal(/\b(?:new Function|eval)\(/.test(iife), false, 'no eval under a strict CSP');
  });
});
