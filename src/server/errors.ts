import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, FieldError } from '../contract/common.ts';
import { ERROR_CODES, ERRORS, resolveError, type ErrorArgs, type ErrorCode, type ErrorDetailValues, type ErrorParams, type HttpStatus, type PlainErrorCode, type ResolvedError } from '../contract/errors.ts';

export type { ErrorBody, FieldError } from '../contract/common.ts';
export type { ErrorCode } from '../contract/errors.ts';

/** Every code and its HTTP status. */
export const ERROR_STATUS = Object.fromEntries(ERROR_CODES.map((code) => [code, ERRORS[code].status])) as { readonly [C in ErrorCode]: (typeof ERRORS)[C]['status'] };

export interface AppErrorOptions {
  /** Per-field problems of a form, in the shape the browser's form shows (path, message); a code's own field error otherwise. */
  fieldErrors?: readonly FieldError[];
}

/**
 * An error answer: a code of the table (src/contract/errors.ts) with the status, message, details
 * and Retry-After the table gives it. Made by `appError` only (lint: no `new AppError` elsewhere).
 */
export class AppError extends Error {
  readonly status: HttpStatus;
  /** Machine-readable facts the browser may use (ids, numbers, versions); never personal data. */
  readonly details?: ErrorDetailValues;
  readonly fieldErrors?: readonly FieldError[];
  /** Seconds for a Retry-After header (429, 503). */
  readonly retryAfterSeconds?: number;
  constructor(
    readonly code: ErrorCode,
    resolved: ResolvedError,
    fieldErrors?: readonly FieldError[],
  ) {
    super(resolved.message);
    this.name = 'AppError';
    this.status = resolved.status;
    this.details = resolved.details;
    this.fieldErrors = fieldErrors ?? resolved.fieldErrors;
    this.retryAfterSeconds = resolved.retryAfterSeconds;
  }
}

/**
 * Refused authorization — a role the action needs, a CSRF or origin check — written to the audit
 * log as authz.denied (ASVS V16.3.3). WRONG_APPLICANT_KIND (403) is a wrong account, not a refusal.
 */
export const AUTHZ_DENIED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CSRF_TOKEN_INVALID',
  'CROSS_ORIGIN_REJECTED',
  'STAFF_ONLY',
  'CASE_ROLE_REQUIRED',
  'ROLE_REQUIRED',
  'ACTION_ROLE_REQUIRED',
  'SELF_CHANGE_FORBIDDEN',
  'EXTENSION_SELF_APPROVAL',
  'BASIC_INFO_NOT_FOR_STAFF',
]);

/**
 * The error of `code`, its message built from `params` (checked against the code's template) and
 * its details derived from them: `throw appError('STATEMENT_PERIOD_CLOSED', { endsOn })`.
 */
export function appError<C extends ErrorCode>(code: C, ...[params, options]: ErrorArgs<C, AppErrorOptions>): AppError {
  return new AppError(code, resolveError(code, params as ErrorParams<C>), options?.fieldErrors);
}

/** The answer's body for `error`; the one shape of every error answer. */
export function errorBody(error: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      ...(error.details ? { details: error.details } : {}),
      requestId,
    },
  };
}

/** Fastify's own 400s, by its error code. */
const FRAMEWORK_400: Record<string, PlainErrorCode> = {
  FST_ERR_BAD_URL: 'URL_MALFORMED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'JSON_INVALID',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_EMPTY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CONTENT_LENGTH_INVALID',
  FST_ERR_CTP_INVALID_TYPE: 'CONTENT_TYPE_INVALID',
  FST_PROTO_VIOLATION: 'PROPERTY_NAME_REJECTED',
};

/** Framework answers by HTTP status, past the 400s. */
const FRAMEWORK_STATUS: Partial<Record<number, PlainErrorCode>> = {
  404: 'ROUTE_NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  503: 'UNAVAILABLE',
};

/** busboy's own (English, status-less) errors for a malformed multipart body. */
const MALFORMED_MULTIPART = /^(Multipart: Boundary not found|Unsupported Content-Type\.|Missing Content-Type-header\.|Malformed part header|Unexpected end of (form|file|multipart data)|.* terminated early due to unexpected end of multipart data)$/;

/**
 * A framework error (Fastify, its parsers, @fastify/multipart, rate limit) as the app's own code
 * and Chinese message; undefined for server faults (5xx). Their English text is never shown.
 */
