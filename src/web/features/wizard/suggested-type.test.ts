import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findItem } from '../../../domain/items/index.ts';
import { suggestedType } from './suggested-type.ts';

const design = findItem('design-b')!;
const draft = (type?: string) => ({ status: 'draft', data: { applicant: { orgName: '某设计院' }, ...(type ? { content: { applicationType: type } } : {}) } });

test('a new application or a draft without a 申请内容 gets the advised one chosen in 申请内容, not saved', () => {
  for (const application of [null, draft()]) {
    const s = suggestedType(design, application, 'add');
    assert.deepEqual(s?.preset, { step: 'content', value: 'add' });
    assert.match(s!.text, /已按建议预选申请内容“申请增加工程设计其他资质”/);
  }
});

test('a draft that chose already keeps its choice: a different advice is only said, the same one not at all', () => {
  const other = suggestedType(design, draft('renew'), 'add');
  assert.equal(other?.preset, undefined);
  assert.match(other!.text, /已选择申请内容“申请延续工程设计资质”，与建议的“申请增加工程设计其他资质”不同/);
  assert.equal(suggestedType(design, draft('add'), 'add'), undefined);
});

test('nothing for an unknown type, a 补正, or an item with one 申请内容', () => {
  assert.equal(suggestedType(design, null, 'no-such-type'), undefined);
  assert.equal(suggestedType(design, null, null), undefined);
  assert.equal(suggestedType(design, { status: 'correction', data: {} }, 'add'), undefined);
  assert.equal(suggestedType(findItem('nonlocal-filing')!, null, 'filing'), undefined);
});
