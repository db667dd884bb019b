// The PDF checks: structure, encryption, pages, active content and the inflate budget. Meant to
// run inside the inspection worker (pdf-inspect.worker.ts), where a hostile file can only
// exhaust a disposable thread.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFParser, PDFRawStream, PDFRef, PDFStream, ParseSpeeds } from 'pdf-lib';
import type { PDFContext, PDFDocument, PDFObject } from 'pdf-lib';
import { openWithEmptyPassword, stringBytes } from './pdf-inspect.crypt.ts';
import type { Decryptor } from './pdf-inspect.crypt.ts';
import { PdfFile, documentOf, instrumentParser } from './pdf-inspect.file.ts';
import type { ParseHooks, StreamSpan } from './pdf-inspect.file.ts';
import { DEFAULT_MAX_STRUCTURE_BYTES, inflateBudgetFor } from './pdf-inspect.limits.ts';
import { measureStreams, stagesOf } from './pdf-inspect.streams.ts';
import type { StreamSource } from './pdf-inspect.streams.ts';
import type { InflateBudgetOptions } from './pdf-inspect.limits.ts';
import { checkHead, checkTail, reject, rejectActiveContent } from './pdf-inspect.verdict.ts';
import type { ActiveContentFinding, ActiveContentKind, PdfVerdict } from './pdf-inspect.verdict.ts';

export interface InspectBytesOptions extends InflateBudgetOptions {
  /** Cap on bytes pdf-lib decodes into memory while parsing (object and xref streams). Default 32 MiB. */
  maxStructureBytes?: number;
  /** Told what the inflate budget counted, when it ran (surveys and tests). */
  onInflated?: (stats: { bytes: number; streams: number; limit: number }) => void;
}

/** Page-tree nodes visited at most; far beyond any real document, short of a runaway. */
const MAX_PAGE_TREE_NODES = 200_000;

/** What the checks need of a PDF, whether held in memory or read from its file. */
interface PdfSource {
  size: number;
  parse(hooks: ParseHooks): Promise<PDFContext>;
  /** Raw bytes [start, end), in pieces. */
  chunks(start: number, end: number): Iterable<Uint8Array>;
  /** `/Encrypt` followed by a reference or a dictionary somewhere in the file. */
  mentionsEncrypt(): boolean;
  /** The last parse met an object or xref stream too large to read (file source only). */
  structureTooLarge(): boolean;
}

/** Classify a PDF held in memory. Never throws for bad input: every failure is a verdict. */
export async function inspectPdfBytes(bytes: Uint8Array, opts: InspectBytesOptions = {}): Promise<PdfVerdict> {
  const outside = checkHead(bytes.length, bytes) ?? checkTail(bytes);
  if (outside) return outside;
  return classify(
    {
      size: bytes.length,
      parse: async (hooks) => {
        const parser = PDFParser.forBytesWithOptions(bytes, ParseSpeeds.Fastest, true, false);
        instrumentParser(parser, (parser as unknown as { bytes: { slice(s: number, e: number): Uint8Array } }).bytes, hooks);
        return parser.parseDocument();
      },
      *chunks(start, end) {
        for (let at = Math.max(0, start); at < Math.min(end, bytes.length); at += 64 * 1024) yield bytes.subarray(at, Math.min(at + 64 * 1024, end));
      },
      mentionsEncrypt: () => mentionsEncrypt(bytes),
      structureTooLarge: () => false,
    },
    opts,
  );
}

export interface InspectFileOptions extends InspectBytesOptions {
  /** Streams above this size that the checks never read stay on disk (see pdf-inspect.file.ts). */
  keepStreamBytes?: number;
}

/**
 * Classify a PDF file in memory bounded by its structure, not its size: the same checks and
 * verdicts as inspectPdfBytes, with page images and other large streams left on disk (the
 * inflate budget decodes them from disk, chunk by chunk).
 */
