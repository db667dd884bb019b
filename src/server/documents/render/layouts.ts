import { certificateTheme, drawBlocks, noticeTheme, type Level } from './blocks.ts';
import type { FontkitFont } from './fonts.ts';
import type { OfficialDocument } from './official-document.ts';
import { drawQr, planQr } from './qr.ts';
import { drawSignature, planSignature } from './seal.ts';
import type { Box, Sheet } from './sheet.ts';
import { A4, BOLD, CERTIFICATE_RED, GREY, INK, MM, RED, REGULAR, type TextStyle } from './style.ts';

/**
 * The two layouts: 通知书/决定书 after GB/T 9704 (红头, 文号, title, 主送, body, 署名 + 成文日期
 * under the seal, QR code beside it) and landscape certificates with a double border.
 */

export interface Drawn {
  /** The signature band fits on the page where the body ends. */
  fits: boolean;
  /** Page and height where the body ends. */
  bodyPage: number;
  bodyEnd: number;
  /** Index of the last block. */
  lastBlock: number;
}

export interface Layout {
  page: PDFKit.PDFDocumentOptions;
  box: Box;
  /** Tried loosest first; the first that gives the fewest pages wins. */
  levels: readonly Level[];
  decorate(pdf: PDFKit.PDFDocument): void;
  draw(sheet: Sheet, doc: OfficialDocument, glyphs: FontkitFont, level: Level): Drawn;
  /** 页码 “— n —” on page `index` (0-based) of a document of more than one page. */
  folio(sheet: Sheet, index: number): void;
}

/**
 * GB/T 9704 版心: 156 mm wide with 28 mm 订口 (left margin). 通知书 and 告知书 are forms sent with a
 * file number, not 公文 proper: their head and margins are tighter (20 mm above and below instead
 * of 37 mm and 35 mm; 253 mm of type area, 32 lines of 22 pt) so that an ordinary notice, table,
 * seal and QR code included, fits one page.
 */
const noticeBox: Box = { left: 28 * MM, right: A4.short - 26 * MM, top: 20 * MM, bottom: A4.long - 20 * MM };

/** 通知书/决定书, A4 portrait after GB/T 9704. */
export const NOTICE: Layout = {
  page: { size: 'A4', layout: 'portrait', margin: 0 },
  box: noticeBox,
  // GB/T 9704 7.3.5.4: line spacing may be tightened so that the seal and date fit. 0.9 of a
  // 22 pt line is still 1.4 lines; type sizes stay.
  levels: [
    { spacing: 1, scale: 1 },
    { spacing: 0.95, scale: 1 },
    { spacing: 0.9, scale: 1 },
  ],
  decorate: () => undefined,
  draw(sheet, doc, glyphs, { spacing }) {
    const { box } = sheet;
    const theme = noticeTheme(spacing);

    // 发文机关标志: red, bold, centred, as large as fits up to 24 pt.
    const mark: TextStyle = { font: BOLD, size: 24, color: RED };
    const markWidth = sheet.measure(mark, doc.authority);
    if (markWidth > sheet.width) mark.size = Math.max(12, (mark.size * sheet.width) / markWidth);
    sheet.lines(mark, sheet.wrap(mark, doc.authority, sheet.width), mark.size * 1.25 * spacing, box.left, sheet.width, { align: 'centre' });
    // 发文字号 centred under it, the red 分隔线 3 mm below the 文号.
    sheet.y += 1.5 * MM * spacing;
    sheet.lines(theme.body, sheet.wrap(theme.body, doc.number, sheet.width), theme.pitch, box.left, sheet.width, { align: 'centre' });
    const ruleY = sheet.y - (theme.pitch - theme.body.size) / 2 + 3 * MM * spacing;
    sheet.paint((pdf) => pdf.lineWidth(1.5).strokeColor(RED).moveTo(box.left, ruleY).lineTo(box.right, ruleY).stroke());
    sheet.y = ruleY + 3 * MM * spacing;

    // 标题: 2号 (22 pt) bold, centred.
    const title: TextStyle = { font: BOLD, size: 22, color: INK };
    sheet.lines(title, sheet.wrap(title, doc.title, sheet.width * 0.9), 22 * 1.3 * spacing, box.left, sheet.width, { align: 'centre' });
    sheet.y += theme.pitch * 0.2;

    if (doc.addressee) {
      // 主送 stays with the first lines of the body.
      sheet.lines(theme.body, sheet.wrap(theme.body, `${doc.addressee}：`, sheet.width), theme.pitch, box.left, sheet.width);
    }
    drawBlocks(sheet, theme, doc.blocks);
    const bodyPage = sheet.pageCount;
    const bodyEnd = sheet.y;

    // 署名 and 成文日期 under the seal, its top within a line of the body (GB/T 9704 7.3.5.1);
    // the verification QR code left of it, their feet aligned.
    const sig = planSignature(sheet, doc, theme.body, theme.pitch);
    const qr = planQr(sheet, doc, sig.leftEdge - box.left - 6 * MM);
    const band = Math.max(sig.height, qr.height);
    const gap = 0.5 * theme.pitch;
    const fits = gap + band <= sheet.remaining + 0.01;
    if (fits) sheet.y += gap;
    else sheet.newPage();
    drawSignature(sheet, sig, sheet.y, glyphs);
    drawQr(sheet, doc, qr, box.left, sheet.y + band - qr.height);
    sheet.y += band;
    return { fits, bodyPage, bodyEnd, lastBlock: doc.blocks.length - 1 };
  },
  folio(sheet, index) {
    // GB/T 9704: 4号 (14 pt) 半角 digits between 一字线, odd pages right, even pages left, one
    // character in; 4 mm below the 版心 (not 7) as the bottom margin is 20 mm, not 35.
    const style: TextStyle = { font: REGULAR, size: 14, color: INK };
    const text = `— ${index + 1} —`;
    const width = sheet.measure(style, text);
    const x = index % 2 === 0 ? noticeBox.right - style.size - width : noticeBox.left + style.size;
    sheet.text(style, text, x, noticeBox.bottom + 4 * MM, style.size);
  },
};

