import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp } from '../../../../test/support/app.ts';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../../../test/support/app.ts';
import type { InjectBrowser } from '../../../../test/support/browser.ts';
import { challengePayload, hasChallenge, pageChallenge, solveIfAsked, solvePageChallenge } from '../../../../test/support/challenge.ts';
import {
  alertText,
  inputValue,
  loggedInLegal,
  loggedInNatural,
  loginAs,
  logout,
  newBrowser,
  openLoginPage,
  TEST_PASSWORD,
  validUscc,
} from '../../../../test/support/flows.ts';
import { createStaffUser, loginStaff, newStaff, wrongCode } from '../../../../test/support/staff.ts';
import { LOGIN_THROTTLE } from './login-throttle.service.ts';

// The login form allows 20 submissions a minute per client: every test builds its own app.
const withApp = withTestApp;

const WRONG = '账号或密码错误，请重新输入';
const DELAYED = /^登录失败次数过多，请于(\d\d:\d\d:\d\d)（北京时间，约(\d+)秒后）再试$/;
const CHALLENGE_NEEDED = '登录失败次数较多，请先完成下方的人机验证，再重新输入后提交';
const CHALLENGE_FAILED = '人机验证未完成或已失效，请重新完成下方的人机验证后再提交';

/** Submit the login form shown in `page` (with `extra` fields: the challenge's solution); the answer is the next page (or the app after login). */
async function attempt(browser: InjectBrowser, page: string, loginId: string, password: string, extra: { altcha?: string } = {}) {
  return browser.submit(page, { loginId, password, ...(extra.altcha ? { altcha: extra.altcha } : {}) });
}

test('a 法人 logs in with the 统一社会信用代码 or the mobile number and comes back to the page asked for', () =>
  withApp(async (t) => {
    const { form, account: registered } = await loggedInLegal(t);
    for (const loginId of [form.uscc!, form.uscc!.toLowerCase(), form.mobile!]) {
      const browser = newBrowser(t);
      await loginAs(browser, loginId, TEST_PASSWORD, '/items/survey-b/apply');
      assert.equal(browser.lastUrl, '/items/survey-b/apply', loginId);
      const { account } = await browser.sessionInfo();
      assert.equal(account?.kind, 'legal', loginId);
      assert.equal(account?.id, registered.id, 'the same app account');
      assert.equal(account?.profile.uscc, form.uscc);
    }
  }));

test('a 自然人 logs in with the ID number', () =>
  withApp(async (t) => {
    const { form } = await loggedInNatural(t, { idNumber: '11010519491231002X' });
    const browser = newBrowser(t);
    await loginAs(browser, '11010519491231002x', TEST_PASSWORD, '/items/struct-eng-2/apply');
    assert.equal(browser.lastUrl, '/items/struct-eng-2/apply');
    const { account } = await browser.sessionInfo();
    assert.equal(account?.kind, 'natural');
    assert.equal(account?.profile.idNumber, '11010519491231002X');
    assert.equal(account?.displayName, form.name);
  }));

test('a wrong password and an unknown account get the identical answer (no existence oracle)', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    const page = await openLoginPage(browser);

    const wrongPassword = await attempt(browser, page.body, form.uscc!, `${TEST_PASSWORD}x`);
    const unknownAccount = await attempt(browser, wrongPassword.body, validUscc(), TEST_PASSWORD);

    assert.equal(wrongPassword.statusCode, 401);
    assert.equal(unknownAccount.statusCode, 401);
    assert.equal(alertText(wrongPassword.body), WRONG);
    assert.equal(alertText(unknownAccount.body), alertText(wrongPassword.body));
    assert.match(wrongPassword.body, /<h1>用户登录<\/h1>/);
    assert.equal(inputValue(wrongPassword.body, 'loginId'), form.uscc, 'the account typed is kept');
    assert.equal(inputValue(wrongPassword.body, 'password'), '');
    assert.ok(!wrongPassword.body.includes(`${TEST_PASSWORD}x`), 'the password is never sent back');
    assert.equal((await browser.sessionInfo()).account, null);
  }));

