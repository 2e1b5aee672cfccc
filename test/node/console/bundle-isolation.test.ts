/**
 * The merchant console never reaches the buyer: nothing under src/console is in the widget entry's
 * import graph (static or dynamic imports), nor in a real bundle of it; and the console entry
 * bundles on its own without the checkout's modules. Bundles are built in memory (esbuild).
 */
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { init, parse } from 'es-module-lexer';
import { build, transformSync } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const rel = (p: string) => relative(root, p).split('\\').join('/');

/** Every source file `entry` reaches through relative imports (static, dynamic, re-exports). */
async function importGraph(entry: string): Promise<Set<string>> {
  await init;
  const seen = new Set<string>();
  const todo = [resolve(root, entry)];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // the lexer reads JavaScript: compile first (type-only imports vanish, as in the build)
    const { code: js } = transformSync(source, { loader: 'ts', tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } });
    const [imports] = parse(js, file);
    for (const imp of imports) {
      const spec = imp.n;
      if (!spec || !spec.startsWith('.')) continue;
      const base = resolve(dirname(file), spec);
      const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, resolve(base, 'index.ts')];
      const found = candidates.find((c) => existsSync(c) && !c.endsWith('/'));
      assert.ok(found, `${rel(file)} imports ${spec}, which does not resolve`);
      todo.push(found);
    }
  }
  return new Set([...seen].map(rel));
}

async function bundle(entry: string) {
  const out = await build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: '/virtual',
    metafile: true,
    logLevel: 'silent',
    tsconfig: resolve(root, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const inputs = Object.keys(out.metafile.inputs);
  const bytes = out.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
  return { inputs, bytes };
}

describe("the buyer's bundle and the console", () => {
  it("the widget entry's import graph never reaches src/console", async () => {
    const graph = await importGraph('src/index.ts');
    assert.ok(graph.has('src/components/checkout/checkout.ts'), 'the walk reaches the checkout');
    assert.ok(graph.has('src/components/card-form/card-form.ts'), 'the walk follows the lazy card chunk');
    assert.deepEqual([...graph].filter((f) => f.startsWith('src/console/')), []);
  });

  it("the console entry's graph has the console, and none of the checkout's flow", async () => {
    const graph = await importGraph('src/console/index.ts');
    for (const f of ['src/console/components/transactions.ts', 'src/console/components/transaction.ts', 'src/console/components/customers.ts', 'src/console/i18n.ts']) {
      assert.ok(graph.has(f), `${f} is in the console entry`);
    }
    const widgetOnly = [...graph].filter((f) => /^src\/(checkout|components\/(checkout|card-form|method-list|pix-payment|boleto-payment))\//.test(f));
    assert.deepEqual(widgetOnly, []);
    // and nothing of the server side (API key, gateway) in the browser entry
    assert.deepEqual([...graph].filter((f) => /^src\/(server|directory|sandbox)\//.test(f)), []);
  });

  it('a real bundle of the widget has no console module; the console bundles apart', async () => {
    const widget = await bundle('src/index.ts');
    assert.deepEqual(widget.inputs.filter((f) => f.includes('src/console/')), []);
    assert.ok(widget.inputs.some((f) => f.endsWith('src/components/checkout/checkout.ts')));
    const consoleBundle = await bundle('src/console/index.ts');
    assert.ok(consoleBundle.inputs.some((f) => f.endsWith('src/console/components/transactions.ts')));
    assert.deepEqual(consoleBundle.inputs.filter((f) => f.includes('src/checkout/') || f.includes('src/components/checkout/')), []);
    // for the record (not a pass/fail figure): npm run size / npm run bench measure sizes
    console.log(`# widget bundle (esbuild, minified, lit included): ${widget.bytes} bytes; console bundle: ${consoleBundle.bytes} bytes`);
  });
});
