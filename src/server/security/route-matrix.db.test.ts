import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { fixturePdf } from '../../../test/support/applicant.ts';
import { fillPath, type AppRoute } from '../../../test/support/routes.ts';
import {
  assertChineseError,
  buildSecurityWorld,
  postMultipart,
  stateFingerprint,
  type Actor,
  type ActorName,
  type SecurityWorld,
} from '../../../test/support/security.ts';
import { ADMIN_ROLES, CASE_ROLES, type StaffRole } from '../../domain/roles.ts';

/**
 * The authorization matrix (QUALITY.md S1, ASVS V8.2.2): every route of the running app, taken
 * from Fastify's own route table, against every kind of caller, with applicant A's real ids in
 * the path. A route the table below does not classify fails the first test: a new route must
 * say who may call it before it ships.
 *
 * Access kinds:
 * - public: anyone (pages, health, the session probe, the login redirects).
 * - idp: the bundled identity provider (protocol endpoints and its own pages; CSRF by form token).
 * - logout: needs the session's CSRF token; only the anonymous call is probed here.
 * - owner: applicant A's case or its parts. Everyone else gets 404 exactly as for an id that
 *   does not exist (no 403 that would reveal it exists, never 200).
 * - self: the caller's own collection; it never contains A's things for anyone else.
 * - staff: the staff console; applicants get 403, staff without one of `roles` get 403.
 *
 * `ok` is the answer of an allowed caller to the probe sent. State-changing probes are chosen so
 * that allowed callers pass the access check and then stop at a later check (stale version,
 * unknown id, invalid value, wrong case state) — so the matrix itself changes nothing.
 */

type Access = 'public' | 'idp' | 'logout' | 'owner' | 'self' | 'staff';

interface Rule {
  access: Access;
  /** staff: the roles allowed. */
  roles?: readonly StaffRole[];
  /** Status for an allowed caller; for `self`, per kind of caller. */
  ok?: number | Partial<Record<'legal' | 'natural' | 'staff' | 'A', number>>;
  body?: unknown;
  multipart?: { fields?: Record<string, string>; file?: boolean };
  query?: string;
  params?: (w: SecurityWorld) => Record<string, string>;
  /** Registered only in some configurations (the built SPA's assets). */
  optional?: boolean;
}

