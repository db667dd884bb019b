import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect, test, type Page } from './test.ts';
import { generatedForms } from '../src/domain/forms/generated.ts';
import { pdfText } from '../test/support/pdf.ts';
import type { FormStepDefinition } from '../src/domain/forms/index.ts';
import { findItem, type ItemCode } from '../src/domain/items/index.ts';
import { sampleApplication } from '../src/domain/items/fixtures.ts';
import { IdpPages, Portal, expectAccessible, newIdNumber, newMobile, newUscc, snap, watchConsole } from './support.ts';
import { fillStep, next, saveStep, submit, uploadAll } from './wizard-driver.ts';

/** Three pages, the second left blank (a sheet the scanner fed twice). */
async function dossierWithBlankPage(): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2, 3]) {
    const page = doc.addPage([595.28, 841.89]);
    if (n !== 2) page.drawText(`Technical staff dossier, page ${n}: identity card, diploma, title certificate.`, { x: 50, y: 780, size: 11, font });
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'zizhi-dossier-')), '其他附件-含空白页.pdf');
  writeFileSync(file, await doc.save());
  return file;
}

/** The draft's id, from the wizard's own request for it. */
async function applicationIdOf(page: Page): Promise<string> {
  const list = (await (await page.request.get('/api/applications')).json()) as { applications: { id: string; status: string; item: string }[] };
  return list.applications.find((a) => a.status === 'draft' && a.item === 'design-b')!.id;
}

/** A PDF's bookmarks: [title, page, children] as a reader's outline pane shows them. */
async function outlineOf(bytes: Buffer): Promise<unknown[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  const pageOf = async (dest: unknown) => (await doc.getPageIndex((dest as [{ num: number; gen: number }])[0])) + 1;
  const outline = (await doc.getOutline()) ?? [];
  const tree = await Promise.all(outline.map(async (n) => [n.title, await pageOf(n.dest), await Promise.all(n.items.map(async (c) => [c.title, await pageOf(c.dest)]))]));
  await doc.destroy();
  return tree;
}

const formStep = (code: ItemCode, key: string) => findItem(code)!.steps.find((s) => s.key === key) as FormStepDefinition;

// New applicants hold nothing, so the journeys take types that need no certificate; 延续 and the
// other types that change a held certificate are walked in register.spec.ts by the demo holders.
const JOURNEYS: { code: ItemCode; type: string; number: RegExp }[] = [
  { code: 'survey-b', type: 'relocate-province', number: /^KC\d{10}$/ },
  { code: 'design-b', type: 'first', number: /^SJ\d{10}$/ },
  { code: 'struct-eng-2', type: 'initial', number: /^JG\d{10}$/ },
  { code: 'nonlocal-filing', type: 'filing', number: /^WB\d{10}$/ },
];

