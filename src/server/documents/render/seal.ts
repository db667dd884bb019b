import { chineseDate } from '../../../domain/calendar/index.ts';
import type { FontkitFont } from './fonts.ts';
import type { OfficialDocument } from './official-document.ts';
import type { Sheet } from './sheet.ts';
import { MM, SEAL_RED, type TextStyle } from './style.ts';

/**
 * 署名 and 成文日期 under a drawn seal. The seal's arc text is drawn as glyph outlines, so that it
 * neither pollutes text extraction nor duplicates the 署名.
 */

const SEAL_RADIUS = 21 * MM;

export interface Signature {
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
export function planSignature(sheet: Sheet, doc: OfficialDocument, style: TextStyle, pitch: number, centre?: number): Signature {
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
export function drawSignature(sheet: Sheet, sig: Signature, top: number, glyphs: FontkitFont): void {
  const cy = top + SEAL_RADIUS;
  sheet.place({ kind: 'signature', index: 0, of: 1, left: sig.leftEdge, top, right: sig.cx + SEAL_RADIUS, bottom: top + sig.height });
  // The seal goes first and the text over it: black over red is what a stamp on a print looks like.
  sheet.paint((pdf) => drawSeal(pdf, sig.cx, cy, sig.authority, glyphs));
  // 署名 and 成文日期 sit a little below the seal's centre (居印章中心偏下).
  const nameTop = cy + 0.18 * SEAL_RADIUS - sig.pitch / 2;
  sheet.centred(sig.style, sig.authority, nameTop, sig.pitch, sig.cx - 500, sig.cx + 500);
  sheet.centred(sig.style, sig.date, nameTop + sig.pitch, sig.pitch, sig.cx - 500, sig.cx + 500);
}

/** The round red seal: border, star, and the authority along the upper arc. */
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