export async function inspectPdfFile(path: string, opts: InspectFileOptions = {}): Promise<PdfVerdict> {
  const maxStructureBytes = opts.maxStructureBytes ?? DEFAULT_MAX_STRUCTURE_BYTES;
  const file = new PdfFile(path, { maxStructuralBytes: maxStructureBytes, ...(opts.keepStreamBytes !== undefined ? { keepStreamBytes: opts.keepStreamBytes } : {}) });
  try {
    const outside = checkHead(file.size, file.head()) ?? file.checkTail();
    if (outside) return outside;
    return await classify(
      {
        size: file.size,
        parse: (hooks) => file.parse(hooks),
        chunks: (start, end) => file.chunks(start, end),
        mentionsEncrypt: () => file.scan(ENCRYPT_REFERENCE, 40),
        structureTooLarge: () => file.refusedStructural,
      },
      { ...opts, maxStructureBytes },
    );
  } finally {
    file.close();
  }
}

/**
 * Encryption, parse, pages, active content, then the inflate budget. An encrypted file is opened
 * with the empty user password first (a pre-parse that leaves object streams alone finds the
 * /Encrypt dictionary); the real parse then decrypts object streams as it meets them.
 */
async function classify(source: PdfSource, opts: InspectBytesOptions): Promise<PdfVerdict> {
  const structureLimit = opts.maxStructureBytes ?? DEFAULT_MAX_STRUCTURE_BYTES;
  const parseUnderCap = async (hooks: ParseHooks) => {
    const budget: StructureBudget = { limit: structureLimit, used: 0, exceeded: false };
    try {
      return { context: await structureBudget.run(budget, () => source.parse(hooks)), tooLarge: budget.exceeded || source.structureTooLarge() };
    } catch (error) {
      return { error, tooLarge: budget.exceeded || source.structureTooLarge() };
    }
  };

  const hinted = source.mentionsEncrypt();
  let decryptor: Decryptor | undefined;
  if (hinted) {
    const pre = await parseUnderCap({ spans: [], deferObjectStreams: true });
    if (pre.tooLarge) return structureLimitVerdict(structureLimit);
    // Damaged beyond parsing and encrypted: name the encryption, the likelier problem for the applicant.
    if (!pre.context) return reject('ATTACHMENT_ENCRYPTED', ['文件含 /Encrypt 加密字典']);
    const opened = openEncryption(pre.context);
    if (opened && !opened.ok) return reject('ATTACHMENT_ENCRYPTED', [opened.reason]);
    decryptor = opened?.decryptor;
  }

  const spans: StreamSpan[] = [];
  const hooks: ParseHooks = { spans };
  if (decryptor) hooks.decryptObjectStream = (ref, dict, contents) => decryptAll(decryptor, ref, dict, contents);
  const parsed = await parseUnderCap(hooks);
  // pdf-lib swallows some errors while parsing; the budget and the file remember them.
  if (parsed.tooLarge) return structureLimitVerdict(structureLimit);
  if (!parsed.context) {
    if (hinted && !decryptor) return reject('ATTACHMENT_ENCRYPTED', ['文件含 /Encrypt 加密字典']);
    return reject('ATTACHMENT_UNREADABLE', [describeError(parsed.error)]);
  }
  const context = parsed.context;
  let doc: PDFDocument;
  try {
    doc = documentOf(context);
  } catch (error) {
    return reject('ATTACHMENT_UNREADABLE', [describeError(error)]);
  }
  // Encrypted, but the key was never found (no /Encrypt seen before parsing): fail closed.
  if (doc.isEncrypted && !decryptor) return reject('ATTACHMENT_ENCRYPTED');

  let pages: number;
  try {
    pages = countPages(doc);
  } catch (error) {
    return reject('ATTACHMENT_UNREADABLE', [describeError(error)]);
  }
  if (pages === 0) return reject('ATTACHMENT_NO_PAGES');

  const findings = findActiveContent(context);
  if (findings.length > 0) return rejectActiveContent(findings);

  const limit = inflateBudgetFor(source.size, opts);
  const budget = await measureStreams(streamSources(context, spans, source, decryptor), limit);
  opts.onInflated?.({ bytes: budget.used, streams: budget.streams, limit });
  if (budget.exceededAt !== undefined) {
    return reject('ATTACHMENT_INFLATED_TOO_LARGE', [`全部数据流解压后超过 ${formatMb(limit)} 上限（文件 ${formatMb(source.size)}），在 ${budget.exceededAt} 处超出`]);
  }
  return { ok: true, pages };
}