test('a form without password is refused with a prompt and does not count as a failure', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    let page = (await openLoginPage(browser, '/items/survey-b/apply')).body;
    for (let i = 1; i <= 5; i++) {
      const res = await attempt(browser, page, form.uscc!, '');
      assert.equal(res.statusCode, 400);
      assert.equal(alertText(res.body), '请输入账号和密码');
      page = res.body;
    }
    await attempt(browser, page, form.uscc!, TEST_PASSWORD);
    assert.equal(browser.lastUrl, '/items/survey-b/apply');
    assert.equal((await browser.sessionInfo()).account?.kind, 'legal');
  }));


/**
 * `n` wrong passwords from `browser`, starting from `page`: solving the challenge when the page
 * carries one and waiting (on the test clock) when told to. The last answer.
 */
async function fail(t: TestApp, browser: InjectBrowser, page: string, loginId: string, n: number): Promise<LightMyRequestResponse> {
  let res: LightMyRequestResponse | undefined;
  for (let failures = 0; failures < n; ) {
    res = await attempt(browser, page, loginId, `Wrong#Pass${failures}`, await solveIfAsked(page));
    page = res.body;
    if (res.statusCode === 429) {
      t.clock.advance(Number(res.headers['retry-after']) * 1000);
      continue;
    }
    assert.equal(res.statusCode, 401, alertText(res.body));
    assert.ok(alertText(res.body).startsWith(WRONG), alertText(res.body));
    failures++;
  }
  return res!;
}

/** The Beijing time `seconds` after the test clock's start (10:00:00). */
const at = (t: TestApp, seconds: number) => new Date(t.clock.now().getTime() + seconds * 1000).toISOString().slice(11, 19).replace(/^(\d\d)/, (h) => String((Number(h) + 8) % 24).padStart(2, '0'));

const delayed = (res: LightMyRequestResponse) => {
  assert.equal(res.statusCode, 429, alertText(res.body));
  const m = DELAYED.exec(alertText(res.body));
  assert.ok(m, alertText(res.body));
  return { until: m[1]!, seconds: Number(m[2]), retryAfter: Number(res.headers['retry-after']) };
};

test('an attacker failing 10 times from one address does not keep the owner out: from home the right password logs in', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const attacker = newBrowser(t);
    await fail(t, attacker, (await openLoginPage(attacker)).body, form.uscc!, 6);

    // Six failures from elsewhere: the owner's own address sees a plain login.
    const owner = newBrowser(t);
    const page = await openLoginPage(owner, '/my');
    assert.ok(!hasChallenge(page.body));
    await attempt(owner, page.body, form.uscc!, TEST_PASSWORD);
    assert.equal(owner.lastUrl, '/my');
    assert.equal((await owner.sessionInfo()).account?.kind, 'legal');
    await logout(owner);

    // Ten in the hour: the identifier asks every address for the challenge, and blocks none.
    await fail(t, attacker, (await openLoginPage(attacker)).body, form.uscc!, 4);
    const home = newBrowser(t);
    const first = await attempt(home, (await openLoginPage(home, '/my')).body, form.mobile!, TEST_PASSWORD);
    assert.equal(first.statusCode, 401);
    assert.equal(alertText(first.body), CHALLENGE_NEEDED, 'the password was not looked at');
    assert.equal((await home.sessionInfo()).account, null);
    await attempt(home, first.body, form.mobile!, TEST_PASSWORD, await solvePageChallenge(first.body));
    assert.equal(home.lastUrl, '/my');
    assert.equal((await home.sessionInfo()).account?.kind, 'legal');

    // The attacker's address still waits, even with the right password.
    const again = (await openLoginPage(attacker)).body;
    const still = await attempt(attacker, again, form.uscc!, TEST_PASSWORD, await solvePageChallenge(again));
    assert.equal(still.statusCode, 429);
    assert.equal((await attacker.sessionInfo()).account, null);
  }));

