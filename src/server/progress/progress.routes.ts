import type { FastifyInstance } from 'fastify';
import { documentParams, idParam, sendDocumentPdf } from '../http/route-helpers.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { CollectionInput, ProgressService } from './progress.service.ts';

/** 办事进度, 流程跟踪, documents, 结果领取 and 站内消息 for applicants. */
export async function progressRoutes(app: FastifyInstance, opts: { progress: ProgressService; notifications: NotificationsService }): Promise<void> {
  const { progress, notifications } = opts;

  app.get('/api/progress', async (request) => ({ cases: await progress.list(request.session?.account) }));

  app.get<{ Params: { id: string } }>('/api/progress/:id', { schema: { params: idParam } }, async (request) =>
    progress.track(request.session?.account, request.params.id),
  );

  app.get<{ Params: { id: string; documentId: string } }>('/api/progress/:id/documents/:documentId', { schema: { params: documentParams } }, async (request, reply) => {
    const { row, stream } = await progress.openDocument(request.session?.account, request.params.id, request.params.documentId);
    return sendDocumentPdf(reply, row, stream);
  });

  app.put<{ Params: { id: string }; Body: CollectionInput }>(
    '/api/progress/:id/collection',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          properties: {
            method: { type: 'string', enum: ['hall', 'post'] },
            recipient: { type: 'string', maxLength: 50 },
            phone: { type: 'string', maxLength: 30 },
            address: { type: 'string', maxLength: 200 },
            postalCode: { type: 'string', maxLength: 10 },
          },
          required: ['method', 'recipient', 'phone'],
          additionalProperties: false,
        },
      },
    },
    async (request) => progress.chooseCollection(request.session?.account, request.params.id, request.body, request),
  );

  app.get<{ Querystring: { before?: string } }>(
    '/api/notifications',
    { schema: { querystring: { type: 'object', properties: { before: { type: 'string', pattern: '^[0-9]{1,18}$' } }, additionalProperties: false } } },
    async (request) => notifications.list(request.session?.account, request.query.before),
  );

  app.get('/api/notifications/unread-count', async (request) => ({ unread: await notifications.unreadCount(request.session?.account) }));

  app.post<{ Body: { ids?: string[] } }>(
    '/api/notifications/read',
    {
      schema: {
        body: {
          type: 'object',
          properties: { ids: { type: 'array', maxItems: 100, items: { type: 'string', pattern: '^[0-9]{1,18}$' } } },
          additionalProperties: false,
        },
      },
    },
    async (request) => notifications.markRead(request.session?.account, request.body?.ids),
  );
}
