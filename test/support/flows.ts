import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { idNumberCheckChar, orgCodeCheckChar, usccCheckChar } from '../../src/domain/identifiers/index.ts';
import { countIdpUsers } from '../../src/server/auth/idp/idp-users.repository.ts';
import type { TestApp } from './app.ts';
import { InjectBrowser } from './browser.ts';

/**
 * Factories and user journeys shared by the database-tier tests. Every test makes its own
 * identities from these generators (unique within the process), so no test relies on a
 * golden seed or on another test having run first.
 */

/** Satisfies the password policy (upper, lower, digit, special) and contains no identifier. */
export const TEST_PASSWORD = 'Zz-Test#2026';

let seq = Math.floor(Math.random() * 1_000_000);
const next = () => ++seq;

/**
 * A valid 统一社会信用代码: 91 (企业) + the registration authority's division + 组织机构代码 with
 * its check char + check char. By default 130102 (河北省石家庄市长安区, the 行政所属区划 of the 外埠
 * sample), so one test enterprise may apply for every item; pass 110108 (海淀) for a 北京 firm,
 * which the 外埠 filing refuses.
 */
export function validUscc(region = '130102'): string {
  const body = String(next() % 100_000_000).padStart(8, '0');
  const first17 = `91${region}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

/** A valid 18-digit 居民身份证号码 of an adult (born 1960–1989), unique within the process. */
export function validIdNumber(): string {
  const n = next();
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 10_950) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110105${ymd}${String(Math.floor(n / 10_950) % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** A mainland mobile number, unique within the process (the IdP requires unique mobiles). */
export function uniqueMobile(): string {
  return `159${String(next() % 100_000_000).padStart(8, '0')}`;
}

/** `code` with the digit at `index` changed (+1 mod 10): still well-formed, check char now wrong. */
export function corruptDigit(code: string, index: number): string {
  const ch = code.charAt(index);
  assert.match(ch, /\d/, `position ${index} of ${code} is not a digit`);
  return code.slice(0, index) + String((Number(ch) + 1) % 10) + code.slice(index + 1);
}

export type Form = Record<string, string>;

export function legalForm(overrides: Form = {}): Form {
  const n = next();
  return {
    orgName: `北京测试勘察设计有限公司${n}`,
    uscc: validUscc(),
    legalRep: '陈法人',
    agentName: '刘经办',
    mobile: uniqueMobile(),
    email: `org${n}@example.cn`,
    password: TEST_PASSWORD,
    passwordConfirm: TEST_PASSWORD,
    ...overrides,
  };
}

export function naturalForm(overrides: Form = {}): Form {
  const n = next();
  return {
    name: `张工${n}`,
    idType: '居民身份证',
    idNumber: validIdNumber(),
    mobile: uniqueMobile(),
    email: `eng${n}@example.cn`,
    password: TEST_PASSWORD,
    passwordConfirm: TEST_PASSWORD,
    ...overrides,
  };
}

/** A browser speaking to this app under its own PUBLIC_URL. */
export function newBrowser(t: TestApp): InjectBrowser {
  return new InjectBrowser(t.app, t.config.publicUrl);
}

const loginUrl = (returnTo: string | undefined, screen?: 'register') => {
  const q = new URLSearchParams();
  if (returnTo !== undefined) q.set('returnTo', returnTo);
  if (screen) q.set('screen', screen);
  const qs = q.toString();
  return `/auth/login${qs ? `?${qs}` : ''}`;
};

/** 网上办理 → IdP registration page of the given kind (法人 is the default tab). */
export async function openRegisterPage(browser: InjectBrowser, kind: 'legal' | 'natural', returnTo?: string): Promise<LightMyRequestResponse> {
  let res = await browser.navigate('GET', loginUrl(returnTo, 'register'));
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.body, /法人用户注册/);
  if (kind === 'natural') {
    const action = InjectBrowser.form(res.body).action;
    res = await browser.navigate('GET', action.replace(/\/register\/legal$/, '/register/natural'));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /自然人用户注册/);
  }
  return res;
}

export interface Registration {
  /** The final answer after following redirects (the IdP page on refusal). */
  res: LightMyRequestResponse;
  /** Exactly what was typed into the form. */
  form: Form;
}

/** A 法人 registers through the IdP's HTML form; `overrides` replace the generated values. */
export async function registerLegal(browser: InjectBrowser, overrides: Form = {}, returnTo?: string): Promise<Registration> {
  const page = await openRegisterPage(browser, 'legal', returnTo);
  const form = legalForm(overrides);
  return { res: await browser.submit(page.body, form), form };
}

/** A 自然人 registers through the IdP's HTML form. */
export async function registerNatural(browser: InjectBrowser, overrides: Form = {}, returnTo?: string): Promise<Registration> {
  const page = await openRegisterPage(browser, 'natural', returnTo);
  const form = naturalForm(overrides);
  return { res: await browser.submit(page.body, form), form };
}

/** Open the IdP login page through /auth/login (the browser must not be logged in at the IdP). */
export async function openLoginPage(browser: InjectBrowser, returnTo?: string): Promise<LightMyRequestResponse> {
  const res = await browser.navigate('GET', loginUrl(returnTo));
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.body, /<h1>用户登录<\/h1>/, 'expected the IdP login page');
  return res;
}

/** Log in through the real flow: /auth/login → IdP login form → callback → returnTo. */
export async function loginAs(browser: InjectBrowser, loginId: string, password: string, returnTo?: string): Promise<LightMyRequestResponse> {
  const page = await openLoginPage(browser, returnTo);
  return browser.submit(page.body, { loginId, password });
}

/** 退出 as the SPA does it: POST /auth/logout with the CSRF token, from our own origin. */
export async function logout(browser: InjectBrowser): Promise<LightMyRequestResponse> {
  const { csrfToken } = await browser.sessionInfo();
  assert.ok(csrfToken, 'no session to log out of');
  return browser.request('POST', '/auth/logout', { headers: { 'x-csrf-token': csrfToken, origin: browser.origin } });
}

/** A registered and logged-in 法人 in a fresh browser. */
export async function loggedInLegal(t: TestApp, overrides: Form = {}) {
  const browser = newBrowser(t);
  const { res, form } = await registerLegal(browser, overrides);
  const { account } = await browser.sessionInfo();
  assert.ok(account, `registration did not log in: ${alertText(res.body)}`);
  return { browser, form, account };
}

/** A registered and logged-in 自然人 in a fresh browser. */
export async function loggedInNatural(t: TestApp, overrides: Form = {}) {
  const browser = newBrowser(t);
  const { res, form } = await registerNatural(browser, overrides);
  const { account } = await browser.sessionInfo();
  assert.ok(account, `registration did not log in: ${alertText(res.body)}`);
  return { browser, form, account };
}

export function idpUserCount(t: TestApp): Promise<number> {
  return countIdpUsers(t.database.db);
}

const stripTags = (s: string) => s.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();

/** Text of the page's alert box (login message or registration error summary), '' when none. */
export function alertText(html: string): string {
  const m = /<div class="alert" role="alert">([^]*?)<\/div>/.exec(html);
  return m ? stripTags(m[1]!) : '';
}

/** The inline error under one form field, undefined when the field has none. */
export function fieldError(html: string, name: string): string | undefined {
  const m = new RegExp(`<div class="error" id="f-${name}-error">([^<]*)</div>`).exec(html);
  return m?.[1];
}

/** The value attribute of a text input (HTML-escaped, as sent). */
export function inputValue(html: string, name: string): string | undefined {
  const m = new RegExp(`<input id="f-${name}" name="${name}" [^>]*?value="([^"]*)"`).exec(html);
  return m?.[1];
}
