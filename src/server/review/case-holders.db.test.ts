import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fixturePdf } from '../../../test/support/applicant.ts';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { newStaff, type StaffMember } from '../../../test/support/staff.ts';

// Issue 18: 认领 / 指派 / 转办. A case at a staff node is worked by one person at a time: two claims
// at once → one wins and the other is told who; only the holder acts; the holder hands over to a
// colleague with the node's role (with a reason); the 负责人 assigns and releases any case; the
// holder stays through 补正 and is cleared when the case moves to another role's node.

let t: TestApp;
const staff: Record<'jia' | 'yi' | 'reviewer' | 'head', StaffMember & { accountId: string; name: string }> = {} as never;

before(async () => {
  t = await buildTestApp();
  const names = { jia: '甲受理', yi: '乙受理', reviewer: '丙审查', head: '丁负责人' } as const;
  const roles = { jia: ['acceptor'], yi: ['acceptor'], reviewer: ['reviewer'], head: ['head'] } as const;
  for (const key of Object.keys(names) as (keyof typeof names)[]) {
    const member = await newStaff(t, [...roles[key]]);
    const account = (await member.api.browser.sessionInfo()).account!;
    await t.database.db.updateTable('accounts').set({ displayName: names[key] }).where('id', '=', account.id).execute();
    staff[key] = { ...member, accountId: account.id, name: names[key] };
  }
});
after(async () => {
  await t?.close();
});

const caseOf = async (who: StaffMember, id: string) => (await who.api.call('GET', `/api/staff/cases/${id}`)).json();
const post = (who: StaffMember, id: string, what: string, body: unknown = {}) => who.api.call('POST', `/api/staff/cases/${id}/${what}`, body);

async function queueRow(who: StaffMember, id: string, filter = '') {
  const res = await who.api.call('GET', `/api/staff/cases?queue=${encodeURIComponent('待受理')}&pageSize=100${filter}`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().cases as { id: string; holder: { name: string; mine: boolean } | null }[]).find((c) => c.id === id);
}

