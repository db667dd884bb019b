import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { IdParamsSchema } from '../../contract/common.ts';
import {
  BatchInputSchema,
  KindQuerySchema,
  StatementFileParamsSchema,
  StatementReplySchema,
  StatementsQuerySchema,
  type Batch,
  type BatchList,
  type BatchPreview,
  type CandidateList,
  type CaseNotices,
  type StatementList,
  type StatementView,
} from '../../contract/notices.ts';
import { appError } from '../errors.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import { sendPdfInline } from '../http/route-helpers.ts';
import { MAX_STATEMENT_FILES, type NoticesService, type StatementPart } from './notices.service.ts';

const idParams = routeSchema(IdParamsSchema);
const fileParams = routeSchema(StatementFileParamsSchema);

/** 公示/公告 batches and 陈述: staff (/api/staff/notices, /api/staff/statements) and applicants (/api/progress/:id/…). */
export async function noticesStaffRoutes(fastify: FastifyInstance, opts: { notices: NoticesService; maxUploadBytes: number }): Promise<void> {
  const { notices } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();

  app.get('/api/staff/notices/candidates', { schema: { querystring: routeSchema(KindQuerySchema) } }, async (request) => ({
    cases: await notices.candidates(request.actor, request.query.kind ?? 'notice'),
  }) satisfies Presented<CandidateList>);

  app.post('/api/staff/notices/preview', { schema: { body: routeSchema(BatchInputSchema) } }, async (request) =>
    (await notices.preview(request.actor, request.body)) satisfies Presented<BatchPreview>,
  );

  app.post('/api/staff/notices/batches', { schema: { body: routeSchema(BatchInputSchema) } }, async (request, reply) =>
    reply.code(201).send((await notices.publish(request.actor, request.body)) satisfies Presented<Batch>),
  );

  app.get('/api/staff/notices/batches', { schema: { querystring: routeSchema(KindQuerySchema) } }, async (request) => ({
    batches: await notices.batches(request.actor, request.query.kind),
  }) satisfies Presented<BatchList>);

  app.get('/api/staff/notices/batches/:id', { schema: { params: idParams } }, async (request) =>
    (await notices.batch(request.actor, request.params.id)) satisfies Presented<Batch>,
  );

  app.get('/api/staff/statements', { schema: { querystring: routeSchema(StatementsQuerySchema) } }, async (request) => ({
    statements: await notices.statements(request.actor, request.query.status),
  }) satisfies Presented<StatementList>);

  app.get('/api/staff/statements/:id', { schema: { params: idParams } }, async (request) =>
    (await notices.statement(request.actor, request.params.id)) satisfies Presented<StatementView>,
  );

  app.post('/api/staff/statements/:id/reply', { schema: { params: idParams, body: routeSchema(StatementReplySchema) } }, async (request) =>
    (await notices.reply(request.actor, request.params.id, request.body)) satisfies Presented<StatementView>,
  );

  app.get('/api/staff/statements/:statementId/files/:fileId', { schema: { params: fileParams } }, async (request, reply) => {
    const { row, stream } = await notices.openStatementFile(request.actor, request.params.statementId, request.params.fileId, 'staff');
    return sendPdfInline(reply, row, stream);
  });

  app.get('/api/progress/:id/notices', { schema: { params: idParams } }, async (request) =>
    (await notices.forApplicant(request.actor, request.params.id)) satisfies Presented<CaseNotices>,
  );

  app.get('/api/progress/:id/statements/:statementId/files/:fileId', { schema: { params: fileParams } }, async (request, reply) => {
    const { row, stream } = await notices.openStatementFile(request.actor, request.params.statementId, request.params.fileId, 'applicant');
    return sendPdfInline(reply, row, stream);
  });

  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { files: MAX_STATEMENT_FILES + 1, fields: 2, fileSize: opts.maxUploadBytes + 1, parts: MAX_STATEMENT_FILES + 4, headerPairs: 100, fieldSize: 64 * 1024 },
    });
    scope.withTypeProvider<ContractTypeProvider>().post(
      '/api/progress/:id/statements',
      { schema: { params: idParams }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
      async (request, reply) => {
        if (!request.isMultipart()) throw appError('MULTIPART_REQUIRED', { purpose: 'statement' });
        async function* parts(): AsyncIterable<StatementPart> {
          for await (const part of request.parts()) {
            if (part.type === 'file') yield { type: 'file', fieldname: part.fieldname, filename: part.filename, file: part.file };
            else yield { type: 'field', fieldname: part.fieldname, value: part.value };
          }
        }
        return reply.code(201).send((await notices.fileStatement(request.actor, request.params.id, parts())) satisfies Presented<CaseNotices>);
      },
    );
  });
}
