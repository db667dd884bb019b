// Cheap structural pre-check, run in the inspection worker before pdf-lib parses anything
// (issue 14, point 2). First the /Size the file's last cross-reference section declares, read from
// its end; then one pass over the file's own syntax in 1 MiB reads (stream data jumped over by its
// /Length or found by `endstream`), counting what makes a parse slow: indirect objects, tokens,
// cross-reference entries and nesting. Linear, no allocation per byte, bounded memory; it stops at
// the first limit passed, so a file of 400 000 trivial objects is refused after reading its last
// few KB, or half of it when it hides its /Size.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { tooComplexText } from '../../contract/pdf-refusals.ts';
import type { PdfVerdict } from './pdf-inspect.verdict.ts';

export interface StructureLimits {
  /** Indirect objects: `n g obj` headers in the file plus the /N of every object stream. */
  maxObjects: number;
  /** Tokens of the file's own syntax outside stream data (numbers, names, strings, keywords, brackets). */
  maxTokens: number;
  /** Cross-reference entries: rows of xref tables, /Size or /Index of xref streams, any trailer /Size. */
  maxXrefEntries: number;
  /** Dictionaries and arrays inside each other. */
  maxDepth: number;
}

/**
 * Defaults: about 1.6× the largest real document measured and half the hostile file of issue 14.
 * The 52 files of test/fixtures/pdf-real and the 489 PDFs on this machine (TeX Live documentation,
 * docs/security.md) reach at most 126 639 objects (source3.pdf, 1611 pages, mostly in object
 * streams), 4.1 M tokens (the same file rewritten by qpdf without object streams), 126 643 xref
 * entries and nesting 7. pdf-lib needs about 3 s here for 100 000 trivial objects or 4 M array
 * elements, 4–7 s for 200 000 objects, 5–16 s for 400 000 (quiet against loaded machine).
 */
export const DEFAULT_STRUCTURE_LIMITS: StructureLimits = {
  maxObjects: 200_000,
  maxTokens: 8_000_000,
  maxXrefEntries: 200_000,
  maxDepth: 100,
};

export interface StructureCounts {
  /** Indirect object headers in the file. */
  objects: number;
  /** Objects declared by object streams (/N). */
  objectsInStreams: number;
  tokens: number;
  xrefEntries: number;
  /** Largest /Size of any trailer or xref stream. */
  declaredSize: number;
  depth: number;
}

export type StructureLimitName = keyof StructureLimits;

export interface StructureReport {
  counts: StructureCounts;
  /** The first limit passed; counting stopped there. */
  exceeded?: StructureLimitName;
  /** Set when the /Size at the end of the file was past the limit: nothing was scanned. */
  fromEnd?: true;
}

const LABELS: Record<StructureLimitName, string> = {
  maxObjects: '对象数',
  maxTokens: '语法元素数',
  maxXrefEntries: '交叉引用条目数',
  maxDepth: '字典或数组嵌套层数',
};

/** The refusal for a file past `limit`. */
function tooComplex(limit: StructureLimitName, value: number, details: string[] = []): PdfVerdict {
  const fact = `${LABELS[limit]}超过${value}`;
  return { ok: false, code: 'ATTACHMENT_TOO_COMPLEX', message: tooComplexText(fact), details, fact };
}

/** Undefined when the file is within `limits`; else the refusal, naming the limit. */
export function precheckPdfFile(path: string, limits: StructureLimits = DEFAULT_STRUCTURE_LIMITS): PdfVerdict | undefined {
  const { counts, exceeded, fromEnd } = measureStructure(path, limits);
  if (!exceeded) return undefined;
  return tooComplex(exceeded, limits[exceeded], [fromEnd ? `预检：文件末尾的交叉引用段声明 /Size ${counts.declaredSize}` : `预检：${describeCounts(counts)}`]);
}

