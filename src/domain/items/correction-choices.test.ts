import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APPLICATION_TYPE_FIELD, correctionChoices, structEng2, surveyB } from './index.ts';

describe('补正 choices', () => {
  it('offer only the fields this case shows: 原注册证书号 for a 延续注册, not for an 初始注册', () => {
    const initial = correctionChoices(structEng2, { content: { [APPLICATION_TYPE_FIELD]: 'initial' } }).map((c) => c.value);
    const renew = correctionChoices(structEng2, { content: { [APPLICATION_TYPE_FIELD]: 'renew' } }).map((c) => c.value);
    assert.ok(!initial.includes('content.formerCertificateNumber'));
    assert.ok(renew.includes('content.formerCertificateNumber'));
    assert.ok(!renew.includes('content.formerEmployer'), '原注册单位 belongs to 变更注册 only');
  });

  it('leave out what the identity provider owns and keep every slot and whole step', () => {
    const values = correctionChoices(surveyB, { applicant: {}, content: {} }).map((c) => c.value);
    assert.ok(!values.includes('applicant.uscc') && !values.includes('applicant.orgName'));
    assert.ok(values.includes('applicant') && values.includes('applicant.postalCode'));
    assert.deepEqual(
      values.filter((v) => v.startsWith('attachments.')),
      surveyB.attachmentSlots.map((s) => `attachments.${s.key}`),
    );
  });
});