describe('认领, 转办, 指派', () => {
  test('two claim at once: one wins, the other is told who holds it; the queue shows the holder', async () => {
    const { id } = await submittedCase(t, 'survey-b', 'first');
    const [a, b] = await Promise.all([post(staff.jia, id, 'claim', { node: 'accept' }), post(staff.yi, id, 'claim', { node: 'accept' })]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    const [winner, loser] = a.statusCode === 200 ? [staff.jia, staff.yi] : [staff.yi, staff.jia];
    const lost = (a.statusCode === 409 ? a : b).json().error;
    assert.equal(lost.code, 'CASE_HELD_BY_OTHER');
    assert.match(lost.message, new RegExp(`已由${winner.name}于\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d认领`));
    const claims = await t.database.db.selectFrom('auditLog').select('actorAccountId').where('action', '=', 'case.claim').where('objectId', '=', id).execute();
    assert.deepEqual(claims, [{ actorAccountId: winner.accountId }], 'one claim, audited once');
    // Claiming one's own case again changes nothing.
    assert.equal((await post(winner, id, 'claim', {})).statusCode, 200);
    assert.equal((await t.database.db.selectFrom('caseAssignments').select('kind').where('applicationId', '=', id).execute()).length, 1);

    assert.deepEqual((await queueRow(loser, id))?.holder, { name: winner.name, mine: false });
    assert.deepEqual((await queueRow(winner, id))?.holder, { name: winner.name, mine: true });
    assert.ok(await queueRow(winner, id, '&holder=mine'));
    assert.equal(await queueRow(loser, id, '&holder=mine'), undefined);
    assert.equal(await queueRow(loser, id, '&holder=free'), undefined);

    // Only the holder works it: the other sees who holds it and no buttons; a step anyway is refused.
    const seen = await caseOf(loser, id);
    assert.deepEqual(seen.actions, []);
    assert.equal(seen.holding.holder.name, winner.name);
    assert.equal(seen.holding.canClaim, false);
    const refused = await post(loser, id, 'actions', { action: 'accept', version: seen.version });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'CASE_HELD_BY_OTHER');
    assert.equal((await caseOf(winner, id)).version, seen.version, 'nothing changed');
    // Nor may the other release or hand it on.
    assert.equal((await post(loser, id, 'release')).json().error.code, 'CASE_NOT_HELD_BY_YOU');
    assert.equal((await post(loser, id, 'transfer', { to: loser.accountId, reason: '我来办' })).json().error.code, 'CASE_HELD_BY_OTHER');
  });

  test('转办 needs a reason and a colleague with the node’s role; then the colleague alone acts, and 受理 clears the holder', async () => {
    const { id } = await submittedCase(t, 'survey-b', 'first');
    assert.equal((await post(staff.jia, id, 'claim', { node: 'accept' })).statusCode, 200);
    const view = await caseOf(staff.jia, id);
    assert.equal(view.holding.canTransfer, true);
    assert.deepEqual(
      view.holding.assignees.map((s: { name: string }) => s.name).filter((n: string) => n === '甲受理' || n === '乙受理').sort(),
      ['乙受理', '甲受理'],
    );
    assert.ok(!view.holding.assignees.some((s: { name: string }) => s.name === staff.reviewer.name), 'only the node’s role');

    for (const [body, status, code] of [
      [{ to: staff.yi.accountId }, 400, 'TRANSFER_REASON_REQUIRED'],
      [{ to: staff.yi.accountId, reason: '  ' }, 400, 'TRANSFER_REASON_REQUIRED'],
      [{ to: staff.reviewer.accountId, reason: '岗位调整' }, 422, 'ASSIGNEE_INVALID'],
      [{ to: 'not-an-id', reason: '岗位调整' }, 422, 'ASSIGNEE_INVALID'],
      [{ to: staff.jia.accountId, reason: '岗位调整' }, 422, 'ASSIGNEE_IS_SELF'],
    ] as const) {
      const res = await post(staff.jia, id, 'transfer', body);
      assert.equal(res.statusCode, status, JSON.stringify(body));
      assert.equal(res.json().error.code, code);
    }
    const moved = await post(staff.jia, id, 'transfer', { to: staff.yi.accountId, reason: '甲外出培训', node: 'accept' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().holding.holder.name, '乙受理');
    assert.deepEqual(moved.json().actions, [], 'the one who handed over no longer acts');

    const mine = await caseOf(staff.yi, id);
    const entry = mine.history.find((h: { action: string }) => h.action === 'transfer');
    assert.deepEqual({ label: entry.actionLabel, actor: entry.actor, remark: entry.remark }, { label: '转办给乙受理', actor: '甲受理', remark: '甲外出培训' });
    assert.deepEqual(mine.history.filter((h: { action: string }) => h.action === 'claim').map((h: { actor: string }) => h.actor), ['甲受理']);

    const accepted = await post(staff.yi, id, 'actions', { action: 'accept', version: mine.version });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().holding.holder, null, '审查 is another role’s: the case is free in 待审查');
    const review = await caseOf(staff.reviewer, id);
    assert.equal(review.holding.canClaim, true);
    assert.equal((await post(staff.jia, id, 'claim', {})).json().error.code, 'ROLE_REQUIRED', 'an acceptor cannot claim a 审查 case');
    const stale = await post(staff.reviewer, id, 'claim', { node: 'accept' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'CASE_NOT_IN_STAGE');
  });

  test('the holder keeps the case through 补正: the resubmission comes back to the same clerk', async () => {
    const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
    await post(staff.yi, id, 'claim', {});
    const view = await caseOf(staff.yi, id);
    const asked = await post(staff.yi, id, 'actions', { action: 'request-correction', version: view.version, opinion: '请补充其他附件', correctionItems: ['attachments.otherAttachments'] });
    assert.equal(asked.statusCode, 200, asked.body);
    assert.equal(asked.json().holding.holder.name, '乙受理');
    const replaced = await applicant.upload(id, 'otherAttachments', fixturePdf('valid-3-pages.pdf'));
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal((await applicant.call('POST', `/api/applications/${id}/resubmit`, { version: replaced.json().version })).statusCode, 200);
    const back = await caseOf(staff.yi, id);
    assert.equal(back.state.node, 'accept');
    assert.deepEqual(back.holding.holder && { name: back.holding.holder.name, mine: back.holding.holder.mine }, { name: '乙受理', mine: true });
    assert.ok(back.actions.some((a: { key: string }) => a.key === 'accept'));
  });

  test('指派 and 释放 by the 负责人 over anyone’s hold; others may not assign', async () => {
    const { id } = await submittedCase(t, 'survey-b', 'first');
    await post(staff.jia, id, 'claim', {});
    const notHead = await post(staff.yi, id, 'assign', { to: staff.yi.accountId });
    assert.equal(notHead.statusCode, 403);
    assert.equal(notHead.json().error.code, 'ROLE_REQUIRED');

    const headView = await caseOf(staff.head, id);
    assert.equal(headView.holding.canAssign, true);
    assert.equal(headView.holding.canRelease, true);
    const wrong = await post(staff.head, id, 'assign', { to: staff.head.accountId });
    assert.equal(wrong.json().error.code, 'ASSIGNEE_INVALID', 'the 负责人 holds no 受理 role');
    const assigned = await post(staff.head, id, 'assign', { to: staff.yi.accountId, reason: '均衡工作量' });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json().holding.holder.name, '乙受理');
    assert.equal((await caseOf(staff.jia, id)).holding.holder.mine, false);

    const released = await post(staff.head, id, 'release');
    assert.equal(released.statusCode, 200, released.body);
    assert.equal(released.json().holding.holder, null);
    assert.deepEqual(
      released.json().history.filter((h: { node: string; action: string }) => ['claim', 'assign', 'release'].includes(h.action)).map((h: { actionLabel: string; actor: string }) => `${h.actor}:${h.actionLabel}`),
      ['甲受理:认领', '丁负责人:指派给乙受理（原经办人：甲受理）', '丁负责人:释放（原经办人：乙受理）'],
    );
    assert.ok(await queueRow(staff.jia, id, '&holder=free'));
    const audited = await t.database.db.selectFrom('auditLog').select('action').where('objectId', '=', id).where('action', 'like', 'case.%').orderBy('id').execute();
    assert.deepEqual(audited.map((r) => r.action), ['case.claim', 'case.assign', 'case.release']);
  });
});
