import assert from 'node:assert/strict';
import { CaseViewSchema } from '../../contract/staff.ts';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { reloginApplicant, reviewFullReview, StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { assertContract } from '../../../test/support/contract.ts';
import { TEST_BACKEND } from '../../../test/support/db.ts';
import { BatchListSchema, BatchPreviewSchema, BatchSchema, CandidateListSchema, CaseNoticesSchema, StatementListSchema, StatementViewSchema } from '../../contract/notices.ts';

let t: TestApp;
let desk: StaffDesk;
before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
});
after(() => t.close());

/** 23:00 in Beijing on that date. */
const lateOn = (date: string) => new Date(`${date}T15:00:00Z`);

async function caseOf(id: string) {
  return t.database.db.selectFrom('applications').select(['node', 'status', 'outcome', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
}

async function events(id: string, action: string) {
  return t.database.db.selectFrom('caseEvents').select(['actorRole', 'opinion']).where('applicationId', '=', id).where('action', '=', action).execute();
}

/** A 陈述 as the browser sends it: multipart with the text and PDF files. */
async function fileStatement(api: ApplicantApi, id: string, text: string, files: { name: string; bytes: Buffer }[] = []) {
  const boundary = `----zizhi${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n${text}\r\n`)];
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/pdf\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const session = await api.browser.sessionInfo();
  return t.app.inject({
    method: 'POST',
    url: `/api/progress/${id}/statements`,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      origin: TEST_PUBLIC_URL,
      'x-csrf-token': session.csrfToken ?? '',
      cookie: `zz_sid=${api.browser.cookie('zz_sid')}`,
    },
    payload: Buffer.concat(chunks),
    remoteAddress: api.browser.remoteAddress,
  });
}

