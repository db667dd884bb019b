import type { FastifyInstance } from 'fastify';
import { DocumentParamsSchema, IdParamsSchema, SlotParamsSchema } from '../../contract/common.ts';
import {
  CaseActionInputSchema,
  CaseListQuerySchema,
  CaseSearchQuerySchema,
  type CasePage,
  type CaseSearchPage,
  type CaseView,
  type QueueList,
} from '../../contract/staff.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import { sendDocumentPdf, sendPdfInline } from '../http/route-helpers.ts';
import type { ReviewService } from './review.service.ts';

/** Staff console API (/api/staff): every handler's service call starts with the role check. */
export async function reviewRoutes(fastify: FastifyInstance, opts: { review: ReviewService }): Promise<void> {
  const { review } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();

  app.get('/api/staff/queues', async (request) => ({ queues: await review.queues(request.actor) }) satisfies Presented<QueueList>);

  app.get('/api/staff/cases', { schema: { querystring: routeSchema(CaseListQuerySchema) } }, async (request) =>
    (await review.list(request.actor, request.query)) satisfies Presented<CasePage>,
  );

  app.get('/api/staff/search', { schema: { querystring: routeSchema(CaseSearchQuerySchema) } }, async (request) =>
    (await review.search(request.actor, request.query)) satisfies Presented<CaseSearchPage>,
  );

  app.get('/api/staff/cases/:id', { schema: { params: routeSchema(IdParamsSchema) } }, async (request) =>
    (await review.getCase(request.actor, request.params.id)) satisfies Presented<CaseView>,
  );

  app.post('/api/staff/cases/:id/actions', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(CaseActionInputSchema) } }, async (request) =>
    (await review.act(request.actor, request.params.id, request.body)) satisfies Presented<CaseView>,
  );

  app.get('/api/staff/cases/:id/attachments/:slot', { schema: { params: routeSchema(SlotParamsSchema) } }, async (request, reply) => {
    const { row, stream } = await review.openAttachment(request.actor, request.params.id, request.params.slot);
    return sendPdfInline(reply, row, stream);
  });

  app.get('/api/staff/cases/:id/documents/:documentId', { schema: { params: routeSchema(DocumentParamsSchema) } }, async (request, reply) => {
    const { row, stream } = await review.openDocument(request.actor, request.params.id, request.params.documentId);
    return sendDocumentPdf(reply, row, stream);
  });
}
