import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { loggedInLegal, newBrowser } from '../../../test/support/flows.ts';
import { loggedInStaff, loginStaff, newStaff } from '../../../test/support/staff.ts';
import { assertContract } from '../../../test/support/contract.ts';
import { AuditPageSchema, CreatedSchema, HolidayListSchema, StaffListSchema } from '../../contract/admin.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

const newStaffBody = () => {
  const n = Math.floor(Math.random() * 1e8);
  return { username: `kefu${n}`, name: '新同事', mobile: `139${String(n).padStart(8, '0')}`, password: 'Xin#Tong2026' };
};

async function staffIdOf(api: ApplicantApi): Promise<string> {
  const { account } = await api.browser.sessionInfo();
  const row = await t.database.db.selectFrom('accounts').select('subject').where('id', '=', account!.id as unknown as string).executeTakeFirst();
  return row?.subject ?? '';
}

describe('三员: who may administer what', () => {
  test('each route answers only its administrator; case staff, applicants and anonymous are refused', async () => {
    const sysadmin = await loggedInStaff(t, ['sysadmin']);
    const secadmin = await loggedInStaff(t, ['secadmin']);
    const auditor = await loggedInStaff(t, ['auditor']);
    const acceptor = await loggedInStaff(t, ['acceptor']);
    const applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
    const anonymous = new ApplicantApi(t, newBrowser(t));
    const created = await sysadmin.call('POST', '/api/admin/staff', newStaffBody());
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;

    const routes: [string, 'GET' | 'POST' | 'PUT', string, unknown][] = [
      ['list', 'GET', '/api/admin/staff', undefined],
      ['create', 'POST', '/api/admin/staff', newStaffBody()],
      ['roles', 'PUT', `/api/admin/staff/${id}/roles`, { roles: ['reviewer'] }],
      ['status', 'PUT', `/api/admin/staff/${id}/status`, { disabled: false }],
      ['audit', 'GET', '/api/admin/audit', undefined],
    ];
    const allowed: Record<string, string[]> = {
      list: ['sysadmin', 'secadmin'],
      create: ['sysadmin'],
      roles: ['secadmin'],
      status: ['sysadmin'],
      audit: ['auditor'],
    };
    const actors: [string, ApplicantApi][] = [
      ['sysadmin', sysadmin],
      ['secadmin', secadmin],
      ['auditor', auditor],
      ['acceptor', acceptor],
      ['applicant', applicant],
      ['anonymous', anonymous],
    ];
    for (const [name, method, url, body] of routes) {
      for (const [who, api] of actors) {
        const payload = name === 'create' ? newStaffBody() : body;
        const res = await api.call(method, url, payload);
        const expected = allowed[name]!.includes(who) ? [200, 201, 204] : who === 'anonymous' ? [401, 403] : [403];
        assert.ok(expected.includes(res.statusCode), `${who} ${name}: ${res.statusCode} ${res.body}`);
      }
    }
  });

  test('nobody changes their own roles or status; the three administrator roles stay apart', async () => {
    const secadmin = await loggedInStaff(t, ['secadmin']);
    const sysadmin = await loggedInStaff(t, ['sysadmin']);
    const self = await secadmin.call('PUT', `/api/admin/staff/${await staffIdOf(secadmin)}/roles`, { roles: ['secadmin', 'acceptor'] });
    assert.equal(self.statusCode, 403);
    assert.equal(self.json().error.code, 'SELF_CHANGE_FORBIDDEN');
    assert.match(self.json().error.message, /本人/);
    const selfDisable = await sysadmin.call('PUT', `/api/admin/staff/${await staffIdOf(sysadmin)}/status`, { disabled: true });
    assert.equal(selfDisable.statusCode, 403);
    assert.equal(selfDisable.json().error.code, 'SELF_CHANGE_FORBIDDEN');

    const id = (await sysadmin.call('POST', '/api/admin/staff', newStaffBody())).json().id;
    for (const roles of [['auditor', 'acceptor'], ['sysadmin', 'secadmin'], ['secadmin', 'reviewer'], ['nosuchrole']]) {
      const res = await secadmin.call('PUT', `/api/admin/staff/${id}/roles`, { roles });
      assert.equal(res.statusCode, 400, `${roles.join('+')}: ${res.body}`);
      assert.equal(res.json().error.code, 'ROLE_SET_INVALID', roles.join('+'));
      assert.deepEqual(res.json().error.fieldErrors, [{ path: 'roles', message: res.json().error.message }]);
    }
    assert.equal((await secadmin.call('PUT', `/api/admin/staff/${id}/roles`, { roles: ['acceptor', 'reviewer'] })).statusCode, 204);
  });

  test('a role change or a disabled account takes effect at once: the old session ends', async () => {
    const secadmin = await loggedInStaff(t, ['secadmin']);
    const sysadmin = await loggedInStaff(t, ['sysadmin']);
    const reviewer = await loggedInStaff(t, ['reviewer']);
    const id = await staffIdOf(reviewer);
    assert.equal((await reviewer.call('GET', '/api/staff/queues')).statusCode, 200);
    assert.equal((await secadmin.call('PUT', `/api/admin/staff/${id}/roles`, { roles: ['issuer'] })).statusCode, 204);
    assert.equal((await reviewer.browser.sessionInfo()).account, null, 'the session with the old roles is gone');

    const other = await loggedInStaff(t, ['acceptor']);
    assert.equal((await sysadmin.call('PUT', `/api/admin/staff/${await staffIdOf(other)}/status`, { disabled: true })).statusCode, 204);
    assert.equal((await other.browser.sessionInfo()).account, null);
  });

  test('every administrative change is in the audit log, which the audit administrator reads and cannot act on cases', async () => {
    const sysadmin = await loggedInStaff(t, ['sysadmin']);
    const auditor = await loggedInStaff(t, ['auditor']);
    const created = assertContract(CreatedSchema, (await sysadmin.call('POST', '/api/admin/staff', newStaffBody())).json());
    const entries = assertContract(AuditPageSchema, (await auditor.call('GET', '/api/admin/audit?action=admin.')).json()).entries;
    assert.ok(entries.some((e) => e.action === 'admin.staff-create' && e.objectId === created.id));
    assert.ok(entries.every((e) => e.action.startsWith('admin.')));
    // Paging: everything before the last id shown.
    const page2 = assertContract(AuditPageSchema, (await auditor.call('GET', `/api/admin/audit?before=${entries.at(-1)!.id}`)).json()).entries;
    assert.ok(page2.every((e) => Number(e.id) < Number(entries.at(-1)!.id)));
    assert.equal((await auditor.call('GET', '/api/staff/cases')).statusCode, 403, 'no case queues for the auditor');
    const applicant = new ApplicantApi(t, (await loggedInLegal(t)).browser);
    const draft = await applicant.completeDraft('survey-b', 'first');
    assert.equal((await applicant.call('POST', `/api/applications/${draft.id}/submit`)).statusCode, 200);
    assert.equal((await auditor.call('GET', `/api/staff/cases/${draft.id}`)).statusCode, 403);
    const refused = await auditor.call('POST', `/api/staff/cases/${draft.id}/actions`, { action: 'accept', version: 2 });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'CASE_ROLE_REQUIRED');
    assert.match(refused.json().error.message, /管理员岗位不办理审批案件/);
  });
});

