import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { idParam, sendPdfInline, slotParams } from '../http/route-helpers.ts';
import type { ApplicationsService } from './applications.service.ts';

export interface ApplicationsRoutesOptions {
  applications: ApplicationsService;
  maxUploadBytes: number;
}


/** 网上申报: drafts (暂存), attachments, 提交, 我的申报. Routes parse and present; the service decides. */
export async function applicationsRoutes(app: FastifyInstance, opts: ApplicationsRoutesOptions): Promise<void> {
  const { applications } = opts;

  app.get<{ Params: { code: string } }>('/api/items/:code/start', async (request) => applications.start(request.session?.account, request.params.code));

  app.get('/api/applications', async (request) => ({ applications: await applications.list(request.session?.account) }));

  app.post<{ Body: { item: string; values: Record<string, unknown> } }>(
    '/api/applications',
    {
      schema: {
        body: {
          type: 'object',
          properties: { item: { type: 'string', maxLength: 40 }, values: { type: 'object' } },
          required: ['item', 'values'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await applications.create(request.session?.account, request.body.item, request.body.values)),
  );

  app.get<{ Params: { id: string } }>('/api/applications/:id', { schema: { params: idParam } }, async (request) =>
    applications.get(request.session?.account, request.params.id),
  );

  app.delete<{ Params: { id: string } }>('/api/applications/:id', { schema: { params: idParam } }, async (request, reply) => {
    await applications.discard(request.session?.account, request.params.id);
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string; step: string }; Body: { version: number; values: Record<string, unknown> } }>(
    '/api/applications/:id/steps/:step',
    {
      schema: {
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 64 }, step: { type: 'string', pattern: '^[A-Za-z0-9-]{1,40}$' } },
          required: ['id', 'step'],
          additionalProperties: false,
        },
        body: {
          type: 'object',
          properties: { version: { type: 'integer', minimum: 1 }, values: { type: 'object' } },
          required: ['version', 'values'],
          additionalProperties: false,
        },
      },
    },
    async (request) =>
      applications.saveStep(request.session?.account, request.params.id, request.params.step, request.body.version, request.body.values),
  );

  app.post<{ Params: { id: string } }>(
    '/api/applications/:id/submit',
    { schema: { params: idParam }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request) => applications.submit(request.session?.account, request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { version: number } }>(
    '/api/applications/:id/resubmit',
    {
      schema: {
        params: idParam,
        body: { type: 'object', properties: { version: { type: 'integer', minimum: 1 } }, required: ['version'], additionalProperties: false },
      },
    },
    async (request) => applications.resubmit(request.session?.account, request.params.id, request.body.version),
  );

  // Uploads: one file per request, streamed; the service enforces the size limit while streaming.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { files: 1, fields: 2, fileSize: opts.maxUploadBytes + 1, parts: 4, headerPairs: 100 },
    });
    scope.post<{ Params: { id: string; slot: string } }>(
      '/api/applications/:id/attachments/:slot',
      { schema: { params: slotParams }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
      async (request) => {
        if (!request.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 方式上传文件');
        const part = await request.file();
        if (!part) throw new AppError('BAD_REQUEST', '没有收到文件，请重新选择文件上传');
        return applications.upload(request.session?.account, request.params.id, request.params.slot, {
          stream: part.file,
          filename: part.filename,
        });
      },
    );
  });

  app.get<{ Params: { id: string; slot: string } }>(
    '/api/applications/:id/attachments/:slot',
    { schema: { params: slotParams } },
    async (request, reply) => {
      const { row, stream } = await applications.openAttachment(request.session?.account, request.params.id, request.params.slot);
      return sendPdfInline(reply, row, stream);
    },
  );

  app.delete<{ Params: { id: string; slot: string } }>(
    '/api/applications/:id/attachments/:slot',
    { schema: { params: slotParams } },
    async (request) => applications.removeAttachment(request.session?.account, request.params.id, request.params.slot),
  );
}
