import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { StaffDesk } from '../../../test/support/cases.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';
import { buildTestAppWithRoutes, fillPath, type AppRoute } from '../../../test/support/routes.ts';
import { assertChineseError, stateFingerprint } from '../../../test/support/security.ts';
import { ERRORS, type ErrorCode } from '../../contract/errors.ts';
import { sampleApplication } from '../../domain/items/fixtures.ts';
import type { StaffRole } from '../../domain/roles.ts';

/**
 * Bad input on every JSON route (DESIGN.md §5, QUALITY.md S2/S9): each route that takes a JSON
 * body, a query string or path parameters is found in Fastify's route table and sent wrong
 * types, 1 MB strings, unknown fields, bodies that are not JSON, deeply nested values, prototype
 * pollution and an oversized body. Every one is refused with 400 (413 for the oversized body,
 * 415 for a body that is not JSON at all) and {error:{code,message}} in Chinese, and nothing is
 * stored: the database and the blob folder are compared before and after.
 */

let t: TestApp;
let routes: AppRoute[];
let applicant: ApplicantApi;
let draftId: string;
const staff = new Map<StaffRole, ApplicantApi>();
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** A body each JSON route accepts as far as its schema goes; a new JSON route must be added here. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/applications': { item: 'survey-b', values: {} },
  'PUT /api/me/basic-info': { values: { postalCode: '100101' } },
  'PUT /api/applications/:id/steps/:step': { version: 1, values: {} },
  'POST /api/applications/:id/resubmit': { version: 1 },
  'POST /api/applications/:id/dossier/:slot/move': { part: '00000000-0000-4000-8000-000000000000', direction: 'up' },
  'PUT /api/progress/:id/collection': { method: 'hall', recipient: '张三', phone: '13800000000' },
  'POST /api/notifications/read': { ids: ['1'] },
  'POST /api/progress/:id/rating': { level: 'satisfied', comment: '办理高效' },
  'POST /api/staff/rectifications/:id/close': { measures: '整改措施', followUpOn: '2026-11-27', followUpMethod: 'phone', followUpResponse: 'satisfied', followUpNote: '回访情况' },
  'POST /api/staff/cases/:id/actions': { action: 'accept', version: 1 },
  'POST /api/staff/cases/:id/extension': { reason: '涉及多个专业，需延期核查' },
  'POST /api/staff/cases/batch-issue': { ids: ['00000000-0000-4000-8000-000000000000'] },
  'POST /api/staff/cases/:id/claim': { node: 'accept' },
  'POST /api/staff/cases/:id/transfer': { to: NO_SUCH_ID, reason: '工作调整', node: 'accept' },
  'POST /api/staff/cases/:id/assign': { to: NO_SUCH_ID, reason: '均衡工作量' },
  'POST /api/staff/cases/:id/suspend': { reason: '核实业绩', node: 'review' },
  'POST /api/staff/cases/:id/resume': { note: '核实无误' },
  'POST /api/staff/templates': { role: 'acceptor', title: '缺材料', body: '请补充' },
  'PUT /api/staff/templates/:id': { role: 'acceptor', title: '缺材料', body: '请补充' },
  'POST /api/staff/extensions/:id/decision': { approve: true },
  'POST /api/staff/notices/preview': { kind: 'notice', applicationIds: [NO_SUCH_ID] },
  'POST /api/staff/notices/batches': { kind: 'notice', applicationIds: [NO_SUCH_ID] },
  'POST /api/staff/statements/:id/reply': { reply: '答复', outcome: 'kept' },
  'POST /api/admin/staff': { username: 'newstaff', name: '新人员', mobile: '13900000000', password: 'Zz-Test#2026x' },
  'PUT /api/admin/staff/:id/roles': { roles: ['acceptor'] },
  'PUT /api/admin/staff/:id/status': { disabled: false },
  'PUT /api/admin/holidays/:year': { source: '国办发明电〔2025〕7号', entries: [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }] },
};

/** Who sends them: the role that may call the route, or the applicant. */
function callerOf(route: AppRoute): ApplicantApi {
  if (route.url.startsWith('/api/admin/staff/:id/roles')) return staff.get('secadmin')!;
  if (route.url.startsWith('/api/admin/audit')) return staff.get('auditor')!;
  if (route.url.startsWith('/api/admin')) return staff.get('sysadmin')!;
  if (route.url.startsWith('/api/staff/notices') || route.url.startsWith('/api/staff/statements')) return staff.get('publisher')!;
  if (route.url.startsWith('/api/staff')) return staff.get('acceptor')!;
  return applicant;
}

