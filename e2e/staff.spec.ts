import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import type { FormStepDefinition } from '../src/domain/forms/index.ts';
import { findItem, type ItemCode } from '../src/domain/items/index.ts';
import { sampleApplication } from '../src/domain/items/fixtures.ts';
import { IdpPages, Portal, newMobile, newUscc, nextTotpCode, snap, watchConsole, type Authenticator } from './support.ts';
import { fillStep, next, saveStep, submit, uploadAll } from './wizard-driver.ts';

const DEMO_PASSWORD = 'Zizhi@2026';

/** A new enterprise applies for `code` and submits; returns its page and the 申报编号. */
async function applicantSubmits(browser: Browser, code: ItemCode, type: string): Promise<{ page: Page; number: string }> {
  const page = await (await browser.newContext()).newPage();
  const item = findItem(code)!;
  await new Portal(page).openCatalog();
  await new Portal(page).applyOnline(item.title);
  await page.getByRole('link', { name: '立即注册' }).click();
  await new IdpPages(page).registerLegal({ orgName: `流程测试单位${Date.now() % 100000}`, uscc: newUscc(), legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'f@example.cn' });
  const data = sampleApplication(code, type);
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

// The authenticator app of each demo staff member, bound at their first login in this file
// (tests run serially on one server, so later tests log in with the same secret).
const authenticators = new Map<string, Authenticator>();

/** Password, then 动态口令: binding the authenticator on the first login (screenshot), its code afterwards. */
async function staffLogin(browser: Browser, username: string, info: TestInfo): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/staff');
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
  await idp.submitTotp(await nextTotpCode(auth), enrolling);
  await expect(page.getByRole('heading', { name: '审批工作台' })).toBeVisible();
  return page;
}

async function openCase(page: Page, queue: string, number: string) {
  await page.goto('/staff');
  await page.getByRole('menuitem', { name: new RegExp(queue) }).click();
  await page.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { name: new RegExp(number) })).toBeVisible();
}

async function doAction(page: Page, label: string, opinion?: string) {
  await page.getByRole('region', { name: '办理操作' }).getByRole('button', { name: label, exact: true }).click();
  if (opinion) await page.getByRole('textbox', { name: /^(意见|补正说明)/ }).fill(opinion);
  await page.getByRole('button', { name: `确认${label}` }).click();
  await expect(page.getByText(`已${label}`)).toBeVisible();
}

test('a 外埠 filing is submitted and staff take it to 已备案', async ({ browser }, info) => {
  const { page: applicant, number } = await applicantSubmits(browser, 'nonlocal-filing', 'filing');
  const acceptor = await staffLogin(browser, 'shouli', info);
  const check = watchConsole(acceptor);
  await openCase(acceptor, '待受理', number);
  await snap(acceptor, info, 'case-accept');
  await doAction(acceptor, '受理');

  const reviewer = await staffLogin(browser, 'shencha', info);
  await openCase(reviewer, '待审查', number);
  const pass = reviewer.getByRole('region', { name: '办理操作' }).getByRole('button').first();
  const label = (await pass.innerText()).trim();
  await doAction(reviewer, label);
  await expect(reviewer.getByText(/已办结：已备案/)).toBeVisible();
  await snap(reviewer, info, 'case-ended');

  await applicant.goto('/my');
  await expect(applicant.getByRole('row', { name: new RegExp(number) }).getByText('已办结')).toBeVisible();
  check();
});

test('补正 of one attachment: the applicant replaces it and resubmits; staff accept and review up to 公示', async ({ browser }, info) => {
  const { page: applicant, number } = await applicantSubmits(browser, 'survey-b', 'first');
  const acceptor = await staffLogin(browser, 'shouli', info);
  await openCase(acceptor, '待受理', number);
  await acceptor.getByRole('region', { name: '办理操作' }).getByRole('button', { name: '补正', exact: true }).click();
  await expect(acceptor.getByRole('checkbox', { name: '申请单位：邮政编码' })).toBeVisible();
  await acceptor.getByRole('checkbox', { name: '附件：其他附件' }).check();
  await acceptor.getByLabel('补正说明（告知申请人）').fill('其他附件缺少技术负责人的职称证，请补充后重新上传。');
  await snap(acceptor, info, 'correction-request');
  await acceptor.getByRole('button', { name: '确认补正' }).click();
  await expect(acceptor.getByText('已补正')).toBeVisible();

  await applicant.goto('/my');
  await expect(applicant.getByRole('row', { name: new RegExp(number) }).getByText('补正要求：其他附件缺少技术负责人的职称证')).toBeVisible();
  await applicant.getByRole('row', { name: new RegExp(number) }).getByRole('link', { name: '补正' }).click();
  await expect(applicant.getByText('补正通知：请按以下要求修改后重新提交')).toBeVisible();
  await expect(applicant.getByText('其他附件缺少技术负责人的职称证')).toBeVisible();
  await expect(applicant.getByRole('heading', { name: '第三步 附件上传' })).toBeVisible();
  await expect(applicant.getByRole('region', { name: '申请表' }).getByRole('button', { name: '重新上传' })).toBeHidden();
  await applicant.getByRole('region', { name: '其他附件' }).getByRole('button', { name: '重新上传' }).click();
  const chooser = applicant.waitForEvent('filechooser');
  await applicant.getByRole('dialog').getByRole('button', { name: '选择新文件' }).click();
  await (await chooser).setFiles('test/fixtures/pdf/valid-3-pages.pdf');
  await expect(applicant.getByRole('region', { name: '其他附件' }).getByText('3 页')).toBeVisible();
  await snap(applicant, info, 'correction-applicant');
  await applicant.getByRole('button', { name: '下一步' }).click();
  await applicant.getByRole('checkbox', { name: /承诺/ }).check();
  await applicant.getByRole('button', { name: '重新提交' }).click();
  await expect(applicant.getByRole('row', { name: new RegExp(number) }).getByText('办理中')).toBeVisible();

  await openCase(acceptor, '待受理', number);
  await expect(acceptor.getByText('重新提交')).toBeVisible();
  await doAction(acceptor, '受理');
  const reviewer = await staffLogin(browser, 'shencha', info);
  await openCase(reviewer, '待审查', number);
  await doAction(reviewer, '通过', '符合乙级资质标准。');
  const rechecker = await staffLogin(browser, 'fuhe', info);
  await openCase(rechecker, '待复核', number);
  await doAction(rechecker, '通过', '同意审查意见。');
  await expect(rechecker.getByRole('region', { name: '案件概况' }).getByText('拟公示')).toBeVisible();
  await snap(rechecker, info, 'pre-notice');
});
