import { expect, test, type Page } from './test.ts';
import type { FormStepDefinition } from '../src/domain/forms/index.ts';
import { findItem } from '../src/domain/items/index.ts';
import { sampleApplication } from '../src/domain/items/fixtures.ts';
import { IdpPages, Portal, expectAccessible, newIdNumber, newMobile, newUscc, snap } from './support.ts';
import { fillStep, saveStep } from './wizard-driver.ts';

async function newEnterpriseOn(page: Page, title: string) {
  const uscc = newUscc();
  await new Portal(page).openCatalog();
  await new Portal(page).applyOnline(title);
  await page.getByRole('link', { name: '立即注册' }).click();
  await new IdpPages(page).registerLegal({ orgName: `行为测试单位${uscc.slice(-5, -1)}`, uscc, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'b@example.cn' });
  return uscc;
}

test('at 360 px the wizard fits the screen and every field has its label', async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await newEnterpriseOn(page, '建设工程勘察企业资质认定（乙级）');
  await expect(page.getByRole('heading', { name: '第一步 申请单位' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'no horizontal scrolling at 360 px').toBeLessThanOrEqual(0);
  for (const field of (findItem('survey-b')!.steps[0] as FormStepDefinition).fields) {
    await expect(page.getByLabel(field.label, { exact: true })).toBeVisible();
  }
  await snap(page, info, 'mobile-step1');
});

test('暂存 and 下一步 stay enabled: a refusal is a focused summary linking to each field; 下一步 saves; typing survives moving between steps', async ({ page }, info) => {
  await newEnterpriseOn(page, '建设工程勘察企业资质认定（乙级）');
  const step1 = findItem('survey-b')!.steps[0] as FormStepDefinition;
  await expect(page.getByRole('button', { name: '下一步' })).toBeEnabled();
  await page.getByRole('button', { name: '下一步' }).click();
  const missing = page.getByRole('alert').filter({ hasText: '请完整填写必填项' });
  await expect(missing).toBeFocused();
  await expect(missing.getByRole('link', { name: '请输入邮政编码' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '第一步 申请单位' })).toBeVisible();
  await expectAccessible(page, info, 'step1-summary');
  await missing.getByRole('link', { name: '请输入注册地址' }).click();
  await expect(page.getByLabel('注册地址')).toBeFocused();

  // Everything given, one value wrong: the summary says what is wrong, not that something is missing.
  await fillStep(page, step1, { ...sampleApplication('survey-b', 'first').applicant, postalCode: '1000' }, ['orgName', 'uscc']);
  await page.getByRole('button', { name: '下一步' }).click();
  const wrong = page.getByRole('alert').filter({ hasText: '填写的内容有误，请按提示修改' });
  await expect(wrong).toBeFocused();
  await expect(wrong.getByRole('link', { name: '邮政编码应为6位数字' })).toBeVisible();
  await expect(wrong).not.toContainText('请完整填写必填项');
  await expect(page.getByLabel('通讯地址')).toHaveValue(String(sampleApplication('survey-b', 'first').applicant!.mailingAddress));
  await snap(page, info, 'step1-wrong-value');
  await page.setViewportSize({ width: 360, height: 740 });
  await snap(page, info, 'step1-wrong-value-360');
  await page.setViewportSize({ width: 1280, height: 720 });

  // 下一步 saves the step as 暂存 does, and moves on.
  await page.getByLabel('邮政编码').fill('100044');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('“申请单位”已暂存')).toBeVisible();
  await expect(page.getByRole('heading', { name: '第二步 申请内容' })).toBeVisible();
  await expect(page).toHaveTitle(/^第二步 申请内容 - 建设工程勘察企业资质认定（乙级） - /);

  // Unsaved typing in step 2 is kept across 上一步 / 下一步, and the step bar says it is not saved.
  await page.getByRole('radio', { name: '企业合并、分立、改制、重组后，需重新核定资质申请' }).check();
  await page.getByRole('button', { name: '上一步' }).click();
  await expect(page.getByRole('heading', { name: '第一步 申请单位' })).toBeVisible();
  await expect(page.getByRole('button', { name: /申请内容/ })).toContainText('修改未保存');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('heading', { name: '第二步 申请内容' })).toBeVisible();
  await expect(page.getByRole('radio', { name: '企业合并、分立、改制、重组后，需重新核定资质申请' })).toBeChecked();
});