// ---------------------------------------------------------------- encryption

/** The standard security handler opened with the empty password; undefined when the file is not encrypted. */
function openEncryption(context: PDFContext): ReturnType<typeof openWithEmptyPassword> | undefined {
  const { Encrypt, ID } = context.trailerInfo;
  if (Encrypt === undefined) return undefined;
  const dict = Encrypt instanceof PDFRef ? context.lookup(Encrypt) : Encrypt;
  if (!(dict instanceof PDFDict)) return { ok: false, reason: '加密字典缺失或无法读取' };
  const ids = ID instanceof PDFRef ? context.lookup(ID) : ID;
  return openWithEmptyPassword(dict, ids instanceof PDFArray ? stringBytes(ids.lookup(0)) : undefined);
}

function decryptAll(decryptor: Decryptor, ref: PDFRef, dict: PDFDict, contents: Uint8Array): Uint8Array {
  const d = decryptor.forStream(ref, dict);
  return d ? Buffer.concat([d.update(contents), d.final()]) : contents;
}

// ---------------------------------------------------------------- inflate budget

/**
 * Every stream of the file: those the parser met in the file (decoded from there, left-on-disk
 * ones included) and any others pdf-lib holds (streams inside object streams, which are
 * decrypted with their container).
 */
function* streamSources(context: PDFContext, spans: readonly StreamSpan[], source: PdfSource, decryptor: Decryptor | undefined): Generator<StreamSource> {
  const seen = new Set<Uint8Array>();
  for (const span of spans) {
    seen.add(span.contents);
    const { ref, dict } = span;
    yield {
      at: ref ? ref.toString() : `偏移 ${span.start}`,
      length: Math.max(0, Math.min(span.end, source.size) - span.start),
      stages: stagesOf(filtersOf(dict)),
      chunks: () => source.chunks(span.start, span.end),
      ...(decryptor && ref ? { decrypter: () => decryptor.forStream(ref, dict) ?? identity() } : {}),
    };
  }
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || seen.has(object.contents)) continue;
    yield { at: ref.toString(), length: object.contents.length, stages: stagesOf(filtersOf(object.dict)), chunks: () => [object.contents] };
  }
}

const identity = () => ({ update: (chunk: Uint8Array) => chunk, final: () => new Uint8Array(0) });

function filtersOf(dict: PDFDict): { name: string; earlyChange?: number }[] {
  const filter = dict.lookup(PDFName.of('Filter'));
  const parms = dict.lookup(PDFName.of('DecodeParms'));
  const names = filter instanceof PDFArray ? Array.from({ length: filter.size() }, (_, i) => filter.lookup(i)) : [filter];
  return names.flatMap((n, i) => {
    if (!(n instanceof PDFName)) return [];
    const p = parms instanceof PDFArray ? parms.lookup(i) : parms;
    const early = p instanceof PDFDict ? p.lookup(PDFName.of('EarlyChange')) : undefined;
    const earlyChange = early instanceof PDFNumber ? early.asNumber() : undefined;
    return [earlyChange === undefined ? { name: nameText(n) } : { name: nameText(n), earlyChange }];
  });
}

