import type { FastifyInstance } from 'fastify';
import { BasicInfoInputSchema, type BasicInfoView } from '../../contract/account.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import type { BasicInfoService } from './basic-info.service.ts';

/** 完善基本信息 of the logged-in applicant. */
export async function basicInfoRoutes(fastify: FastifyInstance, opts: { basicInfo: BasicInfoService }): Promise<void> {
  const { basicInfo } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();

  app.get('/api/me/basic-info', async (request) => (await basicInfo.get(request.actor)) satisfies Presented<BasicInfoView>);

  app.put('/api/me/basic-info', { schema: { body: routeSchema(BasicInfoInputSchema) } }, async (request) =>
    (await basicInfo.save(request.actor, request.body.values)) satisfies Presented<BasicInfoView>,
  );
}
