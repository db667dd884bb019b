import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OpinionTemplateInputSchema, type OpinionTemplateList } from '../../contract/staff.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import type { TemplatesService } from './templates.service.ts';

/** A template's `:id` (a row number). */
const TemplateParamsSchema = z.strictObject({ id: z.string().max(20) });

/** 常用意见 (一次性告知 templates): staff read theirs; the 负责人 keeps them. Every answer is the list. */
export async function templatesRoutes(fastify: FastifyInstance, opts: { templates: TemplatesService }): Promise<void> {
  const { templates } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();

  app.get('/api/staff/templates', async (request) => (await templates.list(request.actor)) satisfies Presented<OpinionTemplateList>);

  app.post('/api/staff/templates', { schema: { body: routeSchema(OpinionTemplateInputSchema) } }, async (request, reply) =>
    reply.code(201).send((await templates.create(request.actor, request.body)) satisfies Presented<OpinionTemplateList>),
  );

  app.put('/api/staff/templates/:id', { schema: { params: routeSchema(TemplateParamsSchema), body: routeSchema(OpinionTemplateInputSchema) } }, async (request) =>
    (await templates.update(request.actor, request.params.id, request.body)) satisfies Presented<OpinionTemplateList>,
  );

  app.delete('/api/staff/templates/:id', { schema: { params: routeSchema(TemplateParamsSchema) } }, async (request) =>
    (await templates.remove(request.actor, request.params.id)) satisfies Presented<OpinionTemplateList>,
  );
}
