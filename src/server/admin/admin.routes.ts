import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { IdParamsSchema } from '../../contract/common.ts';
import {
  AuditFilterSchema,
  AuditQuerySchema,
  CreateStaffInputSchema,
  HolidaysInputSchema,
  SetDisabledInputSchema,
  SetRolesInputSchema,
  YearParamsSchema,
  type AuditPage,
  type Created,
  type HolidayList,
  type StaffList,
} from '../../contract/admin.ts';
import { routeSchema, type ContractTypeProvider, type Presented } from '../http/contract.ts';
import { downloadStamp, encodeRfc5987 } from '../http/route-helpers.ts';
import type { AdminService } from './admin.service.ts';

/** 三员 administration API: staff accounts (系统管理员), roles (安全管理员), audit log (审计管理员). */
export async function adminRoutes(fastify: FastifyInstance, opts: { admin: AdminService }): Promise<void> {
  const { admin } = opts;
  const app = fastify.withTypeProvider<ContractTypeProvider>();
  const idParams = routeSchema(IdParamsSchema);

  app.get('/api/admin/staff', async (request) => ({ staff: await admin.listStaff(request.actor) }) satisfies Presented<StaffList>);

  app.post('/api/admin/staff', { schema: { body: routeSchema(CreateStaffInputSchema) } }, async (request, reply) =>
    reply.code(201).send((await admin.createStaff(request.actor, request.body)) satisfies Presented<Created>),
  );

  app.put('/api/admin/staff/:id/roles', { schema: { params: idParams, body: routeSchema(SetRolesInputSchema) } }, async (request, reply) => {
    await admin.setRoles(request.actor, request.params.id, request.body.roles);
    return reply.code(204).send();
  });

  app.put('/api/admin/staff/:id/status', { schema: { params: idParams, body: routeSchema(SetDisabledInputSchema) } }, async (request, reply) => {
    await admin.setDisabled(request.actor, request.params.id, request.body.disabled);
    return reply.code(204).send();
  });

  app.post('/api/admin/staff/:id/totp-reset', { schema: { params: idParams } }, async (request, reply) => {
    await admin.resetTotp(request.actor, request.params.id);
    return reply.code(204).send();
  });

  const yearParams = routeSchema(YearParamsSchema);
  app.get('/api/admin/holidays/:year', { schema: { params: yearParams } }, async (request) => ({
    entries: await admin.holidays(request.actor, request.params.year),
  }) satisfies Presented<HolidayList>);

  app.put('/api/admin/holidays/:year', { schema: { params: yearParams, body: routeSchema(HolidaysInputSchema) } }, async (request, reply) => {
    await admin.replaceHolidays(request.actor, request.params.year, request.body);
    return reply.code(204).send();
  });

  app.get('/api/admin/audit', { schema: { querystring: routeSchema(AuditQuerySchema) } }, async (request) => ({
    entries: await admin.auditLog(request.actor, request.query),
  }) satisfies Presented<AuditPage>);

  // 导出 (CSV, UTF-8 with BOM for Excel): what the same filters show, streamed; audited by the service.
  app.get(
    '/api/admin/audit/export',
    { schema: { querystring: routeSchema(AuditFilterSchema) }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const lines = await admin.auditExport(request.actor, request.query);
      const stamp = downloadStamp(new Date());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-log-${stamp}.csv"; filename*=UTF-8''${encodeRfc5987(`审计日志-${stamp}.csv`)}`)
        .send(Readable.from(lines));
    },
  );
}
