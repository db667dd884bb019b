import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import type { StaffRole } from '../../src/domain/roles.ts';
import { insertIdpUser } from '../../src/server/auth/idp/idp-users.repository.ts';
import { hashPassword } from '../../src/server/auth/idp/passwords.ts';
import type { TestApp } from './app.ts';
import { ApplicantApi } from './applicant.ts';
import type { InjectBrowser } from './browser.ts';
import { alertText, loginAs, newBrowser, TEST_PASSWORD, uniqueMobile } from './flows.ts';

/**
 * Staff log in with password plus TOTP (RFC 6238, 6 digits, 30 s, SHA-1): the first login binds
 * an authenticator app (the test reads the 密钥 from the page), later ones need its codes. Codes
 * are computed for the test clock (t.clock), which the server's TOTP check uses too.
 */

const PERIOD = 30;

/** The secret the enrollment page shows under 密钥 (grouped by four), spaces removed; undefined on other pages. */
export function enrollmentSecret(html: string): string | undefined {
  const m = /<code id="totp-secret"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(html);
  return m?.[1]!.replace(/ /g, '');
}

export const isEnrollmentPage = (html: string) => /<h1>绑定动态口令<\/h1>/.test(html);
export const isVerifyPage = (html: string) => /<h1>动态口令验证<\/h1>/.test(html);

/** The time step (30 s units since the epoch) at `at`. */
export const totpStep = (at: Date) => TOTP.counter({ period: PERIOD, timestamp: at.getTime() });

/** The code an authenticator app shows for `secret` at `at`, or `steps` windows later. */
export function totpCode(secret: string, at: Date, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD, timestamp: at.getTime() + steps * PERIOD * 1000 });
}

/** A well-formed code the server refuses at `at` (none of the three accepted windows'), different for each `i`. */
export function wrongCode(secret: string, at: Date, i = 1): string {
  const accepted = new Set([-1, 0, 1].map((s) => totpCode(secret, at, s)));
  for (let n = Number(totpCode(secret, at)) + 100_003 * i; ; n++) {
    const code = String(n % 1_000_000).padStart(6, '0');
    if (!accepted.has(code)) return code;
  }
}

// Per secret, the last step these helpers used: the server refuses a step twice (replay).
const usedSteps = new Map<string, number>();

/**
 * A code the server has not accepted from these helpers yet: this window's, else the next
 * window's (the server tolerates one step of drift). Advance t.clock when both are used.
 */
export function unusedCode(t: TestApp, secret: string): string {
  const step = totpStep(t.clock.now());
  const last = usedSteps.get(secret) ?? -1;
  const use = [step, step + 1].find((s) => s > last);
  assert.ok(use !== undefined, 'both codes of this TOTP window were used already: advance t.clock by 30 s');
  usedSteps.set(secret, use);
  return totpCode(secret, new Date(use * PERIOD * 1000));
}

export interface StaffLogin {
  /** The final answer (the app after login, or the IdP page on refusal). */
  res: LightMyRequestResponse;
  /** The account's TOTP secret: read from the enrollment page on the first login. */
  secret: string;
}

/**
 * A staff login through the real flow: /auth/login → password → TOTP step → app. On the first
 * login (no `secret` given) it binds a new authenticator; with `secret` it expects 动态口令验证.
 */
export async function loginStaff(
  t: TestApp,
  browser: InjectBrowser,
  username: string,
  password: string,
  opts: { secret?: string; returnTo?: string } = {},
): Promise<StaffLogin> {
  const page = await loginAs(browser, username, password, opts.returnTo);
  assert.match(browser.lastUrl, /^\/idp\/interaction\/[^/]+\/totp$/, `expected the TOTP step after the password: ${alertText(page.body)}`);
  let secret = opts.secret;
  if (secret === undefined) {
    assert.ok(isEnrollmentPage(page.body), 'expected the enrollment page (绑定动态口令) on a first login');
    secret = enrollmentSecret(page.body);
    assert.ok(secret, 'the enrollment page shows the 密钥');
  } else {
    assert.ok(isVerifyPage(page.body), 'expected 动态口令验证 for an enrolled account');
  }
  const res = await browser.submit(page.body, { code: unusedCode(t, secret) });
  return { res, secret };
}

export interface StaffMember {
  /** The logged-in browser, as the SPA calls the API. */
  api: ApplicantApi;
  id: string;
  username: string;
  password: string;
  secret: string;
}

let passwordHash: Promise<string> | undefined;

/** A staff account with these roles in the identity provider (as an administrator creates it), not logged in, not enrolled. */
export async function createStaffUser(t: TestApp, roles: StaffRole[]): Promise<{ id: string; username: string; password: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = `staff${randomUUID().replace(/-/g, '').slice(0, 10)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  const id = randomUUID();
  await insertIdpUser(t.database.db, {
    id,
    kind: 'staff',
    username,
    mobile: uniqueMobile(),
    passwordHash: await passwordHash,
    profile: { name: `工作人员${roles.join('')}` },
    roles,
  });
  return { id, username, password: TEST_PASSWORD };
}

/** A staff account with these roles, logged in and enrolled, with what it takes to log in again. */
export async function newStaff(t: TestApp, roles: StaffRole[]): Promise<StaffMember> {
  const user = await createStaffUser(t, roles);
  const browser = newBrowser(t);
  const { res, secret } = await loginStaff(t, browser, user.username, user.password, { returnTo: '/' });
  assert.equal((await browser.sessionInfo()).account?.kind, 'staff', `staff login failed: ${alertText(res.body)}`);
  return { ...user, api: new ApplicantApi(t, browser), secret };
}

/** A staff account with these roles, logged in (its first login: the authenticator is bound). */
export async function loggedInStaff(t: TestApp, roles: StaffRole[]): Promise<ApplicantApi> {
  return (await newStaff(t, roles)).api;
}

/** The same staff member logging in again in a fresh browser, with the code of the bound authenticator. */
export async function loggedInStaffAgain(t: TestApp, staff: Pick<StaffMember, 'username' | 'password' | 'secret'>): Promise<ApplicantApi> {
  const browser = newBrowser(t);
  const { res } = await loginStaff(t, browser, staff.username, staff.password, { secret: staff.secret, returnTo: '/' });
  assert.equal((await browser.sessionInfo()).account?.kind, 'staff', `staff login failed: ${alertText(res.body)}`);
  return new ApplicantApi(t, browser);
}