function formatMb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${Math.round(bytes / 1024 / 1024)} MB`;
}

// ---------------------------------------------------------------- page count

/**
 * Leaves of the page tree, walked iteratively with a visited set: a loop or a missing or
 * non-dictionary node is an error (pdf-lib's own getPageCount recurses and trusts the tree).
 */
export function countPages(doc: PDFDocument): number {
  const ctx = doc.context;
  const root = doc.catalog.get(PDFName.of('Pages'));
  if (root === undefined) throw new Error('catalog has no /Pages');
  const seen = new Set<PDFObject>();
  const stack: PDFObject[] = [root];
  let pages = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    const node = item instanceof PDFRef ? ctx.lookup(item) : item;
    if (!(node instanceof PDFDict)) throw new Error(`page tree node ${String(item)} is missing or not a dictionary`);
    if (seen.has(node)) throw new Error(`page tree loops back to ${String(item)}`);
    seen.add(node);
    if (seen.size > MAX_PAGE_TREE_NODES) throw new Error('page tree too large');
    const kids = node.lookup(PDFName.of('Kids'));
    const type = node.lookup(PDFName.of('Type'));
    if (type === PDFName.of('Page') || (kids === undefined && type !== PDFName.of('Pages'))) {
      pages += 1;
      continue;
    }
    if (kids === undefined) continue; // a /Pages node without /Kids holds no pages
    if (!(kids instanceof PDFArray)) throw new Error('/Kids is not an array');
    for (let i = kids.size() - 1; i >= 0; i--) stack.push(kids.get(i));
  }
  return pages;
}

// ---------------------------------------------------------------- active content

/**
 * Action types (/S) that run code, start programs or send data out. GoTo, GoToR, GoToE, URI,
 * Named, Thread (within the file) and the like only navigate, and pass.
 */
const ACTION_KINDS: Record<string, ActiveContentKind> = {
  JavaScript: 'javascript',
  Launch: 'launch', // starts a program or opens any file with its program
  SubmitForm: 'form-action', // sends form data to a URL
  ImportData: 'form-action', // reads a local file into the form
  RichMediaExecute: 'rich-media', // drives a Flash/3D player
};

/** Keys whose mere presence is active content. */
const KEY_KINDS: Record<string, ActiveContentKind> = {
  JS: 'javascript',
  JavaScript: 'javascript', // /Names /JavaScript: document-level scripts
  EmbeddedFiles: 'embedded-file',
  EF: 'embedded-file', // a file specification carrying the file itself
  XFA: 'xfa', // XFA forms: scripts (FormCalc, JavaScript) and XML processing
  RichMediaContent: 'rich-media',
  RichMediaSettings: 'rich-media',
};

const TYPE_KINDS: Record<string, ActiveContentKind> = { EmbeddedFile: 'embedded-file' };
const SUBTYPE_KINDS: Record<string, ActiveContentKind> = { FileAttachment: 'embedded-file', RichMedia: 'rich-media' };

/**
 * Walk every indirect object pdf-lib parsed (objects from inflated /ObjStm included) and every
 * dictionary and array nested in them, iteratively. References are not followed: their
 * targets are themselves indirect objects and get walked in turn.
 */
export function findActiveContent(ctx: PDFContext): ActiveContentFinding[] {
  const findings: ActiveContentFinding[] = [];
  for (const [ref, object] of ctx.enumerateIndirectObjects()) {
    const stack: { value: PDFObject; at: string }[] = [{ value: object, at: ref.toString() }];
    while (stack.length > 0) {
      const { value, at } = stack.pop()!;
      const dict = value instanceof PDFStream ? value.dict : value instanceof PDFDict ? value : undefined;
      if (dict) {
        for (const [key, child] of dict.entries()) {
          const k = nameText(key);
          const childName = child instanceof PDFName ? nameText(child) : undefined;
          const byKey = KEY_KINDS[k];
          if (byKey) findings.push({ kind: byKey, at, what: `/${k}` });
          if (childName !== undefined) {
            const byValue = k === 'S' ? ACTION_KINDS[childName] : k === 'Type' ? TYPE_KINDS[childName] : k === 'Subtype' ? SUBTYPE_KINDS[childName] : undefined;
            if (byValue) findings.push({ kind: byValue, at, what: `/${k} /${childName}` });
            // A thread action into another file: the one remote action Acrobat still follows without asking (QUALITY.md §2.1).
            if (k === 'S' && childName === 'Thread' && dict.get(PDFName.of('F')) !== undefined) findings.push({ kind: 'remote-thread', at, what: '/S /Thread /F' });
          }
          if (child instanceof PDFDict || child instanceof PDFArray) stack.push({ value: child, at: `${at} /${k}` });
        }
      } else if (value instanceof PDFArray) {
        for (let i = 0; i < value.size(); i++) {
          const child = value.get(i);
          if (child instanceof PDFDict || child instanceof PDFArray) stack.push({ value: child, at: `${at} [${i}]` });
        }
      }
    }
  }
  return findings;
}

/**
 * A name's text with every `#xx` escape decoded. pdf-lib decodes only upper-case hex digits,
 * so `/#4aS` would otherwise slip past as something other than `/JS`.
 */
