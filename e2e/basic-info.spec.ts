import { expect, test } from './test.ts';
import { IdpPages, Portal, expectAccessible, newMobile, newUscc, snap } from './support.ts';

// 完善基本信息 (issue 16.1): kept once, filled into every item's first step, still editable there.

const KEPT = {
  邮政编码: '100101',
  通讯地址: '北京市朝阳区北辰东路8号',
  注册地址: '北京市海淀区学院路30号',
  电话: '010-62345678',
  委托代理人: '钱代理',
};

test('an enterprise keeps its basic information once; 勘察 and 设计 both start filled in and editable', async ({ page }, info) => {
  const uscc = newUscc();
  const orgName = `基本信息测试单位${uscc.slice(-5, -1)}`;
  await new Portal(page).openCatalog();
  await page.getByRole('link', { name: '注册', exact: true }).click();
  await new IdpPages(page).registerLegal({ orgName, uscc, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'b@example.cn' });
  await new Portal(page).expectLoggedInAs(orgName);

  await page.getByRole('link', { name: '完善基本信息' }).click();
  await expect(page.getByRole('heading', { name: '完善基本信息', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/^完善基本信息 - /);
  // What the identity service owns is shown, not offered for editing.
  const identity = page.locator('.ant-descriptions');
  await expect(identity).toContainText(orgName);
  await expect(identity).toContainText(uscc);
  await expect(page.getByLabel('单位名称')).toHaveCount(0);
  // Contact details the identity knows are offered until the applicant keeps their own.
  await expect(page.getByLabel('委托代理人')).toHaveValue('李经办');

  // A wrong value: a focused summary that says what is wrong and links to the field.
  for (const [label, value] of Object.entries(KEPT)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel('邮政编码').fill('1001');
  await page.getByRole('button', { name: '保存' }).click();
  const summary = page.getByRole('alert').filter({ hasText: '填写的内容有误' });
  await expect(summary).toBeFocused();
  await summary.getByRole('link', { name: '邮政编码应为6位数字' }).click();
  await expect(page.getByLabel('邮政编码')).toBeFocused();
  await expect(page.getByLabel('通讯地址')).toHaveValue(KEPT.通讯地址);
  await expectAccessible(page, info, 'basic-info-summary');

  await page.getByLabel('邮政编码').fill(KEPT.邮政编码);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('基本信息已保存，办理事项时将自动带出')).toBeVisible();
  await expect(page.getByText(/^最近保存：/)).toBeVisible();
  await snap(page, info, 'basic-info-saved');
  await expectAccessible(page, info, 'basic-info');

  for (const title of ['建设工程勘察企业资质认定（乙级）', '建设工程设计企业资质认定（部分乙级）']) {
    await new Portal(page).openCatalog();
    await new Portal(page).applyOnline(title);
    await expect(page.getByRole('heading', { name: '第一步 申请单位' })).toBeVisible();
    for (const [label, value] of Object.entries(KEPT)) await expect(page.getByLabel(label, { exact: true }), `${title}: ${label}`).toHaveValue(value);
    // Filled in, not locked: the applicant may still change it for this application.
    await expect(page.getByLabel('通讯地址')).toBeEditable();
    await expect(page.getByLabel('申报单位')).not.toBeEditable();
    await snap(page, info, `prefilled-${title.includes('勘察') ? 'survey' : 'design'}`);
  }
  // Changed in the form, saved with the application; the kept value stays as it was.
  await page.getByLabel('电话').fill('010-88889999');
  await page.getByLabel('Email').fill('apply@example.cn');
  await page.getByLabel('手机').fill(newMobile());
  await page.getByRole('button', { name: '暂存' }).click();
  await expect(page.getByText('“申请单位”已暂存')).toBeVisible();
  await page.getByRole('link', { name: '完善基本信息' }).click();
  await expect(page.getByLabel('电话')).toHaveValue(KEPT.电话);
});
