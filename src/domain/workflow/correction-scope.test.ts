import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partReopened, reopenedFields } from './correction-scope.ts';

describe('补正 scope', () => {
  it('a reopened step opens all its fields; a reopened field only itself', () => {
    assert.equal(reopenedFields(['applicant'], 'applicant'), 'all');
    assert.deepEqual([...(reopenedFields(['content.certificates', 'content.scope', 'applicant.mobile'], 'content') as Set<string>)], ['certificates', 'scope']);
    assert.deepEqual([...(reopenedFields(['applicant'], 'content') as Set<string>)], []);
  });

  it('a step is open when it or one of its fields is listed; a slot when it or all attachments are', () => {
    assert.ok(partReopened(['content.scope'], { step: 'content' }));
    assert.ok(!partReopened(['contentx'], { step: 'content' }), 'a prefix of another step’s name is not that step');
    assert.ok(!partReopened(['applicant'], { step: 'content' }));
    assert.ok(partReopened(['attachments'], { slot: 'applicationForm' }));
    assert.ok(partReopened(['attachments.applicationForm'], { slot: 'applicationForm' }));
    assert.ok(!partReopened(['attachments.otherAttachments'], { slot: 'applicationForm' }));
    assert.ok(!partReopened([], { step: 'applicant' }));
  });
});
