/**
 * The statutory clock around a case: the 补正期限 (its notice, 办事进度, the 受理 clerk's 补正中
 * queue, 视为撤回), 补正 items of this case only, and the Art.45 特别程序告知书 when 专家评审 or 公示
 * stops the clock.
 */
import { chineseDate } from '../../domain/calendar/index.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { ApplicantApi } from '../../../test/support/applicant.ts';
import { reloginApplicant, StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { pdfPagesPng, pdfText as layoutText, popplerMissing } from '../../../test/support/pdf.ts';
import { CORRECTION_LIMIT_DAYS } from '../../domain/workflow/index.ts';
import { createCalendarService } from '../calendar/calendar.service.ts';

let t: TestApp;
let desk: StaffDesk;
const skip = popplerMissing();
const pdfText = (bytes: Buffer) => layoutText(bytes).replace(/\s+/g, '');
before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
});
after(() => t.close());

async function track(api: ApplicantApi, id: string) {
  const res = await api.call('GET', `/api/progress/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function documentText(api: ApplicantApi, id: string, kind: string, keepAs = kind) {
  const doc = (await track(api, id)).documents.find((d: { kind: string }) => d.kind === kind);
  assert.ok(doc, `a ${kind} document`);
  const res = await api.browser.request('GET', `/api/progress/${id}/documents/${doc.id}`);
  assert.equal(res.statusCode, 200);
  assert.ok(pdfPagesPng(res.rawPayload, keepAs).length >= 1, `${kind}: rendered`);
  return pdfText(res.rawPayload);
}

const calendarNow = () => createCalendarService({ db: t.database.db, clock: t.clock }).current();
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());

describe('补正期限', { skip }, () => {
  test('the notice states it and what happens after; 办事进度 shows it; past it the case surfaces in 补正中 and ends as 视为撤回', async () => {
    const start = t.clock.now();
    const { applicant, login, id } = await submittedCase(t, 'survey-b', 'first');
    const due = (await calendarNow()).addWorkingDays(today(), CORRECTION_LIMIT_DAYS);
    await desk.act('acceptor', id, 'request-correction', { opinion: '申请表缺少盖章页', correctionItems: ['attachments.applicationForm'] });

    const text = await documentText(applicant, id, 'correction');
    assert.ok(text.includes(`补正期限${chineseDate(due)}前`), text);
    assert.ok(text.includes('视为撤回申请'), 'the consequence is stated');
    const row = (await applicant.call('GET', '/api/progress')).json().cases.find((c: { id: string }) => c.id === id);
    assert.deepEqual([row.correctionDue.due, row.correctionDue.overdue], [due, false]);

    const acceptor = await desk.member('acceptor');
    const queue = async () => ((await acceptor.call('GET', '/api/staff/cases?queue=补正中')).json().cases as { id: string; deadline: { overdue: boolean } }[]).find((c) => c.id === id);
    assert.equal((await queue())?.deadline.overdue, false, 'watched by 受理 while it runs');
    let view = (await acceptor.call('GET', `/api/staff/cases/${id}`)).json();
    assert.ok(!view.actions.some((a: { key: string }) => a.key === 'lapse'), 'no 视为撤回 before the 补正期限');
    const early = await acceptor.call('POST', `/api/staff/cases/${id}/actions`, { action: 'lapse', version: view.version, opinion: '逾期' });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'CORRECTION_PERIOD_RUNNING');
    assert.match(early.json().error.message, /尚未届满/);

    // The day after the 补正期限.
    t.clock.set(new Date(`${due}T02:00:00Z`));
    t.clock.set(new Date(t.clock.now().getTime() + 86_400_000));
    desk.reset();
    const late = await reloginApplicant(t, login);
    const refused = await late.call('POST', `/api/applications/${id}/resubmit`, { version: (await late.call('GET', `/api/applications/${id}`)).json().version });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'CORRECTION_PERIOD_OVER');
    assert.match(refused.json().error.message, /补正期限已于.*届满/);
    const clerk = await desk.member('acceptor');
    const overdue = ((await clerk.call('GET', '/api/staff/cases?queue=补正中&overdue=true')).json().cases as { id: string }[]).map((c) => c.id);
    assert.ok(overdue.includes(id), '仅看逾期 finds it');
    view = (await clerk.call('GET', `/api/staff/cases/${id}`)).json();
    assert.ok(view.actions.some((a: { key: string }) => a.key === 'lapse'));
    const ended = await clerk.call('POST', `/api/staff/cases/${id}/actions`, { action: 'lapse', version: view.version, opinion: '补正期限届满未补正' });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().state.endLabel, '已撤回');
    assert.equal((await track(late, id)).status, 'closed');
    t.clock.set(start);
    desk.reset();
  });

  test('补正 may name only what this case has', async () => {
    const { id } = await submittedCase(t, 'struct-eng-2', 'initial');
    const acceptor = await desk.member('acceptor');
    const view = (await acceptor.call('GET', `/api/staff/cases/${id}`)).json();
    const values = view.correctionChoices.map((c: { value: string }) => c.value);
    assert.ok(!values.includes('content.formerCertificateNumber'), '原注册证书号 is not a field of an 初始注册');
    assert.ok(values.includes('attachments.applicationForm'));
    const res = await acceptor.call('POST', `/api/staff/cases/${id}/actions`, {
      action: 'request-correction',
      version: view.version,
      opinion: '请补充',
      correctionItems: ['content.formerCertificateNumber'],
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'CORRECTION_ITEM_FOREIGN');
    assert.deepEqual(res.json().error.fieldErrors, [{ path: 'correctionItems', message: '补正内容须从本案的填报项和附件中选择' }]);
    assert.match(res.json().error.message, /不是本案的填报项或附件/);
  });
});

describe('Art.45 特别程序', { skip }, () => {
  test('专家评审 needs a reason and an expected time, issues the 告知书, stops the clock, and restarts it visibly', async () => {
    const { applicant, login, id } = await submittedCase(t, 'survey-b', 'first');
    await desk.act('acceptor', id, 'accept');
    const before = (await track(applicant, id)).deadline.due;
    const reviewer = await desk.member('reviewer');
    const view = (await reviewer.call('GET', `/api/staff/cases/${id}`)).json();
    const action = view.actions.find((a: { key: string }) => a.key === 'expert-review');
    assert.equal(action.expectedPeriod, true);
    const missing = await reviewer.call('POST', `/api/staff/cases/${id}/actions`, { action: 'expert-review', version: view.version, opinion: '技术负责人业绩需专家认定' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.code, 'EXPECTED_DAYS_INVALID');
    assert.match(missing.json().error.message, /预计所需时间/);
    await desk.act('reviewer', id, 'expert-review', { opinion: '技术负责人业绩需专家认定', expectedDays: 15 });

    const end = (await calendarNow()).addWorkingDays(today(), 15);
    const text = await documentText(applicant, id, 'special-procedure');
    for (const part of ['特别程序告知书', '第四十五条', '专家评审', '15个工作日', chineseDate(end), '技术负责人业绩需专家认定', '不计入']) assert.ok(text.includes(part), `${part}: ${text}`);
    const stopped = await track(applicant, id);
    assert.equal(stopped.deadline.paused, true);
    assert.equal(stopped.deadline.pausedFor, '专家评审');
    assert.equal(stopped.deadline.due, null, 'no due date while the clock stands');
    assert.ok(stopped.steps.some((s: { actionLabel: string }) => s.actionLabel.includes('预计15个工作日')));

    // Three weeks later the review resumes: the due date moved by the stopped time, and the applicant is told.
    t.clock.set(new Date(t.clock.now().getTime() + 21 * 86_400_000));
    desk.reset();
    await desk.act('reviewer', id, 'complete-expert-review', { opinion: '专家评审通过' });
    const relogged = await reloginApplicant(t, login);
    const resumed = await track(relogged, id);
    assert.equal(resumed.deadline.paused, false);
    assert.ok(resumed.deadline.due > before, `the stopped weeks move the due date: ${before} → ${resumed.deadline.due}`);
    const messages = JSON.stringify((await relogged.call('GET', '/api/notifications')).json());
    assert.ok(messages.includes('专家评审已结束，办理时限自'), messages);
  });

  test('a 公示 is told in writing too, with its period', async () => {
    const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
    await desk.act('acceptor', id, 'accept');
    await desk.act('reviewer', id, 'pass', { opinion: '符合' });
    await desk.act('rechecker', id, 'pass');
    const batch = await desk.publish('notice', [id]);
    const text = await documentText(applicant, id, 'special-procedure', 'special-procedure-notice');
    assert.ok(text.includes('公示'), text);
    assert.ok(text.includes(`${chineseDate(batch.startsOn)}至${chineseDate(batch.endsOn)}`), `${batch.startsOn}–${batch.endsOn}: ${text}`);
  });
});
