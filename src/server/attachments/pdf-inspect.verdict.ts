// Verdict shape and the applicant-facing messages, shared by the main thread and the worker.
import { PDF_REFUSAL_TEXTS, activeContentText } from '../../contract/pdf-refusals.ts';

export type PdfRejectCode =
  | 'ATTACHMENT_NOT_PDF'
  | 'ATTACHMENT_EMPTY'
  | 'ATTACHMENT_ENCRYPTED'
  | 'ATTACHMENT_UNREADABLE'
  | 'ATTACHMENT_INFLATED_TOO_LARGE'
  | 'ATTACHMENT_NO_PAGES'
  | 'ATTACHMENT_ACTIVE_CONTENT'
  | 'ATTACHMENT_TOO_COMPLEX'
  | 'ATTACHMENT_TIMEOUT';

export type PdfVerdict =
  | { ok: true; pages: number }
  | {
      ok: false;
      code: PdfRejectCode;
      message: string;
      details?: string[];
      /** What the message names: the kinds of active content found, or the structure limit passed. */
      fact?: string;
    };

/** The applicant-facing text of each refusal but active content (the error table adds the file's name). */
export const PDF_MESSAGES: Record<Exclude<PdfRejectCode, 'ATTACHMENT_ACTIVE_CONTENT'>, string> = PDF_REFUSAL_TEXTS;

/**
 * Kinds of content that can act on the reviewer's machine (QUALITY.md §2.1, §2.2 step 5): run
 * code, start programs, carry files, send data out, or connect out unprompted. Links to other
 * files (GoToR, GoToE) and article threads are navigation: viewers ask before opening a file.
 */
export type ActiveContentKind = 'javascript' | 'launch' | 'form-action' | 'remote-thread' | 'embedded-file' | 'xfa' | 'rich-media';

export const ACTIVE_CONTENT_LABELS: Record<ActiveContentKind, string> = {
  javascript: '脚本（JavaScript）',
  launch: '启动外部程序的动作（Launch）',
  'form-action': '表单提交或数据导入动作（SubmitForm/ImportData）',
  'remote-thread': '指向其他文件的文章线程动作（Thread）',
  'embedded-file': '嵌入的附件文件（EmbeddedFile）',
  xfa: 'XFA动态表单',
  'rich-media': '多媒体内容（RichMedia）',
};

export interface ActiveContentFinding {
  kind: ActiveContentKind;
  /** Where: object reference and key path, e.g. `5 0 R /OpenAction`. */
  at: string;
  /** What: the PDF syntax that matched, e.g. `/S /JavaScript`. */
  what: string;
}

/** Details list at most this many findings; the message names every kind. */
const MAX_DETAILS = 30;

export function reject(code: Exclude<PdfRejectCode, 'ATTACHMENT_ACTIVE_CONTENT'>, details?: string[]): PdfVerdict {
  return details && details.length > 0 ? { ok: false, code, message: PDF_MESSAGES[code], details } : { ok: false, code, message: PDF_MESSAGES[code] };
}

export function rejectActiveContent(findings: readonly ActiveContentFinding[]): PdfVerdict {
  const kinds = (Object.keys(ACTIVE_CONTENT_LABELS) as ActiveContentKind[]).filter((k) => findings.some((f) => f.kind === k));
  const labels = kinds.map((k) => ACTIVE_CONTENT_LABELS[k]).join('、');
  const details = findings.slice(0, MAX_DETAILS).map((f) => `${ACTIVE_CONTENT_LABELS[f.kind]}：${f.at}: ${f.what}`);
  if (findings.length > MAX_DETAILS) details.push(`……另有 ${findings.length - MAX_DETAILS} 处`);
  return { ok: false, code: 'ATTACHMENT_ACTIVE_CONTENT', message: activeContentText(labels), details, fact: labels };
}

/** `%PDF-` must start within the first 1024 bytes (the tolerance viewers apply). */
export const HEADER_WINDOW = 1024;
/** How many leading bytes checkHead needs to see. */
export const HEAD_BYTES = HEADER_WINDOW + 4;

/** Bytes a PDF may carry around its header and after its last %%EOF: NUL and white space (PDF 32000-1 §7.2.2). */
export const isBlank = (b: number) => b === 0x00 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;

/**
 * The checks that need only the size and the first HEAD_BYTES bytes; undefined when they pass.
 * Only white space may precede `%PDF-`: anything else is another format in front of the PDF (an
 * HTML page, a ZIP archive — a polyglot), refused like any file that is not a PDF.
 */
export function checkHead(size: number, head: Uint8Array): PdfVerdict | undefined {
  if (size === 0) return reject('ATTACHMENT_EMPTY');
  const bytes = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, HEAD_BYTES));
  const at = bytes.indexOf('%PDF-');
  if (at < 0 || at >= HEADER_WINDOW) return reject('ATTACHMENT_NOT_PDF');
  if (!bytes.subarray(0, at).every(isBlank)) return reject('ATTACHMENT_NOT_PDF', [`%PDF- 之前有 ${at} 字节其他格式的内容`]);
  return undefined;
}

/**
 * After the last `%%EOF` only white space may follow: data appended there is another format
 * riding on the PDF (a ZIP archive or an HTML page), refused as not a PDF. A file without any
 * `%%EOF` is left to the parser (it is truncated or damaged).
 */
export function checkTail(bytes: Uint8Array): PdfVerdict | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eof = buf.lastIndexOf('%%EOF');
  if (eof < 0) return undefined;
  const rest = buf.subarray(eof + 5);
  if (rest.every(isBlank)) return undefined;
  return rejectAppended(rest.length);
}

/** Data after the last `%%EOF`: another format riding on the PDF. */
export function rejectAppended(bytes: number): PdfVerdict {
  return reject('ATTACHMENT_NOT_PDF', [`%%EOF 之后附加了 ${bytes} 字节其他格式的内容`]);
}
