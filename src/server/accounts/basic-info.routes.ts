import type { FastifyInstance } from 'fastify';
import type { BasicInfoService } from './basic-info.service.ts';

/** 完善基本信息 of the logged-in applicant. */
export async function basicInfoRoutes(app: FastifyInstance, opts: { basicInfo: BasicInfoService }): Promise<void> {
  const { basicInfo } = opts;

  app.get('/api/me/basic-info', async (request) => basicInfo.get(request.session?.account));

  app.put<{ Body: { values: Record<string, unknown> } }>(
    '/api/me/basic-info',
    {
      schema: {
        body: {
          type: 'object',
          properties: { values: { type: 'object', maxProperties: 20, additionalProperties: { type: 'string', maxLength: 300 } } },
          required: ['values'],
          additionalProperties: false,
        },
      },
    },
    async (request) => basicInfo.save(request.session?.account, request.body.values),
  );
}
