/**
 * Gzip sizes of what a buyer downloads, from the project's size report (scripts/size-report.mjs:
 * an in-memory build with the project's own Vite config; nothing is written to dist/), next to
 * Adyen Web's, built in the same run with the same settings (bench/adyen.ts).
 */
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { adyenSizes } from './adyen.js';
import type { AdyenRow, AdyenSizes } from './adyen.js';

export interface SizeRow {
  label: string;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
  budgetGzip: number;
  withinBudget: boolean;
  byPackage: { name: string; bytes: number; share: number }[];
  /**
   * The library code this row keeps (lit, zod, imask...), built the same way with none of ours:
   * the floor no change of our code can go under while those libraries stay.
   */
  libraries: { gzip: number; raw: number; packages: string[] };
  /** Our code: the row less its libraries (gzip), and what the budget leaves for it. */
  ours: { gzip: number; budgetLeft: number };
  /** The Adyen Web build this row compares with, and ours / theirs (gzip). */
  adyen: { label: string; gzip: number; ratio: number };
}

export const SIZE_ROWS = ['entry', 'pix', 'boleto', 'card', 'scriptTag'] as const;
export type SizeRowName = (typeof SIZE_ROWS)[number];

export interface SizesResult {
  method: string;
  unit: 'bytes';
  rows: Record<SizeRowName, SizeRow>;
  adyen: AdyenSizes;
}

/** Which Adyen build each of our rows stands against (the table). */
const AGAINST: Record<SizeRowName, keyof Omit<AdyenSizes, 'version' | 'css'>> = {
  entry: 'corePixBoleto',
  pix: 'corePixBoleto',
  boleto: 'corePixBoleto',
  card: 'corePixBoletoCard',
  scriptTag: 'scriptTag',
};

export async function benchSizes(): Promise<SizesResult> {
  const script = fileURLToPath(new URL('../scripts/size-report.mjs', import.meta.url));
  const mod = (await import(pathToFileURL(script).href)) as { sizeReport(): Promise<Record<string, unknown>> };
  const report = (await mod.sizeReport()) as unknown as Record<SizeRowName, Omit<SizeRow, 'adyen'>>;
  const adyen = await adyenSizes();
  const pick = (name: SizeRowName): SizeRow => {
    const r = report[name];
    const theirs: AdyenRow = adyen[AGAINST[name]];
    return {
      label: r.label,
      files: r.files,
      raw: r.raw,
      gzip: r.gzip,
      brotli: r.brotli,
      budgetGzip: r.budgetGzip,
      withinBudget: r.withinBudget,
      byPackage: r.byPackage,
      libraries: r.libraries,
      ours: r.ours,
      adyen: { label: theirs.label, gzip: theirs.gzip, ratio: Math.round((r.gzip / theirs.gzip) * 1000) / 1000 },
    };
  };
  return {
    method:
      'ours: scripts/size-report.mjs, Vite builds in memory with the project config (cdn-esm: entry + its static imports = first load; ' +
      '+ a screen = what its import() adds; cdn: the single IIFE file); libraries alone: the library modules each row keeps, with the exports it keeps of each, ' +
      'built the same way from an entry with none of our code. Adyen Web ' +
      `${adyen.version} (exact devDependency): the same builds of core + Pix + Boleto (+ Card) from its ESM build and of ` +
      'adyen-web/auto as one IIFE (bench/adyen.ts). gzip level 9 per file, summed; 1 KB = 1024 bytes',
    unit: 'bytes',
    rows: Object.fromEntries(SIZE_ROWS.map((n) => [n, pick(n)])) as Record<SizeRowName, SizeRow>,
    adyen,
  };
}
