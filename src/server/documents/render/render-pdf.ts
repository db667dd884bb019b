import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { DocumentBlock, OfficialDocument } from './official-document.ts';

/**
 * OfficialDocument → PDF with pdfkit: 通知书/决定书 after GB/T 9704 (红头, 文号, title, 主送, body,
 * 署名 + 成文日期 under a drawn seal) and landscape certificates with a double border. Every line
 * is broken and placed here, so pages break where this code says and nothing overlaps; pdfkit only
 * draws single lines. Text stays real text (pdftotext reads it); the seal's arc text is drawn as
 * glyph outlines so it neither pollutes extraction nor duplicates the 署名.
 */

const MM = 72 / 25.4;
const RED = '#c00000';
const SEAL_RED = '#d7000f';
const INK = '#000000';
const GREY = '#444444';
const CERTIFICATE_RED = '#8a1c1c';
/** Bumped when the drawing changes, so the file id of re-rendered content changes too. */
const RENDERER = 'zizhi-render-pdf/1';
const PRODUCER = '北京市规划和自然资源委员会 资质审批系统';

const REGULAR = 'NotoSerifSC-Regular';
const BOLD = 'NotoSerifSC-Bold';
type FontName = typeof REGULAR | typeof BOLD;

interface TextStyle {
  font: FontName;
  size: number;
  color: string;
}

// ---------------------------------------------------------------------------------------------
// Fonts: ~15 MB each, read and parsed once per process. pdfkit accepts parsed fontkit fonts
// (since 0.20.0: "Accept already-parsed fontkit Font instances") and embeds per document only
// the glyphs used; parsing per document would cost most of the render time.

/** The parts of a fontkit font used here: pdfkit's own needs plus glyph outlines for the seal. */
interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): unknown;
  glyphForCodePoint(codePoint: number): { advanceWidth: number; path: { toSVG(): string } };
}

interface Fonts {
  regular: FontkitFont;
  bold: FontkitFont;
}
let fonts: Promise<Fonts> | undefined;

function loadFonts(): Promise<Fonts> {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json'));
    // fontkit is pdfkit's dependency: resolve it from pdfkit so it is the version pdfkit expects.
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): FontkitFont };
    fonts = Promise.all([
      readFile(path.join(dir, '400Regular', 'NotoSerifSC_400Regular.ttf')),
      readFile(path.join(dir, '700Bold', 'NotoSerifSC_700Bold.ttf')),
    ]).then(([regular, bold]) => ({ regular: fontkit.create(regular), bold: fontkit.create(bold) }));
    fonts.catch(() => (fonts = undefined));
  }
  return fonts;
}

// ---------------------------------------------------------------------------------------------
// Line breaking: CJK may break between any two characters except before closing and after
// opening punctuation (禁则); Latin runs break at spaces; a run wider than the line is cut.

const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕〉”’．…—％·～,.;:?!)]}%'));
const NO_LINE_END = new Set(Array.from('（《「『【〔〈“‘([{'));

function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0x2e80 || cp === 0x2014 || cp === 0x2026 || (cp >= 0x2018 && cp <= 0x201d);
}

/** U+2060 WORD JOINER: no break here (used in our own captions, removed from the output). */
const JOINER = '\u2060';

