/**
 * Line breaking: CJK may break between any two characters except before closing and after
 * opening punctuation (禁则); Latin runs break at spaces; a run wider than the line is cut.
 */

const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕〉”’．…—％·～,.;:?!)]}%'));
const NO_LINE_END = new Set(Array.from('（《「『【〔〈“‘([{'));

function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0x2e80 || cp === 0x2014 || cp === 0x2026 || (cp >= 0x2018 && cp <= 0x201d);
}

/** U+2060 WORD JOINER: no break here (used in our own captions, removed from the output). */
export const JOINER = '\u2060';

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
export function wrapLine(text: string, width: number, measure: (s: string) => number, indent = 0, slashes = false): string[] {
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
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ''); // eslint-disable-line no-control-regex
}