export function frameworkAppError(error: FastifyError, request?: FastifyRequest): AppError | undefined {
  const status = error.statusCode ?? 0;
  if (error.validation?.length) {
    const problem = describeValidation(error.validation[0]!, error.validationContext);
    const fieldErrors = error.validationContext === 'body' ? [{ path: problem.path, message: problem.text }] : undefined;
    return appError('REQUEST_INVALID', { problem: problem.text }, { fieldErrors });
  }
  // A malformed or cut-off multipart upload surfaces from the parser or the file stream without a status.
  if (!status && request?.isMultipart?.() && (MALFORMED_MULTIPART.test(error.message) || error.code === 'ERR_STREAM_PREMATURE_CLOSE')) {
    return appError('UPLOAD_MALFORMED');
  }
  const byStatus = FRAMEWORK_STATUS[status];
  if (byStatus) return appError(byStatus);
  if (status >= 400 && status < 500) return appError(FRAMEWORK_400[error.code] ?? 'REQUEST_MALFORMED');
  return undefined;
}

/** An HTML error page for `url` when people open it in a browser (IdP, public pages); undefined for JSON. */
export type ErrorPageRenderer = (url: string, message: string) => string | undefined;

/**
 * One error handler: AppErrors as they are, framework 4xx in Chinese with the app's codes, 5xx
 * without internals; as `renderPage`'s HTML page where it has one for the URL.
 */
export function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply, renderPage?: ErrorPageRenderer) {
  const requestId = String(request.id);
  let known = error instanceof AppError ? error : frameworkAppError(error, request);
  if (!known && isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    known = appError('DATABASE_UNAVAILABLE');
  }
  if (!known) {
    request.log.error({ err: error }, 'unhandled error');
    known = appError('INTERNAL', { requestId });
  }
  if (known.retryAfterSeconds !== undefined) reply.header('retry-after', String(known.retryAfterSeconds));
  const page = renderPage?.(request.url, known.message);
  if (page) return reply.code(known.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  return reply.code(known.status).send(errorBody(known, requestId));
}

/**
 * The database cannot be reached (refused, reset, shutting down, too many connections, a broken
 * connection): a temporary outage the client may retry, 503 rather than 500.
 */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300'].includes(code) || code.startsWith('08');
}

/** One schema violation as Fastify reports it (an Ajv error). */
interface SchemaViolation {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

const PART_LABELS: Record<string, string> = { body: '字段', querystring: '查询参数', params: '路径参数', headers: '请求头' };
const TYPE_LABELS: Record<string, string> = { string: '文本', integer: '整数', number: '数字', boolean: '布尔值（true 或 false）', object: '对象', array: '数组', null: '空值' };

/** A schema violation in Chinese, naming the field (`entries.0.date`) so the browser can show it there. */
export function describeValidation(v: SchemaViolation, context: string | undefined): { path: string; text: string } {
  const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const child = (name: unknown) => (base ? `${base}.${String(name)}` : String(name));
  const path = v.keyword === 'required' ? child(v.params.missingProperty) : v.keyword === 'additionalProperties' ? child(v.params.additionalProperty) : base;
  const p = v.params;
  let what: string;
  switch (v.keyword) {
    case 'required':
      what = '缺少此项';
      break;
    case 'additionalProperties':
      what = '不是可接受的字段';
      break;
    case 'type':
      what = `应为${String(p.type).split(',').map((t) => TYPE_LABELS[t] ?? t).join('或')}`;
      break;
    case 'maxLength':
      what = `不能超过 ${String(p.limit)} 个字符`;
      break;
    case 'minLength':
      what = `不能少于 ${String(p.limit)} 个字符`;
      break;
    case 'maxItems':
      what = `最多 ${String(p.limit)} 项`;
      break;
    case 'minItems':
      what = `至少 ${String(p.limit)} 项`;
      break;
    case 'uniqueItems':
      what = '不能有重复项';
      break;
    case 'enum':
      what = `应为 ${(p.allowedValues as unknown[]).map(String).join('、')} 之一`;
      break;
    case 'minimum':
    case 'exclusiveMinimum':
      what = `不能小于${v.keyword === 'minimum' ? '' : '或等于'} ${String(p.limit)}`;
      break;
    case 'maximum':
    case 'exclusiveMaximum':
      what = `不能大于${v.keyword === 'maximum' ? '' : '或等于'} ${String(p.limit)}`;
      break;
    default:
      what = '格式不正确';
  }
  const where = path ? `${PART_LABELS[context ?? 'body'] ?? '字段'}“${path}”` : '请求内容';
  return { path, text: `${where}${what}` };
}
