#!/usr/bin/env node
// `npm run size`: gzip sizes of what a buyer's browser downloads, against the budgets of issue 14
// ("a lean first load"). Budgets are for reading, not pass/fail: the script always exits 0 when it
// can measure (`npm run bench` records the same rows, with Adyen Web's beside them).
//
// It builds in memory with the project's own Vite config (nothing is written but the report):
//   - first load: the module build's entry (lit, zod/mini, pt-BR... inlined, minified) plus any
//     chunk it imports statically: everything until the buyer picks a method.
//   - first load + PIX / + boleto / + card: the first load plus what `import()` of that screen
//     fetches (the QR encoder; the barcode; imask and credit-card-type).
//   - script-tag file: the single IIFE file, every screen and locale included.
// Writes dist/size-report.json (or --out FILE) and prints a table, with what weighs most in each.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outFile = resolve(root, outIndex >= 0 ? args[outIndex + 1] : 'dist/size-report.json');

/** Issue 14's budgets, in KB (1 KB = 1024 bytes) of gzip. */
export const BUDGETS_KB = { entry: 30, pix: 36, boleto: 34, card: 52, scriptTag: 52 };

/** The lazy screens: the module each chunk is built from (src/components/screens/). */
export const SCREENS = { pix: 'screens/pix.ts', boleto: 'screens/boleto.ts', card: 'screens/card.ts' };

const gzip = (code) => gzipSync(code, { level: 9 }).length;
const brotli = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

async function buildInMemory(mode) {
  const result = await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    mode,
    logLevel: 'silent',
    build: { write: false, sourcemap: false },
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((o) => o.output).filter((c) => c.type === 'chunk');
}

/** The chunks loaded, statically, when `start` loads (start included). */
function staticClosure(start, byName) {
  const seen = new Set();
  const visit = (chunk) => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    for (const dep of chunk.imports) {
      const c = byName.get(dep);
      if (c) visit(c);
    }
  };
  visit(start);
  return seen;
}

function shortId(id) {
  const nm = id.lastIndexOf('node_modules/');
  if (nm >= 0) return id.slice(nm + 'node_modules/'.length);
  return id.startsWith(root) ? relative(root, id) : id.replace(/^\0/, '');
}

/** Largest modules (source size after tree-shaking, before minification) across some chunks. */
function topModules(chunks, n = 8) {
  const sizes = new Map();
  for (const c of chunks) {
    for (const [id, m] of Object.entries(c.modules)) sizes.set(shortId(id), (sizes.get(shortId(id)) ?? 0) + m.renderedLength);
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0) || 1;
  return [...sizes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([module, bytes]) => ({ module, bytes, share: Math.round((bytes / total) * 1000) / 10 }));
}

/** The package (or src/ folder) a module belongs to: 'zod', '@lit/reactive-element', 'src/checkout'. */
function owner(module) {
  if (module.startsWith('src/')) return module.split('/').slice(0, 2).join('/');
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Source bytes per package or src/ folder, largest first. */
function byOwner(chunks, n = 8) {
  const sizes = new Map();
  for (const c of chunks) {
    for (const [id, m] of Object.entries(c.modules)) {
      const key = owner(shortId(id));
      sizes.set(key, (sizes.get(key) ?? 0) + m.renderedLength);
    }
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0) || 1;
  return [...sizes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, bytes]) => ({ name, bytes, share: Math.round((bytes / total) * 1000) / 10 }));
}

function measure(label, chunks, budgetKb) {
  const code = chunks.map((c) => c.code).join('\n');
  const gz = chunks.reduce((sum, c) => sum + gzip(c.code), 0);
  return {
    label,
    files: chunks.map((c) => c.fileName),
    raw: Buffer.byteLength(code),
    gzip: gz,
    brotli: chunks.reduce((sum, c) => sum + brotli(c.code), 0),
    budgetGzip: budgetKb * 1024,
    withinBudget: gz <= budgetKb * 1024,
    byPackage: byOwner(chunks),
    largestModules: topModules(chunks),
  };
}

