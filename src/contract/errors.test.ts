import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { API_ERRORS_DOC, renderApiErrorsDoc } from '../../scripts/api-errors-doc.ts';
import { ERROR_CODES, ERRORS, errorMessage, resolveError, type ErrorCode, type ErrorParams } from './errors.ts';

const SERVER = fileURLToPath(new URL('../server/', import.meta.url));

/** The server's own source: every .ts file but tests. */
function serverSources(dir = SERVER): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return serverSources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

test('docs/api-errors.md is generated from the table and current', () => {
  assert.equal(readFileSync(API_ERRORS_DOC, 'utf8'), renderApiErrorsDoc(), 'run `node --import tsx scripts/api-errors-doc.ts`');
});

test('every code has a Chinese message, and every template an example it resolves with', () => {
  for (const code of ERROR_CODES) {
    const spec = ERRORS[code];
    assert.match(code, /^[A-Z][A-Z0-9_]+$/, code);
    if (typeof spec.message === 'function') assert.ok('example' in spec, `${code}: a template needs an example`);
    const resolved = resolveError(code, ('example' in spec ? spec.example : undefined) as ErrorParams<typeof code>);
    assert.match(resolved.message, /[\u4e00-\u9fff]/, code);
    assert.equal(resolved.status, spec.status, code);
    assert.ok(spec.when.length > 10, `${code}: say when it happens`);
    for (const f of resolved.fieldErrors ?? []) assert.ok(f.path && /[\u4e00-\u9fff]/.test(f.message), `${code}: field error ${JSON.stringify(f)}`);
  }
});

test('templates take their numbers from the domain, and details from the parameters', () => {
  assert.equal(errorMessage('STATEMENT_PERIOD_CLOSED', { endsOn: '2026-12-04' }), '公示期已于2026年12月4日结束，不再受理陈述');
  assert.deepEqual(resolveError('STATEMENT_PERIOD_CLOSED', { endsOn: '2026-12-04' }).details, { endsOn: '2026-12-04' });
  assert.equal(errorMessage('ROLE_REQUIRED', { roles: ['publisher', 'head'] }), '此操作仅限公示公告或负责人');
  assert.deepEqual(resolveError('CASE_VERSION_CONFLICT', { version: 3 }).details, { version: 3 });
  assert.deepEqual(resolveError('DATE_INVALID', { field: 'to' }).fieldErrors, [{ path: 'to', message: '日期格式不正确，应为 YYYY-MM-DD' }]);
  assert.equal(resolveError('UPLOAD_BUSY', { seconds: 7 }).retryAfterSeconds, 7);
  assert.equal(resolveError('DATABASE_UNAVAILABLE', undefined).retryAfterSeconds, 5);
  assert.equal(resolveError('UNAUTHENTICATED', undefined).details, undefined);
});

test('no dead codes: every code is thrown or mapped somewhere in the server', () => {
  const source = serverSources().map((f) => readFileSync(f, 'utf8')).join('\n');
  const unused = ERROR_CODES.filter((code: ErrorCode) => !source.includes(`'${code}'`));
  assert.deepEqual(unused, []);
});
