import { expect, test } from '@playwright/test';
import { IdpPages, PASSWORD, Portal, newIdNumber, newMobile, newUscc, snap, watchConsole } from './support.ts';

test('enterprise registers, logs out, and 网上办理 returns it to the survey item prefilled', async ({ page }, info) => {
  const checkConsole = watchConsole(page);
  const portal = new Portal(page);
  const idp = new IdpPages(page);
  const uscc = newUscc();
  const orgName = `北京测试勘察院${uscc.slice(-4)}有限公司`;

  await portal.openCatalog();
  await snap(page, info, 'catalog');
  await page.getByRole('link', { name: '注册', exact: true }).click();
  await idp.registerLegal({ orgName, uscc, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'survey@example.cn' });
  await portal.expectLoggedInAs(orgName);
  await expect(page).toHaveURL(/\/$/);

  await portal.logout();
  await portal.openCatalog();
  await portal.applyOnline('建设工程勘察企业资质认定（乙级）');
  await snap(page, info, 'login');
  await idp.login(uscc, PASSWORD);

  await expect(page).toHaveURL(/\/items\/survey-b\/apply$/);
  await expect(page.getByRole('heading', { name: '建设工程勘察企业资质认定（乙级）' })).toBeVisible();
  await expect(page.getByLabel('当前位置')).toContainText('首页');
  await expect(page.getByLabel('当前位置')).toContainText('勘察设计资格管理');
  await expect(page.getByLabel('申报单位')).toHaveValue(orgName);
  await expect(page.getByLabel('统一社会信用代码')).toHaveValue(uscc);
  await expect(page.getByLabel('申报单位')).toHaveAttribute('readonly', '');
  await expect(page.getByLabel('委托代理人')).toHaveValue('李经办');
  await expect(page.getByPlaceholder('请输入邮政编码')).toBeVisible();
  await expect(page.getByText('北京市规划和自然资源管理委员会 版权所有')).toBeVisible();
  await snap(page, info, 'apply');

  // An empty required field is named, as the manual's screens show.
  await page.getByRole('button', { name: '暂存' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请完整填写必填项' })).toBeVisible();
  await expect(page.locator('.ant-form-item-explain-error').filter({ hasText: '请输入邮政编码' })).toBeVisible();
  checkConsole();
});

test('engineer registers and lands on 二级注册结构工程师执业资格认定 prefilled; enterprise items explain why not', async ({ page }, info) => {
  // The refused start answers 403 on purpose; Chromium logs that as a failed resource.
  const checkConsole = watchConsole(page, [/status of 403/]);
  const portal = new Portal(page);
  const idp = new IdpPages(page);
  const idNumber = newIdNumber();

  await portal.openCatalog();
  await page.getByRole('link', { name: '注册', exact: true }).click();
  await idp.registerNatural({ name: '赵工程师', idNumber, mobile: newMobile(), email: 'eng@example.cn' });
  await portal.expectLoggedInAs('赵工程师');
  await portal.logout();

  await portal.openCatalog();
  await portal.applyOnline('二级注册结构工程师执业资格认定');
  await idp.login(idNumber, PASSWORD);
  await expect(page).toHaveURL(/\/items\/struct-eng-2\/apply$/);
  await expect(page.getByLabel('申请人', { exact: true })).toHaveValue('赵工程师');
  await expect(page.getByLabel('证件号码')).toHaveValue(idNumber);
  await snap(page, info, 'apply');

  await portal.openCatalog();
  await portal.applyOnline('建设工程勘察企业资质认定（乙级）');
  await expect(page.getByText('当前账号不能办理此事项')).toBeVisible();
  await expect(page.getByText(/由企业（法人）申报/)).toBeVisible();
  await snap(page, info, 'wrong-kind');
  checkConsole();
});

test('guide page shows the 办事指南 and its 网上办理 goes to login', async ({ page }, info) => {
  const checkConsole = watchConsole(page);
  await page.goto('/items/nonlocal-filing');
  await expect(page.getByRole('heading', { name: '外埠企业进京从事勘察设计活动备案 办事指南' })).toBeVisible();
  for (const section of ['申请条件', '申请材料', '办理流程', '设定依据']) {
    await expect(page.getByRole('heading', { name: section })).toBeVisible();
  }
  await expect(page.getByText('企业诚信守法承诺书').first()).toBeVisible();
  await snap(page, info, 'guide');
  await page.getByRole('link', { name: '网上办理' }).click();
  await expect(page.getByRole('heading', { name: '用户登录' })).toBeVisible();
  checkConsole();
});
