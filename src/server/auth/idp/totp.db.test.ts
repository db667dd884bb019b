import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOTP, URI } from 'otpauth';
import { withTestApp, type TestApp } from '../../../../test/support/app.ts';
import { InjectBrowser } from '../../../../test/support/browser.ts';
import { alertText, loggedInLegal, loggedInNatural, loginAs, newBrowser, openLoginPage, TEST_PASSWORD } from '../../../../test/support/flows.ts';
import {
  createStaffUser,
  enrollmentSecret,
  isEnrollmentPage,
  isVerifyPage,
  loginStaff,
  newStaff,
  totpCode,
  totpStep,
  unusedCode,
  wrongCode,
} from '../../../../test/support/staff.ts';
import { createAudit } from '../../audit/audit.service.ts';
import { hasChallenge, solvePageChallenge } from '../../../../test/support/challenge.ts';
import { findIdpUserById } from './idp-users.repository.ts';
import { createIdpUsersService } from './idp-users.service.ts';

// Forms allow 20 submissions a minute per client: every test builds its own app.
const withApp = withTestApp;

const WRONG_CODE = '动态口令错误，请重新输入';
const REUSED = /已使用过/;
const DELAYED = /^登录失败次数过多，请于\d\d:\d\d:\d\d（北京时间，约\d+秒后）再试$/;
const CHALLENGE_NEEDED = '登录失败次数较多，请先完成下方的人机验证，再重新输入后提交';
const TOTP_PATH = /^\/idp\/interaction\/[^/]+\/totp$/;

/** Password accepted: the browser now stands on the TOTP page of its interaction. */
async function passwordStep(t: TestApp, browser: InjectBrowser, username: string, password = TEST_PASSWORD) {
  const page = await loginAs(browser, username, password, '/staff');
  assert.equal(page.statusCode, 200, page.body);
  assert.match(browser.lastUrl, TOTP_PATH, `after the password: ${alertText(page.body)}`);
  return page;
}

const submitCode = (browser: InjectBrowser, page: string, code: string) => browser.submit(page, { code });

const idpUser = async (t: TestApp, id: string) => (await findIdpUserById(t.database.db, id))!;

test('first staff login: the enrollment page with QR code and secret; a wrong code enrolls nothing; the right one logs in', () =>
  withApp(async (t) => {
    const staff = await createStaffUser(t, ['acceptor', 'reviewer']);
    const browser = newBrowser(t);
    const page = await passwordStep(t, browser, staff.username);
    const totpUrl = browser.lastUrl;

    assert.equal((await browser.sessionInfo()).account, null, 'the password alone does not log in');
    assert.ok(isEnrollmentPage(page.body));
    assert.match(page.body, /<title>绑定动态口令 - /);
    assert.match(page.body, /手机令牌、Google Authenticator 或 Microsoft Authenticator/);
    assert.match(page.body, /<label for="f-code">.*动态口令<\/label>/);
    assert.match(page.body, /name="code" type="text"[^>]* autocomplete="one-time-code" inputmode="numeric" maxlength="6"/);
    const qr = /<img src="data:image\/png;base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)" alt="动态口令绑定二维码/.exec(page.body);
    assert.ok(qr, 'an inline PNG QR code');
    const png = Buffer.from(qr[1]!, 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(qr[2]), Number(qr[3])], 'shown at its own pixel size');
    assert.ok(!/style=|<script/i.test(page.body), 'no inline styles or scripts');
    const secret = enrollmentSecret(page.body)!;
    assert.match(secret, /^[A-Z2-7]{32}$/, '160-bit base32 secret shown under 密钥');
    assert.match(page.body, /<span id="totp-secret-label">密钥<\/span>/);
    assert.equal(page.headers['cache-control'], 'no-store');

    // Reloading shows the same secret (the app may already hold it); nothing is stored yet.
    const reload = await browser.navigate('GET', totpUrl);
    assert.equal(enrollmentSecret(reload.body), secret);
    assert.equal((await idpUser(t, staff.id)).totpSecret, null);

    const wrong = await submitCode(browser, reload.body, totpCode(secret, t.clock.now(), 3));
    assert.equal(wrong.statusCode, 401);
    assert.equal(alertText(wrong.body), WRONG_CODE);
    assert.ok(isEnrollmentPage(wrong.body), 'still on the enrollment page');
    assert.equal(enrollmentSecret(wrong.body), secret, 'with the same secret');
    const before = await idpUser(t, staff.id);
    assert.equal(before.totpSecret, null, 'a wrong code enrolls nothing');
    assert.equal(before.totpEnrolledAt, null);
    assert.equal((await browser.sessionInfo()).account, null);

    const malformed = await submitCode(browser, wrong.body, '12ab');
    assert.equal(malformed.statusCode, 401);
    assert.match(alertText(malformed.body), /6位数字动态口令/);

    await submitCode(browser, malformed.body, totpCode(secret, t.clock.now()));
    assert.equal(browser.lastUrl, '/staff', 'back in the app at the page asked for');
    const { account } = await browser.sessionInfo();
    assert.equal(account?.kind, 'staff');
    assert.deepEqual(account?.roles, ['acceptor', 'reviewer']);
    const after = await idpUser(t, staff.id);
    assert.equal(after.totpSecret, secret);
    assert.equal(after.totpEnrolledAt?.getTime(), t.clock.now().getTime());
    assert.equal(after.totpLastStep, totpStep(t.clock.now()));
  }));

