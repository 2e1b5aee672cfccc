/**
 * Gzip sizes of what a buyer downloads, from the project's size report (scripts/size-report.mjs:
 * an in-memory build with the project's own Vite config; nothing is written to dist/).
 */
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';

export interface SizeRow {
  label: string;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
  budgetGzip: number;
  withinBudget: boolean;
  byPackage: { name: string; bytes: number; share: number }[];
}

export interface SizesResult {
  method: string;
  unit: 'bytes';
  entry: SizeRow;
  card: SizeRow;
  scriptTag: SizeRow;
}

export async function benchSizes(): Promise<SizesResult> {
  const script = fileURLToPath(new URL('../scripts/size-report.mjs', import.meta.url));
  const mod = (await import(pathToFileURL(script).href)) as { sizeReport(): Promise<Record<string, unknown>> };
  const report = (await mod.sizeReport()) as unknown as { unit: string; entry: SizeRow; card: SizeRow; scriptTag: SizeRow };
  const pick = (r: SizeRow): SizeRow => ({
    label: r.label,
    files: r.files,
    raw: r.raw,
    gzip: r.gzip,
    brotli: r.brotli,
    budgetGzip: r.budgetGzip,
    withinBudget: r.withinBudget,
    byPackage: r.byPackage,
  });
  return {
    method:
      'scripts/size-report.mjs: Vite builds in memory with the project config (cdn-esm: entry + its static imports, lit/zod/lean-qr inlined, minified; ' +
      'card = what import() of the card form adds; cdn: the single IIFE file); gzip level 9 per file, summed',
    unit: 'bytes',
    entry: pick(report.entry),
    card: pick(report.card),
    scriptTag: pick(report.scriptTag),
  };
}
