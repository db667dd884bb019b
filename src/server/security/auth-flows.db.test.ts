import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { InjectBrowser } from '../../../test/support/browser.ts';
import { alertText, idpUserCount, legalForm, loggedInLegal, loginAs, newBrowser, openLoginPage, openRegisterPage, TEST_PASSWORD } from '../../../test/support/flows.ts';
import { fileStatement, postMultipart } from '../../../test/support/security.ts';
import { createStaffUser, loginStaff } from '../../../test/support/staff.ts';
import { BUNDLED_CLIENT_ID } from '../auth/idp/provider.ts';
import { safeReturnTo } from '../auth/return-to.ts';
import { sampleApplication } from '../../domain/items/fixtures.ts';

/**
 * What session.db.test.ts, open-redirect.db.test.ts, csrf.db.test.ts and the IdP tests do not
 * already cover: fixation of the identity provider's own session and of a staff (two-factor)
 * login, open redirects through every door (returnTo forms the unit test knows, the provider's
 * redirect_uri and post-logout URI, the verification form), and the per-client rate limits of
 * the login, registration, upload, 陈述, submission and verification routes (429 in Chinese,
 * other clients unaffected).
 */

/** Where a redirect goes, resolved against our origin. */
const target = (res: LightMyRequestResponse, base: string) => new URL(String(res.headers.location), base);

// One app for the file: rate limits count per client, and every InjectBrowser is a client of its own.
let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t?.close());

describe('session fixation', () => {
  let uscc: string;
  before(async () => {
    uscc = (await loggedInLegal(t)).form.uscc!;
  });

  test("an identity-provider session cookie planted before login is not the one after, and does not log the attacker in", async () => {
    const planted = 'attacker-planted-idp-session-0123456789';
    const victim = newBrowser(t);
    victim.setCookie('_session', planted, '/idp');
    victim.setCookie('_session.legacy', planted, '/idp');
    await loginAs(victim, uscc, TEST_PASSWORD, '/');
    assert.equal((await victim.sessionInfo()).account?.kind, 'legal');
    assert.notEqual(victim.cookie('_session'), planted, 'the IdP issued its own session id');

    // The attacker's browser, holding the planted value, is still asked for a password.
    const attacker = newBrowser(t);
    attacker.setCookie('_session', planted, '/idp');
    const res = await attacker.navigate('GET', '/auth/login?returnTo=/my');
    assert.match(res.body, /<h1>用户登录<\/h1>/);
    assert.equal((await attacker.sessionInfo()).account, null);
  });

  test('a staff login (password, then 动态口令) rotates the session id too; the pre-login id and a planted one are dead', async () => {
    const user = await createStaffUser(t, ['reviewer']);
    const browser = newBrowser(t);
    const planted = 'attacker-chosen-session-id-for-staff-0123456789';
    browser.setCookie('zz_sid', planted);
    await openLoginPage(browser, '/staff');
    const preLogin = browser.cookie('zz_sid');
    assert.ok(preLogin && preLogin !== planted, 'the planted id was replaced at once');
    await loginStaff(t, browser, user.username, user.password);
    const after = browser.cookie('zz_sid');
    assert.ok(after && after !== preLogin && after !== planted);
    assert.equal((await browser.sessionInfo()).account?.kind, 'staff');
    for (const old of [preLogin, planted]) {
      const other = newBrowser(t);
      other.setCookie('zz_sid', old);
      assert.deepEqual(await other.sessionInfo(), { account: null, csrfToken: null }, 'no session behind the old id');
    }
  });
});

