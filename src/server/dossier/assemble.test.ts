import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfText, popplerMissing } from '../../../test/support/pdf.ts';
import { scanPng } from '../../../test/support/scan-png.ts';
import { assembleDossier, declaredDpi, scanPageSize, type DossierSection } from './assemble.ts';
import type { GeneratedForm } from '../../domain/forms/generated.ts';
import { renderFormPdf } from '../documents/render/form-pdf.ts';
import { checkToc } from '../../domain/dossier/page-check.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'zizhi-dossier-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const JPEG_300_DPI = 'test/fixtures/scan-300dpi.jpg';

/** A PDF of `pages` A4 pages, each saying `marker p<N>` (to find where it landed). */
async function pdfFile(marker: string, pages: number): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) doc.addPage([595.28, 841.89]).drawText(`${marker} p${n}`, { x: 60, y: 760, size: 14, font });
  const file = path.join(dir, `${marker}.pdf`);
  writeFileSync(file, await doc.save());
  return file;
}

/** A PNG scan saying its resolution in a pHYs chunk (pixels per metre). */
function pngWithDpi(dpi: number): string {
  const png = Buffer.from(scanPng(100));
  const body = Buffer.alloc(9);
  body.writeUInt32BE(Math.round(dpi / 0.0254), 0);
  body.writeUInt32BE(Math.round(dpi / 0.0254), 4);
  body[8] = 1;
  const typed = Buffer.concat([Buffer.from('pHYs', 'latin1'), body]);
  const chunk = Buffer.alloc(12 + 9);
  chunk.writeUInt32BE(9, 0);
  typed.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typed), 17);
  // After IHDR (8 signature + 25 IHDR bytes).
  const file = path.join(dir, `scan-${dpi}.png`);
  writeFileSync(file, Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]));
  return file;
}

async function open(file: string) {
  return pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
}

