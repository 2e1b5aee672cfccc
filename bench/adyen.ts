/**
 * Adyen Web (the exact version pinned in devDependencies), built in the same run with the same
 * Vite/Rolldown settings as our CDN builds (scripts/size-report.mjs measures ours):
 *   - "core + Pix + Boleto" and "core + Pix + Boleto + Card": an ES entry importing those from the
 *     package's ESM build, built like our `cdn-esm` (minified, es2022, production), measured as the
 *     entry plus the chunks it imports statically;
 *   - "script tag": everything (`@adyen/adyen-web/auto` registers every component) as one IIFE
 *     file, built like our `cdn`;
 *   - its stylesheet (our widget has none: its styles are in the JS), gzip on the side.
 * The entries are virtual modules: nothing is written to disk.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Plugin, Rolldown } from 'vite';
import { buildConfig } from '../vite.config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

export const ADYEN_VERSION = (JSON.parse(readFileSync(new URL('../node_modules/@adyen/adyen-web/package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

export interface AdyenRow {
  label: string;
  raw: number;
  gzip: number;
  files: number;
}

export interface AdyenSizes {
  version: string;
  corePixBoleto: AdyenRow;
  corePixBoletoCard: AdyenRow;
  scriptTag: AdyenRow;
  css: AdyenRow;
}

const ENTRIES = {
  pb: `import { AdyenCheckout, Pix, Boleto } from '@adyen/adyen-web';\nexport { AdyenCheckout, Pix, Boleto };\n`,
  pbc: `import { AdyenCheckout, Pix, Boleto, Card } from '@adyen/adyen-web';\nexport { AdyenCheckout, Pix, Boleto, Card };\n`,
  all: `export * from '@adyen/adyen-web/auto';\n`,
} as const;
type EntryName = keyof typeof ENTRIES;

function virtualEntry(name: EntryName): Plugin {
  const id = `\0adyen-${name}.js`;
  return {
    name: 'bench:adyen-entry',
    enforce: 'pre',
    // Vite hands a library entry over as a path under the root.
    resolveId: (source) => (source === `adyen-${name}` || source.endsWith(`/adyen-${name}`) ? id : null),
    load: (source) => (source === id ? ENTRIES[name] : null),
  };
}

const gzip = (code: string) => gzipSync(code, { level: 9 }).length;

async function buildEntry(name: EntryName, mode: 'cdn' | 'cdn-esm'): Promise<Rolldown.OutputChunk[]> {
  const base = buildConfig(mode, 'dist');
  const lib =
    mode === 'cdn'
      ? { entry: `adyen-${name}`, formats: ['iife' as const], name: 'AdyenWeb', fileName: () => 'adyen.iife.js' }
      : { entry: `adyen-${name}`, formats: ['es' as const], fileName: () => 'adyen.js' };
  const result = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    define: base.define,
    plugins: [virtualEntry(name)],
    build: { ...base.build, lib, write: false, sourcemap: false, emptyOutDir: false },
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((o) => ('output' in o ? o.output : [])).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
}

/** The entry and what it imports statically (what loads before anything is picked). */
function firstLoad(chunks: Rolldown.OutputChunk[]): Rolldown.OutputChunk[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<Rolldown.OutputChunk>();
  const visit = (c: Rolldown.OutputChunk) => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const d of c.imports) {
      const next = byName.get(d);
      if (next) visit(next);
    }
  };
  const entry = chunks.find((c) => c.isEntry);
  if (!entry) throw new Error('Adyen build: no entry chunk');
  visit(entry);
  return [...seen];
}

const row = (label: string, chunks: Rolldown.OutputChunk[]): AdyenRow => ({
  label,
  raw: chunks.reduce((n, c) => n + Buffer.byteLength(c.code), 0),
  gzip: chunks.reduce((n, c) => n + gzip(c.code), 0),
  files: chunks.length,
});

export async function adyenSizes(): Promise<AdyenSizes> {
  const css = readFileSync(require.resolve('@adyen/adyen-web/styles/adyen.css'), 'utf8');
  return {
    version: ADYEN_VERSION,
    corePixBoleto: row('Adyen core + Pix + Boleto (ESM)', firstLoad(await buildEntry('pb', 'cdn-esm'))),
    corePixBoletoCard: row('Adyen core + Pix + Boleto + Card (ESM)', firstLoad(await buildEntry('pbc', 'cdn-esm'))),
    scriptTag: row('Adyen everything (auto), one IIFE file', (await buildEntry('all', 'cdn')).filter((c) => c.isEntry)),
    css: { label: 'Adyen stylesheet (adyen.css)', raw: Buffer.byteLength(css), gzip: gzip(css), files: 1 },
  };
}
