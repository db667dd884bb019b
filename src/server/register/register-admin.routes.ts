import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { RegisterImportQuerySchema } from '../../contract/register.ts';
import { appError, errorBody } from '../errors.ts';
import { routeSchema, type ContractTypeProvider } from '../http/contract.ts';
import { encodeRfc5987 } from '../http/route-helpers.ts';
import { IMPORT_LIMITS, type RegisterImportService } from './register-import.ts';

/** 导入存量资质 (系统管理员): the CSV template and the upload, checked (dryRun) or imported. */
export async function registerAdminRoutes(app: FastifyInstance, opts: { registerImport: RegisterImportService }): Promise<void> {
  const { registerImport } = opts;

  app.get('/api/admin/register/import-template.csv', async (request, reply) => {
    const csv = registerImport.template(request.actor);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="register-import-template.csv"; filename*=UTF-8''${encodeRfc5987('资质登记簿导入模板.csv')}`)
      .send(csv);
  });

  await app.register(async (scope) => {
    // The file is read into memory by the service (5 MB); past the limit the stream stops and it answers 413.
    await scope.register(multipart, { throwFileSizeLimit: false, limits: { files: 1, fields: 4, fileSize: IMPORT_LIMITS.maxBytes + 1, parts: 5, headerPairs: 100 } });
    scope.withTypeProvider<ContractTypeProvider>().post(
      '/api/admin/register/import',
      {
        schema: { querystring: routeSchema(RegisterImportQuerySchema) },
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const dryRun = request.query.dryRun === true;
        // The service checks the role before the body is read.
        const upload = async () => {
          if (!request.isMultipart()) throw appError('MULTIPART_REQUIRED', { purpose: 'import' });
          const part = await request.file();
          if (!part || part.fieldname !== 'file') throw appError('IMPORT_FILE_MISSING');
          return { stream: part.file, filename: part.filename };
        };
        const report = await registerImport.importFile(request.actor, upload, { dryRun });
        if (dryRun || report.problemCount === 0) return report;
        // Any bad row: nothing was imported; the report says which rows and why.
        const refused = appError('IMPORT_ROWS_INVALID', { rows: report.rows, badRows: report.badRows });
        return reply.code(refused.status).send({ ...errorBody(refused, String(request.id)), report });
      },
    );
  });
}
