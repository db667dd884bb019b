import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** `:id` of a case or application (the service answers 404 for anything that is not one). */
export const idParam = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 } },
  required: ['id'],
  additionalProperties: false,
} as const;

/** `:id` plus an attachment `:slot`. */
export const slotParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 }, slot: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } },
  required: ['id', 'slot'],
  additionalProperties: false,
} as const;

/**
 * An uploaded PDF shown inline in the browser's viewer: exact type, nosniff, no active content
 * allowed around it, never cached, the applicant's file name for saving (RFC 6266).
 */
export function sendPdfInline(reply: FastifyReply, file: { size: string | number; originalName: string }, stream: Readable) {
  return reply
    .type('application/pdf')
    .header('content-length', String(file.size))
    .header('content-disposition', `inline; filename="attachment.pdf"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; object-src 'none'")
    .header('cache-control', 'private, no-store')
    .send(stream);
}
