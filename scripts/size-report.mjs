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
//   - beside each row, the libraries alone: the code of lit, zod, imask... the row keeps, built the
//     same way with none of our code (librariesAlone below). Its gzip is the floor no
//     change of ours can go under while those libraries stay; the rest of the row is our code.
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

async function buildInMemory(mode, plugins = []) {
  const result = await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    mode,
    logLevel: 'silent',
    plugins,
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
 * An entry holding nothing of ours that keeps, of each library module in `modules` (`{ id,
 * exports }`: its file and the exports the bundle rendered), exactly what our bundle keeps: it
 * re-exports those exports, or imports the module for its side effects when none is rendered.
 */
export function librariesEntry(modules) {
  let n = 0;
  const lines = [];
  for (const { id, exports } of [...modules].sort((a, b) => a.id.localeCompare(b.id))) {
    const spec = JSON.stringify(id);
    if (exports.length === 0) lines.push(`import ${spec};`);
    else lines.push(`export { ${[...exports].sort().map((x) => `${x} as lib${n++}`).join(', ')} } from ${spec};`);
  }
  return `${lines.join('\n')}\n`;
}

/** The library modules among `chunks`' modules, with the exports the bundle rendered of each. */
export function libraryModules(chunks) {
  const byId = new Map();
  for (const c of chunks) {
    for (const [id, m] of Object.entries(c.modules)) {
      if (!id.includes('node_modules') || id.startsWith('\0')) continue;
      const set = byId.get(id) ?? new Set();
      for (const e of m.renderedExports) set.add(e);
      byId.set(id, set);
    }
  }
  return [...byId.entries()].map(([id, exports]) => ({ id, exports: [...exports] }));
}

/**
 * The libraries of a row alone: the library code our bundle keeps in `chunks` (each library
 * module's rendered exports), built in `mode` with the project's config (its plugins, minifiers
 * and targets) from an entry holding nothing of ours (librariesEntry), measured like a row (the
 * entry and its static imports, gzip per file).
 */
export async function librariesAlone(mode, chunks) {
  const modules = libraryModules(chunks);
  const id = '\0size-report-libraries.js';
  const entry = {
    name: 'size-report:libraries-entry',
    enforce: 'pre',
    config(config) {
      config.build.lib = { ...config.build.lib, entry: 'size-report-libraries' };
    },
    resolveId: (source) => (source === 'size-report-libraries' || source.endsWith('/size-report-libraries') ? id : null),
    load: (source) => (source === id ? librariesEntry(modules) : null),
  };
  const out = await buildInMemory(mode, [entry]);
  const start = out.find((c) => c.isEntry);
  if (!start) throw new Error(`the libraries-alone build (${mode}) has no entry chunk`);
  const files = [...staticClosure(start, new Map(out.map((c) => [c.fileName, c])))];
  const packages = [...new Set(modules.map((m) => packageOf(shortId(m.id))))].sort();
  return { gzip: files.reduce((sum, c) => sum + gzip(c.code), 0), raw: files.reduce((sum, c) => sum + Buffer.byteLength(c.code), 0), packages };
}

/** 'lit/directives/live.js' -> 'lit', '@brazilian-utils/brazilian-utils/dist/x.js' -> '@brazilian-utils/brazilian-utils'. */
const packageOf = (source) => source.split('/').slice(0, source.startsWith('@') ? 2 : 1).join('/');

/** A row with its libraries-alone figure and what is ours (the row less its libraries). */
async function withLibraries(row, mode, chunks) {
  const libraries = await librariesAlone(mode, chunks);
  return { ...row, libraries, ours: { gzip: row.gzip - libraries.gzip, budgetLeft: row.budgetGzip - libraries.gzip } };
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

  const row = (label, chunks, budget, mode) => withLibraries(measure(label, chunks, budget), mode, chunks);
  return {
    generatedAt: new Date().toISOString(),
    unit: 'bytes; gzip level 9, brotli quality 11; budgets from issue 14',
    entry: await row('first load (until a method is picked)', initial, BUDGETS_KB.entry, 'cdn-esm'),
    pix: await row('first load + PIX screen (QR encoder)', [...initial, ...extra.pix], BUDGETS_KB.pix, 'cdn-esm'),
    boleto: await row('first load + boleto screen', [...initial, ...extra.boleto], BUDGETS_KB.boleto, 'cdn-esm'),
    card: await row('first load + card form (imask)', [...initial, ...extra.card], BUDGETS_KB.card, 'cdn-esm'),
    scriptTag: await row('script-tag file (everything)', [scriptTag], BUDGETS_KB.scriptTag, 'cdn'),
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
  console.log('\nThe libraries alone: the library code each row keeps, built the same way with none of our code');
  const libHead = ['What', 'libraries (gzip)', 'our code (row - libraries)', 'budget left for our code', 'packages'];
  const libBody = rows.map((r) => [r.label, kb(r.libraries.gzip), kb(r.ours.gzip), kb(r.ours.budgetLeft), r.libraries.packages.join(', ')]);
  const libWidths = libHead.map((h, i) => Math.max(h.length, ...libBody.map((b) => b[i].length)));
  const libLine = (cells) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(libWidths[i]) : c.padStart(libWidths[i]))).join('  ');
  console.log(libLine(libHead));
  console.log(libWidths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of libBody) console.log(libLine(b));
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
