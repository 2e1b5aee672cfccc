/**
 * Drawing cost of the two locally drawn codes, in Node, for realistic inputs:
 *  - PIX QR: `drawQr` (lean-qr at correction level M at least, then one SVG path of horizontal
 *    runs), the very function `<bynet-qr-code>` uses (src/components/qr-code/draw.ts);
 *  - boleto ITF: `itfPath` from src/brazil/itf.ts at the barcode component's bar height.
 * µs per render: median over batches (each batch timed as a whole and divided), after a warm-up.
 */
import { performance } from 'node:perf_hooks';
import { drawQr } from '../src/components/qr-code/draw.js';
import { buildPixCode } from '../src/brazil/pix.js';
import { buildBoletoBarcode } from '../src/brazil/boleto.js';
import { itfPath } from '../src/brazil/itf.js';
import { median } from './stats.js';

/** The QR component's own drawing (src/components/qr-code/draw.ts). */
export function qrSvgPath(value: string): { d: string; size: number } {
  const drawing = drawQr(value);
  if (!drawing) throw new Error('value too long for a QR code');
  return drawing;
}

export interface RenderFigure {
  what: string;
  inputChars: number;
  outputChars: number;
  unit: 'µs per render';
  median: number;
  batches: number;
  perBatch: number;
}

interface Case {
  what: string;
  input: string;
  fn: () => string;
  perBatch: number;
}

/** Batches of the cases interleaved (case A, B, C, A, B, C...), so machine noise spreads evenly. */
function timeAll(cases: readonly Case[], batches: number): RenderFigure[] {
  const per: number[][] = cases.map(() => []);
  const out: string[] = cases.map(() => '');
  for (const c of cases) for (let i = 0; i < c.perBatch * 4; i++) c.fn(); // warm-up
  for (let b = 0; b < batches; b++) {
    cases.forEach((c, k) => {
      const t0 = performance.now();
      for (let i = 0; i < c.perBatch; i++) out[k] = c.fn();
      per[k]!.push(((performance.now() - t0) * 1000) / c.perBatch);
    });
  }
  return cases.map((c, k) => ({
    what: c.what,
    inputChars: c.input.length,
    outputChars: out[k]!.length,
    unit: 'µs per render',
    median: median(per[k]!),
    batches,
    perBatch: c.perBatch,
  }));
}

export function benchRender(o: { batches?: number } = {}): { method: string; figures: RenderFigure[]; inputs: Record<string, string> } {
  const batches = o.batches ?? 21;
  // A dynamic BR Code as PSPs issue them (location URL with a 32-character id), and a static one
  // with an e-mail key, amount and txid.
  const dynamicPix = buildPixCode({
    url: 'https://qr.psp-exemplo.com.br/v2/cobv/9d36b84fc70b478fb95c12729b90ca25',
    merchantName: 'Loja Exemplo Comercio Ltda',
    merchantCity: 'Sao Paulo',
    amount: 4990,
  });
  const staticPix = buildPixCode({
    key: 'financeiro@lojaexemplo.com.br',
    merchantName: 'Loja Exemplo',
    merchantCity: 'Belo Horizonte',
    amount: 123456,
    txid: 'PEDIDO20261121A7Q',
  });
  const barcode = buildBoletoBarcode({ bankCode: '001', amount: 4990, dueDate: '2026-11-24', freeField: '0000001234567890123456789' });
  const figures = timeAll(
    [
      { what: 'PIX QR, dynamic BR Code -> SVG path', input: dynamicPix, fn: () => qrSvgPath(dynamicPix).d, perBatch: 50 },
      { what: 'PIX QR, static BR Code -> SVG path', input: staticPix, fn: () => qrSvgPath(staticPix).d, perBatch: 50 },
      { what: 'boleto ITF, 44 digits -> SVG path (itfPath)', input: barcode, fn: () => itfPath(barcode, 50).d, perBatch: 2000 },
    ],
    batches,
  );
  return {
    method: `Node ${process.version}, performance.now(); ${batches} interleaved batches per case, median of the per-render means; warm-up of four batches' worth first`,
    figures,
    inputs: { dynamicPix, staticPix, barcode },
  };
}
