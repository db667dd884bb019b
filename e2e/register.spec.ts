import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import type { FormStepDefinition } from '../src/domain/forms/index.ts';
import { findItem } from '../src/domain/items/index.ts';
import { sampleApplication } from '../src/domain/items/fixtures.ts';
import { findQualification } from '../src/domain/qualifications/index.ts';
import { orgCodeCheckChar, usccCheckChar } from '../src/domain/identifiers/index.ts';
import { IdpPages, expectAccessible, snap, watchConsole } from './support.ts';
import { doAction, openCase, publishBatch, staffLogin } from './staff-driver.ts';
import { fillStep, next, saveStep, submit, uploadAll } from './wizard-driver.ts';

const DESIGN = findItem('design-b')!;
const [APPLICANT_STEP, CONTENT_STEP] = DESIGN.steps as FormStepDefinition[];
const name = (code: string) => findQualification(code)!.name;
/** The demo enterprise's login (src/server/seed.ts). */
const DEMO_USCC = (() => {
  const first17 = `91110108MA01D3M0${orgCodeCheckChar('MA01D3M0')}`;
  return first17 + usccCheckChar(first17);
})();

/** The staff of the commission, each logged in once for the whole journey. */
class Desk {
  private pages = new Map<string, Page>();
  constructor(
    private browser: Browser,
    private info: TestInfo,
  ) {}
  async as(username: string): Promise<Page> {
    let page = this.pages.get(username);
    if (!page) {
      page = await staffLogin(this.browser, username, this.info);
      this.pages.set(username, page);
    }
    return page;
  }
  async act(username: string, queue: string, number: string, action: string, opinion?: string) {
    const page = await this.as(username);
    await openCase(page, queue, number);
    await doAction(page, action, opinion);
  }
  /** 受理 → 审查 → 复核 → 公示 (period closed by the test hook) → 公告 → 制证. */
  async fullReview(number: string) {
    await this.act('shouli', '待受理', number, '受理');
    await this.act('shencha', '待审查', number, '通过', '符合乙级资质标准。');
    await this.act('fuhe', '待复核', number, '通过');
    const publisher = await this.as('gongshi');
    await publishBatch(publisher, '待公示', number);
    expect((await publisher.request.post('/__test/notice-periods/close', { data: { asOf: '2099-01-01' } })).ok()).toBeTruthy();
    await publishBatch(publisher, '待公告', number);
    await this.act('zhizheng', '待制证', number, '制证完成');
  }
}

