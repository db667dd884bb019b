import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import type { FormStepDefinition } from '../src/domain/forms/index.ts';
import { findItem, type ItemCode } from '../src/domain/items/index.ts';
import { sampleApplication } from '../src/domain/items/fixtures.ts';
import { IdpPages, Portal, newMobile, newUscc, nextTotpCode, snap, type Authenticator } from './support.ts';
import { fillStep, next, saveStep, submit, uploadAll } from './wizard-driver.ts';

/** Applicant and staff journeys shared by the browser tests. */
const DEMO_PASSWORD = 'Zizhi@2026';

/** A new enterprise applies for `code` and submits; returns its page and the 申报编号. */
export async function applicantSubmits(
  browser: Browser,
  code: ItemCode,
  type: string,
  opts: { orgName?: string; applicant?: Record<string, unknown> } = {},
): Promise<{ page: Page; number: string }> {
  const page = await (await browser.newContext()).newPage();
  const item = findItem(code)!;
  await new Portal(page).openCatalog();
  await new Portal(page).applyOnline(item.title);
  await page.getByRole('link', { name: '立即注册' }).click();
  await new IdpPages(page).registerLegal({ orgName: opts.orgName ?? `流程测试单位${Date.now() % 100000}`, uscc: newUscc(), legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'f@example.cn' });
  const data = sampleApplication(code, type, { applicant: opts.applicant });
  const steps = item.steps as FormStepDefinition[];
  await fillStep(page, steps[0]!, data.applicant!, ['orgName', 'uscc']);
  await saveStep(page, steps[0]!.title);
  await next(page, `第二步 ${steps[1]!.title}`);
  await fillStep(page, steps[1]!, data.content!, code === 'nonlocal-filing' ? ['enterpriseName'] : []);
  await saveStep(page, steps[1]!.title);
  await next(page, '第三步 附件上传');
  await uploadAll(page, code);
  await next(page, '第四步 提交');
  return { page, number: await submit(page) };
}

// The authenticator app of each demo staff member, bound at its first login on this run's server.
// Kept in a file (emptied by global setup) so every spec file and a restarted worker share it.
const AUTH_FILE = 'e2e/artifacts/.authenticators.json';
const authenticators = {
  get(username: string): Authenticator | undefined {
    return existsSync(AUTH_FILE) ? (JSON.parse(readFileSync(AUTH_FILE, 'utf8')) as Record<string, Authenticator>)[username] : undefined;
  },
  set(username: string, auth: Authenticator): void {
    const all = existsSync(AUTH_FILE) ? (JSON.parse(readFileSync(AUTH_FILE, 'utf8')) as Record<string, Authenticator>) : {};
    all[username] = auth;
    mkdirSync('e2e/artifacts', { recursive: true });
    writeFileSync(AUTH_FILE, JSON.stringify(all));
  },
};

/**
 * Password, then 动态口令: binding the authenticator on the first login (screenshot), its code
 * afterwards — one authenticator per demo account for the whole run, whichever spec logs in first.
 */
export async function staffLogin(browser: Browser, username: string, info: TestInfo, landing: { path: string; heading: string } = { path: '/staff', heading: '审批工作台' }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(landing.path);
  const idp = new IdpPages(page);
  await idp.login(username, DEMO_PASSWORD);
  let auth = authenticators.get(username);
  const enrolling = !auth;
  if (!auth) {
    auth = { secret: await idp.enrollmentSecret(), lastStep: 0 };
    await snap(page, info, `totp-enroll-${username}`);
    authenticators.set(username, auth);
  } else {
    await snap(page, info, `totp-verify-${username}`);
  }
  const code = await nextTotpCode(auth);
  authenticators.set(username, auth);
  await idp.submitTotp(code, enrolling);
  await expect(page.getByRole('heading', { name: landing.heading })).toBeVisible();
  return page;
}

/** The case in its queue, found as a clerk finds one among many: by its 申报编号. */
export async function openCase(page: Page, queue: string, number: string) {
  await page.goto('/staff');
  await page.getByRole('menuitem', { name: new RegExp(queue) }).click();
  await page.getByRole('searchbox', { name: '搜索案件' }).fill(number);
  await page.getByRole('searchbox', { name: '搜索案件' }).press('Enter');
  await expect(page.getByText('共 1 件', { exact: true }).first()).toBeVisible();
  await page.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { name: new RegExp(number) })).toBeVisible();
}

export async function doAction(page: Page, label: string, opinion?: string) {
  await page.getByRole('region', { name: '办理操作' }).getByRole('button', { name: label, exact: true }).click();
  if (opinion) await page.getByRole('textbox', { name: /^\*?\s*(意见|补正说明)/ }).fill(opinion);
  await page.getByRole('button', { name: `确认${label}` }).click();
  await expect(page.getByText(`已${label}`)).toBeVisible();
}


/** 受理 → 审查 通过 (with the reviewer's opinion) → 复核 通过: the case waits in 待公示. */
export async function reviewToPreNotice(
  browser: Browser,
  number: string,
  info: TestInfo,
  opts: { opinion?: string; afterAccept?: (acceptor: Page) => Promise<void> } = {},
) {
  const acceptor = await staffLogin(browser, 'shouli', info);
  await openCase(acceptor, '待受理', number);
  await doAction(acceptor, '受理');
  await opts.afterAccept?.(acceptor);
  const reviewer = await staffLogin(browser, 'shencha', info);
  await openCase(reviewer, '待审查', number);
  await doAction(reviewer, '通过', opts.opinion ?? '符合乙级资质标准。');
  const rechecker = await staffLogin(browser, 'fuhe', info);
  await openCase(rechecker, '待复核', number);
  await doAction(rechecker, '通过');
}

/** As the publisher: select the case in 待公示/待公告, preview, confirm and publish; returns the batch title. */
export async function publishBatch(page: Page, tab: '待公示' | '待公告', number: string): Promise<string> {
  await page.goto('/staff/notices');
  await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('row', { name: new RegExp(number) }).getByRole('checkbox').check();
  await page.getByRole('button', { name: '生成预览' }).click();
  const title = page.getByLabel(tab === '待公示' ? '公示标题' : '公告标题');
  await expect(title).not.toHaveValue('');
  const value = await title.inputValue();
  await page.getByRole('button', { name: '确认发布' }).click();
  // Publishing is public and cannot be undone: a confirmation dialog asks first.
  await page.getByRole('dialog').getByRole('button', { name: '发布' }).click();
  await expect(page.getByText(/已发布/).first()).toBeVisible();
  return value;
}
