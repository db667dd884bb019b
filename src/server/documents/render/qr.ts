import QRCode from 'qrcode';
import { JOINER } from './line-breaking.ts';
import type { OfficialDocument } from './official-document.ts';
import type { Sheet } from './sheet.ts';
import { GREY, INK, MM, REGULAR, type TextStyle } from './style.ts';

/** The verification QR code and its caption: 核验码 and the URL it encodes. */

const QR_SIZE = 28 * MM;

export interface QrBlock {
  lines: string[];
  style: TextStyle;
  pitch: number;
  width: number;
  height: number;
}

/** Size and caption lines (核验码, URL) of the QR block, at most `maxWidth` wide. */
export function planQr(sheet: Sheet, doc: OfficialDocument, maxWidth: number): QrBlock {
  const style: TextStyle = { font: REGULAR, size: 8, color: GREY };
  const pitch = 8 * 1.45;
  const width = Math.max(QR_SIZE, Math.min(75 * MM, maxWidth));
  const lines = [
    ...sheet.wrap(style, `核验码：${doc.verification.code}`, width),
    // The URL whole on its own line when it fits one, else broken after a '/'.
    ...sheet.wrap(style, `扫码或访问 ${doc.verification.url} 核${JOINER}验`, width, 0, 0, sheet.measure(style, doc.verification.url) > width),
  ];
  return { lines, style, pitch, width, height: QR_SIZE + 1.5 * MM + lines.length * pitch };
}

/** Draws the QR code as filled runs of modules (vector, no image) and its caption. */
export function drawQr(sheet: Sheet, doc: OfficialDocument, qr: QrBlock, x: number, top: number): void {
  const code = QRCode.create(doc.verification.url, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  const module = QR_SIZE / (n + 8); // 4 modules of quiet zone each side
  sheet.paint((pdf) => {
    for (let row = 0; row < n; row++) {
      let col = 0;
      while (col < n) {
        if (!code.modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < n && code.modules.get(row, col)) col++;
        // A hair of overlap between rows keeps anti-aliasing from drawing light seams.
        pdf.rect(x + (4 + start) * module, top + (4 + row) * module, (col - start) * module, module + 0.05);
      }
    }
    pdf.fill(INK);
  });
  sheet.place({ kind: 'qr', index: 0, of: 1, left: x, top, right: x + qr.width, bottom: top + qr.height });
  let y = top + QR_SIZE + 1.5 * MM;
  for (const line of qr.lines) {
    sheet.text(qr.style, line, x + 4 * module, y, qr.pitch);
    y += qr.pitch;
  }
}