/**
 * The chunks of the module build: the first load, what each lazy screen adds to it, and the
 * outcome chunk (receipt, refusal advice: screens/outcome.ts), which is fetched alongside any screen
 * but needed only once the payment settles, so no row counts it.
 */
export function splitChunks(esm) {
  const byName = new Map(esm.map((c) => [c.fileName, c]));
  const entry = esm.find((c) => c.isEntry);
  if (!entry) throw new Error('the module build has no entry chunk');
  const initial = staticClosure(entry, byName);
  const extra = {};
  for (const [name, file] of Object.entries(SCREENS)) {
    const start = esm.find((c) => c.isDynamicEntry && c.facadeModuleId?.replaceAll('\\', '/').endsWith(`src/components/${file}`));
    if (!start) throw new Error(`no lazy chunk for ${file}: is that screen still loaded with import()?`);
    extra[name] = [...staticClosure(start, byName)].filter((c) => !initial.has(c));
  }
  const outcomeStart = esm.find((c) => c.isDynamicEntry && c.facadeModuleId?.replaceAll('\\', '/').endsWith('src/components/screens/outcome.ts'));
  const outcome = outcomeStart ? [...staticClosure(outcomeStart, byName)].filter((c) => !initial.has(c)) : [];
  return { initial: [...initial], extra, outcome };
}

export async function sizeReport() {
  const { initial, extra, outcome } = splitChunks(await buildInMemory('cdn-esm'));
  const iife = await buildInMemory('cdn');
  const scriptTag = iife.find((c) => c.isEntry);
  if (!scriptTag) throw new Error('the script-tag build has no entry chunk');

  return {
    generatedAt: new Date().toISOString(),
    unit: 'bytes; gzip level 9, brotli quality 11; budgets from issue 14',
    entry: measure('first load (until a method is picked)', initial, BUDGETS_KB.entry),
    pix: measure('first load + PIX screen (QR encoder)', [...initial, ...extra.pix], BUDGETS_KB.pix),
    boleto: measure('first load + boleto screen', [...initial, ...extra.boleto], BUDGETS_KB.boleto),
    card: measure('first load + card form (imask)', [...initial, ...extra.card], BUDGETS_KB.card),
    scriptTag: measure('script-tag file (everything)', [scriptTag], BUDGETS_KB.scriptTag),
    outcomeChunk: {
      files: outcome.map((c) => c.fileName),
      raw: outcome.reduce((sum, c) => sum + Buffer.byteLength(c.code), 0),
      gzip: outcome.reduce((sum, c) => sum + gzip(c.code), 0),
    },
  };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function printTable(report) {
  const rows = [report.entry, report.pix, report.boleto, report.card, report.scriptTag];
  const head = ['What', 'raw', 'gzip', 'brotli', 'budget (gzip)', ''];
  const body = rows.map((r) => [r.label, kb(r.raw), kb(r.gzip), kb(r.brotli), kb(r.budgetGzip), r.withinBudget ? 'within' : 'OVER']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  if (report.outcomeChunk.files.length > 0) {
    console.log(`\nplus, fetched alongside any screen and needed once the payment settles: the outcome chunk, ${kb(report.outcomeChunk.gzip)} gzip`);
  }
  for (const r of rows) {
    console.log(`\n${r.label}: source bytes after tree-shaking, before minification`);
    const pkgs = r.byPackage.map((p) => `${p.name} ${p.share}%`).join(', ');
    console.log(`  by package: ${pkgs}`);
    for (const m of r.largestModules.slice(0, 5)) console.log(`  ${kb(m.bytes).padStart(9)}  ${String(m.share).padStart(5)}%  ${m.module}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const report = await sizeReport();
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    printTable(report);
    console.log(`\nsize: report written to ${relative(process.cwd(), outFile)}`);
  } catch (err) {
    console.error(`size: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
