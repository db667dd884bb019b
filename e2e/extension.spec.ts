import { expect, test } from './test.ts';
import { expectAccessible, snap, watchConsole } from './support.ts';
import { applicantSubmits, doAction, openCase, staffLogin } from './staff-driver.ts';

test('Art.42 延期: the reviewer asks, the 负责人 approves, the applicant sees the new date and the 告知书', async ({ browser }, info) => {
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
