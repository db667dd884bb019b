import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AjvCompiler } from '@fastify/ajv-compiler';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createAudit } from './audit/audit.service.ts';
import { requestContextPlugin } from './plugins/request-context.plugin.ts';
import { postgresRateLimitStore } from './http/rate-limit-store.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { createIdpUsersService } from './auth/idp/idp-users.service.ts';
import { idpRoutes } from './auth/idp/idp.routes.ts';
import { createBundledIdp } from './auth/idp/provider.ts';
import { createIssuers } from './auth/issuers.ts';
import { createSessionStore } from './auth/sessions.ts';
import { applicationsRoutes } from './applications/applications.routes.ts';
import { basicInfoRoutes } from './accounts/basic-info.routes.ts';
import { createBasicInfoService } from './accounts/basic-info.service.ts';
import { createApplicationsService } from './applications/applications.service.ts';
import { createPdfInspector, type PdfInspector } from './attachments/pdf-inspect.ts';
import type { BlobStore } from './blobs/blob-store.ts';
import { openBlobStore } from './blobs/open-blob-store.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { createAdminService } from './admin/admin.service.ts';
import { createCalendarService } from './calendar/calendar.service.ts';
import { reviewRoutes } from './review/review.routes.ts';
import { extensionsRoutes } from './extensions/extensions.routes.ts';
import { templatesRoutes } from './templates/templates.routes.ts';
import { createDeadlineWarnings } from './cases/deadline-warnings.ts';
import { createTemplatesService } from './templates/templates.service.ts';
import { createExtensionsService } from './extensions/extensions.service.ts';
import { createCaseDeadlines } from './cases/case-deadlines.ts';
import { createCaseEffects } from './cases/case-effects.ts';
import { createDocumentsService } from './documents/documents.service.ts';
import { createRenderPool, type RenderPool } from './documents/render/render-pool.ts';
import { createRegisterService } from './register/register.service.ts';
import { registerAdminRoutes } from './register/register-admin.routes.ts';
import { createRegisterImportService } from './register/register-import.ts';
import { registerRoutes } from './register/register.routes.ts';
import { createNotificationsService } from './notifications/notifications.service.ts';
import { createJobs, scheduleHousekeeping, scheduleJobs } from './jobs/jobs.ts';
import { testRoutes } from './jobs/test-routes.ts';
import { progressRoutes } from './progress/progress.routes.ts';
import { createProgressService } from './progress/progress.service.ts';
import { verifyRoutes } from './public/verify.routes.ts';
import { noticesRoutes } from './public/notices.routes.ts';
import { qualificationsRoutes } from './public/qualifications.routes.ts';
import { ratingsRoutes } from './ratings/ratings.routes.ts';
import { createRatingsService } from './ratings/ratings.service.ts';
import { noticesStaffRoutes } from './notices/notices.routes.ts';
import { createNoticesService } from './notices/notices.service.ts';
import { createReviewService } from './review/review.service.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AppError, AUTHZ_DENIED, appError, handleError } from './errors.ts';
import { errorPage, frameworkErrorOptions } from './plugins/framework-errors.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { sessionPlugin } from './plugins/session.plugin.ts';
import { webPlugin } from './plugins/web.plugin.ts';

/**
 * One Ajv compiler for every app this process builds. Route schemas are module-level objects
 * (contract.ts `routeSchema`), and Ajv keeps what it compiled by schema object, so a second app
 * (the tests build hundreds, one per test) reuses the validators instead of compiling ~110 ms of
 * them again. Fastify's own default is the same compiler, made per app.
 */
const sharedValidators = AjvCompiler();

export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface AppDeps {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  webRoot?: string;
  /** Defaults to the store the configuration names (local folder or S3). */
  blobs?: BlobStore;
  inspector?: PdfInspector;
  /** Draws PDFs (documents, generated forms); defaults to a worker thread (render-pool.ts). */
  renderer?: RenderPool;
  /** Run timer jobs (outbox, 公示 periods) in the background; default yes except under NODE_ENV=test, where tests run them via app.jobs. */
  backgroundJobs?: boolean;
}

