import { chineseDate } from '../../domain/calendar/index.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { ApplicantApi } from '../../../test/support/applicant.ts';
import { StaffDesk, submittedCase } from '../../../test/support/cases.ts';
import { pdfPagesPng, pdfText as layoutText, popplerMissing } from '../../../test/support/pdf.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';
import { assertContract } from '../../../test/support/contract.ts';
import { CaseTrackSchema, NotificationPageSchema } from '../../contract/progress.ts';
import { CaseViewSchema, ExtensionQueueSchema } from '../../contract/staff.ts';

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
  assertContract(CaseTrackSchema, res.json(), '流程跟踪');
  return res.json();
}

async function download(api: ApplicantApi, url: string) {
  const res = await api.browser.request('GET', url);
  assert.equal(res.statusCode, 200, res.body);
  return res.rawPayload;
}

async function caseView(role: 'reviewer' | 'head' | 'rechecker', id: string) {
  const body = (await (await desk.member(role)).call('GET', `/api/staff/cases/${id}`)).json();
  assertContract(CaseViewSchema, body, 'case page');
  return body;
}

const ask = async (role: 'reviewer' | 'rechecker' | 'acceptor', id: string, reason = '涉及多个专业，需补充核查人员社保记录') =>
  (await desk.member(role)).call('POST', `/api/staff/cases/${id}/extension`, { reason });

/** A refusal with its status and code. */
function assertRefused(res: { statusCode: number; body: string; json(): { error: { code: string } } }, status: number, code: string, label = code): void {
  assert.equal(res.statusCode, status, `${label}: ${res.body}`);
  assert.equal(res.json().error.code, code, label);
}

async function pendingOf(id: string) {
  const res = await (await desk.member('head')).call('GET', '/api/staff/extensions');
  assert.equal(res.statusCode, 200, res.body);
  assertContract(ExtensionQueueSchema, res.json(), '延期审批');
  return res.json().pending.find((p: { applicationId: string }) => p.applicationId === id);
}