const CASE = CASE_ROLES;
const PUBLISHER: readonly StaffRole[] = ['publisher'];
const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'QUERY', 'HEAD', 'SEARCH'];
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const RULES: Record<string, Rule> = {
  // Infrastructure and public pages.
  'GET /healthz': { access: 'public', ok: 200 },
  'GET /readyz': { access: 'public', ok: 200 },
  'GET /api/session': { access: 'public', ok: 200 },
  'GET /auth/login': { access: 'public', ok: 303 },
  'GET /auth/callback': { access: 'public', ok: 303 },
  'POST /auth/logout': { access: 'logout' },
  'GET /public-assets/public.css': { access: 'public', ok: 200 },
  'GET /idp-assets/idp.css': { access: 'public', ok: 200 },
  // The 人机验证 widget (ALTCHA) and its worker, from our own origin.
  'GET /idp-assets/challenge.js': { access: 'public', ok: 200 },
  'GET /idp-assets/altcha.js': { access: 'public', ok: 200 },
  'GET /idp-assets/altcha-zh-cn.js': { access: 'public', ok: 200 },
  'GET /idp-assets/altcha-pbkdf2.js': { access: 'public', ok: 200 },
  'GET /idp-assets/altcha.css': { access: 'public', ok: 200 },
  'GET /verify': { access: 'public', ok: 200 },
  'GET /verify/:code': { access: 'public', ok: 200, params: (w) => ({ code: w.owner.verificationCode }) },
  'GET /public/notices': { access: 'public', ok: 200 },
  'GET /public/notices/feed.xml': { access: 'public', ok: 200 },
  'GET /public/notices/:id': { access: 'public', ok: 200, params: (w) => ({ id: w.owner.batchId }) },
  'GET /public/announcements': { access: 'public', ok: 200 },
  'GET /public/announcements/feed.xml': { access: 'public', ok: 200 },
  'GET /public/announcements/:id': { access: 'public', ok: 404, params: () => ({ id: NO_SUCH_ID }) },
  'GET /public/qualifications': { access: 'public', ok: 200 },
  'GET /public/qualifications/engineers': { access: 'public', ok: 200 },
  'GET /public/ratings': { access: 'public', ok: 200 },
  'GET /assets/*': { access: 'public', optional: true },

  // The bundled identity provider.
  ...Object.fromEntries(ALL_METHODS.flatMap((m) => [[`${m} /idp`, { access: 'idp', optional: true }], [`${m} /idp/*`, { access: 'idp', optional: true }]])),
  'GET /idp/interaction/:uid': { access: 'idp' },
  'POST /idp/interaction/:uid/login': { access: 'idp' },
  'GET /idp/interaction/:uid/totp': { access: 'idp' },
  'POST /idp/interaction/:uid/totp': { access: 'idp' },
  'GET /idp/interaction/:uid/register/:kind': { access: 'idp' },
  'POST /idp/interaction/:uid/register/:kind': { access: 'idp' },

  // 完善基本信息 (applicants; staff have none).
  'GET /api/me/basic-info': { access: 'self', ok: { legal: 200, natural: 200, staff: 403 } },
  'PUT /api/me/basic-info': { access: 'self', ok: { legal: 200, natural: 200, staff: 403 }, body: { values: {} } },

  // 网上申报 (applicants).
  'GET /api/items/:code/start': { access: 'self', ok: { legal: 200, natural: 403, staff: 403 } },
  'GET /api/items/:code/forms/:slot': { access: 'public', ok: 200, params: () => ({ code: 'survey-b', slot: 'applicationForm' }) },
  'GET /api/applications': { access: 'self', ok: 200 },
  'POST /api/applications': { access: 'self', ok: { legal: 400, natural: 403, staff: 403 }, body: { item: 'survey-b', values: {} } },
  'GET /api/applications/:id': { access: 'owner', ok: 200 },
  'DELETE /api/applications/:id': { access: 'owner', ok: 409 },
  'PUT /api/applications/:id/steps/:step': { access: 'owner', ok: 409, body: { version: 1, values: {} } },
  'POST /api/applications/:id/submit': { access: 'owner', ok: 200 },
  'POST /api/applications/:id/resubmit': { access: 'owner', ok: 409, body: { version: 1 } },
  'POST /api/applications/:id/attachments/:slot': { access: 'owner', ok: 409, multipart: { file: true } },
  'GET /api/applications/:id/attachments/:slot': { access: 'owner', ok: 200 },
  'GET /api/applications/:id/forms/:slot': { access: 'owner', ok: 200 },
  'DELETE /api/applications/:id/attachments/:slot': { access: 'owner', ok: 409 },
  'GET /api/applications/:id/dossier/:slot': { access: 'owner', ok: 200, params: () => ({ slot: 'otherAttachments' }) },
  'POST /api/applications/:id/dossier/:slot/parts': {
    access: 'owner',
    ok: 409,
    params: () => ({ slot: 'otherAttachments' }),
    multipart: { fields: { group: 'enterprise', person: '', title: '企业法人营业执照' }, file: true },
  },
  'POST /api/applications/:id/dossier/:slot/parts/:partId': { access: 'owner', ok: 409, params: () => ({ slot: 'otherAttachments', partId: NO_SUCH_ID }), multipart: { file: true } },
  'DELETE /api/applications/:id/dossier/:slot/parts/:partId': { access: 'owner', ok: 409, params: () => ({ slot: 'otherAttachments', partId: NO_SUCH_ID }) },
  'POST /api/applications/:id/dossier/:slot/move': { access: 'owner', ok: 409, params: () => ({ slot: 'otherAttachments' }), body: { part: NO_SUCH_ID, direction: 'up' } },
  'POST /api/applications/:id/dossier/:slot/assemble': { access: 'owner', ok: 409, params: () => ({ slot: 'otherAttachments' }) },

  // 我的资质 and the 延续 draft from a certificate (applicants); 依职权注销 (制证).
  'GET /api/register/mine': { access: 'self', ok: 200 },
  'GET /api/register/certificates/:id/document': { access: 'owner', ok: 200, params: (w) => ({ id: w.owner.certificateId }) },
  // A's certificate expired yesterday: the owner passes the access check and stops at 409.
  'POST /api/register/certificates/:id/renewal': { access: 'owner', ok: 409, params: (w) => ({ id: w.owner.certificateId }) },
  'GET /api/staff/register/expired': { access: 'staff', roles: ['issuer'], ok: 200 },
  'POST /api/staff/register/certificates/:id/cancel': { access: 'staff', roles: ['issuer'], ok: 404, params: () => ({ id: NO_SUCH_ID }) },

  // 办事进度, documents, messages, 公示 and 陈述 (applicants).
  'GET /api/progress': { access: 'self', ok: 200 },
  'GET /api/progress/:id': { access: 'owner', ok: 200 },
  'GET /api/progress/:id/documents/:documentId': { access: 'owner', ok: 200 },
  'PUT /api/progress/:id/collection': { access: 'owner', ok: 409, body: { method: 'hall', recipient: '张三', phone: '13800000000' } },
  'GET /api/progress/:id/notices': { access: 'owner', ok: 200 },
  'GET /api/progress/:id/statements/:statementId/files/:fileId': { access: 'owner', ok: 200 },
  'POST /api/progress/:id/statements': { access: 'owner', ok: 400, multipart: { fields: { text: ' ' } } },
  'GET /api/notifications': { access: 'self', ok: 200 },
  'GET /api/notifications/unread-count': { access: 'self', ok: 200 },
  // The body (A's own message id) is set once the scene exists.
  'POST /api/notifications/read': { access: 'self', ok: 200 },

  // 政务服务好差评: A's case is in its 公示, so the owner's rating stops at 409 (not ended yet).
  'GET /api/ratings/mine': { access: 'self', ok: 200 },
  'GET /api/progress/:id/rating': { access: 'owner', ok: 200 },
  'POST /api/progress/:id/rating': { access: 'owner', ok: 409, body: { level: 'satisfied' } },
  'GET /api/staff/ratings/stats': { access: 'staff', roles: CASE, ok: 200 },
  'GET /api/staff/rectifications': { access: 'staff', roles: ['head'], ok: 200 },
  'GET /api/staff/rectifications/:id': { access: 'staff', roles: ['head'], ok: 404, params: () => ({ id: NO_SUCH_ID }) },
  'POST /api/staff/rectifications/:id/close': {
    access: 'staff',
    roles: ['head'],
    ok: 404,
    body: { measures: '整改措施', followUpOn: '2026-11-27', followUpMethod: 'phone', followUpResponse: 'satisfied' },
    params: () => ({ id: NO_SUCH_ID }),
  },

  // 审批工作台 (case roles).
  'GET /api/staff/queues': { access: 'staff', roles: CASE, ok: 200 },
  'GET /api/staff/cases': { access: 'staff', roles: CASE, ok: 200 },
  'GET /api/staff/search': { access: 'staff', roles: CASE, ok: 200 },
  'GET /api/staff/search/export': { access: 'staff', roles: CASE, ok: 200 },
  'GET /api/staff/cases/export': { access: 'staff', roles: CASE, ok: 200 },
  // 统计: the 负责人's.
  'GET /api/staff/statistics': { access: 'staff', roles: ['head'], ok: 200, query: 'from=2026-11-01&to=2026-11-30' },
  'GET /api/staff/statistics/export': { access: 'staff', roles: ['head'], ok: 200, query: 'from=2026-11-01&to=2026-11-30' },
  'GET /api/staff/cases/:id': { access: 'staff', roles: CASE, ok: 200 },
  'POST /api/staff/cases/:id/actions': { access: 'staff', roles: CASE, ok: 409, body: { action: 'accept', version: 999_999 } },
  // 认领 / 释放 / 转办 reach every case role (the node's role is checked on the case itself); 指派 is the 负责人's.
  'GET /api/staff/cases/acceptance-notices': { access: 'staff', roles: CASE, ok: 404, query: `ids=${NO_SUCH_ID}` },
  'POST /api/staff/cases/batch-issue': { access: 'staff', roles: ['issuer'], ok: 200, body: { ids: [NO_SUCH_ID] } },
  'POST /api/staff/cases/:id/claim': { access: 'staff', roles: CASE, ok: 404, body: {}, params: () => ({ id: NO_SUCH_ID }) },
  'POST /api/staff/cases/:id/release': { access: 'staff', roles: CASE, ok: 404, params: () => ({ id: NO_SUCH_ID }) },
  'POST /api/staff/cases/:id/transfer': { access: 'staff', roles: CASE, ok: 404, body: { to: NO_SUCH_ID, reason: '工作调整' }, params: () => ({ id: NO_SUCH_ID }) },
  'POST /api/staff/cases/:id/assign': { access: 'staff', roles: ['head'], ok: 404, body: { to: NO_SUCH_ID }, params: () => ({ id: NO_SUCH_ID }) },
  'POST /api/staff/cases/:id/suspend': { access: 'staff', roles: CASE, ok: 404, body: { reason: '申请人涉嫌提供虚假材料，正在核查' }, params: () => ({ id: NO_SUCH_ID }) },
  'POST /api/staff/cases/:id/resume': { access: 'staff', roles: CASE, ok: 404, body: {}, params: () => ({ id: NO_SUCH_ID }) },
  // A's case is in its 公示: not at 制证 (409) for every case role.
  'GET /api/staff/cases/:id/issue-preview': { access: 'staff', roles: CASE, ok: 409 },
  'GET /api/staff/cases/:id/attachments/:slot': { access: 'staff', roles: CASE, ok: 200 },
  'GET /api/staff/cases/:id/documents/:documentId': { access: 'staff', roles: CASE, ok: 200 },
  'GET /api/staff/cases/:id/attachment-versions/:versionId': { access: 'staff', roles: CASE, ok: 200 },
  // Art.42 延期: any case role reaches the rule, which refuses a case in 公示 (409); the 负责人 decides.
  'POST /api/staff/cases/:id/extension': { access: 'staff', roles: CASE, ok: 409, body: { reason: '涉及多个专业，需延期核查' } },
  'GET /api/staff/extensions': { access: 'staff', roles: ['head'], ok: 200 },
  // 常用意见: each case role reads its own; the 负责人 keeps them (an empty title stops at 400).
  'GET /api/staff/templates': { access: 'staff', roles: CASE, ok: 200 },
  'POST /api/staff/templates': { access: 'staff', roles: ['head'], ok: 400, body: { role: 'acceptor', title: ' ', body: '请补充' } },
  'PUT /api/staff/templates/:id': { access: 'staff', roles: ['head'], ok: 404, body: { role: 'acceptor', title: '缺材料', body: '请补充' }, params: () => ({ id: '999999' }) },
  'DELETE /api/staff/templates/:id': { access: 'staff', roles: ['head'], ok: 404, params: () => ({ id: '999999' }) },
  'POST /api/staff/extensions/:id/decision': { access: 'staff', roles: ['head'], ok: 404, body: { approve: true }, params: () => ({ id: NO_SUCH_ID }) },

  // 公示公告 (publisher only).
  'GET /api/staff/notices/candidates': { access: 'staff', roles: PUBLISHER, ok: 200 },
  'POST /api/staff/notices/preview': { access: 'staff', roles: PUBLISHER, ok: 404, body: { kind: 'notice', applicationIds: [NO_SUCH_ID] } },
  'POST /api/staff/notices/batches': { access: 'staff', roles: PUBLISHER, ok: 404, body: { kind: 'notice', applicationIds: [NO_SUCH_ID] } },
  'GET /api/staff/notices/batches': { access: 'staff', roles: PUBLISHER, ok: 200 },
  'GET /api/staff/notices/batches/:id': { access: 'staff', roles: PUBLISHER, ok: 200, params: (w) => ({ id: w.owner.batchId }) },
  'GET /api/staff/statements': { access: 'staff', roles: PUBLISHER, ok: 200 },
  'GET /api/staff/statements/:id': { access: 'staff', roles: PUBLISHER, ok: 200, params: (w) => ({ id: w.owner.statementId }) },
  'POST /api/staff/statements/:id/reply': { access: 'staff', roles: PUBLISHER, ok: 400, body: { reply: ' ', outcome: 'kept' }, params: (w) => ({ id: w.owner.statementId }) },
  'GET /api/staff/statements/:statementId/files/:fileId': { access: 'staff', roles: PUBLISHER, ok: 200 },

  // 三员 administration.
  'GET /api/admin/staff': { access: 'staff', roles: ['sysadmin', 'secadmin'], ok: 200 },
  'POST /api/admin/staff': { access: 'staff', roles: ['sysadmin'], ok: 400, body: { username: '1', name: '', mobile: '1', password: 'x' } },
  'PUT /api/admin/staff/:id/roles': { access: 'staff', roles: ['secadmin'], ok: 400, body: { roles: ['no-such-role'] }, params: () => ({ id: NO_SUCH_ID }) },
  'PUT /api/admin/staff/:id/status': { access: 'staff', roles: ['sysadmin'], ok: 404, body: { disabled: true }, params: () => ({ id: NO_SUCH_ID }) },
  'POST /api/admin/staff/:id/totp-reset': { access: 'staff', roles: ['sysadmin'], ok: 404, params: () => ({ id: NO_SUCH_ID }) },
  'GET /api/admin/holidays/:year': { access: 'staff', roles: ['sysadmin'], ok: 200 },
  'PUT /api/admin/holidays/:year': { access: 'staff', roles: ['sysadmin'], ok: 400, body: { source: '国办发明电〔2025〕7号', entries: [{ date: '2025-01-01', kind: 'holiday', name: '元旦' }] } },
  'GET /api/admin/audit': { access: 'staff', roles: ['auditor'], ok: 200 },
  'GET /api/admin/audit/export': { access: 'staff', roles: ['auditor'], ok: 200 },
  // 导入存量资质: the probe's PDF is refused as not a spreadsheet (415), so nothing is imported.
  'GET /api/admin/register/import-template.csv': { access: 'staff', roles: ['sysadmin'], ok: 200 },
  'POST /api/admin/register/import': { access: 'staff', roles: ['sysadmin'], ok: 415, multipart: { file: true } },
};

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A 403 to a logged-in caller: a role the route needs, or the wrong kind of account. */
const ROLE_REFUSAL = /^(STAFF_ONLY|CASE_ROLE_REQUIRED|ROLE_REQUIRED|SELF_CHANGE_FORBIDDEN|BASIC_INFO_NOT_FOR_STAFF|WRONG_APPLICANT_KIND)$/;
type CsrfCode = 'CSRF_TOKEN_INVALID' | 'CROSS_ORIGIN_REJECTED';

