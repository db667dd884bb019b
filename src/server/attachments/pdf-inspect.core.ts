// PDF checks on bytes in memory. Meant to run inside the inspection worker
// (pdf-inspect.worker.ts), where a hostile file can only exhaust a disposable thread.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, ParseSpeeds } from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';
import { PdfFile } from './pdf-inspect.file.ts';
import { checkHead, checkTail, reject, rejectActiveContent } from './pdf-inspect.verdict.ts';
import type { ActiveContentFinding, ActiveContentKind, PdfVerdict } from './pdf-inspect.verdict.ts';

export interface InspectBytesOptions {
  /** Cap on bytes pdf-lib may inflate (object and xref streams) for one file. */
  maxInflateBytes?: number;
}

export const DEFAULT_MAX_INFLATE_BYTES = 32 * 1024 * 1024;

/** Page-tree nodes visited at most; far beyond any real document, short of a runaway. */
const MAX_PAGE_TREE_NODES = 200_000;

const LOAD_OPTIONS = {
  ignoreEncryption: true, // pdf-lib throws a plain Error otherwise (STACK.md §5); we check isEncrypted
  updateMetadata: false,
  throwOnInvalidObject: true,
  parseSpeed: ParseSpeeds.Fastest, // no setTimeout yields: we are on our own thread
};

/** Classify a PDF held in memory. Never throws for bad input: every failure is a verdict. */
export async function inspectPdfBytes(bytes: Uint8Array, opts: InspectBytesOptions = {}): Promise<PdfVerdict> {
  const outside = checkHead(bytes.length, bytes) ?? checkTail(bytes);
  if (outside) return outside;
  return classify(() => PDFDocument.load(bytes, LOAD_OPTIONS), { encrypted: () => mentionsEncrypt(bytes) }, opts);
}

export interface InspectFileOptions extends InspectBytesOptions {
  /** Streams above this size that the checks never read stay on disk (see pdf-inspect.file.ts). */
  keepStreamBytes?: number;
}

/**
 * Classify a PDF file in memory bounded by its structure, not its size: the same checks and
 * verdicts as inspectPdfBytes, with page images and other large streams left on disk.
 */
export async function inspectPdfFile(path: string, opts: InspectFileOptions = {}): Promise<PdfVerdict> {
  const maxInflateBytes = opts.maxInflateBytes ?? DEFAULT_MAX_INFLATE_BYTES;
  const file = new PdfFile(path, { maxStructuralBytes: maxInflateBytes, ...(opts.keepStreamBytes !== undefined ? { keepStreamBytes: opts.keepStreamBytes } : {}) });
  try {
    const outside = checkHead(file.size, file.head()) ?? file.checkTail();
    if (outside) return outside;
    return await classify(() => file.load(), { encrypted: () => file.scan(ENCRYPT_REFERENCE, 40), tooLarge: () => file.refusedStructural }, { maxInflateBytes });
  } finally {
    file.close();
  }
}

/**
 * Load, then the checks on the parsed document. When parsing failed, `encrypted` looks for
 * /Encrypt and `tooLarge` says whether a stream pdf-lib must parse was over the budget.
 */
async function classify(
  load: () => Promise<PDFDocument>,
  failed: { encrypted: () => boolean; tooLarge?: () => boolean },
  opts: InspectBytesOptions,
): Promise<PdfVerdict> {
  const budget: InflateBudget = { limit: opts.maxInflateBytes ?? DEFAULT_MAX_INFLATE_BYTES, used: 0, exceeded: false };
  let doc: PDFDocument;
  try {
    doc = await inflateBudget.run(budget, load);
  } catch (error) {
    if (budget.exceeded || failed.tooLarge?.()) return inflateLimitVerdict(budget);
    // Encrypted object streams are ciphertext to pdf-lib and fail to parse; the /Encrypt
    // entry itself stays readable, so name the real problem rather than "damaged".
    if (failed.encrypted()) return reject('ATTACHMENT_ENCRYPTED', ['文件含 /Encrypt 加密字典']);
    return reject('ATTACHMENT_UNREADABLE', [describeError(error)]);
  }
  // pdf-lib swallows some errors while parsing; the budget and the file remember them.
  if (budget.exceeded || failed.tooLarge?.()) return inflateLimitVerdict(budget);
  if (doc.isEncrypted) return reject('ATTACHMENT_ENCRYPTED');

  let pages: number;
  try {
    pages = countPages(doc);
  } catch (error) {
    return reject('ATTACHMENT_UNREADABLE', [describeError(error)]);
  }
  if (pages === 0) return reject('ATTACHMENT_NO_PAGES');

  const findings = findActiveContent(doc.context);
  if (findings.length > 0) return rejectActiveContent(findings);
  return { ok: true, pages };
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

/** Action types (/S) that run code, leave the document or send data out. Navigation is fine. */
const ACTION_KINDS: Record<string, ActiveContentKind> = {
  JavaScript: 'javascript',
  Launch: 'launch',
  SubmitForm: 'form-action',
  ImportData: 'form-action',
  GoToR: 'remote-action',
  GoToE: 'remote-action',
  Thread: 'remote-action',
  RichMediaExecute: 'rich-media',
};

/** Keys whose mere presence is active content. */
const KEY_KINDS: Record<string, ActiveContentKind> = {
  JS: 'javascript',
  JavaScript: 'javascript', // /Names /JavaScript: document-level scripts
  EmbeddedFiles: 'embedded-file',
  EF: 'embedded-file', // a file specification carrying the file itself
  XFA: 'xfa',
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

// ---------------------------------------------------------------- inflate budget

interface InflateBudget {
  limit: number;
  used: number;
  exceeded: boolean;
}

const inflateBudget = new AsyncLocalStorage<InflateBudget>();

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
// shared with the server. Charge each growth to the current file's budget instead. pdf-lib is
// pinned at 1.17.1 (unmaintained since 2021), so this internal is stable; the bomb test guards it.
{
  const require = createRequire(import.meta.url);
  const mod = require('pdf-lib/cjs/core/streams/DecodeStream.js') as { default: { prototype: { ensureBuffer(this: DecodeStreamLike, requested: number): Uint8Array } } };
  const proto = mod.default.prototype;
  const original = proto.ensureBuffer;
  proto.ensureBuffer = function ensureBufferWithBudget(this: DecodeStreamLike, requested: number): Uint8Array {
    const budget = inflateBudget.getStore();
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

function inflateLimitVerdict(budget: InflateBudget): PdfVerdict {
  return reject('ATTACHMENT_UNREADABLE', [`压缩数据解压后超过 ${Math.round(budget.limit / 1024 / 1024)} MB 上限（疑似压缩炸弹）`]);
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
