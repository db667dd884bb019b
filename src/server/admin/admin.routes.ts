import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AuditFilter } from '../audit/audit.reads.ts';
import { encodeRfc5987, idParam } from '../http/route-helpers.ts';
import type { AdminService } from './admin.service.ts';


/** 三员 administration API: staff accounts (系统管理员), roles (安全管理员), audit log (审计管理员). */
export async function adminRoutes(app: FastifyInstance, opts: { admin: AdminService }): Promise<void> {
  const { admin } = opts;
  app.get('/api/admin/staff', async (request) => ({ staff: await admin.listStaff(request.session?.account) }));

  app.post<{ Body: { username: string; name: string; mobile: string; password: string } }>(
    '/api/admin/staff',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            username: { type: 'string', maxLength: 32 },
            name: { type: 'string', maxLength: 50 },
            mobile: { type: 'string', maxLength: 20 },
            password: { type: 'string', maxLength: 64 },
          },
          required: ['username', 'name', 'mobile', 'password'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await admin.createStaff(request.session?.account, request.body, request)),
  );

  app.put<{ Params: { id: string }; Body: { roles: string[] } }>(
    '/api/admin/staff/:id/roles',
    {
      schema: {
        params: idParam,
        body: {
          type: 'object',
          properties: { roles: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 20 } } },
          required: ['roles'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      await admin.setRoles(request.session?.account, request.params.id, request.body.roles, request);
      return reply.code(204).send();
    },
  );

  app.put<{ Params: { id: string }; Body: { disabled: boolean } }>(
    '/api/admin/staff/:id/status',
    {
      schema: {
        params: idParam,
        body: { type: 'object', properties: { disabled: { type: 'boolean' } }, required: ['disabled'], additionalProperties: false },
      },
    },
    async (request, reply) => {
      await admin.setDisabled(request.session?.account, request.params.id, request.body.disabled, request);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string } }>('/api/admin/staff/:id/totp-reset', { schema: { params: idParam } }, async (request, reply) => {
    await admin.resetTotp(request.session?.account, request.params.id, request);
    return reply.code(204).send();
  });

  const yearParam = { type: 'object', properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } }, required: ['year'], additionalProperties: false } as const;
  app.get<{ Params: { year: number } }>('/api/admin/holidays/:year', { schema: { params: yearParam } }, async (request) => ({
    entries: await admin.holidays(request.session?.account, request.params.year),
  }));
  app.put<{ Params: { year: number }; Body: { source: string; entries: { date: string; kind: 'holiday' | 'workday'; name: string }[] } }>(
    '/api/admin/holidays/:year',
    {
      schema: {
        params: yearParam,
        body: {
          type: 'object',
          properties: {
            source: { type: 'string', maxLength: 200 },
            entries: {
              type: 'array',
              maxItems: 120,
              items: {
                type: 'object',
                properties: {
                  date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
                  kind: { type: 'string', enum: ['holiday', 'workday'] },
                  name: { type: 'string', maxLength: 30 },
                },
                required: ['date', 'kind', 'name'],
                additionalProperties: false,
              },
            },
          },
          required: ['source', 'entries'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      await admin.replaceHolidays(request.session?.account, request.params.year, request.body, request);
      return reply.code(204).send();
    },
  );

  const auditFilter = {
    person: { type: 'string', maxLength: 50 },
    action: { type: 'string', maxLength: 60, pattern: '^[a-z][a-z.-]*$' },
    outcome: { type: 'string', enum: ['success', 'failure'] },
    from: { type: 'string', maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    to: { type: 'string', maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  } as const;
  app.get<{ Querystring: AuditFilter & { before?: string } }>(
    '/api/admin/audit',
    {
      schema: {
        querystring: { type: 'object', properties: { ...auditFilter, before: { type: 'string', maxLength: 20 } }, additionalProperties: false },
      },
    },
    async (request) => ({ entries: await admin.auditLog(request.session?.account, request.query) }),
  );

  // 导出 (CSV, UTF-8 with BOM for Excel): what the same filters show, streamed; audited by the service.
  app.get<{ Querystring: AuditFilter }>(
    '/api/admin/audit/export',
    {
      schema: { querystring: { type: 'object', properties: auditFilter, additionalProperties: false } },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const lines = await admin.auditExport(request.session?.account, request.query, request);
      const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-log-${stamp}.csv"; filename*=UTF-8''${encodeRfc5987(`审计日志-${stamp}.csv`)}`)
        .send(Readable.from(lines));
    },
  );
}