test('the qualification picker: whole names in search results, greyed options announced as unavailable, three columns inside 360 px', async ({ page }, info) => {
  await newEnterpriseOn(page, '建设工程勘察企业资质认定（乙级）');
  const data = sampleApplication('survey-b', 'first');
  await fillStep(page, findItem('survey-b')!.steps[0] as FormStepDefinition, data.applicant!, ['orgName', 'uscc']);
  await saveStep(page, '申请单位');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('radio', { name: '首次申请工程勘察资质' }).check();
  const picker = page.getByLabel('资质类别及等级', { exact: true });
  await picker.click();
  await picker.fill('岩土');
  // The grade ends the name: it must be on screen, not cut off.
  const result = page.getByRole('menuitemcheckbox', { name: /^工程勘察岩土工程专业（岩土工程勘察）乙级/ });
  await expect(result).toBeVisible();
  const cut = await result.locator('.ant-cascader-menu-item-content').evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(cut, 'the name is not cut before the grade').toBe(false);
  const greyed = page.getByRole('menuitemcheckbox', { name: /^工程勘察岩土工程专业甲级/ });
  await expect(greyed).toBeDisabled();
  await expect(greyed).toContainText('该资质由住房和城乡建设部审批');
  await snap(page, info, 'picker-search');
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 360, height: 740 });
  await picker.click();
  await picker.fill('');
  await page.getByRole('menuitemcheckbox', { name: /^综合资质/ }).locator('.ant-cascader-menu-item-content').click();
  await page.getByRole('menuitemcheckbox', { name: /^工程勘察综合资质(?!甲)/ }).locator('.ant-cascader-menu-item-content').click();
  const third = page.getByRole('menuitemcheckbox', { name: /^工程勘察综合资质甲级/ });
  await expect(third).toBeDisabled();
  const popup = await page.locator('.qualification-popup').boundingBox();
  expect(popup!.x, 'the popup starts on screen').toBeGreaterThanOrEqual(0);
  expect(popup!.x + popup!.width, 'and ends on screen').toBeLessThanOrEqual(360);
  await expect(third).toBeInViewport();
  await snap(page, info, 'picker-360');
});

test('leaving with unsaved changes asks first; staying keeps what was typed', async ({ page }) => {
  await newEnterpriseOn(page, '建设工程勘察企业资质认定（乙级）');
  await page.getByLabel('通讯地址').fill('北京市朝阳区未保存路8号');
  await page.getByRole('link', { name: '办事进度' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: '尚未暂存' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '留在本页' }).click();
  await expect(page).toHaveURL(/\/items\/survey-b\/apply$/);
  await expect(page.getByLabel('通讯地址')).toHaveValue('北京市朝阳区未保存路8号');
  await page.getByRole('link', { name: '办事进度' }).click();
  await page.getByRole('dialog').filter({ hasText: '尚未暂存' }).getByRole('button', { name: '离开' }).click();
  await expect(page.getByRole('heading', { name: '办事进度' })).toBeVisible();
});

