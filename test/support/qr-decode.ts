/** Test-only: reads a QR code back from a rendered `<svg>`, as a phone camera would see it. */
import decodeQR from '@paulmillr/qr/decode.js';

/** Rasterises an `<svg>` (white background) at `size` px and decodes the QR code in it. */
export async function decodeSvgQr(svgEl: SVGSVGElement, size = 600): Promise<string> {
  const clone = svgEl.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('width', String(size));
  clone.setAttribute('height', String(size));
  const markup = new XMLSerializer().serializeToString(clone);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(img, 0, 0, size, size);
  const { width, height, data } = ctx.getImageData(0, 0, size, size);
  return decodeQR({ width, height, data });
}