let w: SecurityWorld;
before(async () => {
  w = await buildSecurityWorld();
  RULES['POST /api/notifications/read']!.body = { ids: [w.owner.notificationId] };
});
after(() => w?.t.close());

function ruleOf(route: AppRoute): Rule {
  return RULES[route.key] ?? assert.fail(`route ${route.key} is not classified in the security matrix`);
}

function paramsFor(route: AppRoute, rule: Rule): Record<string, string> {
  const o = w.owner;
  return {
    id: o.id,
    slot: o.slot,
    step: o.step,
    documentId: o.documentId,
    statementId: o.statementId,
    fileId: o.fileId,
    versionId: o.versionId,
    code: 'survey-b',
    year: '2026',
    uid: 'no-such-interaction',
    kind: 'legal',
    '*': '.well-known/openid-configuration',
    ...rule.params?.(w),
  };
}

function urlFor(route: AppRoute, rule: Rule, params = paramsFor(route, rule)): string {
  const path = fillPath(route.url.replace(/\*$/, ''), params) + (route.url.endsWith('*') ? params['*']! : '');
  return rule.query ? `${path}?${rule.query}` : path;
}

/** One request as this actor's browser (cookie, CSRF token, our Origin). */
async function call(actor: Actor, route: AppRoute, rule: Rule, url = urlFor(route, rule)): Promise<LightMyRequestResponse> {
  if (rule.multipart) {
    return postMultipart(actor.api, url, {
      fields: rule.multipart.fields,
      files: rule.multipart.file ? [{ name: 'scan.pdf', bytes: fixturePdf('valid-1-page.pdf') }] : [],
    });
  }
  if (actor.kind === 'anonymous') {
    return w.t.app.inject({ method: route.method as 'GET', url, headers: { origin: actor.api.browser.origin }, ...(rule.body !== undefined ? { payload: rule.body as object } : {}) });
  }
  return actor.api.call(route.method as 'GET', url, rule.body);
}

