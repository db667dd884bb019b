import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnTo } from './return-to.ts';

const KEPT = ['/items/survey-b/apply', '/items/survey-b/apply?step=2&draft=1#materials', '/', '/my/applications?q=%E5%BC%A0'];

for (const path of KEPT) {
  test(`safeReturnTo keeps ${JSON.stringify(path)}`, () => assert.equal(safeReturnTo(path), path));
}

const REFUSED: unknown[] = [
  'https://evil.com',
  'http://evil.com/items',
  '//evil.com',
  '///evil.com',
  '/\\evil.com',
  '\\\\evil.com',
  '/items\\..\\evil',
  'javascript:alert(1)',
  '/%0d%0aSet-Cookie',
  '/items%0D%0ALocation:%20https://evil.com',
  '/\r\nSet-Cookie: a=b',
  '/\tevil',
  'http:/evil',
  'items/survey-b',
  '',
  undefined,
  null,
  42,
  ['/items/survey-b/apply'],
  '/auth/login',
  '/auth/callback?code=x',
  '/auth',
  '/idp/x',
  '/idp',
  `/${'a'.repeat(2001)}`,
];

for (const raw of REFUSED) {
  test(`safeReturnTo falls back to / for ${JSON.stringify(raw)}`, () => assert.equal(safeReturnTo(raw), '/'));
}

test('the fallback is configurable', () => {
  assert.equal(safeReturnTo('//evil.com', '/items'), '/items');
});

test('a lookalike of the login machinery is not mistaken for it', () => {
  assert.equal(safeReturnTo('/authority/list'), '/authority/list');
  assert.equal(safeReturnTo('/idpx'), '/idpx');
});

test('dot segments are resolved and cannot climb into /auth', () => {
  assert.equal(safeReturnTo('/items/../auth/login'), '/');
  assert.equal(safeReturnTo('/a/../items/survey-b'), '/items/survey-b');
});
