import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleApplication } from '../items/fixtures.ts';
import { surveyB } from '../items/index.ts';
import { changedFields, sameValue } from './resubmission-diff.ts';

describe('重新提交 compared with the round before', () => {
  const before = sampleApplication('survey-b');

  it('lists nothing when nothing changed, whatever the key order or an empty field', () => {
    const after = { applicant: { ...before.applicant, phone: before.applicant!.phone, agent: before.applicant!.agent }, content: { ...before.content, formerName: '' } };
    assert.deepEqual(changedFields(surveyB, before, after, ['applicant']), []);
  });

  it('gives each changed field before → after, in form order, marked when the 补正 asked for it', () => {
    const after = {
      applicant: { ...before.applicant, postalCode: '100045', mailingAddress: '北京市西城区示范路9号' },
      content: { ...before.content, qualifications: ['B203B'] },
    };
    const changes = changedFields(surveyB, before, after, ['applicant.postalCode', 'content']);
    assert.deepEqual(
      changes.map((c) => [c.step, c.field, c.before, c.after, c.requested]),
      [
        ['applicant', 'postalCode', '100044', '100045', true],
        ['applicant', 'mailingAddress', '北京市西城区示范路1号', '北京市西城区示范路9号', false],
        ['content', 'qualifications', ['B203B', 'B202B'], ['B203B'], true],
      ],
    );
  });

  it('a field shown in one round only counts as changed from or to nothing', () => {
    // 名称变更 shows 原名称; 首次申请 does not.
    const after = { ...before, content: { ...before.content, applicationType: 'rename', formerName: '北京旧名勘察有限公司' } };
    const changes = changedFields(surveyB, before, after, ['content']);
    assert.deepEqual(
      changes.filter((c) => c.field === 'formerName').map((c) => [c.before, c.after]),
      [[undefined, '北京旧名勘察有限公司']],
    );
    // A value kept for a field no longer shown is not a change the applicant made.
    const hidden = changedFields(surveyB, { ...before, content: { ...before.content, formerName: '遗留值' } }, before, ['content']);
    assert.deepEqual(hidden, []);
  });

  it('compares arrays in order and objects by value', () => {
    assert.ok(sameValue({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }));
    assert.ok(!sameValue([1, 2], [2, 1]));
    assert.ok(sameValue(undefined, ''));
    assert.ok(sameValue(null, []));
    assert.ok(!sameValue('0', 0));
  });
});
