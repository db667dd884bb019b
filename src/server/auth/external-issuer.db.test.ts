/**
 * Logging in through a third-party OpenID Connect issuer (oauth2-mock-server standing in for
 * 北京市统一身份认证) that sends claims under its own names, with staff kept on the bundled
 * identity provider (password + 动态口令) in the same app.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import type { InjectBrowser } from '../../../test/support/browser.ts';
import { corruptDigit, logout, newBrowser, TEST_PASSWORD, uniqueMobile, validIdNumber, validUscc } from '../../../test/support/flows.ts';
import { CITY_CLAIM_MAP, MockIssuer, type Persona } from '../../../test/support/mock-issuer.ts';
import { createStaffUser, enrollmentSecret, isEnrollmentPage, unusedCode } from '../../../test/support/staff.ts';
import { insertIdpUser } from './idp/idp-users.repository.ts';
import { hashPassword } from './idp/passwords.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'zizhi-claims-'));
after(() => rmSync(dir, { recursive: true, force: true }));


function mapFile(name: string, map: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(map));
  return file;
}

const external = (mock: MockIssuer, env: Record<string, string> = {}) => ({
  OIDC_ISSUER: mock.url,
  // No character that Basic authentication form-encodes (RFC 6749 §2.3.1): oauth2-mock-server does not decode it.
  OIDC_CLIENT_ID: 'zizhi',
  OIDC_CLIENT_SECRET: 's3cret-of-the-city',
  ...env,
});

let n = 0;
const sub = () => `city-${Date.now().toString(36)}-${++n}`;

/**
 * Start a login at `start`, let the mock issuer answer as `persona` (its authorize endpoint
 * redirects straight back), and follow the app from its callback.
 */
async function loginAtIssuer(browser: InjectBrowser, mock: MockIssuer, persona: Persona, start = '/auth/login'): Promise<LightMyRequestResponse> {
  mock.persona = persona;
  const res = await browser.request('GET', start);
  assert.equal(res.statusCode, 303, res.body);
  const authorize = new URL(String(res.headers.location));
  assert.equal(authorize.origin, mock.url, 'the applicants’ login goes to the external issuer');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorize.searchParams.get('nonce'));
  const back = await fetch(authorize, { redirect: 'manual' });
  assert.equal(back.status, 302);
  const callback = new URL(back.headers.get('location')!);
  assert.equal(`${callback.origin}${callback.pathname}`, `${browser.origin}/auth/callback`);
  return browser.navigate('GET', `${callback.pathname}${callback.search}`);
}

const accountsOf = (t: TestApp, subject: string) =>
  t.database.db.selectFrom('accounts').select(['issuer', 'subject', 'kind', 'roles', 'profile']).where('subject', '=', subject).execute();

const refusalText = (html: string) => /<div class="verdict bad" role="alert"><p>([^<]*)<\/p>/.exec(html)?.[1] ?? '';

