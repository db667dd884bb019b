import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { pdfText } from '../test/support/pdf.ts';
import { snap } from './support.ts';
import { applicantSubmits, doAction, openCase, publishBatch, staffLogin } from './staff-driver.ts';

const ORG = `北京<img src=x onerror=alert(1)>测绘${Date.now() % 10000}`;
const ADDRESS = '<script>alert("addr")</script>北京市西城区示范路1号';

test('markup typed by an applicant is shown as text in the staff console, the PDFs and the public pages', async ({ browser }, info) => {
  test.setTimeout(180_000);
  // Any alert() that runs is an injection that got through.
  const dialogs: string[] = [];
  const trap = (page: Page) =>
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  const { page: applicant, number } = await applicantSubmits(browser, 'survey-b', 'first', { orgName: ORG, applicant: { mailingAddress: ADDRESS } });
  trap(applicant);

  const acceptor = await staffLogin(browser, 'shouli', info);
  trap(acceptor);
  await openCase(acceptor, '待受理', number);
  await expect(acceptor.getByText(ADDRESS, { exact: true })).toBeVisible();
  await expect(acceptor.getByText(ORG, { exact: true }).first()).toBeVisible();
  await snap(acceptor, info, 'staff-case-markup');
  await doAction(acceptor, '受理');

  // The 受理通知书 prints the name literally.
  const download = acceptor.waitForEvent('download');
  await acceptor.getByRole('region', { name: '已出具文书' }).getByRole('link', { name: '受理通知书' }).click();
  const text = pdfText(readFileSync(await (await download).path())).replace(/\s+/g, '');
  expect(text).toContain(ORG.replace(/\s+/g, ''));

  const reviewer = await staffLogin(browser, 'shencha', info);
  await openCase(reviewer, '待审查', number);
  await doAction(reviewer, '通过', '<b>同意</b>');
  const rechecker = await staffLogin(browser, 'fuhe', info);
  await openCase(rechecker, '待复核', number);
  await doAction(rechecker, '通过');
  const publisher = await staffLogin(browser, 'gongshi', info);
  trap(publisher);
  await publisher.goto('/staff/notices');
  await publisher.getByRole('tab', { name: '待公示' }).click();
  await expect(publisher.getByRole('row', { name: new RegExp(number) }).getByText(ORG)).toBeVisible();
  await publishBatch(publisher, '待公示', number);

  const visitor = await (await browser.newContext()).newPage();
  trap(visitor);
  await visitor.goto('/public/notices');
  await visitor.getByRole('link', { name: /审查意见的公示/ }).first().click();
  await expect(visitor.getByRole('cell', { name: ORG })).toBeVisible();
  await expect(visitor.getByText('<b>同意</b>', { exact: false })).toBeVisible();
  expect(await visitor.locator('img[src="x"], b:text("同意")').count()).toBe(0);
  await snap(visitor, info, 'public-markup');
  await visitor.goto(`/public/notices?q=${encodeURIComponent(ORG)}`);
  await expect(visitor.getByRole('link', { name: /审查意见的公示/ }).first()).toBeVisible();
  expect(dialogs, 'no script ran').toEqual([]);
});
