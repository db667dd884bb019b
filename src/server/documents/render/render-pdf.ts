import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { chineseDate, shanghaiDayStart } from '../../../domain/calendar/index.ts';
import type { DocumentBlock, OfficialDocument } from './official-document.ts';

/**
 * OfficialDocument → PDF with pdfkit: 通知书/决定书 after GB/T 9704 (红头, 文号, title, 主送, body,
 * 署名 + 成文日期 under a drawn seal) and landscape certificates with a double border. Every line
 * is broken and placed here, so pages break where this code says and nothing overlaps; pdfkit only
 * draws single lines. Text stays real text (pdftotext reads it); the seal's arc text is drawn as
 * glyph outlines so it neither pollutes extraction nor duplicates the 署名.
 *
 * Pagination: a page breaks only where two lines (or table rows) stay on each side, rather after
 * a sentence; the signature never stands alone on a page. Dry runs choose the line spacing (and,
 * for certificates, the type size) that needs the fewest pages; when the signature still does not
 * fit below the body, the last paragraph goes with it to the next page (keep-with-previous).
 */

const MM = 72 / 25.4;
const RED = '#c00000';
const SEAL_RED = '#d7000f';
const INK = '#000000';
const GREY = '#444444';
const CERTIFICATE_RED = '#8a1c1c';
/** Bumped when the drawing changes, so the file id of re-rendered content changes too. */
const RENDERER = 'zizhi-render-pdf/2';
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

/**
 * Noto Serif SC 400 and 700, kept in the repository (fonts/README.md): the npm packages either
 * bring all eight weights (115 MB) or only unicode-range slices for browsers.
 */