function describeCounts(c: StructureCounts): string {
  return `对象 ${c.objects}+${c.objectsInStreams}（对象流内），语法元素 ${c.tokens}，交叉引用条目 ${c.xrefEntries}（/Size ${c.declaredSize}），嵌套 ${c.depth} 层`;
}

/**
 * Measure the file's structure; with `limits`, stop at the first one passed. The /Size the last
 * cross-reference section declares is read first, from the end of the file: an honest flood is
 * refused without the scan. A file that leaves it out or understates it is counted by the scan.
 */
export function measureStructure(path: string, limits?: StructureLimits): StructureReport {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (limits) {
      const declaredSize = declaredSizeAtEnd(fd, size);
      if (declaredSize > limits.maxXrefEntries) return { counts: { objects: 0, objectsInStreams: 0, tokens: 0, xrefEntries: 0, declaredSize, depth: 0 }, exceeded: 'maxXrefEntries', fromEnd: true };
    }
    return new Scanner(fd, size, limits).run();
  } finally {
    closeSync(fd);
  }
}

const TAIL_BYTES = 4096;

/**
 * /Size of the cross-reference section `startxref` points at (a trailer after an xref table, or
 * the dictionary of an xref stream), or 0 when it cannot be read from the last and the pointed-at
 * few KB.
 */
function declaredSizeAtEnd(fd: number, size: number): number {
  const read = (at: number, length: number) => {
    const buf = Buffer.alloc(Math.max(0, Math.min(length, size - at)));
    const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, at) : 0;
    return buf.toString('latin1', 0, n);
  };
  const tail = read(Math.max(0, size - TAIL_BYTES), TAIL_BYTES);
  const pointer = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!pointer) return 0;
  const offset = Number(pointer[1]);
  if (!Number.isSafeInteger(offset) || offset >= size) return 0;
  // The section itself: `xref … trailer << … >>` or `n g obj << /Type /XRef … >> stream`.
  const section = read(offset, TAIL_BYTES);
  const dict = /^xref\b/.test(section) ? /trailer\s*<<([^]*?)>>/.exec(tail.slice(tail.lastIndexOf('trailer'))) : /^\d+\s+\d+\s+obj\s*<<([^]*?)stream/.exec(section);
  const match = dict ? /\/Size\s+(\d{1,15})\b/.exec(dict[1]!) : null;
  return match ? Number(match[1]) : 0;
}

// ---------------------------------------------------------------- scanner

const CHUNK = 1024 * 1024;
/** A token starting closer than this to the end of the buffer is read again from a fresh buffer. */
const MARGIN = 64 * 1024;

