import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { idNumberCheckChar, orgCodeCheckChar, usccCheckChar } from '../src/domain/identifiers/index.ts';

const DIGITS = '0123456789';
const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[Math.floor(Math.random() * chars.length)]).join('');

/**
 * A fresh, valid 统一社会信用代码 (GB 32100 with its embedded GB 11714 check), registered by default
 * in 130102 (河北省石家庄市长安区, the 外埠 sample's 行政所属区划) so it may apply for every item;
 * 110108 makes a 北京 firm, which the 外埠 filing refuses.
 */
export function newUscc(region = '130102'): string {
  const org8 = pick(DIGITS, 8);
  const first17 = `91${region}${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
}

/** A fresh, valid 居民身份证号码 (GB 11643) of an adult born in 1980–1999. */
export function newIdNumber(): string {
  const year = 1980 + Math.floor(Math.random() * 20);
  const first17 = `110105${year}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${pick(DIGITS, 3)}`;
  return first17 + idNumberCheckChar(first17);
}

export const newMobile = () => `13${pick(DIGITS, 9)}`;
export const PASSWORD = 'Ceshi#2026x';

/** Screenshots are kept as test artifacts under e2e/artifacts/ and looked at by people. */
export async function snap(page: Page, info: TestInfo, name: string): Promise<void> {
  const file = `e2e/artifacts/${info.title.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}-${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  await info.attach(name, { path: file, contentType: 'image/png' });
}

/** Fail the test on any console error or CSP violation. */
export function watchConsole(page: Page, allow: readonly RegExp[] = []): () => void {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !allow.some((re) => re.test(m.text()))) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return () => expect(problems, 'browser console errors').toEqual([]);
}

/** What an authenticator app holds for one account: its secret and the last time step it was used for. */
export interface Authenticator {
  secret: string;
  lastStep: number;
}

const TOTP_PERIOD_MS = 30_000;

/**
 * The next code the server will accept from this authenticator: it refuses a time step twice
 * and tolerates one step of drift, so a second login within 30 s uses the next step's code,
 * and a third waits for the window to turn.
 */
export async function nextTotpCode(auth: Authenticator): Promise<string> {
  let step = Math.floor(Date.now() / TOTP_PERIOD_MS);
  if (step + 1 <= auth.lastStep) {
    await new Promise((resolve) => setTimeout(resolve, auth.lastStep * TOTP_PERIOD_MS - Date.now() + 100));
    step = Math.floor(Date.now() / TOTP_PERIOD_MS);
  }
  const use = Math.max(step, auth.lastStep + 1);
  auth.lastStep = use;
  return TOTP.generate({ secret: Secret.fromBase32(auth.secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: use * TOTP_PERIOD_MS });
}

export class IdpPages {
  constructor(private readonly page: Page) {}

  /** First staff login: read the 密钥 shown for manual entry; the QR code must be displayed too. */
  async enrollmentSecret(): Promise<string> {
    await expect(this.page.getByRole('heading', { name: '绑定动态口令' })).toBeVisible();
    await expect(this.page.getByRole('img', { name: /动态口令绑定二维码/ })).toBeVisible();
    const text = await this.page.getByLabel('密钥', { exact: true }).innerText();
    const secret = text.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    return secret;
  }

  /** Type the 动态口令 and submit (完成绑定并登录 on enrollment, 验证并登录 afterwards). */
  async submitTotp(code: string, enrolling: boolean) {
    if (!enrolling) await expect(this.page.getByRole('heading', { name: '动态口令验证' })).toBeVisible();
    await this.page.getByLabel(/^\*?动态口令$/).fill(code);
    await this.page.getByRole('button', { name: enrolling ? '完成绑定并登录' : '验证并登录' }).click();
  }

  async login(loginId: string, password: string) {
    await expect(this.page.getByRole('heading', { name: '用户登录' })).toBeVisible();
    await expect(this.page.getByText('登录注册问题咨询热线：010-58511090')).toBeVisible();
    await this.page.getByLabel('账号').fill(loginId);
    await this.page.getByLabel(/^\*?密码$/).fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
  }

  async registerLegal(values: { orgName: string; uscc: string; legalRep: string; agentName: string; mobile: string; email: string }) {
    await expect(this.page.getByRole('heading', { name: '法人用户注册' })).toBeVisible();
    await this.page.getByLabel('单位名称').fill(values.orgName);
    await this.page.getByLabel('统一社会信用代码').fill(values.uscc);
    await this.page.getByLabel('法定代表人').fill(values.legalRep);
    await this.page.getByLabel('经办人姓名').fill(values.agentName);
    await this.fillCommon(values.mobile, values.email);
  }

  async registerNatural(values: { name: string; idNumber: string; mobile: string; email: string }) {
    await this.page.getByRole('link', { name: '自然人注册' }).click();
    await expect(this.page.getByRole('heading', { name: '自然人用户注册' })).toBeVisible();
    await this.page.getByLabel('姓名').fill(values.name);
    await this.page.getByLabel('证件类型').selectOption('居民身份证');
    await this.page.getByLabel('证件号码').fill(values.idNumber);
    await this.fillCommon(values.mobile, values.email);
  }

  private async fillCommon(mobile: string, email: string) {
    await this.page.getByLabel('手机').fill(mobile);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel(/^\*?密码$/).fill(PASSWORD);
    await this.page.getByLabel('确认密码').fill(PASSWORD);
    await this.page.getByRole('button', { name: '注册' }).click();
  }
}

export class Portal {
  constructor(private readonly page: Page) {}

  async openCatalog() {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: /政务服务目录/ })).toBeVisible();
    await expect(this.page.getByText('北京市规划和自然资源委员会', { exact: true })).toBeVisible();
  }

  async applyOnline(itemTitle: string) {
    await this.page.getByRole('link', { name: `${itemTitle} 网上办理` }).click();
  }

  async logout() {
    await this.page.getByRole('button', { name: '退出' }).click();
    await expect(this.page.getByRole('link', { name: '登录', exact: true })).toBeVisible();
  }

  async expectLoggedInAs(name: string) {
    await expect(this.page.getByLabel('当前登录账号')).toContainText(name);
  }
}

/**
 * axe-core on every page type: no serious or critical WCAG 2.1 A/AA violation. Each finding is
 * listed with its rule, impact and the elements, so a failure says what to fix.
 */
export async function expectAccessible(page: Page, info: TestInfo, name: string) {
  // Transient toasts (antd message) are left out: caught mid fade-in their text has the contrast of
  // a half-transparent layer, which no reader ever sees settled.
  const results = await new AxeBuilder({ page }).exclude('.ant-message').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`).join('\n');
  await info.attach(`axe-${name}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
  expect(report, `${name}: serious/critical accessibility violations`).toBe('');
}

