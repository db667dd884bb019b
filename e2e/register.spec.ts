import { expect, test, type Browser, type Page, type TestInfo } from './test.ts';
import type { FormStepDefinition } from '../src/domain/forms/index.ts';
import { findItem } from '../src/domain/items/index.ts';
import { sampleApplication } from '../src/domain/items/fixtures.ts';
import { findQualification } from '../src/domain/qualifications/index.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IdpPages, expectAccessible, newMobile, newUscc, snap, watchConsole } from './support.ts';
import { StaffApi, applicantSubmits, doAction, openCase, publishBatch, staffLogin } from './staff-driver.ts';
import { pdfText } from '../test/support/pdf.ts';
import { fillStep, next, saveStep, submit, uploadAll } from './wizard-driver.ts';

const DESIGN = findItem('design-b')!;
const [APPLICANT_STEP, CONTENT_STEP] = DESIGN.steps as FormStepDefinition[];
const name = (code: string) => findQualification(code)!.name;
const isoDay = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

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
  /** Through the console's API (StaffApi): the same steps without the pages, already walked once. */
  async api(username: string): Promise<StaffApi> {
    return new StaffApi(await this.as(username));
  }
  /** The steps of fullReview through the API, up to 待制证. */
  async toIssueByApi(number: string) {
    await (await this.api('shouli')).act(number, '受理');
    await (await this.api('shencha')).act(number, '通过', '符合乙级资质标准。');
    await (await this.api('fuhe')).act(number, '通过');
    const publisher = await this.api('gongshi');
    await publisher.publish('notice', number);
    expect((await (await this.as('gongshi')).request.post('/__test/notice-periods/close', { data: { asOf: '2099-01-01', numbers: [number] } })).ok()).toBeTruthy();
    await publisher.publish('announcement', number);
  }
  /** The steps of fullReview through the API. */
  async fullReviewByApi(number: string) {
    await this.toIssueByApi(number);
    await (await this.api('zhizheng')).act(number, '制证完成');
  }
  /** 受理 → 审查 → 复核 → 公示 (period closed by the test hook) → 公告 → 制证. */
  async fullReview(number: string) {
    await this.act('shouli', '待受理', number, '受理');
    await this.act('shencha', '待审查', number, '通过', '符合乙级资质标准。');
    await this.act('fuhe', '待复核', number, '通过');
    const publisher = await this.as('gongshi');
    await publishBatch(publisher, '待公示', number);
    expect((await publisher.request.post('/__test/notice-periods/close', { data: { asOf: '2099-01-01', numbers: [number] } })).ok()).toBeTruthy();
    await publishBatch(publisher, '待公告', number);
    // 制证: the certificate as it will be issued, marked 样张, before 制证完成.
    const issuer = await this.as('zhizheng');
    await openCase(issuer, '待制证', number);
    const preview = await issuer.request.get((await issuer.getByRole('link', { name: '预览证书（样张）' }).getAttribute('href'))!);
    expect(preview.headers()['content-type']).toContain('application/pdf');
    const sample = pdfText(await preview.body());
    expect(sample).toContain('样张');
    expect(sample).toContain('资质证书');
    await doAction(issuer, '制证完成');
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
    // Certificates imported from the old system have no electronic certificate (no 核验码) yet.
    code: text.match(/核验码\s*([2-9A-Z]{4}(?:-[2-9A-Z]{4}){3})/)?.[1],
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
  const desk = new Desk(browser, info);
  // Go-live: the 系统管理员 imports the firm's certificate from the old system (校验, then 导入).
  const uscc = newUscc();
  const firm = `登记簿测试设计院${uscc.slice(-6, -1)}`;
  const designNumber = `A21${uscc.slice(-8, -1)}`;
  const csv = path.join(mkdtempSync(path.join(tmpdir(), 'zizhi-import-')), '存量资质.csv');
  writeFileSync(
    csv,
    `事项,名称,统一社会信用代码,证书编号,有效期起,有效期至,资质,法定代表人,注册地址\n设计,${firm},${uscc},${designNumber},${isoDay(-730)},${isoDay(1095)},A31701B；A32101B,王法人,北京市海淀区示范路9号\n` +
      `勘察,${firm},${uscc},B21${uscc.slice(-8, -1)},${isoDay(-1785)},${isoDay(40)},B201B,王法人,北京市海淀区示范路9号\n`,
  );
  const admin = await staffLogin(browser, 'xitong', info, { path: '/admin/register-import', heading: '导入存量资质' });
  const chooser = admin.waitForEvent('filechooser');
  await admin.getByRole('button', { name: '选择文件' }).click();
  await (await chooser).setFiles(csv);
  await admin.getByRole('button', { name: '校验（仅校验，不导入）' }).click();
  await expect(admin.getByText(/校验通过/)).toBeVisible();
  await admin.getByRole('button', { name: '导入', exact: true }).click();
  await admin.getByRole('button', { name: '导入', exact: true }).last().click();
  await expect(admin.getByText('导入成功：已将 2 本证书导入资质登记簿')).toBeVisible();
  await snap(admin, info, 'import-done');
  await expectAccessible(admin, info, 'register-import');

  // The firm registers with the identity service: the register already knows what it holds.
  const page = await (await browser.newContext()).newPage();
  const check = watchConsole(page);
  await page.goto('/my/qualifications');
  await page.getByRole('link', { name: '立即注册' }).click();
  await new IdpPages(page).registerLegal({ orgName: firm, uscc, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'reg@example.cn' });
  await expect(page.getByRole('heading', { name: '我的资质' })).toBeVisible();
  // Its 工程勘察资质证书 expires in 40 days: 我的资质 says so and offers the 延续.
  await expect(page.getByRole('alert').filter({ hasText: /工程勘察资质证书.*将于.*到期，还有40天/ })).toBeVisible();
  const before = await designCertificate(page);
  await expect(before.row.getByText(name('A31701B'))).toBeVisible();
  await expect(before.row.getByText(name('A32101B'))).toBeVisible();
  await snap(page, info, 'my-qualifications');
  await expectAccessible(page, info, 'my-qualifications');


  // 我该选哪个申请内容: the register answers the first question; "add a specialty" leads to 增项,
  // its materials and stages, and 网上办理 starts with it chosen.
  await page.goto('/items/design-b');
  await page.getByRole('link', { name: '我该选哪个申请内容？' }).click();
  await expect(page.getByRole('status').filter({ hasText: `资质登记簿显示：您持有工程设计资质证书（${designNumber}）` })).toBeVisible();
  await page.getByRole('radio', { name: '增加新的工程设计资质类别或专业' }).check();
  const advice = page.getByRole('region', { name: '建议选择的申请内容' });
  await expect(advice.getByText('申请增加工程设计其他资质', { exact: true })).toBeVisible();
  await expect(advice.getByText('原资质证书正、副本')).toBeVisible();
  await expect(advice.getByText('资质证书变更申请及工商变更核准文件')).toHaveCount(0);
  await expect(advice.getByText('公示', { exact: true })).toBeVisible();
  await snap(page, info, 'type-advisor-add');
  await expectAccessible(page, info, 'type-advisor-register');
  await advice.getByRole('link', { name: '按此申请内容网上办理' }).click();
  await expect(page.getByText('已按建议预选申请内容“申请增加工程设计其他资质”')).toBeVisible();

  // 增项: 首次 is closed (already holding), the certificate number comes from the register, only unheld qualifications are offered.
  await fillApplicant(page);
  await expect(page.getByRole('radio', { name: /^首次申请工程设计资质/ })).toBeDisabled();
  await expect(page.getByRole('radio', { name: '申请增加工程设计其他资质', exact: true }), 'preselected by the advice').toBeChecked();
  await expect(page.getByLabel('资质证书编号')).toHaveValue(designNumber);
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
  expect(afterAdd.code, 'the certificate issued for the 增项 has its 核验码').toBeTruthy();
  await snap(page, info, 'after-add');
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/verify/${afterAdd.code}`);
  await expect(visitor.getByRole('status')).toContainText('真实有效');

  // Partial 注销: only held qualifications are offered; the rest stay on a reissued certificate.
  await page.goto('/items/design-b/apply');
  await fillApplicant(page);
  await page.getByRole('radio', { name: '申请注销工程设计资质', exact: true }).check();
  await fillStep(page, CONTENT_STEP!, { applicationType: 'cancel', qualifications: ['A32101B'], cancelReason: '建筑工程设计业务调整，申请注销该项资质。' }, ['applicationType', 'certificateNumber']);
  await saveStep(page, CONTENT_STEP!.title);
  const cancelled = await attachAndSubmit(page);
  await (await desk.api('shouli')).act(cancelled, '受理');
  await (await desk.api('shencha')).act(cancelled, '通过', '同意注销。');
  await (await desk.api('gongshi')).publish('announcement', cancelled);
  const afterCancel = await designCertificate(page);
  await expect(afterCancel.row.getByText(name('A32101B'))).toHaveCount(0);
  for (const code of ['A31701B', 'A31702B']) await expect(afterCancel.row.getByText(name(code))).toBeVisible();
  expect(afterCancel.validity).toEqual(before.validity);
  // The certificate it replaced still verifies as authentic, and says it was replaced.
  await visitor.goto(`/verify/${afterAdd.code}`);
  await expect(visitor.getByRole('status')).toContainText('已换发');
  await snap(visitor, info, 'verify-superseded');

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
  await desk.fullReviewByApi(renewed);
  const afterRenew = await designCertificate(page);
  const oldUntil = before.validity[1];
  expect(afterRenew.validity[1]).toBe(`${Number(oldUntil.slice(0, 4)) + 5}${oldUntil.slice(4)}`);
  await snap(page, info, 'after-renew');

  // The public lookup shows the current holdings.
  await visitor.goto(`/public/qualifications?q=${uscc}`);
  await expect(visitor.getByText(name('A31702B'))).toBeVisible();
  await snap(visitor, info, 'public-lookup');
  await expectAccessible(visitor, info, 'public-lookup');
  // 依职权注销 (制证): the queue of expired certificates.
  const issuer = await desk.as('zhizheng');
  await issuer.goto('/staff/register/expired');
  await expect(issuer.getByRole('heading', { name: '依职权注销' })).toBeVisible();
  await expect(issuer.getByText('暂无有效期届满未延续的证书')).toBeVisible();
  await expectAccessible(issuer, info, 'staff-expired');
  check();
});

test('批量制证完成: the issuer finishes two cases of 待制证 at once and reads a result per case', async ({ browser }, info) => {
  test.setTimeout(240_000);
  const desk = new Desk(browser, info);
  const numbers = [(await applicantSubmits(browser, 'survey-b', 'first')).number, (await applicantSubmits(browser, 'survey-b', 'first')).number];
  for (const number of numbers) await desk.toIssueByApi(number);
  const issuer = await desk.as('zhizheng');
  await issuer.goto(`/staff?queue=${encodeURIComponent('待制证')}`);
  for (const number of numbers) await issuer.getByRole('checkbox', { name: `选择 ${number}` }).check();
  await issuer.getByRole('button', { name: '批量制证完成（2 件）' }).click();
  await issuer.getByRole('dialog').getByRole('button', { name: '制证完成' }).click();
  const result = issuer.getByRole('status', { name: '批量制证结果' });
  await expect(result.getByText('批量制证完成：成功 2 件')).toBeVisible();
  for (const number of numbers) await expect(result.getByText(`${number}：已制证完成`)).toBeVisible();
  await expect(issuer.getByRole('row', { name: new RegExp(numbers[0]!) })).toBeHidden();
  await snap(issuer, info, 'batch-issue');
  // Each was issued its own certificate: its case page lists it.
  await issuer.goto(`/staff/search?q=${numbers[1]}`);
  await issuer.getByRole('link', { name: numbers[1]! }).click();
  await expect(issuer.getByRole('region', { name: '已出具文书' }).getByText(/资质证书/)).toBeVisible();
});
