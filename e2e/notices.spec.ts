import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './test.ts';
import { pdfText } from '../test/support/pdf.ts';
import { snap, watchConsole } from './support.ts';
import { applicantSubmits, publishBatch, reviewToPreNotice, staffLogin } from './staff-driver.ts';

// Markup typed by staff must stay text everywhere it is shown (stored XSS). Applicants cannot type
// it into names and addresses at all (domain/identifiers/names.ts): theirs use the marks real ones have.
const ORG = `北京（测绘）·XYZ勘察${Date.now() % 10000}`;
const ADDRESS = '北京市西城区示范路1号院3号楼、5号楼（B1-101）';
const OPINION = '<b>符合</b>乙级资质标准。';

test('公示 → 陈述 with a PDF → reply → the period closes → 公告; the public columns and 流程跟踪 show both; markup stays text', async ({ browser }, info) => {
  test.setTimeout(240_000);
  // Any alert() that runs is an injection that got through.
  const dialogs: string[] = [];
  const trap = (page: Page) =>
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  const { page: applicant, number } = await applicantSubmits(browser, 'survey-b', 'first', { orgName: ORG, applicant: { mailingAddress: ADDRESS } });
  trap(applicant);
  const check = watchConsole(applicant);
  await reviewToPreNotice(browser, number, info, {
    opinion: OPINION,
    afterAccept: async (acceptor) => {
      trap(acceptor);
      await expect(acceptor.getByText(ADDRESS, { exact: true })).toBeVisible();
      await expect(acceptor.getByText(ORG, { exact: true }).first()).toBeVisible();
      await snap(acceptor, info, 'staff-case-markup');
      // The 受理通知书 prints the name literally.
      const download = acceptor.waitForEvent('download');
      await acceptor.getByRole('region', { name: '已出具文书' }).getByRole('link', { name: '受理通知书' }).click();
      expect(pdfText(readFileSync(await (await download).path())).replace(/\s+/g, '')).toContain(ORG.replace(/\s+/g, ''));
    },
  });

  // The publisher builds and publishes the 公示 batch.
  const publisher = await staffLogin(browser, 'gongshi', info);
  trap(publisher);
  await publisher.goto('/staff/notices');
  await expect(publisher.getByRole('row', { name: new RegExp(number) }).getByText(ORG)).toBeVisible();
  const noticeTitle = await publishBatch(publisher, '待公示', number);
  expect(noticeTitle).toMatch(/^关于\d{4}年第\d+批建设工程企业资质审查意见的公示$/);
  await snap(publisher, info, 'notice-published');

  // The applicant reads its 公示 and files a 陈述 with a PDF.
  await applicant.goto('/my');
  await applicant.getByRole('row', { name: new RegExp(number) }).getByRole('link', { name: '查看公示' }).click();
  await expect(applicant.getByRole('heading', { name: `流程跟踪 · ${number}` })).toBeVisible({ timeout: 15_000 });
  await expect(applicant.getByRole('tab', { name: '公示', selected: true })).toBeVisible();
  await expect(applicant.getByRole('link', { name: noticeTitle })).toBeVisible();
  await applicant.getByRole('button', { name: '陈述', exact: true }).click();
  await applicant.getByLabel('陈述内容').fill('我单位技术负责人已取得高级工程师职称，现补充职称证书，请予核查。');
  const chooser = applicant.waitForEvent('filechooser');
  await applicant.getByRole('button', { name: '选择PDF文件' }).click();
  await (await chooser).setFiles('test/fixtures/pdf/valid-3-pages.pdf');
  await applicant.getByRole('button', { name: '提交陈述' }).click();
  await expect(applicant.getByText('待答复')).toBeVisible();
  await snap(applicant, info, 'statement-filed');

  // The publisher answers it.
  await publisher.goto('/staff/statements');
  await publisher.getByRole('row', { name: new RegExp(number) }).getByRole('link').first().click();
  await expect(publisher.getByText('我单位技术负责人已取得高级工程师职称')).toBeVisible();
  await expect(publisher.getByRole('link', { name: /valid-3-pages\.pdf/ })).toBeVisible();
  await publisher.getByLabel('答复意见').fill('经核查，职称证书真实有效，维持同意意见。');
  await publisher.getByRole('radio', { name: /维持原审查意见/ }).check();
  await publisher.getByRole('button', { name: '提交答复' }).click();
  await expect(publisher.getByText('经核查，职称证书真实有效，维持同意意见。')).toBeVisible();
  await snap(publisher, info, 'statement-replied');

  // Ten working days later the job closes the period (the test hook runs it as of that date).
  const closed = await publisher.request.post('/__test/notice-periods/close', { data: { asOf: '2099-01-01', numbers: [number] } });
  expect(closed.ok()).toBeTruthy();
  expect((await closed.json()).batches).toBeGreaterThanOrEqual(1);

  const announcementTitle = await publishBatch(publisher, '待公告', number);
  expect(announcementTitle).toMatch(/审批结果的公告$/);

  // The public columns list both batches, newest first, and each batch shows the entry.
  const visitor = await (await browser.newContext()).newPage();
  trap(visitor);
  await visitor.goto('/public/notices');
  await expect(visitor.getByRole('link', { name: noticeTitle })).toBeVisible();
  await snap(visitor, info, 'public-notices');
  await visitor.getByRole('link', { name: noticeTitle }).click();
  await expect(visitor.getByRole('cell', { name: /^同意/ })).toBeVisible();
  await expect(visitor.getByRole('cell', { name: ORG })).toBeVisible();
  await expect(visitor.getByText(OPINION)).toBeVisible();
  expect(await visitor.locator('img[src="x"], b:text-is("符合")').count(), 'no markup became elements').toBe(0);
  await visitor.goto(`/public/notices?q=${encodeURIComponent(ORG)}`);
  await expect(visitor.getByRole('link', { name: noticeTitle })).toBeVisible();
  await visitor.goBack();
  await snap(visitor, info, 'public-notice-batch');
  await visitor.goto('/public/announcements');
  await visitor.getByRole('link', { name: announcementTitle }).click();
  await expect(visitor.getByRole('cell', { name: /^准予许可/ })).toBeVisible();
  await snap(visitor, info, 'public-announcement-batch');

  // The applicant's 流程跟踪 shows the 公示 with the reply and the 公告 with the decision.
  await applicant.goto('/my');
  await applicant.getByRole('row', { name: new RegExp(number) }).getByRole('link', { name: '流程跟踪' }).click();
  await applicant.getByRole('tab', { name: '公示' }).click();
  await expect(applicant.getByText('经核查，职称证书真实有效，维持同意意见。')).toBeVisible();
  await expect(applicant.getByText('已结束')).toBeVisible();
  await applicant.getByRole('tab', { name: '公告' }).click();
  await expect(applicant.getByRole('link', { name: announcementTitle })).toBeVisible();
  await expect(applicant.getByText('准予许可').first()).toBeVisible();
  await snap(applicant, info, 'track-announcement');
  await applicant.getByRole('tab', { name: '流程跟踪' }).click();
  await expect(applicant.getByRole('figure').getByText('当前环节：制证')).toBeVisible();
  expect(dialogs, 'no script ran').toEqual([]);
  check();
});