describe('holiday table', () => {
  test('the system administrator enters the next year’s arrangement; bad data is refused and nothing changes', async () => {
    const sysadmin = await loggedInStaff(t, ['sysadmin']);
    const secadmin = await loggedInStaff(t, ['secadmin']);
    const body = {
      source: '国务院办公厅关于2027年部分节假日安排的通知',
      entries: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-02-06', kind: 'workday', name: '春节' },
      ],
    };
    assert.equal((await secadmin.call('PUT', '/api/admin/holidays/2027', body)).statusCode, 403);
    const bad = await sysadmin.call('PUT', '/api/admin/holidays/2027', { ...body, entries: [...body.entries, { date: '2028-01-01', kind: 'holiday', name: '元旦' }] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'HOLIDAY_OUTSIDE_YEAR');
    assert.match(bad.json().error.message, /不属于 2027 年/);
    const dup = await sysadmin.call('PUT', '/api/admin/holidays/2027', { ...body, entries: [...body.entries, body.entries[0]] });
    assert.equal(dup.statusCode, 400);
    assert.equal(dup.json().error.code, 'HOLIDAYS_INVALID');
    assert.equal((await sysadmin.call('GET', '/api/admin/holidays/2027')).json().entries.length, 0, 'nothing saved by refused requests');

    assert.equal((await sysadmin.call('PUT', '/api/admin/holidays/2027', body)).statusCode, 204);
    const saved = assertContract(HolidayListSchema, (await sysadmin.call('GET', '/api/admin/holidays/2027')).json()).entries;
    assert.deepEqual(saved.map((e) => `${e.date}:${e.kind}`), ['2027-01-01:holiday', '2027-02-06:workday']);
    // 2026 is untouched.
    assert.ok((await sysadmin.call('GET', '/api/admin/holidays/2026')).json().entries.length > 30);
  });
});

describe('lost authenticator', () => {
  test('the system administrator resets a staff member’s 动态口令: the next login binds a new one', async () => {
    const sysadmin = await loggedInStaff(t, ['sysadmin']);
    const member = await newStaff(t, ['reviewer']);
    const listed = assertContract(StaffListSchema, (await sysadmin.call('GET', '/api/admin/staff')).json()).staff.find((s) => s.id === member.id);
    assert.equal(listed?.totpEnrolled, true);
    const secadmin = await loggedInStaff(t, ['secadmin']);
    assert.equal((await secadmin.call('POST', `/api/admin/staff/${member.id}/totp-reset`)).statusCode, 403);
    assert.equal((await sysadmin.call('POST', `/api/admin/staff/${member.id}/totp-reset`)).statusCode, 204);
    assert.equal((await member.api.browser.sessionInfo()).account, null, 'the old session ends');
    // The next login shows the enrollment page again (loginStaff without a secret asserts that).
    const browser = newBrowser(t);
    const again = await loginStaff(t, browser, member.username, member.password, { returnTo: '/' });
    assert.notEqual(again.secret, member.secret);
    assert.equal((await browser.sessionInfo()).account?.kind, 'staff');
  });
});
