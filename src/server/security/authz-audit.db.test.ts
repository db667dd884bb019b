import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

const denials = (objectId: string) =>
  t.database.db.selectFrom('auditLog').select(['actorAccountId', 'outcome', 'details', 'clientIp', 'requestId']).where('action', '=', 'authz.denied').where('objectId', '=', objectId).execute();
const accountOf = async (api: { browser: { sessionInfo(): Promise<{ account?: { id: string } | null }> } }) => (await api.browser.sessionInfo()).account!.id;

describe('refused authorization is audited (ASVS V16.3.3)', () => {
  test('a staff member acting outside their role: 403, one failure row naming who, what and where; the case untouched', async () => {
    const { id } = await submittedCase(t, 'survey-b', 'first');
    const reviewer = await loggedInStaff(t, ['reviewer']);
    const version = (await reviewer.call('GET', `/api/staff/cases/${id}`)).json().version;
    const res = await reviewer.call('POST', `/api/staff/cases/${id}/actions`, { action: 'accept', version });
    assert.equal(res.statusCode, 403, res.body);

    const rows = await denials(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actorAccountId, await accountOf(reviewer));
    assert.equal(rows[0]!.outcome, 'failure');
    assert.equal(rows[0]!.requestId, res.json().error.requestId, 'the row carries the request id the answer names');
    assert.ok(rows[0]!.clientIp);
    assert.deepEqual({ ...(rows[0]!.details as Record<string, unknown>), message: undefined }, {
      code: 'FORBIDDEN',
      method: 'POST',
      route: '/api/staff/cases/:id/actions',
      message: undefined,
    });
    const events = await t.database.db.selectFrom('caseEvents').select('action').where('applicationId', '=', id).where('node', '=', 'accept').execute();
    assert.deepEqual(events, [], 'nothing happened to the case');
  });

  test('a state-changing request without the CSRF token: 403 and a failure row for the logged-in applicant', async () => {
    const { applicant, id } = await submittedCase(t, 'survey-b', 'first');
    const res = await applicant.browser.request('POST', `/api/applications/${id}/resubmit`, { headers: { origin: TEST_PUBLIC_URL }, json: { version: 1 } });
    assert.equal(res.statusCode, 403, res.body);
    const rows = await denials(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actorAccountId, await accountOf(applicant));
    assert.equal((rows[0]!.details as { code: string }).code, 'CSRF_REJECTED');
  });

  test('ordinary refusals (bad input, a stale version) are not authorization failures', async () => {
    const { id } = await submittedCase(t, 'survey-b', 'first');
    const acceptor = await loggedInStaff(t, ['acceptor']);
    const stale = await acceptor.call('POST', `/api/staff/cases/${id}/actions`, { action: 'accept', version: 999 });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.deepEqual(await denials(id), []);
  });
});