test('the enrollment URI is what authenticator apps expect (RFC 6238: SHA-1, 6 digits, 30 s)', () =>
  withApp(async (t) => {
    const staff = await createStaffUser(t, ['acceptor']);
    const users = createIdpUsersService({ db: t.database.db, clock: t.clock, audit: createAudit({ db: t.database.db }), emailEnabled: false, hotline: t.config.hotline, publicUrl: t.config.publicUrl });
    const secret = users.beginEnrollment();
    assert.notEqual(users.beginEnrollment(), secret, 'a fresh secret each time');
    const otp = URI.parse(users.enrollmentUri(await idpUser(t, staff.id), secret));
    assert.ok(otp instanceof TOTP);
    assert.equal(otp.issuer, '北京市统一身份认证');
    assert.equal(otp.label, staff.username);
    assert.equal(otp.algorithm, 'SHA1');
    assert.equal(otp.digits, 6);
    assert.equal(otp.period, 30);
    assert.equal(otp.secret.base32, secret);
  }));

test('later logins ask for 动态口令 (no enrollment, no secret shown); drift of one step either way is tolerated', () =>
  withApp(async (t) => {
    const staff = await newStaff(t, ['reviewer']);

    for (const steps of [-1, 0, 1]) {
      t.clock.advance(5 * 60_000);
      const browser = newBrowser(t);
      const page = await passwordStep(t, browser, staff.username);
      assert.ok(isVerifyPage(page.body), '动态口令验证');
      assert.match(page.body, /<title>动态口令验证 - /);
      assert.ok(!isEnrollmentPage(page.body));
      assert.ok(!page.body.includes(staff.secret), 'the secret is not shown again');
      assert.ok(!page.body.includes('data:image/png'), 'no QR code');
      await submitCode(browser, page.body, totpCode(staff.secret, t.clock.now(), steps));
      const { account } = await browser.sessionInfo();
      assert.equal(account?.kind, 'staff', `drift ${steps}`);
      assert.deepEqual(account?.roles, ['reviewer']);
    }

    t.clock.advance(5 * 60_000);
    for (const steps of [-2, 2]) {
      const browser = newBrowser(t);
      const page = await passwordStep(t, browser, staff.username);
      const res = await submitCode(browser, page.body, totpCode(staff.secret, t.clock.now(), steps));
      assert.equal(alertText(res.body), WRONG_CODE, `drift ${steps} is refused`);
      assert.equal((await browser.sessionInfo()).account, null);
    }
  }));

test('a code is accepted once: replayed in its window it is refused, and so is an older one', () =>
  withApp(async (t) => {
    const staff = await newStaff(t, ['acceptor']);

    // The enrollment code itself cannot log in again within its window.
    const enrollCode = totpCode(staff.secret, t.clock.now());
    const a = newBrowser(t);
    const replayEnroll = await submitCode(a, (await passwordStep(t, a, staff.username)).body, enrollCode);
    assert.equal(replayEnroll.statusCode, 401);
    assert.match(alertText(replayEnroll.body), REUSED);
    assert.equal((await a.sessionInfo()).account, null);

    t.clock.advance(60_000);
    const code = totpCode(staff.secret, t.clock.now());
    const b = newBrowser(t);
    await submitCode(b, (await passwordStep(t, b, staff.username)).body, code);
    assert.equal((await b.sessionInfo()).account?.kind, 'staff');

    t.clock.advance(10_000);
    const c = newBrowser(t);
    const cPage = await passwordStep(t, c, staff.username);
    const replay = await submitCode(c, cPage.body, code);
    assert.match(alertText(replay.body), REUSED, 'the same code, same window, other browser');
    assert.equal((await c.sessionInfo()).account, null);
    const previous = await submitCode(c, replay.body, totpCode(staff.secret, t.clock.now(), -1));
    assert.match(alertText(previous.body), REUSED, 'the previous window is older than the last accepted');
    assert.equal((await c.sessionInfo()).account, null);

    t.clock.advance(30_000);
    await submitCode(c, previous.body, totpCode(staff.secret, t.clock.now()));
    assert.equal((await c.sessionInfo()).account?.kind, 'staff', 'the next code works');
  }));

