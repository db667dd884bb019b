import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { ApplicantApi } from '../../../test/support/applicant.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { loggedInStaffAgain, newStaff, type StaffMember } from '../../../test/support/staff.ts';

// Issue 18: staff are warned in the 消息中心 when a case they hold is two working days from its node
// deadline — once per stay in the node; not for cases nobody holds, nor while a case is suspended.

const DAY = 24 * 3_600_000;
let t: TestApp;
let reviewer: StaffMember;
const ids: Record<'held' | 'free' | 'suspended', string> = {} as never;

before(async () => {
  t = await buildTestApp();
  const acceptor = await newStaff(t, ['acceptor']);
  reviewer = await newStaff(t, ['reviewer']);
  // Friday 2026-11-27: three cases enter 审查 (9 working days: due Thursday 2026-12-10).
  for (const key of ['held', 'free', 'suspended'] as const) {
    const { id } = await submittedCase(t, 'survey-b', 'first');
    const view = (await acceptor.api.call('GET', `/api/staff/cases/${id}`)).json();
    assert.equal((await acceptor.api.call('POST', `/api/staff/cases/${id}/actions`, { action: 'accept', version: view.version })).statusCode, 200);
    ids[key] = id;
  }
  for (const key of ['held', 'suspended'] as const) assert.equal((await reviewer.api.call('POST', `/api/staff/cases/${ids[key]}/claim`, {})).statusCode, 200);
  const s = await reviewer.api.call('POST', `/api/staff/cases/${ids.suspended}/suspend`, { reason: '核实业绩' });
  assert.equal(s.statusCode, 200, s.body);
});
after(async () => {
  await t?.close();
});

const warnings = () => t.database.db.selectFrom('notifications').select(['accountId', 'applicationId', 'title', 'body']).where('kind', '=', 'deadline-warning').execute();

test('the holder is warned once, two working days before the node deadline; free and suspended cases are not', async () => {
  assert.equal(await t.app.jobs.warnNearDeadlines(), 0, 'nine working days left: nothing yet');
  t.clock.advance(11 * DAY); // Tuesday 2026-12-08: two working days left
  assert.equal(await t.app.jobs.warnNearDeadlines(), 1);
  const [w, ...more] = await warnings();
  assert.deepEqual(more, []);
  assert.equal(w!.applicationId, ids.held);
  const account = (await t.database.db.selectFrom('accounts').select('id').where('subject', '=', reviewer.id).executeTakeFirstOrThrow()).id;
  assert.equal(w!.accountId, account);
  assert.match(w!.title, /「审查」办理时限将至/);
  assert.match(w!.body, /办理时限至2026年12月10日，还剩 2 个工作日/);
  assert.equal(await t.app.jobs.warnNearDeadlines(), 0, 'once per stay in the node');
  t.clock.advance(3 * DAY);
  assert.equal(await t.app.jobs.warnNearDeadlines(), 0, 'not again once overdue');

  // The holder reads it in the 消息中心 with the others of the account.
  const again: ApplicantApi = await loggedInStaffAgain(t, reviewer);
  const inbox = (await again.call('GET', '/api/notifications')).json();
  assert.ok(inbox.items.some((m: { title: string; applicationId: string }) => m.applicationId === ids.held && /办理时限将至/.test(m.title)));
});
