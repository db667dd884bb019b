import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp } from '../../../test/support/app.ts';
import { InjectBrowser } from '../../../test/support/browser.ts';
import {
  alertText,
  idpUserCount,
  legalForm,
  loggedInLegal,
  newBrowser,
  openLoginPage,
  openRegisterPage,
  TEST_PASSWORD,
} from '../../../test/support/flows.ts';

// The IdP forms are rate-limited per app (registration 10/min): every test builds its own.
const withApp = withTestApp;

/** POST /auth/logout with exactly these headers; the session cookie comes from the browser. */
const postLogout = (browser: InjectBrowser, headers: Record<string, string>) => browser.request('POST', '/auth/logout', { headers });

function assertCsrfRejected(res: { statusCode: number; json(): unknown }, code: 'CSRF_TOKEN_INVALID' | 'CROSS_ORIGIN_REJECTED'): void {
  assert.equal(res.statusCode, 403);
  assert.equal((res.json() as { error: { code: string } }).error.code, code);
}

test('logout is refused without a valid token from our own origin, and the session survives', () =>
  withApp(async (t) => {
    const { browser } = await loggedInLegal(t);
    const { csrfToken } = await browser.sessionInfo();
    assert.ok(csrfToken);
    const origin = browser.origin;
    const forged = `${csrfToken.slice(0, -1)}${csrfToken.endsWith('A') ? 'B' : 'A'}`;

    const attempts: [string, Record<string, string>, 'CSRF_TOKEN_INVALID' | 'CROSS_ORIGIN_REJECTED'][] = [
      ['no token', { origin }, 'CSRF_TOKEN_INVALID'],
      ['wrong token', { origin, 'x-csrf-token': forged }, 'CSRF_TOKEN_INVALID'],
      ['empty token', { origin, 'x-csrf-token': '' }, 'CSRF_TOKEN_INVALID'],
      ['right token from another origin', { origin: 'https://evil.example', 'x-csrf-token': csrfToken }, 'CROSS_ORIGIN_REJECTED'],
      ['right token, our host over another scheme', { origin: origin.replace('http:', 'https:'), 'x-csrf-token': csrfToken }, 'CROSS_ORIGIN_REJECTED'],
      ['right token, cross-site fetch without Origin', { 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrfToken }, 'CROSS_ORIGIN_REJECTED'],
    ];
    for (const [label, headers, code] of attempts) {
      const res = await postLogout(browser, headers);
      assert.equal(res.statusCode, 403, label);
      assertCsrfRejected(res, code);
      assert.equal(res.headers['set-cookie'], undefined, `${label}: the cookie is left alone`);
      const info = await browser.sessionInfo();
      assert.equal(info.account?.kind, 'legal', `${label}: still logged in`);
      assert.equal(info.csrfToken, csrfToken, `${label}: same session`);
    }

    // Control: the same request done right logs out.
    const ok = await postLogout(browser, { origin, 'x-csrf-token': csrfToken });
    assert.equal(ok.statusCode, 200);
    assert.equal((await browser.sessionInfo()).account, null);
  }));

test('a same-origin request without Origin (non-browser client) is accepted with the right token', () =>
  withApp(async (t) => {
    const { browser } = await loggedInLegal(t);
    const { csrfToken } = await browser.sessionInfo();
    const res = await postLogout(browser, { 'sec-fetch-site': 'same-origin', 'x-csrf-token': csrfToken! });
    assert.equal(res.statusCode, 200);
    assert.equal((await browser.sessionInfo()).account, null);
  }));

test('one session\'s token does not work for another session', () =>
  withApp(async (t) => {
    const alice = await loggedInLegal(t);
    const bob = await loggedInLegal(t);
    const bobsToken = (await bob.browser.sessionInfo()).csrfToken!;
    assertCsrfRejected(await postLogout(alice.browser, { origin: alice.browser.origin, 'x-csrf-token': bobsToken }), 'CSRF_TOKEN_INVALID');
    assert.equal((await alice.browser.sessionInfo()).account?.id, alice.account.id);
  }));

/** Submit an IdP form with its hidden fields replaced (or removed, with undefined). */
async function submitWith(browser: InjectBrowser, html: string, values: Record<string, string>, csrf: string | undefined, origin = browser.origin) {
  const { action, fields } = InjectBrowser.form(html);
  const form: Record<string, string> = { ...fields, ...values };
  if (csrf === undefined) delete form._csrf;
  else form._csrf = csrf;
  return browser.navigate('POST', action, { form, headers: { origin } });
}

test('the IdP registration form is refused without its CSRF token, or from another site; nothing is registered', () =>
  withApp(async (t) => {
    const browser = newBrowser(t);
    const page = await openRegisterPage(browser, 'legal');
    const { fields } = InjectBrowser.form(page.body);
    assert.equal(fields._csrf?.length, 43, 'the page carries a token');
    const count = await idpUserCount(t);

    const cases: [string, string | undefined, string?][] = [
      ['no _csrf', undefined],
      ['wrong _csrf', 'x'.repeat(43)],
      ['empty _csrf', ''],
      ['right _csrf from another origin', fields._csrf, 'https://evil.example'],
    ];
    for (const [label, csrf, origin] of cases) {
      const form = legalForm();
      const res = await submitWith(browser, page.body, form, csrf, origin);
      assert.equal(res.statusCode, 403, label);
      assert.match(res.body, /无法完成认证/, `${label}: an error page, not the app`);
      assert.equal(await idpUserCount(t), count, `${label}: nothing registered`);
      assert.equal((await browser.sessionInfo()).account, null, `${label}: not logged in`);
    }

    // Control: the untouched form registers.
    await submitWith(browser, page.body, legalForm(), fields._csrf);
    assert.equal(await idpUserCount(t), count + 1);
    assert.equal((await browser.sessionInfo()).account?.kind, 'legal');
  }));

test('the IdP login form is refused without its CSRF token; the right password does not log in', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    const page = await openLoginPage(browser);
    const { fields } = InjectBrowser.form(page.body);
    const credentials = { loginId: form.uscc!, password: TEST_PASSWORD };

    for (const [label, csrf] of [['no _csrf', undefined], ['wrong _csrf', 'y'.repeat(43)]] as const) {
      const res = await submitWith(browser, page.body, credentials, csrf);
      assert.equal(res.statusCode, 403, label);
      assert.match(alertText(res.body), /页面已过期/);
      assert.equal((await browser.sessionInfo()).account, null, `${label}: not logged in`);
    }

    await submitWith(browser, page.body, credentials, fields._csrf);
    assert.equal((await browser.sessionInfo()).account?.kind, 'legal');
  }));