test('from one address past 5 failures every attempt waits 1 s, 2 s, 4 s …: refused with 429 and Retry-After, the right password too, unchecked', () =>
  withApp(async (t) => {
    const { form, account } = await loggedInLegal(t);
    const browser = newBrowser(t);
    const fifth = await fail(t, browser, (await openLoginPage(browser, '/my')).body, form.uscc!, LOGIN_THROTTLE.pair.delayAt);
    assert.equal(fifth.statusCode, 401);
    assert.equal(alertText(fifth.body), `${WRONG}。登录失败次数过多，请于${at(t, 1)}（北京时间，约1秒后）再试`, 'the delay is announced');

    // Within the second: the right and a wrong password get the same answer; neither is checked.
    const right = await attempt(browser, fifth.body, form.uscc!, TEST_PASSWORD, await solvePageChallenge(fifth.body));
    const wrong = await attempt(browser, right.body, form.uscc!, 'Wrong#Again1', await solvePageChallenge(right.body));
    for (const res of [right, wrong]) {
      assert.deepEqual(delayed(res), { until: at(t, 1), seconds: 1, retryAfter: 1 });
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.equal(inputValue(res.body, 'loginId'), form.uscc);
    }
    assert.equal((await browser.sessionInfo()).account, null);

    // Each further failure doubles the wait.
    let page = wrong.body;
    for (const wait of [1, 2, 4, 8]) {
      t.clock.advance(wait * 1000 - 1);
      const early = await attempt(browser, page, form.uscc!, TEST_PASSWORD, await solvePageChallenge(page));
      assert.equal(delayed(early).retryAfter, 1, `a millisecond before the ${wait} s are over`);
      t.clock.advance(1);
      const res = await attempt(browser, early.body, form.uscc!, `Wrong#Late${wait}`, await solvePageChallenge(early.body));
      assert.equal(alertText(res.body), `${WRONG}。登录失败次数过多，请于${at(t, wait * 2)}（北京时间，约${wait * 2}秒后）再试`);
      page = res.body;
    }
    t.clock.advance(16_000);
    await attempt(browser, page, form.uscc!, TEST_PASSWORD, await solvePageChallenge(page));
    assert.equal(browser.lastUrl, '/my', 'once the wait is over the right password works');

    const rows = await t.database.db.selectFrom('auditLog').select(['action', 'outcome', 'objectId', 'details', 'clientIp']).where('action', '=', 'idp.login-throttled').execute();
    assert.equal(rows.length, 6, 'every refusal is audited');
    for (const row of rows) {
      assert.equal(row.outcome, 'failure');
      assert.equal(row.clientIp, browser.remoteAddress);
      assert.equal((row.details as { step: string }).step, 'idp.login');
    }
    const idpUserId = (await t.database.db.selectFrom('accounts').select('subject').where('id', '=', account.id).executeTakeFirstOrThrow()).subject;
    assert.ok(rows.every((r) => r.objectId === idpUserId), 'with the account tried');
  }));