describe('Art.42 延期', { skip }, () => {
  test('asked at 审查, approved by the 负责人: +10 working days once, 延期审批告知书 to the applicant, shown in 流程跟踪', async () => {
    const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
    assertRefused(await ask('reviewer', id), 409, 'EXTENSION_WRONG_STAGE', 'not before 受理 (the case is not at 审查)');
    await desk.act('acceptor', id, 'accept');
    const before = (await track(applicant, id)).deadline;
    assert.equal(before.limitDays, 20);

    assertRefused(await ask('acceptor', id), 409, 'EXTENSION_NOT_HANDLER', 'only 审查’s handler asks at 审查');
    const short = await (await desk.member('reviewer')).call('POST', `/api/staff/cases/${id}/extension`, { reason: '  ' });
    assertRefused(short, 400, 'EXTENSION_REASON_TOO_SHORT');
    assert.match(short.json().error.message, /延期理由/);
    assert.deepEqual(short.json().error.fieldErrors, [{ path: 'reason', message: '请写明延期理由' }]);
    assert.equal((await ask('reviewer', id)).statusCode, 201);
    assertRefused(await ask('reviewer', id), 409, 'EXTENSION_PENDING', 'one pending request at a time');
    assert.equal((await caseView('reviewer', id)).extension.requests[0].status, 'pending');

    // Only the 负责人 decides; a reviewer may not.
    const pending = await pendingOf(id);
    assert.ok(pending, 'listed for the 负责人');
    const byReviewer = await (await desk.member('reviewer')).call('POST', `/api/staff/extensions/${pending.id}/decision`, { approve: true });
    assertRefused(byReviewer, 403, 'ROLE_REQUIRED');
    assert.equal((await (await desk.member('reviewer')).call('GET', '/api/staff/extensions')).statusCode, 403);

    const approved = await (await desk.member('head')).call('POST', `/api/staff/extensions/${pending.id}/decision`, { approve: true });
    assert.equal(approved.statusCode, 200, approved.body);
    const again = await (await desk.member('head')).call('POST', `/api/staff/extensions/${pending.id}/decision`, { approve: true });
    assertRefused(again, 409, 'EXTENSION_ALREADY_APPROVED', 'decided once');

    const view = await track(applicant, id);
    assert.equal(view.deadline.limitDays, 30);
    assert.equal(view.deadline.extensionDays, 10);
    assert.ok(view.deadline.due > before.due, `${view.deadline.due} after ${before.due}`);
    assert.deepEqual([view.extension.dueBefore, view.extension.dueAfter], [before.due, view.deadline.due]);
    const step = view.steps.find((s: { nodeLabel: string }) => s.nodeLabel === '延期审批');
    assert.match(step.actionLabel, /延长10个工作日/);
    assert.match(step.opinion, /社保记录/);

    const doc = view.documents.find((d: { kind: string }) => d.kind === 'extension');
    assert.equal(doc.title, '延期审批告知书');
    const bytes = await download(applicant, `/api/progress/${id}/documents/${doc.id}`);
    assert.ok(pdfPagesPng(bytes, 'extension').length >= 1, 'rendered');
    const text = pdfText(bytes);
    for (const part of ['延期审批告知书', '第四十二条', '负责人批准', '涉及多个专业，需补充核查人员社保记录', chineseDate(before.due), chineseDate(view.deadline.due)]) {
      assert.ok(text.includes(part), `告知书 says ${part}: ${text}`);
    }
    const messages = (await applicant.call('GET', '/api/notifications')).json();
    assertContract(NotificationPageSchema, messages, '站内消息');
    assert.ok(JSON.stringify(messages).includes('办理期限延长10个工作日'), 'the applicant is told');

    // Once per case (Art.42), also at 复核.
    await desk.act('reviewer', id, 'pass', { opinion: '符合' });
    const second = await ask('rechecker', id);
    assertRefused(second, 409, 'EXTENSION_ALREADY_GRANTED');
    assert.match(second.json().error.message, /已延期一次/);
    assert.equal((await caseView('rechecker', id)).extension.canRequest, false);

    const audit = await t.database.db.selectFrom('auditLog').select('action').where('objectId', '=', id).where('action', 'like', 'case.extension%').execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['case.extension-approve', 'case.extension-request']);
  });

  test('a refusal needs an opinion, changes no date, and the requester may not approve their own request', async () => {
    const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
    await desk.act('acceptor', id, 'accept');
    const before = (await track(applicant, id)).deadline.due;
    // A 负责人 who is also a reviewer asks: someone else must decide.
    const both = await loggedInStaff(t, ['reviewer', 'head']);
    assert.equal((await both.call('POST', `/api/staff/cases/${id}/extension`, { reason: '需征求行业主管部门意见' })).statusCode, 201);
    const pending = await pendingOf(id);
    const own = await both.call('POST', `/api/staff/extensions/${pending.id}/decision`, { approve: true });
    assertRefused(own, 403, 'EXTENSION_SELF_APPROVAL');
    assert.match(own.json().error.message, /本人/);

    const head = await desk.member('head');
    assertRefused(await head.call('POST', `/api/staff/extensions/${pending.id}/decision`, { approve: false }), 400, 'EXTENSION_OPINION_REQUIRED', 'opinion required');
    const refused = await head.call('POST', `/api/staff/extensions/${pending.id}/decision`, { approve: false, opinion: '理由不充分，请在法定期限内办结' });
    assert.equal(refused.statusCode, 200, refused.body);
    const view = await track(applicant, id);
    assert.equal(view.deadline.due, before);
    assert.equal(view.extension, null);
    assert.ok(!view.documents.some((d: { kind: string }) => d.kind === 'extension'));
    assert.equal((await caseView('reviewer', id)).extension.canRequest, true, 'a refused request may be made again');
  });

  test('a filing (备案) is not extended: Art.42 governs 行政许可', async () => {
    const { id } = await submittedCase(t, 'nonlocal-filing', 'filing');
    await desk.act('acceptor', id, 'accept');
    assert.equal((await caseView('reviewer', id)).extension.canRequest, false);
    const res = await ask('reviewer', id);
    assertRefused(res, 409, 'EXTENSION_NOT_FOR_FILING');
    assert.match(res.json().error.message, /备案事项不适用/);
  });

  test('no extension once the statutory period has run out', async () => {
    const { id } = await submittedCase(t, 'survey-b', 'first');
    await desk.act('acceptor', id, 'accept');
    assert.equal((await ask('reviewer', id)).statusCode, 201);
    const pending = await pendingOf(id);
    // Six weeks later the 20 working days are over.
    t.clock.set(new Date(t.clock.now().getTime() + 42 * 86_400_000));
    desk.reset();
    const late = await (await desk.member('head')).call('POST', `/api/staff/extensions/${pending.id}/decision`, { approve: true });
    assertRefused(late, 409, 'EXTENSION_APPROVAL_TOO_LATE');
    assert.match(late.json().error.message, /已于.*届满/);
    assert.match(late.json().error.details.due, /^\d{4}-\d{2}-\d{2}$/, 'details.due: the last day of the period');
  });
});
