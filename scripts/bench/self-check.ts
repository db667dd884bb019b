import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { checkPdf } from '../../src/web/features/wizard/page-check.ts';

/** An 8-bit grey A4 scan at `dpi` with lines of dark "text". */
function scanPng(dpi: number, shift: number): Uint8Array {
  const width = Math.round((595.28 / 72) * dpi);
  const height = Math.round((841.89 / 72) * dpi);
  const raw = Buffer.alloc((width + 1) * height, 255);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    if ((y + shift) % 24 < 6 && y > height * 0.1 && y < height * 0.9) raw.fill(30, y * (width + 1) + 1 + Math.floor(width * 0.1), y * (width + 1) + 1 + Math.floor(width * 0.9));
  }
  const chunk = (type: string, body: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * 提交前自查 (page-check.ts) on a dossier of `pages` pages, half text and half 200 dpi scans: ms
 * per page, against pdf.js opening every page, reading its operators and decoding its images (what
 * drawing the page needs as well, so no check can avoid it).
 */
export async function selfCheckBench(pages = 200): Promise<{ pages: number; mb: number; checkMsPerPage: number; floorMsPerPage: number }> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    // Each scan its own image, as each sheet of a real dossier is (pdf.js caches a repeated one).
    if (i % 2) page.drawImage(await doc.embedPng(scanPng(200, i)), { x: 0, y: 0, width: 595.28, height: 841.89 });
    else for (let l = 0; l < 30; l++) page.drawText(`Page ${i + 1}, line ${l + 1}: technical staff dossier`, { x: 50, y: 800 - l * 24, size: 11, font });
  }
  const bytes = await doc.save();
  const open = () => pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const floor = async () => {
    const t = performance.now();
    const bare = await open();
    for (let n = 1; n <= bare.numPages; n++) {
      const page = await bare.getPage(n);
      const list = await page.getOperatorList();
      // Decoding each image is what any renderer does too (pdf.js decodes on request).
      const ids = list.fnArray.flatMap((fn, i) => (fn === pdfjs.OPS.paintImageXObject ? [String((list.argsArray[i] as unknown[])[0])] : []));
      await Promise.all(ids.map((id) => new Promise((resolve) => page.objs.get(id, resolve))));
      page.cleanup();
    }
    await bare.destroy();
    return performance.now() - t;
  };
  const check = async () => {
    const t = performance.now();
    const checked = await open();
    const found = await checkPdf(checked, pdfjs.OPS);
    await checked.destroy();
    return { ms: performance.now() - t, found };
  };
  // Each twice, alternating; the second of each counts (the first warms the JIT and pdf.js).
  await floor();
  await check();
  const floorMs = await floor();
  const { ms: checkMs, found: issues } = await check();
  if (issues.length > 0) throw new Error(`self-check bench: a clean dossier gave ${issues.length} findings`);
  return { pages, mb: bytes.length / 1_048_576, checkMsPerPage: checkMs / pages, floorMsPerPage: floorMs / pages };
}