test('wrong codes are throttled like passwords: the 人机验证 from the 3rd, from the 5th a growing wait (the right code too); another address is not held up', () =>
  withApp(async (t) => {
    const staff = await newStaff(t, ['rechecker']);
    t.clock.advance(60_000);

    // A second browser (another address) passes the password and holds its TOTP page.
    const elsewhere = newBrowser(t);
    const elsewherePage = await passwordStep(t, elsewhere, staff.username);

    const browser = newBrowser(t);
    let page = (await passwordStep(t, browser, staff.username)).body;
    for (let i = 1; i <= 3; i++) {
      const res = await submitCode(browser, page, wrongCode(staff.secret, t.clock.now(), i));
      assert.equal(res.statusCode, 401);
      assert.equal(alertText(res.body), WRONG_CODE, `failure ${i}`);
      assert.ok(isVerifyPage(res.body), 'still the 动态口令 page');
      assert.equal(hasChallenge(res.body), i >= 3, `challenge after failure ${i}`);
      page = res.body;
    }
    const unsolved = await submitCode(browser, page, totpCode(staff.secret, t.clock.now()));
    assert.equal(alertText(unsolved.body), CHALLENGE_NEEDED, 'not even the right code without the challenge');
    assert.equal((await browser.sessionInfo()).account, null);

    const fourth = await browser.submit(unsolved.body, { code: wrongCode(staff.secret, t.clock.now(), 4), ...(await solvePageChallenge(unsolved.body)) });
    assert.equal(alertText(fourth.body), WRONG_CODE);
    const fifth = await browser.submit(fourth.body, { code: wrongCode(staff.secret, t.clock.now(), 5), ...(await solvePageChallenge(fourth.body)) });
    assert.equal(fifth.statusCode, 401);
    assert.match(alertText(fifth.body), /^动态口令错误，请重新输入。登录失败次数过多，请于.*约1秒后）再试$/);

    const rightCode = await browser.submit(fifth.body, { code: totpCode(staff.secret, t.clock.now()), ...(await solvePageChallenge(fifth.body)) });
    assert.equal(rightCode.statusCode, 429, 'the right code waits too, unchecked');
    assert.equal(rightCode.headers['retry-after'], '1');
    assert.match(alertText(rightCode.body), DELAYED);
    assert.ok(isVerifyPage(rightCode.body), 'the password step stands: still the 动态口令 page');
    assert.equal((await browser.sessionInfo()).account, null);

    const again = newBrowser(t);
    const password = await loginAs(again, staff.username, TEST_PASSWORD);
    assert.ok(isVerifyPage(password.body), 'the password from another address leads on to the code');

    await submitCode(elsewhere, elsewherePage.body, unusedCode(t, staff.secret));
    assert.equal((await elsewhere.sessionInfo()).account?.kind, 'staff', 'the holder elsewhere is not held up');

    t.clock.advance(1000);
    await browser.submit(rightCode.body, { code: unusedCode(t, staff.secret), ...(await solvePageChallenge(rightCode.body)) });
    assert.equal((await browser.sessionInfo()).account?.kind, 'staff', 'after the wait the right code logs in');

    const audited = await t.database.db.selectFrom('auditLog').select(['action', 'outcome', 'details']).where('action', 'in', ['idp.totp', 'idp.login-throttled']).where('objectId', '=', staff.id).execute();
    assert.equal(audited.filter((r) => r.action === 'idp.totp' && r.outcome === 'failure').length, 6, 'five wrong codes and the one without the challenge');
    assert.equal(audited.filter((r) => r.action === 'idp.login-throttled').length, 1);
    assert.ok(!JSON.stringify(audited).includes(staff.secret));
  }));

