/**
 * Files the sandbox serves itself: the seeded layout's logo (SVG) and boleto PDFs.
 * The PDF is written by hand (PDF 1.4, one page, Helvetica, uncompressed content stream, exact
 * xref offsets) and draws the boleto's ITF barcode from the 44-digit barcode.
 */
import { formatBoletoLine } from '../brazil/boleto.js';
import { itfBars } from '../brazil/itf.js';

/** Logo of the seeded CUSTOM layout, served at `/assets/logo.svg`. */
export const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40" role="img" aria-label="Bynet">
  <title>Bynet</title>
  <rect x="0" y="0" width="40" height="40" rx="9" fill="#0b63ce"/>
  <rect x="11" y="7" width="5" height="26" rx="2.5" fill="#ffffff"/>
  <circle cx="22.5" cy="24" r="6.5" fill="none" stroke="#ffffff" stroke-width="4.5"/>
  <text x="50" y="28" font-family="Inter, Arial, sans-serif" font-size="22" font-weight="700" fill="#0b2a4a">bynet</text>
</svg>
`;

/** Escapes a string for a PDF literal and keeps it ASCII (accents stripped). */
function pdfText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/[\\()]/g, (c) => `\\${c}`);
}

export interface BoletoPdfInput {
  digitableLine: string;
  barcode: string;
  /** Preformatted amount, e.g. "R$ 49,90". */
  amount: string;
  /** Preformatted due date, e.g. "13/01/2025". */
  dueDate: string;
  payer: string;
  beneficiary: string;
  instructions: string;
}

/** A one-page boleto PDF (A4). Returns the bytes. */
export function boletoPdf(b: BoletoPdfInput): Uint8Array {
  const text = (x: number, y: number, size: number, s: string) => `BT /F1 ${size} Tf ${x} ${y} Td (${pdfText(s)}) Tj ET`;
  const ops: string[] = [
    '0.043 0.388 0.808 rg 40 770 515 36 re f',
    '1 1 1 rg',
    text(52, 782, 16, 'Bynet Sandbox - Boleto de teste (sem valor)'),
    '0 0 0 rg',
    text(40, 740, 10, 'Linha digitavel'),
    text(40, 724, 13, formatBoletoLine(b.digitableLine)),
    text(40, 696, 10, `Valor do documento: ${b.amount}`),
    text(300, 696, 10, `Vencimento: ${b.dueDate}`),
    text(40, 678, 10, `Beneficiario: ${b.beneficiary}`),
    text(40, 660, 10, `Pagador: ${b.payer}`),
    text(40, 642, 9, `Instrucoes: ${b.instructions}`),
    '0.6 0.6 0.6 RG 0.5 w 40 630 m 555 630 l S',
  ];
  // ITF barcode: 0.9 pt narrow, 2.7 pt wide, 50 pt tall.
  const bars = itfBars(b.barcode, { narrow: 0.9, wide: 2.7, quiet: 0 }).bars.map(({ x, w }) => `${(40 + x).toFixed(2)} 565 ${w.toFixed(2)} 50 re`);
  ops.push('0 0 0 rg', ...bars, 'f');
  ops.push(text(40, 550, 8, `Codigo de barras: ${b.barcode}`));
  const content = ops.join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Title (Boleto - Bynet Sandbox) /Producer (bynet-checkout sandbox) >>',
  ];
  // The second line is the customary binary comment (four bytes above 0x7f).
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  // latin1: one byte per char, so the offsets computed on the string are byte offsets.
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i) & 0xff;
  return bytes;
}
