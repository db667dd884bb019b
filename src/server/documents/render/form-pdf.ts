import type { GeneratedForm } from '../../../domain/forms/generated.ts';
import { shanghaiDayStart } from '../../../domain/calendar/index.ts';
import { drawBlocks, noticeTheme } from './blocks.ts';
import { openPdf } from './pdf-document.ts';
import { Sheet, type Box } from './sheet.ts';
import { A4, BOLD, GREY, INK, MM, REGULAR, type TextStyle } from './style.ts';

/**
 * A form the applicant prints, signs and seals (domain/forms/generated.ts) → PDF: A4 portrait, no
 * 红头 or seal (it is the applicant's paper, not the commission's), the title, the 申报编号, the
 * blocks as the notices draw them, a column of seal and signature lines, and on every page a footer
 * saying where the form comes from and its page. Deterministic, as the official documents are.
 */
const box: Box = { left: 25 * MM, right: A4.short - 25 * MM, top: 22 * MM, bottom: A4.long - 24 * MM };
const PAGE: PDFKit.PDFDocumentOptions = { size: 'A4', layout: 'portrait', margin: 0 };

export async function renderFormPdf(form: GeneratedForm, today: string): Promise<Buffer> {
  const day = shanghaiDayStart(today);
  const info = { Title: form.title, Subject: form.number ?? '', Creator: '北京市规划和自然资源委员会 网上申报系统', Producer: 'zizhi', CreationDate: day, ModDate: day };
  const { pdf, finish } = await openPdf({ info }, (hash) => hash.update(JSON.stringify(form)));

  const sheet = new Sheet(pdf, box, { page: PAGE, decorate: () => undefined, dry: false });
  const theme = noticeTheme(1);
  const title: TextStyle = { font: BOLD, size: 20, color: INK };
  sheet.lines(title, sheet.wrap(title, form.title, sheet.width * 0.9), 20 * 1.4, box.left, sheet.width, { align: 'centre' });
  const small: TextStyle = { font: REGULAR, size: 11, color: GREY };
  if (form.number) {
    const text = `申报编号：${form.number}`;
    sheet.text(small, text, box.right - sheet.measure(small, text), sheet.y, 16);
    sheet.y += 16;
  }
  sheet.y += 6;
  drawBlocks(sheet, theme, form.blocks);

  // Seal and signatures: a column in the right half, each line with room to sign above the next.
  const pitch = theme.pitch * 1.9;
  const column = box.left + sheet.width * 0.45;
  sheet.ensure(form.signatures.length * pitch + theme.pitch);
  sheet.y += theme.pitch;
  for (const line of form.signatures) {
    const text = /[：:]/.test(line) ? line : `${line}：`;
    sheet.text(theme.body, text, column, sheet.y, theme.pitch);
    sheet.y += pitch;
  }

  const foot: TextStyle = { font: REGULAR, size: 9, color: GREY };
  for (let i = 0; i < sheet.pageCount; i++) {
    pdf.switchToPage(i);
    const folio = `第 ${i + 1} 页，共 ${sheet.pageCount} 页`;
    const folioWidth = sheet.measure(foot, folio);
    sheet.wrap(foot, form.footer, sheet.width - folioWidth - 4 * MM).forEach((line, n) => sheet.text(foot, line, box.left, box.bottom + 6 * MM + n * 12, 12));
    sheet.text(foot, folio, box.right - folioWidth, box.bottom + 6 * MM, 12);
  }
  return finish();
}
