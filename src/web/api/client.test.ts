import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, apiErrorOf, isApiError } from './client.ts';

const answer = (status: number) => new Response(null, { status });

test('an error body of ours becomes an ApiError with its code, message, field errors and details', () => {
  const body = {
    error: { code: 'STATEMENT_PERIOD_CLOSED', message: '公示期已于2026年12月10日结束，不再受理陈述', details: { endsOn: '2026-12-10' }, requestId: 'r1' },
  };
  const e = apiErrorOf(answer(409), body, '提交失败');
  assert.ok(isApiError(e, 'STATEMENT_PERIOD_CLOSED'));
  assert.equal(e.details?.endsOn, '2026-12-10');
  assert.equal(e.message, '公示期已于2026年12月10日结束，不再受理陈述');
  assert.equal(e.status, 409);
  assert.ok(!isApiError(e, 'STATEMENT_NOT_IN_NOTICE', 'STATEMENT_ALREADY_ANSWERED'));
  const fields = apiErrorOf(answer(400), { error: { code: 'STEP_INVALID', message: '请完整填写必填项', fieldErrors: [{ path: 'name', message: '请输入姓名' }], requestId: 'r2' } }, 'x');
  assert.deepEqual(fields.fieldErrors, [{ path: 'name', message: '请输入姓名' }]);
});

test('anything else is UNEXPECTED_ANSWER, keeping a message when there is one; never a code made up from the status', () => {
  assert.deepEqual([apiErrorOf(answer(502), undefined, '系统繁忙').code, apiErrorOf(answer(502), undefined, '系统繁忙').message], ['UNEXPECTED_ANSWER', '系统繁忙']);
  const unknown = apiErrorOf(answer(409), { error: { code: 'SOMETHING_NEWER', message: '新的提示' } }, '系统繁忙');
  assert.deepEqual([unknown.code, unknown.message], ['UNEXPECTED_ANSWER', '新的提示']);
  assert.ok(!isApiError(new Error('x'), 'UNAUTHENTICATED'));
  assert.ok(!isApiError(new ApiError(0, 'NETWORK', '网络连接失败'), 'UNAUTHENTICATED'));
});
