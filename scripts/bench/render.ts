import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { sampleApplication } from '../../src/domain/items/fixtures.ts';
import { formatApplicationNumber } from '../../src/server/applications/numbering.ts';
import { buildDocument } from '../../src/server/documents/document-content.ts';
import { FONT_FILES } from '../../src/server/documents/render/fonts.ts';
import { renderDocumentPdf } from '../../src/server/documents/render/render-pdf.ts';
import { createRenderPool } from '../../src/server/documents/render/render-pool.ts';
import { buildGeneratedForm } from '../../src/domain/forms/generated.ts';
import { findItem } from '../../src/domain/items/index.ts';

export interface RenderStats {
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerDoc: number;
  bytes: number;
}

async function timeRenders(n: number, render: () => Promise<Buffer>): Promise<RenderStats> {
  const times: number[] = [];
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    bytes = (await render()).length;
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  return {
    meanMs: times.reduce((s, x) => s + x, 0) / n,
    p50Ms: times[Math.floor(n / 2)]!,
    p99Ms: times[Math.min(n - 1, Math.ceil(n * 0.99) - 1)]!,
    cpuMsPerDoc: (cpu.user + cpu.system) / 1000 / n,
    bytes,
  };
}

/** A 受理通知书 as documents.service issues it: the survey-b sample case, its two attachments. */
function acceptanceNotice() {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return buildDocument(
    {
      item: 'survey-b',
      applicationType: 'first',
      number: formatApplicationNumber('survey-b', 2026, 1234),
      data: sampleApplication('survey-b', 'first', { today }) as Record<string, Record<string, unknown>>,
      submittedAt: new Date(Date.now() - 3 * 86_400_000),
      attachments: [
        { slot: 'applicationForm', originalName: '资质申请表.pdf', pages: 6 },
        { slot: 'otherAttachments', originalName: '其他附件（营业执照、人员、业绩）.pdf', pages: 184 },
      ],
    },
    {
      kind: 'acceptance',
      number: '京规自勘设受〔2026〕1234号',
      verification: { code: 'K7QM-3XPD-9A2C-4H5J', url: 'https://zizhi.example.gov.cn/verify/K7QM-3XPD-9A2C-4H5J' },
      date: today,
      limitDays: 20,
      dueDate: today,
      handler: '李受理',
      hotline: '010-58511090（工作日：9:00 - 17:30）',
    },
  ).document;
}

/**
 * ms per 受理通知书 (renderDocumentPdf, fonts already parsed), against the floor of the same
 * library: a pdfkit A4 page with the same CJK font (parsed once, subset per document) and one
 * paragraph of text.
 */
export async function renderBench(n: number) {
  const doc = acceptanceNotice();
  for (let i = 0; i < 3; i++) await renderDocumentPdf(doc); // fonts parsed, code warm
  const notice = await timeRenders(n, () => renderDocumentPdf(doc));

  const require = createRequire(import.meta.url);
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): unknown };
  const font = fontkit.create(await readFile(FONT_FILES.regular));
  const text = '你单位于2026年11月20日提交的建设工程勘察企业资质认定（乙级）申请，经审查，申请材料齐全、符合法定形式，决定予以受理。';
  const bare = () =>
    new Promise<Buffer>((resolve, reject) => {
      const pdf = new PDFDocument({ size: 'A4' });
      const chunks: Buffer[] = [];
      pdf.on('data', (c: Buffer) => chunks.push(c));
      pdf.on('end', () => resolve(Buffer.concat(chunks)));
      pdf.on('error', reject);
      pdf.registerFont('cjk', font as Buffer);
      pdf.font('cjk').fontSize(16).text(text, 72, 72, { width: 450 });
      pdf.end();
    });
  for (let i = 0; i < 3; i++) await bare();
  const floor = await timeRenders(n, bare);

  // As the server draws them: in the render pool's worker thread (CPU columns: the whole process).
  const pool = createRenderPool();
  try {
    const t = performance.now();
    await pool.document(doc);
    const firstMs = performance.now() - t;
    for (let i = 0; i < 3; i++) await pool.document(doc);
    const pooled = await timeRenders(n, () => pool.document(doc));
    const form = buildGeneratedForm(findItem('survey-b')!, 'applicationForm', { data: sampleApplication('survey-b'), number: 'KC2026000017', today: '2026-12-07' })!;
    for (let i = 0; i < 3; i++) await pool.form(form, '2026-12-07');
    const applicationForm = await timeRenders(n, () => pool.form(form, '2026-12-07'));
    return { notice, floor, pooled: { firstMs, notice: pooled, applicationForm } };
  } finally {
    await pool.close();
  }
}