/** Composition root: builds the whole app from its parts; never listens (main.ts does). */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const { db } = database;
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: deps.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    // Answered below through the error handler (its body, headers) rather than Fastify's bare 503.
    return503OnClosing: false,
    // Bad URLs and unparsable requests get the app's codes, Chinese text and security headers too.
    ...frameworkErrorOptions(config.secureCookies),
    // Fastify's default silently drops fields a schema does not allow; refuse them instead (400).
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: sharedValidators } },
  });
  // First: every later hook, handler and service runs inside the request's context (audit rows).
  await app.register(requestContextPlugin);
  // Refused authorization (a staff role the action does not allow, a failed CSRF check) is written
  // to the audit log (ASVS V16.3.3, QUALITY S7) on its own, outside any transaction it rolled back.
  const audit = createAudit({ db });
  app.setErrorHandler<FastifyError | AppError>(async (error, request, reply) => {
    if (error instanceof AppError && AUTHZ_DENIED.has(error.code)) {
      const id = (request.params as { id?: unknown } | undefined)?.id;
      await audit
        .record({
          action: 'authz.denied',
          outcome: 'failure',
          actor: request.actor,
          ...(typeof id === 'string' ? { objectId: id.slice(0, 100) } : {}),
          details: { code: error.code, method: request.method, route: request.routeOptions.url ?? request.url.slice(0, 200), message: error.message },
        })
        .catch((auditError: unknown) => request.log.error({ err: auditError }, 'audit of a refused request failed'));
    }
    return handleError(error, request, reply, errorPage);
  });
  // API answers are personal: never cached, unless a route says otherwise (document PDFs with their ETag).
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  const https = config.secureCookies;
  await app.register(securityHeadersPlugin, { https });
  // Shutting down: requests still arriving on open connections get 503 with the headers above.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw appError('SHUTTING_DOWN');
  });
  // Only JSON (and the multipart and form scopes' own parsers): a text/plain body on a JSON route is 415.
  app.removeContentTypeParser('text/plain');
  await app.register(cookie);
  // Limits count across every instance on PostgreSQL; the embedded database has one process.
  await app.register(rateLimit, { global: false, ...(database.kind === 'postgres' ? { store: postgresRateLimitStore(db) } : {}) });

  const sessions = createSessionStore({ db, clock, idleMs: config.session.idleMs, absoluteMs: config.session.absoluteMs });
  const publicOrigin = new URL(config.publicUrl).origin;
  await app.register(sessionPlugin, { store: sessions, secure: https, publicOrigin });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
      ]);
      return { status: 'ready', database: database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: database.kind });
    }
  });

  // The bundled identity provider: everyone's without OIDC_ISSUER, the staff's (only) with it.
  const idp = await createBundledIdp({ db, publicUrl: config.publicUrl, secureCookies: https, trustProxy: config.trustProxy, sessionTtlSeconds: Math.floor(config.session.idleMs / 1000) });
  const users = createIdpUsersService({ db, clock, audit, emailEnabled: Boolean(config.mail.smtpUrl), hotline: config.hotline, publicUrl: config.publicUrl });
  await app.register(idpRoutes, {
    provider: idp.provider,
    users,
    audit,
    publicUrl: config.publicUrl,
    secureCookies: https,
    trustProxy: config.trustProxy,
    hotline: config.hotline,
    // Applicants register at the external 统一身份认证 when there is one, never here.
    registration: config.oidc.mode === 'bundled',
  });
  const issuers = createIssuers({ config, bundledClientSecret: idp.clientSecret, inProcess: app });
  for (const warning of issuers.warnings) app.log.warn({ variable: 'OIDC_CLAIM_MAP' }, warning);
  await app.register(authRoutes, { db, issuers, sessions, audit, clock, publicUrl: config.publicUrl, hotline: config.hotline });
  const blobs = deps.blobs ?? (await openBlobStore(config.blobs));
  const inspector = deps.inspector ?? createPdfInspector({ inflateRatio: config.pdfInflate.ratio, inflateMinBytes: config.pdfInflate.minBytes });
  const renderer = deps.renderer ?? createRenderPool();
  app.addHook('onClose', async () => {
    await inspector.close();
    await renderer.close();
    await blobs.close();
  });
  const calendar = createCalendarService({ db, clock });
  const documents = createDocumentsService({ db, blobs, publicUrl: config.publicUrl, hotline: config.hotline, render: renderer });
  const register = createRegisterService({ db, documents, clock, audit, publicUrl: config.publicUrl, emailEnabled: Boolean(config.mail.smtpUrl) });
  const effects = createCaseEffects({ documents, register, calendar, emailEnabled: Boolean(config.mail.smtpUrl), publicUrl: config.publicUrl });
  const applications = createApplicationsService({ db, audit, clock, blobs, inspector, maxUploadBytes: config.uploadMaxBytes, effects, register, render: renderer });
  await app.register(applicationsRoutes, { applications, render: renderer, maxUploadBytes: config.uploadMaxBytes });
  await app.register(basicInfoRoutes, { basicInfo: createBasicInfoService({ db, audit, clock }) });
  await app.register(registerRoutes, { register, applications });
  const extensions = createExtensionsService({ db, audit, clock, calendar, effects, documents });
  await app.register(reviewRoutes, { review: createReviewService({ db, audit, clock, blobs, calendar, effects, documents, extensions }) });
  await app.register(extensionsRoutes, { extensions });
  await app.register(templatesRoutes, { templates: createTemplatesService({ db, audit, clock }) });
  await app.register(progressRoutes, {
    progress: createProgressService({ db, audit, clock, documents, deadlines: createCaseDeadlines({ db, calendar, clock }) }),
    notifications: createNotificationsService({ db, clock }),
  });
  const notices = createNoticesService({ db, audit, clock, calendar, effects, documents, blobs, inspector, maxUploadBytes: config.uploadMaxBytes });
  await app.register(noticesStaffRoutes, { notices, maxUploadBytes: config.uploadMaxBytes });
  await app.register(verifyRoutes, { documents, register });
  await app.register(noticesRoutes, { db, clock, publicUrl: config.publicUrl });
  await app.register(qualificationsRoutes, { db, clock });
  await app.register(ratingsRoutes, {
    ratings: createRatingsService({ db, audit, clock, calendar, publicUrl: config.publicUrl, emailEnabled: Boolean(config.mail.smtpUrl) }),
  });

  // Timer jobs (jobs/jobs.ts): outbox, 公示 periods, orphan blobs, expiry reminders, audit retention.
  const deadlineWarnings = createDeadlineWarnings({ db, calendar, clock, emailEnabled: Boolean(config.mail.smtpUrl), publicUrl: config.publicUrl });
  const jobs = createJobs({ database, clock, config, logger: app.log, blobs, notices, register, audit, deadlineWarnings });
  app.decorate('jobs', jobs);
  if (config.testHooks) testRoutes(app, { db, notices });
  scheduleJobs(app, jobs, { background: deps.backgroundJobs ?? config.env !== 'test', outboxPollMs: config.outboxPollMs, auditRetentionDays: config.auditRetentionDays });
  // Staff accounts live in the bundled identity provider, whichever issuer applicants use.
  await app.register(adminRoutes, { admin: createAdminService({ db, audit, sessions, issuer: issuers.staff.rp.issuer, calendar }) });
  // 导入存量资质: staff exist with either identity provider.
  await app.register(registerAdminRoutes, { registerImport: createRegisterImportService({ db, audit, clock }) });
  await app.register(webPlugin, {
    root: deps.webRoot ?? WEB_ROOT,
    // uploadMaxMb: the guide and the 附件上传 step state the limit the upload check enforces.
    publicConfig: { hotline: config.hotline, uploadMaxMb: config.uploadMaxBytes / (1024 * 1024) },
  });

  // Expired sessions, rate-limit windows and staging files, swept on every instance.
  scheduleHousekeeping(app, { database, sessions, blobs });
  return app;
}
