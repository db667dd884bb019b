import { readFileSync } from 'node:fs';
import { pdfText } from '../test/support/pdf.ts';
import readXlsxFile from 'read-excel-file/node';
import { expect, test } from './test.ts';
import { snap, watchConsole } from './support.ts';
import { applicantSubmits, doAction, openCase, staffLogin } from './staff-driver.ts';

test('a 外埠 filing is submitted and staff take it to 已备案', async ({ browser }, info) => {
  test.setTimeout(150_000);
  const orgName = `检索测试${String(Date.now() % 1e6).padStart(6, '0')}设计院`;
  const { page: applicant, number } = await applicantSubmits(browser, 'nonlocal-filing', 'filing', { orgName });
  const acceptor = await staffLogin(browser, 'shouli', info);
  // The one-character search below is refused by the server (400), as it should be.
  const check = watchConsole(acceptor, [/status of 400/]);
  // The queue pages on the server and says how many cases it holds.
  await acceptor.getByRole('menuitem', { name: /待受理/ }).click();
  await expect(acceptor.getByText(/^共 \d+ 件案件$/)).toBeVisible();
  await snap(acceptor, info, 'queue');
  await openCase(acceptor, '待受理', number);
  await snap(acceptor, info, 'case-accept');
  // A file opens beside the form data, in the browser's PDF viewer; the data stays on screen.
  const shown = acceptor.waitForResponse((r) => /\/api\/staff\/cases\/[^/]+\/attachments\//.test(r.url()));
  await acceptor.getByRole('button', { name: /^在页面中查看/ }).first().click();
  const viewer = acceptor.getByRole('dialog');
  await expect(viewer.locator('iframe[title$="（PDF）"]')).toBeVisible();
  const framed = await shown;
  expect(framed.status()).toBe(200);
  expect(framed.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
  await expect(acceptor.getByRole('region', { name: '办理操作' })).toBeVisible();
  await snap(acceptor, info, 'case-file-viewer');
  await viewer.getByRole('button', { name: /Close|关闭/ }).click();
  await expect(viewer.locator('iframe')).toBeHidden();
  await doAction(acceptor, '受理');

  const reviewer = await staffLogin(browser, 'shencha', info);
  await openCase(reviewer, '待审查', number);
  // A filing is acknowledged, not approved: 予以备案 or 退回补正, no 不予备案.
  const actions = reviewer.getByRole('region', { name: '办理操作' });
  await expect(actions.getByRole('button', { name: '退回补正', exact: true })).toBeVisible();
  await expect(actions.getByRole('button', { name: '不予备案' })).toHaveCount(0);
  await snap(reviewer, info, 'case-check');
  const pass = reviewer.getByRole('region', { name: '办理操作' }).getByRole('button').first();
  const label = (await pass.innerText()).trim();
  await doAction(reviewer, label);
  await expect(reviewer.getByText(/已办结：已备案/)).toBeVisible();
  await snap(reviewer, info, 'case-ended');

  await applicant.goto('/my');
  await expect(applicant.getByRole('row', { name: new RegExp(number) }).getByText('已办结')).toBeVisible();

  // 全部案件: the closed case is found again by two characters of its name, among 已办结 and 已办.
  await acceptor.goto('/staff');
  await acceptor.getByRole('link', { name: /全部案件/ }).click();
  await expect(acceptor.getByRole('heading', { name: '全部案件' })).toBeVisible();
  const search = acceptor.getByRole('searchbox', { name: '搜索全部案件' });
  await search.fill('测');
  await search.press('Enter');
  await expect(acceptor.getByRole('alert')).toContainText('请输入至少 2 个字符');
  await search.fill(orgName.slice(0, 2));
  await search.press('Enter');
  await acceptor.getByRole('radio', { name: '已办结' }).check();
  await acceptor.getByRole('checkbox', { name: /仅看我经办的/ }).check();
  const found = acceptor.getByRole('row', { name: new RegExp(number) });
  await expect(found).toContainText(orgName);
  await expect(found).toContainText('已办结');
  await snap(acceptor, info, 'search-closed');
  // 导出Excel: the same filters as a file that opens with the case in it.
  const download = acceptor.waitForEvent('download');
  await acceptor.getByRole('link', { name: '导出Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^全部案件-\d{8}-\d{4}\.xlsx$/);
  const [sheet] = (await readXlsxFile(readFileSync(await file.path()))) as { data: unknown[][] }[];
  expect(sheet!.data.slice(1).map((r) => [r[0], r[3], r[6]])).toEqual([[number, orgName, '已办结']]);
  // 打印受理通知书: the cases ticked, their notices as one PDF in a new tab.
  await found.getByRole('checkbox', { name: `选择 ${number}` }).check();
  const popup = acceptor.waitForEvent('popup');
  await acceptor.getByRole('link', { name: '打印受理通知书（1 件）' }).click();
  const printed = await popup;
  const notices = await acceptor.request.get(printed.url());
  expect(notices.headers()['content-type']).toBe('application/pdf');
  expect(pdfText(await notices.body())).toContain(number);
  await printed.close();
  await found.getByRole('link', { name: number }).click();
  await expect(acceptor.getByText(/已办结：已备案/)).toBeVisible();
  check();
});

test('补正 of one attachment: the applicant replaces it and resubmits; staff accept and review up to 公示', async ({ browser }, info) => {
  // Three staff members and two rounds of the applicant: 60 s was too tight on a 2-core CI box.
  test.setTimeout(150_000);
  const { page: applicant, number } = await applicantSubmits(browser, 'survey-b', 'first');
  const acceptor = await staffLogin(browser, 'shouli', info);
  await openCase(acceptor, '待受理', number);
  // 认领: the clerk takes the case; it stays theirs through 补正 and comes back to them.
  const holding = acceptor.getByRole('region', { name: '经办人' });
  await expect(holding.getByText('尚未认领')).toBeVisible();
  await holding.getByRole('button', { name: '认领' }).click();
  await expect(holding.getByText(/自 \d{4}-\d\d-\d\d \d\d:\d\d 认领/)).toBeVisible();
  await expect(holding.getByRole('button', { name: '转办' })).toBeVisible();
  await acceptor.getByRole('region', { name: '办理操作' }).getByRole('button', { name: '补正', exact: true }).click();
  await expect(acceptor.getByRole('checkbox', { name: '申请单位：邮政编码' })).toBeVisible();
  await acceptor.getByRole('checkbox', { name: '附件：其他附件' }).check();
  // 一次性告知 in the 负责人's words: a 常用意见 inserted, then made this case's.
  await acceptor.getByRole('combobox', { name: '插入常用意见' }).click();
  await acceptor.getByTitle('缺少技术负责人职称证', { exact: true }).click();
  const explanation = acceptor.getByLabel('补正说明（告知申请人）');
  await expect(explanation).toHaveValue('其他附件缺少技术负责人的职称证书扫描件，请按“个人”为单位补充后整合上传。');
  await explanation.press('End');
  await explanation.pressSequentially('（王工）');
  await snap(acceptor, info, 'correction-request');
  await acceptor.getByRole('button', { name: '确认补正' }).click();
  await expect(acceptor.getByText('已补正')).toBeVisible();

  await applicant.goto('/my');
  await expect(applicant.getByRole('row', { name: new RegExp(number) }).getByText('补正要求：其他附件缺少技术负责人的职称证')).toBeVisible();
  await applicant.getByRole('row', { name: new RegExp(number) }).getByRole('link', { name: '补正' }).click();
  await expect(applicant.getByText('补正通知：请按以下要求修改后重新提交')).toBeVisible();
  await expect(applicant.getByText('其他附件缺少技术负责人的职称证书扫描件，请按“个人”为单位补充后整合上传。（王工）')).toBeVisible();
  await expect(applicant.getByRole('heading', { name: '第三步 附件上传' })).toBeVisible();
  await expect(applicant.getByRole('region', { name: '申请表' }).getByRole('button', { name: '重新上传' })).toBeHidden();
  await applicant.getByRole('region', { name: '其他附件' }).getByRole('button', { name: '重新上传' }).click();
  const chooser = applicant.waitForEvent('filechooser');
  await applicant.getByRole('dialog').getByRole('button', { name: '选择新文件' }).click();
  await (await chooser).setFiles('test/fixtures/pdf/valid-3-pages.pdf');
  await expect(applicant.getByRole('region', { name: '其他附件' }).getByText('3 页')).toBeVisible();
  await snap(applicant, info, 'correction-applicant');
  await applicant.getByRole('button', { name: '下一步' }).click();
  await applicant.getByRole('checkbox', { name: /承诺/ }).check();
  await applicant.getByRole('button', { name: '重新提交' }).click();
  await expect(applicant.getByRole('row', { name: new RegExp(number) }).getByText('已提交，等待受理')).toBeVisible();

  await acceptor.goto(`/staff?queue=${encodeURIComponent('待受理')}&holder=mine`);
  await expect(acceptor.getByRole('row', { name: new RegExp(number) }).getByText('我', { exact: true })).toBeVisible();
  await openCase(acceptor, '待受理', number);
  await expect(acceptor.getByRole('region', { name: '办理记录' }).getByText(/ · 重新提交$/)).toBeVisible();
  await expect(acceptor.getByRole('region', { name: '办理记录' }).getByText('受理 · 认领')).toBeVisible();
  // What changed against the 补正: the file asked for was replaced, nothing else; both versions open.
  const diff = acceptor.getByRole('region', { name: '重新提交对比' });
  await expect(diff.getByRole('listitem').filter({ hasText: '附件“其他附件”' }).getByText('已修改')).toBeVisible();
  await expect(diff.getByText('表单内容均未修改。')).toBeVisible();
  await expect(diff.getByText('已更换')).toBeVisible();
  const oldFile = diff.getByRole('link', { name: /（1 页，/ });
  await expect(diff.getByRole('link', { name: /valid-3-pages\.pdf（3 页，/ })).toBeVisible();
  await expect(diff.getByText(/其余 \d+ 项附件未修改/)).toBeVisible();
  const opened = await acceptor.request.get((await oldFile.getAttribute('href'))!);
  expect(opened.status()).toBe(200);
  expect((await opened.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(acceptor.getByRole('region', { name: '附件版本记录' }).getByText(/被替换/)).toBeVisible();
  // The old version opens beside the comparison too.
  await diff.getByRole('button', { name: /^在页面中查看valid-1-page\.pdf/ }).click();
  await expect(acceptor.getByRole('dialog').locator('iframe[title="valid-1-page.pdf（PDF）"]')).toBeVisible();
  await acceptor.getByRole('dialog').getByRole('button', { name: /Close|关闭/ }).click();
  await snap(acceptor, info, 'resubmission-diff');
  await doAction(acceptor, '受理');
  const reviewer = await staffLogin(browser, 'shencha', info);
  await openCase(reviewer, '待审查', number);
  await doAction(reviewer, '通过', '符合乙级资质标准。');
  const rechecker = await staffLogin(browser, 'fuhe', info);
  await openCase(rechecker, '待复核', number);
  await doAction(rechecker, '通过', '同意审查意见。');
  await expect(rechecker.getByRole('region', { name: '案件概况' }).getByText('拟公示')).toBeVisible();
  await snap(rechecker, info, 'pre-notice');
});
