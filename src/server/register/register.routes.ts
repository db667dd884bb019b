import type { FastifyInstance } from 'fastify';
import { IdParamsSchema } from '../../contract/common.ts';
import type { Cancelled, ExpiredCertificates, MyCertificates, RenewalDraft } from '../../contract/register.ts';
import type { ApplicationsService } from '../applications/applications.service.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import { sendDocumentPdf } from '../http/route-helpers.ts';
import type { RegisterService } from './register.service.ts';

export interface RegisterRoutesOptions {
  register: RegisterService;
  applications: ApplicationsService;
}

/** 我的资质 (applicants), the 延续 draft from a certificate, and the 依职权注销 queue (制证岗). */
export async function registerRoutes(fastify: FastifyInstance, opts: RegisterRoutesOptions): Promise<void> {
  const { register, applications } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();
  const idParams = routeSchema(IdParamsSchema);

  app.get('/api/register/mine', async (request) => (await register.mine(request.actor)) satisfies Presented<MyCertificates>);

  app.get('/api/register/certificates/:id/document', { schema: { params: idParams } }, async (request, reply) => {
    const { row, stream } = await register.openCertificateDocument(request.actor, request.params.id);
    reply.header('cache-control', 'private, no-cache');
    return sendDocumentPdf(reply, row, stream);
  });

  app.post('/api/register/certificates/:id/renewal', { schema: { params: idParams } }, async (request, reply) =>
    reply.code(201).send((await applications.renewalDraft(request.actor, request.params.id)) satisfies Presented<RenewalDraft>),
  );

  app.get('/api/staff/register/expired', async (request) => ({ certificates: await register.expiredQueue(request.actor) }) satisfies Presented<ExpiredCertificates>);

  app.post('/api/staff/register/certificates/:id/cancel', { schema: { params: idParams } }, async (request) =>
    (await register.cancelExpired(request.actor, request.params.id)) satisfies Presented<Cancelled>,
  );
}
