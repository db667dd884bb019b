import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi, fixturePdf } from '../../../test/support/applicant.ts';
import { loggedInLegal } from '../../../test/support/flows.ts';
import { popplerMissing } from '../../../test/support/pdf.ts';
import { loggedInStaff } from '../../../test/support/staff.ts';
import { scanPng } from '../../../test/support/scan-png.ts';
import type { DossierView } from '../../contract/applications.ts';

// Issue 20.2: the applicant adds each person's papers; the system assembles 其他附件 with a 目录
// and bookmarks, through the same inspection as any upload, and keeps the parts to assemble again.

let t: TestApp;
let owner: ApplicantApi;
let other: ApplicantApi;
let draft: { id: string };
const JPEG = readFileSync('test/fixtures/scan-300dpi.jpg');
const url = (rest = '') => `/api/applications/${draft.id}/dossier/otherAttachments${rest}`;
const shape = (v: DossierView) => v.sections.map((s) => [s.title, ...s.parts.map((p) => `${p.title}:${p.kind}:${p.pages}`)]);

before(async () => {
  t = await buildTestApp();
  owner = new ApplicantApi(t, (await loggedInLegal(t, { orgName: '北京整合材料设计有限公司' })).browser);
  other = new ApplicantApi(t, (await loggedInLegal(t)).browser);
  draft = await owner.completeDraft('design-b', 'first');
});
after(async () => {
  await t?.close();
});

