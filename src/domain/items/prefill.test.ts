import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findItem } from './catalog.ts';
import { sampleUscc } from './fixtures.ts';
import { applyRefusal, profileRefusal } from './prefill.ts';

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