const pageText = async (doc: Awaited<ReturnType<typeof open>>, n: number) =>
  (await (await doc.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');

describe('the dossier assembler', () => {
  test('目录 first; each document where the 目录 says; bookmarks per person and document resolve there', { skip: popplerMissing() }, async () => {
    const sections: DossierSection[] = [
      {
        title: '技术负责人 张三',
        parts: [
          { title: '身份证', path: await pdfFile('ZHANG-ID', 1), kind: 'pdf' },
          { title: '毕业证', path: JPEG_300_DPI, kind: 'jpeg' },
          { title: '《专业技术人员基本情况及业绩表》', path: await pdfFile('ZHANG-RECORD', 3), kind: 'pdf' },
        ],
      },
      {
        title: '注册人员 李四',
        parts: [
          { title: '身份证', path: pngWithDpi(200), kind: 'png' },
          { title: '职称证', path: await pdfFile('LI-TITLE', 2), kind: 'pdf' },
        ],
      },
      { title: '企业材料', parts: [{ title: '企业法人营业执照', path: await pdfFile('FIRM-LICENCE', 1), kind: 'pdf' }] },
    ];
    const out = path.join(dir, 'dossier.pdf');
    const result = await assembleDossier({ title: '其他附件', sections, today: '2026-12-07' }, out);
    assert.equal(result.tocPages, 1);
    assert.deepEqual(
      result.entries.map((e) => [e.part, e.firstPage, e.lastPage]),
      [
        ['身份证', 2, 2],
        ['毕业证', 3, 3],
        ['《专业技术人员基本情况及业绩表》', 4, 6],
        ['身份证', 7, 7],
        ['职称证', 8, 9],
        ['企业法人营业执照', 10, 10],
      ],
    );

    const doc = await open(out);
    assert.equal(doc.numPages, 10);
    // Each PDF part starts and ends where the 目录 says.
    assert.match(await pageText(doc, 2), /ZHANG-ID p1/);
    assert.match(await pageText(doc, 4), /ZHANG-RECORD p1/);
    assert.match(await pageText(doc, 6), /ZHANG-RECORD p3/);
    assert.match(await pageText(doc, 8), /LI-TITLE p1/);
    assert.match(await pageText(doc, 10), /FIRM-LICENCE p1/);
    // Scans at their real size: 600 × 900 px at 300 dpi is 2 × 3 inches; the PNG at 200 dpi likewise.
    assert.deepEqual((await doc.getPage(3)).view.map(Math.round), [0, 0, 144, 216]);
    const png = (await doc.getPage(7)).view;
    assert.deepEqual([Math.round(png[2]!), Math.round(png[3]!)], [Math.round((827 / 200) * 72), Math.round((1169 / 200) * 72)]);

    // The 目录 as a reader sees it: every row with its range.
    const toc = pdfText(readFileSync(out)).split('\f')[0]!.replace(/\s+/g, '');
    assert.match(toc, /^其他附件目录序号/);
    for (const row of [/1技术负责人张三身份证第2页/, /2技术负责人张三毕业证第3页/, /3技术负责人张三《专业技术人员基本情况及业(绩表》第4–6页|第4–6页绩表》)/, /5注册人员李四职称证第8–9页/, /6企业材料企业法人营业执照第10页/]) assert.match(toc, row);

    // Bookmarks: 目录, each section at its first document, each document at its first page.
    const outline = (await doc.getOutline())!;
    const pageOf = async (dest: unknown) => (await doc.getPageIndex((dest as [{ num: number; gen: number }])[0])) + 1;
    const flat: [string, number, number][] = [];
    for (const node of outline) {
      flat.push([node.title, await pageOf(node.dest), 0]);
      for (const child of node.items) flat.push([child.title, await pageOf(child.dest), 1]);
    }
    assert.deepEqual(flat, [
      ['目录', 1, 0],
      ['技术负责人 张三', 2, 0],
      ['身份证', 2, 1],
      ['毕业证', 3, 1],
      ['《专业技术人员基本情况及业绩表》', 4, 1],
      ['注册人员 李四', 7, 0],
      ['身份证', 7, 1],
      ['职称证', 8, 1],
      ['企业材料', 10, 0],
      ['企业法人营业执照', 10, 1],
    ]);
    await doc.destroy();
  });

  test('提交前自查 reads the 目录: the assembled one matches its file; a hand-typed one past the end is flagged', async () => {
    const sections: DossierSection[] = [
      { title: '技术负责人 张三', parts: [{ title: '身份证', path: await pdfFile('TOC-ID', 1), kind: 'pdf' }, { title: '业绩表', path: await pdfFile('TOC-RECORD', 3), kind: 'pdf' }] },
      { title: '企业材料', parts: [{ title: '营业执照', path: await pdfFile('TOC-LICENCE', 1), kind: 'pdf' }] },
    ];
    const out = path.join(dir, 'toc.pdf');
    await assembleDossier({ title: '其他附件', sections, today: '2026-12-07' }, out);
    const assembled = await open(out);
    assert.deepEqual(await checkToc(assembled), []);
    await assembled.destroy();

    // The same 目录 typed by hand before a page went missing: it lists 第 2–7 页 in a 6-page file.
    const typed: GeneratedForm = {
      slot: 'otherAttachments',
      title: '其他附件目录',
      blocks: [{ type: 'table', columns: [{ title: '材料', weight: 3 }, { title: '页码', weight: 1 }], rows: [['身份证', '第 2 页'], ['业绩表', '第 3–5 页'], ['营业执照', '第 6–7 页']] }],
      signatures: [],
      footer: '手工目录',
    };
    const doc = await PDFDocument.load(await renderFormPdf(typed, '2026-12-07'));
    for (let i = 0; i < 5; i++) doc.addPage([595.28, 841.89]);
    const handMade = await pdfjs.getDocument({ data: await doc.save(), isEvalSupported: false, verbosity: 0 }).promise;
    assert.deepEqual(await checkToc(handMade), [{ page: 1, kind: 'toc-mismatch', message: '目录所列“第 6–7 页”与文件不符：文件共 6 页，请核对目录的页码' }]);
    await handMade.destroy();
  });

  test('a 目录 longer than a page counts its own pages: 40 people × 4 documents', async () => {
    const one = await pdfFile('ONE', 1);
    const sections: DossierSection[] = Array.from({ length: 40 }, (_, i) => ({
      title: `${i === 0 ? '技术负责人' : '注册人员'} 人员${i + 1}`,
      parts: ['身份证', '毕业证', '职称证', '业绩表'].map((title) => ({ title, path: one, kind: 'pdf' as const })),
    }));
    const out = path.join(dir, 'large.pdf');
    const result = await assembleDossier({ title: '其他附件', sections, today: '2026-12-07' }, out);
    assert.ok(result.tocPages > 1, `the 目录 took ${result.tocPages} page(s)`);
    assert.equal(result.entries[0]!.firstPage, result.tocPages + 1);
    assert.equal(result.entries.at(-1)!.lastPage, result.pages);
    const doc = await open(out);
    assert.equal(doc.numPages, result.tocPages + 160);
    const last = (await doc.getOutline())!.at(-1)!;
    assert.equal(last.title, '注册人员 人员40');
    assert.equal((await doc.getPageIndex((last.items.at(-1)!.dest as [{ num: number; gen: number }])[0])) + 1, result.pages);
    await doc.destroy();
  });

  test('a scan’s declared resolution: JFIF in dpi, PNG pHYs per metre; none declared fits A4', () => {
    assert.deepEqual(declaredDpi(readFileSync(JPEG_300_DPI), 'jpeg'), { x: 300, y: 300 });
    const png = declaredDpi(readFileSync(pngWithDpi(150)), 'png')!;
    assert.deepEqual([Math.round(png.x), Math.round(png.y)], [150, 150]);
    assert.equal(declaredDpi(scanPng(50), 'png'), undefined);
    const [w, h] = scanPageSize({ width: 1000, height: 2000 }, undefined);
    assert.deepEqual([Math.round(w), Math.round(h)], [421, 842]);
  });
});
