/**
 * The API contract (issue 17.2): request and response shapes of the JSON API, declared once as
 * zod schemas. The server derives its route validation (JSON Schema for Fastify's Ajv) and its
 * handler types from them; the browser's typed client (src/web/api) and its forms import them.
 * Runtime-neutral like src/domain: no server, browser, Node or framework imports.
 */
import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';

declare const timestamp: unique symbol;

/**
 * A point in time as the JSON carries it (ISO 8601, UTC). A string like any other to the browser;
 * the optional brand only tells the server's `Presented` check that a presenter may hand over a
 * Date here (JSON.stringify turns it into this string).
 */
export type Timestamp = string & { readonly [timestamp]?: 'Timestamp' };
export const TimestampSchema = z.string() as unknown as z.ZodType<Timestamp, Timestamp>;

/** Whether T is the Timestamp type (a plain string is not). */
export type IsTimestamp<T> = T extends { readonly [timestamp]?: infer B } ? ([B] extends ['Timestamp'] ? true : false) : false;

/** A day, YYYY-MM-DD (Asia/Shanghai where it is a deadline or a period). */
export const DaySchema = z.string();

/** Pattern of a day in requests; whether it is a real day is the service's check. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A field the server refused, in the shape the browser's form shows: where (`step.field`,
 * `attachments.<slot>` …) and why, in words. Only per-field problems; a refusal of the whole
 * request is the error's code.
 */
export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** The one shape of every error answer; `code` is one of the table's (errors.ts, docs/api-errors.md). */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    fieldErrors: z.array(FieldErrorSchema).readonly().optional(),
    details: z.record(z.string(), z.union([z.string(), z.number()])).readonly().optional(),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** `:id` of a case, application, batch … (the service answers 404 for anything that is not one). */
export const IdSchema = z.string().max(64);
export const IdParamsSchema = z.strictObject({ id: IdSchema });

/** `:id` plus an attachment `:slot`. */
export const SlotParamsSchema = z.strictObject({ id: IdSchema, slot: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });

/** `:id` plus an issued document's `:documentId`. */
export const DocumentParamsSchema = z.strictObject({ id: IdSchema, documentId: IdSchema });
export const AttachmentVersionParamsSchema = z.strictObject({ id: IdSchema, versionId: IdSchema });

/** A PDF file kept with a statement or a case, as lists show it. */
export const FileSummarySchema = z.object({ id: z.string(), originalName: z.string(), size: z.number(), pages: z.number() });
export type FileSummary = z.infer<typeof FileSummarySchema>;

/** An answer with nothing to say beyond success. */
export const OkSchema = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof OkSchema>;

/** The longest text a request field takes (optional fields unwrapped), for a form's maxLength. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  return inner instanceof z.ZodString ? (inner.maxLength ?? undefined) : undefined;
}

/** An open 补正 request: the parts reopened (step keys, attachments.<slot>) and the staff's message. */
export const CorrectionRequestSchema = z.object({ items: z.array(z.string()), message: z.string(), requestedAt: TimestampSchema });
export type CorrectionRequest = z.infer<typeof CorrectionRequestSchema>;

/** Where an application stands: 暂存, submitted, waiting for 补正, ended. */
export const ApplicationStatusSchema = z.enum(['draft', 'submitted', 'correction', 'closed']);