describe('an external issuer with its own claim names (client_secret_post, RP-initiated logout)', () => {
  let mock: MockIssuer;
  let t: TestApp;
  before(async () => {
    mock = await MockIssuer.start();
    t = await buildTestApp(external(mock, { OIDC_CLAIM_MAP: mapFile('city.json', CITY_CLAIM_MAP), OIDC_TOKEN_AUTH: 'client_secret_post' }));
  });
  after(async () => {
    await t.close();
    await mock.stop();
  });

  test('an enterprise: mapped from nested claims, the wizard prefilled; roles and a staff kind in the token give nothing', async () => {
    const uscc = validUscc();
    const persona: Persona = {
      sub: sub(),
      // Claims under other names, split between the ID token and userinfo (merged, nested too).
      idToken: { user: { type: '2' } },
      userinfo: {
        user: { name: '刘经办', mobile: '+86 138-1234-5678', mail: 'liu@example.cn', org: { name: '北京城市认证勘察设计有限公司', credit_code: uscc.toLowerCase(), legal_person: '王法人' } },
        // What an issuer might send that must never make anyone staff.
        roles: ['secadmin', 'acceptor'],
        account_kind: 'staff',
      },
    };
    const browser = newBrowser(t);
    const res = await loginAtIssuer(browser, mock, persona, '/auth/login?returnTo=%2Fitems%2Fsurvey-b%2Fapply');
    assert.equal(browser.lastUrl, '/items/survey-b/apply', res.body);
    const { account } = await browser.sessionInfo();
    assert.ok(account);
    assert.equal(account.kind, 'legal');
    assert.equal(account.displayName, '北京城市认证勘察设计有限公司');
    assert.deepEqual(account.roles, []);
    assert.deepEqual(account.profile, {
      orgName: '北京城市认证勘察设计有限公司',
      uscc,
      legalRep: '王法人',
      agentName: '刘经办',
      name: '刘经办',
      mobile: '13812345678',
      email: 'liu@example.cn',
    });
    // 网上办理 → the wizard's first step prefilled from the issuer, identity fields locked.
    const start = await browser.request('GET', '/api/items/survey-b/start');
    assert.equal(start.statusCode, 200, start.body);
    const { prefill } = start.json() as { prefill: { values: Record<string, string>; locked: string[] } };
    assert.equal(prefill.values.orgName, '北京城市认证勘察设计有限公司');
    assert.equal(prefill.values.uscc, uscc);
    assert.equal(prefill.values.agent, '刘经办');
    assert.ok(prefill.locked.includes('orgName') && prefill.locked.includes('uscc'));
    // The staff console stays closed.
    assert.equal((await browser.request('GET', '/api/staff/queues')).statusCode, 403);
    // The token request authenticated with client_secret_post: the secret in the body, no Basic header.
    const token = mock.tokenRequests.at(-1)!;
    assert.equal(token.authorization, undefined);
    assert.equal(token.body.client_id, 'zizhi');
    assert.equal(token.body.client_secret, 's3cret-of-the-city');
    assert.equal(token.body.redirect_uri, `${t.config.publicUrl}/auth/callback`);
    assert.ok(token.body.code_verifier, 'PKCE');
  });

  test('an engineer: name, 证件类型 code and 证件号码 mapped; the wizard prefilled', async () => {
    const idNumber = validIdNumber();
    const persona: Persona = { sub: sub(), userinfo: { user: { type: '1', name: '赵工程师', cert_type: '111', cert_no: idNumber, mobile: uniqueMobile() } } };
    const browser = newBrowser(t);
    await loginAtIssuer(browser, mock, persona, '/auth/login?returnTo=%2Fitems%2Fstruct-eng-2%2Fapply');
    const { account } = await browser.sessionInfo();
    assert.equal(account?.kind, 'natural');
    assert.equal(account?.displayName, '赵工程师');
    assert.equal(account?.profile.idType, '居民身份证');
    assert.equal(account?.profile.idNumber, idNumber);
    const { prefill } = (await browser.request('GET', '/api/items/struct-eng-2/start')).json() as { prefill: { values: Record<string, string> } };
    assert.deepEqual([prefill.values.applicantName, prefill.values.idType, prefill.values.idNumber], ['赵工程师', '居民身份证', idNumber]);
  });

  test('a broken 统一社会信用代码 from the issuer is refused with a page and nothing is stored', async () => {
    const persona: Persona = {
      sub: sub(),
      userinfo: { user: { type: '2', name: '刘经办', org: { name: '北京校验位错误有限公司', credit_code: corruptDigit(validUscc(), 10) } } },
    };
    const browser = newBrowser(t);
    const res = await loginAtIssuer(browser, mock, persona);
    assert.equal(res.statusCode, 403);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.match(refusalText(res.body), /统一身份认证提供的统一社会信用代码无效（统一社会信用代码校验位错误/);
    assert.match(res.body, /登录注册问题咨询热线：010-58511090/);
    assert.deepEqual(await accountsOf(t, persona.sub), []);
    assert.equal((await browser.sessionInfo()).account, null);
    const failures = await t.database.db.selectFrom('auditLog').select('details').where('action', '=', 'auth.login').where('outcome', '=', 'failure').execute();
    const audited = failures.map((f) => f.details as { reason?: string; subject?: string }).find((d) => d.subject === persona.sub);
    assert.equal(audited?.reason, 'USCC_INVALID', 'the refusal is audited with its reason');
    // A broken 身份证号码 likewise.
    const engineer: Persona = { sub: sub(), userinfo: { user: { type: '1', name: '钱工', cert_type: '111', cert_no: corruptDigit(validIdNumber(), 16) } } };
    const refused = await loginAtIssuer(newBrowser(t), mock, engineer);
    assert.equal(refused.statusCode, 403);
    assert.match(refusalText(refused.body), /身份证号码无效（身份证号码校验位错误/);
    assert.deepEqual(await accountsOf(t, engineer.sub), []);
  });

  test('staff log in only at the bundled identity provider, with 动态口令; accounts are keyed by (issuer, subject)', async () => {
    const staff = await createStaffUser(t, ['acceptor']);
    const browser = newBrowser(t);
    // The staff console's entry: the bundled identity provider, a staff-only login page.
    const page = await browser.navigate('GET', '/auth/login?audience=staff&returnTo=%2Fstaff');
    assert.match(browser.lastUrl, /^\/idp\/interaction\//);
    assert.match(page.body, /<h1>用户登录<\/h1>/);
    assert.match(page.body, /审批工作人员登录/);
    assert.doesNotMatch(page.body, /立即注册/, 'no registration at the staff issuer');
    const totp = await browser.submit(page.body, { loginId: staff.username, password: staff.password });
    assert.ok(isEnrollmentPage(totp.body), 'the password alone does not log staff in');
    const secret = enrollmentSecret(totp.body)!;
    await browser.submit(totp.body, { code: unusedCode(t, secret) });
    assert.equal(browser.lastUrl, '/staff');
    const { account } = await browser.sessionInfo();
    assert.equal(account?.kind, 'staff');
    assert.deepEqual(account?.roles, ['acceptor']);

    // The external issuer uses the staff member's subject for someone else: a different account, never staff.
    const impostor: Persona = { sub: staff.id, userinfo: { user: { type: '1', name: '冒名者' }, roles: ['acceptor'], account_kind: 'staff' } };
    const other = newBrowser(t);
    await loginAtIssuer(other, mock, impostor);
    const rows = await accountsOf(t, staff.id);
    const byIssuer = Object.fromEntries(rows.map((r) => [r.issuer, [r.kind, r.roles]]));
    assert.deepEqual(byIssuer, { [`${t.config.publicUrl}/idp`]: ['staff', ['acceptor']], [mock.url]: ['natural', []] });
    assert.equal((await other.request('GET', '/api/staff/queues')).statusCode, 403);
  });

  test('the staff entry refuses an applicant identity of the bundled provider, and it offers no registration', async () => {
    const id = crypto.randomUUID();
    const uscc = validUscc();
    await insertIdpUser(t.database.db, { id, kind: 'legal', uscc, mobile: uniqueMobile(), passwordHash: await hashPassword(TEST_PASSWORD), profile: { orgName: '北京旧账号有限公司' } });
    const browser = newBrowser(t);
    const page = await browser.navigate('GET', '/auth/login?audience=staff&returnTo=%2Fstaff');
    const res = await browser.submit(page.body, { loginId: uscc, password: TEST_PASSWORD });
    assert.equal(res.statusCode, 403);
    assert.match(refusalText(res.body), /此登录入口仅供审批工作人员使用/);
    assert.deepEqual(await accountsOf(t, id), []);
    const idpSessions = await t.database.db.selectFrom('idpStore').select('id').where('model', '=', 'Session').where('accountId', '=', id).execute();
    assert.deepEqual(idpSessions, [], 'the identity provider does not keep the refused identity signed in');
    // Registration pages of the bundled provider are gone; ?screen=register goes to the external issuer.
    const visitor = newBrowser(t);
    const login = await visitor.navigate('GET', '/auth/login?audience=staff&returnTo=%2Fstaff');
    const uid = /\/idp\/interaction\/([^/"]+)\/login/.exec(login.body)?.[1];
    assert.ok(uid);
    const register = await visitor.request('GET', `/idp/interaction/${uid}/register/legal`);
    assert.equal(register.statusCode, 404);
    assert.match(register.body, /请通过北京市统一身份认证注册/);
    const start = await newBrowser(t).request('GET', '/auth/login?screen=register');
    assert.equal(new URL(String(start.headers.location)).origin, mock.url);
    assert.equal(new URL(String(start.headers.location)).searchParams.get('zz_screen'), null);
  });

  test('退出 ends the session here and at the issuer (RP-initiated logout)', async () => {
    const browser = newBrowser(t);
    await loginAtIssuer(browser, mock, { sub: sub(), userinfo: { user: { type: '1', name: '孙工' } } });
    const res = await logout(browser);
    assert.equal(res.statusCode, 200);
    const redirect = new URL((res.json() as { redirectTo: string }).redirectTo);
    assert.equal(`${redirect.origin}${redirect.pathname}`, `${mock.url}/endsession`);
    assert.equal(redirect.searchParams.get('post_logout_redirect_uri'), `${t.config.publicUrl}/`);
    assert.ok(redirect.searchParams.get('id_token_hint'));
    assert.equal((await browser.sessionInfo()).account, null);
  });
});

describe('an issuer that sends no enterprise claims (client_secret_basic, no end_session_endpoint)', () => {
  let mock: MockIssuer;
  let t: TestApp;
  before(async () => {
    mock = await MockIssuer.start({ endSession: false });
    t = await buildTestApp(external(mock, { OIDC_CLAIM_MAP: mapFile('people-only.json', { scope: 'openid profile', claims: { name: 'nickname', mobile: 'phone' } }) }));
  });
  after(async () => {
    await t.close();
    await mock.stop();
  });

  test('a login for an enterprise item is refused with why and whom to call; a person still logs in', async () => {
    const browser = newBrowser(t);
    const res = await loginAtIssuer(browser, mock, { sub: sub(), userinfo: { nickname: '某企业经办人' } }, '/auth/login?returnTo=%2Fitems%2Fdesign-b%2Fapply');
    assert.equal(res.statusCode, 403, res.body);
    assert.match(refusalText(res.body), /统一身份认证没有提供此账号的企业身份信息/);
    assert.match(res.body, /登录注册问题咨询热线/);
    assert.equal((await browser.sessionInfo()).account, null);

    const person = newBrowser(t);
    await loginAtIssuer(person, mock, { sub: sub(), userinfo: { nickname: '李自然' } }, '/auth/login?returnTo=%2Fmy');
    assert.equal(person.lastUrl, '/my');
    assert.equal((await person.sessionInfo()).account?.kind, 'natural');
    // client_secret_basic by default.
    assert.match(mock.tokenRequests.at(-1)!.authorization ?? '', /^Basic /);
    assert.equal(mock.tokenRequests.at(-1)!.body.client_secret, undefined);
  });

  test('退出 without an end_session_endpoint is a local logout', async () => {
    const browser = newBrowser(t);
    await loginAtIssuer(browser, mock, { sub: sub(), userinfo: { nickname: '周自然' } });
    const res = await logout(browser);
    assert.deepEqual(res.json(), { redirectTo: '/' });
    assert.equal((await browser.sessionInfo()).account, null);
    assert.equal(mock.endSessions.length, 0);
  });
});

describe('the default claim names against an external issuer, with private_key_jwt', () => {
  let mock: MockIssuer;
  let t: TestApp;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  before(async () => {
    mock = await MockIssuer.start();
    const keyFile = path.join(dir, 'client-key.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    t = await buildTestApp(external(mock, { OIDC_CLIENT_SECRET: '', OIDC_TOKEN_AUTH: 'private_key_jwt', OIDC_CLIENT_KEY_FILE: keyFile, OIDC_CLIENT_KEY_ID: 'zizhi-2026' }));
  });
  after(async () => {
    await t.close();
    await mock.stop();
  });

  test('a token that claims the staff kind and roles is refused; one that claims roles only gives none', async () => {
    const staffClaim = { sub: sub(), userinfo: { account_kind: 'staff', roles: ['secadmin'], name: '自称管理员' } };
    const refused = await loginAtIssuer(newBrowser(t), mock, staffClaim);
    assert.equal(refused.statusCode, 403);
    assert.match(refusalText(refused.body), /不是法人或自然人/);
    assert.deepEqual(await accountsOf(t, staffClaim.sub), []);

    const browser = newBrowser(t);
    const person = { sub: sub(), userinfo: { account_kind: 'natural', roles: ['acceptor'], name: '钱自然' } };
    await loginAtIssuer(browser, mock, person);
    const { account } = await browser.sessionInfo();
    assert.equal(account?.kind, 'natural');
    assert.deepEqual(account?.roles, []);
  });

  test('the token request carries a client assertion signed with the configured key', async () => {
    await loginAtIssuer(newBrowser(t), mock, { sub: sub(), userinfo: { account_kind: 'natural', name: '吴自然' } });
    const { body, authorization } = mock.tokenRequests.at(-1)!;
    assert.equal(authorization, undefined);
    assert.equal(body.client_secret, undefined);
    assert.equal(body.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [header, payload, signature] = String(body.client_assertion).split('.');
    const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.deepEqual([decode(header!).alg, decode(header!).kid], ['RS256', 'zizhi-2026']);
    assert.equal(decode(payload!).iss, 'zizhi');
    assert.equal(decode(payload!).sub, 'zizhi');
    assert.ok(verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, 'base64url')), 'signed with our private key');
  });
});