before(async () => {
  ({ t, routes } = await buildTestAppWithRoutes());
  applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  const values = sampleApplication('survey-b', 'first', { today: t.clock.now() }).applicant;
  const created = await applicant.call('POST', '/api/applications', { item: 'survey-b', values });
  assert.equal(created.statusCode, 201, created.body);
  draftId = created.json().id;
  const desk = new StaffDesk(t);
  for (const role of ['acceptor', 'publisher', 'sysadmin', 'secadmin', 'auditor'] as const) staff.set(role, await desk.member(role));
});
after(() => t?.close());

const pathOf = (route: AppRoute) =>
  fillPath(route.url, { id: draftId, step: 'applicant', slot: 'applicationForm', documentId: NO_SUCH_ID, statementId: NO_SUCH_ID, fileId: NO_SUCH_ID, versionId: NO_SUCH_ID, year: '2026', code: 'survey-b' });

/** A raw request with the caller's cookie, token and Origin; `payload` as given, `type` as the content type. */
async function send(api: ApplicantApi, method: string, url: string, payload: string | undefined, type = 'application/json'): Promise<LightMyRequestResponse> {
  const { csrfToken } = await api.browser.sessionInfo();
  return t.app.inject({
    method: method as 'POST',
    url,
    headers: {
      origin: api.browser.origin,
      'x-csrf-token': csrfToken ?? '',
      cookie: `zz_sid=${api.browser.cookie('zz_sid')}`,
      ...(payload !== undefined ? { 'content-type': type } : {}),
    },
    ...(payload !== undefined ? { payload } : {}),
    remoteAddress: api.browser.remoteAddress,
  });
}

/** Nested JSON as text, built without recursion (JSON.stringify of such depths overflows the stack). */
const nestedText = (depth: number) => '{"a":['.repeat(depth) + '1' + ']}'.repeat(depth);
const NESTED = '\u0000nested\u0000';
/** `value` as JSON with the NESTED placeholder replaced by `depth` levels of objects and arrays. */
const withNested = (value: unknown, depth: number) => JSON.stringify(value).replace(JSON.stringify(NESTED), nestedText(depth));

/** A value of the wrong type for a property schema, one Fastify's type coercion cannot turn into the right one. */
function wrongValue(schema: { type?: string }): unknown {
  switch (schema.type) {
    case 'string':
      return { not: 'a string' };
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'perhaps';
    case 'object':
      return 'not an object';
    case 'array':
      return { not: 'an array' };
    default:
      return undefined;
  }
}

interface BodySchema {
  properties?: Record<string, { type?: string; maxLength?: number; items?: { type?: string; maxLength?: number } }>;
  required?: string[];
}

const MEGA = 'x'.repeat(1_000_000);