/** Pieces between which a line may break; a lone ' ' is a droppable space. */
function breakPieces(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let prev: string | undefined;
  let joined = false;
  for (const ch of text) {
    if (ch === JOINER) {
      joined = true;
      continue;
    }
    if (ch === ' ') {
      if (current) pieces.push(current);
      pieces.push(' ');
      current = '';
    } else {
      const canBreak = !joined && prev !== undefined && prev !== ' ' && (isWide(prev) || isWide(ch)) && !NO_LINE_START.has(ch) && !NO_LINE_END.has(prev);
      if (canBreak && current) {
        pieces.push(current);
        current = '';
      }
      current += ch;
    }
    prev = ch;
    joined = false;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Greedy fill of one paragraph (no '\n') into lines no wider than `width` (the first `indent` narrower). */
function wrapLine(text: string, width: number, measure: (s: string) => number, indent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  let space = false;
  const room = () => (lines.length === 0 ? width - indent : width);
  const push = () => {
    lines.push(line);
    line = '';
    lineWidth = 0;
    space = false;
  };
  const spaceWidth = measure(' ');
  for (const piece of breakPieces(text)) {
    if (piece === ' ') {
      space = line !== '';
      continue;
    }
    const pieceWidth = measure(piece);
    const gap = space ? spaceWidth : 0;
    if (lineWidth + gap + pieceWidth <= room() + 0.01) {
      line += (space ? ' ' : '') + piece;
      lineWidth += gap + pieceWidth;
      space = false;
    } else if (pieceWidth <= (line ? width : room()) + 0.01) {
      if (line) push();
      line = piece;
      lineWidth = pieceWidth;
    } else {
      // A run no line can hold (a long number, URL, or pasted garbage): cut it where it overflows.
      if (space) {
        line += ' ';
        lineWidth += spaceWidth;
        space = false;
      }
      for (const ch of piece) {
        const w = measure(ch);
        if (line && lineWidth + w > room() + 0.01) push();
        line += ch;
        lineWidth += w;
      }
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** User text is drawn as plain text: normalise line ends, drop control and bidi-override characters. */
function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ''); // eslint-disable-line no-control-regex
}

// ---------------------------------------------------------------------------------------------
// Sheet: one PDF with a content box, a cursor and page breaks under our control.

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * The cursor over the pages of one PDF. A dry sheet measures and paginates without drawing: the
 * layout runs once dry to learn whether the signature fits, then for real.
 */
class Sheet {
  y: number;
  pageCount = 1;
  /** Placement units (lines, rows, list items) started so far. */
  units = 0;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    readonly box: Box,
    private readonly options: { page: PDFKit.PDFDocumentOptions; decorate: (pdf: PDFKit.PDFDocument) => void; dry: boolean; breakBeforeUnit?: number },
  ) {
    this.y = box.top;
    this.paint(options.decorate);
  }

  /** Draws unless dry. */
  paint(draw: (pdf: PDFKit.PDFDocument) => void): void {
    if (!this.options.dry) {
      this.pdf.save();
      draw(this.pdf);
      this.pdf.restore();
    }
  }

  get width(): number {
    return this.box.right - this.box.left;
  }

  get remaining(): number {
    return this.box.bottom - this.y;
  }

  get pageHeight(): number {
    return this.box.bottom - this.box.top;
  }

  newPage(): void {
    if (!this.options.dry) this.pdf.addPage(this.options.page);
    this.pageCount += 1;
    this.y = this.box.top;
    this.paint(this.options.decorate);
  }

  /** Starts a new page unless `height` still fits below the cursor. */
  ensure(height: number): void {
    if (this.y + height > this.box.bottom + 0.01 && this.y > this.box.top) this.newPage();
  }

  /** Starts a placement unit of `height` (kept on one page when it fits one). */
  unit(height: number): void {
    this.units += 1;
    if (this.units === this.options.breakBeforeUnit && this.y > this.box.top) this.newPage();
    this.ensure(height <= this.pageHeight ? height : 0);
  }

  measure(style: Pick<TextStyle, 'font' | 'size'>, text: string): number {
    return this.pdf.font(style.font).fontSize(style.size).widthOfString(text);
  }

  wrap(style: TextStyle, text: string, width: number, indent = 0, tracking = 0): string[] {
    const measure = (s: string) => this.measure(style, s) + tracking * Array.from(s).length;
    return cleanText(text)
      .split('\n')
      .flatMap((part) => wrapLine(part, width, measure, indent));
  }

  /** One line, vertically centred in a line box of height `pitch` whose top is `top`. */
  text(style: TextStyle, text: string, x: number, top: number, pitch: number, characterSpacing = 0): void {
    if (!text || this.options.dry) return;
    // Ideographs sit about 0.37 em above the baseline's centre line; centre them in the box.
    const baseline = top + pitch / 2 + 0.37 * style.size;
    this.pdf.font(style.font).fontSize(style.size).fillColor(style.color);
    this.pdf.text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing });
  }

  centred(style: TextStyle, text: string, top: number, pitch: number, left = this.box.left, right = this.box.right, tracking = 0): void {
    const width = this.measure(style, text) + tracking * (Array.from(text).length - 1);
    this.text(style, text, left + (right - left - width) / 2, top, pitch, tracking);
  }

  /** Lines of one paragraph, flowing over pages; all but the last are justified when that stays subtle. */
  lines(style: TextStyle, lines: string[], pitch: number, x: number, width: number, opts: { indent?: number; align?: 'justify' | 'centre'; tracking?: number } = {}): void {
    lines.forEach((line, i) => {
      // No single first or last line of a paragraph alone at a page's foot or head.
      this.unit(lines.length >= 2 && (i === 0 || i === lines.length - 2) ? 2 * pitch : pitch);
      const indent = i === 0 ? (opts.indent ?? 0) : 0;
      if (opts.align === 'centre') {
        this.centred(style, line, this.y, pitch, x, x + width, opts.tracking);
      } else {
        let spacing = 0;
        const count = Array.from(line).length;
        if (opts.align === 'justify' && i < lines.length - 1 && count > 1) {
          spacing = (width - indent - this.measure(style, line)) / (count - 1);
          // More than 0.08 em between letters would look wrong and makes pdftotext see word gaps.
          if (spacing < 0 || spacing > 0.08 * style.size) spacing = 0;
        }
        this.text(style, line, x + indent, this.y, pitch, spacing);
      }
      this.y += pitch;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Themes: the notice and the certificate share the block drawing with different sizes.

interface Theme {
  body: TextStyle;
  pitch: number;
  paragraph: { style: TextStyle; pitch: number; indent: number; align: 'justify' | 'centre' };
  table: { style: TextStyle; label: TextStyle; pitch: number; widthRatio: number; grid: boolean; padX: number; padY: number };
  caption: TextStyle;
  listIndent: number;
  blockGap: number;
}

const NOTICE_THEME: Theme = (() => {
  const size = 15;
  const body: TextStyle = { font: REGULAR, size, color: INK };
  return {
    body,
    pitch: size * 1.65,
    paragraph: { style: body, pitch: size * 1.65, indent: 2 * size, align: 'justify' },
    table: { style: { ...body, size: 14 }, label: { font: REGULAR, size: 14, color: INK }, pitch: 14 * 1.45, widthRatio: 1, grid: true, padX: 6, padY: 4 },
    caption: { font: BOLD, size, color: INK },
    listIndent: 2 * size,
    blockGap: size * 0.5,
  };
})();

const CERTIFICATE_THEME: Theme = (() => {
  const size = 14;
  const body: TextStyle = { font: REGULAR, size, color: INK };
  return {
    body,
    pitch: size * 1.7,
    paragraph: { style: { font: REGULAR, size: 11, color: GREY }, pitch: 11 * 1.6, indent: 0, align: 'centre' },
    // Certificates list every holding of the register: a compact table keeps them on one page.
    table: { style: { ...body, size: 12 }, label: { font: BOLD, size: 12, color: GREY }, pitch: 12 * 1.4, widthRatio: 0.8, grid: false, padX: 8, padY: 3 },
    caption: { font: BOLD, size, color: INK },
    listIndent: 0,
    blockGap: size * 0.7,
  };
})();

function drawBlocks(sheet: Sheet, theme: Theme, blocks: readonly DocumentBlock[]): void {
  let previous: DocumentBlock['type'] | undefined;
  for (const block of blocks) {
    if (previous && (previous !== 'paragraph' || block.type !== 'paragraph')) sheet.y += theme.blockGap;
    if (block.type === 'paragraph') drawParagraph(sheet, theme, block.text);
    else if (block.type === 'fields') drawFields(sheet, theme, block);
    else drawList(sheet, theme, block);
    previous = block.type;
  }
}

function drawParagraph(sheet: Sheet, theme: Theme, text: string): void {
  const { style, pitch, indent, align } = theme.paragraph;
  for (const part of cleanText(text).split('\n')) {
    const lines = sheet.wrap(style, part, sheet.width, indent);
    sheet.lines(style, lines, pitch, sheet.box.left, sheet.width, { indent, align });
  }
}

function drawCaption(sheet: Sheet, theme: Theme, caption: string | undefined, x: number, width: number, following: number): void {
  if (!caption) return;
  const lines = sheet.wrap(theme.caption, caption, width);
  // Keep the caption with what it introduces.
  sheet.ensure(lines.length * theme.pitch + following);
  sheet.lines(theme.caption, lines, theme.pitch, x, width);
}

/** 字段表: label | value rows; a row taller than a page continues on the next one. */
function drawFields(sheet: Sheet, theme: Theme, block: Extract<DocumentBlock, { type: 'fields' }>): void {
  const t = theme.table;
  const width = sheet.width * t.widthRatio;
  const left = sheet.box.left + (sheet.width - width) / 2;
  const labelWidth = width * 0.3;
  const valueWidth = width - labelWidth;
  const rows = block.rows.map(([label, value]) => ({
    label: sheet.wrap(t.label, label, labelWidth - 2 * t.padX),
    value: sheet.wrap(t.style, value, valueWidth - 2 * t.padX),
  }));
  const first = rows[0];
  drawCaption(sheet, theme, block.caption, left, width, Math.min(3, Math.max(first?.label.length ?? 1, first?.value.length ?? 1)) * t.pitch + 2 * t.padY);
  let ruleOnTop = true;
  for (const row of rows) {
    const count = Math.max(row.label.length, row.value.length);
    sheet.unit(count * t.pitch + 2 * t.padY);
    let done = 0;
    while (done < count) {
      const take = Math.min(count - done, Math.floor((sheet.remaining - 2 * t.padY) / t.pitch));
      if (take < 1) {
        sheet.newPage();
        ruleOnTop = true;
        continue;
      }
      const top = sheet.y;
      const h = take * t.pitch + 2 * t.padY;
      const firstOnPage = ruleOnTop || top === sheet.box.top;
      sheet.paint((pdf) => {
        if (t.grid) {
          // Each rule once: doubled hairlines print heavier than the rest.
          pdf.rect(left, top, labelWidth, h).fill('#f2f2f2');
          pdf.lineWidth(0.6).strokeColor('#333333');
          if (firstOnPage) pdf.moveTo(left, top).lineTo(left + width, top);
          pdf.moveTo(left, top + h).lineTo(left + width, top + h);
          for (const x of [left, left + labelWidth, left + width]) pdf.moveTo(x, top).lineTo(x, top + h);
          pdf.stroke();
        } else {
          if (firstOnPage) pdf.lineWidth(1.2).strokeColor(CERTIFICATE_RED).moveTo(left, top).lineTo(left + width, top).stroke();
          pdf.lineWidth(0.5).strokeColor('#b0b0b0').moveTo(left, top + h).lineTo(left + width, top + h).stroke();
        }
      });
      for (let i = 0; i < take; i++) {
        const lineTop = top + t.padY + i * t.pitch;
        sheet.text(t.label, row.label[done + i] ?? '', left + t.padX, lineTop, t.pitch);
        sheet.text(t.style, row.value[done + i] ?? '', left + labelWidth + t.padX, lineTop, t.pitch);
      }
      sheet.y = top + h;
      done += take;
      ruleOnTop = false;
    }
  }
  const bottom = sheet.y;
  if (!t.grid && rows.length > 0) sheet.paint((pdf) => pdf.lineWidth(1.2).strokeColor(CERTIFICATE_RED).moveTo(left, bottom).lineTo(left + width, bottom).stroke());
}

/** Numbered list “1．…”, text hanging after the number. */
function drawList(sheet: Sheet, theme: Theme, block: Extract<DocumentBlock, { type: 'list' }>): void {
  const style = theme.body;
  const left = sheet.box.left + theme.listIndent;
  const numberWidth = sheet.measure(style, `${block.items.length}．`);
  const textLeft = left + numberWidth;
  const textWidth = sheet.box.right - textLeft;
  const firstLines = block.items[0] === undefined ? 1 : sheet.wrap(style, block.items[0], textWidth).length;
  drawCaption(sheet, theme, block.caption, sheet.box.left, sheet.width, Math.min(3, firstLines) * theme.pitch);
  block.items.forEach((item, index) => {
    const lines = sheet.wrap(style, item, textWidth);
    // An item stays on one page unless it is longer than a page.
    sheet.unit(lines.length * theme.pitch);
    lines.forEach((line, i) => {
      sheet.ensure(theme.pitch);
      if (i === 0) sheet.text(style, `${index + 1}．`, left, sheet.y, theme.pitch);
      sheet.text(style, line, textLeft, sheet.y, theme.pitch);
      sheet.y += theme.pitch;
    });
  });
}

// ---------------------------------------------------------------------------------------------
// 署名, 成文日期, seal and verification QR code.

const SEAL_RADIUS = 21 * MM;

function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`document date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

interface Signature {
  authority: string;
  date: string;
  style: TextStyle;
  pitch: number;
  /** Seal centre x; the 署名 and 成文日期 are centred under it. */
  cx: number;
  /** Leftmost x the signature or seal reaches. */
  leftEdge: number;
  /** From the seal's top to the lowest ink. */
  height: number;
}

function planSignature(sheet: Sheet, doc: OfficialDocument, style: TextStyle, pitch: number): Signature {
  const date = chineseDate(doc.date);
  const authorityWidth = sheet.measure(style, doc.authority);
  const dateWidth = sheet.measure(style, date);
  // GB/T 9704: 成文日期 右空四字, 署名 centred over it; the seal sits centred over both.
  let cx = sheet.box.right - 4 * style.size - dateWidth / 2;
  cx = Math.min(cx, sheet.box.right - authorityWidth / 2, sheet.box.right - SEAL_RADIUS);
  const leftEdge = cx - Math.max(SEAL_RADIUS, authorityWidth / 2, dateWidth / 2);
  const height = Math.max(2 * SEAL_RADIUS, SEAL_RADIUS + 0.18 * SEAL_RADIUS + 1.5 * pitch);
  return { authority: doc.authority, date, style, pitch, cx, leftEdge, height };
}

/** Draws seal, 署名 and date with the seal's top at `top`. */
function drawSignature(sheet: Sheet, sig: Signature, top: number, glyphs: FontkitFont): void {
  const cy = top + SEAL_RADIUS;
  // The seal goes first and the text over it: black over red is what a stamp on a print looks like.
  sheet.paint((pdf) => drawSeal(pdf, sig.cx, cy, sig.authority, glyphs));
  // 署名 and 成文日期 sit a little below the seal's centre (居印章中心偏下).
  const nameTop = cy + 0.18 * SEAL_RADIUS - sig.pitch / 2;
  sheet.centred(sig.style, sig.authority, nameTop, sig.pitch, sig.cx - 500, sig.cx + 500);
  sheet.centred(sig.style, sig.date, nameTop + sig.pitch, sig.pitch, sig.cx - 500, sig.cx + 500);
}

function drawSeal(pdf: PDFKit.PDFDocument, cx: number, cy: number, authority: string, glyphs: FontkitFont): void {
  const R = SEAL_RADIUS;
  const border = 1.2 * MM;
  pdf.lineWidth(border).strokeColor(SEAL_RED).circle(cx, cy, R - border / 2).stroke();

  const outer = 0.33 * R;
  const inner = outer * 0.382;
  const star: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    star.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  pdf.polygon(...star).fill(SEAL_RED);

  // Authority name along the upper arc, each glyph condensed (as seal lettering is) and rotated
  // to face outwards; sized so that neighbours do not touch even at their inner corners.
  const chars = Array.from(authority.replace(/\s+/g, ''));
  const n = chars.length;
  const maxSpan = (240 * Math.PI) / 180;
  const condense = 0.75;
  const inset = R - border - 1 * MM;
  let size = 0.3 * R;
  if (n > 1) size = Math.min(size, (maxSpan * inset) / ((n - 1) * condense * 1.05 + maxSpan));
  const radius = inset - size / 2;
  const step = n > 1 ? Math.min((size * condense * 1.3) / (inset - size), maxSpan / (n - 1)) : 0;
  const scale = size / glyphs.unitsPerEm;
  chars.forEach((ch, i) => {
    const glyph = glyphs.glyphForCodePoint(ch.codePointAt(0) ?? 0x3000);
    const angle = (i - (n - 1) / 2) * step;
    pdf.save();
    pdf.translate(cx + radius * Math.sin(angle), cy - radius * Math.cos(angle));
    pdf.rotate((angle * 180) / Math.PI);
    pdf.scale(scale * condense, -scale);
    pdf.translate(-glyph.advanceWidth / 2, -0.37 * glyphs.unitsPerEm);
    pdf.path(glyph.path.toSVG()).fill(SEAL_RED);
    pdf.restore();
  });
}

const QR_SIZE = 28 * MM;

interface QrBlock {
  lines: string[];
  style: TextStyle;
  pitch: number;
  width: number;
  height: number;
}

function planQr(sheet: Sheet, doc: OfficialDocument, maxWidth: number): QrBlock {
  const style: TextStyle = { font: REGULAR, size: 8, color: GREY };
  const pitch = 8 * 1.45;
  const width = Math.max(QR_SIZE, Math.min(75 * MM, maxWidth));
  const lines = [
    ...sheet.wrap(style, `核验码：${doc.verification.code}`, width),
    ...sheet.wrap(style, `扫码或访问 ${doc.verification.url} 核${JOINER}验`, width),
  ];
  return { lines, style, pitch, width, height: QR_SIZE + 1.5 * MM + lines.length * pitch };
}

function drawQr(sheet: Sheet, doc: OfficialDocument, qr: QrBlock, x: number, top: number): void {
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
  let y = top + QR_SIZE + 1.5 * MM;
  for (const line of qr.lines) {
    sheet.text(qr.style, line, x + 4 * module, y, qr.pitch);
    y += qr.pitch;
  }
}

// ---------------------------------------------------------------------------------------------
// The two layouts.

const A4 = { short: 595.28, long: 841.89 };

interface Layout {
  page: PDFKit.PDFDocumentOptions;
  box: Box;
  /** Centre of the page number “— n —”. */
  folioY: number;
  decorate(pdf: PDFKit.PDFDocument): void;
  /** Lays the document out; false when the signature did not fit on the page the body ended on. */
  draw(sheet: Sheet, doc: OfficialDocument, glyphs: FontkitFont): boolean;
}

const noticeBox: Box = { left: 28 * MM, right: A4.short - 26 * MM, top: 25 * MM, bottom: A4.long - 25 * MM };

/** 通知书/决定书, A4 portrait after GB/T 9704. */
const NOTICE: Layout = {
  page: { size: 'A4', layout: 'portrait', margin: 0 },
  box: noticeBox,
  // GB/T 9704: 页码 7 mm below the type area.
  folioY: noticeBox.bottom + 7 * MM,
  decorate: () => undefined,
  draw(sheet, doc, glyphs) {
    const { box } = sheet;
    const theme = NOTICE_THEME;

    // 发文机关标志: red, bold, centred, as large as fits up to 30 pt.
    const mark: TextStyle = { font: BOLD, size: 30, color: RED };
    const markWidth = sheet.measure(mark, doc.authority);
    if (markWidth > sheet.width) mark.size = Math.max(12, (mark.size * sheet.width) / markWidth);
    sheet.lines(mark, sheet.wrap(mark, doc.authority, sheet.width), mark.size * 1.3, box.left, sheet.width, { align: 'centre' });
    sheet.y += 3 * MM;
    const ruleY = sheet.y;
    sheet.paint((pdf) => pdf.lineWidth(1.6).strokeColor(RED).moveTo(box.left, ruleY).lineTo(box.right, ruleY).stroke());
    sheet.y += 3 * MM;
    sheet.lines(theme.body, sheet.wrap(theme.body, doc.number, sheet.width), theme.pitch, box.left, sheet.width, { align: 'centre' });
    sheet.y += theme.pitch * 0.6;

    const title: TextStyle = { font: BOLD, size: 22, color: INK };
    sheet.lines(title, sheet.wrap(title, doc.title, sheet.width * 0.9), 22 * 1.5, box.left, sheet.width, { align: 'centre' });
    sheet.y += theme.pitch * 0.4;

    if (doc.addressee) {
      sheet.lines(theme.body, sheet.wrap(theme.body, `${doc.addressee}：`, sheet.width), theme.pitch, box.left, sheet.width);
    }
    drawBlocks(sheet, theme, doc.blocks);

    // Seal top within half a line below the body (GB/T 9704: 印章顶端上距正文一行之内).
    const sig = planSignature(sheet, doc, theme.body, theme.pitch);
    sheet.y += theme.pitch * 0.5;
    const fits = sig.height <= sheet.remaining;
    sheet.ensure(sig.height);
    const sealTop = sheet.y;
    drawSignature(sheet, sig, sealTop, glyphs);
    sheet.y += sig.height;

    // Verification at the bottom left, beside the signature when there is room.
    const qr = planQr(sheet, doc, sig.leftEdge - box.left - 6 * MM);
    if (box.bottom - qr.height >= sealTop) {
      drawQr(sheet, doc, qr, box.left, box.bottom - qr.height);
    } else {
      sheet.newPage();
      drawQr(sheet, doc, qr, box.left, box.top);
    }
    return fits;
  },
};

const CERT_W = A4.long;
const CERT_H = A4.short;
const certificateBox: Box = { left: 30 * MM, right: CERT_W - 30 * MM, top: 24 * MM, bottom: CERT_H - 21 * MM };

/** 证书, A4 landscape with a double border. */
const CERTIFICATE: Layout = {
  page: { size: 'A4', layout: 'landscape', margin: 0 },
  box: certificateBox,
  folioY: certificateBox.bottom + 7,
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
  draw(sheet, doc, glyphs) {
    const { box } = sheet;
    const theme = CERTIFICATE_THEME;

    // Letter-spaced like a printed certificate; above ~0.3 em pdftotext would read the gaps as spaces.
    const title: TextStyle = { font: BOLD, size: 38, color: INK };
    const tracking = 0.2 * title.size;
    const titleLines = sheet.wrap(title, doc.title, sheet.width * 0.8, 0, tracking);
    sheet.lines(title, titleLines, 38 * 1.35, box.left, sheet.width, { align: 'centre', tracking });
    sheet.y += 2 * MM;
    const numberStyle: TextStyle = { font: REGULAR, size: 12, color: GREY };
    sheet.lines(numberStyle, sheet.wrap(numberStyle, `证书编号：${doc.number}`, sheet.width), 12 * 1.6, box.left, sheet.width, { align: 'centre' });
    sheet.y += 6 * MM;

    if (doc.addressee) {
      sheet.lines(theme.body, sheet.wrap(theme.body, `${doc.addressee}：`, sheet.width), theme.pitch, box.left, sheet.width);
    }
    drawBlocks(sheet, theme, doc.blocks);

    // 署名, date and seal at the bottom right, the QR code at the bottom left, on one band.
    const sigStyle: TextStyle = { font: REGULAR, size: 14, color: INK };
    const sig = planSignature(sheet, doc, sigStyle, 14 * 1.7);
    const qr = planQr(sheet, doc, sig.leftEdge - box.left - 10 * MM);
    const band = Math.max(sig.height, qr.height) + 4 * MM;
    const fits = band <= sheet.remaining;
    if (!fits) sheet.newPage();
    drawSignature(sheet, sig, box.bottom - sig.height, glyphs);
    drawQr(sheet, doc, qr, box.left, box.bottom - qr.height);
    sheet.y = box.bottom;
    return fits;
  },
};

// ---------------------------------------------------------------------------------------------

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
 * bytes (dates come from `doc.date`, the trailer /ID from a hash of the content).
 */
export async function renderDocumentPdf(doc: OfficialDocument): Promise<Buffer> {
  chineseDate(doc.date); // throws on a malformed date before any work
  const issued = new Date(`${doc.date}T00:00:00+08:00`);
  if (Number.isNaN(issued.getTime())) throw new Error(`document date is not a date: ${doc.date}`);
  const { regular, bold } = await loadFonts();

  const landscape = doc.layout === 'certificate';
  const pdf = new PDFDocument({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margin: 0,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: doc.title,
      Author: doc.authority,
      Subject: doc.number,
      Creator: PRODUCER,
      Producer: PRODUCER,
      CreationDate: issued,
      ModDate: issued,
    },
  });
  // pdfkit derives /ID from the info dictionary only; make it a digest of the whole content so
  // two documents of the same title and day differ, and one document always gets the same id.
  const internals = pdf as unknown as { _id?: unknown };
  if (!(internals._id instanceof Uint8Array)) throw new Error('pdfkit no longer exposes _id; update renderDocumentPdf');
  internals._id = createHash('sha256').update(RENDERER).update(canonicalJson(doc)).digest().subarray(0, 16);

  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });

  // @types/pdfkit does not know yet that parsed fontkit fonts are accepted.
  pdf.registerFont(REGULAR, regular as unknown as Buffer);
  pdf.registerFont(BOLD, bold as unknown as Buffer);
  const glyphs = bold;

  const layout = landscape ? CERTIFICATE : NOTICE;
  const sheetFor = (dry: boolean, breakBeforeUnit?: number) => new Sheet(pdf, layout.box, { page: layout.page, decorate: layout.decorate, dry, breakBeforeUnit });
  // A signature page without body text is not allowed (GB/T 9704): when the dry run shows the
  // signature would land alone on a new page, the last two lines or rows go along with it.
  const probe = sheetFor(true);
  const fits = layout.draw(probe, doc, glyphs);
  const sheet = sheetFor(false, fits ? undefined : probe.units - 1);
  layout.draw(sheet, doc, glyphs);

  // Page numbers “— 1 —” (GB/T 9704 页码) only when there is more than one page.
  if (sheet.pageCount > 1) {
    const style: TextStyle = { font: REGULAR, size: 12, color: INK };
    for (let i = 0; i < sheet.pageCount; i++) {
      pdf.switchToPage(i);
      sheet.centred(style, `— ${i + 1} —`, layout.folioY - 8, 16);
    }
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}
