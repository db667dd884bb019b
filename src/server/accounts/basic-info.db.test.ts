import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import { reloginApplicant } from '../../../test/support/cases.ts';
import { loggedInLegal, loggedInNatural, newBrowser } from '../../../test/support/flows.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';

// 完善基本信息 (issue 16.1): kept once, prefilled into every item, the identity's values locked.

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t?.close();
});

const ENTERPRISE = {
  postalCode: '100101',
  mailingAddress: '北京市朝阳区北辰东路8号',
  registeredAddress: '北京市海淀区学院路30号',
  phone: '010-62345678',
  technicalDirector: '周工程',
  agentName: '钱代理',
  contactName: '孙联系',
  mobile: '13911112222',
  email: 'office@example.cn',
};

async function enterprise() {
  const login = await loggedInLegal(t);
  return { login, api: new ApplicantApi(t, login.browser) };
}

const auditRows = (accountId: string) =>
  t.database.db.selectFrom('auditLog').select(['action', 'details']).where('action', '=', 'account.basic-info').where('actorAccountId', '=', accountId).execute();

describe('完善基本信息', () => {
  test('an enterprise saves its basic information; every item’s first step takes it, the identity’s values stay locked', async () => {
    const { login, api } = await enterprise();
    const empty = await api.call('GET', '/api/me/basic-info');
    assert.equal(empty.statusCode, 200, empty.body);
    assert.deepEqual(empty.json().values, {});
    assert.deepEqual(
      empty.json().identity.map((i: { label: string }) => i.label),
      ['单位名称', '统一社会信用代码', '法定代表人'],
    );

    const saved = await api.call('PUT', '/api/me/basic-info', { values: ENTERPRISE });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json().values, ENTERPRISE);
    assert.ok(saved.json().updatedAt);
    assert.deepEqual((await api.call('GET', '/api/me/basic-info')).json().values, ENTERPRISE);
    // The session the SPA reads carries it (the wizard prefills later steps from it).
    const me = (await login.browser.sessionInfo()).account as unknown as { basicInfo: unknown };
    assert.deepEqual(me.basicInfo, ENTERPRISE);

    for (const item of ['survey-b', 'design-b']) {
      const { prefill } = (await api.call('GET', `/api/items/${item}/start`)).json();
      assert.equal(prefill.values.postalCode, ENTERPRISE.postalCode, item);
      assert.equal(prefill.values.mailingAddress, ENTERPRISE.mailingAddress, item);
      assert.equal(prefill.values.registeredAddress, ENTERPRISE.registeredAddress, item);
      assert.equal(prefill.values.phone, ENTERPRISE.phone, item);
      // Kept values win over the identity's unlocked claims (委托代理人, 手机) …
      assert.equal(prefill.values.agent, ENTERPRISE.agentName, item);
      assert.equal(prefill.values.mobile, ENTERPRISE.mobile, item);
      assert.equal(prefill.values.email, ENTERPRISE.email, item);
      // … never over what the identity service owns.
      assert.equal(prefill.values.orgName, login.form.orgName, item);
      assert.equal(prefill.values.uscc, login.form.uscc, item);
      assert.deepEqual([...prefill.locked].sort(), ['orgName', 'uscc'], item);
    }

    // Editable in the form: a different 手机 typed in step 1 is what the application keeps.
    const created = await api.call('POST', '/api/applications', {
      item: 'survey-b',
      values: { ...(await api.call('GET', '/api/items/survey-b/start')).json().prefill.values, mobile: '13700001111' },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().data.applicant.mobile, '13700001111');
    assert.equal(created.json().data.applicant.postalCode, ENTERPRISE.postalCode);

    // A new login refreshes the claims but keeps the basic information.
    const again = await reloginApplicant(t, login);
    assert.deepEqual((await again.call('GET', '/api/me/basic-info')).json().values, ENTERPRISE);

    const rows = await auditRows(login.account.id);
    assert.equal(rows.length, 1);
    assert.deepEqual((rows[0]!.details as { changed: string[] }).changed.sort(), Object.keys(ENTERPRISE).sort());
    assert.ok(!JSON.stringify(rows[0]!.details).includes(ENTERPRISE.mailingAddress), 'the log names the fields, not the personal data');
  });

  test('a wrong value is refused naming the field, and nothing saved is lost', async () => {
    const { login, api } = await enterprise();
    assert.equal((await api.call('PUT', '/api/me/basic-info', { values: { postalCode: '100101', phone: '010-62345678' } })).statusCode, 200);
    const bad = await api.call('PUT', '/api/me/basic-info', { values: { postalCode: '1001', phone: '010-62345678' } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.code, 'BASIC_INFO_INVALID');
    assert.deepEqual(
      bad.json().error.fieldErrors.map((e: { path: string }) => e.path),
      ['postalCode'],
    );
    assert.match(bad.json().error.message, /邮政编码/);
    assert.deepEqual((await api.call('GET', '/api/me/basic-info')).json().values, { postalCode: '100101', phone: '010-62345678' });

    // Emptying a field removes it; an unchanged save writes no audit row.
    assert.deepEqual((await api.call('PUT', '/api/me/basic-info', { values: { postalCode: '100101', phone: '' } })).json().values, { postalCode: '100101' });
    await api.call('PUT', '/api/me/basic-info', { values: { postalCode: '100101' } });
    assert.equal((await auditRows(login.account.id)).length, 2);
  });

  test('what the identity service owns cannot be kept here: an unknown or identity field is refused', async () => {
    const { api } = await enterprise();
    for (const key of ['orgName', 'uscc', 'legalRep', '__proto__', 'employer']) {
      const res = await api.call('PUT', '/api/me/basic-info', { values: { [key]: 'x' } });
      assert.equal(res.statusCode, 400, `${key}: ${res.body}`);
      if (key !== '__proto__') assert.match(res.json().error.message, new RegExp(key), key);
    }
    for (const values of [[], 'x', { postalCode: { code: '100101' } }, { postalCode: 'x'.repeat(301) }]) {
      const res = await api.call('PUT', '/api/me/basic-info', { values });
      assert.equal(res.statusCode, 400, JSON.stringify(values));
    }
    assert.deepEqual((await api.call('GET', '/api/me/basic-info')).json().values, {});
  });

  test('an engineer keeps their own set, prefilled into 二级注册结构工程师 with name and ID locked', async () => {
    const login = await loggedInNatural(t);
    const api = new ApplicantApi(t, login.browser);
    const values = { mobile: '13622223333', employer: '北京某某建筑设计研究院有限公司', mailingAddress: '北京市西城区百万庄大街11号', postalCode: '100037' };
    assert.equal((await api.call('PUT', '/api/me/basic-info', { values })).statusCode, 200);
    const { prefill } = (await api.call('GET', '/api/items/struct-eng-2/start')).json();
    assert.equal(prefill.values.contact, values.mobile);
    assert.equal(prefill.values.employer, values.employer);
    assert.equal(prefill.values.mailingAddress, values.mailingAddress);
    assert.equal(prefill.values.applicantName, login.form.name);
    assert.ok(prefill.locked.includes('idNumber'));
    assert.equal((await api.call('PUT', '/api/me/basic-info', { values: { registeredAddress: 'x' } })).statusCode, 400, 'an enterprise field is not an engineer’s');
  });

  test('only its owner reads or writes it: anonymous 401, staff 403, no CSRF token 403', async () => {
    const anonymous = newBrowser(t);
    assert.equal((await anonymous.request('GET', '/api/me/basic-info')).statusCode, 401);
    const staff = await loggedInStaff(t, ['acceptor']);
    const refused = await staff.call('PUT', '/api/me/basic-info', { values: {} });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().error.message, /工作人员/);

    const { login, api } = await enterprise();
    const forged = await login.browser.request('POST', '/api/me/basic-info', { json: { values: ENTERPRISE }, headers: { origin: TEST_PUBLIC_URL } });
    assert.ok(forged.statusCode === 403 || forged.statusCode === 404, `${forged.statusCode}`);
    const noToken = await t.app.inject({
      method: 'PUT',
      url: '/api/me/basic-info',
      headers: { origin: TEST_PUBLIC_URL, cookie: `zz_sid=${login.browser.cookie('zz_sid')}`, 'content-type': 'application/json' },
      payload: { values: ENTERPRISE },
    });
    assert.equal(noToken.statusCode, 403, noToken.body);
    assert.deepEqual((await api.call('GET', '/api/me/basic-info')).json().values, {});
  });
});