test('the 人机验证 from the 3rd failure: refused without a valid solution (uncounted), a solution works once, an expired one not at all', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    const login = await openLoginPage(browser, '/my');
    assert.ok(!hasChallenge(login.body), 'no challenge before any failure');
    assert.ok(!login.body.includes('<script'), 'and no script');
    let page = (await fail(t, browser, login.body, form.uscc!, 2)).body;
    assert.ok(!hasChallenge(page), 'two failures: still plain');
    page = (await fail(t, browser, page, form.uscc!, 1)).body;
    assert.ok(hasChallenge(page), 'the third failure brings the challenge');
    assert.match(page, /<script type="module" src="\/idp-assets\/challenge\.js"><\/script>/);
    assert.match(page, /<link rel="stylesheet" href="\/idp-assets\/altcha\.css">/);
    assert.ok(!/<script>|style="/.test(page), 'no inline script or style');
    assert.match(page, /<altcha-widget [^>]*auto="onload" language="zh-cn" name="altcha"/);

    // Without a solution (even the right password), with garbage, with a forged one: refused, not counted.
    for (let i = 0; i < 6; i++) {
      const res = await attempt(browser, page, form.uscc!, TEST_PASSWORD);
      assert.equal(res.statusCode, 401);
      assert.equal(alertText(res.body), CHALLENGE_NEEDED);
      assert.ok(hasChallenge(res.body));
      page = res.body;
    }
    const challenge = pageChallenge(page)!;
    const forged = [
      'not base64 json',
      challengePayload(challenge, { counter: 1, derivedKey: '00'.repeat(32) }),
      challengePayload({ ...challenge, parameters: { ...challenge.parameters, keyPrefix: '00' } }, { counter: 1, derivedKey: '00'.repeat(32) }),
    ];
    for (const altcha of forged) {
      const res = await attempt(browser, page, form.uscc!, TEST_PASSWORD, { altcha });
      assert.equal(res.statusCode, 401);
      assert.equal(alertText(res.body), CHALLENGE_FAILED);
      page = res.body;
    }
    assert.equal((await browser.sessionInfo()).account, null);

    // Solved: the password is checked (a failure, the 4th: no delay yet — the refusals did not count).
    const solved = await solvePageChallenge(page);
    const fourth = await attempt(browser, page, form.uscc!, 'Wrong#Pass4', solved);
    assert.equal(alertText(fourth.body), WRONG);
    const replay = await attempt(browser, fourth.body, form.uscc!, TEST_PASSWORD, solved);
    assert.equal(alertText(replay.body), CHALLENGE_FAILED, 'a solution works once');
    assert.equal((await browser.sessionInfo()).account, null);

    const stale = await solvePageChallenge(replay.body);
    t.clock.advance(31 * 60_000);
    const expired = await attempt(browser, replay.body, form.uscc!, TEST_PASSWORD, stale);
    assert.equal(alertText(expired.body), CHALLENGE_FAILED, 'a challenge lasts 30 minutes');

    // The app's pre-login session has lapsed as well (30 minutes idle): a new login. Its page is
    // plain (the address has only 4 failures), so the password comes back asking for the challenge.
    const fresh = await attempt(browser, (await openLoginPage(browser, '/my')).body, form.uscc!, TEST_PASSWORD);
    assert.equal(alertText(fresh.body), CHALLENGE_NEEDED);
    await attempt(browser, fresh.body, form.uscc!, TEST_PASSWORD, await solvePageChallenge(fresh.body));
    assert.equal(browser.lastUrl, '/my');
    assert.equal((await browser.sessionInfo()).account?.kind, 'legal');
  }));

test('the widget is served from our own origin with our CSP', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    const entry = await browser.request('GET', '/idp-assets/challenge.js');
    assert.equal(entry.statusCode, 200);
    assert.match(String(entry.headers['content-type']), /^text\/javascript/);
    const imports = [...entry.body.matchAll(/'(\/idp-assets\/[^']+)'/g)].map((m) => m[1]!);
    assert.deepEqual(imports.sort(), ['/idp-assets/altcha-pbkdf2.js', '/idp-assets/altcha-zh-cn.js', '/idp-assets/altcha.js']);
    for (const url of [...imports, '/idp-assets/altcha.css']) {
      const res = await browser.request('GET', url);
      assert.equal(res.statusCode, 200, url);
      assert.ok(res.body.length > 1000, url);
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/, url);
    }
    const zh = await browser.request('GET', '/idp-assets/altcha-zh-cn.js');
    assert.match(zh.body, /我不是机器人/);
  }));

test('a successful login clears the failures of its address', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    const page = (await fail(t, browser, (await openLoginPage(browser)).body, form.uscc!, 4)).body;
    await attempt(browser, page, form.uscc!, TEST_PASSWORD, await solvePageChallenge(page));
    assert.equal((await browser.sessionInfo()).account?.kind, 'legal');
    await logout(browser);

    let again = (await openLoginPage(browser)).body;
    for (let i = 1; i <= 3; i++) {
      assert.ok(!hasChallenge(again), `the count started again: attempt ${i} needs no challenge`);
      const res = await attempt(browser, again, form.uscc!, `Wrong#Pass${i}`);
      assert.equal(alertText(res.body), WRONG);
      again = res.body;
    }
  }));

