import { readFileSync } from 'node:fs';
import { expect, type APIResponse, type Browser, type Page, type TestInfo } from '@playwright/test';
import type { CaseSearchPage, CaseView } from '../src/contract/staff.ts';
import { findItem, type ItemCode } from '../src/domain/items/index.ts';
import { sampleApplication } from '../src/domain/items/fixtures.ts';
import { IdpPages, Portal, newMobile, newUscc, nextTotpCode, snap, type Authenticator } from './support.ts';

/** Applicant and staff journeys shared by the browser tests. */

const PDF = readFileSync('test/fixtures/pdf/valid-1-page.pdf');

/**
 * A new enterprise registers through the identity service, lands in the wizard of `code`, and
 * submits through the same API the wizard calls (the wizard itself is walked in wizard.spec.ts and
 * accessibility.spec.ts); returns its page, on 办事进度, and the 申报编号.
 */
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
  const identity = { orgName: opts.orgName ?? `流程测试单位${Date.now() % 100000}`, uscc: newUscc() };
  await new IdpPages(page).registerLegal({ ...identity, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'f@example.cn' });
  const steps = item.steps;
  await expect(page.getByRole('heading', { name: `第一步 ${steps[0]!.title}` })).toBeVisible();

  const { csrfToken } = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const ok = async (what: string, res: APIResponse) => {
    expect(res.ok(), `${what}: ${res.status()} ${await res.text()}`).toBe(true);
    return (await res.json()) as { id: string; version: number; number?: string };
  };
  const data = sampleApplication(code, type, { applicant: { ...opts.applicant, ...identity } });
  let app = await ok('create', await page.request.post('/api/applications', { headers, data: { item: code, values: data[steps[0]!.key] } }));
  for (const step of steps.slice(1)) {
    if (step.kind === 'review') continue;
    if (step.kind === 'attachments') {
      for (const slot of step.slots) {
        const file = { name: 'valid-1-page.pdf', mimeType: 'application/pdf', buffer: PDF };
        app = await ok(`upload ${slot.key}`, await page.request.post(`/api/applications/${app.id}/attachments/${slot.key}`, { headers, multipart: { file } }));
      }
    }
    app = await ok(`save ${step.key}`, await page.request.put(`/api/applications/${app.id}/steps/${step.key}`, { headers, data: { version: app.version, values: data[step.key] ?? {} } }));
  }
  const { number } = await ok('submit', await page.request.post(`/api/applications/${app.id}/submit`, { headers }));
  await page.goto('/my');
  await expect(page.getByRole('row', { name: new RegExp(number!) })).toBeVisible();
  return { page, number: number! };
}

/** The demo staff a journey stands in for: each journey logs in as a new account of the same role and name. */
const DEMO_STAFF: Record<string, { role: string; name: string }> = {
  shouli: { role: 'acceptor', name: '李受理' },
  shencha: { role: 'reviewer', name: '王审查' },
  fuhe: { role: 'rechecker', name: '赵复核' },
  gongshi: { role: 'publisher', name: '钱公示' },
  zhizheng: { role: 'issuer', name: '孙制证' },
  fuzeren: { role: 'head', name: '冯负责' },
  xitong: { role: 'sysadmin', name: '周系统' },
  anquan: { role: 'secadmin', name: '吴安全' },
  shenji: { role: 'auditor', name: '郑审计' },
};

/** The account a staff page is logged in as, and its authenticator app. */
export interface StaffAccount {
  username: string;
  password: string;
  authenticator: Authenticator;
}
const accounts = new WeakMap<Page, StaffAccount>();
export const staffAccountOf = (page: Page): StaffAccount => accounts.get(page)!;

/**
 * A new staff account in the role of the demo member `as` (TEST_HOOKS route), logged in with its
 * password and then bound to a new authenticator (screenshot of the binding page). A fresh account
 * per login means no journey waits for the next 动态口令 time step of an account another journey
 * has just used, and journeys can run side by side.
 */
export async function staffLogin(browser: Browser, as: string, info: TestInfo, landing: { path: string; heading: string } = { path: '/staff', heading: '审批工作台' }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const demo = DEMO_STAFF[as];
  if (!demo) throw new Error(`no demo staff member ${as}`);
  const created = await page.request.post('/__test/staff', { data: demo });
  expect(created.status(), await created.text()).toBe(201);
  const { username, password } = (await created.json()) as { username: string; password: string };
  await page.goto(landing.path);
  const idp = new IdpPages(page);
  await idp.login(username, password);
  const authenticator: Authenticator = { secret: await idp.enrollmentSecret(), lastStep: 0 };
  await snap(page, info, `totp-enroll-${as}`);
  await idp.submitTotp(await nextTotpCode(authenticator), true);
  await expect(page.getByRole('heading', { name: landing.heading })).toBeVisible();
  accounts.set(page, { username, password, authenticator });
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


/**
 * Staff steps through the console's API, for journeys whose subject lies elsewhere (the register,
 * the applicant's pages): the same rules and records as the buttons, which staff.spec,
 * notices.spec and the first case of register.spec press.
 */
export class StaffApi {
  constructor(private page: Page) {}

  private async headers() {
    const { csrfToken } = (await (await this.page.request.get('/api/session')).json()) as { csrfToken: string };
    return { 'x-csrf-token': csrfToken };
  }

  /** The case's id, found by its 申报编号 in 全部案件. */
  async caseId(number: string): Promise<string> {
    const res = await this.page.request.get(`/api/staff/search?q=${encodeURIComponent(number)}`);
    expect(res.ok(), await res.text()).toBe(true);
    const { cases } = (await res.json()) as CaseSearchPage;
    const found = cases.find((c) => c.number === number);
    if (!found) throw new Error(`case ${number} not found`);
    return found.id;
  }

  /** Take the action labelled `label` (受理, 通过, 制证完成 …) on the case, as the console's button does. */
  async act(number: string, label: string, opinion?: string): Promise<void> {
    const id = await this.caseId(number);
    const view = (await (await this.page.request.get(`/api/staff/cases/${id}`)).json()) as CaseView;
    const action = view.actions.find((a) => a.label === label);
    if (!action) throw new Error(`${number}: no action ${label} among ${view.actions.map((a) => a.label).join('、')}`);
    const data = { action: action.key, version: view.version, ...(opinion ? { opinion } : {}) };
    const res = await this.page.request.post(`/api/staff/cases/${id}/actions`, { headers: await this.headers(), data });
    expect(res.ok(), `${label} ${number}: ${await res.text()}`).toBe(true);
  }

  /** Publish a 公示 or 公告 batch of one case with its default title, text and period. */
  async publish(kind: 'notice' | 'announcement', number: string): Promise<void> {
    const data = { kind, applicationIds: [await this.caseId(number)] };
    const res = await this.page.request.post('/api/staff/notices/batches', { headers: await this.headers(), data });
    expect(res.status(), await res.text()).toBe(201);
  }
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