function assertRefused(res: LightMyRequestResponse, label: string, status: number | number[] = 400, failures: string[]): void {
  try {
    const statuses = [status].flat();
    assert.ok(statuses.includes(res.statusCode), `${label}: expected ${statuses.join('/')}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
    const code = { 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' }[res.statusCode];
    const error = assertChineseError(res, label, code);
    // Anything else: a code of the table with this status (the schema's REQUEST_INVALID, a service's own 400 or 404).
    assert.equal(ERRORS[error.code as ErrorCode]?.status, res.statusCode, `${label}: ${error.code}`);
  } catch (error) {
    failures.push((error as Error).message.split('\n')[0]!);
  }
}

describe('JSON bodies', () => {
  test('every route with a JSON body has a schema, and a valid body listed here', () => {
    const bodyRoutes = routes.filter((r) => r.schema?.body);
    assert.deepEqual(bodyRoutes.map((r) => r.key).sort(), Object.keys(VALID_BODIES).sort(), 'VALID_BODIES in bad-input.db.test.ts lists every JSON route');
    for (const r of bodyRoutes) {
      const body = r.schema!.body as { additionalProperties?: unknown; type?: string };
      assert.equal(body.type, 'object', r.key);
      assert.equal(body.additionalProperties, false, `${r.key}: additionalProperties: false`);
    }
    // State-changing API routes without a body schema take no body at all.
    const bodiless = routes.filter((r) => r.url.startsWith('/api/') && !['GET', 'HEAD'].includes(r.method) && !r.schema?.body).map((r) => r.key);
    assert.deepEqual(bodiless.sort(), [
      'DELETE /api/applications/:id',
      'DELETE /api/applications/:id/attachments/:slot',
      'DELETE /api/applications/:id/dossier/:slot/parts/:partId',
      'DELETE /api/staff/templates/:id',
      'POST /api/admin/register/import',
      'POST /api/admin/staff/:id/totp-reset',
      'POST /api/applications/:id/attachments/:slot',
      'POST /api/applications/:id/dossier/:slot/assemble',
      'POST /api/applications/:id/dossier/:slot/parts',
      'POST /api/applications/:id/dossier/:slot/parts/:partId',
      'POST /api/applications/:id/submit',
      'POST /api/progress/:id/statements',
      'POST /api/register/certificates/:id/renewal',
      'POST /api/staff/cases/:id/release',
      'POST /api/staff/register/certificates/:id/cancel',
    ]);
  });

  test('wrong types, 1 MB strings, unknown fields, missing fields, not JSON, deep nesting, prototype pollution, oversized: 400/413/415 in Chinese, nothing stored', async () => {
    const start = await stateFingerprint(t);
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes.filter((r) => r.schema?.body)) {
      const api = callerOf(route);
      const url = pathOf(route);
      const valid = VALID_BODIES[route.key] as Record<string, unknown>;
      const schema = route.schema!.body as BodySchema;
      const bad: [string, string | undefined, (number | number[])?, string?][] = [];
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        bad.push([`${name}: wrong type`, JSON.stringify({ ...valid, [name]: wrongValue(prop) })]);
        // Fastify coerces JSON scalars (null → false/0/"", "2" → 2); never an object or array into a scalar or back.
        if (prop.type === 'object' || prop.type === 'integer') bad.push([`${name}: null`, JSON.stringify({ ...valid, [name]: null })]);
        if (prop.type === 'string') bad.push([`${name}: an empty array`, JSON.stringify({ ...valid, [name]: [] })]);
        if (prop.type === 'string') bad.push([`${name}: 1 MB`, JSON.stringify({ ...valid, [name]: MEGA })]);
        if (prop.type === 'array' && prop.items?.type === 'string') bad.push([`${name}: a 1 MB item`, JSON.stringify({ ...valid, [name]: [MEGA] })]);
        if (prop.type === 'array') bad.push([`${name}: an item of the wrong type`, JSON.stringify({ ...valid, [name]: [wrongValue(prop.items ?? {}) ?? {}] })]);
        bad.push([`${name}: nested 10 000 deep`, withNested({ ...valid, [name]: NESTED }, 10_000)]);
      }
      for (const name of schema.required ?? []) {
        const { [name]: _dropped, ...rest } = valid;
        bad.push([`without ${name}`, JSON.stringify(rest)]);
      }
      bad.push(
        ['an unknown field', JSON.stringify({ ...valid, status: 'approved' })],
        ['an unknown field of 1 MB', JSON.stringify({ ...valid, extra: MEGA })],
        ['an array instead of an object', JSON.stringify([valid])],
        ['a string instead of an object', JSON.stringify('text')],
        ['null', 'null'],
        ['not JSON', '{"version": 1, '],
        ['JSON with a trailing comma', `${JSON.stringify(valid).slice(0, -1)},}`],
        ['an empty body', ''],
        ['100 000 levels of nesting', withNested(NESTED, 100_000)],
        ['__proto__', JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"isAdmin":true},')],
        ['constructor.prototype', JSON.stringify(valid).replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},')],
        ['over 1 MiB', JSON.stringify({ ...valid, extra: 'x'.repeat(1_100_000) }), 413],
        ['form-encoded', new URLSearchParams(Object.entries(valid).map(([k, v]) => [k, String(v)])).toString(), [400, 415], 'application/x-www-form-urlencoded'],
        ['text/plain', JSON.stringify(valid), [400, 415], 'text/plain'],
      );
      for (const [what, payload, status, type] of bad) {
        const res = await send(api, route.method, url, payload, type);
        assertRefused(res, `${route.key} ${what}`, status, failures);
        cases++;
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases} bad bodies answered wrongly`);
    assert.ok(cases > 300, `${cases} bad bodies sent`);
    assert.deepEqual(await stateFingerprint(t), start, 'nothing was stored');
    assert.ok(!(Object.prototype as Record<string, unknown>).isAdmin, 'Object.prototype untouched');
  });

  test('the message names the field and says what is wrong', async () => {
    const res = await send(applicant, 'PUT', `/api/applications/${draftId}/steps/applicant`, JSON.stringify({ version: 'one', values: {} }));
    assert.equal(res.statusCode, 400);
    const error = assertChineseError(res, 'version: wrong type', 'REQUEST_INVALID');
    assert.match(error.message, /version/);
    assert.match(error.message, /整数/);
    const unknown = await send(applicant, 'POST', `/api/applications/${draftId}/resubmit`, JSON.stringify({ version: 1, status: 'approved' }));
    assert.match(assertChineseError(unknown, 'unknown field').message, /status/);
    const long = await send(staff.get('publisher')!, 'POST', `/api/staff/statements/${NO_SUCH_ID}/reply`, JSON.stringify({ reply: MEGA, outcome: 'kept' }));
    assert.match(assertChineseError(long, 'too long').message, /reply.*2000/);
  });
});