/** Character classes (PDF 32000-1 §7.2.2): 0 regular, 1 white space, 2 delimiter. */
const CLASS = new Uint8Array(256);
for (const b of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[b] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;

/** What the scanner keeps of one dictionary: the few integer keys that bound the parse. */
class DictFrame {
  /** Arrays open inside this dictionary (its values are only read at level 0). */
  arrays = 0;
  key = Key.Other;
  expectKey = true;
  /** Direct integer values by Key (NaN: none). */
  readonly ints = new Float64Array(7);
  /** Referenced object numbers by Key (NaN: none). */
  readonly refs = new Float64Array(7);
  /** Keys present, a bit per Key. */
  has = 0;
  /** /Index of an xref stream, flattened. */
  index: number[] | undefined;

  /** Frames are reused (one per nesting level): a file of 400 000 dictionaries allocates a few. */
  reset(): this {
    this.arrays = 0;
    this.key = Key.Other;
    this.expectKey = true;
    this.ints.fill(NaN);
    this.refs.fill(NaN);
    this.has = 0;
    this.index = undefined;
    return this;
  }
}

/** Keys whose values matter: /Length (stream data), /N and /First (object streams), /Size, /Index and /W (xref). */
const enum Key {
  Other,
  Length,
  N,
  First,
  Size,
  Index,
  W,
}
const KEY_NAMES: readonly (readonly [Key, string])[] = [
  [Key.Length, 'Length'],
  [Key.N, 'N'],
  [Key.First, 'First'],
  [Key.Size, 'Size'],
  [Key.Index, 'Index'],
  [Key.W, 'W'],
];
const KEY_BYTES = KEY_NAMES.map(([k, name]) => [k, Buffer.from(name, 'latin1')] as const);
const enum Word {
  Other,
  Obj,
  EndObj,
  R,
  Xref,
  Trailer,
  StartXref,
  N,
  F,
  Stream,
}
const KEYWORD_BYTES = (
  [
    [Word.Obj, 'obj'],
    [Word.EndObj, 'endobj'],
    [Word.R, 'R'],
    [Word.Xref, 'xref'],
    [Word.Trailer, 'trailer'],
    [Word.StartXref, 'startxref'],
    [Word.N, 'n'],
    [Word.F, 'f'],
    [Word.Stream, 'stream'],
  ] as const
).map(([w, text]) => [w, Buffer.from(text, 'latin1')] as const);
const MAX_INDEX_VALUES = 20_000;
const MAX_INTEGER_OBJECTS = 1_000_000;
const ENDSTREAM = Buffer.from('endstream', 'latin1');

class Scanner {
  private readonly buf = Buffer.alloc(CHUNK);
  private bufStart = 0;
  private bufEnd = 0;
  private readonly counts: StructureCounts = { objects: 0, objectsInStreams: 0, tokens: 0, xrefEntries: 0, declaredSize: 0, depth: 0 };
  private readonly maxTokens: number;
  private exceeded: StructureLimitName | undefined;
  private depth = 0;
  /** Open dictionaries: frames[0 … openDicts - 1]; the rest are kept for reuse. */
  private readonly frames: DictFrame[] = [];
  private openDicts = 0;
  private frame: DictFrame | undefined;
  /** The dictionary closed by the last token, for a `stream` that follows it. */
  private closed: DictFrame | undefined;
  /** Last two tokens, for `n g obj` and `n g R`: an integer's value, or NaN. */
  private prev1 = NaN;
  private prev2 = NaN;
  /** Objects whose body is one integer (indirect /Length and /N). */
  private readonly integerObjects = new Map<number, number>();
  private objectNumber = NaN;
  private objectTokens = 0;
  private objectValue = NaN;
  private readonly objStmRefs: number[] = [];
  private inXref = false;

  constructor(
    private readonly fd: number,
    private readonly size: number,
    private readonly limits: StructureLimits | undefined,
  ) {
    this.maxTokens = limits?.maxTokens ?? Infinity;
  }

  run(): StructureReport {
    const { buf, size } = this;
    let pos = 0;
    while (pos < size && !this.exceeded) {
      if (pos >= this.bufEnd || pos < this.bufStart || (this.bufEnd - pos < MARGIN && this.bufEnd < size)) this.load(pos);
      const base = this.bufStart;
      const end = this.bufEnd - base;
      let i = pos - base;
      let b = buf[i]!;
      // White space, in a tight loop.
      while (CLASS[b] === 1 && ++i < end) b = buf[i]!;
      if (i >= end) {
        pos = base + end;
        continue;
      }
      const cls = CLASS[b];
      if (cls === 0) {
        let j = i + 1;
        while (j < end && CLASS[buf[j]!] === 0) j++;
        const skip = this.word(i, j);
        pos = skip ?? base + j;
        continue;
      }
      switch (b) {
        case 0x2f: {
          // /Name
          let j = i + 1;
          while (j < end && CLASS[buf[j]!] === 0) j++;
          this.name(i + 1, j);
          pos = base + j;
          continue;
        }
        case 0x25: // % comment: to the end of the line
          pos = this.skipUntil(base + i, (c) => c === 0x0a || c === 0x0d);
          continue;
        case 0x28: // (literal string)
          pos = this.skipLiteral(base + i + 1);
          this.token(NaN);
          continue;
        case 0x3c: // << or <hex>
          if (buf[i + 1] === 0x3c) {
            this.open(true);
            pos = base + i + 2;
          } else {
            pos = this.skipUntil(base + i, (c) => c === 0x3e) + 1;
            this.token(NaN);
          }
          continue;
        case 0x3e: // >> or a stray >
          if (buf[i + 1] === 0x3e) {
            this.close(true);
            pos = base + i + 2;
          } else {
            this.token(NaN);
            pos = base + i + 1;
          }
          continue;
        case 0x5b:
          this.open(false);
          break;
        case 0x5d:
          this.close(false);
          break;
        default: // ) { }
          this.token(NaN);
      }
      pos = base + i + 1;
    }
    for (const ref of this.objStmRefs) this.addObjStm(this.integerObjects.get(ref) ?? 0);
    return this.exceeded ? { counts: this.counts, exceeded: this.exceeded } : { counts: this.counts };
  }

  private load(pos: number): void {
    const length = Math.min(CHUNK, this.size - pos);
    let done = 0;
    while (done < length) {
      const got = readSync(this.fd, this.buf, done, length - done, pos + done);
      if (got === 0) throw new Error(`file ended at ${pos + done}, expected ${this.size}`);
      done += got;
    }
    this.bufStart = pos;
    this.bufEnd = pos + done;
  }

  /** The first offset after `from` whose byte `stop` accepts (or the end of the file). */
  private skipUntil(from: number, stop: (c: number) => boolean): number {
    for (let pos = from + 1; pos < this.size; ) {
      if (pos < this.bufStart || pos >= this.bufEnd) this.load(pos);
      const end = this.bufEnd - this.bufStart;
      for (let i = pos - this.bufStart; i < end; i++) if (stop(this.buf[i]!)) return this.bufStart + i;
      pos = this.bufEnd;
    }
    return this.size;
  }

  /** The offset after the `)` that closes a literal string whose content starts at `from`. */
  private skipLiteral(from: number): number {
    let depth = 1;
    let escaped = false;
    for (let pos = from; pos < this.size; ) {
      if (pos < this.bufStart || pos >= this.bufEnd) this.load(pos);
      const end = this.bufEnd - this.bufStart;
      for (let i = pos - this.bufStart; i < end; i++) {
        const c = this.buf[i]!;
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x28) depth += 1;
        else if (c === 0x29 && --depth === 0) return this.bufStart + i + 1;
      }
      pos = this.bufEnd;
    }
    return this.size;
  }

  /** A word in buf[i, j): a number or a keyword; `stream` returns where its data ends. */
  private word(i: number, j: number): number | undefined {
    const { buf } = this;
    const length = j - i;
    let value = NaN;
    if (length <= 15) {
      let k = i;
      const sign = buf[k] === 0x2d ? -1 : 1;
      if (buf[k] === 0x2d || buf[k] === 0x2b) k++;
      if (k < j) {
        value = 0;
        for (; k < j; k++) {
          const d = buf[k]! - 0x30;
          if (d < 0 || d > 9) {
            value = NaN;
            break;
          }
          value = value * 10 + d;
        }
        value *= sign;
      }
    }
    if (!Number.isNaN(value) || length > 9) {
      this.token(value);
      return undefined;
    }
    switch (match(buf, i, length, KEYWORD_BYTES, Word.Other)) {
      case Word.Obj: {
        const header = Number.isInteger(this.prev1) && Number.isInteger(this.prev2);
        const number = this.prev2;
        this.token(NaN);
        if (header) {
          this.objectNumber = number;
          this.objectTokens = 0;
          this.inXref = false;
          this.count('objects', 1, 'maxObjects');
        }
        return undefined;
      }
      case Word.EndObj:
        if (this.objectTokens === 1 && Number.isInteger(this.objectValue) && this.integerObjects.size < MAX_INTEGER_OBJECTS) this.integerObjects.set(this.objectNumber, this.objectValue);
        this.objectNumber = NaN;
        break;
      case Word.R: {
        // `n g R`: the current key's value is a reference to object n.
        const frame = this.frame;
        if (frame && frame.arrays === 0 && frame.key !== Key.Other && Number.isInteger(this.prev2)) {
          frame.ints[frame.key] = NaN;
          frame.refs[frame.key] = this.prev2;
        }
        break;
      }
      case Word.Xref:
        this.inXref = true;
        break;
      case Word.Trailer:
      case Word.StartXref:
        this.inXref = false;
        break;
      case Word.N:
      case Word.F:
        if (this.inXref) this.count('xrefEntries', 1, 'maxXrefEntries');
        break;
      case Word.Stream: {
        const dict = this.closed;
        this.token(NaN);
        return this.streamEnd(this.bufStart + j, dict);
      }
    }
    this.token(NaN);
    return undefined;
  }

  /** Count one token; `value` is its integer value or NaN. */
  private token(value: number): void {
    if (++this.counts.tokens > this.maxTokens) this.exceeded ??= 'maxTokens';
    this.prev2 = this.prev1;
    this.prev1 = value;
    this.closed = undefined;
    if (this.objectNumber === this.objectNumber) {
      this.objectTokens += 1;
      this.objectValue = value;
    }
    const frame = this.frame;
    if (!frame) return;
    if (frame.arrays > 0) {
      if (frame.arrays === 1 && frame.index && Number.isInteger(value) && frame.index.length < MAX_INDEX_VALUES) frame.index.push(value);
      return;
    }
    if (frame.expectKey) return; // the rest of a value (`0 R`), or junk
    if (frame.key !== Key.Other && Number.isInteger(value)) frame.ints[frame.key] = value;
    frame.expectKey = true;
  }

  /** A name in buf[i, j) (without its slash). */
  private name(i: number, j: number): void {
    const frame = this.frame;
    const isKey = frame !== undefined && frame.arrays === 0 && frame.expectKey;
    this.token(NaN);
    if (!frame || !isKey) return;
    frame.key = keyOf(this.buf, i, j - i);
    frame.expectKey = false;
    frame.has |= 1 << frame.key;
  }

  private open(dict: boolean): void {
    const frame = this.frame;
    const index = !dict && frame !== undefined && frame.arrays === 0 && frame.key === Key.Index && !frame.expectKey;
    this.token(NaN);
    if (++this.depth > this.counts.depth) {
      this.counts.depth = this.depth;
      if (this.limits && this.depth > this.limits.maxDepth) this.exceeded ??= 'maxDepth';
    }
    if (dict) {
      if (this.openDicts === this.frames.length) this.frames.push(new DictFrame());
      this.frame = this.frames[this.openDicts++]!.reset();
    } else if (frame) {
      if (index) frame.index = [];
      frame.arrays += 1;
    }
  }

  private close(dict: boolean): void {
    this.token(NaN);
    if (this.depth > 0) this.depth -= 1;
    const frame = this.frame;
    if (!frame) return;
    if (!dict) {
      if (frame.arrays > 0) frame.arrays -= 1;
      return;
    }
    this.openDicts -= 1;
    this.frame = this.openDicts > 0 ? this.frames[this.openDicts - 1] : undefined;
    this.finishDict(frame);
    this.closed = frame;
  }

  private finishDict(frame: DictFrame): void {
    if (frame.has & (1 << Key.First)) {
      // An object stream: pdf-lib parses exactly /N objects out of it.
      const n = frame.ints[Key.N]!;
      const ref = frame.refs[Key.N]!;
      if (!Number.isNaN(n)) this.addObjStm(n);
      else if (!Number.isNaN(ref)) this.objStmRefs.push(ref);
    }
    const size = frame.ints[Key.Size]!;
    if (size > this.counts.declaredSize) {
      this.counts.declaredSize = size;
      if (this.limits && size > this.limits.maxXrefEntries) this.exceeded ??= 'maxXrefEntries';
    }
    if (frame.has & (1 << Key.W)) {
      // An xref stream: pdf-lib makes one entry per row /Index (or /Size) declares, whatever its data holds.
      let rows = Number.isNaN(size) ? 0 : size;
      if (frame.index) {
        rows = 0;
        for (let i = 1; i < frame.index.length; i += 2) rows += Math.max(0, frame.index[i]!);
      }
      this.count('xrefEntries', rows, 'maxXrefEntries');
    }
  }

  private addObjStm(n: number): void {
    this.count('objectsInStreams', Math.max(0, n), 'maxObjects');
  }

  private count(field: 'objects' | 'objectsInStreams' | 'xrefEntries', n: number, limit: StructureLimitName): void {
    this.counts[field] += n;
    if (!this.limits) return;
    const value = limit === 'maxObjects' ? this.counts.objects + this.counts.objectsInStreams : this.counts[field];
    if (value > this.limits[limit]) this.exceeded ??= limit;
  }

  /**
   * Where the data of a stream whose keyword ends at `at` ends: by a direct /Length when
   * `endstream` follows it (as pdf-lib does), else at the first `endstream` (pdf-lib searches
   * too, and never ends earlier, so nothing it parses as syntax is skipped here).
   */
  private streamEnd(at: number, dict: DictFrame | undefined): number {
    let start = at;
    if (this.byteAt(start) === 0x0d) start += 1;
    if (this.byteAt(start) === 0x0a) start += 1;
    const direct = dict ? dict.ints[Key.Length]! : NaN;
    const length = Number.isNaN(direct) && dict ? this.integerObjects.get(dict.refs[Key.Length]!) : direct;
    if (length !== undefined && length >= 0 && start + length <= this.size) {
      let p = start + length;
      while (p < this.size && CLASS[this.byteAt(p)] === 1) p += 1;
      if (this.matches(p, ENDSTREAM)) return p + ENDSTREAM.length;
    }
    for (let from = start; from < this.size; ) {
      if (from < this.bufStart || from + ENDSTREAM.length > this.bufEnd) this.load(from);
      const found = this.buf.subarray(0, this.bufEnd - this.bufStart).indexOf(ENDSTREAM, from - this.bufStart);
      if (found >= 0) return this.bufStart + found + ENDSTREAM.length;
      if (this.bufEnd >= this.size) break;
      from = this.bufEnd - ENDSTREAM.length + 1;
    }
    return this.size; // no end: the rest is stream data (the parser refuses such a file)
  }

  private byteAt(pos: number): number {
    if (pos >= this.size) return -1;
    if (pos < this.bufStart || pos >= this.bufEnd) this.load(pos);
    return this.buf[pos - this.bufStart]!;
  }

  private matches(pos: number, bytes: Buffer): boolean {
    for (let i = 0; i < bytes.length; i++) if (this.byteAt(pos + i) !== bytes[i]) return false;
    return true;
  }
}

/** Which of `words` buf[i, i + length) spells; `none` if none. */
function match<T>(buf: Uint8Array, i: number, length: number, words: readonly (readonly [T, Buffer])[], none: T): T {
  outer: for (let w = 0; w < words.length; w++) {
    const bytes = words[w]![1];
    if (bytes.length !== length) continue;
    for (let k = 0; k < length; k++) if (buf[i + k] !== bytes[k]) continue outer;
    return words[w]![0];
  }
  return none;
}

/** The Key a name in buf[i, i + length) spells (#xx escapes decoded). */
function keyOf(buf: Buffer, i: number, length: number): Key {
  if (length > 32) return Key.Other;
  for (let k = i; k < i + length; k++) {
    if (buf[k] === 0x23) {
      const text = decodeName(buf.toString('latin1', i, i + length));
      return KEY_NAMES.find(([, name]) => name === text)?.[0] ?? Key.Other;
    }
  }
  return match(buf, i, length, KEY_BYTES, Key.Other);
}

/** `/Obj#53tm` → `ObjStm` (PDF 32000-1 §7.3.5). */
function decodeName(text: string): string {
  return text.includes('#') ? text.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : text;
}
