// A PDF read from its file in bounded memory, for the inspection worker: pdf-lib's own parser
// runs over a paged view of the file, and the contents of large streams that the checks never
// read (page images, fonts, content streams) are left on disk. Only the structure is kept in
// memory: dictionaries, object streams and cross-reference streams. Every stream's place in the
// file is recorded, so the inflate budget can decode it from disk afterwards.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName, PDFParser, ParseSpeeds } from 'pdf-lib';
import type { PDFContext, PDFRef } from 'pdf-lib';
import { HEAD_BYTES, isBlank, rejectAppended } from './pdf-inspect.verdict.ts';
import type { PdfVerdict } from './pdf-inspect.verdict.ts';

const PAGE_BYTES = 64 * 1024;
/** Pages kept: the parser reads forward, with short look-backs (`/Length` checks, keywords). */
const PAGES_KEPT = 4;
/** Streams up to this size are kept whatever they are; only larger ones are left on disk. */
export const DEFAULT_KEEP_STREAM_BYTES = 256 * 1024;
/** Bytes read per step when a check scans the whole file. */
const SCAN_BYTES = 1024 * 1024;

const OBJ_STM = PDFName.of('ObjStm');
const XREF = PDFName.of('XRef');
const TYPE = PDFName.of('Type');

const DEFERRED_OBJ_STM = PDFName.of('ZizhiDeferredObjStm');

/** A stream whose contents pdf-lib parses during load: it must be read even when large. */
const isStructural = (dict: PDFDict | undefined) => {
  const type = dict?.lookup(TYPE);
  return type === OBJ_STM || type === XREF;
};

class StructuralStreamTooLargeError extends Error {
  constructor(bytes: number, limit: number) {
    super(`object or cross-reference stream of ${bytes} bytes exceeds ${limit} bytes`);
    this.name = 'StructuralStreamTooLargeError';
  }
}

/**
 * pdf-lib's ByteStream interface (moveTo, next, peek …) over a file, through a few cached pages.
 * `slice` — which pdf-lib calls only for a stream's contents — answers an empty array for a
 * large stream that is not structural, so an image's megabytes are never read into memory.
 */
class FileByteStream {
  private idx = 0;
  private line = 0;
  private column = 0;
  private page: Uint8Array = new Uint8Array(0);
  private pageStart = 0;
  private readonly pages = new Map<number, Uint8Array>();
  /** The dictionary pdf-lib parsed last: at `slice` time, the one that owns the stream. */
  lastDict: PDFDict | undefined;
  /** Bytes of stream contents left on disk, for tests and statistics. */
  elidedBytes = 0;
  /** Set when a structural stream was too large to read (pdf-lib swallows the error itself). */
  refusedStructural = false;

  constructor(
    private readonly fd: number,
    readonly length: number,
    private readonly keepStreamBytes: number,
    private readonly maxStructuralBytes: number,
  ) {}

  private at(offset: number): number | undefined {
    const rel = offset - this.pageStart;
    if (rel >= 0 && rel < this.page.length) return this.page[rel];
    if (offset < 0 || offset >= this.length) return undefined;
    this.load(offset - (offset % PAGE_BYTES));
    return this.page[offset - this.pageStart];
  }

  private load(start: number): void {
    let page = this.pages.get(start);
    if (page) {
      this.pages.delete(start); // re-insert: the map's order is the recency order
    } else {
      page = new Uint8Array(Math.min(PAGE_BYTES, this.length - start));
      readFully(this.fd, page, start);
      if (this.pages.size >= PAGES_KEPT) this.pages.delete(this.pages.keys().next().value!);
    }
    this.pages.set(start, page);
    this.page = page;
    this.pageStart = start;
  }

