import type { FastifyInstance } from 'fastify';
import { DocumentParamsSchema, IdParamsSchema } from '../../contract/common.ts';
import {
  CollectionInputSchema,
  MarkReadInputSchema,
  NotificationsQuerySchema,
  type CaseTrack,
  type NotificationPage,
  type ProgressList,
  type UnreadCount,
} from '../../contract/progress.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import { sendDocumentPdf } from '../http/route-helpers.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { ProgressService } from './progress.service.ts';

/** 办事进度, 流程跟踪, documents, 结果领取 and 站内消息 for applicants. */
export async function progressRoutes(fastify: FastifyInstance, opts: { progress: ProgressService; notifications: NotificationsService }): Promise<void> {
  const { progress, notifications } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();

  app.get('/api/progress', async (request) => ({ cases: await progress.list(request.actor) }) satisfies Presented<ProgressList>);

  app.get('/api/progress/:id', { schema: { params: routeSchema(IdParamsSchema) } }, async (request) =>
    (await progress.track(request.actor, request.params.id)) satisfies Presented<CaseTrack>,
  );

  app.get('/api/progress/:id/documents/:documentId', { schema: { params: routeSchema(DocumentParamsSchema) } }, async (request, reply) => {
    const { row, stream } = await progress.openDocument(request.actor, request.params.id, request.params.documentId);
    return sendDocumentPdf(reply, row, stream);
  });

  app.put('/api/progress/:id/collection', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(CollectionInputSchema) } }, async (request) =>
    (await progress.chooseCollection(request.actor, request.params.id, request.body)) satisfies Presented<CaseTrack>,
  );

  app.get('/api/notifications', { schema: { querystring: routeSchema(NotificationsQuerySchema) } }, async (request) =>
    (await notifications.list(request.actor, request.query.before)) satisfies Presented<NotificationPage>,
  );

  app.get('/api/notifications/unread-count', async (request) => ({ unread: await notifications.unreadCount(request.actor) }) satisfies Presented<UnreadCount>);

  app.post('/api/notifications/read', { schema: { body: routeSchema(MarkReadInputSchema) } }, async (request) =>
    (await notifications.markRead(request.actor, request.body?.ids)) satisfies Presented<UnreadCount>,
  );
}