for (const { code, type, number } of JOURNEYS) {
  const item = findItem(code)!;
  test(`${item.title}: from the catalog through every step to the confirmation`, async ({ page }, info) => {
    // design-b: the refused 提交 answers 400 on purpose; Chromium logs that as a failed resource.
    const checkConsole = watchConsole(page, code === 'design-b' ? [/status of 400/] : []);
    const portal = new Portal(page);
    const idp = new IdpPages(page);
    const data = sampleApplication(code, type);

    await portal.openCatalog();
    await portal.applyOnline(item.title);
    await page.getByRole('link', { name: '立即注册' }).click();
    if (item.applicantKind === 'enterprise') {
      await idp.registerLegal({ orgName: `${item.title.slice(0, 4)}测试单位${Date.now() % 10000}`, uscc: newUscc(), legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'e2e@example.cn' });
    } else {
      await idp.registerNatural({ name: '赵工程师', idNumber: newIdNumber(), mobile: newMobile(), email: 'eng@example.cn' });
    }
    await expect(page).toHaveURL(new RegExp(`/items/${code}/apply$`));

    // Step 1: 暂存 with required fields missing names them and keeps what was typed.
    const applicant = formStep(code, 'applicant');
    await expect(page.getByRole('heading', { name: `第一步 ${applicant.title}` })).toBeVisible();
    const firstFree = applicant.fields.find((f) => f.required && !f.prefill)!;
    await page.getByRole('button', { name: '暂存' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '请完整填写必填项' })).toBeVisible();
    await expect(page.locator('.ant-form-item-explain-error').filter({ hasText: firstFree.label }).first()).toBeVisible();
    await snap(page, info, 'step1-incomplete');
    const locked = item.applicantKind === 'enterprise' ? ['orgName', 'uscc'] : ['applicantName', 'idType', 'idNumber'];
    await fillStep(page, applicant, data.applicant!, locked);
    await saveStep(page, applicant.title);

    // Step 2.
    await next(page, `第二步 ${formStep(code, 'content').title}`);
    if (code === 'struct-eng-2') {
      // Someone not yet registered cannot ask for 延续、变更、更改补办 or 注销: shown closed, with the reason.
      await page.getByRole('radio', { name: '初始注册', exact: true }).check();
      await expect(page.getByLabel('原注册证书号')).toHaveCount(0);
      for (const closed of ['延续注册', '变更注册', '更改、补办注册', '注销注册']) {
        await expect(page.getByRole('radio', { name: new RegExp(`^${closed}`) })).toBeDisabled();
      }
      await expect(page.getByText('（您尚未持有本市核发的有效注册证书，不能办理“延续注册”）')).toBeVisible();
    }
    const locked2 = code === 'nonlocal-filing' ? ['enterpriseName'] : [];
    if (code === 'nonlocal-filing') {
      // A wrong value is named as wrong, not as a missing one: an expired 有效期至.
      const rows = data.content!.certificates as Record<string, unknown>[];
      const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
      await fillStep(page, formStep(code, 'content'), { ...data.content, certificates: [{ ...rows[0], validUntil: yesterday }] }, locked2);
      await page.getByRole('button', { name: '暂存' }).click();
      const summary = page.getByRole('alert').filter({ hasText: '填写的内容有误，请按提示修改' });
      await expect(summary).toBeFocused();
      await expect(summary).not.toContainText('请完整填写必填项');
      await summary.getByRole('link', { name: '有效期至不能早于今天' }).click();
      await expect(page.getByLabel('有效期至', { exact: true })).toBeFocused();
      await snap(page, info, 'step2-past-date');
    }
    await fillStep(page, formStep(code, 'content'), data.content!, locked2);
    await snap(page, info, 'step2');
    await saveStep(page, formStep(code, 'content').title);

    // Step 3: the forms the system wrote from steps 1 and 2, downloaded as the applicant would.
    await next(page, '第三步 附件上传');
    for (const form of generatedForms(item)) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: new RegExp(`下载系统生成的《${form.title}》`) }).click()]);
      expect(download.suggestedFilename()).toBe(`${form.title}.pdf`);
      const text = pdfText(readFileSync(await download.path())).replace(/\s+/g, '');
      expect(text).toContain(form.title);
      expect(text).toContain(item.applicantKind === 'enterprise' ? '测试单位' : '赵工程师');
    }
    await uploadAll(page, code);
    await snap(page, info, 'step3');

    // Step 4.
    await next(page, '第四步 提交');
    await snap(page, info, 'step4');
    if (code === 'design-b') {
      // A file deleted in another tab: 提交 is refused, and the review shows the server's truth.
      const other = await page.context().newPage();
      await other.goto(`/items/${code}/apply`);
      await other.getByRole('button', { name: '上一步' }).click();
      await other.getByRole('button', { name: '删除其他附件' }).click();
      await other.getByRole('button', { name: '删除', exact: true }).click();
      await expect(other.getByRole('button', { name: '上传其他附件' })).toBeVisible();
      await other.close();
      await page.getByRole('checkbox', { name: /承诺所填写的信息和上传的材料真实/ }).check();
      await page.getByRole('button', { name: '提交', exact: true }).click();
      const summary = page.getByRole('alert').filter({ hasText: '申请信息不完整，暂不能提交' });
      await expect(summary).toBeFocused();
      await expect(page.getByRole('row', { name: /其他附件/ })).toContainText('未上传');
      // The step bar leads back to 附件上传, and no longer on to 提交.
      const stepBar = page.locator('#wizard-steps');
      await expect(stepBar.getByRole('button', { name: /附件上传/ })).toContainText('需修改');
      await expect(stepBar.getByRole('button', { name: /提交/ })).toHaveCount(0);
      await expectAccessible(page, info, 'step4-refused');
      await snap(page, info, 'step4-refused');
      await summary.getByRole('link', { name: '请上传其他附件' }).click();
      await expect(page.getByRole('heading', { name: '第三步 附件上传' })).toBeVisible();
      await expect(page.getByRole('button', { name: '上传其他附件' })).toBeFocused();
      // 在线整合材料: three people's papers, PDFs and JPEG scans, assembled into 其他附件 with a 目录
      // and bookmarks. 李四's 身份证 carries a blank page the self-check will find.
      const builder = page.getByRole('region', { name: '其他附件' }).locator('details.dossier');
      await builder.locator('summary').click();
      const addPart = async (group: string, person: string, title: string, file: string) => {
        // antd's button-style radios hide the input itself: the visible button is its label.
        await builder.getByRole('group', { name: '人员类别' }).getByText(group, { exact: true }).click();
        await expect(builder.getByRole('radio', { name: group, exact: true })).toBeChecked();
        if (person) await builder.getByLabel('姓名').fill(person);
        await builder.getByLabel('材料名称').fill(title);
        const chooser = page.waitForEvent('filechooser');
        await builder.getByRole('button', { name: '选择文件并添加' }).click();
        await (await chooser).setFiles(file);
        await expect(page.getByText(`已添加“${title}”`)).toBeVisible();
      };
      const blanky = await dossierWithBlankPage();
      await addPart('注册人员', '李四', '身份证', blanky);
      await addPart('技术负责人', '张三', '身份证', 'test/fixtures/pdf/valid-1-page.pdf');
      await addPart('技术负责人', '张三', '毕业证', 'test/fixtures/scan-300dpi.jpg');
      await addPart('非注册人员', '王五', '职称证', 'test/fixtures/scan-300dpi.jpg');
      // Listed in the manual's order, whatever the order they were added in.
      await expect(builder.locator('.dossier-person strong')).toHaveText(['技术负责人 张三', '注册人员 李四', '非注册人员 王五']);
      await snap(page, info, 'step3-dossier');
      await expectAccessible(page, info, 'step3-dossier');
      await builder.getByRole('button', { name: '生成其他附件（含目录和书签）' }).click();
      await expect(page.getByText('已生成其他附件（含目录和书签），共 7 页')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('region', { name: '其他附件' }).getByRole('link', { name: '其他附件（含目录）.pdf' })).toBeVisible();
      // The file in the slot: 目录 first, a bookmark per person and per document at its page.
      const assembled = await page.request.get(`/api/applications/${await applicationIdOf(page)}/attachments/otherAttachments`);
      expect(await outlineOf(await assembled.body())).toEqual([
        ['目录', 1, []],
        ['技术负责人 张三', 2, [['身份证', 2], ['毕业证', 3]]],
        ['注册人员 李四', 4, [['身份证', 4]]],
        ['非注册人员 王五', 7, [['职称证', 7]]],
      ]);
      await next(page, '第四步 提交');
      await expect(page.getByRole('alert').filter({ hasText: '暂不能提交' })).toHaveCount(0);
      // 提交前自查: the planted blank page (李四's 身份证, page 2 of 3) is page 5 of the dossier.
      const selfCheck = page.getByRole('region', { name: '提交前自查' });
      await expect(selfCheck.getByText('第 5 页：空白页，页面上没有任何内容')).toBeVisible({ timeout: 20_000 });
      await expect(selfCheck.getByRole('img', { name: '第 5 页缩略图' })).toBeVisible();
      await expect(selfCheck.getByText(/申请表（valid-1-page\.pdf）：共 1 页，未发现问题/)).toBeVisible();
      await snap(page, info, 'step4-self-check');
      await expectAccessible(page, info, 'step4-self-check');
      // Fixed: 李四's 身份证 replaced with a clean scan, assembled again; the check now passes.
      await selfCheck.getByRole('button', { name: '前往“附件上传”重新上传' }).click();
      await expect(page.getByRole('heading', { name: '第三步 附件上传' })).toBeVisible();
      const chooser = page.waitForEvent('filechooser');
      await builder.getByRole('button', { name: '替换注册人员 李四的身份证' }).click();
      await (await chooser).setFiles('test/fixtures/pdf/valid-1-page.pdf');
      await expect(page.getByText('已替换“身份证”')).toBeVisible();
      await expect(builder.getByRole('listitem', { name: '注册人员 李四' })).toContainText('valid-1-page.pdf，1 页');
      await builder.getByRole('button', { name: '生成其他附件（含目录和书签）' }).click();
      await expect(page.getByText('已生成其他附件（含目录和书签），共 5 页')).toBeVisible({ timeout: 30_000 });
      await next(page, '第四步 提交');
      await expect(selfCheck.getByText(/其他附件（其他附件（含目录）\.pdf）：共 5 页，未发现问题/)).toBeVisible({ timeout: 20_000 });
      await expect(selfCheck.getByRole('img', { name: /缩略图/ })).toHaveCount(0);
    }
    const no = await submit(page);
    expect(no).toMatch(number);
    await snap(page, info, 'submitted');

    await page.getByRole('link', { name: '办事进度' }).first().click();
    await expect(page.getByRole('cell', { name: no })).toBeVisible();
    if (code === 'survey-b') {
      // At phone width each application is a card: 办理状态 and 操作 stay on screen.
      await page.setViewportSize({ width: 360, height: 740 });
      const card = page.getByRole('listitem').filter({ hasText: no });
      await expect(card.getByText('已提交，等待受理')).toBeInViewport();
      await expect(card.getByRole('link', { name: '流程跟踪' })).toBeInViewport();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
      await expectAccessible(page, info, 'progress-360');
      await snap(page, info, 'progress-360');
      await card.getByRole('link', { name: '流程跟踪' }).click();
      await expect(page.getByRole('heading', { name: `流程跟踪 · ${no}` })).toBeVisible();
    }
    checkConsole();
  });
}

