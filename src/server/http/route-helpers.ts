import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { shanghaiDateTime } from '../../domain/calendar/index.ts';
import { appError } from '../errors.ts';

/**
 * An issued document: the stored bytes, their hash as a strong ETag, named after the document
 * (受理通知书-京规自勘设受〔2026〕1号.pdf). Same bytes on every download, so caching is safe for the owner.
 */
export function sendDocumentPdf(reply: FastifyReply, doc: { size: string | number | null; title: string; number: string; sha256: string | null }, stream: Readable) {
  const name = `${doc.title}-${doc.number}.pdf`;
  return reply
    .type('application/pdf')
    .header('content-length', String(doc.size))
    .header('etag', `"${doc.sha256}"`)
    .header('content-disposition', `attachment; filename="document.pdf"; filename*=UTF-8''${encodeRfc5987(name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; object-src 'none'")
    .header('cache-control', 'private, no-cache')
    .send(stream);
}

/**
 * An uploaded PDF shown inline in the browser's viewer: exact type, nosniff, no active content
 * allowed around it, never cached, the applicant's file name for saving (RFC 6266).
 */
export function sendPdfInline(reply: FastifyReply, file: { size: string | number; originalName: string }, stream: Readable) {
  // Framed only by our own pages (the staff case page shows files beside the form data).
  return reply
    .type('application/pdf')
    .header('content-length', String(file.size))
    .header('content-disposition', `inline; filename="attachment.pdf"; filename*=UTF-8''${encodeRfc5987(file.originalName)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; object-src 'none'; frame-ancestors 'self'")
    .header('x-frame-options', 'SAMEORIGIN')
    .header('cache-control', 'private, no-store')
    .send(stream);
}

/** A file name as an RFC 5987 ext-value: percent-encoded UTF-8, `'()*` included (encodeURIComponent leaves them, attr-char does not allow them). */
export function encodeRfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A download's time stamp in Beijing time, 'YYYYMMDD-HHmm'. */
export function downloadStamp(now: Date): string {
  return shanghaiDateTime(now).slice(0, 16).replace(/[-:]/g, '').replace(' ', '-');
}

/** A form the system generated (申请表, 承诺书 …): downloaded to print, never cached when it holds data. */
export function sendGeneratedForm(reply: FastifyReply, form: { title: string; pdf: Buffer; blank: boolean }) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="form.pdf"; filename*=UTF-8''${encodeRfc5987(`${form.title}${form.blank ? '（空白）' : ''}.pdf`)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; object-src 'none'; frame-ancestors 'none'")
    .header('cache-control', form.blank ? 'private, no-cache' : 'private, no-store')
    .send(form.pdf);
}

/** The one file of an upload (a multipart POST whose scope registered @fastify/multipart), or its refusal. */
export async function uploadedFile(request: FastifyRequest) {
  if (!request.isMultipart()) throw appError('MULTIPART_REQUIRED', { purpose: 'upload' });
  const part = await request.file();
  if (!part) throw appError('UPLOAD_FILE_MISSING');
  return part;
}
