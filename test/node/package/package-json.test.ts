/**
 * package.json and the build configuration agree: every published path is one the build writes,
 * every type entry point has a source, React stays a dev dependency. Runs without a build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConfig } from '../../../vite.config.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
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
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const tsBuild = JSON.parse(readFileSync(`${root}tsconfig.build.json`, 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };

/** The file a lib build writes for one entry: outDir + fileName(format, entryName). */
function libOutput(mode: Parameters<typeof buildConfig>[0], entryName: string, format: 'es' | 'iife' = 'es'): string {
  const { build } = buildConfig(mode);
  const lib = build?.lib;
  assert.ok(lib && build.outDir, `mode ${mode} is a library build with an outDir`);
  const fileName = lib.fileName;
  assert.equal(typeof fileName, 'function');
  return `./${build.outDir}/${(fileName as (f: string, n: string) => string)(format, entryName)}`;
}

const exp = (key: string) => pkg.exports[key] as Record<string, string>;

test('the widget entry in exports, main and module is the file the esm build writes', () => {
  const widget = libOutput('esm', 'index');
  assert.equal(exp('.').import, widget);
  assert.equal(pkg.main, widget);
  assert.equal(pkg.module, widget);
  assert.deepEqual(buildConfig('esm').build?.lib && (buildConfig('esm').build!.lib as { entry: string }).entry, 'src/index.ts');
});

test('./server and ./sandbox point at the node build outputs of src/server and src/sandbox; the bin runs the cli build', () => {
  const lib = buildConfig('node').build!.lib as { entry: Record<string, string> };
  assert.deepEqual(lib.entry, { server: 'src/server/index.ts', sandbox: 'src/sandbox/index.ts', cli: 'src/cli/doctor.ts' });
  assert.equal(exp('./server').import, libOutput('node', 'server'));
  assert.equal(exp('./sandbox').import, libOutput('node', 'sandbox'));
  assert.equal(buildConfig('node').build?.ssr, true, 'the node build targets Node, not the browser');
  const bin = (pkg as unknown as { bin: Record<string, string> }).bin['bynet-checkout']!;
  assert.ok(pkg.files.includes(bin.replace(/^\.\//, '').split('/')[0]!), 'the bin is published');
  assert.match(readFileSync(`${root}${bin.slice(2)}`, 'utf8'), new RegExp(`from '\\.\\.${libOutput('node', 'cli').slice(1).replace(/[.]/g, '\\.')}'`));
});

test('./react and ./console are builds of their own: the wrapper imports the widget entry, the console never is in it', () => {
  assert.equal(exp('./react').import, libOutput('react', 'react'));
  assert.equal((buildConfig('react').build!.lib as { entry: string }).entry, 'src/react/index.ts');
  assert.equal(exp('./console').import, libOutput('console', 'console'));
  assert.equal((buildConfig('console').build!.lib as { entry: string }).entry, 'src/console/index.ts');
  assert.equal(Object.keys(exp('./console'))[0], 'types');
  assert.ok(pkg.sideEffects.includes(exp('./console').import!), 'a bare import of the console defines its elements');
});

test('every types entry is the declaration tsc emits for an existing source file', () => {
  const { outDir, rootDir } = tsBuild.compilerOptions;
  const pairs: [string, string][] = [
    [pkg.types, 'src/index.ts'],
    [exp('.').types!, 'src/index.ts'],
    [exp('./server').types!, 'src/server/index.ts'],
    [exp('./sandbox').types!, 'src/sandbox/index.ts'],
  ];
  for (const [types, source] of pairs) {
    assert.ok(existsSync(`${root}${source}`), `${source} exists`);
    const expected = `./${outDir}/${source.slice(rootDir.length + 1).replace(/\.ts$/, '.d.ts')}`;
    assert.equal(types, expected);
  }
  // `types` must come first in each condition map, or TypeScript skips it.
  for (const key of ['.', './server', './sandbox']) assert.equal(Object.keys(exp(key))[0], 'types', key);
});

test('unpkg and jsdelivr serve the script-tag file; customElements is where the analyzer writes', async () => {
  const iife = libOutput('cdn', 'index', 'iife');
  assert.equal(pkg.unpkg, iife);
  assert.equal(pkg.jsdelivr, iife);
  const cemConfig = new URL('../../../custom-elements-manifest.config.mjs', import.meta.url).href;
  const cem = (await import(cemConfig)) as { default: { outdir: string; packagejson: boolean } };
  assert.equal(pkg.customElements, `./${cem.default.outdir}/custom-elements.json`);
  assert.equal(pkg.exports['./custom-elements.json'], pkg.customElements);
  assert.equal(cem.default.packagejson, false, 'the analyzer must not rewrite package.json');
});

test('the module files that define elements are listed as side effects; the build is published', () => {
  assert.ok(pkg.sideEffects.includes(exp('.').import!));
  assert.ok(pkg.sideEffects.includes('./src/index.ts'), 'the source entry too (the demo and tests bundle it)');
  assert.ok(pkg.files.includes('dist'));
  assert.equal(pkg.scripts.build, 'node scripts/build.mjs');
});

test('./react types are the declarations of src/react/index.ts; ./jsx/* are shipped opt-in typings; React is an optional peer', () => {
  const { outDir, rootDir } = tsBuild.compilerOptions;
  const react = exp('./react');
  assert.equal(Object.keys(react)[0], 'types');
  assert.ok(existsSync(`${root}src/react/index.ts`));
  assert.equal(react.types, `./${outDir}/${'src/react/index.ts'.slice(rootDir.length + 1).replace(/\.ts$/, '.d.ts')}`);
  for (const fw of ['react', 'preact', 'vue', 'svelte']) {
    const types = exp(`./jsx/${fw}`).types!;
    assert.ok(existsSync(`${root}${types.slice(2)}`), types);
    assert.ok(pkg.files.includes(types.slice(2).split('/')[0]!), `${types} is published`);
  }
  const meta = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
  };
  for (const name of ['react', '@lit/react']) {
    assert.ok(meta.peerDependencies[name], `${name} is a peer`);
    assert.equal(meta.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
  }
});

test('React, @lit/react and the manifest analyzer are dev dependencies only', () => {
  for (const name of ['react', 'react-dom', '@lit/react', '@custom-elements-manifest/analyzer']) {
    assert.equal(pkg.dependencies[name], undefined, `${name} is not a runtime dependency`);
    assert.ok(pkg.devDependencies[name], `${name} is a dev dependency`);
  }
});

test('the React example typechecks against the package types (tsx, strict)', () => {
  const r = spawnSync(`${root}node_modules/.bin/tsc`, ['-p', 'examples/react/tsconfig.json'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});