describe('在线整合材料', () => {
  test('documents per person, in the manual’s order whatever order they are added in', async () => {
    const add = async (fields: Record<string, string>, bytes: Buffer, name: string) => {
      const res = await owner.addDossierPart(draft.id, 'otherAttachments', fields, bytes, name);
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as DossierView;
    };
    await add({ group: 'enterprise', person: '', title: '企业法人营业执照' }, fixturePdf('valid-1-page.pdf'), '执照.pdf');
    await add({ group: 'registered', person: '李四', title: '职称证' }, Buffer.from(scanPng(100)), 'li-title.png');
    await add({ group: 'lead', person: '张三', title: '身份证' }, fixturePdf('valid-3-pages.pdf'), 'zhang-id.pdf');
    await add({ group: 'lead', person: '张三', title: '毕业证' }, JPEG, 'zhang-diploma.jpg');
    const view = await add({ group: 'registered', person: '王五', title: '身份证' }, fixturePdf('valid-1-page.pdf'), 'wang-id.pdf');
    assert.deepEqual(shape(view), [
      ['技术负责人 张三', '身份证:pdf:3', '毕业证:jpeg:1'],
      ['注册人员 李四', '职称证:png:1'],
      ['注册人员 王五', '身份证:pdf:1'],
      ['企业材料', '企业法人营业执照:pdf:1'],
    ]);
    // Each named as what its bytes are.
    assert.deepEqual(view.sections[0]!.parts.map((p) => p.originalName), ['zhang-id.pdf', 'zhang-diploma.jpg']);
    assert.equal(view.sections[1]!.parts[0]!.originalName, 'li-title.png');
    const audited = await t.database.db.selectFrom('auditLog').select('action').where('action', '=', 'dossier.add').execute();
    assert.equal(audited.length, 5);
  });

  test('reordering: a person within their group, a document within its person', async () => {
    let res = await owner.call('POST', url('/move'), { group: 'registered', person: '王五', direction: 'up' });
    assert.equal(res.statusCode, 200, res.body);
    const zhang = (res.json() as DossierView).sections[0]!;
    res = await owner.call('POST', url('/move'), { part: zhang.parts[1]!.id, direction: 'up' });
    assert.deepEqual(shape(res.json()), [
      ['技术负责人 张三', '毕业证:jpeg:1', '身份证:pdf:3'],
      ['注册人员 王五', '身份证:pdf:1'],
      ['注册人员 李四', '职称证:png:1'],
      ['企业材料', '企业法人营业执照:pdf:1'],
    ]);
    // Already first: nothing moves.
    res = await owner.call('POST', url('/move'), { group: 'registered', person: '王五', direction: 'up' });
    assert.equal(shape(res.json())[1]![0], '注册人员 王五');
  });

  test('a file that is no PDF, JPEG or PNG is refused by its bytes, and nothing is kept', async () => {
    const before = (await owner.call('GET', url())).json() as DossierView;
    const renamed = await owner.addDossierPart(draft.id, 'otherAttachments', { group: 'lead', person: '张三', title: '职称证' }, fixturePdf('text-renamed.pdf'), '职称证.pdf');
    assert.equal(renamed.statusCode, 415);
    assert.equal(renamed.json().error.code, 'DOSSIER_FILE_TYPE');
    assert.equal(renamed.json().error.message, '职称证：只能上传 PDF 文件或 JPG、PNG 格式的扫描图片');
    const broken = await owner.addDossierPart(draft.id, 'otherAttachments', { group: 'lead', person: '张三', title: '职称证' }, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'x.png');
    assert.equal(broken.json().error.code, 'DOSSIER_IMAGE_UNREADABLE');
    const encrypted = await owner.addDossierPart(draft.id, 'otherAttachments', { group: 'lead', person: '张三', title: '职称证' }, fixturePdf('encrypted-user-password.pdf'), 'locked.pdf');
    assert.equal(encrypted.json().error.code, 'ATTACHMENT_ENCRYPTED');
    const nameless = await owner.addDossierPart(draft.id, 'otherAttachments', { group: 'registered', person: ' ', title: '身份证' }, fixturePdf('valid-1-page.pdf'), 'a.pdf');
    assert.equal(nameless.json().error.code, 'DOSSIER_PERSON_REQUIRED');
    const badGroup = await owner.addDossierPart(draft.id, 'otherAttachments', { group: 'boss', person: '赵六', title: '身份证' }, fixturePdf('valid-1-page.pdf'), 'a.pdf');
    assert.equal(badGroup.statusCode, 400);
    assert.deepEqual(badGroup.json().error.fieldErrors, [{ path: 'group', message: '请选择人员类别' }]);
    assert.deepEqual((await owner.call('GET', url())).json(), before);
  });

  test('someone else’s application, or a slot without a dossier, is refused', async () => {
    const theirs = await other.call('GET', url());
    assert.equal(theirs.statusCode, 404);
    assert.equal(theirs.json().error.code, 'APPLICATION_NOT_FOUND');
    const added = await other.addDossierPart(draft.id, 'otherAttachments', { group: 'enterprise', person: '', title: '执照' }, fixturePdf('valid-1-page.pdf'), 'a.pdf');
    assert.equal(added.statusCode, 404);
    const form = await owner.call('GET', `/api/applications/${draft.id}/dossier/applicationForm`);
    assert.equal(form.json().error.code, 'DOSSIER_NOT_OFFERED');
  });

  test('生成: one PDF in the slot with a 目录 and bookmarks; a replaced scan is assembled again', { skip: popplerMissing() }, async () => {
    const res = await owner.call('POST', url('/assemble'));
    assert.equal(res.statusCode, 200, res.body);
    const attachment = (res.json() as { attachments: { slot: string; pages: number; originalName: string }[] }).attachments.find((a) => a.slot === 'otherAttachments')!;
    // 目录 (1) + 1 + 3 + 1 + 1 + 1.
    assert.equal(attachment.pages, 8);
    assert.equal(attachment.originalName, '其他附件（含目录）.pdf');
    const file = await owner.call('GET', `/api/applications/${draft.id}/attachments/otherAttachments`);
    const doc = await pdfjs.getDocument({ data: new Uint8Array(file.rawPayload), isEvalSupported: false, verbosity: 0 }).promise;
    const outline = (await doc.getOutline())!;
    assert.deepEqual(
      outline.map((n) => [n.title, n.items.map((i) => i.title)]),
      [
        ['目录', []],
        ['技术负责人 张三', ['毕业证', '身份证']],
        ['注册人员 王五', ['身份证']],
        ['注册人员 李四', ['职称证']],
        ['企业材料', ['企业法人营业执照']],
      ],
    );
    const pageOf = async (dest: unknown) => (await doc.getPageIndex((dest as [{ num: number; gen: number }])[0])) + 1;
    assert.deepEqual(await Promise.all(outline.map((n) => pageOf(n.dest))), [1, 2, 6, 7, 8]);
    await doc.destroy();

    // 王五's scan replaced: same place and title, the new file; assembled again.
    const view = (await owner.call('GET', url())).json() as DossierView;
    const wang = view.sections.find((s) => s.person === '王五')!.parts[0]!;
    const replaced = await owner.replaceDossierPart(draft.id, 'otherAttachments', wang.id, fixturePdf('valid-3-pages.pdf'), 'wang-id-new.pdf');
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.deepEqual(shape(replaced.json())[1], ['注册人员 王五', '身份证:pdf:3']);
    assert.equal((replaced.json() as DossierView).sections[1]!.parts[0]!.originalName, 'wang-id-new.pdf');
    assert.equal((await owner.replaceDossierPart(draft.id, 'otherAttachments', wang.id, fixturePdf('text-renamed.pdf'), 'x.pdf')).json().error.code, 'DOSSIER_FILE_TYPE');
    const again = await owner.call('POST', url('/assemble'));
    assert.equal(again.json().attachments.find((a: { slot: string }) => a.slot === 'otherAttachments').pages, 10);
    // Removed: gone from the list; removing it again says so.
    const licence = view.sections.at(-1)!.parts[0]!;
    assert.deepEqual(shape((await owner.call('DELETE', url(`/parts/${licence.id}`))).json()).at(-1), ['注册人员 李四', '职称证:png:1']);
    assert.equal((await owner.call('DELETE', url(`/parts/${licence.id}`))).json().error.code, 'DOSSIER_PART_NOT_FOUND');
    await owner.addDossierPart(draft.id, 'otherAttachments', { group: 'enterprise', person: '', title: '企业法人营业执照' }, fixturePdf('valid-1-page.pdf'), '执照.pdf');
    assert.equal((await owner.call('POST', url('/assemble'))).statusCode, 200);
  });

  test('after 提交 staff read the same file, bookmarks and all; the dossier can no longer change', { skip: popplerMissing() }, async () => {
    const submitted = await owner.call('POST', `/api/applications/${draft.id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    const acceptor = await loggedInStaff(t, ['acceptor']);
    const res = await acceptor.call('GET', `/api/staff/cases/${draft.id}/attachments/otherAttachments`);
    assert.equal(res.statusCode, 200);
    const doc = await pdfjs.getDocument({ data: new Uint8Array(res.rawPayload), isEvalSupported: false, verbosity: 0 }).promise;
    assert.deepEqual((await doc.getOutline())!.map((n) => n.title), ['目录', '技术负责人 张三', '注册人员 王五', '注册人员 李四', '企业材料']);
    await doc.destroy();
    const late = await owner.addDossierPart(draft.id, 'otherAttachments', { group: 'enterprise', person: '', title: '章程' }, fixturePdf('valid-1-page.pdf'), 'late.pdf');
    assert.equal(late.statusCode, 409);
    assert.equal((await owner.call('POST', url('/assemble'))).statusCode, 409);
  });

  test('an empty dossier cannot be assembled', async () => {
    const fresh = await (async () => {
      const api = new ApplicantApi(t, (await loggedInLegal(t)).browser);
      return { api, draft: await api.completeDraft('survey-b', 'first') };
    })();
    const res = await fresh.api.call('POST', `/api/applications/${fresh.draft.id}/dossier/otherAttachments/assemble`);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.message, '尚未添加任何材料，无法生成文件');
  });
});
