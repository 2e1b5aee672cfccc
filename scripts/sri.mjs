#!/usr/bin/env node
// Subresource Integrity for the files a page loads straight from a CDN: every .js file under
// <dist>/cdn (the script-tag file, the module build and its chunks). Writes <dist>/sri.json
// ({ "cdn/bynet-checkout.iife.js": "sha384-..." }) and <dist>/SRI.md (copy-paste snippets).
//
// Usage: node scripts/sri.mjs [distDir]   (default: dist)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `sha384-<base64>` of some bytes, as the `integrity` attribute wants it. */
export function sriHash(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

function listJs(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJs(path));
    else if (entry.isFile() && entry.name.endsWith('.js')) out.push(path);
  }
  return out;
}

/** Hashes of every .js file under <distDir>/cdn, keyed by POSIX path relative to distDir, sorted. */
export function computeSri(distDir) {
  const cdn = join(distDir, 'cdn');
  if (!existsSync(cdn)) throw new Error(`No CDN build in ${cdn}: run the build first.`);
  const hashes = {};
  for (const file of listJs(cdn).sort()) {
    hashes[relative(distDir, file).split(sep).join('/')] = sriHash(readFileSync(file));
  }
  return hashes;
}

/** The README text: script tag (recommended) and module build, pinned to this version. */
export function sriMarkdown(hashes, { name, version }) {
  const base = `https://cdn.jsdelivr.net/npm/${name}@${version}/dist`;
  const iife = 'cdn/bynet-checkout.iife.js';
  const esm = 'cdn/esm/bynet-checkout.js';
  const chunks = Object.keys(hashes).filter((k) => k.startsWith('cdn/esm/') && k !== esm);
  const lines = [
    `# Subresource Integrity: ${name}@${version}`,
    '',
    'Pin the exact version and its sha384 hash, so the browser refuses a file that changed on the way.',
    'The CDN must send `Access-Control-Allow-Origin` (public npm CDNs do); `crossorigin="anonymous"` is required.',
    '',
    '## Script tag (one self-contained file; recommended with SRI)',
    '',
    '```html',
    `<script src="${base}/${iife}"`,
    `        integrity="${hashes[iife]}"`,
    '        crossorigin="anonymous" defer></script>',
    '<bynet-checkout endpoint="/api/checkout" product="YOUR-PRODUCT-ID"></bynet-checkout>',
    '```',
    '',
    'The file loads no other script at run time, so this one hash covers the whole widget',
    '(the card form included). Loading it twice on a page is harmless.',
    '',
    '## Module script (payment screens loaded on demand)',
    '',
    '```html',
    `<script type="module" src="${base}/${esm}"`,
    `        integrity="${hashes[esm]}"`,
    '        crossorigin="anonymous"></script>',
    '```',
  ];
  if (chunks.length > 0) {
    lines.push(
      '',
      'The PIX, boleto and card screens are separate chunks fetched by `import()`. To pin them as well, list their hashes in an',
      'import map placed before the module script (browsers with import-map `integrity` support):',
      '',
      '```html',
      '<script type="importmap">',
      JSON.stringify({ integrity: Object.fromEntries(chunks.map((k) => [`${base}/${k}`, hashes[k]])) }, null, 2),
      '</script>',
      '```',
    );
  }
  lines.push('', '## All hashes', '', '| File | integrity |', '|---|---|');
  for (const [file, hash] of Object.entries(hashes)) lines.push(`| \`${file}\` | \`${hash}\` |`);
  return `${lines.join('\n')}\n`;
}

/** Computes the hashes and writes sri.json and SRI.md into distDir. */
export function writeSri(distDir, pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))) {
  const hashes = computeSri(distDir);
  writeFileSync(join(distDir, 'sri.json'), `${JSON.stringify(hashes, null, 2)}\n`);
  writeFileSync(join(distDir, 'SRI.md'), sriMarkdown(hashes, pkg));
  return hashes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? join(root, 'dist'));
  const hashes = writeSri(dist);
  console.log(`sri: ${Object.keys(hashes).length} files hashed -> ${relative(process.cwd(), join(dist, 'sri.json'))}`);
}
