import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PDFDocument, StandardFonts, degrees, type PDFPage } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { scanPng } from '../../../test/support/scan-png.ts';
import { checkPdf, type PageIssue } from './page-check.ts';

const A4: [number, number] = [595.28, 841.89];

type Build = (doc: PDFDocument) => Promise<void>;

async function textPage(doc: PDFDocument, size: [number, number] = A4): Promise<PDFPage> {
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(size);
  for (let i = 0; i < 5; i++) page.drawText(`Line ${i + 1}: qualification application materials`, { x: 60, y: size[1] - 80 - i * 20, size: 12, font });
  return page;
}

async function scanPage(doc: PDFDocument, dpi: number, ink = true) {
  const png = await doc.embedPng(scanPng(dpi, { ink }));
  doc.addPage(A4).drawImage(png, { x: 0, y: 0, width: A4[0], height: A4[1] });
}

async function check(...pages: Build[]): Promise<PageIssue[]> {
  const doc = await PDFDocument.create();
  for (const build of pages) await build(doc);
  const pdf = await pdfjs.getDocument({ data: await doc.save(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    return await checkPdf(pdf, pdfjs.OPS);
  } finally {
    await pdf.destroy();
  }
}

const kinds = (issues: PageIssue[]) => issues.map((i) => [i.page, i.kind]);

describe('提交前自查, per page', () => {
  test('a clean file gives no warning: text on A4, and a 200 dpi scan with ink', async () => {
    assert.deepEqual(await check((d) => textPage(d).then(() => undefined), (d) => scanPage(d, 200)), []);
  });

  test('a blank page is found, and a scan of white paper is found as nearly blank', async () => {
    const issues = await check(
      (d) => textPage(d).then(() => undefined),
      async (d) => void d.addPage(A4),
      (d) => scanPage(d, 200, false),
    );
    assert.deepEqual(kinds(issues), [
      [2, 'blank'],
      [3, 'blank'],
    ]);
    assert.match(issues[0]!.message, /^空白页/);
    assert.match(issues[1]!.message, /^近乎空白/);
  });

  test('a 72 dpi scan is found with its resolution; 150 dpi passes', async () => {
    const issues = await check(
      (d) => scanPage(d, 72),
      (d) => scanPage(d, 150),
    );
    assert.deepEqual(kinds(issues), [[1, 'low-resolution']]);
    assert.match(issues[0]!.message, /扫描分辨率约 72 dpi，低于 150 dpi/);
  });

  test('text turned sideways or upside down by the page’s rotation is found', async () => {
    const issues = await check(
      async (d) => void (await textPage(d)).setRotation(degrees(90)),
      async (d) => void (await textPage(d)).setRotation(degrees(180)),
      async (d) => void (await textPage(d)).setRotation(degrees(0)),
    );
    assert.deepEqual(kinds(issues), [
      [1, 'rotated'],
      [2, 'upside-down'],
    ]);
  });

  test('a page far larger than A4 is found; A3 is not', async () => {
    const issues = await check(
      (d) => textPage(d, [1190.55, 1683.78]).then(() => undefined),
      (d) => textPage(d, [841.89, 1190.55]).then(() => undefined),
    );
    assert.deepEqual(kinds(issues), [[1, 'oversized']]);
    assert.match(issues[0]!.message, /约 420×594 毫米/);
  });
});
