import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findItem, type ItemCode } from '../items/index.ts';
import { sampleApplication } from '../items/fixtures.ts';
import { findQualification } from '../qualifications/index.ts';
import { buildGeneratedForm, generatedForms, type FormBlock, type GeneratedForm } from './generated.ts';

// Issue 20.1: the system writes the 申请表 (and the 外埠 filing's three forms) from the wizard's data.

const today = '2026-12-07';
const fieldRows = (form: GeneratedForm) => new Map(form.blocks.flatMap((b: FormBlock) => (b.type === 'fields' ? b.rows.map(([k, v]) => [k, v] as const) : [])));

test('every item has a form for each slot it asks a printed, sealed paper for', () => {
  const slots = (code: ItemCode) => generatedForms(findItem(code)!).map((f) => f.slot);
  assert.deepEqual(slots('survey-b'), ['applicationForm']);
  assert.deepEqual(slots('design-b'), ['applicationForm']);
  assert.deepEqual(slots('struct-eng-2'), ['applicationForm']);
  assert.deepEqual(slots('nonlocal-filing'), ['integrityPledge', 'localManagerAppointment', 'qualificationSummary']);
  assert.equal(generatedForms(findItem('survey-b')!)[0]!.title, '建设工程勘察企业资质申请表');
  assert.equal(generatedForms(findItem('design-b')!)[0]!.title, '建设工程设计企业资质申请表');
});

test('the 申请表 carries every filled field as the applicant chose it: option labels and qualification names, not codes', () => {
  const item = findItem('survey-b')!;
  const data = sampleApplication('survey-b');
  const form = buildGeneratedForm(item, 'applicationForm', { data, number: 'KC2026000017', today })!;
  const rows = fieldRows(form);
  const applicant = data.applicant as Record<string, string>;
  assert.equal(rows.get('申报单位'), applicant.orgName);
  assert.equal(rows.get('统一社会信用代码'), applicant.uscc);
  assert.equal(rows.get('申请内容'), '首次申请工程勘察资质');
  const names = (data.content!.qualifications as string[]).map((c) => findQualification(c)!.name);
  assert.equal(rows.get('资质类别及等级'), names.join('\n'));
  assert.ok(!rows.has('原企业名称'), 'a field hidden for this 申请内容 is not printed');
  assert.equal(form.number, 'KC2026000017');
  assert.match(form.footer, /2026年12月7日生成.*“申请表”栏/);
  assert.deepEqual(form.signatures.slice(0, 2), ['申请单位（盖章）', '法定代表人（签字）']);
});

test('an engineer’s form is signed by the engineer and sealed by the employer', () => {
  const data = sampleApplication('struct-eng-2');
  const form = buildGeneratedForm(findItem('struct-eng-2')!, 'applicationForm', { data, today })!;
  const applicant = data.applicant as Record<string, string>;
  assert.equal(fieldRows(form).get('申请人'), applicant.applicantName);
  assert.equal(fieldRows(form).get('证件号码'), applicant.idNumber);
  assert.deepEqual(form.signatures.slice(0, 2), ['申请人（签字）', '聘用单位（盖章）']);
  assert.match((form.blocks.at(-1) as { text: string }).text, /^本人承诺/);
});

test('外埠: the 汇总表 lists each certificate of step 2 in a row; the 承诺书 and 任命书 name the enterprise', () => {
  const item = findItem('nonlocal-filing')!;
  const data = sampleApplication('nonlocal-filing');
  const certificates = data.content!.certificates as Record<string, string>[];
  const summary = buildGeneratedForm(item, 'qualificationSummary', { data, today })!;
  const table = summary.blocks.find((b): b is Extract<FormBlock, { type: 'table' }> => b.type === 'table')!;
  assert.deepEqual(table.columns.map((c) => c.title), ['序号', '资质证书编号', '资质类别及等级', '发证机关', '有效期至']);
  assert.equal(table.rows.length, certificates.length);
  assert.deepEqual(table.rows[0]!.slice(0, 4), ['1', certificates[0]!.certificateNumber, certificates[0]!.scope, certificates[0]!.issuer]);
  assert.match(table.rows[0]![4]!, /^\d{4}年\d{1,2}月\d{1,2}日$/);
  const enterprise = (data.content as Record<string, string>).enterpriseName!;
  const pledge = buildGeneratedForm(item, 'integrityPledge', { data, today })!;
  assert.ok((pledge.blocks[0] as { text: string }).text.startsWith(enterprise));
  assert.ok((pledge.blocks[0] as { text: string }).text.includes((data.applicant as Record<string, string>).uscc!));
  const appointment = buildGeneratedForm(item, 'localManagerAppointment', { data, today })!;
  assert.match((appointment.blocks[0] as { text: string }).text, new RegExp(`^经${enterprise}研究决定，任命`));
});

test('blank (办事指南): no values, every field listed, choices as boxes to tick, six empty certificate rows', () => {
  const form = buildGeneratedForm(findItem('survey-b')!, 'applicationForm', { today })!;
  const rows = fieldRows(form);
  assert.equal(rows.get('申报单位'), '');
  assert.ok(rows.has('原企业名称'), 'conditional fields are printed too');
  assert.match(rows.get('申请内容')!, /^□首次申请工程勘察资质\n□申请晋升工程勘察资质/);
  assert.equal(form.number, undefined);
  assert.match(form.footer, /^空白表格/);
  const summary = buildGeneratedForm(findItem('nonlocal-filing')!, 'qualificationSummary', { today })!;
  const table = summary.blocks.find((b) => b.type === 'table') as Extract<FormBlock, { type: 'table' }>;
  assert.deepEqual(table.rows.map((r) => r.slice(1).join('')), ['', '', '', '', '', '']);
});

test('a slot the applicant prepares alone (其他附件) or an unknown one has no generated form', () => {
  assert.equal(buildGeneratedForm(findItem('survey-b')!, 'otherAttachments', { today }), undefined);
  assert.equal(buildGeneratedForm(findItem('survey-b')!, 'nope', { today }), undefined);
});
