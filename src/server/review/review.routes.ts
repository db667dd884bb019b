import { MAX_SPECIAL_PROCEDURE_DAYS } from '../../domain/workflow/variants.ts';
import type { FastifyInstance } from 'fastify';
import { documentParams, idParam, sendDocumentPdf, sendPdfInline, slotParams } from '../http/route-helpers.ts';
import { CASE_PAGE_SIZES, CASE_SORTS, type CaseListFilter, type ReviewService } from './review.service.ts';


/** Staff console API (/api/staff): every handler's service call starts with the role check. */
export async function reviewRoutes(app: FastifyInstance, opts: { review: ReviewService }): Promise<void> {
  const { review } = opts;
  app.get('/api/staff/queues', async (request) => ({ queues: await review.queues(request.session?.account) }));

  app.get<{ Querystring: CaseListFilter }>(
    '/api/staff/cases',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            queue: { type: 'string', maxLength: 20 },
            q: { type: 'string', maxLength: 100 },
            item: { type: 'string', maxLength: 40 },
            type: { type: 'string', maxLength: 40 },
            overdue: { type: 'boolean' },
            sort: { type: 'string', enum: [...CASE_SORTS] },
            page: { type: 'integer', minimum: 1, maximum: 100_000 },
            pageSize: { type: 'integer', enum: [...CASE_PAGE_SIZES] },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => review.list(request.session?.account, request.query),
  );

  app.get<{ Params: { id: string } }>('/api/staff/cases/:id', { schema: { params: idParam } }, async (request) =>
    review.getCase(request.session?.account, request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { action: string; version: number; opinion?: string; remark?: string; correctionItems?: string[]; expectedDays?: number } }>(
    '/api/staff/cases/:id/actions',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          properties: {
            action: { type: 'string', maxLength: 40 },
            version: { type: 'integer', minimum: 1 },
            opinion: { type: 'string', maxLength: 2000 },
            remark: { type: 'string', maxLength: 2000 },
            correctionItems: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 100 } },
            expectedDays: { type: 'integer', minimum: 1, maximum: MAX_SPECIAL_PROCEDURE_DAYS },
          },
          required: ['action', 'version'],
          additionalProperties: false,
        },
      },
    },
    async (request) => review.act(request.session?.account, request.params.id, request.body, request),
  );

  app.get<{ Params: { id: string; slot: string } }>(
    '/api/staff/cases/:id/attachments/:slot',
    {
      schema: { params: slotParams },
    },
    async (request, reply) => {
      const { row, stream } = await review.openAttachment(request.session?.account, request.params.id, request.params.slot, request);
      return sendPdfInline(reply, row, stream);
    },
  );

  app.get<{ Params: { id: string; documentId: string } }>(
    '/api/staff/cases/:id/documents/:documentId',
    { schema: { params: documentParams } },
    async (request, reply) => {
      const { row, stream } = await review.openDocument(request.session?.account, request.params.id, request.params.documentId, request);
      return sendDocumentPdf(reply, row, stream);
    },
  );
}
