import { expect, test } from './test.ts';
import { expectAccessible, snap, watchConsole } from './support.ts';
import { applicantSubmits, doAction, openCase, staffLogin } from './staff-driver.ts';

test('好差评: a refused applicant rates 非常不满意, the 负责人 records 整改 and 回访, the applicant sees the result', async ({ browser }, info) => {
  test.setTimeout(180_000); // a whole case, then the 负责人
  const { page: applicant, number } = await applicantSubmits(browser, 'survey-b', 'first');
  const check = watchConsole(applicant);
  const acceptor = await staffLogin(browser, 'shouli', info);
  await openCase(acceptor, '待受理', number);
  await doAction(acceptor, '不予受理', '申请表未加盖公章，不予受理。');

  // 办事进度 → 评价服务 → the 服务评价 tab of the case.
  await applicant.goto('/my');
  const row = applicant.getByRole('row', { name: new RegExp(number) });
  await expect(row.getByText('不予受理，请查看不予受理通知书')).toBeVisible();
  await row.getByRole('link', { name: '评价服务' }).click();
  await expect(applicant.getByRole('tab', { name: '服务评价', selected: true })).toBeVisible();
  await applicant.getByRole('radio', { name: '非常不满意' }).check();
  await expect(applicant.getByText('负责人将在 15 个工作日内核实整改')).toBeVisible();
  await applicant.getByRole('textbox', { name: '评价意见（选填）' }).fill('不予受理的理由窗口此前从未告知，白跑一趟。');
  await expectAccessible(applicant, info, 'rating-form');
  await snap(applicant, info, 'rating-form');
  await applicant.getByRole('button', { name: '提交评价' }).click();
  await applicant.getByRole('dialog').getByRole('button', { name: '确认提交' }).click();
  await expect(applicant.getByRole('heading', { name: '我的评价' })).toBeVisible();
  await expect(applicant.getByText(/负责人正在核实整改，整改期限：\d{4}-\d{2}-\d{2}/)).toBeVisible();
  await expect(applicant.getByRole('radio')).toHaveCount(0);

  // Statistics: the public page without login, and the staff console.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/public/ratings');
  await expect(visitor.getByRole('heading', { name: '政务服务好差评', level: 1 })).toBeVisible();
  await expect(visitor.getByText(/满意率 =（非常满意 \+ 满意 \+ 基本满意）÷ 评价总数/)).toBeVisible();
  await expect(visitor.getByRole('row', { name: /^合计/ })).toBeVisible();
  await expect(visitor.getByText('不予受理的理由窗口此前从未告知')).toHaveCount(0);
  await expectAccessible(visitor, info, 'public-ratings');
  await snap(visitor, info, 'public-ratings');
  // Readable at 360 px: the table turns into labelled lines, nothing scrolls sideways.
  await visitor.setViewportSize({ width: 360, height: 780 });
  await expect(visitor.getByRole('columnheader', { name: '满意率' })).toBeHidden();
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await snap(visitor, info, 'public-ratings-360');

  // The 负责人: 好差评统计, then the open task with its due date, 整改措施 and 回访.
  const head = await staffLogin(browser, 'fuzeren', info, { path: '/staff/ratings', heading: '好差评统计' });
  await expect(head.getByRole('row', { name: /^建设工程勘察企业资质认定（乙级）/ })).toBeVisible();
  await expectAccessible(head, info, 'staff-rating-stats');
  await snap(head, info, 'staff-rating-stats');
  await head.getByRole('link', { name: '差评整改', exact: true }).click();
  await expect(head.getByRole('heading', { name: '差评整改', level: 1 })).toBeVisible();
  const task = head.getByRole('row', { name: new RegExp(number) });
  await expect(task.getByText('非常不满意')).toBeVisible();
  await expect(task.getByText('剩余 15 个工作日')).toBeVisible();
  await expectAccessible(head, info, 'rectifications');
  await snap(head, info, 'rectifications');
  await task.getByRole('link', { name: `办理 ${number}` }).click();
  await expect(head.getByRole('heading', { name: `差评整改 · ${number}` })).toBeVisible();
  await expect(head.getByText('不予受理的理由窗口此前从未告知，白跑一趟。')).toBeVisible();
  await head.getByLabel('整改措施').fill('受理窗口一次性告知申请表盖章要求，并在办事指南中补充示例。');
  await head.getByRole('radio', { name: '电话回访' }).check();
  await head.getByRole('radiogroup', { name: '回访结果（申请人意见）' }).getByRole('radio', { name: '基本满意' }).check();
  await head.getByLabel('回访情况（选填）').fill('申请人表示理解，将补正后重新申请。');
  await expectAccessible(head, info, 'rectification-form');
  await snap(head, info, 'rectification-form');
  await head.getByRole('button', { name: '记录整改和回访' }).click();
  await head.getByRole('dialog').getByRole('button', { name: '确认办结' }).click();
  await expect(head.getByRole('heading', { name: '整改和回访记录' })).toBeVisible();
  await expect(head.getByText('按期办结')).toBeVisible();
  await snap(head, info, 'rectification-closed');

  // The applicant: a message that links to the rating, the result next to the unchanged rating.
  await applicant.goto('/messages');
  const message = applicant.getByRole('listitem').filter({ hasText: `申报编号${number}：差评整改已完成` });
  await expect(message).toBeVisible();
  await message.getByRole('link', { name: '查看评价' }).click();
  await expect(applicant.getByRole('tab', { name: '服务评价', selected: true })).toBeVisible();
  await expect(applicant.getByText('非常不满意')).toBeVisible();
  await expect(applicant.getByText('受理窗口一次性告知申请表盖章要求，并在办事指南中补充示例。')).toBeVisible();
  await expect(applicant.getByText('基本满意（回访时您的意见）')).toBeVisible();
  await expect(applicant.getByText('电话回访')).toBeVisible();
  await expectAccessible(applicant, info, 'rating-result');
  await snap(applicant, info, 'rating-result');
  check();
});
