import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface FieldError {
  path: string;
  message: string;
}

/** Stable error codes and their HTTP status: the one table. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  CSRF_REJECTED: 403,
  FORBIDDEN: 403,
  WRONG_APPLICANT_KIND: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: readonly FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: readonly FieldError[]; requestId: string };
}

/** One error handler: AppErrors as they are, framework 4xx in Chinese, 5xx without internals. */
export function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  const requestId = String(request.id);
  if (error instanceof AppError) {
    return reply.code(error.status).send({
      error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors, requestId },
    } satisfies ErrorBody);
  }
  const status = error.statusCode ?? 500;
  if (status === 429) {
    return reply.code(429).send({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', requestId } });
  }
  if (status === 413) {
    return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大', requestId } });
  }
  if (status >= 400 && status < 500) {
    if (error.validation?.length) {
      const problem = describeValidation(error.validation[0]!, error.validationContext);
      const fieldErrors = error.validationContext === 'body' ? [{ path: problem.path, message: problem.text }] : undefined;
      return reply.code(status).send({ error: { code: 'BAD_REQUEST', message: `请求格式不正确：${problem.text}`, fieldErrors, requestId } });
    }
    const message = status === 415 ? '请求格式不正确：不支持的内容类型' : '请求格式不正确';
    return reply.code(status).send({ error: { code: 'BAD_REQUEST', message, requestId } });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return reply.code(503).header('retry-after', '5').send({ error: { code: 'UNAVAILABLE', message: '系统暂时无法连接数据库，请稍后再试。已保存的内容不受影响。', requestId } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send({ error: { code: 'INTERNAL', message: `系统繁忙，请稍后再试（请求编号 ${requestId}）`, requestId } });
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
