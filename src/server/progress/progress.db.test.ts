import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { StaffDesk } from '../../../test/support/cases.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';

let t: TestApp;
let desk: StaffDesk;

before(async () => {
  t = await buildTestApp();
  desk = new StaffDesk(t);
});
after(async () => {
  await t?.close();
});

describe('办事进度 of an enterprise with several cases', () => {
  test('each case shows its own status and deadline, the same as its 流程跟踪', async () => {
    const applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
    const ids: Record<string, string> = {};
    for (const [item, type] of [['survey-b', 'first'], ['design-b', 'first'], ['nonlocal-filing', 'filing']] as const) {
      const draft = await applicant.completeDraft(item, type);
      const res = await applicant.call('POST', `/api/applications/${draft.id}/submit`);
      assert.equal(res.statusCode, 200, res.body);
      ids[item] = draft.id as string;
    }
    await desk.act('acceptor', ids['survey-b']!, 'accept');
    await desk.act('acceptor', ids['nonlocal-filing']!, 'accept');

    const list = (await applicant.call('GET', '/api/progress')).json().cases as Array<{ id: string; statusText: string; deadline: { limitDays: number; due: string } | null }>;
    assert.equal(list.length, 3);
    const row = (id: string) => list.find((c) => c.id === id)!;
    // The decision limit runs from 受理: 20 working days for a licence, 5 for a filing; none before 受理.
    assert.equal(row(ids['survey-b']!).deadline?.limitDays, 20);
    assert.equal(row(ids['nonlocal-filing']!).deadline?.limitDays, 5);
    assert.equal(row(ids['design-b']!).deadline, null);
    assert.equal(row(ids['survey-b']!).statusText, '已受理，审查中');
    for (const id of Object.values(ids)) {
      const track = (await applicant.call('GET', `/api/progress/${id}`)).json();
      assert.deepEqual(row(id).deadline, track.deadline, `the list and 流程跟踪 agree for ${id}`);
      assert.equal(row(id).statusText, track.statusText);
    }
  });
});