test('a draft is resumed at the first incomplete step, in another browser', async ({ browser }) => {
  const uscc = newUscc();
  const first = await browser.newContext();
  const page = await first.newPage();
  const portal = new Portal(page);
  await portal.openCatalog();
  await portal.applyOnline('建设工程设计企业资质认定（部分乙级）');
  await page.getByRole('link', { name: '立即注册' }).click();
  await new IdpPages(page).registerLegal({ orgName: '续填测试设计院', uscc, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'r@example.cn' });
  const data = sampleApplication('design-b', 'first');
  await fillStep(page, formStep('design-b', 'applicant'), data.applicant!, ['orgName', 'uscc']);
  await saveStep(page, '申请单位');
  await first.close();

  const second = await browser.newContext();
  const again = await second.newPage();
  await again.goto('/items/design-b/apply');
  await new IdpPages(again).login(uscc, 'Ceshi#2026x');
  await expect(again.getByRole('heading', { name: '第二步 申请内容' })).toBeVisible();
  // The saved step is reachable and kept its values.
  await again.getByRole('button', { name: '上一步' }).click();
  await expect(again.getByLabel('通讯地址')).toHaveValue(String(data.applicant!.mailingAddress));
  await second.close();
});

test('外埠备案: a 北京 enterprise is told at the start that it needs no filing; another one must give the region its USCC names', async ({ browser }, info) => {
  const item = findItem('nonlocal-filing')!;
  const beijing = await (await browser.newContext()).newPage();
  const checkConsole = watchConsole(beijing, [/status of 422/]);
  await new Portal(beijing).openCatalog();
  await new Portal(beijing).applyOnline(item.title);
  await beijing.getByRole('link', { name: '立即注册' }).click();
  const uscc = newUscc('110108');
  await new IdpPages(beijing).registerLegal({ orgName: `北京本地设计院${Date.now() % 10000}`, uscc, legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'bj@example.cn' });
  await expect(beijing.getByText('当前账号不能办理此事项')).toBeVisible();
  await expect(beijing.getByText(`统一社会信用代码${uscc}的登记管理机关行政区划码110108属于北京市，北京市企业无需办理外埠企业进京备案`)).toBeVisible();
  await expect(beijing.getByRole('heading', { name: '第一步 申请单位' })).toHaveCount(0);
  await snap(beijing, info, 'beijing-refused');
  checkConsole();

  const hebei = await (await browser.newContext()).newPage();
  await hebei.goto(`/items/${item.code}/apply`);
  await hebei.getByRole('link', { name: '立即注册' }).click();
  await new IdpPages(hebei).registerLegal({ orgName: `河北区划测试院${Date.now() % 10000}`, uscc: newUscc('130102'), legalRep: '王法人', agentName: '李经办', mobile: newMobile(), email: 'hb@example.cn' });
  await expect(hebei.getByRole('heading', { name: '第一步 申请单位' })).toBeVisible();
  const data = sampleApplication('nonlocal-filing', 'filing');
  await fillStep(hebei, formStep('nonlocal-filing', 'applicant'), { ...data.applicant, region: '120101' }, ['orgName', 'uscc']);
  await hebei.getByRole('button', { name: '暂存' }).click();
  // A wrong value, named as such (not 请完整填写必填项), in the summary and at the field.
  const summary = hebei.getByRole('alert').filter({ hasText: '填写的内容有误，请按提示修改' });
  await expect(summary).toBeFocused();
  const mismatch = '行政所属区划天津市和平区（120101）与统一社会信用代码的登记管理机关行政区划码130102（河北省石家庄市长安区）不符，应选择河北省石家庄市内的区划';
  await expect(summary.getByRole('link', { name: mismatch })).toBeVisible();
  await expect(hebei.locator('.ant-form-item-explain-error').filter({ hasText: mismatch })).toBeVisible();
  await snap(hebei, info, 'region-mismatch');
});
