import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { InjectBrowser } from '../../../test/support/browser.ts';
import { loggedInLegal, loginAs, logout, newBrowser, openLoginPage, TEST_PASSWORD } from '../../../test/support/flows.ts';

async function withApp(fn: (t: TestApp) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  const t = await buildTestApp(env);
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

const MINUTE = 60_000;

/** The Set-Cookie line that sets `name`, or undefined. */
function setCookieLine(res: LightMyRequestResponse, name: string): string | undefined {
  const raw = res.headers['set-cookie'];
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return lines.find((l) => l.startsWith(`${name}=`));
}

/** Attributes of a Set-Cookie line, lower-cased names; flags map to ''. */
function attributes(line: string): Map<string, string> {
  const [, ...parts] = line.split(';').map((p) => p.trim());
  return new Map(parts.map((p) => {
    const [k, ...v] = p.split('=');
    return [k!.toLowerCase(), v.join('=')] as const;
  }));
}

/** The Set-Cookie line for `name` on the /auth/callback hop of the last login. */
function callbackSetCookie(browser: InjectBrowser, name: string): string | undefined {
  const hop = [...browser.history].reverse().find((h) => h.url.startsWith('/auth/callback'));
  assert.ok(hop, 'the login went through /auth/callback');
  return setCookieLine(hop.res, name);
}

async function isLoggedIn(browser: InjectBrowser): Promise<boolean> {
  return (await browser.sessionInfo()).account !== null;
}

/** Replay a raw session cookie value in a browser of its own. */
async function replay(t: TestApp, name: string, value: string) {
  const other = newBrowser(t);
  other.setCookie(name, value);
  return other.sessionInfo();
}

/** The attributes every session cookie carries; `secure` as the deployment demands. */
function assertSessionCookie(line: string | undefined, secure: boolean): void {
  assert.ok(line, 'a session cookie is set');
  const attrs = attributes(line);
  assert.equal(attrs.get('httponly'), '', `HttpOnly: ${line}`);
  assert.equal(attrs.get('samesite'), 'Lax', `SameSite=Lax: ${line}`);
  assert.equal(attrs.get('path'), '/', `Path=/: ${line}`);
  assert.equal(attrs.has('domain'), false, `no Domain: ${line}`);
  assert.equal(attrs.has('secure'), secure, `Secure=${secure}: ${line}`);
  assert.equal(attrs.has('max-age') || attrs.has('expires'), false, `ends with the browser: ${line}`);
}

test('over http the session cookie is zz_sid, HttpOnly, SameSite=Lax, Path=/, not Secure, and ends with the browser', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    const start = await browser.request('GET', '/auth/login');
    assert.equal(start.statusCode, 303);
    assertSessionCookie(setCookieLine(start, 'zz_sid'), false);

    await loginAs(browser, form.uscc!, TEST_PASSWORD);
    assertSessionCookie(callbackSetCookie(browser, 'zz_sid'), false);
    assert.equal(await isLoggedIn(browser), true);
  }));

test('over https the session cookie is __Host-zz_sid and Secure, and the login works with it', () =>
  withApp(
    async (t) => {
      assert.equal(t.config.secureCookies, true);
      const browser = newBrowser(t);
      const start = await browser.request('GET', '/auth/login');
      assert.match(String(start.headers.location), /^https:\/\/zizhi\.test\/idp\/auth\?/);
      assert.equal(setCookieLine(start, 'zz_sid'), undefined, 'no unprefixed cookie');
      // __Host- also requires Path=/ and no Domain, both checked here.
      assertSessionCookie(setCookieLine(start, '__Host-zz_sid'), true);

      const { browser: user, form } = await loggedInLegal(t);
      assert.equal((await user.sessionInfo()).account?.profile.uscc, form.uscc);
      assertSessionCookie(callbackSetCookie(user, '__Host-zz_sid'), true);

      // The same value under the unprefixed name is not a session on the https app.
      const value = user.cookie('__Host-zz_sid')!;
      assert.equal((await replay(t, 'zz_sid', value)).account, null);
      assert.notEqual((await replay(t, '__Host-zz_sid', value)).account, null);
    },
    { PUBLIC_URL: 'https://zizhi.test' },
  ));