test('password and code failures count together: after three wrong passwords the 动态口令 page asks for the 人机验证 too, and two wrong codes start the wait', () =>
  withApp(async (t) => {
    const staff = await newStaff(t, ['acceptor']);
    t.clock.advance(60_000);
    const browser = newBrowser(t);
    let page = (await openLoginPage(browser)).body;
    for (let i = 1; i <= 3; i++) page = (await browser.submit(page, { loginId: staff.username, password: `Wrong#Pass${i}` })).body;
    page = (await browser.submit(page, { loginId: staff.username, password: TEST_PASSWORD, ...(await solvePageChallenge(page)) })).body;
    assert.ok(isVerifyPage(page), 'the right password leads on to the code');
    assert.ok(hasChallenge(page), 'with the challenge: the account has three failures from this address');
    page = (await browser.submit(page, { code: wrongCode(staff.secret, t.clock.now(), 1), ...(await solvePageChallenge(page)) })).body;
    assert.equal(alertText(page), WRONG_CODE);
    const fifth = await browser.submit(page, { code: wrongCode(staff.secret, t.clock.now(), 2), ...(await solvePageChallenge(page)) });
    assert.match(alertText(fifth.body), /^动态口令错误，请重新输入。登录失败次数过多/);
    const waits = await loginAs(browser, staff.username, TEST_PASSWORD);
    assert.equal(waits.statusCode, 429, 'the password from this address waits too');
  }));

test('the TOTP step cannot be skipped: resuming the provider after the password, or opening the page without one, does not log in', () =>
  withApp(async (t) => {
    const staff = await newStaff(t, ['issuer']);
    t.clock.advance(60_000);

    const browser = newBrowser(t);
    await passwordStep(t, browser, staff.username);
    const uid = /^\/idp\/interaction\/([^/]+)\/totp$/.exec(browser.lastUrl)![1]!;
    const resumed = await browser.navigate('GET', `/idp/auth/${uid}`);
    assert.equal((await browser.sessionInfo()).account, null, 'the provider resume URL does not log in');
    assert.match(resumed.body, /<h1>用户登录<\/h1>/, 'the provider asks for a login again');

    // A fresh interaction without a password step: the TOTP page sends back to the login page.
    const other = newBrowser(t);
    const login = await openLoginPage(other);
    const action = InjectBrowser.form(login.body).action;
    const totpUrl = action.replace(/\/login$/, '/totp');
    const get = await other.request('GET', totpUrl);
    assert.equal(get.statusCode, 303);
    assert.equal(get.headers.location, action.replace(/\/login$/, ''));
    const post = await other.request('POST', totpUrl, {
      form: { _csrf: InjectBrowser.form(login.body).fields._csrf!, code: totpCode(staff.secret, t.clock.now()) },
      headers: { origin: other.origin },
    });
    assert.equal(post.statusCode, 303, 'posting a code without the password step');
    assert.equal(post.headers.location, action.replace(/\/login$/, ''));
    assert.equal((await other.sessionInfo()).account, null);

    // Another browser's TOTP page (its uid in the URL) is not ours: the interaction cookie
    // (signed, scoped to its own uid's path) decides, and this browser has none for that uid.
    const victim = newBrowser(t);
    await passwordStep(t, victim, staff.username);
    const stolen = await other.request('GET', victim.lastUrl);
    assert.equal(stolen.statusCode, 404);
    assert.match(stolen.body, /登录请求已过期/);
    const stolenPost = await other.request('POST', victim.lastUrl, {
      form: { _csrf: InjectBrowser.form(login.body).fields._csrf!, code: totpCode(staff.secret, t.clock.now()) },
      headers: { origin: other.origin },
    });
    assert.equal(stolenPost.statusCode, 404);
    assert.equal((await other.sessionInfo()).account, null);
  }));

test('a code posted before the enrollment page was ever shown enrolls nothing and leads to that page', () =>
  withApp(async (t) => {
    const staff = await createStaffUser(t, ['acceptor']);
    const browser = newBrowser(t);
    const login = await openLoginPage(browser);
    const { action, fields } = InjectBrowser.form(login.body);
    const password = await browser.request('POST', action, { form: { ...fields, loginId: staff.username, password: staff.password }, headers: { origin: browser.origin } });
    assert.equal(password.statusCode, 303);
    const totpUrl = String(password.headers.location);
    assert.match(totpUrl, TOTP_PATH);
    const blind = await browser.request('POST', totpUrl, { form: { _csrf: fields._csrf!, code: '123456' }, headers: { origin: browser.origin } });
    assert.equal(blind.statusCode, 303);
    assert.equal(blind.headers.location, totpUrl);
    assert.equal((await idpUser(t, staff.id)).totpSecret, null);
    const page = await browser.navigate('GET', totpUrl);
    assert.ok(isEnrollmentPage(page.body));
  }));

