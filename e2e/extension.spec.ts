import { readFileSync } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import { expect, test } from './test.ts';
import { expectAccessible, snap, watchConsole } from './support.ts';
import { applicantSubmits, doAction, openCase, staffLogin } from './staff-driver.ts';

test('Art.42 延期: the reviewer asks, the 负责人 approves and reads 办件统计, the applicant sees the new date and the 告知书', async ({ browser }, info) => {
  // A whole case with three staff members.
  test.setTimeout(180_000);
  const { page: applicant, number } = await applicantSubmits(browser, 'survey-b', 'first');
  const acceptor = await staffLogin(browser, 'shouli', info);
  await openCase(acceptor, '待受理', number);
  await doAction(acceptor, '受理');

  const reviewer = await staffLogin(browser, 'shencha', info);
  const check = watchConsole(reviewer);
  await openCase(reviewer, '待审查', number);
  const panel = reviewer.getByRole('region', { name: '延期' });
  await panel.getByRole('button', { name: /申请延期 10 个工作日/ }).click();
  await panel.getByLabel(/延期理由/).fill('涉及多个专业，需向社保部门核实技术人员的参保记录');
  await panel.getByRole('button', { name: '提交负责人审批' }).click();
  await expect(panel.getByText('待负责人审批')).toBeVisible();
  await expect(panel.getByRole('button', { name: /申请延期/ })).toBeHidden();
  await snap(reviewer, info, 'extension-requested');
  check();

  const head = await staffLogin(browser, 'fuzeren', info);
  await head.getByRole('link', { name: /延期审批/ }).click();
  await expect(head.getByRole('heading', { name: '延期审批' })).toBeVisible();
  const row = head.getByRole('table', { name: '待审批的延期申请' }).getByRole('row', { name: new RegExp(number) });
  await expect(row.getByText('需向社保部门核实')).toBeVisible();
  await expectAccessible(head, info, 'extensions');
  await snap(head, info, 'extension-pending');
  await row.getByRole('button', { name: `批准 ${number} 延期`, exact: true }).click();
  await head.getByRole('dialog').getByRole('button', { name: '确认批准' }).click();
  await expect(head.getByText(/延期审批告知书已送达申请人/)).toBeVisible();
  await expect(head.getByRole('table', { name: '已审批的延期申请' }).getByRole('row', { name: new RegExp(number) }).getByText('已批准')).toBeVisible();

  // 办件统计: this month's figures as charts and a table, and the same as an .xlsx file.
  await head.goto('/staff');
  await head.getByRole('link', { name: '办件统计' }).click();
  await expect(head.getByRole('heading', { name: '办件统计' })).toBeVisible();
  const figures = head.locator('.stats-table');
  const surveyRow = figures.getByRole('row', { name: /建设工程勘察企业资质认定（乙级）/ }).first();
  await expect(surveyRow).toBeVisible();
  const cells = surveyRow.getByRole('cell');
  // 收件 and 受理 (the columns after the expander and 事项 / 申请内容) count this case at least.
  expect(Number(await cells.nth(2).innerText())).toBeGreaterThanOrEqual(1);
  expect(Number(await cells.nth(3).innerText())).toBeGreaterThanOrEqual(1);
  await expect(head.getByRole('img', { name: /各申请内容办件量/ }).locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(head.getByRole('img', { name: /各环节平均用时/ })).toBeVisible();
  const received = Number(await head.getByRole('group', { name: '合计' }).locator('.ant-statistic').first().locator('.ant-statistic-content-value').innerText());
  await expectAccessible(head, info, 'statistics');
  await snap(head, info, 'statistics');
  const download = head.waitForEvent('download');
  await head.getByRole('link', { name: '导出Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^办件统计-\d{4}-\d{2}-01至\d{4}-\d{2}-\d{2}-\d{8}-\d{4}\.xlsx$/);
  const sheets = (await readXlsxFile(readFileSync(await file.path()))) as { sheet: string; data: unknown[][] }[];
  expect(sheets.map((x) => x.sheet)).toEqual(['办件统计', '环节用时']);
  const total = sheets[0]!.data.find((r) => r[0] === '合计')!;
  expect(total[2]).toBe(received);
  expect(sheets[0]!.data.some((r) => r[0] === '建设工程勘察企业资质认定（乙级）' && Number(r[3]) >= 1)).toBe(true);

  // The applicant: 办事进度 counts 30 days now, 流程跟踪 says why, and the 告知书 is there to download.
  await applicant.goto('/my');
  await expect(applicant.getByRole('row', { name: new RegExp(number) }).getByText(/经批准延长 10 个工作日/)).toBeVisible();
  await applicant.getByRole('row', { name: new RegExp(number) }).getByRole('link', { name: '流程跟踪' }).click();
  await expect(applicant.getByText('办理期限已依法延长 10 个工作日')).toBeVisible();
  await expect(applicant.getByRole('cell', { name: /经负责人批准，办理期限延长10个工作日/ })).toBeVisible();
  await snap(applicant, info, 'extension-applicant');
  await applicant.getByRole('tab', { name: '文书' }).click();
  await expect(applicant.getByRole('cell', { name: '延期审批告知书' })).toBeVisible();
});