test('an unknown identifier is throttled exactly like a real one', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const answers = async (loginId: string) => {
      const browser = newBrowser(t);
      let page = (await openLoginPage(browser)).body;
      const out: string[] = [];
      // 3 plain failures, one unsolved, two solved (the 5th starts the delay), then the right password at once.
      for (const [password, solve] of [['a', false], ['b', false], ['c', false], ['d', false], ['e', true], ['f', true], [TEST_PASSWORD, true]] as const) {
        const res = await attempt(browser, page, loginId, password === TEST_PASSWORD ? password : `Wrong#${password}1`, solve ? await solvePageChallenge(page) : {});
        out.push(`${res.statusCode} ${res.headers['retry-after'] ?? '-'} ${hasChallenge(res.body)} ${alertText(res.body)}`);
        page = res.body;
      }
      return out;
    };
    const known = await answers(form.uscc!);
    const unknown = await answers(validUscc());
    assert.deepEqual(unknown, known);
    assert.equal(known[3], `401 - true ${CHALLENGE_NEEDED}`);
    assert.match(known[6]!, /^429 1 true 登录失败次数过多/);
  }));

test('failures count against the account whichever identifier is typed', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    let page = (await fail(t, browser, (await openLoginPage(browser)).body, form.uscc!, 2)).body;
    page = (await fail(t, browser, page, form.mobile!, 1)).body;
    assert.ok(hasChallenge(page), 'three failures, split over two identifiers, bring the challenge');
    const viaUscc = await attempt(browser, page, form.uscc!, TEST_PASSWORD);
    assert.equal(alertText(viaUscc.body), CHALLENGE_NEEDED);

    page = (await fail(t, browser, viaUscc.body, form.mobile!, 2)).body;
    for (const loginId of [form.uscc!, form.mobile!]) {
      const res = await attempt(browser, page, loginId, TEST_PASSWORD, await solvePageChallenge(page));
      assert.equal(res.statusCode, 429, `the delay holds under ${loginId} too`);
      page = res.body;
    }
    assert.equal((await browser.sessionInfo()).account, null);
  }));

/** The 站内消息 of an app account, and the SMS rows of the outbox to a mobile. */
async function messagesOf(t: TestApp, accountId: string, kind: string) {
  return t.database.db.selectFrom('notifications').select(['title', 'body', 'id']).where('accountId', '=', accountId).where('kind', '=', kind).orderBy('id').execute();
}
async function smsTo(t: TestApp, mobile: string) {
  return t.database.db.selectFrom('outbox').select(['subject', 'body', 'notificationId']).where('channel', '=', 'sms').where('recipient', '=', mobile).orderBy('id').execute();
}

test('the account holder is told once (站内消息 and SMS) after 5 failures in an hour, from how many addresses; not once per failure', () =>
  withApp(async (t) => {
    const { form, account } = await loggedInLegal(t);
    const smsBefore = (await smsTo(t, form.mobile!)).length;
    // Two wrong passwords from each of three addresses: no address gets the challenge or a delay.
    for (const n of [2, 2, 1]) {
      const b = newBrowser(t);
      await fail(t, b, (await openLoginPage(b)).body, form.uscc!, n);
    }
    let messages = await messagesOf(t, account.id, 'security.login-failures');
    assert.equal(messages.length, 1, 'the fifth failure tells the holder');
    assert.equal(messages[0]!.title, '账号登录失败提醒');
    assert.equal(
      messages[0]!.body,
      '您的统一身份认证账号于2026年11月27日10:00至10:00（北京时间）登录失败5次，来自3个网络地址，系统会对反复失败的来源限制登录，您本人仍可正常登录（可能需要完成人机验证）。' +
        `如果不是您本人操作，可能有人在尝试猜测您的密码，请勿向他人透露密码。如需修改或重置密码，请拨打登录注册问题咨询热线${t.config.hotline}。`,
    );
    let sms = (await smsTo(t, form.mobile!)).slice(smsBefore);
    assert.equal(sms.length, 1);
    assert.equal(sms[0]!.notificationId, messages[0]!.id);
    assert.match(sms[0]!.body, /^【北京市规划和自然资源委员会】账号登录失败提醒。您的统一身份认证账号于/);

    const more = newBrowser(t);
    await fail(t, more, (await openLoginPage(more)).body, form.mobile!, 3);
    assert.equal((await messagesOf(t, account.id, 'security.login-failures')).length, 1, 'eight failures, still one message');

    // An hour later the next five tell again.
    t.clock.advance(61 * 60_000);
    const later = newBrowser(t);
    await fail(t, later, (await openLoginPage(later)).body, form.uscc!, 5);
    messages = await messagesOf(t, account.id, 'security.login-failures');
    assert.equal(messages.length, 2);
    assert.match(messages[1]!.body, /于2026年11月27日11:01至11:01（北京时间）登录失败5次，来自1个网络地址/);
    sms = (await smsTo(t, form.mobile!)).slice(smsBefore);
    assert.equal(sms.length, 2);

    const audited = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'objectId', 'details']).where('action', '=', 'idp.login-alert').orderBy('id').execute();
    assert.equal(audited.length, 2);
    assert.equal(audited[0]!.actorLabel, 'system');
    assert.deepEqual({ ...(audited[0]!.details as object), since: undefined }, { failures: 5, addresses: 3, since: undefined, holder: 'message', securityAdministrators: 0 });
  }));

