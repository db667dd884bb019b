import { expect, type Locator, type Page } from '@playwright/test';
import { isFieldVisible, optionLabel, type FieldDefinition, type FormStepDefinition, type StepValues } from '../src/domain/forms/index.ts';
import { findItem, type ItemCode } from '../src/domain/items/index.ts';
import { findQualification } from '../src/domain/qualifications/index.ts';
import { regionPath } from '../src/domain/regions/index.ts';

const FIXTURE = 'test/fixtures/pdf/valid-1-page.pdf';

/** Fill a form step of the wizard from values, the way a person would: by label, field by field. */
export async function fillStep(page: Page, step: FormStepDefinition, values: StepValues, locked: readonly string[] = []) {
  for (const field of step.fields) {
    if (!isFieldVisible(field, values) || locked.includes(field.name)) continue;
    const value = values[field.name];
    if (value === undefined) continue;
    await fillField(page, page.locator('form'), field, value);
  }
}

async function fillField(page: Page, scope: Locator, field: FieldDefinition, value: unknown) {
  const input = scope.getByLabel(field.label, { exact: true });
  switch (field.kind) {
    case 'radio':
      await scope.getByRole('radio', { name: optionLabel(field, String(value)), exact: true }).check();
      return;
    case 'select':
      await input.click();
      await input.fill(optionLabel(field, String(value)));
      await page.keyboard.press('Enter');
      return;
    case 'date':
      await input.click();
      await input.fill(String(value));
      await page.keyboard.press('Enter');
      return;
    case 'region': {
      const [province, city, county] = regionPath(String(value))!;
      await input.click();
      await input.fill(county ?? city!);
      await page.locator('.ant-cascader-menu-item').filter({ hasText: province! }).filter({ hasText: city! }).first().click();
      return;
    }
    case 'qualifications':
      for (const code of value as string[]) {
        await input.click();
        await input.fill(findQualification(code)!.name);
        await page.locator('.ant-cascader-menu-item').filter({ hasText: findQualification(code)!.name }).first().click();
      }
      await page.keyboard.press('Escape');
      return;
    case 'group': {
      const rows = value as StepValues[];
      for (const [i, row] of rows.entries()) {
        const card = scope.locator('.ant-card').filter({ hasText: `${field.label} ${i + 1}` });
        if ((await card.count()) === 0) await scope.getByRole('button', { name: `添加${field.label}` }).click();
        for (const sub of field.fields ?? []) {
          if (isFieldVisible(sub, row) && row[sub.name] !== undefined) await fillField(page, card, sub, row[sub.name]);
        }
      }
      return;
    }
    default:
      await input.fill(String(value));
      await input.blur();
  }
}

export async function saveStep(page: Page, title: string) {
  await page.getByRole('button', { name: '暂存' }).click();
  await expect(page.getByText(`“${title}”已暂存`)).toBeVisible();
}

export async function next(page: Page, heading: string) {
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
}

/** 附件上传: every slot gets the fixture PDF; then 暂存. */
export async function uploadAll(page: Page, code: ItemCode) {
  const step = findItem(code)!.steps.find((s) => s.kind === 'attachments')!;
  if (step.kind !== 'attachments') throw new Error('no attachments step');
  for (const slot of step.slots) {
    await page.getByLabel(`选择${slot.title}文件`).setInputFiles(FIXTURE);
    await expect(page.getByRole('region', { name: slot.title }).getByRole('link', { name: 'valid-1-page.pdf' })).toBeVisible();
  }
  await saveStep(page, step.title);
}

/** 提交: pledge, submit, and read the 申报编号 off the confirmation page. */
export async function submit(page: Page): Promise<string> {
  await page.getByRole('checkbox', { name: /承诺所填写的信息和上传的材料真实/ }).check();
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByRole('heading', { name: '申报提交成功' })).toBeVisible();
  return (await page.locator('.number').innerText()).trim();
}
