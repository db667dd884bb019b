import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { accountRow, actorFor } from '../../../test/support/actor.ts';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { loggedInLegal, newBrowser } from '../../../test/support/flows.ts';
import { newStaff, type StaffMember } from '../../../test/support/staff.ts';
import { createBasicInfoService } from '../accounts/basic-info.service.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createAudit } from './audit.service.ts';

/**
 * The audit log (等保 level 3, QUALITY.md S7): applicant rows carry where they came from, the
 * audit administrator reads and exports them by name, and the table keeps them at least 180 days.
 */

let t: TestApp;
let applicant: ApplicantApi;
let applicantLogin: Awaited<ReturnType<typeof loggedInLegal>>;
let auditor: StaffMember;
let acceptor: StaffMember;
let caseId: string;
let caseNumber: string;
const ORG = `审计测试甲设计院${Date.now() % 100000}`;

before(async () => {
  t = await buildTestApp();
  applicantLogin = await loggedInLegal(t, { orgName: ORG });
  applicant = new ApplicantApi(t, applicantLogin.browser);
  auditor = await newStaff(t, ['auditor']);
  acceptor = await newStaff(t, ['acceptor']);
});
after(() => t?.close());

type Row = { action: string; actorAccountId: string | null; clientIp: string | null; requestId: string | null; objectId: string | null; id: string };
const rowsOf = (objectId: string): Promise<Row[]> =>
  t.database.db.selectFrom('auditLog').select(['id', 'action', 'actorAccountId', 'clientIp', 'requestId', 'objectId']).where('objectId', '=', objectId).orderBy('id').execute();