  moveTo(offset: number): void {
    this.idx = offset;
  }
  next(): number {
    const byte = this.at(this.idx++)!;
    if (byte === 0x0a) {
      this.line += 1;
      this.column = 0;
    } else {
      this.column += 1;
    }
    return byte;
  }
  assertNext(expected: number): number {
    if (this.peek() !== expected) throw new Error(`expected byte ${expected} at offset ${this.idx}, found ${this.peek()}`);
    return this.next();
  }
  peek(): number {
    return this.at(this.idx)!;
  }
  peekAhead(steps: number): number {
    return this.at(this.idx + steps)!;
  }
  peekAt(offset: number): number {
    return this.at(offset)!;
  }
  done(): boolean {
    return this.idx >= this.length;
  }
  offset(): number {
    return this.idx;
  }
  position() {
    return { line: this.line, column: this.column, offset: this.idx };
  }
  slice(start: number, end: number): Uint8Array {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    const size = to - from;
    if (size > this.keepStreamBytes) {
      if (!isStructural(this.lastDict)) {
        this.elidedBytes += size;
        return new Uint8Array(0);
      }
      if (size > this.maxStructuralBytes) {
        this.refusedStructural = true;
        throw new StructuralStreamTooLargeError(size, this.maxStructuralBytes);
      }
    }
    const out = new Uint8Array(size);
    readFully(this.fd, out, from);
    return out;
  }
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error(`file ended at ${position + done}, expected ${position + into.length}`);
    done += n;
  }
}

export interface PdfFileOptions {
  /** Streams above this size that pdf-lib does not parse are left on disk. Default 256 KiB. */
  keepStreamBytes?: number;
  /** An object or cross-reference stream larger than this is refused (it could not inflate within the budget). */
  maxStructuralBytes: number;
}

/** An open PDF file; close it when done. Reads are synchronous: meant for the inspection worker. */
export class PdfFile {
  private readonly fd: number;
  readonly size: number;
  private stream: FileByteStream | undefined;

  constructor(
    path: string,
    private readonly opts: PdfFileOptions,
  ) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }

  head(): Uint8Array {
    const out = new Uint8Array(Math.min(HEAD_BYTES, this.size));
    readFully(this.fd, out, 0);
    return out;
  }

  /**
   * checkTail over the file, read backwards in SCAN_BYTES steps to the last `%%EOF`: only white
   * space may follow it, however much follows.
   */
  checkTail(): PdfVerdict | undefined {
    let blankAfter = true;
    for (let end = this.size; end > 0; ) {
      const start = Math.max(0, end - SCAN_BYTES);
      // Overlap what was read before by four bytes, so a `%%EOF` across the cut is seen.
      const chunk = Buffer.alloc(Math.min(this.size, end + 4) - start);
      readFully(this.fd, chunk, start);
      const found = chunk.lastIndexOf('%%EOF');
      const after = chunk.subarray(found >= 0 ? found + 5 : 0);
      blankAfter &&= after.every(isBlank);
      if (found >= 0) return blankAfter ? undefined : rejectAppended(this.size - (start + found + 5));
      end = start;
    }
    return undefined;
  }

  /** Whether `pattern` matches anywhere in the file (scanned in steps, overlapping by `window` bytes). */
  scan(pattern: RegExp, window: number): boolean {
    const step = SCAN_BYTES;
    for (let start = 0; start < this.size; start += step) {
      const chunk = Buffer.alloc(Math.min(step + window, this.size - start));
      readFully(this.fd, chunk, start);
      if (pattern.test(chunk.toString('latin1'))) return true;
    }
    return false;
  }

  /** pdf-lib's parser over the file instead of a copy in memory, under `hooks`. */
  async parse(hooks: ParseHooks = { spans: [] }): Promise<PDFContext> {
    const parser = PDFParser.forBytesWithOptions(new Uint8Array(0), ParseSpeeds.Fastest, true, false);
    const stream = new FileByteStream(this.fd, this.size, this.opts.keepStreamBytes ?? DEFAULT_KEEP_STREAM_BYTES, this.opts.maxStructuralBytes);
    this.stream = stream;
    (parser as unknown as { bytes: unknown }).bytes = stream;
    instrumentParser(parser, stream, hooks, (dict) => (stream.lastDict = dict));
    return parser.parseDocument();
  }

  /** PDFDocument.load over the file (ignoreEncryption: true, updateMetadata: false). */
  async load(hooks?: ParseHooks): Promise<PDFDocument> {
    return documentOf(await this.parse(hooks));
  }

  /** Bytes [start, end) of the file, read in 64 KB pieces (each piece a new array). */
  *chunks(start: number, end: number): Generator<Uint8Array> {
    const to = Math.min(end, this.size);
    for (let at = Math.max(0, start); at < to; at += PAGE_BYTES) {
      const piece = new Uint8Array(Math.min(PAGE_BYTES, to - at));
      readFully(this.fd, piece, at);
      yield piece;
    }
  }

  /** Bytes of stream contents the last load left on disk. */
  get elidedBytes(): number {
    return this.stream?.elidedBytes ?? 0;
  }

  /** Whether the last load met an object or cross-reference stream above maxStructuralBytes. */
  get refusedStructural(): boolean {
    return this.stream?.refusedStructural ?? false;
  }

  close(): void {
    closeSync(this.fd);
  }
}