describe('form values (the wizard steps)', () => {
  // `values` is free-form at the HTTP level: the item definition validates each field, and only
  // the fields of the step are kept (unknown ones are dropped, never stored).

  test('a field of the wrong type, 1 MB long or deeply nested is refused naming the field; nothing is stored', async () => {
    const start = await stateFingerprint(t);
    const current = (await applicant.call('GET', `/api/applications/${draftId}`)).json();
    const good = current.data.applicant as Record<string, unknown>;
    for (const [what, value] of [
      ['an object', { a: 1 }],
      ['an array', ['a', 'b']],
      ['1 MB', MEGA],
      ['nested 10 000 deep', NESTED],
    ] as const) {
      const payload = withNested({ version: current.version, values: { ...good, mailingAddress: value } }, 10_000);
      const res = await send(applicant, 'PUT', `/api/applications/${draftId}/steps/applicant`, payload);
      assert.equal(res.statusCode, 400, `mailingAddress ${what}: ${res.body.slice(0, 200)}`);
      const error = assertChineseError(res, `mailingAddress ${what}`, 'STEP_INVALID');
      assert.ok(res.json().error.fieldErrors?.some((f: { path: string }) => f.path === 'mailingAddress'), `mailingAddress ${what}: the field is named: ${JSON.stringify(res.json().error)}`);
      assert.ok(error.message);
    }
    assert.deepEqual(await stateFingerprint(t), start);
  });

  test('unknown fields inside values, however large or nested, are dropped and never stored', async () => {
    const current = (await applicant.call('GET', `/api/applications/${draftId}`)).json();
    const payload = withNested({ version: current.version, values: { ...current.data.applicant, zzHuge: 'x'.repeat(900_000), zzDeep: NESTED, status: 'approved', accountId: NO_SUCH_ID } }, 5_000);
    const res = await send(applicant, 'PUT', `/api/applications/${draftId}/steps/applicant`, payload);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const row = await t.database.db.selectFrom('applications').select(['data', 'status', 'accountId']).where('id', '=', draftId).executeTakeFirstOrThrow();
    const stored = JSON.stringify(row.data);
    assert.ok(!/zzHuge|zzDeep/.test(stored), 'unknown fields dropped');
    assert.ok(stored.length < 10_000, `stored data stays small (${stored.length} chars)`);
    assert.equal(row.status, 'draft');
    assert.notEqual(row.accountId, NO_SUCH_ID);
  });

  test('markup, invisible characters and emoji in names and addresses are refused naming the field; nothing is stored', async () => {
    const start = await stateFingerprint(t);
    const current = (await applicant.call('GET', `/api/applications/${draftId}`)).json();
    const good = current.data.applicant as Record<string, unknown>;
    const cases: [string, string, string][] = [
      ['agent', '<script>alert(1)</script>', '委托代理人含有不允许的字符“<”“>”“/”，请按身份证件填写姓名'],
      ['agent', '"><img src=x onerror=1>', '委托代理人含有不允许的字符“"”“>”“<”，请按身份证件填写姓名'],
      ['mailingAddress', '北京市\u202E区淀海', '通讯地址含有不可见的文字方向控制符（U+202E），请删除后重新输入'],
      ['registeredAddress', '北京市海淀区\u200B示范路2号', '注册地址含有不可见的零宽字符（U+200B），请删除后重新输入'],
      ['registeredAddress', '北京市海淀区示范路2号🏢', '注册地址含有不允许的字符“🏢”，请只填写地址'],
    ];
    for (const [field, value, message] of cases) {
      const res = await applicant.call('PUT', `/api/applications/${draftId}/steps/applicant`, { version: current.version, values: { ...good, [field]: value } });
      assert.equal(res.statusCode, 400, `${field} ${JSON.stringify(value)}: ${res.body.slice(0, 300)}`);
      assertChineseError(res, field, 'STEP_INVALID');
      assert.deepEqual(res.json().error.fieldErrors, [{ path: field, message }], JSON.stringify(value));
    }
    assert.deepEqual(await stateFingerprint(t), start, 'nothing was stored');
    // 申报单位 is the identity's, forced from the account: markup sent for it changes nothing.
    const forced = await applicant.call('PUT', `/api/applications/${draftId}/steps/applicant`, { version: current.version, values: { ...good, orgName: '<b>粗体</b>公司' } });
    assert.equal(forced.statusCode, 200, forced.body.slice(0, 300));
    assert.equal(forced.json().data.applicant.orgName, good.orgName);
  });
});