describe('request context: applicant rows say where they came from', () => {
  test('create, upload, save-step and submit carry the client address and the request id the answer named', async () => {
    const draft = (await applicant.completeDraft('survey-b', 'first')) as Awaited<ReturnType<ApplicantApi['completeDraft']>> & { data: Record<string, unknown> };
    // A refused upload is written outside any transaction, from the actor the service is handed.
    const refused = await applicant.upload(draft.id, 'applicationForm', Buffer.from('not a pdf at all'));
    assert.equal(refused.statusCode, 415, refused.body);
    const saved = await applicant.call('PUT', `/api/applications/${draft.id}/steps/applicant`, { version: draft.version, values: draft.data.applicant });
    assert.equal(saved.statusCode, 200, saved.body);
    const submitted = await applicant.call('POST', `/api/applications/${draft.id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    caseId = draft.id;
    caseNumber = submitted.json().number;

    const rows = await rowsOf(draft.id);
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ['application.create', 'attachment.upload', 'attachment.reject', 'application.save-step', 'application.submit']) assert.ok(actions.has(action), action);
    for (const r of rows) {
      assert.equal(r.clientIp, applicantLogin.browser.remoteAddress, `${r.action}: client address`);
      assert.match(r.requestId ?? '', /^[0-9a-f-]{36}$/, `${r.action}: request id`);
      assert.equal(r.actorAccountId, applicantLogin.account.id, `${r.action}: actor`);
    }
    assert.equal(new Set(rows.map((r) => r.requestId)).size, rows.length, 'one request per row');

    // The id each answer names in x-request-id is the id of its row.
    const savedId = saved.headers['x-request-id'];
    const submitId = submitted.headers['x-request-id'];
    assert.match(String(savedId), /^[0-9a-f-]{36}$/);
    assert.equal(rows.filter((r) => r.action === 'application.save-step').at(-1)!.requestId, savedId);
    assert.equal(rows.find((r) => r.action === 'application.submit')!.requestId, submitId);
    assert.equal(rows.find((r) => r.action === 'attachment.reject')!.requestId, refused.headers['x-request-id']);
    const createAnswer = applicantLogin.browser.history.find((h) => h.method === 'POST' && h.url === '/api/applications');
    assert.equal(rows.find((r) => r.action === 'application.create')!.requestId, createAnswer!.res.headers['x-request-id']);
  });

  test('staff rows keep the request they are handed', async () => {
    const view = (await acceptor.api.call('GET', `/api/staff/cases/${caseId}`)).json();
    const accepted = await acceptor.api.call('POST', `/api/staff/cases/${caseId}/actions`, { action: 'accept', version: view.version });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const accept = (await rowsOf(caseId)).find((r) => r.action === 'case.accept')!;
    assert.equal(accept.clientIp, acceptor.api.browser.remoteAddress);
    assert.equal(accept.requestId, accepted.headers['x-request-id']);
  });

  test('a service called with an actor writes that actor’s address and request id, with no request around it', async () => {
    const basicInfo = createBasicInfoService({ db: t.database.db, audit: createAudit({ db: t.database.db }), clock: t.clock });
    const account = await accountRow(t, applicantLogin.account.id);
    const actor = actorFor(account, { clientAddress: '198.51.100.23', requestId: 'b6f1c2d4-0000-4000-8000-00000000a17e' });
    await basicInfo.save(actor, { postalCode: '100101', phone: '010-62345678' });
    const row = await t.database.db
      .selectFrom('auditLog')
      .select(['actorAccountId', 'clientIp', 'requestId'])
      .where('action', '=', 'account.basic-info')
      .where('objectId', '=', account.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { actorAccountId: account.id, clientIp: '198.51.100.23', requestId: 'b6f1c2d4-0000-4000-8000-00000000a17e' });
  });
});

type Entry = { id: string; at: string; action: string; actionLabel: string; outcome: string; person: string; login: string | null; object: string; clientIp: string | null; requestId: string | null };
async function audit(query: Record<string, string> = {}): Promise<Entry[]> {
  const res = await auditor.api.call('GET', `/api/admin/audit?${new URLSearchParams(query)}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().entries;
}

describe('the audit page: names, filters, paging', () => {
  test('people, actions and objects by name', async () => {
    const [submit] = await audit({ action: 'application.submit', person: ORG });
    assert.ok(submit, 'the submit row');
    assert.equal(submit.actionLabel, '提交申请');
    assert.equal(submit.person, `${ORG}（法人）`);
    assert.equal(submit.login, applicantLogin.form.uscc);
    assert.equal(submit.object, `申报编号 ${caseNumber}`);
    assert.equal(submit.clientIp, applicantLogin.browser.remoteAddress);

    const [accept] = await audit({ action: 'case.accept' });
    assert.equal(accept!.actionLabel, '受理');
    assert.equal(accept!.person, '工作人员acceptor（受理）');
    assert.equal(accept!.login, acceptor.username);
    assert.equal(accept!.object, `申报编号 ${caseNumber}`);

    // IdP-only events name the identity provider's user; a failed login names nobody.
    const [enroll] = await audit({ action: 'idp.totp-enroll', person: auditor.username });
    assert.equal(enroll!.actionLabel, '绑定动态口令');
    assert.equal(enroll!.person, '工作人员auditor（审计管理员）');
    assert.equal(enroll!.login, auditor.username);
    assert.equal(enroll!.object, '账号 工作人员auditor');
    const stranger = newBrowser(t);
    await stranger.request('GET', '/auth/login?returnTo=/');
    await stranger.request('GET', '/auth/callback?code=forged&state=forged');
    const failed = (await audit({ action: 'auth.login', outcome: 'failure' }))[0]!;
    assert.equal(failed.person, '未登录');
    assert.equal(failed.clientIp, stranger.remoteAddress);

    // An action without a Chinese name shows its code.
    await t.database.db.insertInto('auditLog').values({ action: 'future.thing', details: '{}' }).execute();
    const [future] = await audit({ action: 'future.thing' });
    assert.equal(future!.actionLabel, 'future.thing');
    assert.equal(future!.object, '');
  });

  test('filters: person (name or login), action, outcome, Beijing days; keyset paging', async () => {
    const byName = await audit({ person: ORG.slice(2, 9) });
    assert.ok(byName.length >= 4);
    assert.ok(byName.every((e) => e.person === `${ORG}（法人）`), 'only the applicant');
    const byLogin = await audit({ person: acceptor.username.slice(3, 12).toUpperCase() });
    assert.ok(byLogin.some((e) => e.action === 'case.accept'));
    assert.ok(byLogin.every((e) => e.login === acceptor.username), 'only the acceptor');
    assert.deepEqual(await audit({ person: '没有这个人%' }), []);

    const uploads = await audit({ action: 'attachment.upload' });
    assert.ok(uploads.length > 0 && uploads.every((e) => e.action === 'attachment.upload' && e.actionLabel === '上传附件'));
    const failures = await audit({ outcome: 'failure' });
    assert.ok(failures.some((e) => e.action === 'attachment.reject'));
    assert.ok(failures.every((e) => e.outcome === 'failure'));
    const rejects = await audit({ outcome: 'failure', action: 'attachment.reject', person: ORG });
    assert.equal(rejects.length, 1);

    // Midnight in Beijing is 16:00 UTC the day before.
    const at = (iso: string) => ({ action: 'auth.logout', actorAccountId: applicantLogin.account.id, at: new Date(iso), details: '{}' });
    await t.database.db.insertInto('auditLog').values([at('2026-03-01T15:59:59Z'), at('2026-03-01T16:00:00Z'), at('2026-03-02T15:59:59Z'), at('2026-03-02T16:00:00Z')]).execute();
    const day = async (from: string, to: string) => (await audit({ from, to, action: 'auth.logout' })).map((e) => e.at);
    assert.deepEqual(await day('2026-03-01', '2026-03-01'), ['2026-03-01T15:59:59.000Z']);
    assert.deepEqual(await day('2026-03-02', '2026-03-02'), ['2026-03-02T15:59:59.000Z', '2026-03-01T16:00:00.000Z']);
    assert.deepEqual(await day('2026-03-01', '2026-03-03'), ['2026-03-02T16:00:00.000Z', '2026-03-02T15:59:59.000Z', '2026-03-01T16:00:00.000Z', '2026-03-01T15:59:59.000Z']);
    assert.equal((await audit({ from: '2026-03-03', action: 'auth.logout', person: ORG })).length, 1);

    const refused: Record<string, string>[] = [{ from: '2026-03-02', to: '2026-03-01' }, { from: '2026-02-30' }, { to: '2026-13-01' }, { outcome: 'maybe' }, { action: 'DROP TABLE' }];
    for (const query of refused) {
      const res = await auditor.api.call('GET', `/api/admin/audit?${new URLSearchParams(query)}`);
      assert.equal(res.statusCode, 400, `${JSON.stringify(query)}: ${res.body}`);
      assert.match(res.json().error.message, /\p{Script=Han}/u);
    }

    await t.database.db.insertInto('auditLog').values(Array.from({ length: 60 }, (_, i) => ({ action: 'future.filler', details: JSON.stringify({ i }) }))).execute();
    const first = await audit();
    assert.equal(first.length, 50, 'a page');
    const next = await audit({ before: first.at(-1)!.id });
    assert.ok(next.length > 0 && next.every((e) => BigInt(e.id) < BigInt(first.at(-1)!.id)));
    assert.ok(next.every((e, i) => i === 0 || BigInt(e.id) < BigInt(next[i - 1]!.id)), 'newest first');
  });
});

describe('export', () => {
  test('CSV with BOM and a Chinese header, exactly the filtered rows, audited; auditors only', async () => {
    const res = await auditor.api.call('GET', `/api/admin/audit/export?${new URLSearchParams({ person: ORG, action: 'application.submit' })}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="audit-log-\d{8}-\d{4}\.csv"; filename\*=UTF-8''%E5%AE%A1/);
    assert.match(String(res.headers['cache-control']), /no-store/);
    assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    assert.equal(lines[0], '时间,操作人,登录名,操作,操作代码,结果,对象,对象标识,来源地址,请求编号,详情');
    assert.equal(lines.at(-1), '', 'ends with a line break');
    const rows = lines.slice(1, -1);
    assert.equal(rows.length, 1, rows.join('\n'));
    const fields = rows[0]!.split(',');
    assert.match(fields[0]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.deepEqual(fields.slice(1, 8), [`${ORG}（法人）`, applicantLogin.form.uscc, '提交申请', 'application.submit', '成功', `申报编号 ${caseNumber}`, caseId]);
    assert.equal(fields[8], applicantLogin.browser.remoteAddress);

    const exports = await t.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'audit.export').orderBy('id').execute();
    assert.equal(exports.length, 1);
    const [auditorAccount] = await t.database.db.selectFrom('accounts').select('id').where('subject', '=', auditor.id).execute();
    assert.equal(exports[0]!.actorAccountId, auditorAccount!.id);
    assert.deepEqual((exports[0]!.details as { filter: unknown }).filter, { person: ORG, action: 'application.submit' });
    assert.equal(exports[0]!.requestId, res.headers['x-request-id']);

    // An export covers the rows written before it: its own row shows in the next one.
    const csv = async (query: Record<string, string>) => (await auditor.api.call('GET', `/api/admin/audit/export?${new URLSearchParams(query)}`)).body.split('\r\n').slice(1, -1);
    const own = await csv({ action: 'audit.export' });
    assert.equal(own.length, 1, 'the earlier export, not this one');
    assert.ok(own.every((l) => l.includes('导出审计日志') && l.includes('工作人员auditor（审计管理员）')));

    // Everything, unfiltered, has one line per row before the export.
    const total = await t.database.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal((await csv({})).length, Number(total.n));

    for (const who of [acceptor.api, applicant]) {
      const refused = await who.call('GET', '/api/admin/audit/export');
      assert.equal(refused.statusCode, 403, refused.body);
      assert.doesNotMatch(refused.body, /提交申请/);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/admin/audit/export' });
    assert.equal(anonymous.statusCode, 401);
    const bad = await auditor.api.call('GET', '/api/admin/audit/export?from=2026-02-30');
    assert.equal(bad.statusCode, 400);
  });
});

describe('retention: append-only, at least 180 days, purged after AUDIT_RETENTION_DAYS', () => {
  test('the table refuses updates, young deletes and truncation; the daily job purges only past retention', async () => {
    const db = t.database.db;
    const recent = await db.selectFrom('auditLog').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await assert.rejects(db.updateTable('auditLog').set({ outcome: 'failure' }).where('id', '=', recent.id).execute(), /append-only/);
    await assert.rejects(db.deleteFrom('auditLog').where('id', '=', recent.id).execute(), /180 days/);
    await assert.rejects(sql`truncate audit_log`.execute(db), /cannot be truncated/);
    await assert.rejects(sql`delete from audit_log where at > now() - interval '170 days'`.execute(db), /180 days/);

    const aged = async (days: number) =>
      String((await db.insertInto('auditLog').values({ action: 'auth.login', details: JSON.stringify({ aged: days }), at: sql<Date>`now() - make_interval(days => ${days})` }).returning('id').executeTakeFirstOrThrow()).id);
    const old = await aged(1200);
    const kept = await aged(400);
    const young = await aged(179);
    const deletable = await aged(181);
    await assert.rejects(db.deleteFrom('auditLog').where('id', '=', young).execute(), /180 days/);
    await db.deleteFrom('auditLog').where('id', '=', deletable).execute();

    const before = Number((await db.selectFrom('auditLog').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(t.config.auditRetentionDays, 1095, 'three years by default');
    assert.equal(await t.app.jobs.purgeAudit(), 1);
    assert.equal(await t.app.jobs.purgeAudit(), 0, 'nothing left to purge');
    const ids = new Set((await db.selectFrom('auditLog').select('id').execute()).map((r) => String(r.id)));
    assert.ok(!ids.has(old) && ids.has(kept) && ids.has(young) && ids.has(recent.id));
    assert.equal(ids.size, before, 'one row gone, the purge audited');
    const purge = await db.selectFrom('auditLog').selectAll().where('action', '=', 'audit.purge').executeTakeFirstOrThrow();
    assert.deepEqual([purge.actorLabel, purge.actorAccountId, purge.clientIp, purge.requestId], ['system', null, null, null], 'a job has no request');
    assert.deepEqual(purge.details, { removed: 1, olderThanDays: 1095 });
    const [shown] = await audit({ person: '系统', action: 'audit.purge' });
    assert.deepEqual([shown!.person, shown!.actionLabel, shown!.object, shown!.clientIp], ['系统', '清理过期审计日志', '审计日志', null]);

    await assert.rejects(createAudit({ db }).purgeOlderThan(30), /below 180/);
    assert.equal(await createAudit({ db }).purgeOlderThan(300), 1, 'a shorter retention reaches the 400-day row');
  });

  test('AUDIT_RETENTION_DAYS below 180 is refused at start, naming the key', () => {
    assert.throws(
      () => loadConfig({ AUDIT_RETENTION_DAYS: '30' }),
      (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.startsWith('AUDIT_RETENTION_DAYS:') && p.includes('180')),
    );
    assert.throws(() => loadConfig({ AUDIT_RETENTION_DAYS: 'forever' }), /AUDIT_RETENTION_DAYS/);
    assert.equal(loadConfig({}).auditRetentionDays, 1095);
    assert.equal(loadConfig({ AUDIT_RETENTION_DAYS: '180' }).auditRetentionDays, 180);
  });
});
