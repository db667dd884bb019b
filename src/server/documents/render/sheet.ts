import { cleanText, wrapLine } from './line-breaking.ts';
import type { TextStyle } from './style.ts';

/**
 * Sheet: one PDF with a content box, a cursor and page breaks under our control. Every line is
 * placed here; a dry sheet measures and paginates without drawing, so that layouts can be tried.
 */

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A place where a page may break: a block's start, a table row, a list item, a paragraph line. */
export interface Breakpoint {
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

export interface SheetOptions {
  page: PDFKit.PDFDocumentOptions;
  decorate: (pdf: PDFKit.PDFDocument) => void;
  /** A dry sheet measures and paginates without drawing. */
  dry: boolean;
  /** Keep-with-previous: start a new page at this breakpoint (chosen from a dry run). */
  breakBefore?: string;
}

export interface LineOptions {
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
export class Sheet {
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
