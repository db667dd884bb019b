import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAFF_ROLES } from '../domain/roles.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { idpUserCount, loginAs, newBrowser, registerNatural } from '../../test/support/flows.ts';
import { loginStaff } from '../../test/support/staff.ts';
import { ApplicantApi } from '../../test/support/applicant.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from './seed.ts';

test('seedDemoAccounts creates an enterprise, an engineer and one staff account per role, all able to log in', async () => {
  const t = await buildTestApp();
  try {
    const seeded = await seedDemoAccounts(t.database.db);
    assert.ok(seeded);
    const roles = Object.keys(STAFF_ROLES);
    assert.equal(seeded.length, 2 + roles.length);
    assert.equal(await idpUserCount(t), 2 + roles.length);

    const users = await t.database.db.selectFrom('idpUsers').select(['kind', 'uscc', 'idNumber', 'username', 'roles']).execute();
    assert.equal(users.filter((u) => u.kind === 'legal').length, 1);
    assert.equal(users.filter((u) => u.kind === 'natural').length, 1);
    const staffRoles = users.filter((u) => u.kind === 'staff').map((u) => u.roles as string[]);
    assert.deepEqual(staffRoles.map((r) => r.length), roles.map(() => 1), 'one role each');
    assert.deepEqual(staffRoles.flat().sort(), [...roles].sort(), 'every role exactly once');

    const enterpriseLogin = seeded.find((a) => a.kind.startsWith('法人'))!.login;
    const engineerLogin = seeded.find((a) => a.kind.startsWith('自然人'))!.login;
    assert.equal(enterpriseLogin, users.find((u) => u.kind === 'legal')!.uscc);
    assert.equal(engineerLogin, users.find((u) => u.kind === 'natural')!.idNumber);

    // The demo holders hold something: the survey certificate expires within 60 days.
    const register = await t.database.db.selectFrom('registerCertificates').select(['item', 'holderId', 'validUntil', 'number', 'employer']).orderBy('item').execute();
    assert.deepEqual(register.map((r) => [r.item, r.holderId]), [['design-b', enterpriseLogin], ['struct-eng-2', engineerLogin], ['survey-b', enterpriseLogin]]);
    const survey = register.find((r) => r.item === 'survey-b')!;
    const daysLeft = (Date.parse(survey.validUntil) - Date.parse(new Date().toISOString().slice(0, 10))) / 86_400_000;
    assert.ok(daysLeft > 30 && daysLeft <= 60, `expires within 60 days (${daysLeft})`);
    assert.match(survey.number, /^B211\d{6}$/);
    assert.equal(register.find((r) => r.item === 'struct-eng-2')!.employer, '北京示范勘察设计有限公司');

    const enterprise = newBrowser(t);
    await loginAs(enterprise, enterpriseLogin, DEMO_PASSWORD, '/items/survey-b/apply');
    assert.equal(enterprise.lastUrl, '/items/survey-b/apply');
    const e = (await enterprise.sessionInfo()).account;
    assert.equal(e?.kind, 'legal');
    assert.equal(e?.profile.uscc, enterpriseLogin);
    assert.equal(e?.profile.orgName, '北京示范勘察设计有限公司');
    const mine = (await new ApplicantApi(t, enterprise).call('GET', '/api/register/mine')).json();
    assert.deepEqual(mine.certificates.map((c: { title: string }) => c.title).sort(), ['工程勘察资质证书', '工程设计资质证书']);

    const engineer = newBrowser(t);
    await loginAs(engineer, engineerLogin, DEMO_PASSWORD);
    assert.equal((await engineer.sessionInfo()).account?.kind, 'natural');

    for (const [username, role] of [['shouli', 'acceptor'], ['SHENJI', 'auditor']] as const) {
      const staff = newBrowser(t);
      // Staff bind an authenticator (动态口令) at their first login.
      await loginStaff(t, staff, username, DEMO_PASSWORD);
      const s = (await staff.sessionInfo()).account;
      assert.equal(s?.kind, 'staff', username);
      assert.deepEqual(s?.roles, [role], username);
    }

    const again = await seedDemoAccounts(t.database.db);
    assert.equal(again, undefined, 'a second call seeds nothing');
    assert.equal(await idpUserCount(t), 2 + roles.length);
  } finally {
    await t.close();
  }
});

test('seedDemoAccounts never touches an identity store that already has users', async () => {
  const t = await buildTestApp();
  try {
    await registerNatural(newBrowser(t));
    assert.equal(await seedDemoAccounts(t.database.db), undefined);
    assert.equal(await idpUserCount(t), 1);
  } finally {
    await t.close();
  }
});
