import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../src/domain/roles.ts';
import { insertIdpUser } from '../../src/server/auth/idp/idp-users.repository.ts';
import { hashPassword } from '../../src/server/auth/idp/passwords.ts';
import type { TestApp } from './app.ts';
import { ApplicantApi } from './applicant.ts';
import { loginAs, newBrowser, TEST_PASSWORD, uniqueMobile } from './flows.ts';

let passwordHash: Promise<string> | undefined;

/** A staff account with these roles (created in the identity provider, as an administrator would), logged in. */
export async function loggedInStaff(t: TestApp, roles: StaffRole[]): Promise<ApplicantApi> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = `staff${randomUUID().replace(/-/g, '').slice(0, 10)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  await insertIdpUser(t.database.db, {
    id: randomUUID(),
    kind: 'staff',
    username,
    mobile: uniqueMobile(),
    passwordHash: await passwordHash,
    profile: { name: `工作人员${roles.join('')}` },
    roles,
  });
  const browser = newBrowser(t);
  await loginAs(browser, username, TEST_PASSWORD, '/');
  return new ApplicantApi(t, browser);
}
