import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { ApplicantApi } from '../../../test/support/applicant.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';

// Issue 18: 中止审查 / 恢复审查. A case in 审查 stands suspended with a reason the applicant is told;
// no step is taken meanwhile; neither the node's period nor the statutory one runs; 恢复 tells the
// applicant again and the clocks run on. 仅看逾期 follows the moved due dates.

const DAY = 24 * 3_600_000;
let t: TestApp;
let suspended: { id: string; applicant: ApplicantApi };
let control: { id: string };

const caseOf = async (who: ApplicantApi, id: string) => (await who.call('GET', `/api/staff/cases/${id}`)).json();

async function overdueIds(who: ApplicantApi): Promise<string[]> {
  const res = await who.call('GET', `/api/staff/cases?queue=${encodeURIComponent('待审查')}&overdue=true&pageSize=100`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().cases.map((c: { id: string }) => c.id);
}

before(async () => {
  t = await buildTestApp();
  // Friday 2026-11-27, 10:00 Beijing: both accepted at once, so both enter 审查 (9 working days) together.
  const a = await submittedCase(t, 'survey-b', 'first');
  const b = await submittedCase(t, 'survey-b', 'first');
  suspended = { id: a.id, applicant: a.applicant };
  control = { id: b.id };
  const acceptor = await loggedInStaff(t, ['acceptor']);
  for (const id of [a.id, b.id]) {
    const res = await acceptor.call('POST', `/api/staff/cases/${id}/actions`, { action: 'accept', version: (await caseOf(acceptor, id)).version });
    assert.equal(res.statusCode, 200, res.body);
  }
});
after(async () => {
  await t?.close();
});

describe('中止审查 and 恢复审查', () => {
  test('refused without a reason, by another role, and at 受理; then suspended: no step, the applicant told, the clocks stand', async () => {
    const reviewer = await loggedInStaff(t, ['reviewer']);
    const acceptor = await loggedInStaff(t, ['acceptor']);
    const { id } = suspended;
    const before = await caseOf(reviewer, id);
    assert.equal(before.suspension.canSuspend, true);
    assert.equal((await caseOf(acceptor, id)).suspension.canSuspend, false);

    const noReason = await reviewer.call('POST', `/api/staff/cases/${id}/suspend`, { reason: '   ' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.code, 'SUSPEND_REASON_REQUIRED');
    const wrongRole = await acceptor.call('POST', `/api/staff/cases/${id}/suspend`, { reason: '核查中' });
    assert.equal(wrongRole.statusCode, 403);
    assert.equal(wrongRole.json().error.code, 'ACTION_ROLE_REQUIRED');
    const atAccept = await submittedCase(t, 'survey-b', 'first');
    const refused = await acceptor.call('POST', `/api/staff/cases/${atAccept.id}/suspend`, { reason: '核查中' });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'CASE_NOT_SUSPENDABLE');
    assert.match(refused.json().error.message, /「受理」环节不能中止审查/);

    const reason = '申请人涉嫌提供虚假业绩材料，正在向项目所在地核实';
    const res = await reviewer.call('POST', `/api/staff/cases/${id}/suspend`, { reason, node: 'review' });
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json();
    assert.equal(view.suspension.current.reason, reason);
    assert.equal(view.suspension.canResume, true);
    assert.deepEqual(view.actions, [], 'no buttons while suspended');
    assert.equal(view.deadline.suspended, true);
    assert.equal(view.caseDeadline.paused, true);
    assert.equal(view.caseDeadline.pausedFor, '中止审查');
    assert.ok(view.history.some((h: { actionLabel: string; opinion: string }) => h.actionLabel === '中止审查' && h.opinion === reason));

    const step = await reviewer.call('POST', `/api/staff/cases/${id}/actions`, { action: 'pass', version: view.version, opinion: '符合标准' });
    assert.equal(step.statusCode, 409);
    assert.equal(step.json().error.code, 'CASE_SUSPENDED');
    const twice = await reviewer.call('POST', `/api/staff/cases/${id}/suspend`, { reason });
    assert.equal(twice.json().error.code, 'CASE_SUSPENDED');
    // Nor an Art.42 延期 while the clock stands.
    assert.equal(view.extension.canRequest, false);
    const extension = await reviewer.call('POST', `/api/staff/cases/${id}/extension`, { reason: '涉及多个专业，需延期核查' });
    assert.equal(extension.statusCode, 409);
    assert.equal(extension.json().error.code, 'CASE_SUSPENDED');

    const message = await t.database.db.selectFrom('notifications').select(['title', 'body']).where('applicationId', '=', id).where('kind', '=', 'suspend').executeTakeFirstOrThrow();
    assert.match(message.title, /中止审查/);
    assert.ok(message.body.includes(reason) && message.body.includes('不计入审批时限'), message.body);
    const progress = (await suspended.applicant.call('GET', `/api/progress/${id}`)).json();
    assert.equal(progress.deadline.pausedFor, '中止审查');
    // 办事进度 reads every listed case's suspensions at once: the same deadline as 流程跟踪.
    const listed = (await suspended.applicant.call('GET', '/api/progress')).json().cases.find((c: { id: string }) => c.id === id);
    assert.deepEqual(listed.deadline, progress.deadline);
  });

  test('two weeks later: the control case is overdue in 审查, the suspended one is not; after 恢复 its due dates moved by the pause', async () => {
    t.clock.advance(14 * DAY); // Friday 2026-12-11: ten working days on
    const reviewer = await loggedInStaff(t, ['reviewer']);
    const held = await caseOf(reviewer, suspended.id);
    const ran = await caseOf(reviewer, control.id);
    assert.equal(ran.deadline.overdue, true, 'the control ran its 9 days out');
    assert.equal(held.deadline.overdue, false);
    assert.equal(held.deadline.remainingDays, (await caseOf(reviewer, suspended.id)).deadline.remainingDays);
    let overdue = await overdueIds(reviewer);
    assert.ok(overdue.includes(control.id));
    assert.ok(!overdue.includes(suspended.id), '仅看逾期 leaves a suspended case out though it entered long ago');

    const resumed = await reviewer.call('POST', `/api/staff/cases/${suspended.id}/resume`, { note: '核实无误' });
    assert.equal(resumed.statusCode, 200, resumed.body);
    const view = resumed.json();
    assert.equal(view.suspension.current, null);
    assert.ok(view.actions.some((a: { key: string }) => a.key === 'pass'), 'steps are back');
    assert.equal(view.deadline.suspended, false);
    assert.equal(view.deadline.overdue, false);
    assert.ok(view.deadline.due > ran.deadline.due, `${view.deadline.due} after ${ran.deadline.due}`);
    assert.equal(view.caseDeadline.paused, false);
    assert.ok(view.caseDeadline.remainingDays - ran.caseDeadline.remainingDays >= 10, 'the ten working days suspended are not counted');
    assert.deepEqual(
      view.history.filter((h: { action: string }) => h.action === 'suspend' || h.action === 'resume').map((h: { actionLabel: string }) => h.actionLabel),
      ['中止审查', '恢复审查'],
    );
    const told = await t.database.db.selectFrom('notifications').select('body').where('applicationId', '=', suspended.id).where('kind', '=', 'resume').executeTakeFirstOrThrow();
    assert.match(told.body, /恢复审查，中止期间（2026年11月27日至2026年12月11日）不计入审批时限。说明：核实无误/);
    overdue = await overdueIds(reviewer);
    assert.ok(!overdue.includes(suspended.id));
    assert.equal((await reviewer.call('POST', `/api/staff/cases/${suspended.id}/resume`, {})).json().error.code, 'CASE_NOT_SUSPENDED');

    // Once its moved due date has passed, 仅看逾期 lists it too.
    t.clock.advance(21 * DAY);
    const later = await loggedInStaff(t, ['reviewer']);
    assert.equal((await caseOf(later, suspended.id)).deadline.overdue, true);
    overdue = await overdueIds(later);
    assert.ok(overdue.includes(suspended.id) && overdue.includes(control.id));
    const audited = await t.database.db.selectFrom('auditLog').select('action').where('objectId', '=', suspended.id).where('action', 'in', ['case.suspend', 'case.resume']).orderBy('id').execute();
    assert.deepEqual(audited.map((a) => a.action), ['case.suspend', 'case.resume']);
  });
});