describe('open redirects', () => {
  let browser: InjectBrowser;
  before(async () => {
    browser = (await loggedInLegal(t)).browser;
  });

  const HOSTILE = [
    'https://evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/%09/evil.example',
    '/%5Cevil.example',
    'javascript:alert(document.cookie)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://zizhi.test@evil.example',
    'https:evil.example',
    'http:/\\evil.example',
    '//zizhi.test.evil.example',
    '/%2F%2Fevil.example',
    '/.%2E/%2E%2E//evil.example',
    '/a/..//evil.example',
    '/items/%2e%2e//evil.example',
  ];

  test('returnTo to another origin, a scheme or a protocol-relative path is never followed (logged in: straight redirect)', async () => {
    for (const returnTo of HOSTILE) {
      const res = await browser.request('GET', `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      assert.equal(res.statusCode, 303, returnTo);
      const location = String(res.headers.location);
      assert.ok(location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\'), `${returnTo} → ${location}`);
      assert.equal(target(res, t.config.publicUrl).origin, new URL(t.config.publicUrl).origin, `${returnTo} → ${location}`);
      assert.doesNotMatch(location, /^\/*(javascript|data):|^\/[\\/]|https?:/i, `${returnTo} → ${location}`);
    }
  });

  test('dot segments cannot climb to a protocol-relative path', () => {
    for (const raw of ['/a/..//evil.example', '/.%2E/%2E%2E//evil.example', '/items/%2e%2e//evil.example/x?y#z']) assert.equal(safeReturnTo(raw), '/', raw);
    assert.equal(safeReturnTo('/a/../items/survey-b'), '/items/survey-b', 'a harmless dot segment still resolves');
  });

  test('the same through a whole login: the callback sends the user home', async () => {
    const uscc = (await browser.sessionInfo()).account!.profile.uscc!;
    for (const returnTo of ['\\\\evil.example', 'javascript:alert(1)', '/\t/evil.example', 'http://zizhi.test@evil.example', '/a/..//evil.example']) {
      const fresh = newBrowser(t);
      await loginAs(fresh, uscc, TEST_PASSWORD, returnTo);
      const callback = fresh.history.find((h) => h.url.startsWith('/auth/callback'));
      assert.equal(callback?.res.headers.location, '/', returnTo);
      for (const h of fresh.history) {
        if (h.res.headers.location) assert.equal(target(h.res, t.config.publicUrl).origin, new URL(t.config.publicUrl).origin, `${returnTo}: ${String(h.res.headers.location)}`);
      }
    }
  });

  test("the identity provider never redirects to a redirect_uri or post_logout_redirect_uri it does not know", async () => {
    const query = (redirect: string) =>
      new URLSearchParams({ client_id: BUNDLED_CLIENT_ID, redirect_uri: redirect, response_type: 'code', scope: 'openid', state: 'x', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }).toString();
    for (const redirect of ['https://evil.example/auth/callback', `${t.config.publicUrl}/auth/callback/../../evil`, `${t.config.publicUrl}.evil.example/auth/callback`, 'javascript:alert(1)']) {
      const res = await t.app.inject({ method: 'GET', url: `/idp/auth?${query(redirect)}` });
      assert.ok(res.statusCode >= 400 || !res.headers.location || target(res, t.config.publicUrl).origin === new URL(t.config.publicUrl).origin, `${redirect}: ${res.statusCode} ${String(res.headers.location)}`);
      assert.doesNotMatch(String(res.headers.location ?? ''), /evil|javascript/);
    }
    const logout = await t.app.inject({ method: 'GET', url: `/idp/session/end?${new URLSearchParams({ client_id: BUNDLED_CLIENT_ID, post_logout_redirect_uri: 'https://evil.example/' })}` });
    assert.doesNotMatch(String(logout.headers.location ?? ''), /evil/);
    assert.doesNotMatch(logout.body, /https:\/\/evil\.example/);
  });

  test('the verification form stays on our origin whatever code is typed', async () => {
    for (const code of ['//evil.example', 'https://evil.example', '/\\evil.example', '../../auth/logout']) {
      const res = await t.app.inject({ method: 'GET', url: `/verify?code=${encodeURIComponent(code)}` });
      assert.equal(res.statusCode, 303, code);
      const location = String(res.headers.location);
      assert.match(location, /^\/verify\/[^/]+$/, `${code} → ${location}`);
      assert.equal(target(res, t.config.publicUrl).origin, new URL(t.config.publicUrl).origin);
    }
  });
});

/** Send `n` requests from one client; the statuses, in order. */
async function burst(n: number, send: (i: number) => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse[]> {
  const out: LightMyRequestResponse[] = [];
  for (let i = 0; i < n; i++) out.push(await send(i));
  return out;
}

function assertLimitedAfter(responses: LightMyRequestResponse[], allowed: number, label: string): LightMyRequestResponse {
  const statuses = responses.map((r) => r.statusCode);
  assert.ok(statuses.slice(0, allowed).every((s) => s !== 429), `${label}: the first ${allowed} pass: ${statuses.join(',')}`);
  const limited = responses[allowed]!;
  assert.equal(limited.statusCode, 429, `${label}: request ${allowed + 1} is refused: ${statuses.join(',')}`);
  assert.ok(Number(limited.headers['retry-after']) > 0, `${label}: Retry-After`);
  return limited;
}

const assertChinese429 = (res: LightMyRequestResponse, label: string) => assert.match(res.body, /请求过于频繁|操作过于频繁|稍后再试/, `${label}: ${res.body.slice(0, 300)}`);

describe('rate limits per client', () => {
  test('the IdP login form: 20 a minute, then 429 with a Chinese page; another client is not affected', async () => {
    const browser = newBrowser(t);
    const page = await openLoginPage(browser);
    const { action, fields } = InjectBrowser.form(page.body);
    const responses = await burst(21, () => browser.request('POST', action, { form: { ...fields, loginId: `9111${Math.random().toString().slice(2, 16)}`, password: 'Wrong#2026x' }, headers: { origin: browser.origin } }));
    const limited = assertLimitedAfter(responses, 20, 'IdP login');
    assertChinese429(limited, 'IdP login');
    assert.match(String(limited.headers['content-type']), /text\/html/, 'a page, as the form expects');
    assert.doesNotMatch(limited.body, /Rate limit exceeded|retry in/i, 'no English from the limiter');
    // Even the right password waits: the limit is before any account check.
    const form = { ...fields, loginId: 'whoever', password: TEST_PASSWORD };
    assert.equal((await browser.request('POST', action, { form, headers: { origin: browser.origin } })).statusCode, 429);
    const other = newBrowser(t);
    assert.equal((await openLoginPage(other)).statusCode, 200);
  });

  test('IdP forms: an oversized or non-form body gets a Chinese error page, not the framework\'s English', async () => {
    const browser = newBrowser(t);
    const page = await openLoginPage(browser);
    const { action, fields } = InjectBrowser.form(page.body);
    const big = await browser.request('POST', action, { form: { ...fields, loginId: 'x'.repeat(20_000), password: 'y' }, headers: { origin: browser.origin } });
    assert.equal(big.statusCode, 413);
    const json = await browser.request('POST', action, { json: { ...fields, loginId: 'a', password: 'b' }, headers: { origin: browser.origin } });
    assert.ok(json.statusCode >= 400 && json.statusCode < 500, String(json.statusCode));
    for (const res of [big, json]) {
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(alertText(res.body), /[\u4e00-\u9fff]/, alertText(res.body));
      assert.doesNotMatch(alertText(res.body), /[A-Za-z]{4,}/, `no English: ${alertText(res.body)}`);
    }
  });

  test('the IdP registration form: 10 a minute, then 429; nothing is registered by the refused one', async () => {
    const browser = newBrowser(t);
    const page = await openRegisterPage(browser, 'legal');
    const { action, fields } = InjectBrowser.form(page.body);
    // Invalid forms (a wrong confirmation): each is answered, none registers.
    const users = await idpUserCount(t);
    const responses = await burst(11, () => browser.request('POST', action, { form: { ...fields, ...legalForm({ passwordConfirm: 'Other#2026x' }) }, headers: { origin: browser.origin } }));
    const limited = assertLimitedAfter(responses, 10, 'registration');
    assertChinese429(limited, 'registration');
    assert.doesNotMatch(limited.body, /Rate limit exceeded|retry in/i);
    assert.match(alertText(responses[0]!.body) || responses[0]!.body, /密码/);
    assert.equal(await idpUserCount(t), users);
  });

  test('/auth/login (starting logins): 60 a minute', async () => {
    const browser = newBrowser(t);
    const responses = await burst(61, () => browser.request('GET', '/auth/login'));
    assertChinese429(assertLimitedAfter(responses, 60, '/auth/login'), '/auth/login');
  });

  test('/verify/:code (guessing codes): 60 a minute', async () => {
    const responses = await burst(61, (i) => t.app.inject({ method: 'GET', url: `/verify/GUESS-${i}`, remoteAddress: '10.9.9.9' }));
    assertChinese429(assertLimitedAfter(responses, 60, '/verify'), '/verify');
    assert.equal((await t.app.inject({ method: 'GET', url: '/verify/GUESS-X', remoteAddress: '10.9.9.10' })).statusCode, 404, 'another client');
  });

  test('uploads 30 a minute, 陈述 10 a minute, 提交 30 a minute', async () => {
    const api = new ApplicantApi(t, (await loggedInLegal(t)).browser);
    const draft = (await api.call('POST', '/api/applications', { item: 'survey-b', values: sampleApplication('survey-b', 'first', { today: t.clock.now() }).applicant })).json();
    const uploads = await burst(31, () => postMultipart(api, `/api/applications/${draft.id}/attachments/otherAttachments`, { files: [{ name: 'a.pdf', bytes: fixturePdf('text-renamed.pdf') }] }));
    assertChinese429(assertLimitedAfter(uploads, 30, 'upload'), 'upload');
    const statements = await burst(11, () => fileStatement(api, draft.id, '陈述'));
    assertChinese429(assertLimitedAfter(statements, 10, '陈述'), '陈述');
    const submits = await burst(31, () => api.call('POST', `/api/applications/${draft.id}/submit`));
    assertChinese429(assertLimitedAfter(submits, 30, '提交'), '提交');
  });
});
