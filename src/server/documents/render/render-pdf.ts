import { chineseDate, shanghaiDayStart } from '../../../domain/calendar/index.ts';
import { openPdf } from './pdf-document.ts';
import { CERTIFICATE, NOTICE } from './layouts.ts';
import type { OfficialDocument } from './official-document.ts';
import { planLayout, type Plan } from './pagination.ts';
import { Sheet, type Placement } from './sheet.ts';
import { BOLD } from './style.ts';

export type { Placement } from './sheet.ts';

/**
 * OfficialDocument → PDF with pdfkit: 通知书/决定书 after GB/T 9704 and landscape certificates
 * (layouts.ts). Every line is broken (line-breaking.ts) and placed (sheet.ts) here, so pages break
 * where this code says (pagination.ts) and nothing overlaps; pdfkit only draws single lines. Text
 * stays real text (pdftotext reads it); the seal (seal.ts) and the QR code (qr.ts) are vector
 * drawings. Fonts: fonts.ts; sizes and colours: style.ts; themes and body blocks: blocks.ts.
 */

/** Bumped when the drawing changes, so the file id of re-rendered content changes too. */
const RENDERER = 'zizhi-render-pdf/2';
const PRODUCER = '北京市规划和自然资源委员会 资质审批系统';

/** How a document was laid out, for tests and diagnostics. */
export interface LayoutTrace {
  pages: number;
  /** Vertical spacing used: 1, or less when tightening saved a page (GB/T 9704 7.3.5.4). */
  spacing: number;
  /** Type size factor (certificates with long data shrink rather than run to a second page). */
  scale: number;
  /** Id of the breakpoint forced so that the signature does not stand alone, if any. */
  keptWithSignature?: string;
  placements: Placement[];
}

/** Key-order independent JSON, so equal documents hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Renders an official document to PDF bytes. Deterministic: the same document gives the same
 * bytes (dates come from `doc.date`, the trailer /ID from a hash of the content). `onLayout`
 * receives where everything went (tests use it).
 */
export async function renderDocumentPdf(doc: OfficialDocument, onLayout?: (trace: LayoutTrace) => void): Promise<Buffer> {
  chineseDate(doc.date); // throws on a malformed date before any work
  const issued = shanghaiDayStart(doc.date);
  if (Number.isNaN(issued.getTime())) throw new Error(`document date is not a date: ${doc.date}`);
  const landscape = doc.layout === 'certificate';
  const info = { Title: doc.title, Author: doc.authority, Subject: doc.number, Creator: PRODUCER, Producer: PRODUCER, CreationDate: issued, ModDate: issued };
  const { pdf, bold: glyphs, finish } = await openPdf({ landscape, info }, (hash) => hash.update(RENDERER).update(canonicalJson(doc)));

  const layout = landscape ? CERTIFICATE : NOTICE;
  const run = (plan: Plan, dry: boolean) => {
    const sheet = new Sheet(pdf, layout.box, { page: layout.page, decorate: layout.decorate, dry, breakBefore: plan.breakBefore });
    return { sheet, drawn: layout.draw(sheet, doc, glyphs, plan) };
  };
  const plan = planLayout(layout.levels, (p) => run(p, true));
  const { sheet } = run(plan, false);

  // Page numbers only when there is more than one page (a one-page notice has none, as a 信函).
  if (sheet.pageCount > 1) {
    for (let i = 0; i < sheet.pageCount; i++) {
      pdf.switchToPage(i);
      layout.folio(sheet, i);
    }
  }
  if (doc.watermark) {
    for (let i = 0; i < sheet.pageCount; i++) {
      pdf.switchToPage(i);
      drawWatermark(pdf, doc.watermark);
    }
  }
  onLayout?.({ pages: sheet.pageCount, spacing: plan.spacing, scale: plan.scale, ...(plan.breakBefore ? { keptWithSignature: plan.breakBefore } : {}), placements: sheet.placements });
  return finish();
}

/** Large, light, diagonal text across the middle of the page (a 样张's mark). */
function drawWatermark(pdf: PDFKit.PDFDocument, text: string): void {
  const { width, height } = pdf.page;
  const size = Math.min(width, height) / 11;
  pdf.save();
  pdf.rotate(-30, { origin: [width / 2, height / 2] });
  pdf.font(BOLD).fontSize(size).fillColor('#c00000').fillOpacity(0.16);
  pdf.text(text, 0, height / 2, { width, align: 'center', lineBreak: false, baseline: 'middle' });
  pdf.restore();
}