/** The status this actor must get from this route, or undefined when it is not probed. */
function expected(rule: Rule, route: AppRoute, actor: Actor): number | 'any' | undefined {
  const changing = !SAFE.has(route.method);
  const unauthenticated = actor.kind === 'anonymous' ? (changing ? 403 : 401) : 401;
  switch (rule.access) {
    case 'public':
      return typeof rule.ok === 'number' ? rule.ok : 'any';
    case 'idp':
      return 'any';
    case 'logout':
      return actor.kind === 'anonymous' ? 403 : undefined;
    case 'owner':
      if (actor.kind === 'anonymous' || actor.kind === 'visitor') return unauthenticated;
      return actor.kind === 'owner' ? (rule.ok as number) : 404;
    case 'self': {
      if (actor.kind === 'anonymous' || actor.kind === 'visitor') return unauthenticated;
      if (typeof rule.ok === 'number') return rule.ok;
      const kind = actor.kind === 'staff' ? 'staff' : actor.name === 'engineer' ? 'natural' : 'legal';
      return (actor.kind === 'owner' ? rule.ok?.A : undefined) ?? rule.ok?.[kind] ?? 200;
    }
    case 'staff':
      if (actor.kind === 'anonymous' || actor.kind === 'visitor') return unauthenticated;
      if (actor.kind !== 'staff') return 403;
      return rule.roles!.includes(actor.role!) ? (rule.ok as number) : 403;
  }
}

