import { cleanText } from './line-breaking.ts';
import type { DocumentBlock } from './official-document.ts';
import type { Sheet } from './sheet.ts';
import { BOLD, CERTIFICATE_RED, GREY, INK, REGULAR, type TextStyle } from './style.ts';

/**
 * The body blocks (paragraph, 字段表, numbered list) and the themes that size them: the notice and
 * the certificate share the block drawing with different sizes. Every vertical distance scales
 * with `spacing` (1 normally; GB/T 9704 7.3.5.4 allows tightening the line spacing so that the
 * seal and date fit), font sizes never do.
 */

/** How tightly a layout is set: `spacing` scales vertical distances, `scale` type sizes. */
export interface Level {
  spacing: number;
  scale: number;
}

export interface Theme {
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

/** 通知书 at `spacing`. */
export function noticeTheme(spacing: number): Theme {
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

/** 证书 at a level: spacing and type size both scale. */
export function certificateTheme({ spacing, scale }: Level): Theme {
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

/** The body blocks in order, below the cursor; `sheet.block` says which one is being drawn. */
export function drawBlocks(sheet: Sheet, theme: Theme, blocks: readonly DocumentBlock[]): void {
  let previous: DocumentBlock['type'] | undefined;
  blocks.forEach((block, index) => {
    sheet.block = index;
    if (previous && (previous !== 'paragraph' || block.type !== 'paragraph')) sheet.y += theme.blockGap;
    if (block.type === 'paragraph') drawParagraph(sheet, theme, block.text);
    else if (block.type === 'fields') drawFields(sheet, theme, block);
    else if (block.type === 'table') drawTable(sheet, theme, block);
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

/** A ruled table: the header row bold and repeated where a page breaks; a row never splits. */
function drawTable(sheet: Sheet, theme: Theme, block: Extract<DocumentBlock, { type: 'table' }>): void {
  const t = theme.table;
  const left = sheet.box.left;
  const total = block.columns.reduce((sum, c) => sum + c.weight, 0);
  const widths = block.columns.map((c) => (sheet.width * c.weight) / total);
  const xs = widths.reduce<number[]>((acc, w) => [...acc, acc[acc.length - 1]! + w], [left]);
  const header = { font: BOLD, size: t.style.size, color: INK } as const;
  const wrapRow = (cells: readonly string[], style: TextStyle) => widths.map((w, i) => sheet.wrap(style, cells[i] ?? '', w - 2 * t.padX));
  const head = wrapRow(block.columns.map((c) => c.title), header);
  const rows = block.rows.map((r) => wrapRow(r, t.style));
  const heightOf = (cells: string[][]) => Math.max(1, ...cells.map((c) => c.length)) * t.pitch + 2 * t.padY;
  const drawRow = (cells: string[][], style: TextStyle, index: number, top: boolean) => {
    const y = sheet.y;
    const h = heightOf(cells);
    sheet.paint((pdf) => {
      pdf.lineWidth(0.6).strokeColor('#333333');
      if (top) pdf.moveTo(left, y).lineTo(xs[xs.length - 1]!, y);
      pdf.moveTo(left, y + h).lineTo(xs[xs.length - 1]!, y + h);
      for (const x of xs) pdf.moveTo(x, y).lineTo(x, y + h);
      pdf.stroke();
    });
    cells.forEach((lines, c) => lines.forEach((line, i) => sheet.text(style, line, xs[c]! + t.padX, y + t.padY + i * t.pitch, t.pitch)));
    sheet.place({ kind: 'row', index, of: rows.length, left, top: y, right: xs[xs.length - 1]!, bottom: y + h });
    sheet.y = y + h;
  };
  drawCaption(sheet, theme, block.caption, left, sheet.width, heightOf(head) + (rows[0] ? heightOf(rows[0]) : 0));
  if (!block.caption) sheet.ensure(heightOf(head) + (rows[0] ? heightOf(rows[0]) : 0));
  drawRow(head, header, -1, true);
  rows.forEach((cells, index) => {
    if (sheet.remaining < heightOf(cells) - 0.01) {
      sheet.newPage();
      drawRow(head, header, -1, true);
    }
    drawRow(cells, t.style, index, false);
  });
}
