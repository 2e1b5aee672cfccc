/**
 * The size report's "libraries alone" figure (scripts/size-report.mjs): the library code a row
 * keeps, built with the project's config from an entry holding nothing of ours.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(`${root}package.json`);
const report = (await import(new URL('../../../scripts/size-report.mjs', import.meta.url).href)) as {
  librariesEntry(modules: { id: string; exports: string[] }[]): string;
  libraryModules(chunks: { modules: Record<string, { renderedExports: string[] }> }[]): { id: string; exports: string[] }[];
  librariesAlone(mode: string, chunks: { modules: Record<string, { renderedExports: string[] }> }[]): Promise<{ gzip: number; raw: number; packages: string[] }>;
};

describe('size report: the libraries alone', () => {
  test('the entry re-exports what the bundle kept of each module, and imports a module kept for its side effects', () => {
    const entry = report.librariesEntry([
      { id: '/x/node_modules/b/index.js', exports: ['render', 'default'] },
      { id: '/x/node_modules/a/register.js', exports: [] },
    ]);
    assert.equal(
      entry,
      'import "/x/node_modules/a/register.js";\nexport { default as lib0, render as lib1 } from "/x/node_modules/b/index.js";\n',
    );
  });

  test('library modules are gathered over chunks, their kept exports merged; our own and virtual modules are not', () => {
    const mods = report.libraryModules([
      { modules: { '/x/node_modules/lit-html/lit-html.js': { renderedExports: ['html'] }, '/x/src/a.ts': { renderedExports: ['A'] } } },
      { modules: { '/x/node_modules/lit-html/lit-html.js': { renderedExports: ['svg', 'html'] }, '\0vite/preload-helper.js': { renderedExports: ['p'] } } },
    ]);
    assert.deepEqual(mods, [{ id: '/x/node_modules/lit-html/lit-html.js', exports: ['html', 'svg'] }]);
  });

  test('a real build: each library module kept adds its weight, and the packages are named', async () => {
    const litHtml = require.resolve('lit-html');
    const reactive = require.resolve('@lit/reactive-element');
    const one = await report.librariesAlone('cdn-esm', [{ modules: { [litHtml]: { renderedExports: ['html', 'render'] } } }]);
    const two = await report.librariesAlone('cdn-esm', [
      { modules: { [litHtml]: { renderedExports: ['html', 'render'] }, [reactive]: { renderedExports: ['ReactiveElement'] } } },
    ]);
    assert.deepEqual(one.packages, ['lit-html']);
    assert.deepEqual(two.packages, ['@lit/reactive-element', 'lit-html']);
    assert.ok(one.gzip > 1000, `lit-html's html + render: ${one.gzip} B gzip`);
    assert.ok(two.gzip > one.gzip + 1000, `with ReactiveElement (${two.gzip} B) over 1 KB more than lit-html alone (${one.gzip} B)`);
  });
});