// ---------------------------------------------------------------- parser hooks

/** One stream the parser met: the indirect object it belongs to, its dictionary and where its bytes lie. */
export interface StreamSpan {
  ref: PDFRef | undefined;
  dict: PDFDict;
  start: number;
  end: number;
  /** What the parser got for the contents (empty when left on disk). */
  contents: Uint8Array;
}

export interface ParseHooks {
  /** Every stream met, in file order, is appended here. */
  spans: StreamSpan[];
  /** Decrypt an object stream before pdf-lib parses the objects in it. */
  decryptObjectStream?: (ref: PDFRef, dict: PDFDict, contents: Uint8Array) => Uint8Array;
  /** Leave object streams unparsed: before the key is known their contents are ciphertext. */
  deferObjectStreams?: boolean;
}

interface SliceSource {
  slice(start: number, end: number): Uint8Array;
}

/**
 * Hook a PDFParser: note the current object and dictionary, record every stream's span, and
 * decrypt or defer object streams. pdf-lib calls `slice` on its byte stream only for stream
 * contents (and for invalid objects, which throwOnInvalidObject turns into errors first).
 */
export function instrumentParser(parser: PDFParser, bytes: SliceSource, hooks: ParseHooks, onDict?: (dict: PDFDict) => void): void {
  const internals = parser as unknown as { parseDict(): PDFDict; parseIndirectObjectHeader(): PDFRef };
  let lastDict: PDFDict | undefined;
  let ref: PDFRef | undefined;
  const parseDict = internals.parseDict.bind(parser);
  internals.parseDict = () => {
    lastDict = parseDict();
    onDict?.(lastDict);
    return lastDict;
  };
  const parseHeader = internals.parseIndirectObjectHeader.bind(parser);
  internals.parseIndirectObjectHeader = () => (ref = parseHeader());
  const slice = bytes.slice.bind(bytes);
  bytes.slice = (start: number, end: number) => {
    const dict = lastDict;
    if (!dict) return slice(start, end);
    const objStm = dict.lookup(TYPE) === OBJ_STM;
    let contents: Uint8Array;
    if (objStm && hooks.deferObjectStreams) {
      dict.set(TYPE, DEFERRED_OBJ_STM); // kept as a plain stream, not parsed
      contents = new Uint8Array(0);
    } else {
      contents = slice(start, end);
      if (objStm && ref && hooks.decryptObjectStream) contents = hooks.decryptObjectStream(ref, dict, contents);
    }
    hooks.spans.push({ ref, dict, start, end, contents });
    return contents;
  };
}

/** What PDFDocument.load does after parsing (ignoreEncryption: true, updateMetadata: false). */
export function documentOf(context: PDFContext): PDFDocument {
  const Document = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  return new Document(context, true, false);
}