const CERT_W = A4.long;
const CERT_H = A4.short;
/** Inside the double border; the title spans it. */
const certificateFrame: Box = { left: 26 * MM, right: CERT_W - 26 * MM, top: 22 * MM, bottom: CERT_H - 20 * MM };
/** Right of the fields, a column holds the QR code (top) and the seal over 署名 and date (bottom). */
const CERT_SIDE = 62 * MM;
const certificateBox: Box = { ...certificateFrame, right: certificateFrame.right - CERT_SIDE - 8 * MM };

/** 证书, A4 landscape with a double border. */
export const CERTIFICATE: Layout = {
  page: { size: 'A4', layout: 'landscape', margin: 0 },
  box: certificateBox,
  // A certificate is one page: short ones are set loosely, long ones tighter and then in smaller
  // type (down to 72 %) before a second page.
  levels: [
    { spacing: 1.3, scale: 1 },
    { spacing: 1.15, scale: 1 },
    { spacing: 1, scale: 1 },
    { spacing: 0.9, scale: 1 },
    { spacing: 0.9, scale: 0.9 },
    { spacing: 0.85, scale: 0.8 },
    { spacing: 0.8, scale: 0.72 },
  ],
  decorate(pdf) {
    pdf.lineWidth(2.6).strokeColor(CERTIFICATE_RED).rect(8 * MM, 8 * MM, CERT_W - 16 * MM, CERT_H - 16 * MM).stroke();
    pdf.lineWidth(0.8).rect(10.5 * MM, 10.5 * MM, CERT_W - 21 * MM, CERT_H - 21 * MM).stroke();
    // Small diamonds in the corners between the two lines.
    const d = 1.6 * MM;
    const near = 9.25 * MM;
    for (const [x, y] of [
      [near, near],
      [CERT_W - near, near],
      [near, CERT_H - near],
      [CERT_W - near, CERT_H - near],
    ] as const) {
      pdf.polygon([x, y - d], [x + d, y], [x, y + d], [x - d, y]).fill(CERTIFICATE_RED);
    }
  },
  draw(sheet, doc, glyphs, level) {
    const { box } = sheet;
    const frame = certificateFrame;
    const { spacing } = level;
    const theme = certificateTheme(level);

    // Letter-spaced like a printed certificate; above ~0.3 em pdftotext would read the gaps as spaces.
    const title: TextStyle = { font: BOLD, size: 38 * Math.max(0.85, level.scale), color: INK };
    const tracking = 0.2 * title.size;
    const frameWidth = frame.right - frame.left;
    const titleLines = sheet.wrap(title, doc.title, frameWidth * 0.8, 0, tracking);
    sheet.lines(title, titleLines, title.size * 1.35 * spacing, frame.left, frameWidth, { align: 'centre', tracking });
    sheet.y += 1 * MM * spacing;
    const numberStyle: TextStyle = { font: REGULAR, size: 12, color: GREY };
    sheet.lines(numberStyle, sheet.wrap(numberStyle, `证书编号：${doc.number}`, frameWidth), 12 * 1.5 * spacing, frame.left, frameWidth, { align: 'centre' });
    sheet.y += 5 * MM * spacing;
    const bodyTop = sheet.y;

    if (doc.addressee) {
      sheet.lines(theme.body, sheet.wrap(theme.body, `${doc.addressee}：`, sheet.width), theme.pitch, box.left, sheet.width);
    }
    drawBlocks(sheet, theme, doc.blocks);
    const bodyPage = sheet.pageCount;
    const bodyEnd = sheet.y;

    // The side column of the page where the body ends: QR code at its top, seal at its foot.
    const side = { left: frame.right - CERT_SIDE, right: frame.right };
    const sigStyle: TextStyle = { font: REGULAR, size: 12, color: INK };
    const sig = planSignature(sheet, doc, sigStyle, 12 * 1.6, (side.left + side.right) / 2);
    const qr = planQr(sheet, doc, CERT_SIDE);
    drawQr(sheet, doc, qr, side.left, bodyPage === 1 ? bodyTop : box.top);
    drawSignature(sheet, sig, box.bottom - sig.height, glyphs);
    sheet.y = box.bottom;
    return { fits: true, bodyPage, bodyEnd, lastBlock: doc.blocks.length - 1 };
  },
  folio(sheet, index) {
    sheet.centred({ font: REGULAR, size: 12, color: INK }, `— ${index + 1} —`, certificateFrame.bottom + 2, 16, certificateFrame.left, certificateFrame.right);
  },
};