export function nameText(name: PDFName): string {
  return name.decodeText().replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// ---------------------------------------------------------------- structure cap (memory)

interface StructureBudget {
  limit: number;
  used: number;
  exceeded: boolean;
}

const structureBudget = new AsyncLocalStorage<StructureBudget>();

export class InflateLimitError extends Error {
  constructor(limit: number) {
    super(`inflated stream data exceeds ${limit} bytes`);
    this.name = 'InflateLimitError';
  }
}

interface DecodeStreamLike {
  buffer: Uint8Array;
  minBufferLength: number;
}

// Every pdf-lib decoder (Flate, LZW, ASCII85, …) grows its output through
// DecodeStream.prototype.ensureBuffer. Its output lives in ArrayBuffers, outside the V8 heap
// that the worker's resourceLimits cap, so an unchecked bomb would inflate in process memory
// shared with the server. Charge each growth to the current parse's structure cap instead (the
// inflate budget, which counts every stream without keeping it, comes after the parse). pdf-lib is
// pinned at 1.17.1 (unmaintained since 2021), so this internal is stable; the bomb test guards it.
{
  const require = createRequire(import.meta.url);
  const mod = require('pdf-lib/cjs/core/streams/DecodeStream.js') as { default: { prototype: { ensureBuffer(this: DecodeStreamLike, requested: number): Uint8Array } } };
  const proto = mod.default.prototype;
  const original = proto.ensureBuffer;
  proto.ensureBuffer = function ensureBufferWithBudget(this: DecodeStreamLike, requested: number): Uint8Array {
    const budget = structureBudget.getStore();
    if (budget && requested > this.buffer.byteLength) {
      let size = this.minBufferLength;
      while (size < requested) size *= 2;
      budget.used += size - this.buffer.byteLength;
      if (budget.used > budget.limit) {
        budget.exceeded = true;
        throw new InflateLimitError(budget.limit);
      }
    }
    return original.call(this, requested);
  };
}

function structureLimitVerdict(limit: number): PdfVerdict {
  return reject('ATTACHMENT_INFLATED_TOO_LARGE', [`对象流或交叉引用流解压后超过 ${formatMb(limit)} 上限`]);
}

// ---------------------------------------------------------------- helpers

/** `/Encrypt` followed by an indirect reference or a dictionary. */
const ENCRYPT_REFERENCE = /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/;

const ENCRYPT_REFERENCE_AT_START = new RegExp(`^${ENCRYPT_REFERENCE.source}`);

/** ENCRYPT_REFERENCE anywhere in the bytes. */
function mentionsEncrypt(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buf.indexOf('/Encrypt'); at >= 0; at = buf.indexOf('/Encrypt', at + 8)) {
    if (ENCRYPT_REFERENCE_AT_START.test(buf.toString('latin1', at, at + 40))) return true;
  }
  return false;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
