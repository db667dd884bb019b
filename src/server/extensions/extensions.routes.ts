import type { FastifyInstance } from 'fastify';
import { idParam } from '../http/route-helpers.ts';
import type { ExtensionsService } from './extensions.service.ts';

/** Art.42 延期: the handler asks on the case, the 负责人 decides from the 延期审批 list. */
export async function extensionsRoutes(app: FastifyInstance, opts: { extensions: ExtensionsService }): Promise<void> {
  const { extensions } = opts;

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/staff/cases/:id/extension',
    {
      schema: {
        params: idParam,
        body: { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } }, required: ['reason'], additionalProperties: false },
      },
    },
    async (request, reply) => {
      await extensions.request(request.session?.account, request.params.id, request.body, request);
      return reply.code(201).send({ ok: true });
    },
  );

  app.get('/api/staff/extensions', async (request) => extensions.queue(request.session?.account));

  app.post<{ Params: { id: string }; Body: { approve: boolean; opinion?: string } }>(
    '/api/staff/extensions/:id/decision',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          properties: { approve: { type: 'boolean' }, opinion: { type: 'string', maxLength: 1000 } },
          required: ['approve'],
          additionalProperties: false,
        },
      },
    },
    async (request) => extensions.decide(request.session?.account, request.params.id, request.body, request),
  );
}
