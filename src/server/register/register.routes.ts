import type { FastifyInstance } from 'fastify';
import type { ApplicationsService } from '../applications/applications.service.ts';
import { idParam, sendDocumentPdf } from '../http/route-helpers.ts';
import type { RegisterService } from './register.service.ts';

export interface RegisterRoutesOptions {
  register: RegisterService;
  applications: ApplicationsService;
}

/** 我的资质 (applicants), the 延续 draft from a certificate, and the 依职权注销 queue (制证岗). */
export async function registerRoutes(app: FastifyInstance, opts: RegisterRoutesOptions): Promise<void> {
  const { register, applications } = opts;

  app.get('/api/register/mine', async (request) => register.mine(request.session?.account));

  app.get<{ Params: { id: string } }>('/api/register/certificates/:id/document', { schema: { params: idParam } }, async (request, reply) => {
    const { row, stream } = await register.openCertificateDocument(request.session?.account, request.params.id);
    reply.header('cache-control', 'private, no-cache');
    return sendDocumentPdf(reply, row, stream);
  });

  app.post<{ Params: { id: string } }>('/api/register/certificates/:id/renewal', { schema: { params: idParam } }, async (request, reply) =>
    reply.code(201).send(await applications.renewalDraft(request.session?.account, request.params.id)),
  );

  app.get('/api/staff/register/expired', async (request) => ({ certificates: await register.expiredQueue(request.session?.account) }));

  app.post<{ Params: { id: string } }>('/api/staff/register/certificates/:id/cancel', { schema: { params: idParam } }, async (request) =>
    register.cancelExpired(request.session?.account, request.params.id, request),
  );
}