test('the session id changes at login; the pre-login id is dead afterwards (no session fixation)', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const browser = newBrowser(t);
    const page = await openLoginPage(browser, '/items/survey-b/apply');
    const before = browser.cookie('zz_sid');
    assert.ok(before, '/auth/login starts a pre-login session');
    const beforeInfo = await browser.sessionInfo();
    assert.equal(beforeInfo.account, null);
    assert.ok(beforeInfo.csrfToken);

    await browser.submit(page.body, { loginId: form.uscc!, password: TEST_PASSWORD });
    assert.equal(browser.lastUrl, '/items/survey-b/apply');
    const after = browser.cookie('zz_sid');
    assert.ok(after);
    assert.notEqual(after, before);
    const afterInfo = await browser.sessionInfo();
    assert.equal(afterInfo.account?.kind, 'legal');
    assert.notEqual(afterInfo.csrfToken, beforeInfo.csrfToken, 'a new CSRF token comes with the new session');

    const replayed = await replay(t, 'zz_sid', before);
    assert.equal(replayed.account, null);
    assert.equal(replayed.csrfToken, null, 'the pre-login session no longer exists at all');
    assert.equal((await replay(t, 'zz_sid', after)).account?.kind, 'legal');
  }));

test('a session id planted before login is never adopted', () =>
  withApp(async (t) => {
    const { form } = await loggedInLegal(t);
    const planted = 'attacker-chosen-session-id-0123456789abcdefgh';
    const browser = newBrowser(t);
    browser.setCookie('zz_sid', planted);
    await loginAs(browser, form.uscc!, TEST_PASSWORD);
    assert.notEqual(browser.cookie('zz_sid'), planted);
    assert.equal((await browser.sessionInfo()).account?.kind, 'legal');
    assert.equal((await replay(t, 'zz_sid', planted)).account, null);
  }));

test('31 idle minutes log the user out', () =>
  withApp(async (t) => {
    const { browser } = await loggedInLegal(t);
    const cookie = browser.cookie('zz_sid')!;
    assert.equal(await isLoggedIn(browser), true);

    t.clock.advance(31 * MINUTE);
    const res = await browser.request('GET', '/api/session');
    assert.equal(res.json().account, null);
    assert.equal(res.json().csrfToken, null);
    assert.match(setCookieLine(res, 'zz_sid') ?? '', /^zz_sid=;/, 'the dead cookie is cleared');
    assert.equal((await replay(t, 'zz_sid', cookie)).account, null, 'and is dead on the server too');
  }));

test('activity within 30 minutes keeps the session alive', () =>
  withApp(async (t) => {
    const { browser } = await loggedInLegal(t);
    t.clock.advance(20 * MINUTE);
    assert.equal(await isLoggedIn(browser), true);
    t.clock.advance(20 * MINUTE);
    assert.equal(await isLoggedIn(browser), true, '40 minutes after login, 20 after the last request');
    t.clock.advance(29 * MINUTE);
    assert.equal(await isLoggedIn(browser), true);
    t.clock.advance(30 * MINUTE);
    assert.equal(await isLoggedIn(browser), false, '30 idle minutes end it');
  }));

test('an active session still ends 12 hours after login', () =>
  withApp(async (t) => {
    const { browser } = await loggedInLegal(t);
    const { expiresAt } = (await browser.request('GET', '/api/session')).json() as { expiresAt: string };
    assert.equal(new Date(expiresAt).getTime() - t.clock.now().getTime(), 12 * 60 * MINUTE);
    for (let elapsed = 20; elapsed < 12 * 60; elapsed += 20) {
      t.clock.advance(20 * MINUTE);
      assert.equal(await isLoggedIn(browser), true, `still logged in after ${elapsed} minutes`);
    }
    t.clock.advance(20 * MINUTE);
    assert.equal(await isLoggedIn(browser), false, 'logged out at 12 hours');
  }));

test('logout destroys the app session and the identity-provider session', () =>
  withApp(async (t) => {
    const { browser, form } = await loggedInLegal(t);

    // While the IdP session lives, losing only the app session means a silent re-login.
    browser.deleteCookie('zz_sid');
    await browser.navigate('GET', '/auth/login?returnTo=/items/survey-b/apply');
    assert.equal(browser.lastUrl, '/items/survey-b/apply', 'logged in again without a password');
    assert.equal((await browser.sessionInfo()).account?.profile.uscc, form.uscc);

    const cookie = browser.cookie('zz_sid')!;
    const res = await logout(browser);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { redirectTo: '/' });
    assert.match(setCookieLine(res, 'zz_sid') ?? '', /^zz_sid=;/, 'the cookie is cleared');
    assert.equal(browser.cookie('zz_sid'), undefined);

    const replayed = await replay(t, 'zz_sid', cookie);
    assert.equal(replayed.account, null, 'the old cookie value is dead');
    assert.equal(replayed.csrfToken, null);

    // The IdP forgot the user too: the same browser is asked for its password again.
    await openLoginPage(browser, '/items/survey-b/apply');
    assert.equal((await browser.sessionInfo()).account, null);
  }));
