import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findItem } from './catalog.ts';
import { sampleUscc } from './fixtures.ts';
import { basicInfoOf, basicInfoStep } from './basic-info.ts';
import { applyRefusal, prefillStep, profileRefusal } from './prefill.ts';

const filing = findItem('nonlocal-filing')!;
const survey = findItem('survey-b')!;
const BEIJING = sampleUscc('110105', 'MA0PQ7R0');
const HEBEI = sampleUscc('130102', 'MA0PQ7R0');

describe('who may apply', () => {
  it('a 北京 enterprise is refused the 外埠 filing, naming its code; the message sits on 统一社会信用代码', () => {
    assert.deepEqual(profileRefusal(filing, { uscc: BEIJING, orgName: '北京某设计院' }), {
      path: 'applicant.uscc',
      message: `统一社会信用代码${BEIJING}的登记管理机关行政区划码110105属于北京市，北京市企业无需办理外埠企业进京备案`,
    });
  });

  it('an enterprise registered elsewhere, one without a USCC, and every other item are not refused', () => {
    assert.equal(profileRefusal(filing, { uscc: HEBEI }), undefined);
    assert.equal(profileRefusal(filing, {}), undefined, 'typed in the form instead, checked there');
    assert.equal(profileRefusal(filing, { uscc: 'not a code' }), undefined, 'the field check reports a malformed code');
    assert.equal(profileRefusal(survey, { uscc: BEIJING }), undefined);
    assert.equal(applyRefusal(filing, 'legal'), undefined, 'the kind of account is right');
  });
});

describe('prefill from the identity and 完善基本信息', () => {
  const step1 = survey.steps[0]!;
  const claims = { orgName: '某勘察院', uscc: HEBEI, agentName: '李经办', mobile: '13800000001', email: 'id@example.cn' };

  it('a locked claim wins over everything; a kept value over an unlocked claim; a claim fills what is not kept', () => {
    const { values, locked } = prefillStep(step1, claims, { postalCode: '100101', agentName: '钱代理', mobile: '13900000002' });
    assert.deepEqual(values, { orgName: '某勘察院', uscc: HEBEI, postalCode: '100101', agent: '钱代理', mobile: '13900000002', email: 'id@example.cn' });
    assert.deepEqual(locked, ['orgName', 'uscc']);
  });

  it('the identity’s own fields are never taken from kept values', () => {
    const { values } = prefillStep(step1, {}, { orgName: '冒名单位' } as never);
    assert.equal(values.orgName, undefined);
  });

  it('every item field that names a basic-info key is in the form of its applicant kind', () => {
    for (const item of [survey, filing, findItem('design-b')!, findItem('struct-eng-2')!]) {
      const form = basicInfoStep(item.applicantKind === 'enterprise' ? 'legal' : 'natural')!;
      for (const step of item.steps)
        for (const field of step.fields) if (field.basicInfo) assert.ok(form.fields.some((f) => f.name === field.basicInfo), `${item.code}.${field.name} → ${field.basicInfo}`);
    }
    assert.equal(basicInfoStep('staff'), undefined);
  });

  it('stored values are read back with known keys and text only', () => {
    assert.deepEqual(basicInfoOf({ postalCode: '100101', phone: 1, evil: 'x', email: '' }), { postalCode: '100101' });
    assert.deepEqual(basicInfoOf(null), {});
  });
});
