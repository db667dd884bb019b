import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { checkPdf } from '../../src/domain/dossier/page-check.ts';
import { scanPng } from '../../test/support/scan-png.ts';

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
    if (i % 2) page.drawImage(await doc.embedPng(scanPng(200, { shift: i })), { x: 0, y: 0, width: 595.28, height: 841.89 });
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
