import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findItem } from '../../../domain/items/index.ts';
import { sampleApplication, sampleAttachmentSlots } from '../../../domain/items/fixtures.ts';
import { applicationProblems, mergeProblems, problemSteps, problemTarget, summaryTitle, toProblems } from './problems.ts';

const survey = findItem('survey-b')!;
const nonlocal = findItem('nonlocal-filing')!;
const complete = (code: 'survey-b' | 'nonlocal-filing', type: string) => ({
  data: sampleApplication(code, type) as Record<string, Record<string, unknown>>,
  savedSteps: ['applicant', 'content', 'attachments'],
  attachments: [...sampleAttachmentSlots(code)].map((slot) => ({ slot })),
});

test('the summary heading says whether something is missing, wrong, or both', () => {
  assert.equal(summaryTitle(['missing', 'missing']), '请完整填写必填项');
  assert.equal(summaryTitle(['invalid']), '填写的内容有误，请按提示修改');
  assert.equal(summaryTitle(['invalid', 'missing']), '请完整填写必填项，并修改填写有误的内容');
});

test('a server path names the step and the field or slot where it is fixed', () => {
  const table: [string, string | undefined, ReturnType<typeof problemTarget>][] = [
    ['attachments.applicationForm', undefined, { step: 'attachments', slot: 'applicationForm' }],
    ['content', undefined, { step: 'content' }],
    ['content.qualifications', undefined, { step: 'content', field: ['qualifications'] }],
    ['content.certificates.0.validUntil', undefined, { step: 'content', field: ['certificates', 0, 'validUntil'] }],
    ['postalCode', 'applicant', { step: 'applicant', field: ['postalCode'] }],
  ];
  for (const [path, step, want] of table) assert.deepEqual(problemTarget(survey, path, step), want, path);
});

test('an empty value is missing, a present one is wrong', () => {
  const problems = toProblems(survey, [{ path: 'applicant.postalCode', message: '请输入邮政编码' }, { path: 'applicant.phone', message: '电话格式不正确' }], { applicant: { postalCode: ' ', phone: '12' } });
  assert.deepEqual(problems.map((p) => p.kind), ['missing', 'invalid']);
});

test('a complete application has no problems', () => {
  assert.deepEqual(applicationProblems(survey, complete('survey-b', 'first')), []);
  assert.deepEqual(applicationProblems(nonlocal, complete('nonlocal-filing', 'filing')), []);
});

test('a file deleted in another tab is a missing part of the attachments step', () => {
  const app = complete('survey-b', 'first');
  const problems = applicationProblems(survey, { ...app, attachments: app.attachments.filter((a) => a.slot !== 'otherAttachments') });
  assert.deepEqual(
    problems.map((p) => [p.key, p.message, p.kind, p.target]),
    [['attachments.otherAttachments', '请上传其他附件', 'missing', { step: 'attachments', slot: 'otherAttachments' }]],
  );
  assert.deepEqual([...problemSteps(problems)], ['attachments']);
});

test('a step not saved yet is one problem, not one per field or file', () => {
  const app = complete('survey-b', 'first');
  const problems = applicationProblems(survey, { ...app, data: { applicant: app.data.applicant! }, savedSteps: ['applicant'], attachments: [] });
  assert.deepEqual(problems.map((p) => p.key), ['content', 'attachments']);
});

test('a date now past is a wrong value in its group row', () => {
  const app = complete('nonlocal-filing', 'filing');
  const content = app.data.content!;
  const rows = content.certificates as Record<string, unknown>[];
  const problems = applicationProblems(nonlocal, { ...app, data: { ...app.data, content: { ...content, certificates: [{ ...rows[0], validUntil: '2000-01-01' }] } } });
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.kind, 'invalid');
  assert.deepEqual(problems[0]!.target, { step: 'content', field: ['certificates', 0, 'validUntil'] });
  assert.match(problems[0]!.message, /有效期至不能早于今天/);
});

test('the register’s offer decides which qualifications a type may name (legacy grades for 延续)', () => {
  const app = complete('survey-b', 'renew');
  const legacy = { ...app, data: { ...app.data, content: { ...app.data.content, qualifications: ['B20301C'] } } };
  assert.equal(applicationProblems(survey, legacy).length, 1, 'the catalogue alone refuses a 丙级');
  assert.deepEqual(applicationProblems(survey, legacy, { renew: { available: true, qualifications: ['B20301C'], locked: {} } }), []);
});

test('merged problems keep the first source’s message for a shared key', () => {
  const a = toProblems(survey, [{ path: 'attachments.applicationForm', message: '申请信息不完整：请上传申请表' }], {});
  const b = toProblems(survey, [{ path: 'attachments.applicationForm', message: '请上传申请表' }, { path: 'content', message: '请先完成并暂存“申请内容”' }], {});
  assert.deepEqual(mergeProblems(a, b).map((p) => p.message), ['申请信息不完整：请上传申请表', '请先完成并暂存“申请内容”']);
});