export const FONT_FILES = {
  regular: new URL('./fonts/NotoSerifSC-Regular.ttf', import.meta.url),
  bold: new URL('./fonts/NotoSerifSC-Bold.ttf', import.meta.url),
};

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
    // fontkit is pdfkit's dependency: resolve it from pdfkit so it is the version pdfkit expects.
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): FontkitFont };
    fonts = Promise.all([readFile(FONT_FILES.regular), readFile(FONT_FILES.bold)]).then(([regular, bold]) => ({ regular: fontkit.create(regular), bold: fontkit.create(bold) }));
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
function breakPieces(text: string, slashes = false): string[] {
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
      const between = isWide(prev ?? '') || isWide(ch) || (slashes && prev === '/' && ch !== '/');
      const canBreak = !joined && prev !== undefined && prev !== ' ' && between && !NO_LINE_START.has(ch) && !NO_LINE_END.has(prev);
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
function wrapLine(text: string, width: number, measure: (s: string) => number, indent = 0, slashes = false): string[] {
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
  for (const piece of breakPieces(text, slashes)) {
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

/** A place where a page may break: a block's start, a table row, a list item, a paragraph line. */
interface Breakpoint {
  id: string;
  block: number;
  page: number;
  y: number;
  atTop: boolean;
}

/** Something placed on a page; boxes in points from the page's top left. */
export interface Placement {
  page: number;
  /** Index into `blocks`; -1 for the head (机关标志, 文号, title, 主送) and the signature. */
  block: number;
  kind: 'line' | 'row' | 'item' | 'caption' | 'signature' | 'qr';
  /** Line of a paragraph, row of a table, item of a list. */
  index: number;
  /** Lines of the paragraph, rows of the table, items of the list. */
  of: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Table rows: x of the rule between label and value. */
  divider?: number;
}

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

interface SheetOptions {
  page: PDFKit.PDFDocumentOptions;
  decorate: (pdf: PDFKit.PDFDocument) => void;
  /** A dry sheet measures and paginates without drawing. */
  dry: boolean;
  /** Keep-with-previous: start a new page at this breakpoint (chosen from a dry run). */
  breakBefore?: string;
}

interface LineOptions {
  indent?: number;
  align?: 'justify' | 'centre';
  tracking?: number;
  /** Called with the top of the first line, where it lands (a list item draws its number there). */
  first?: (top: number) => void;
}

/** A line ending a sentence or clause: the best place for a page to break inside a paragraph. */
const SENTENCE_END = /[。；！？：][”’）]?$/;

/** Text widths by font, size and text: the layout runs several times and measures the same pieces. */
const widths = new Map<string, number>();

/** The cursor over the pages of one PDF. */
class Sheet {
  y: number;
  pageCount = 1;
  /** The block being drawn (index into `blocks`, -1 outside them). */
  block = -1;
  readonly breakpoints: Breakpoint[] = [];
  readonly placements: Placement[] = [];

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    readonly box: Box,
    private readonly options: SheetOptions,
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

  get atTop(): boolean {
    return this.y <= this.box.top + 0.01;
  }

  newPage(): void {
    if (!this.options.dry) this.pdf.addPage(this.options.page);
    this.pageCount += 1;
    this.y = this.box.top;
    this.paint(this.options.decorate);
  }

  /** Starts a new page unless `height` still fits below the cursor. */
  ensure(height: number): void {
    if (this.y + height > this.box.bottom + 0.01 && !this.atTop) this.newPage();
  }

  /** A place where the page may break (`key` unique in the block); what follows, `height` tall, stays together when a page holds it. */
  breakpoint(key: string, height: number): void {
    const id = `${this.block}:${key}`;
    if (id === this.options.breakBefore && !this.atTop) this.newPage();
    else this.ensure(height <= this.pageHeight ? height : 0);
    this.breakpoints.push({ id, block: this.block, page: this.pageCount, y: this.y, atTop: this.atTop });
  }

  place(p: Omit<Placement, 'page' | 'block'>): void {
    this.placements.push({ page: this.pageCount, block: this.block, ...p });
  }

  measure(style: Pick<TextStyle, 'font' | 'size'>, text: string): number {
    const key = `${style.font}|${style.size}|${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = this.pdf.font(style.font).fontSize(style.size).widthOfString(text);
      if (widths.size > 100_000) widths.clear();
      widths.set(key, width);
    }
    return width;
  }

  /** `slashes`: a line may also break after a '/' (a URL longer than the line). */
  wrap(style: TextStyle, text: string, width: number, indent = 0, tracking = 0, slashes = false): string[] {
    const measure = (s: string) => this.measure(style, s) + tracking * Array.from(s).length;
    return cleanText(text)
      .split('\n')
      .flatMap((part) => wrapLine(part, width, measure, indent, slashes));
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

  /**
   * Lines of one paragraph, flowing over pages. A page breaks inside it only where two lines or
   * more stay on each side (no orphan, no widow: a paragraph of three lines or fewer is never
   * split), and rather after a sentence's end when that costs at most two lines. All lines but
   * the last are justified when that stays subtle. With a `key`, each place where the paragraph
   * may break is a breakpoint.
   */
  lines(style: TextStyle, lines: string[], pitch: number, x: number, width: number, opts: LineOptions & { key?: string } = {}): void {
    const n = lines.length;
    const breakable = (k: number) => k === 0 || (k >= 2 && k <= n - 2);
    const id = (k: number) => (opts.key === undefined ? undefined : `${this.block}:${opts.key}.${k}`);
    let k = 0;
    while (k < n) {
      if (id(k) !== undefined && id(k) === this.options.breakBefore && !this.atTop) this.newPage();
      const fit = Math.floor((this.remaining + 0.01) / pitch);
      let end = n;
      if (n - k > fit) {
        let last = -1;
        let sentence = -1;
        for (let j = k + 1; j <= k + fit; j++) {
          if (!breakable(j)) continue;
          last = j;
          if (SENTENCE_END.test(lines[j - 1] ?? '')) sentence = j;
        }
        if (last < 0 && !this.atTop) {
          this.newPage();
          continue;
        }
        end = last < 0 ? k + Math.max(1, fit) : sentence >= last - 2 ? sentence : last;
      }
      for (let j = k; j < end; j++) {
        const here = id(j);
        if (here !== undefined && breakable(j)) {
          if (j > k && here === this.options.breakBefore) {
            end = j;
            break;
          }
          this.breakpoints.push({ id: here, block: this.block, page: this.pageCount, y: this.y, atTop: this.atTop });
        }
        this.line(style, lines, j, pitch, x, width, opts);
        this.y += pitch;
      }
      k = end;
      if (k < n) this.newPage();
    }
  }

  private line(style: TextStyle, lines: string[], i: number, pitch: number, x: number, width: number, opts: LineOptions): void {
    const line = lines[i] ?? '';
    if (i === 0) opts.first?.(this.y);
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
    this.place({ kind: 'line', index: i, of: lines.length, left: x, top: this.y, right: x + width, bottom: this.y + pitch });
  }
}

// ---------------------------------------------------------------------------------------------
// Themes: the notice and the certificate share the block drawing with different sizes. Every
// vertical distance scales with `spacing` (1 normally; GB/T 9704 7.3.5.4 allows tightening the
// line spacing so that the seal and date fit), font sizes never do.

interface Theme {
  body: TextStyle;
  pitch: number;
  paragraph: { style: TextStyle; pitch: number; indent: number; align: 'justify' | 'centre' };
  table: { style: TextStyle; label: TextStyle; pitch: number; widthRatio: number; grid: boolean; padX: number; padY: number };
  caption: TextStyle;
  listIndent: number;
  blockGap: number;
}

/**
 * 通知书/告知书 body: 14 pt (四号) on a 22 pt line, 31 characters to the line; the table 12.5 pt.
 * GB/T 9704's 16 pt (三号) on 29 pt lines gives 22 lines of 28: an acceptance notice with its
 * fields table would take two pages, the second holding little but the seal.
 */
const NOTICE_BODY = 14;
const NOTICE_LEADING = 22 / 14;
const NOTICE_TABLE = 12.5;

function noticeTheme(spacing: number): Theme {
  const size = NOTICE_BODY;
  const pitch = size * NOTICE_LEADING * spacing;
  const body: TextStyle = { font: REGULAR, size, color: INK };
  const cell: TextStyle = { font: REGULAR, size: NOTICE_TABLE, color: INK };
  return {
    body,
    pitch,
    paragraph: { style: body, pitch, indent: 2 * size, align: 'justify' },
    table: { style: cell, label: cell, pitch: NOTICE_TABLE * 1.35 * spacing, widthRatio: 1, grid: true, padX: 5, padY: 2.5 * spacing },
    caption: { font: BOLD, size, color: INK },
    listIndent: 2 * size,
    blockGap: size * 0.4 * spacing,
  };
}

function certificateTheme({ spacing, scale }: Level): Theme {
  const size = 14 * scale;
  const cell = 12 * scale;
  const body: TextStyle = { font: REGULAR, size, color: INK };
  return {
    body,
    pitch: size * 1.7 * spacing,
    paragraph: { style: { font: REGULAR, size: Math.max(9, 11 * scale), color: GREY }, pitch: Math.max(9, 11 * scale) * 1.6 * spacing, indent: 0, align: 'centre' },
    table: { style: { ...body, size: cell }, label: { font: BOLD, size: cell, color: GREY }, pitch: cell * 1.4 * spacing, widthRatio: 1, grid: false, padX: 8, padY: 3 * spacing },
    caption: { font: BOLD, size, color: INK },
    listIndent: 0,
    blockGap: size * 0.7 * spacing,
  };
}

function drawBlocks(sheet: Sheet, theme: Theme, blocks: readonly DocumentBlock[]): void {
  let previous: DocumentBlock['type'] | undefined;
  blocks.forEach((block, index) => {
    sheet.block = index;
    if (previous && (previous !== 'paragraph' || block.type !== 'paragraph')) sheet.y += theme.blockGap;
    if (block.type === 'paragraph') drawParagraph(sheet, theme, block.text);
    else if (block.type === 'fields') drawFields(sheet, theme, block);
    else drawList(sheet, theme, block);
    previous = block.type;
  });
  sheet.block = -1;
}

function drawParagraph(sheet: Sheet, theme: Theme, text: string): void {
  const { style, pitch, indent, align } = theme.paragraph;
  cleanText(text)
    .split('\n')
    .forEach((part, i) => {
      const lines = sheet.wrap(style, part, sheet.width, indent);
      sheet.lines(style, lines, pitch, sheet.box.left, sheet.width, { key: `p${i}`, indent, align });
    });
}

/** A caption kept on one page with the first `following` points of what it introduces. */
function drawCaption(sheet: Sheet, theme: Theme, caption: string | undefined, x: number, width: number, following: number): void {
  if (!caption) return;
  const lines = sheet.wrap(theme.caption, caption, width);
  sheet.breakpoint('caption', lines.length * theme.pitch + following);
  const top = sheet.y;
  sheet.lines(theme.caption, lines, theme.pitch, x, width);
  sheet.place({ kind: 'caption', index: 0, of: 1, left: x, top, right: x + width, bottom: sheet.y });
}

/** 字段表: label | value rows with a rule under every row; a row taller than the page continues on the next one. */
function drawFields(sheet: Sheet, theme: Theme, block: Extract<DocumentBlock, { type: 'fields' }>): void {
  const t = theme.table;
  const width = sheet.width * t.widthRatio;
  const left = sheet.box.left + (sheet.width - width) / 2;
  // The label column is as wide as the longest label (within limits): values wrap less.
  const longest = Math.max(0, ...block.rows.map(([label]) => sheet.measure(t.label, label)));
  const labelWidth = Math.min(0.34 * width, Math.max(0.2 * width, longest + 2 * t.padX + 1));
  const valueWidth = width - labelWidth;
  const rows = block.rows.map(([label, value]) => ({
    label: sheet.wrap(t.label, label, labelWidth - 2 * t.padX),
    value: sheet.wrap(t.style, value, valueWidth - 2 * t.padX),
  }));
  const heightOf = (row: { label: string[]; value: string[] }) => Math.max(row.label.length, row.value.length) * t.pitch + 2 * t.padY;
  // As with lines: a page breaks only where two rows or more stay on each side.
  const n = rows.length;
  const breakable = (i: number) => i === 0 || (i >= 2 && i <= n - 2);
  const together = (i: number) => {
    let h = 0;
    for (let j = i; j < n && (j === i || !breakable(j)); j++) h += heightOf(rows[j]!);
    return h;
  };
  drawCaption(sheet, theme, block.caption, left, width, together(0));
  const lineWidth = t.grid ? 0.6 : 0.5;
  let ruleOnTop = true;
  rows.forEach((row, index) => {
    const count = Math.max(row.label.length, row.value.length);
    if (breakable(index) && (index > 0 || !block.caption)) sheet.breakpoint(`r${index}`, together(index));
    let done = 0;
    while (done < count) {
      const take = Math.min(count - done, Math.floor((sheet.remaining - 2 * t.padY + 0.01) / t.pitch));
      if (take < 1) {
        sheet.newPage();
        ruleOnTop = true;
        continue;
      }
      const top = sheet.y;
      const h = take * t.pitch + 2 * t.padY;
      const firstOnPage = ruleOnTop || sheet.atTop;
      sheet.paint((pdf) => {
        if (t.grid) {
          // No shading of the label column: a fill painted after the rule above it hid that rule.
          // Each rule once: doubled hairlines print heavier than the rest.
          pdf.lineWidth(lineWidth).strokeColor('#333333');
          if (firstOnPage) pdf.moveTo(left, top).lineTo(left + width, top);
          pdf.moveTo(left, top + h).lineTo(left + width, top + h);
          for (const x of [left, left + labelWidth, left + width]) pdf.moveTo(x, top).lineTo(x, top + h);
          pdf.stroke();
        } else {
          if (firstOnPage) pdf.lineWidth(1.2).strokeColor(CERTIFICATE_RED).moveTo(left, top).lineTo(left + width, top).stroke();
          pdf.lineWidth(lineWidth).strokeColor('#b0b0b0').moveTo(left, top + h).lineTo(left + width, top + h).stroke();
        }
      });
      for (let i = 0; i < take; i++) {
        const lineTop = top + t.padY + i * t.pitch;
        sheet.text(t.label, row.label[done + i] ?? '', left + t.padX, lineTop, t.pitch);
        sheet.text(t.style, row.value[done + i] ?? '', left + labelWidth + t.padX, lineTop, t.pitch);
      }
      sheet.place({ kind: 'row', index, of: rows.length, left, top, right: left + width, bottom: top + h, divider: left + labelWidth });
      sheet.y = top + h;
      done += take;
      ruleOnTop = false;
    }
  });
  const bottom = sheet.y;
  if (!t.grid && rows.length > 0) sheet.paint((pdf) => pdf.lineWidth(1.2).strokeColor(CERTIFICATE_RED).moveTo(left, bottom).lineTo(left + width, bottom).stroke());
}

/** Numbered list “1．…”, text hanging after the number; items break over pages as paragraphs do. */
function drawList(sheet: Sheet, theme: Theme, block: Extract<DocumentBlock, { type: 'list' }>): void {
  const style = theme.body;
  const left = sheet.box.left + theme.listIndent;
  const numberWidth = sheet.measure(style, `${block.items.length}．`);
  const textLeft = left + numberWidth;
  const textWidth = sheet.box.right - textLeft;
  // Short items (补正 of a field or an attachment) go two to a line, as on a form.
  const column = (sheet.box.right - left) / 2;
  if (block.items.length > 1 && block.items.every((item) => !item.includes('\n') && numberWidth + sheet.measure(style, item) <= column - style.size)) {
    drawCaption(sheet, theme, block.caption, sheet.box.left, sheet.width, theme.pitch);
    for (let index = 0; index < block.items.length; index += 2) {
      if (index > 0 || !block.caption) sheet.breakpoint(`i${index}`, theme.pitch);
      for (const i of [index, index + 1]) {
        const x = left + (i - index) * column;
        if (i >= block.items.length) break;
        sheet.text(style, `${i + 1}．`, x, sheet.y, theme.pitch);
        sheet.text(style, block.items[i]!, x + numberWidth, sheet.y, theme.pitch);
        sheet.place({ kind: 'item', index: i, of: block.items.length, left: x, top: sheet.y, right: x + column, bottom: sheet.y + theme.pitch });
      }
      sheet.y += theme.pitch;
    }
    return;
  }
  const items = block.items.map((item) => sheet.wrap(style, item, textWidth));
  drawCaption(sheet, theme, block.caption, sheet.box.left, sheet.width, Math.min(2, items[0]?.length ?? 1) * theme.pitch);
  items.forEach((lines, index) => {
    let top = sheet.y;
    // Right after its caption the first item is no place for a break.
    const key = index > 0 || !block.caption ? `i${index}` : undefined;
    sheet.lines(style, lines, theme.pitch, textLeft, textWidth, {
      key,
      first: (y) => {
        top = y;
        sheet.text(style, `${index + 1}．`, left, y, theme.pitch);
      },
    });
    sheet.place({ kind: 'item', index, of: items.length, left, top, right: sheet.box.right, bottom: sheet.y });
  });
}

// ---------------------------------------------------------------------------------------------
// 署名, 成文日期, seal and verification QR code.

const SEAL_RADIUS = 21 * MM;

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

/** `centre`: the seal's centre x; by default GB/T 9704's place, 成文日期 右空四字. */
function planSignature(sheet: Sheet, doc: OfficialDocument, style: TextStyle, pitch: number, centre?: number): Signature {
  const date = chineseDate(doc.date);
  const authorityWidth = sheet.measure(style, doc.authority);
  const dateWidth = sheet.measure(style, date);
  // GB/T 9704: 成文日期 右空四字, 署名 centred over it; the seal sits centred over both.
  let cx = centre ?? sheet.box.right - 4 * style.size - dateWidth / 2;
  if (centre === undefined) cx = Math.min(cx, sheet.box.right - authorityWidth / 2, sheet.box.right - SEAL_RADIUS);
  const leftEdge = cx - Math.max(SEAL_RADIUS, authorityWidth / 2, dateWidth / 2);
  const height = Math.max(2 * SEAL_RADIUS, SEAL_RADIUS + 0.18 * SEAL_RADIUS + 1.5 * pitch);
  return { authority: doc.authority, date, style, pitch, cx, leftEdge, height };
}

/** Draws seal, 署名 and date with the seal's top at `top`. */
function drawSignature(sheet: Sheet, sig: Signature, top: number, glyphs: FontkitFont): void {
  const cy = top + SEAL_RADIUS;
  sheet.place({ kind: 'signature', index: 0, of: 1, left: sig.leftEdge, top, right: sig.cx + SEAL_RADIUS, bottom: top + sig.height });
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
    // The URL whole on its own line when it fits one, else broken after a '/'.
    ...sheet.wrap(style, `扫码或访问 ${doc.verification.url} 核${JOINER}验`, width, 0, 0, sheet.measure(style, doc.verification.url) > width),
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
  sheet.place({ kind: 'qr', index: 0, of: 1, left: x, top, right: x + qr.width, bottom: top + qr.height });
  let y = top + QR_SIZE + 1.5 * MM;
  for (const line of qr.lines) {
    sheet.text(qr.style, line, x + 4 * module, y, qr.pitch);
    y += qr.pitch;
  }
}


// ---------------------------------------------------------------------------------------------
// The two layouts.

const A4 = { short: 595.28, long: 841.89 };

interface Drawn {
  /** The signature band fits on the page where the body ends. */
  fits: boolean;
  /** Page and height where the body ends. */
  bodyPage: number;
  bodyEnd: number;
  /** Index of the last block. */
  lastBlock: number;
}

/** How tightly a layout is set: `spacing` scales vertical distances, `scale` type sizes. */
interface Level {
  spacing: number;
  scale: number;
}

interface Layout {
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
const NOTICE: Layout = {
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
const CERTIFICATE: Layout = {
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

// ---------------------------------------------------------------------------------------------
// Pagination: the spacing and the page breaks, chosen by dry runs.

type Plan = Level & { breakBefore?: string };

/**
 * The loosest level that gives the fewest pages with the signature on the page where the body
 * ends. When none does, keep-with-previous: the page breaks earlier, so that the last paragraph (or,
 * when it is long, at least its last two lines) goes with the signature; a page never holds only
 * the seal and the date (GB/T 9704 7.3.5.4).
 */
function planLayout(levels: readonly Level[], trial: (plan: Plan) => { sheet: Sheet; drawn: Drawn }): Plan {
  const runs: Array<{ plan: Plan; sheet: Sheet; drawn: Drawn }> = [];
  for (const level of levels) {
    const run = { plan: level as Plan, ...trial(level) };
    runs.push(run);
    if (run.drawn.fits && run.sheet.pageCount === 1) break; // nothing tighter can do better
  }
  const fitting = runs.filter((r) => r.drawn.fits);
  if (fitting.length > 0) {
    const fewest = Math.min(...fitting.map((r) => r.sheet.pageCount));
    return fitting.find((r) => r.sheet.pageCount === fewest)!.plan;
  }
  const { sheet, drawn, plan } = runs[0]!;
  const points = sheet.breakpoints.filter((b) => b.block >= 0);
  const start = points.find((b) => b.block === drawn.lastBlock);
  const onPage = points.filter((b) => b.page === drawn.bodyPage && !b.atTop).reverse();
  const candidates = onPage.map((b) => b.id);
  // The whole last block when it is short; a long one keeps its last lines with the signature.
  if (start && onPage.includes(start) && drawn.bodyEnd - start.y <= sheet.pageHeight / 3) candidates.unshift(start.id);
  for (const breakBefore of [...new Set(candidates)].slice(0, 4)) {
    if (trial({ ...plan, breakBefore }).drawn.fits) return { ...plan, breakBefore };
  }
  return plan;
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
  // Font ids (F1, F2) follow first use; with cached widths that order would vary between renders.
  pdf.font(REGULAR).font(BOLD);
  const glyphs = bold;

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
  onLayout?.({ pages: sheet.pageCount, spacing: plan.spacing, scale: plan.scale, ...(plan.breakBefore ? { keptWithSignature: plan.breakBefore } : {}), placements: sheet.placements });
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}
