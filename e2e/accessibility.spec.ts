import { expect, test } from './test.ts';
import type { FormStepDefinition } from '../src/domain/forms/index.ts';
import { findItem } from '../src/domain/items/index.ts';
import { sampleApplication } from '../src/domain/items/fixtures.ts';
import { IdpPages, Portal, expectAccessible, newMobile, newUscc, snap } from './support.ts';
import { openCase, staffLogin } from './staff-driver.ts';
import { fillStep, next, saveStep, submit, uploadAll } from './wizard-driver.ts';

test('public pages and the identity service', async ({ page }, info) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /政务服务目录/ })).toBeVisible();
  await expectAccessible(page, info, 'home');
  await page.goto('/items/survey-b');
  await expect(page.getByRole('heading', { name: '建设工程勘察企业资质认定（乙级）' }).first()).toBeVisible();
  await expectAccessible(page, info, 'guide');
  // 我该选哪个申请内容, not logged in: both questions asked; an answer without a 申请内容 says so.
  await page.getByRole('link', { name: '我该选哪个申请内容？' }).click();
  await page.getByRole('radio', { name: '否' }).check();
  await page.getByRole('radio', { name: /第一次申请工程勘察资质/ }).check();
  const advice = page.getByRole('region', { name: '建议选择的申请内容' });
  await expect(advice.getByText('首次申请工程勘察资质', { exact: true })).toBeVisible();
  await expect(advice.getByText('企业章程')).toBeVisible();
  await expect(advice.getByText('原资质证书正、副本'), 'a first application has no certificate').toHaveCount(0);
  await expect(advice.getByRole('link', { name: '按此申请内容网上办理' })).toHaveAttribute('href', '/items/survey-b/apply?type=first');
  await snap(page, info, 'type-advisor');
  await expectAccessible(page, info, 'type-advisor');
  await page.getByRole('radio', { name: '是' }).check();
  await page.getByRole('radio', { name: '注册地址、注册资本或法定代表人发生了变化' }).check();
  await expect(page.getByText('没有对应的申请内容')).toBeVisible();
  await page.goto('/verify');
  await expect(page.getByRole('heading', { name: '文书核验' })).toBeVisible();
  await expectAccessible(page, info, 'verify');
  await page.goto('/verify/ABCD-EFGH-JKLM-NPQR');
  await expectAccessible(page, info, 'verify-not-found');
  for (const column of ['/public/notices', '/public/announcements', '/public/qualifications', '/public/qualifications?q=%E7%A4%BA%E8%8C%83']) {
    const res = await page.goto(column);
    if (res?.status() === 200) await expectAccessible(page, info, column.slice(1).replace(/[/?=%]+/g, '-'));
  }
  await page.goto('/auth/login?returnTo=%2F');
  await expect(page.getByRole('heading', { name: '用户登录' })).toBeVisible();
  await expectAccessible(page, info, 'idp-login');
  await page.getByRole('link', { name: '立即注册' }).click();
  await expect(page.getByRole('heading', { name: '法人用户注册' })).toBeVisible();
  await expectAccessible(page, info, 'idp-register');
  // Refused: what was typed is kept, the passwords are not (never echoed back), and the page says so.
  await page.getByLabel('单位名称').fill('无障碍测试单位');
  await page.getByLabel(/^\*?密码$/).fill('Ceshi#2026x');
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.getByRole('alert')).toContainText('请重新输入密码和确认密码');
  await expect(page.getByLabel('单位名称')).toHaveValue('无障碍测试单位');
  await expect(page.getByLabel(/^\*?密码$/)).toHaveValue('');
  await expect(page.getByLabel(/^\*?密码$/)).toHaveAccessibleDescription(/请重新输入密码和确认密码/);
  await expectAccessible(page, info, 'idp-register-refused');
  await snap(page, info, 'idp-register-refused');
});

test('the applicant wizard, every step, and the pages after submission', async ({ browser }, info) => {
  test.setTimeout(180_000);
  const page = await (await browser.newContext()).newPage();
  const item = findItem('survey-b')!;
  await new Portal(page).openCatalog();
  await new Portal(page).applyOnline(item.title);
  await page.getByRole('link', { name: '立即注册' }).click();
  await new IdpPages(page).registerLegal({ orgName: `无障碍测试单位${Date.now() % 100000}`, uscc: newUscc(), legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'a11y@example.cn' });
  const data = sampleApplication('survey-b', 'first');
  const steps = item.steps as FormStepDefinition[];
  await expect(page.getByRole('heading', { name: `第一步 ${steps[0]!.title}` })).toBeVisible();
  await expectAccessible(page, info, 'wizard-step1');
  // Submitting an incomplete step shows the errors: they must be accessible too.
  await page.getByRole('button', { name: '暂存' }).click();
  await expect(page.getByText('请完整填写必填项').first()).toBeVisible();
  await expectAccessible(page, info, 'wizard-step1-errors');
  await fillStep(page, steps[0]!, data.applicant!, ['orgName', 'uscc']);
  await saveStep(page, steps[0]!.title);
  await next(page, `第二步 ${steps[1]!.title}`);
  await expectAccessible(page, info, 'wizard-step2');
  await fillStep(page, steps[1]!, data.content!);
  await saveStep(page, steps[1]!.title);
  await next(page, '第三步 附件上传');
  await expectAccessible(page, info, 'wizard-step3');
  await uploadAll(page, 'survey-b');
  await expectAccessible(page, info, 'wizard-step3-uploaded');
  await next(page, '第四步 提交');
  await expectAccessible(page, info, 'wizard-step4');
  const number = await submit(page);
  await expectAccessible(page, info, 'submitted');

  await page.goto('/my');
  await expect(page.getByRole('cell', { name: number })).toBeVisible();
  await expectAccessible(page, info, 'progress-list');
  await page.getByRole('row', { name: new RegExp(number) }).getByRole('link', { name: '流程跟踪' }).click();
  await expect(page.getByRole('heading', { name: `流程跟踪 · ${number}` })).toBeVisible();
  await expectAccessible(page, info, 'track');
  for (const tab of ['公示', '公告', '文书', '结果领取']) {
    await page.getByRole('tab', { name: tab }).click();
    await expectAccessible(page, info, `track-${tab}`);
  }
  await page.goto('/messages');
  await expect(page.getByRole('heading', { name: '消息中心' })).toBeVisible();
  await expectAccessible(page, info, 'messages');
  await snap(page, info, 'messages');

  // The staff console and a case page.
  const staff = await staffLogin(browser, 'shouli', info);
  await expectAccessible(staff, info, 'staff-console');
  await openCase(staff, '待受理', number);
  await expectAccessible(staff, info, 'staff-case');
  await staff.getByRole('region', { name: '办理操作' }).getByRole('button', { name: '补正', exact: true }).click();
  await expectAccessible(staff, info, 'staff-case-correction-form');
});
