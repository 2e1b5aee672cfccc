/** scripts/sri.mjs on a made-up dist folder: what it hashes, the hash format, the README text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface SriModule {
  sriHash(bytes: Uint8Array | string): string;
  computeSri(distDir: string): Record<string, string>;
  sriMarkdown(hashes: Record<string, string>, pkg: { name: string; version: string }): string;
  writeSri(distDir: string, pkg?: { name: string; version: string }): Record<string, string>;
}
const sri = (await import(new URL('../../../scripts/sri.mjs', import.meta.url).href)) as SriModule;

function fakeDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'bynet-sri-'));
  mkdirSync(join(dist, 'cdn/esm/chunks'), { recursive: true });
  mkdirSync(join(dist, 'esm'), { recursive: true });
  writeFileSync(join(dist, 'cdn/bynet-checkout.iife.js'), 'var BynetCheckout=function(){}();');
  writeFileSync(join(dist, 'cdn/bynet-checkout.iife.js.map'), '{}');
  writeFileSync(join(dist, 'cdn/esm/bynet-checkout.js'), 'import("./chunks/card-form-abc.js");');
  writeFileSync(join(dist, 'cdn/esm/chunks/card-form-abc.js'), 'export const x=1;');
  writeFileSync(join(dist, 'esm/bynet-checkout.js'), 'import "lit";');
  return dist;
}

test('sriHash is sha384 in base64 with the sha384- prefix', () => {
  const bytes = Buffer.from('hello, integrity');
  const expected = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  assert.equal(sri.sriHash(bytes), expected);
  assert.match(expected, /^sha384-[A-Za-z0-9+/]{64}$/);
  assert.notEqual(sri.sriHash(Buffer.from('hello, integrity!')), expected);
});

test('computeSri hashes every .js file under cdn/ (not maps, not the npm build), sorted by path', () => {
  const dist = fakeDist();
  try {
    const hashes = sri.computeSri(dist);
    assert.deepEqual(Object.keys(hashes), ['cdn/bynet-checkout.iife.js', 'cdn/esm/bynet-checkout.js', 'cdn/esm/chunks/card-form-abc.js']);
    for (const [file, hash] of Object.entries(hashes)) assert.equal(hash, sri.sriHash(readFileSync(join(dist, file))), file);
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});

test('writeSri writes sri.json and an SRI.md with pinned, copy-paste script tags', () => {
  const dist = fakeDist();
  try {
    const hashes = sri.writeSri(dist, { name: 'bynet-checkout', version: '1.2.3' });
    assert.deepEqual(JSON.parse(readFileSync(join(dist, 'sri.json'), 'utf8')), hashes);
    const md = readFileSync(join(dist, 'SRI.md'), 'utf8');
    assert.ok(md.includes('src="https://cdn.jsdelivr.net/npm/bynet-checkout@1.2.3/dist/cdn/bynet-checkout.iife.js"'));
    assert.ok(md.includes(`integrity="${hashes['cdn/bynet-checkout.iife.js']}"`));
    assert.ok(md.includes(`integrity="${hashes['cdn/esm/bynet-checkout.js']}"`));
    assert.ok(md.includes('crossorigin="anonymous"'));
    // The lazy chunk is pinned through an import map.
    const map = md.match(/<script type="importmap">\n([\s\S]*?)\n<\/script>/);
    assert.ok(map, 'an import map snippet');
    assert.deepEqual(JSON.parse(map[1]!), {
      integrity: { 'https://cdn.jsdelivr.net/npm/bynet-checkout@1.2.3/dist/cdn/esm/chunks/card-form-abc.js': hashes['cdn/esm/chunks/card-form-abc.js'] },
    });
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});

test('computeSri refuses a folder without a CDN build', () => {
  const dist = mkdtempSync(join(tmpdir(), 'bynet-sri-'));
  try {
    assert.throws(() => sri.computeSri(dist), /No CDN build/);
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});