describe('公示 batches, 陈述 and 公告', () => {
  test('publish, a statement on the last day accepted and one a day late refused, the job closes the period, the 公告 decides', async () => {
    t.clock.set(new Date('2026-11-27T02:00:00Z'));
    desk.reset();
    const agree = await submittedCase(t, 'survey-b', 'first');
    const disagree = await submittedCase(t, 'design-b', 'first');
    const objector = await submittedCase(t, 'survey-b', 'upgrade');
    await reviewFullReview(desk, agree.id);
    await reviewFullReview(desk, disagree.id, { action: 'fail', text: '技术负责人不满足乙级资质标准要求' });
    await reviewFullReview(desk, objector.id);

    const publisher = await desk.member('publisher');
    const candidates = assertContract(CandidateListSchema, (await publisher.call('GET', '/api/staff/notices/candidates?kind=notice')).json()).cases;
    assert.deepEqual(
      candidates.filter((c: { applicationId: string }) => [agree.id, disagree.id].includes(c.applicationId)).map((c: { opinion: string }) => c.opinion).sort(),
      ['不同意', '同意'],
    );
    // Others cannot publish; a single case cannot be published outside a batch.
    assert.equal((await agree.applicant.call('POST', '/api/staff/notices/batches', { kind: 'notice', applicationIds: [agree.id] })).statusCode, 403);
    assert.equal((await (await desk.member('reviewer')).call('POST', '/api/staff/notices/batches', { kind: 'notice', applicationIds: [agree.id] })).statusCode, 403);

    const preview = assertContract(BatchPreviewSchema, (await publisher.call('POST', '/api/staff/notices/preview', { kind: 'notice', applicationIds: [agree.id, disagree.id, objector.id] })).json());
    assert.match(preview.title, /^关于2026年第1批建设工程企业资质审查意见的公示$/);
    // Ten working days counting the day of publication (a Friday): to the Thursday two weeks on.
    assert.deepEqual(preview.period, { startsOn: '2026-11-27', endsOn: '2026-12-10', days: 10 });
    assert.equal((await caseOf(agree.id)).node, 'pre-notice', 'a preview changes nothing');

    const batch = assertContract(BatchSchema, await desk.publish('notice', [agree.id, disagree.id, objector.id]));
    assertContract(BatchSchema, (await publisher.call('GET', `/api/staff/notices/batches/${batch.id}`)).json());
    assertContract(BatchListSchema, (await publisher.call('GET', '/api/staff/notices/batches?kind=notice')).json());
    assert.equal(batch.title, preview.title);
    assert.equal(batch.endsOn, '2026-12-10');
    assert.deepEqual(batch.entries.map((e: { opinion: string }) => e.opinion), ['同意', '不同意', '同意']);
    assert.equal(batch.entries[1]!.reason, '技术负责人不满足乙级资质标准要求');
    for (const id of [agree.id, disagree.id, objector.id]) assert.equal((await caseOf(id)).node, 'notice');
    const again = await publisher.call('POST', '/api/staff/notices/batches', { kind: 'notice', applicationIds: [agree.id] });
    assert.equal(again.statusCode, 409, 'a case is published once');
    assert.equal(again.json().error.code, 'BATCH_CASE_NOT_WAITING');
    const agreeNumber = batch.entries.find((e: { applicationId: string }) => e.applicationId === agree.id)!.number;
    assert.deepEqual(again.json().error.details, { applicationId: agree.id, number: agreeNumber });
    assert.equal(again.json().error.message, `申报编号${agreeNumber}已不在“待公示”环节，请刷新后重新选择`);

    // The applicant's 流程跟踪-公示.
    const mine = assertContract(CaseNoticesSchema, (await objector.applicant.call('GET', `/api/progress/${objector.id}/notices`)).json());
    assert.equal(mine.notices[0]!.title, batch.title);
    assert.equal(mine.canFileStatement, true);
    assert.equal(mine.statementDeadline, '2026-12-10');
    assert.equal((await agree.applicant.call('GET', `/api/progress/${objector.id}/notices`)).statusCode, 404, "others' cases stay hidden");

    // The last day, 23:00 in Beijing: accepted, with a PDF; a renamed text file is refused and nothing is kept.
    t.clock.set(lateOn('2026-12-10'));
    desk.reset();
    const objectorApi = await reloginApplicant(t, objector.login);
    const txt = await fileStatement(objectorApi, objector.id, '我单位技术负责人已取得高级职称，附证明。', [{ name: '证明.pdf', bytes: Buffer.from('just text, renamed') }]);
    assert.equal(txt.statusCode, 415, txt.body);
    assert.equal(txt.json().error.code, 'ATTACHMENT_NOT_PDF');
    assert.match(txt.json().error.message, /证明\.pdf/);
    assert.equal((await t.database.db.selectFrom('statements').select('id').where('applicationId', '=', objector.id).execute()).length, 0);
    const empty = await fileStatement(objectorApi, objector.id, '   ');
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.code, 'STATEMENT_TEXT_REQUIRED');
    assert.deepEqual(empty.json().error.fieldErrors, [{ path: 'text', message: '请填写陈述内容' }]);
    const filed = await fileStatement(objectorApi, objector.id, '我单位技术负责人已取得高级职称，附证明。', [{ name: '职称证明.pdf', bytes: fixturePdf('valid-3-pages.pdf') }]);
    assert.equal(filed.statusCode, 201, filed.body);
    const statement = assertContract(CaseNoticesSchema, filed.json()).statements[0]!;
    assert.equal(statement.status, 'pending');
    assert.equal(statement.attachments[0]!.pages, 3);
    const file = await objectorApi.call('GET', `/api/progress/${objector.id}/statements/${statement.id}/files/${statement.attachments[0]!.id}`);
    assert.equal(file.statusCode, 200);
    assert.equal((await agree.applicant.call('GET', `/api/progress/${objector.id}/statements/${statement.id}/files/${statement.attachments[0]!.id}`)).statusCode, 401, 'expired session');

    // A day late: refused with the date, nothing stored.
    t.clock.set(new Date('2026-12-11T01:00:00Z'));
    const lateApi = await reloginApplicant(t, objector.login);
    const late = await fileStatement(lateApi, objector.id, '补充陈述');
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'STATEMENT_PERIOD_CLOSED');
    assert.equal(late.json().error.message, '公示期已于2026年12月10日结束，不再受理陈述');
    assert.deepEqual(late.json().error.details, { endsOn: '2026-12-10' });
    assert.equal((await t.database.db.selectFrom('statements').select('id').where('applicationId', '=', objector.id).execute()).length, 1);
    assert.equal((await lateApi.call('GET', `/api/progress/${objector.id}/notices`)).json().canFileStatement, false);

    // The job: the two cases without a statement move on; the one with a pending statement waits.
    desk.reset();
    const run = await t.app.jobs.closeNoticePeriods();
    assert.deepEqual(run, { batches: 1, cases: 2 });
    assert.deepEqual(await t.app.jobs.closeNoticePeriods(), { batches: 0, cases: 0 }, 'closed once');
    assert.equal((await caseOf(agree.id)).node, 'announce');
    assert.equal((await caseOf(disagree.id)).node, 'announce');
    assert.equal((await caseOf(objector.id)).node, 'notice');
    assert.deepEqual((await events(agree.id, 'close-notice')).map((e) => e.actorRole), ['system']);

    // The statement is answered (kept): the case moves on at once, the period being over.
    const queue = assertContract(StatementListSchema, (await (await desk.member('publisher')).call('GET', '/api/staff/statements')).json()).statements;
    assert.ok(queue.some((s: { id: string }) => s.id === statement.id));
    const detail = assertContract(StatementViewSchema, (await (await desk.member('publisher')).call('GET', `/api/staff/statements/${statement.id}`)).json());
    assert.equal(detail.attachments.length, 1);
    const staffFile = await (await desk.member('publisher')).call('GET', `/api/staff/statements/${statement.id}/files/${detail.attachments[0]!.id}`);
    assert.equal(staffFile.statusCode, 200);
    assert.equal((await (await desk.member('reviewer')).call('GET', `/api/staff/statements/${statement.id}`)).statusCode, 403);
    const replied = await (await desk.member('publisher')).call('POST', `/api/staff/statements/${statement.id}/reply`, { reply: '经核查，职称证明已补充，维持同意意见。', outcome: 'kept' });
    assert.equal(replied.statusCode, 200, replied.body);
    assertContract(StatementViewSchema, replied.json());
    assert.equal((await caseOf(objector.id)).node, 'announce');
    const answered = await (await desk.member('publisher')).call('POST', `/api/staff/statements/${statement.id}/reply`, { reply: '再次', outcome: 'kept' });
    assert.equal(answered.statusCode, 409);
    assert.equal(answered.json().error.code, 'STATEMENT_ALREADY_ANSWERED');

    // 办理记录 of the case: the 陈述 and its answer by name, in time order; the period's end by the system.
    const caseView = assertContract(CaseViewSchema, (await (await desk.member('publisher')).call('GET', `/api/staff/cases/${objector.id}`)).json());
    const lines = caseView.history.map((h) => `${h.nodeLabel}·${h.actionLabel}·${h.actor ?? ''}`);
    const filedAt = lines.findIndex((l) => l.startsWith('公示·申请人陈述·'));
    const answeredAt = lines.findIndex((l) => l.startsWith('公示·答复陈述：维持原审查意见·'));
    assert.ok(filedAt >= 0 && answeredAt > filedAt, lines.join('\n'));
    const filedLine = caseView.history[filedAt]!;
    assert.equal(filedLine.opinion, '我单位技术负责人已取得高级职称，附证明。');
    assert.ok(filedLine.actor && filedLine.actor !== 'system', 'the applicant by name');
    assert.equal(caseView.history[answeredAt]!.opinion, '经核查，职称证明已补充，维持同意意见。');
    assert.ok(caseView.history[answeredAt]!.actor, 'the publisher by name');
    const times = caseView.history.map((h) => Date.parse(h.at));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const agreeView = assertContract(CaseViewSchema, (await (await desk.member('publisher')).call('GET', `/api/staff/cases/${agree.id}`)).json());
    assert.equal(agreeView.history.find((h) => h.action === 'close-notice')?.actor, '系统自动办理');
    for (const h of [...agreeView.history, ...caseView.history]) assert.ok(h.actor, `${h.nodeLabel}·${h.actionLabel} names who acted`);

    // The 公告: 同意 → 制证 with the decision; 不同意 → 不予许可 with its reasons.
    const announcement = assertContract(BatchSchema, await desk.publish('announcement', [agree.id, disagree.id, objector.id]));
    assert.match(announcement.title, /^关于2026年第1批建设工程企业资质审批结果的公告$/);
    assert.deepEqual(announcement.entries.map((e: { opinion: string }) => e.opinion), ['准予许可', '不予许可', '准予许可']);
    assert.equal((await caseOf(agree.id)).node, 'issue');
    assert.deepEqual(await caseOf(disagree.id).then((c) => [c.status, c.outcome]), ['closed', 'rejected']);
    const docs = await t.database.db.selectFrom('issuedDocuments').select(['applicationId', 'title']).where('applicationId', 'in', [agree.id, disagree.id]).orderBy('issuedAt').execute();
    assert.ok(docs.some((d) => d.applicationId === agree.id && d.title === '准予行政许可决定书'));
    assert.ok(docs.some((d) => d.applicationId === disagree.id && d.title === '不予行政许可决定书'));
    const agreeApi = await reloginApplicant(t, agree.login);
    const view = assertContract(CaseNoticesSchema, (await agreeApi.call('GET', `/api/progress/${agree.id}/notices`)).json());
    assert.equal(view.announcements[0]!.opinion, '准予许可');
    assert.equal(view.notices[0]!.running, false);
  });

  test('a statement that succeeds sends the case back to 审查; its new 公示 is a new batch the old one does not close', async () => {
    t.clock.set(new Date('2027-01-04T02:00:00Z'));
    desk.reset();
    const c = await submittedCase(t, 'survey-b', 'first');
    await reviewFullReview(desk, c.id);
    const first = await desk.publish('notice', [c.id]);
    const filed = await fileStatement(c.applicant, c.id, '审查意见中的专业名称有误。');
    assert.equal(filed.statusCode, 201, filed.body);
    const statementId = filed.json().statements[0].id;
    const back = await (await desk.member('publisher')).call('POST', `/api/staff/statements/${statementId}/reply`, { reply: '陈述理由成立，退回重新审查。', outcome: 'returned' });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal((await caseOf(c.id)).node, 'review');
    assert.deepEqual((await events(c.id, 'return-to-review')).map((e) => e.opinion), ['陈述理由成立，退回重新审查。']);

    t.clock.set(new Date('2027-01-07T02:00:00Z'));
    desk.reset();
    await desk.act('reviewer', c.id, 'pass', { opinion: '更正专业名称后同意' });
    await desk.act('rechecker', c.id, 'pass');
    const second = await desk.publish('notice', [c.id]);
    assert.notEqual(second.id, first.id);
    // The first batch's period ends first: its closing must not move the case, now in the second.
    await desk.endPeriod(first);
    assert.equal((await caseOf(c.id)).node, 'notice');
    await desk.endPeriod(second);
    assert.equal((await caseOf(c.id)).node, 'announce');
    assert.equal((await events(c.id, 'close-notice')).length, 1);
  });

  test('the browser-test hook that runs the job as of a date does not exist unless TEST_HOOKS=true', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/__test/notice-periods/close', payload: { asOf: '2099-01-01' } });
    assert.equal(res.statusCode, 404);
  });

  test('periods that ended during downtime are all closed on the next run', async () => {
    t.clock.set(new Date('2027-02-01T02:00:00Z'));
    desk.reset();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await submittedCase(t, 'survey-b', 'first');
      await reviewFullReview(desk, c.id);
      await desk.publish('notice', [c.id], { periodDays: 1 + i });
      ids.push(c.id);
    }
    t.clock.set(new Date('2027-03-15T02:00:00Z'));
    assert.deepEqual(await t.app.jobs.closeNoticePeriods(), { batches: 3, cases: 3 });
    for (const id of ids) assert.equal((await caseOf(id)).node, 'announce');
  });

  test('two app processes on one PostgreSQL close each batch exactly once', { skip: TEST_BACKEND !== 'postgres' && 'needs PostgreSQL (PGlite is one process)' }, async () => {
    t.clock.set(new Date('2027-04-01T02:00:00Z'));
    desk.reset();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await submittedCase(t, 'survey-b', 'first');
      await reviewFullReview(desk, c.id);
      await desk.publish('notice', [c.id]);
      ids.push(c.id);
    }
    const startAt = Date.now() + 4000;
    const run = () =>
      new Promise<{ batches: number; cases: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/notice-job-process.ts'], {
          env: { ...process.env, DATABASE_URL: t.database.url, CLOCK_AT: '2027-05-01T02:00:00Z', START_AT: String(startAt) },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`job process exited ${code}`))));
      });
    const [a, b] = await Promise.all([run(), run()]);
    assert.equal(a.batches + b.batches, 6, `each batch closed by exactly one process: ${JSON.stringify([a, b])}`);
    for (const id of ids) {
      assert.equal((await caseOf(id)).node, 'announce');
      assert.equal((await events(id, 'close-notice')).length, 1);
    }
  });
});