/** Things of A that nobody else may see through an applicant route or a refused staff route. */
function leaks(body: string): string[] {
  const o = w.owner;
  return [o.id, o.number, o.uscc, o.orgName, o.documentId, o.statementId, o.fileId, o.verificationCode].filter((v) => body.includes(v));
}

const withoutRequestId = (body: string) => body.replace(/"requestId":"[^"]*"/g, '');

/** QUALITY.md S3 on every answer: CSP without inline script, nosniff, referrer policy, no framing by others. */
function assertSecurityHeaders(res: LightMyRequestResponse, label: string, authenticated: boolean, url: string): void {
  const h = res.headers;
  const csp = String(h['content-security-policy'] ?? '');
  assert.ok(csp, `${label}: Content-Security-Policy`);
  const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? /(?:^|;)\s*default-src ([^;]*)/.exec(csp)?.[1] ?? '';
  assert.ok(scriptSrc, `${label}: scripts are restricted: ${csp}`);
  assert.doesNotMatch(scriptSrc, /unsafe-inline|unsafe-eval|\*/, `${label}: ${csp}`);
  assert.match(csp, /object-src 'none'/, `${label}: object-src 'none': ${csp}`);
  assert.equal(h['x-content-type-options'], 'nosniff', `${label}: nosniff`);
  assert.ok(h['referrer-policy'], `${label}: Referrer-Policy`);
  const frameAncestors = /frame-ancestors ([^;]*)/.exec(csp)?.[1];
  assert.ok(frameAncestors === "'none'" || frameAncestors === "'self'" || /^(DENY|SAMEORIGIN)$/i.test(String(h['x-frame-options'] ?? '')), `${label}: framing limited: ${csp}`);
  const type = String(h['content-type'] ?? '');
  if (type.startsWith('application/pdf')) {
    assert.match(csp, /default-src 'none'/, `${label}: a PDF runs nothing: ${csp}`);
    const cache = String(h['cache-control']);
    assert.ok(/no-store/.test(cache) || /private/.test(cache) && /no-cache/.test(cache), `${label}: a PDF is not kept by shared caches: ${cache}`);
    assert.match(String(h['content-disposition']), /^(inline|attachment); filename="[a-z.]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$/, `${label}: ${String(h['content-disposition'])}`);
  }
  if (url.startsWith('/api/') && type.startsWith('application/json') && authenticated) {
    assert.match(String(h['cache-control']), /no-store/, `${label}: authenticated JSON is not stored: ${String(h['cache-control'])}`);
  }
}

describe('the route table', () => {
  test('every registered route is classified, and every classified route exists', () => {
    const keys = new Set(w.routes.map((r) => r.key));
    const unclassified = w.routes.filter((r) => !RULES[r.key]).map((r) => r.key);
    assert.deepEqual(unclassified, [], 'new routes must be added to RULES in route-matrix.db.test.ts');
    const missing = Object.entries(RULES)
      .filter(([key, rule]) => !rule.optional && !keys.has(key))
      .map(([key]) => key);
    assert.deepEqual(missing, [], 'RULES lists routes the app no longer has');
    assert.ok(w.routes.length >= 70, `the route table was read (${w.routes.length} routes)`);
  });

  test('no test-only route exists unless TEST_HOOKS is set', () => {
    assert.ok(!w.routes.some((r) => r.url.startsWith('/__test')));
  });
});

describe('authorization matrix: every route × every caller', () => {
  // A goes last: its own calls are the only ones allowed to change anything of A's.
  const order: ActorName[] = ['anonymous', 'visitor', 'B', 'engineer', 'acceptor', 'reviewer', 'rechecker', 'publisher', 'issuer', 'head', 'sysadmin', 'secadmin', 'auditor', 'A'];
  let before: Record<string, string>;
  const counts = { probed: 0, refused: 0 };

  test('the scene is in place', async () => {
    assert.deepEqual([...w.actors.map((a) => a.name)].sort(), [...order].sort());
    assert.deepEqual([...ADMIN_ROLES, ...CASE_ROLES].sort(), w.actors.filter((a) => a.kind === 'staff').map((a) => a.role).sort());
    before = await stateFingerprint(w.t);
  });

  for (const actorName of order) {
    test(`${actorName}: every route answers as the table says`, async () => {
      const actor = w.actor(actorName);
      const failures: string[] = [];
      for (const route of w.routes) {
        const rule = ruleOf(route);
        const want = expected(rule, route, actor);
        if (want === undefined) continue;
        if (rule.access === 'idp' && !['GET', 'POST'].includes(route.method)) continue;
        const url = urlFor(route, rule);
        const label = `${actorName} ${route.method} ${url}`;
        const res = await call(actor, route, rule, url);
        counts.probed++;
        try {
          assert.ok(res.statusCode < 500, `${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (want !== 'any') assert.equal(res.statusCode, want, `${label}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 300)}`);
          else assert.ok(![401].includes(res.statusCode), `${label}: public, yet ${res.statusCode}`);
          if (route.url.startsWith('/api/') && res.statusCode >= 400) {
            const error = assertChineseError(res, label);
            if (res.statusCode === 401) assert.equal(error.code, 'UNAUTHENTICATED', label);
            if (res.statusCode === 403 && actor.kind === 'anonymous') assert.equal(error.code, 'CSRF_TOKEN_INVALID', label);
            if (res.statusCode === 403 && actor.kind !== 'anonymous') assert.match(error.code, ROLE_REFUSAL, `${label}: ${error.code}`);
            if (res.statusCode === 401 || res.statusCode === 403) counts.refused++;
          }
          const allowedToSee = rule.access === 'public' || rule.access === 'idp' || actor.kind === 'owner' || (rule.access === 'staff' && res.statusCode < 400);
          if (!allowedToSee) assert.deepEqual(leaks(res.body), [], `${label}: A's data in the answer`);
          if (rule.access === 'owner' && want === 404) {
            // The answer for A's real id is the answer for an id that does not exist.
            const ghost = await call(actor, route, rule, urlFor(route, rule, { ...paramsFor(route, rule), id: NO_SUCH_ID }));
            assert.equal(ghost.statusCode, 404, `${label} (no such id)`);
            assert.equal(withoutRequestId(res.body), withoutRequestId(ghost.body), `${label}: A's id and a missing id answer alike`);
          }
          assertSecurityHeaders(res, label, actor.kind !== 'anonymous', url);
        } catch (error) {
          failures.push((error as Error).message.split('\n')[0]!);
        }
      }
      assert.deepEqual(failures, [], `${failures.length} problem(s)`);
    });

    if (actorName === 'auditor') {
      test('nobody but A changed anything of A (or anything at all)', async () => {
        assert.deepEqual(await stateFingerprint(w.t), before);
        const row = await w.t.database.db.selectFrom('notifications').select('readAt').where('id', '=', w.owner.notificationId).executeTakeFirstOrThrow();
        assert.equal(row.readAt, null, "B's 标为已读 with A's message id left A's message unread");
      });
    }
  }

  test('the matrix probed every route for every caller', () => {
    assert.ok(counts.probed > 13 * 60, `${counts.probed} requests`);
    assert.ok(counts.refused > 300, `${counts.refused} refusals`);
  });
});

