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
    const message = error.validation ? `请求格式不正确：${error.message}` : '请求格式不正确';
    return reply.code(status).send({ error: { code: 'BAD_REQUEST', message, requestId } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send({ error: { code: 'INTERNAL', message: `系统繁忙，请稍后再试（请求编号 ${requestId}）`, requestId } });
}