test('the TOTP form has the same CSRF defences as the other IdP forms', () =>
  withApp(async (t) => {
    const staff = await newStaff(t, ['acceptor']);
    t.clock.advance(60_000);
    const browser = newBrowser(t);
    const page = await passwordStep(t, browser, staff.username);
    const { action, fields } = InjectBrowser.form(page.body);
    const code = totpCode(staff.secret, t.clock.now());

    const noToken = await browser.request('POST', action, { form: { code }, headers: { origin: browser.origin } });
    assert.equal(noToken.statusCode, 403);
    const badToken = await browser.request('POST', action, { form: { _csrf: 'x'.repeat(43), code }, headers: { origin: browser.origin } });
    assert.equal(badToken.statusCode, 403);
    const foreign = await browser.request('POST', action, { form: { ...fields, code }, headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.statusCode, 403);
    assert.equal((await browser.sessionInfo()).account, null);

    await submitCode(browser, page.body, code);
    assert.equal((await browser.sessionInfo()).account?.kind, 'staff', 'the code was not used up by the refused posts');
  }));

test('an account disabled between password and code does not get in', () =>
  withApp(async (t) => {
    const staff = await newStaff(t, ['acceptor']);
    t.clock.advance(60_000);
    const browser = newBrowser(t);
    const page = await passwordStep(t, browser, staff.username);
    await t.database.db.updateTable('idpUsers').set({ disabled: true }).where('id', '=', staff.id).execute();
    const res = await submitCode(browser, page.body, totpCode(staff.secret, t.clock.now()));
    assert.match(res.body, /<h1>用户登录<\/h1>/, 'back to the login page');
    assert.equal((await browser.sessionInfo()).account, null);
  }));

test('applicants never see a TOTP step', () =>
  withApp(async (t) => {
    const legal = await loggedInLegal(t);
    const natural = await loggedInNatural(t);
    for (const loginId of [legal.form.uscc!, natural.form.idNumber!]) {
      const browser = newBrowser(t);
      await loginAs(browser, loginId, TEST_PASSWORD, '/my');
      assert.equal(browser.lastUrl, '/my', loginId);
      assert.ok(!browser.history.some((h) => /\/totp/.test(h.url) || /动态口令/.test(h.res.body)), `no TOTP step for ${loginId}`);
      assert.notEqual((await browser.sessionInfo()).account?.kind, 'staff');
    }
    const rows = await t.database.db.selectFrom('idpUsers').select(['totpSecret', 'totpEnrolledAt']).where('kind', '!=', 'staff').execute();
    assert.deepEqual(rows.map((r) => [r.totpSecret, r.totpEnrolledAt]), [[null, null], [null, null]]);
  }));

test('the secret stays on the server: only the enrollment page ever shows it', () =>
  withApp(async (t) => {
    const staff = await createStaffUser(t, ['acceptor']);
    const browser = newBrowser(t);
    const { secret } = await loginStaff(t, browser, staff.username, staff.password, { returnTo: '/staff' });
    t.clock.advance(60_000);
    const again = newBrowser(t);
    await loginStaff(t, again, staff.username, staff.password, { secret, returnTo: '/staff' });

    // As typed (grouped by four on the page) or run together, in any case.
    const forms = [secret, secret.replace(/(.{4})(?=.)/g, '$1 ')].map((f) => f.toLowerCase());
    const carries = (text: string) => forms.some((f) => text.toLowerCase().includes(f));
    const session = await again.request('GET', '/api/session');
    assert.equal(session.json().account.kind, 'staff');
    for (const url of ['/api/session', '/api/staff/queues', '/staff']) {
      for (const b of [browser, again]) {
        const res = await b.request('GET', url);
        assert.ok(!carries(res.body), `${url} does not contain the secret`);
      }
    }
    const leaks = [...browser.history, ...again.history]
      .filter((h) => !isEnrollmentPage(h.res.body))
      .filter((h) => carries(`${JSON.stringify(h.res.headers)}\n${h.res.body}`))
      .map((h) => `${h.method} ${h.url}`);
    assert.deepEqual(leaks, [], 'no other response (redirects, tokens, API) carries the secret');
    const shown = browser.history.filter((h) => carries(h.res.body)).map((h) => h.url);
    assert.ok(shown.length >= 1 && shown.every((u) => TOTP_PATH.test(u)), 'shown on the enrollment page only');
  }));