describe('CSRF on every state-changing route', () => {
  test('without the token, with a wrong one, from another origin or a cross-site fetch: 403 and nothing changes', async () => {
    const changing = w.routes.filter((r) => !SAFE.has(r.method) && r.url.startsWith('/api/'));
    assert.ok(changing.length >= 19, `${changing.length} state-changing API routes`);
    const start = await stateFingerprint(w.t);
    const failures: string[] = [];
    for (const route of changing) {
      const rule = ruleOf(route);
      // The caller the route is for: A for applicant routes, the first allowed role for staff routes.
      const actor = rule.access === 'staff' ? w.actor(rule.roles![0]!) : w.actor('A');
      const url = urlFor(route, rule);
      const { csrfToken } = await actor.api.browser.sessionInfo();
      const cookie = `zz_sid=${actor.api.browser.cookie('zz_sid')}`;
      const forged = `${csrfToken!.slice(0, -2)}xx`;
      const attempts: [string, Record<string, string>, CsrfCode][] = [
        ['no token', { cookie, origin: w.t.config.publicUrl }, 'CSRF_TOKEN_INVALID'],
        ['wrong token', { cookie, origin: w.t.config.publicUrl, 'x-csrf-token': forged }, 'CSRF_TOKEN_INVALID'],
        ['another origin', { cookie, origin: 'https://evil.example', 'x-csrf-token': csrfToken! }, 'CROSS_ORIGIN_REJECTED'],
        ['cross-site fetch', { cookie, 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrfToken! }, 'CROSS_ORIGIN_REJECTED'],
        ['a token in the body', { cookie, origin: w.t.config.publicUrl }, 'CSRF_TOKEN_INVALID'],
      ];
      for (const [how, headers, code] of attempts) {
        const label = `${route.method} ${url} (${how})`;
        const res = rule.multipart
          ? await postMultipart(actor.api, url, { fields: { ...rule.multipart.fields, _csrf: csrfToken! }, files: [{ name: 'a.pdf', bytes: fixturePdf('valid-1-page.pdf') }] }, headers, { raw: true })
          : await w.t.app.inject({
              method: route.method as 'POST',
              url,
              headers: { ...headers, ...(rule.body !== undefined || how === 'a token in the body' ? { 'content-type': 'application/json' } : {}) },
              ...(rule.body !== undefined || how === 'a token in the body' ? { payload: JSON.stringify({ ...(rule.body as object), ...(how === 'a token in the body' ? { _csrf: csrfToken } : {}) }) } : {}),
              remoteAddress: actor.api.browser.remoteAddress,
            });
        try {
          assert.equal(res.statusCode, 403, `${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          assertChineseError(res, label, code);
        } catch (error) {
          failures.push((error as Error).message.split('\n')[0]!);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await stateFingerprint(w.t), start, 'nothing changed');
  });

  test('requests that would change things, forged: refused, and the things are as they were', async () => {
    const B = w.actor('B');
    const sysadmin = w.actor('sysadmin');
    const victim = await w.t.database.db.selectFrom('idpUsers').select(['id', 'disabled']).where('kind', '=', 'staff').where('username', 'like', 'staff%').executeTakeFirstOrThrow();
    const cookieOf = (a: Actor) => `zz_sid=${a.api.browser.cookie('zz_sid')}`;
    const evil = { origin: 'https://evil.example' };
    const start = await stateFingerprint(w.t);
    const forged: [string, LightMyRequestResponse, CsrfCode][] = [
      ['disable a staff account (form post from evil)', await w.t.app.inject({ method: 'PUT', url: `/api/admin/staff/${victim.id}/status`, headers: { ...evil, cookie: cookieOf(sysadmin), 'content-type': 'application/json' }, payload: { disabled: true } }), 'CROSS_ORIGIN_REJECTED'],
      ['mark A\'s messages read', await w.t.app.inject({ method: 'POST', url: '/api/notifications/read', headers: { ...evil, cookie: cookieOf(w.actor('A')), 'content-type': 'application/json' }, payload: {} }), 'CROSS_ORIGIN_REJECTED'],
      ['a text/plain form post (no preflight)', await w.t.app.inject({ method: 'POST', url: '/api/applications', headers: { cookie: cookieOf(B), 'content-type': 'text/plain' }, payload: JSON.stringify({ item: 'design-b', values: {} }) }), 'CSRF_TOKEN_INVALID'],
      ['publish a batch', await w.t.app.inject({ method: 'POST', url: '/api/staff/notices/batches', headers: { ...evil, cookie: cookieOf(w.actor('publisher')), 'content-type': 'application/json' }, payload: { kind: 'announcement', applicationIds: [w.owner.id] } }), 'CROSS_ORIGIN_REJECTED'],
    ];
    for (const [label, res, code] of forged) {
      assert.equal(res.statusCode, 403, `${label}: ${res.body}`);
      assertChineseError(res, label, code);
    }
    assert.deepEqual(await stateFingerprint(w.t), start);
    assert.equal((await w.t.database.db.selectFrom('idpUsers').select('disabled').where('id', '=', victim.id).executeTakeFirstOrThrow()).disabled, victim.disabled);
  });
});
