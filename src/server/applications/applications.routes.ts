import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import {
  CreateApplicationInputSchema,
  DossierMoveInputSchema,
  DossierPartFieldsSchema,
  DossierPartParamsSchema,
  type DossierView,
  FormParamsSchema,
  ItemParamsSchema,
  ResubmitInputSchema,
  SaveStepInputSchema,
  StepParamsSchema,
  type ApplicationList,
  type ApplicationView,
  type StartInfo,
  type SubmitResult,
} from '../../contract/applications.ts';
import { IdParamsSchema, SlotParamsSchema } from '../../contract/common.ts';
import { appError } from '../errors.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import { sendGeneratedForm, sendPdfInline, uploadedFile } from '../http/route-helpers.ts';
import { blankForm } from '../documents/generated-forms.ts';
import type { RenderPool } from '../documents/render/render-pool.ts';
import type { ApplicationsService } from './applications.service.ts';

export interface ApplicationsRoutesOptions {
  applications: ApplicationsService;
  render: Pick<RenderPool, 'form' | 'dossier'>;
  maxUploadBytes: number;
}

/** 网上申报: drafts (暂存), attachments, 提交, 我的申报. Routes parse and present; the service decides. */
export async function applicationsRoutes(fastify: FastifyInstance, opts: ApplicationsRoutesOptions): Promise<void> {
  const { applications } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();
  const idParams = routeSchema(IdParamsSchema);
  const slotParams = routeSchema(SlotParamsSchema);

  app.get('/api/items/:code/start', { schema: { params: routeSchema(ItemParamsSchema) } }, async (request) =>
    (await applications.start(request.actor, request.params.code)) satisfies Presented<StartInfo>,
  );

  // 办事指南: the forms the system writes, blank, for anyone (no sign-in).
  app.get('/api/items/:code/forms/:slot', { schema: { params: routeSchema(FormParamsSchema) } }, async (request, reply) =>
    sendGeneratedForm(reply, await blankForm(opts.render, request.params.code, request.params.slot)),
  );

  app.get('/api/applications', async (request) => ({ applications: await applications.list(request.actor) }) satisfies Presented<ApplicationList>);

  app.post('/api/applications', { schema: { body: routeSchema(CreateApplicationInputSchema) } }, async (request, reply) =>
    reply.code(201).send((await applications.create(request.actor, request.body.item, request.body.values)) satisfies Presented<ApplicationView>),
  );

  app.get('/api/applications/:id', { schema: { params: idParams } }, async (request) =>
    (await applications.get(request.actor, request.params.id)) satisfies Presented<ApplicationView>,
  );

  app.delete('/api/applications/:id', { schema: { params: idParams } }, async (request, reply) => {
    await applications.discard(request.actor, request.params.id);
    return reply.code(204).send();
  });

  app.put('/api/applications/:id/steps/:step', { schema: { params: routeSchema(StepParamsSchema), body: routeSchema(SaveStepInputSchema) } }, async (request) =>
    (await applications.saveStep(request.actor, request.params.id, request.params.step, request.body.version, request.body.values)) satisfies Presented<ApplicationView>,
  );

  app.post('/api/applications/:id/submit', { schema: { params: idParams }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request) =>
    (await applications.submit(request.actor, request.params.id)) satisfies Presented<SubmitResult>,
  );

  app.post('/api/applications/:id/resubmit', { schema: { params: idParams, body: routeSchema(ResubmitInputSchema) } }, async (request) =>
    (await applications.resubmit(request.actor, request.params.id, request.body.version)) satisfies Presented<ApplicationView>,
  );

  // Uploads: one file per request, streamed; the service enforces the size limit while streaming.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { files: 1, fields: 2, fileSize: opts.maxUploadBytes + 1, parts: 4, headerPairs: 100 },
    });
    scope.withTypeProvider<ContractTypeProvider>().post(
      '/api/applications/:id/attachments/:slot',
      { schema: { params: slotParams }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
      async (request) => {
        const part = await uploadedFile(request);
        const view = await applications.upload(request.actor, request.params.id, request.params.slot, { stream: part.file, filename: part.filename });
        return view satisfies Presented<ApplicationView>;
      },
    );
  });

  app.get('/api/applications/:id/attachments/:slot', { schema: { params: slotParams } }, async (request, reply) => {
    const { row, stream } = await applications.openAttachment(request.actor, request.params.id, request.params.slot);
    return sendPdfInline(reply, row, stream);
  });

  // Step 3: the form for a slot, filled from the draft's data, to print, sign, seal and upload.
  app.get('/api/applications/:id/forms/:slot', { schema: { params: slotParams } }, async (request, reply) =>
    sendGeneratedForm(reply, await applications.generatedForm(request.actor, request.params.id, request.params.slot)),
  );

  app.delete('/api/applications/:id/attachments/:slot', { schema: { params: slotParams } }, async (request) =>
    (await applications.removeAttachment(request.actor, request.params.id, request.params.slot)) satisfies Presented<ApplicationView>,
  );

  // 在线整合材料: a slot's documents per person, kept; assembled into the slot's one PDF on request.
  app.get('/api/applications/:id/dossier/:slot', { schema: { params: slotParams } }, async (request) =>
    (await applications.dossier(request.actor, request.params.id, request.params.slot)) satisfies Presented<DossierView>,
  );
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { files: 1, fields: 3, fileSize: opts.maxUploadBytes + 1, parts: 5, fieldSize: 1024, headerPairs: 100 },
    });
    scope.withTypeProvider<ContractTypeProvider>().post(
      '/api/applications/:id/dossier/:slot/parts',
      { schema: { params: slotParams }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const part = await uploadedFile(request);
        // The fields come before the file in the form (the browser sends them in that order).
        const raw = Object.fromEntries(Object.entries(part.fields).flatMap(([name, field]) => (field && !Array.isArray(field) && field.type === 'field' ? [[name, String(field.value)]] : [])));
        const fields = DossierPartFieldsSchema.safeParse(raw);
        if (!fields.success) {
          part.file.resume();
          const said = { group: '请选择人员类别', person: '人员姓名不超过50个字符', title: '请填写材料名称（不超过60个字符）' } as Record<string, string>;
          const fieldErrors = fields.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: said[String(i.path[0])] ?? '材料信息不正确' }));
          throw appError('REQUEST_INVALID', { problem: fieldErrors.map((e) => e.message).join('；') }, { fieldErrors });
        }
        const view = await applications.addDossierPart(request.actor, request.params.id, request.params.slot, fields.data, { stream: part.file, filename: part.filename });
        return reply.code(201).send(view satisfies Presented<DossierView>);
      },
    );
    // A clearer scan for a document (multipart, as every upload is POSTed): it keeps its place.
    scope.withTypeProvider<ContractTypeProvider>().post(
      '/api/applications/:id/dossier/:slot/parts/:partId',
      { schema: { params: routeSchema(DossierPartParamsSchema) }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
      async (request) => {
        const part = await uploadedFile(request);
        const { id, slot, partId } = request.params;
        return (await applications.replaceDossierPart(request.actor, id, slot, partId, { stream: part.file, filename: part.filename })) satisfies Presented<DossierView>;
      },
    );
  });
  app.delete('/api/applications/:id/dossier/:slot/parts/:partId', { schema: { params: routeSchema(DossierPartParamsSchema) } }, async (request) =>
    (await applications.removeDossierPart(request.actor, request.params.id, request.params.slot, request.params.partId)) satisfies Presented<DossierView>,
  );
  app.post('/api/applications/:id/dossier/:slot/move', { schema: { params: slotParams, body: routeSchema(DossierMoveInputSchema) } }, async (request) => {
    const { direction, part, group, person } = request.body;
    const target = part !== undefined ? { part } : group !== undefined && person !== undefined ? { group, person } : undefined;
    if (!target) throw appError('REQUEST_INVALID', { problem: '请指明要移动的材料（part）或人员（group 和 person）' });
    return (await applications.moveDossierPart(request.actor, request.params.id, request.params.slot, target, direction)) satisfies Presented<DossierView>;
  });
  app.post('/api/applications/:id/dossier/:slot/assemble', { schema: { params: slotParams }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request) =>
    (await applications.assembleDossier(request.actor, request.params.id, request.params.slot)) satisfies Presented<ApplicationView>,
  );
}
