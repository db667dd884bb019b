import { NOTICE_PERIOD_MAX_DAYS, NOTICE_PERIOD_MIN_DAYS } from '../../domain/notices/period.ts';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { idParam, sendPdfInline } from '../http/route-helpers.ts';
import { MAX_STATEMENT_FILES, type BatchInput, type NoticesService, type StatementPart } from './notices.service.ts';

const kindQuery = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['notice', 'announcement'] } },
  additionalProperties: false,
} as const;

const batchBody = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['notice', 'announcement'] },
    applicationIds: { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: { type: 'string', maxLength: 64 } },
    title: { type: 'string', maxLength: 200 },
    body: { type: 'string', maxLength: 5000 },
    periodDays: { type: 'integer', minimum: NOTICE_PERIOD_MIN_DAYS, maximum: NOTICE_PERIOD_MAX_DAYS },
  },
  required: ['kind', 'applicationIds'],
  additionalProperties: false,
} as const;

const fileParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 }, statementId: { type: 'string', maxLength: 64 }, fileId: { type: 'string', maxLength: 64 } },
  required: ['statementId', 'fileId'],
  additionalProperties: false,
} as const;

/** 公示/公告 batches and 陈述: staff (/api/staff/notices, /api/staff/statements) and applicants (/api/progress/:id/…). */
export async function noticesStaffRoutes(app: FastifyInstance, opts: { notices: NoticesService; maxUploadBytes: number }): Promise<void> {
  const { notices } = opts;

  app.get<{ Querystring: { kind?: 'notice' | 'announcement' } }>('/api/staff/notices/candidates', { schema: { querystring: kindQuery } }, async (request) => ({
    cases: await notices.candidates(request.session?.account, request.query.kind ?? 'notice'),
  }));

  app.post<{ Body: BatchInput }>('/api/staff/notices/preview', { schema: { body: batchBody } }, async (request) => notices.preview(request.session?.account, request.body));

  app.post<{ Body: BatchInput }>('/api/staff/notices/batches', { schema: { body: batchBody } }, async (request, reply) =>
    reply.code(201).send(await notices.publish(request.session?.account, request.body, request)),
  );

  app.get<{ Querystring: { kind?: 'notice' | 'announcement' } }>('/api/staff/notices/batches', { schema: { querystring: kindQuery } }, async (request) => ({
    batches: await notices.batches(request.session?.account, request.query.kind),
  }));

  app.get<{ Params: { id: string } }>('/api/staff/notices/batches/:id', { schema: { params: idParam } }, async (request) => notices.batch(request.session?.account, request.params.id));

  app.get<{ Querystring: { status?: 'pending' | 'all' } }>(
    '/api/staff/statements',
    { schema: { querystring: { type: 'object', properties: { status: { type: 'string', enum: ['pending', 'all'] } }, additionalProperties: false } } },
    async (request) => ({ statements: await notices.statements(request.session?.account, request.query.status) }),
  );

  app.get<{ Params: { id: string } }>('/api/staff/statements/:id', { schema: { params: idParam } }, async (request) => notices.statement(request.session?.account, request.params.id));

  app.post<{ Params: { id: string }; Body: { reply: string; outcome: 'kept' | 'returned' } }>(
    '/api/staff/statements/:id/reply',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          properties: { reply: { type: 'string', maxLength: 2000 }, outcome: { type: 'string', enum: ['kept', 'returned'] } },
          required: ['reply', 'outcome'],
          additionalProperties: false,
        },
      },
    },
    async (request) => notices.reply(request.session?.account, request.params.id, request.body, request),
  );

  app.get<{ Params: { statementId: string; fileId: string } }>('/api/staff/statements/:statementId/files/:fileId', { schema: { params: fileParams } }, async (request, reply) => {
    const { row, stream } = await notices.openStatementFile(request.session?.account, request.params.statementId, request.params.fileId, 'staff');
    return sendPdfInline(reply, row, stream);
  });

  app.get<{ Params: { id: string } }>('/api/progress/:id/notices', { schema: { params: idParam } }, async (request) => notices.forApplicant(request.session?.account, request.params.id));

  app.get<{ Params: { id: string; statementId: string; fileId: string } }>('/api/progress/:id/statements/:statementId/files/:fileId', { schema: { params: fileParams } }, async (request, reply) => {
    const { row, stream } = await notices.openStatementFile(request.session?.account, request.params.statementId, request.params.fileId, 'applicant');
    return sendPdfInline(reply, row, stream);
  });

  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { files: MAX_STATEMENT_FILES + 1, fields: 2, fileSize: opts.maxUploadBytes + 1, parts: MAX_STATEMENT_FILES + 4, headerPairs: 100, fieldSize: 64 * 1024 },
    });
    scope.post<{ Params: { id: string } }>(
      '/api/progress/:id/statements',
      { schema: { params: idParam }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 方式提交陈述');
        async function* parts(): AsyncIterable<StatementPart> {
          for await (const part of request.parts()) {
            if (part.type === 'file') yield { type: 'file', fieldname: part.fieldname, filename: part.filename, file: part.file };
            else yield { type: 'field', fieldname: part.fieldname, value: part.value };
          }
        }
        return reply.code(201).send(await notices.fileStatement(request.session?.account, request.params.id, parts(), request));
      },
    );
  });
}