test('repeated failures on a staff account (passwords and 动态口令) alert every 安全管理员', () =>
  withApp(async (t) => {
    const admins = [await newStaff(t, ['secadmin']), await newStaff(t, ['secadmin'])];
    const sysadmin = await newStaff(t, ['sysadmin']);
    const target = await newStaff(t, ['acceptor']);
    const neverLoggedIn = await createStaffUser(t, ['secadmin']);
    const mobileOf = async (id: string) => (await t.database.db.selectFrom('idpUsers').select('mobile').where('id', '=', id).executeTakeFirstOrThrow()).mobile;
    const accountOf = async (id: string) => (await t.database.db.selectFrom('accounts').select('id').where('subject', '=', id).executeTakeFirstOrThrow()).id;
    t.clock.advance(60_000);

    // Three wrong passwords from three addresses, then the right password and two wrong codes from a fourth.
    for (let i = 0; i < 3; i++) {
      const b = newBrowser(t);
      await fail(t, b, (await openLoginPage(b)).body, target.username, 1);
    }
    const b = newBrowser(t);
    let page = (await loginAs(b, target.username, TEST_PASSWORD)).body;
    for (const i of [1, 2]) {
      const res = await b.submit(page, { code: wrongCode(target.secret, t.clock.now(), i) });
      assert.equal(alertText(res.body), '动态口令错误，请重新输入');
      page = res.body;
    }
    assert.equal((await b.sessionInfo()).account, null);

    for (const admin of admins) {
      const messages = await messagesOf(t, await accountOf(admin.id), 'security.staff-login-failures');
      assert.equal(messages.length, 1, admin.username);
      assert.equal(messages[0]!.title, '工作人员账号登录失败告警');
      assert.match(messages[0]!.body, new RegExp(`^工作人员工作人员acceptor（用户名${target.username}）的账号于2026年11月27日10:\\d\\d至10:\\d\\d（北京时间）登录失败5次（含密码和动态口令），来自4个网络地址。`));
      assert.equal((await smsTo(t, await mobileOf(admin.id))).length, 1);
    }
    assert.equal((await smsTo(t, await mobileOf(neverLoggedIn.id))).length, 1, 'a 安全管理员 without an app account gets the SMS');
    assert.equal((await messagesOf(t, await accountOf(sysadmin.id), 'security.staff-login-failures')).length, 0, 'other staff are not told');
    assert.equal((await smsTo(t, await mobileOf(sysadmin.id))).length, 0);
    const own = await messagesOf(t, await accountOf(target.id), 'security.login-failures');
    assert.equal(own.length, 1, 'the member is told too');
    assert.match(own[0]!.body, /如需重置密码或动态口令，请联系系统管理员。$/);

    // The member still logs in from the fourth address with the right code.
    await loginStaff(t, newBrowser(t), target.username, TEST_PASSWORD, { secret: target.secret });
  }));
