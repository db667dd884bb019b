import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { offerFor, type HeldCertificate } from '../register/index.ts';
import { ITEMS, findItem } from './catalog.ts';
import { advise, advisorOf, materialsFor, stagesOf } from './type-advisor.ts';

const held: HeldCertificate = { number: 'A211000012', validFrom: '2024-01-01', validUntil: '2029-01-01', holdings: ['A31701B'], expired: false };
const names = (code: string, type: string) => materialsFor(findItem(code)!, type).map((m) => m.name);

describe('我该选哪个申请内容', () => {
  for (const item of ITEMS) {
    const advisor = advisorOf(item);
    if (item.applicationTypes.length < 2) {
      it(`${item.title}: one 申请内容, nothing to ask`, () => assert.equal(advisor, undefined));
      continue;
    }
    it(`${item.title}: every answer leads to one of its 申请内容, and every confirmed one is reached`, () => {
      assert.ok(advisor);
      const reached = new Set<string>();
      for (const holds of [false, true]) {
        for (const goal of advisor[holds ? 'with' : 'without'].goals) {
          const advice = advise(item, holds, goal.key);
          assert.ok(advice, goal.key);
          if (goal.type) {
            assert.equal(advice.type?.value, goal.type, `${goal.key} names a 申请内容 the item has`);
            reached.add(goal.type);
          } else {
            assert.ok(goal.note, `${goal.key}: without a 申请内容 the answer says where to turn`);
          }
        }
      }
      // 预注册's meaning is unconfirmed (REFERENCE §5): the advisor never recommends it.
      assert.deepEqual([...reached].sort(), item.applicationTypes.map((t) => t.value).filter((v) => v !== 'pre').sort());
    });

    it(`${item.title}: the first answer agrees with the register — without a certificate, only what is open without one`, () => {
      for (const goal of advisor!.without.goals) {
        const advice = advise(item, false, goal.key)!;
        if (advice.type) assert.equal(offerFor(item, advice.type, undefined).available, true, goal.key);
      }
      for (const goal of advisor!.with.goals) {
        const advice = advise(item, true, goal.key)!;
        if (!advice.type) continue;
        const withoutCertificate = offerFor(item, advice.type, undefined);
        // Holding a certificate is what makes these open (重新核定 and 跨省变更 also stand alone).
        if (!['reassess', 'none'].includes(advice.type.outcome)) assert.equal(withoutCertificate.available, false, goal.key);
        assert.notEqual(offerFor(item, advice.type, held).reason?.includes('尚未持有'), true, goal.key);
      }
    });

    it(`${item.title}: each material names only 申请内容 the item has`, () => {
      const values = new Set(item.applicationTypes.map((t) => t.value));
      for (const m of item.guide.materials) for (const t of m.types ?? []) assert.ok(values.has(t), `${m.name}: ${t}`);
    });
  }

  it('an answer it does not know is no advice', () => {
    assert.equal(advise(findItem('design-b')!, true, 'first'), undefined);
    assert.equal(advise(findItem('nonlocal-filing')!, false, 'first'), undefined);
  });

  it('lists the materials of the chosen 申请内容 only', () => {
    const rename = names('design-b', 'rename');
    assert.ok(rename.includes('资质证书变更申请及工商变更核准文件'));
    assert.ok(rename.includes('原资质证书正、副本'));
    assert.ok(!rename.includes('企业章程') && !rename.includes('企业改制重组方案、上级主管部门或股东会批准文件、职工代表大会决议'));
    const first = names('survey-b', 'first');
    assert.ok(first.includes('企业章程') && first.includes('主要专业技术人员材料'));
    assert.ok(!first.includes('原资质证书正、副本'), 'a first application has no certificate');
    assert.ok(!first.includes('工程勘察业绩证明材料'), '首次申请不考核业绩');
    const change = names('struct-eng-2', 'change');
    assert.ok(change.includes('与原聘用单位解除劳动关系的证明、工作调动证明或者退休证明'));
    assert.ok(!change.includes('二级注册结构工程师执业资格证书'));
    for (const code of ['survey-b', 'design-b', 'struct-eng-2']) {
      for (const t of findItem(code)!.applicationTypes) assert.ok(names(code, t.value).some((n) => n.includes('申请表')), `${code} ${t.value}: the 申请表 always`);
    }
  });

  it('gives the stages 流程跟踪 draws: a 名称变更 has no 公示, a 首次申请 has 公示 and 公告', () => {
    const design = findItem('design-b')!;
    const first = stagesOf(design.applicationTypes.find((t) => t.value === 'first')!);
    assert.deepEqual([first.stages[0], first.stages.includes('公示'), first.stages.includes('公告'), first.end], ['受理', true, true, '准予许可']);
    assert.ok(first.detours.includes('补正'));
    const rename = stagesOf(design.applicationTypes.find((t) => t.value === 'rename')!);
    assert.equal(rename.stages.includes('公示'), false);
  });
});
