import type { FastifyInstance } from 'fastify';
import { IdParamsSchema, type Ok } from '../../contract/common.ts';
import { ExtensionDecisionSchema, ExtensionRequestInputSchema, type ExtensionQueue } from '../../contract/staff.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import type { ExtensionsService } from './extensions.service.ts';

/** Art.42 延期: the handler asks on the case, the 负责人 decides from the 延期审批 list. */
export async function extensionsRoutes(fastify: FastifyInstance, opts: { extensions: ExtensionsService }): Promise<void> {
  const { extensions } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();

  app.post('/api/staff/cases/:id/extension', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(ExtensionRequestInputSchema) } }, async (request, reply) => {
    await extensions.request(request.actor, request.params.id, request.body);
    return reply.code(201).send({ ok: true } satisfies Ok);
  });

  app.get('/api/staff/extensions', async (request) => (await extensions.queue(request.actor)) satisfies Presented<ExtensionQueue>);

  app.post('/api/staff/extensions/:id/decision', { schema: { params: routeSchema(IdParamsSchema), body: routeSchema(ExtensionDecisionSchema) } }, async (request) =>
    (await extensions.decide(request.actor, request.params.id, request.body)) satisfies Presented<ExtensionQueue>,
  );
}
