import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp } from '../../../../test/support/app.ts';
import type { InjectBrowser } from '../../../../test/support/browser.ts';
import {
  alertText,
  inputValue,
  loggedInLegal,
  loggedInNatural,
  loginAs,
  newBrowser,
  openLoginPage,
  TEST_PASSWORD,
  validUscc,
} from '../../../../test/support/flows.ts';

// The login form allows 20 submissions a minute per client: every test builds its own app.
const withApp = withTestApp;

const WRONG = '账号或密码错误，请重新输入';
const LOCKED = /登录失败次数过多/;

/** Submit the login form shown in `page`; the answer is the next page (or the app after login). */
async function attempt(browser: InjectBrowser, page: string, loginId: string, password: string) {
  return browser.submit(page, { loginId, password });
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

test('a form without password is refused with a prompt and does not count towards the lock', () =>
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

test('five failures lock the account for 15 minutes, even against the right password', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    let page = (await openLoginPage(browser, '/items/survey-b/apply')).body;

    for (let i = 1; i <= 4; i++) {
      const res = await attempt(browser, page, form.uscc!, `Wrong#Pass${i}`);
      assert.equal(alertText(res.body), WRONG, `failure ${i}`);
      page = res.body;
    }
    const fifth = await attempt(browser, page, form.uscc!, 'Wrong#Pass5');
    assert.equal(fifth.statusCode, 401);

    const sixth = await attempt(browser, fifth.body, form.uscc!, TEST_PASSWORD);
    assert.equal(sixth.statusCode, 401, 'the right password is refused while locked');
    assert.match(alertText(sixth.body), LOCKED);
    assert.equal((await browser.sessionInfo()).account, null);

    // 14 minutes on it is still locked; just past 15 minutes the right password works again.
    t.clock.advance(14 * 60_000);
    const stillLocked = await attempt(browser, sixth.body, form.uscc!, TEST_PASSWORD);
    assert.match(alertText(stillLocked.body), LOCKED);

    t.clock.advance(60_000 + 1_000);
    const fresh = newBrowser(t);
    await loginAs(fresh, form.uscc!, TEST_PASSWORD, '/items/survey-b/apply');
    assert.equal(fresh.lastUrl, '/items/survey-b/apply');
    assert.equal((await fresh.sessionInfo()).account?.kind, 'legal');
  }));

test('a successful login clears earlier failures', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    let page = (await openLoginPage(browser)).body;
    for (let i = 1; i <= 4; i++) page = (await attempt(browser, page, form.uscc!, `Wrong#Pass${i}`)).body;
    await attempt(browser, page, form.uscc!, TEST_PASSWORD);
    assert.equal((await browser.sessionInfo()).account?.kind, 'legal');

    const other = newBrowser(t);
    page = (await openLoginPage(other)).body;
    for (let i = 1; i <= 4; i++) {
      const res = await attempt(other, page, form.uscc!, `Wrong#Pass${i}`);
      assert.equal(alertText(res.body), WRONG, `the count started again: failure ${i}`);
      page = res.body;
    }
  }));

test('an unknown identifier locks the same way as a real one', () =>
  withApp(async (t) => {
    const unknown = validUscc();
    const browser = newBrowser(t);
    let page = (await openLoginPage(browser)).body;
    const messages: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const res = await attempt(browser, page, unknown, TEST_PASSWORD);
      assert.equal(res.statusCode, 401);
      messages.push(alertText(res.body));
      page = res.body;
    }
    assert.deepEqual(messages.slice(0, 4), [WRONG, WRONG, WRONG, WRONG]);
    assert.match(messages[5]!, LOCKED);
  }));

test('failures count against the account whichever identifier is typed', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    let page = (await openLoginPage(browser, '/')).body;
    for (let i = 1; i <= 3; i++) page = (await attempt(browser, page, form.uscc!, `Wrong#Pass${i}`)).body;
    for (let i = 4; i <= 5; i++) page = (await attempt(browser, page, form.mobile!, `Wrong#Pass${i}`)).body;
    assert.match(alertText(page), LOCKED, 'the fifth failure locks, though split over two identifiers');

    const viaUscc = await attempt(browser, page, form.uscc!, TEST_PASSWORD);
    assert.match(alertText(viaUscc.body), LOCKED, 'the account is locked under its other identifier too');
    assert.equal((await browser.sessionInfo()).account, null);
  }));
