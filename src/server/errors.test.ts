import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDF_MESSAGES } from './attachments/pdf-inspect.verdict.ts';
import { ERROR_STATUS, appError } from './errors.ts';

test('every refusal of the PDF inspection is a code of its own on the wire', () => {
  for (const code of [...Object.keys(PDF_MESSAGES), 'ATTACHMENT_ACTIVE_CONTENT']) assert.ok(Object.hasOwn(ERROR_STATUS, code), code);
});

test('appError: status, message, details and field errors from the table', () => {
  const e = appError('BATCH_CASE_NOT_WAITING', { number: 'SJ-2026-000001', kind: 'notice', applicationId: 'a1' });
  assert.equal(e.status, 409);
  assert.equal(e.message, '申报编号SJ-2026-000001已不在“待公示”环节，请刷新后重新选择');
  assert.deepEqual(e.details, { applicationId: 'a1', number: 'SJ-2026-000001' });
  assert.equal(e.fieldErrors, undefined);
  const field = appError('STATEMENT_TEXT_REQUIRED');
  assert.deepEqual(field.fieldErrors, [{ path: 'text', message: '请填写陈述内容' }]);
  const given = appError('STEP_INVALID', undefined, { fieldErrors: [{ path: 'name', message: '请输入姓名' }] });
  assert.deepEqual(given.fieldErrors, [{ path: 'name', message: '请输入姓名' }]);
});