describe('query strings and path parameters', () => {
  test('every query-string schema refuses wrong types, unknown parameters and over-long values', async () => {
    const start = await stateFingerprint(t);
    const failures: string[] = [];
    const withQuery = routes.filter((r) => r.schema?.querystring && r.url.startsWith('/api/'));
    assert.ok(withQuery.length >= 6, withQuery.map((r) => r.key).join(', '));
    for (const route of withQuery) {
      const api = callerOf(route);
      const schema = route.schema!.querystring as BodySchema & { additionalProperties?: unknown };
      assert.equal(schema.additionalProperties, false, `${route.key}: additionalProperties: false`);
      const cases: [string, string][] = [['an unknown parameter', 'zzUnknown=1']];
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        if (prop.type === 'string') cases.push([`${name} of 10 000 characters`, `${name}=${'x'.repeat(10_000)}`]);
        if (prop.type === 'boolean') cases.push([`${name}=perhaps`, `${name}=perhaps`]);
      }
      for (const [what, query] of cases) {
        const res = await api.call(route.method as 'GET', `${pathOf(route)}?${query}`);
        assertRefused(res, `${route.key} ${what}`, 400, failures);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await stateFingerprint(t), start);
  });

  test('path parameters out of shape are refused before any lookup', async () => {
    const failures: string[] = [];
    const probes: [ApplicantApi, string, string][] = [
      [applicant, 'GET', `/api/applications/${'a'.repeat(65)}`],
      [applicant, 'GET', `/api/applications/${draftId}/attachments/${'../etc'}`],
      [applicant, 'GET', `/api/applications/${draftId}/attachments/slot%00`],
      [applicant, 'PUT', `/api/applications/${draftId}/steps/${'a'.repeat(41)}`],
      [staff.get('sysadmin')!, 'GET', '/api/admin/holidays/abc'],
      [staff.get('sysadmin')!, 'GET', '/api/admin/holidays/1999'],
      [staff.get('sysadmin')!, 'GET', '/api/admin/holidays/2026.5'],
      [staff.get('acceptor')!, 'GET', `/api/staff/cases/${'a'.repeat(65)}/documents/x`],
    ];
    for (const [api, method, url] of probes) {
      const res = await api.call(method as 'GET', url, method === 'PUT' ? { version: 1, values: {} } : undefined);
      assertRefused(res, `${method} ${url.slice(0, 80)}`, [400, 404], failures);
    }
    assert.deepEqual(failures, []);
    // A parameter longer than the router allows is a plain 404, not an error page with internals.
    const huge = await applicant.call('GET', `/api/applications/${'a'.repeat(300)}`);
    assert.ok([400, 404, 414].includes(huge.statusCode), String(huge.statusCode));
    assert.doesNotMatch(huge.body, /at \w+ \(|node_modules/);
  });
});