test('a stale save from a second tab is refused and offers to reload the newer data', async ({ page, context }) => {
  await newEnterpriseOn(page, '建设工程设计企业资质认定（部分乙级）');
  const data = sampleApplication('design-b', 'first');
  await fillStep(page, findItem('design-b')!.steps[0] as FormStepDefinition, data.applicant!, ['orgName', 'uscc']);
  await saveStep(page, '申请单位');

  const other = await context.newPage();
  await other.goto('/items/design-b/apply');
  await expect(other.getByRole('heading', { name: '第二步 申请内容' })).toBeVisible();
  await other.getByRole('button', { name: '上一步' }).click();
  await other.getByLabel('通讯地址').fill('北京市海淀区第二个标签页1号');
  await saveStep(other, '申请单位');

  // The first tab still holds the version it read; its next 暂存 is stale.
  await page.getByRole('button', { name: '下一步' }).click();
  await fillStep(page, findItem('design-b')!.steps[1] as FormStepDefinition, data.content!);
  await page.getByRole('button', { name: '暂存' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: '申请已在其他页面修改' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '重新加载' }).click();
  await expect(page.getByRole('heading', { name: '第二步 申请内容' })).toBeVisible();
  await page.getByRole('button', { name: '上一步' }).click();
  await expect(page.getByLabel('通讯地址')).toHaveValue('北京市海淀区第二个标签页1号');
});

test('an engineer completes 预注册 with the keyboard alone; the closed types are skipped', async ({ page }) => {
  const idNumber = newIdNumber();
  await new Portal(page).openCatalog();
  await new Portal(page).applyOnline('二级注册结构工程师执业资格认定');
  await page.getByRole('link', { name: '立即注册' }).click();
  await new IdpPages(page).registerNatural({ name: '键盘工程师', idNumber, mobile: newMobile(), email: 'k@example.cn' });
  await expect(page.getByRole('heading', { name: '第一步 申请人员信息' })).toBeVisible();

  const type = async (label: string, text: string) => {
    for (let i = 0; i < 40; i++) {
      const focused = await page.evaluate(() => document.activeElement?.id ?? '');
      const target = await page.getByLabel(label, { exact: true }).getAttribute('id');
      if (focused === target) break;
      await page.keyboard.press('Tab');
    }
    await expect(page.getByLabel(label, { exact: true })).toBeFocused();
    await page.keyboard.type(text);
  };
  const pressButton = async (name: string) => {
    for (let i = 0; i < 60; i++) {
      if (await page.getByRole('button', { name, exact: true }).evaluate((el) => el === document.activeElement).catch(() => false)) break;
      await page.keyboard.press('Tab');
    }
    await expect(page.getByRole('button', { name, exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
  };

  await page.getByLabel('联系方式').focus();
  await type('注册单位', '北京键盘设计院');
  await type('通讯地址', '北京市东城区键盘路1号');
  await pressButton('暂存');
  await expect(page.getByText('“申请人员信息”已暂存')).toBeVisible();
  await pressButton('下一步');
  await expect(page.getByRole('heading', { name: '第二步 申请内容' })).toBeVisible();

  // Radio group: Tab in, one arrow down: a new engineer holds no registration, so 延续, 变更,
  // 更改补办 and 注销 are disabled and the arrow lands on 预注册.
  await page.getByRole('heading', { name: '第二步 申请内容' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: '初始注册', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: '预注册', exact: true })).toBeChecked();
  await pressButton('暂存');
  await expect(page.getByText('“申请内容”已暂存')).toBeVisible();
  await pressButton('下一步');

  // Files: the upload buttons open the system file chooser from the keyboard.
  for (const title of ['申请表', '其他附件']) {
    const chooser = page.waitForEvent('filechooser');
    await pressButton(`上传${title}`);
    await (await chooser).setFiles('test/fixtures/pdf/valid-1-page.pdf');
    await expect(page.getByRole('region', { name: title }).getByRole('link', { name: 'valid-1-page.pdf' })).toBeVisible();
  }
  await pressButton('暂存');
  await expect(page.getByText('“附件上传”已暂存')).toBeVisible();
  await pressButton('下一步');
  await expect(page.getByRole('heading', { name: '第四步 提交' })).toBeVisible();

  const pledge = page.getByRole('checkbox', { name: /承诺/ });
  for (let i = 0; i < 80 && !(await pledge.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(pledge).toBeChecked();
  await pressButton('提交');
  await expect(page.getByRole('heading', { name: '申报提交成功' })).toBeVisible();
});