/** The 工程设计资质证书 row of 我的资质: holdings, validity and 核验码 as shown. */
async function designCertificate(page: Page) {
  await page.goto('/my/qualifications');
  const row = page.getByRole('row').filter({ hasText: '工程设计资质证书' });
  await expect(row).toBeVisible();
  const text = await row.innerText();
  return {
    row,
    validity: text.match(/(\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/)!.slice(1) as [string, string],
    code: text.match(/核验码\s*([2-9A-Z]{4}(?:-[2-9A-Z]{4}){3})/)![1]!,
  };
}

async function fillApplicant(page: Page) {
  await fillStep(page, APPLICANT_STEP!, sampleApplication('design-b', 'add').applicant!, ['orgName', 'uscc']);
  await saveStep(page, APPLICANT_STEP!.title);
  await next(page, `第二步 ${CONTENT_STEP!.title}`);
}

async function attachAndSubmit(page: Page): Promise<string> {
  await next(page, '第三步 附件上传');
  await uploadAll(page, 'design-b');
  await next(page, '第四步 提交');
  return submit(page);
}

test('the register: 增项 of a third qualification, then a partial 注销, then 延续 — each certificate from the register', async ({ browser }, info) => {
  test.setTimeout(420_000);
  const page = await (await browser.newContext()).newPage();
  const check = watchConsole(page);
  await page.goto('/my/qualifications');
  await new IdpPages(page).login(DEMO_USCC, 'Zizhi@2026');
  await expect(page.getByRole('heading', { name: '我的资质' })).toBeVisible();
  // The demo enterprise's 工程勘察资质证书 expires within 60 days: 我的资质 says so and offers 延续.
  await expect(page.getByRole('alert').filter({ hasText: /工程勘察资质证书.*将于.*到期/ })).toBeVisible();
  const before = await designCertificate(page);
  await expect(before.row.getByText(name('A31701B'))).toBeVisible();
  await expect(before.row.getByText(name('A32101B'))).toBeVisible();
  await snap(page, info, 'my-qualifications');
  await expectAccessible(page, info, 'my-qualifications');
  const desk = new Desk(browser, info);

  // 增项: 首次 is closed (already holding), the certificate number comes from the register, only unheld qualifications are offered.
  await page.goto('/items/design-b/apply');
  await fillApplicant(page);
  await expect(page.getByRole('radio', { name: /^首次申请工程设计资质/ })).toBeDisabled();
  await page.getByRole('radio', { name: '申请增加工程设计其他资质', exact: true }).check();
  await expect(page.getByLabel('资质证书编号')).toHaveValue(/^A211\d{6}$/);
  await expect(page.getByText('由资质登记簿带出，不可修改').first()).toBeVisible();
  await fillStep(page, CONTENT_STEP!, { applicationType: 'add', qualifications: ['A31702B'] }, ['applicationType', 'certificateNumber']);
  await snap(page, info, 'add-step2');
  await page.keyboard.press('Escape');
  await expectAccessible(page, info, 'wizard-step2-register');
  await saveStep(page, CONTENT_STEP!.title);
  const added = await attachAndSubmit(page);
  await desk.fullReview(added);

  const afterAdd = await designCertificate(page);
  for (const code of ['A31701B', 'A32101B', 'A31702B']) await expect(afterAdd.row.getByText(name(code))).toBeVisible();
  expect(afterAdd.validity, '增项 keeps the validity of the certificate').toEqual(before.validity);
  expect(afterAdd.code).not.toBe(before.code);
  await snap(page, info, 'after-add');
  // The superseded certificate still verifies as authentic, and says it was replaced.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/verify/${before.code}`);
  await expect(visitor.getByRole('status')).toContainText('已换发');
  await snap(visitor, info, 'verify-superseded');

  // Partial 注销: only held qualifications are offered; the rest stay on a reissued certificate.
  await page.goto('/items/design-b/apply');
  await fillApplicant(page);
  await page.getByRole('radio', { name: '申请注销工程设计资质', exact: true }).check();
  await fillStep(page, CONTENT_STEP!, { applicationType: 'cancel', qualifications: ['A32101B'], cancelReason: '建筑工程设计业务调整，申请注销该项资质。' }, ['applicationType', 'certificateNumber']);
  await saveStep(page, CONTENT_STEP!.title);
  const cancelled = await attachAndSubmit(page);
  await desk.act('shouli', '待受理', cancelled, '受理');
  await desk.act('shencha', '待审查', cancelled, '通过', '同意注销。');
  await publishBatch(await desk.as('gongshi'), '待公告', cancelled);
  const afterCancel = await designCertificate(page);
  await expect(afterCancel.row.getByText(name('A32101B'))).toHaveCount(0);
  for (const code of ['A31701B', 'A31702B']) await expect(afterCancel.row.getByText(name(code))).toBeVisible();
  expect(afterCancel.validity).toEqual(before.validity);

  // 延续 from 我的资质: a prefilled draft opens at 附件上传; the new expiry is the old one plus five years.
  await afterCancel.row.getByRole('link', { name: '申请延续' }).click();
  await expect(page.getByRole('heading', { name: '第三步 附件上传' })).toBeVisible();
  await page.getByRole('button', { name: '上一步' }).click();
  await expect(page.getByRole('radio', { name: '申请延续工程设计资质', exact: true })).toBeChecked();
  await expect(page.getByLabel('资质证书有效期至')).toHaveValue(before.validity[1]);
  await snap(page, info, 'renew-step2');
  await page.getByRole('button', { name: '下一步' }).click();
  await uploadAll(page, 'design-b');
  await next(page, '第四步 提交');
  const renewed = await submit(page);
  await desk.fullReview(renewed);
  const afterRenew = await designCertificate(page);
  const oldUntil = before.validity[1];
  expect(afterRenew.validity[1]).toBe(`${Number(oldUntil.slice(0, 4)) + 5}${oldUntil.slice(4)}`);
  await snap(page, info, 'after-renew');

  // The public lookup shows the current holdings.
  await visitor.goto(`/public/qualifications?q=${DEMO_USCC}`);
  await expect(visitor.getByText(name('A31702B'))).toBeVisible();
  await snap(visitor, info, 'public-lookup');
  await expectAccessible(visitor, info, 'public-lookup');
  // 依职权注销 (制证): nothing of the demo holders has expired.
  const issuer = await desk.as('zhizheng');
  await issuer.goto('/staff/register/expired');
  await expect(issuer.getByRole('heading', { name: '依职权注销' })).toBeVisible();
  await expectAccessible(issuer, info, 'staff-expired');
  check();
});
