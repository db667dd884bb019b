/**
 * The identity session on a shared hall PC (issue: silent single sign-on). Staff give password and
 * 动态口令 at every app login; for everyone the identity cookie ends with the browser and the
 * identity session never outlives the app's idle limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../../../../test/support/app.ts';
import type { InjectBrowser } from '../../../../test/support/browser.ts';
import { loggedInLegal, logout, newBrowser } from '../../../../test/support/flows.ts';
import { createStaffUser, isVerifyPage, loginStaff, unusedCode } from '../../../../test/support/staff.ts';
import { staffAuthenticationProblem } from '../auth.routes.ts';
import { ACR_MFA, ACR_PASSWORD } from './provider.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

/** Every Set-Cookie header the browser received for the identity session cookie. */
function identitySessionCookies(browser: InjectBrowser): string[] {
  return browser.history.flatMap((h) => [h.res.headers['set-cookie'] ?? []].flat().map(String)).filter((c) => /^_session=/.test(c));
}

/** The browser was closed without 退出: the app cookie (a session cookie) is gone; the identity cookie is kept, as a browser restoring its session would. */
function closeAppTab(browser: InjectBrowser) {
  browser.deleteCookie('zz_sid');
}

describe('identity session', () => {
  test('staff: after the browser is closed without 退出, the next 登录 asks for password and 动态口令 again', async () => {
    const user = await createStaffUser(t, ['acceptor']);
    const browser = newBrowser(t);
    const first = await loginStaff(t, browser, user.username, user.password, { returnTo: '/staff' });
    assert.equal((await browser.sessionInfo()).account?.kind, 'staff');
    const cookies = identitySessionCookies(browser);
    assert.ok(cookies.length > 0, 'the identity provider set its session cookie');
    for (const c of cookies) assert.doesNotMatch(c, /expires=|max-age=/i, `a browser-session cookie: ${c}`);

    closeAppTab(browser);
    assert.equal((await browser.sessionInfo()).account, null);
    const page = await browser.navigate('GET', '/auth/login?returnTo=%2Fstaff');
    assert.match(page.body, /<h1>用户登录<\/h1>/, 'the login page, not a silent sign-in');
    // And the second factor again after the password.
    const pwd = await browser.submit(page.body, { loginId: user.username, password: user.password });
    assert.ok(isVerifyPage(pwd.body), '动态口令验证 again');
    t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    await browser.submit(pwd.body, { code: unusedCode(t, first.secret) });
    assert.equal((await browser.sessionInfo()).account?.kind, 'staff');
  });

  test('applicants: a browser-session cookie, and an identity session that ends within the app idle limit', async () => {
    const before = Date.now();
    const { browser, account } = await loggedInLegal(t);
    const cookies = identitySessionCookies(browser);
    assert.ok(cookies.length > 0);
    for (const c of cookies) assert.doesNotMatch(c, /expires=|max-age=/i, `a browser-session cookie: ${c}`);
    // The identity provider's store runs on the wall clock: its session expires no later than the idle limit.
    const { subject } = await t.database.db.selectFrom('accounts').select('subject').where('id', '=', account.id).executeTakeFirstOrThrow();
    const sessions = await t.database.db.selectFrom('idpStore').select('expiresAt').where('model', '=', 'Session').where('accountId', '=', subject).execute();
    assert.equal(sessions.length, 1);
    const idleMs = t.config.session.idleMs;
    assert.ok(sessions[0]!.expiresAt!.getTime() <= Date.now() + idleMs, 'ends within the idle limit');
    assert.ok(sessions[0]!.expiresAt!.getTime() >= before + idleMs - 60_000, 'and not much earlier');
    // 退出 ends it at once.
    await logout(browser);
    assert.equal((await t.database.db.selectFrom('idpStore').select('id').where('model', '=', 'Session').where('accountId', '=', subject).execute()).length, 0);
  });
});

describe('the relying party checks how staff authenticated', () => {
  const iat = Math.floor(Date.parse('2026-12-06T08:00:00Z') / 1000);
  test('second factor and an authentication made during this login are required', () => {
    // A login that took 40 s: authenticated 30 s before the token was issued.
    assert.equal(staffAuthenticationProblem({ acr: ACR_MFA, amr: ['pwd', 'otp'], auth_time: iat - 30, iat }, 40_000), undefined);
    assert.equal(staffAuthenticationProblem({ acr: ACR_PASSWORD, amr: ['pwd'], auth_time: iat - 30, iat }, 40_000), 'second factor missing');
    // A session reused from an hour ago.
    assert.equal(staffAuthenticationProblem({ acr: ACR_MFA, amr: ['pwd', 'otp'], auth_time: iat - 3600, iat }, 40_000), 'authentication not fresh');
    assert.equal(staffAuthenticationProblem({ acr: ACR_MFA, iat }, 40_000), 'authentication not fresh');
  });
});
