/**
 * Test-only: reads a QR code back from a rendered `<svg>`, as a phone camera would see it, with
 * an independent reader (@zxing/library's QRCodeReader over a HybridBinarizer, the ZXing port the
 * barcode tests use too). @paulmillr/qr's decoder, used before, failed on about 1 valid symbol in
 * 100 of the codes lean-qr draws (ZXing reads every one of them).
 */
import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';

/**
 * Rasterises an `<svg>` (white background) at about `minSize` px, a whole number of pixels per
 * module (the viewBox counts modules), and decodes the QR code in it.
 */
export async function decodeSvgQr(svgEl: SVGSVGElement, minSize = 600): Promise<string> {
  const modules = svgEl.viewBox.baseVal?.width || 0;
  const size = modules > 0 ? Math.ceil(minSize / modules) * modules : minSize;
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
  const { data } = ctx.getImageData(0, 0, size, size);
  // Luminance, one byte per pixel (the image is black on white: the green channel is enough).
  const lum = new Uint8ClampedArray(size * size);
  for (let i = 0; i < lum.length; i++) lum[i] = data[i * 4 + 1]!;
  // PURE_BARCODE: the image is the symbol and its quiet zone, square to the pixel grid (no perspective to find).
  const hints = new Map([[DecodeHintType.PURE_BARCODE, true]]);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, size, size))), hints).getText();
}
