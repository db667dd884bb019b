import { readFileSync } from 'node:fs';
import { expect, test } from './test.ts';
import { pdfQrText, pdfText } from '../test/support/pdf.ts';
import { snap, watchConsole } from './support.ts';
import { applicantSubmits, doAction, openCase, staffLogin } from './staff-driver.ts';

test('办事进度 and 流程跟踪 of a case in 审查: 下载受理单, its QR code opens the verification page', async ({ browser }, info) => {
  test.setTimeout(150_000); // a whole case with three staff members
  const { page: applicant, number } = await applicantSubmits(browser, 'survey-b', 'first');
  const check = watchConsole(applicant);
  const acceptor = await staffLogin(browser, 'shouli', info);
  await openCase(acceptor, '待受理', number);
  await doAction(acceptor, '受理', '申请材料齐全，予以受理。');
  await expect(acceptor.getByRole('region', { name: '已出具文书' }).getByRole('link', { name: '受理通知书' })).toBeVisible();

  await applicant.goto('/my');
  const row = applicant.getByRole('row', { name: new RegExp(number) });
  await expect(row.getByText('已受理，审查中')).toBeVisible();
  await expect(row.getByText(/剩余 \d+ 个工作日/)).toBeVisible();
  await snap(applicant, info, 'progress-list');

  const download = applicant.waitForEvent('download');
  await row.getByRole('link', { name: '下载受理单' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^受理通知书-京规自勘设受〔2026〕\d+号\.pdf$/);
  const bytes = readFileSync(await file.path());
  expect(pdfText(bytes).replace(/\s+/g, '')).toContain(number);
  const qr = pdfQrText(bytes, 'e2e-acceptance');
  expect(qr).toMatch(/^http:\/\/localhost:\d+\/verify\/[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);

  const verify = await applicant.context().newPage();
  await verify.goto(qr!);
  await expect(verify.getByRole('status')).toContainText('真实有效');
  await expect(verify.getByRole('cell', { name: '受理通知书' })).toBeVisible();
  await snap(verify, info, 'verify-page');

  await row.getByRole('link', { name: '流程跟踪' }).click();
  await expect(applicant.getByRole('heading', { name: `流程跟踪 · ${number}` })).toBeVisible();
  const chart = applicant.getByRole('figure');
  await expect(chart.getByText('当前环节：审查')).toBeVisible();
  await expect(applicant.getByRole('cell', { name: '申请材料齐全，予以受理。' })).toBeVisible();
  await snap(applicant, info, 'track-review');
  // Readable at 360 px: the chart turns vertical, nothing scrolls sideways at page level.
  await applicant.setViewportSize({ width: 360, height: 780 });
  await expect(chart.getByText('复核')).toBeVisible();
  expect(await applicant.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await snap(applicant, info, 'track-review-360');
  await applicant.getByRole('tab', { name: '公示' }).click();
  await expect(applicant.getByText('该申请暂无公示信息')).toBeVisible();
  check();
});

test('a 办结 filing: 流程跟踪 complete, 结果领取 by post, messages with an unread count', async ({ browser }, info) => {
  test.setTimeout(150_000); // a whole case with three staff members
  const { page: applicant, number } = await applicantSubmits(browser, 'nonlocal-filing', 'filing');
  const check = watchConsole(applicant);
  const acceptor = await staffLogin(browser, 'shouli', info);
  await openCase(acceptor, '待受理', number);
  await doAction(acceptor, '受理');
  const reviewer = await staffLogin(browser, 'shencha', info);
  await openCase(reviewer, '待审查', number);
  await doAction(reviewer, '予以备案');

  await applicant.goto('/my');
  const messages = applicant.getByRole('link', { name: /消息中心，\d+ 条未读/ });
  await expect(messages).toBeVisible();
  const row = applicant.getByRole('row', { name: new RegExp(number) });
  await expect(row.getByText('已办结，备案完成，请领取备案证明')).toBeVisible();
  await row.getByRole('link', { name: '结果领取' }).click();
  await expect(applicant.getByRole('tab', { name: '结果领取', selected: true })).toBeVisible();
  await expect(applicant.getByRole('link', { name: /下载备案证明/ })).toBeVisible();
  await applicant.getByRole('radio', { name: /邮寄送达/ }).check();
  await applicant.getByLabel('收件人').fill('李经办');
  await applicant.getByLabel('联系电话').fill('13800000009');
  await applicant.getByLabel('邮寄地址').fill('河北省石家庄市长安区示范街1号');
  await applicant.getByLabel('邮政编码').fill('050000');
  await applicant.getByRole('button', { name: '保存领取方式' }).click();
  await expect(applicant.getByText(/已选择邮寄送达/)).toBeVisible();
  await snap(applicant, info, 'collect');

  await applicant.getByRole('tab', { name: '流程跟踪' }).click();
  await expect(applicant.getByRole('figure').getByText('已办结：已备案。')).toBeVisible();
  // A filing publishes nothing: no 公示 or 公告 tab.
  await expect(applicant.getByRole('tab', { name: '文书' })).toBeVisible();
  await expect(applicant.getByRole('tab', { name: '公示' })).toHaveCount(0);
  await expect(applicant.getByRole('tab', { name: '公告' })).toHaveCount(0);
  await snap(applicant, info, 'track-done');

  await messages.click();
  await expect(applicant.getByRole('heading', { name: '消息中心' })).toBeVisible();
  await expect(applicant.getByText(`申报编号${number}：已备案`)).toBeVisible();
  await snap(applicant, info, 'messages');
  await applicant.getByRole('button', { name: '全部标为已读' }).click();
  await expect(applicant.getByRole('link', { name: '消息中心', exact: true })).toBeVisible();
  check();
});
