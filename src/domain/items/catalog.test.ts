import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEPARTMENT, GROUP, ITEMS, findItem, isItemCode } from './catalog.ts';
import type { ItemDefinition } from './types.ts';

const EXPECTED = [
  { code: 'survey-b', title: '建设工程勘察企业资质认定（乙级）', applicantKind: 'enterprise' },
  { code: 'design-b', title: '建设工程设计企业资质认定（部分乙级）', applicantKind: 'enterprise' },
  { code: 'struct-eng-2', title: '二级注册结构工程师执业资格认定', applicantKind: 'engineer' },
  { code: 'nonlocal-filing', title: '外埠企业进京从事勘察设计活动备案', applicantKind: 'enterprise' },
] as const;

function item(code: string): ItemDefinition {
  const found = findItem(code);
  assert.ok(found, `item ${code} exists`);
  return found;
}

function step1Labels(code: string): string[] {
  const step = item(code).steps[0];
  assert.ok(step, `${code} has step 1`);
  return step.fields.map((f) => f.label);
}

describe('item catalog', () => {
  it('lists exactly the four items, in order, with exact titles and applicant kinds', () => {
    assert.deepEqual(
      ITEMS.map((i) => ({ code: i.code, title: i.title, applicantKind: i.applicantKind })),
      EXPECTED.map((e) => ({ ...e })),
    );
  });

  it('assigns every item to the commission and the 勘察设计资格管理 group', () => {
    assert.equal(DEPARTMENT, '市规划自然资源委员会');
    assert.equal(GROUP, '勘察设计资格管理');
    for (const i of ITEMS) {
      assert.equal(i.department, DEPARTMENT, i.code);
      assert.equal(i.group, GROUP, i.code);
    }
  });

  it('findItem and isItemCode accept the four codes', () => {
    for (const { code } of EXPECTED) {
      assert.equal(isItemCode(code), true, code);
      assert.equal(findItem(code)?.code, code);
    }
  });

  it('findItem and isItemCode reject anything else', () => {
    for (const code of ['', ' survey-b', 'survey-b ', 'SURVEY-B', 'survey', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '0']) {
      assert.equal(isItemCode(code), false, JSON.stringify(code));
      assert.equal(findItem(code), undefined, JSON.stringify(code));
    }
  });

  it('step 1 is the applicant step with non-empty, unique labels and unique field names', () => {
    for (const i of ITEMS) {
      assert.equal(i.steps.length >= 1, true, i.code);
      assert.equal(i.steps[0]?.key, 'applicant', i.code);
      const stepKeys = i.steps.map((s) => s.key);
      assert.equal(new Set(stepKeys).size, stepKeys.length, `${i.code}: step keys unique`);
      const names: string[] = [];
      for (const step of i.steps) {
        assert.ok(step.title.trim(), `${i.code}: step title`);
        const labels = step.fields.map((f) => f.label);
        for (const label of labels) assert.ok(label.trim().length > 0, `${i.code}/${step.key}: empty label`);
        assert.equal(new Set(labels).size, labels.length, `${i.code}/${step.key}: labels unique`);
        names.push(...step.fields.map((f) => f.name));
      }
      assert.equal(new Set(names).size, names.length, `${i.code}: field names unique`);
    }
  });

  it('uses the manual labels for step 1', () => {
    const enterprise = ['申报单位', '统一社会信用代码', '邮政编码', 'Email', '通讯地址', '注册地址', '委托代理人', '电话', '手机'];
    assert.deepEqual(step1Labels('survey-b'), enterprise);
    assert.deepEqual(step1Labels('design-b'), enterprise);
    assert.deepEqual(step1Labels('struct-eng-2'), ['申请人', '证件类型', '证件号码', '联系方式', '注册单位', '通讯地址']);
    assert.deepEqual(step1Labels('nonlocal-filing'), [
      '申请单位名称', '统一社会信用代码', '详细地址', '行政所属区划', '单位性质', '邮政编码', '联系人', '手机', 'Email',
    ]);
    assert.equal(item('survey-b').steps[0]?.title, '申请单位');
    assert.equal(item('struct-eng-2').steps[0]?.title, '申请人员信息');
    assert.equal(item('nonlocal-filing').steps[0]?.title, '申请单位');
  });

  it('keeps field metadata consistent', () => {
    for (const i of ITEMS) {
      const all = i.steps.flatMap((s) => s.fields.flatMap((f) => [f, ...(f.fields ?? [])]));
      for (const f of all) {
        const where = `${i.code}.${f.name}`;
        if (f.kind === 'select' || f.kind === 'radio') assert.ok(f.options && f.options.length > 0, `${where}: choice needs options`);
        else assert.equal(f.options, undefined, `${where}: options only on selects and radios`);
        if (f.lockedWhenPrefilled) assert.ok(f.prefill, `${where}: locked without prefill`);
        if (f.kind === 'text' || f.kind === 'textarea') assert.ok(f.maxLength && f.maxLength > 0, `${where}: text needs maxLength`);
        assert.equal(f.kind === 'qualifications', f.catalogue !== undefined, `${where}: catalogue only on qualifications`);
        assert.equal(f.kind === 'group', f.fields !== undefined, `${where}: fields only on groups`);
      }
    }
  });

  it('has the attachment slots of the manual', () => {
    const titles = (code: string) => item(code).attachmentSlots.map((s) => s.title);
    for (const code of ['survey-b', 'design-b', 'struct-eng-2']) {
      assert.deepEqual(titles(code), ['申请表', '其他附件'], code);
    }
    assert.deepEqual(titles('nonlocal-filing'), [
      '企业诚信守法承诺书',
      '在本地承揽业务负责人的任命书',
      '外埠建设工程勘察设计企业资质信息汇总表',
    ]);
    for (const i of ITEMS) {
      const keys = i.attachmentSlots.map((s) => s.key);
      assert.equal(new Set(keys).size, keys.length, `${i.code}: slot keys unique`);
      for (const m of i.guide.materials) {
        if (m.slot !== undefined) assert.ok(keys.includes(m.slot), `${i.code}: material ${m.name} → unknown slot ${m.slot}`);
      }
      for (const key of keys) {
        assert.ok(i.guide.materials.some((m) => m.slot === key), `${i.code}: slot ${key} not described in materials`);
      }
    }
  });

  it('states the merge order of technical-personnel materials for survey and design', () => {
    for (const code of ['survey-b', 'design-b']) {
      const text = item(code).guide.materials.map((m) => m.note ?? '').join('');
      assert.match(text, /技术负责人、全部注册人员、全部非注册人员/, code);
    }
  });

  it('has a legal limit of 20 working days and a promised limit within it', () => {
    for (const i of ITEMS) {
      assert.equal(i.guide.timeLimit.legalDays, 20, i.code);
      assert.ok(Number.isInteger(i.guide.timeLimit.promisedDays), i.code);
      assert.ok(i.guide.timeLimit.promisedDays > 0, i.code);
      assert.ok(i.guide.timeLimit.promisedDays <= i.guide.timeLimit.legalDays, i.code);
    }
  });

  it('fills every part of the 办事指南', () => {
    for (const i of ITEMS) {
      const g = i.guide;
      assert.ok(g.summary.trim(), i.code);
      for (const list of [g.applicants, g.conditions, g.materials, g.legalBasis, g.process]) {
        assert.ok(list.length > 0, i.code);
      }
      assert.equal(g.fees, '不收费', i.code);
      assert.ok(g.contact.trim(), i.code);
      for (const basis of g.legalBasis) assert.match(basis, /^《[^《》]+》(（[^（）]+）)?$/, `${i.code}: ${basis}`);
    }
    const hasPublicNotice = (code: string) => item(code).guide.process.some((p) => /公示|公告/.test(p));
    assert.equal(hasPublicNotice('survey-b'), true);
    assert.equal(hasPublicNotice('nonlocal-filing'), false);
  });

  it('writes Chinese text with full-width punctuation', () => {
    for (const i of ITEMS) {
      const g = i.guide;
      const texts = [
        i.title,
        g.summary,
        ...g.applicants,
        ...g.conditions,
        ...g.materials.flatMap((m) => [m.name, m.note ?? '']),
        ...g.legalBasis,
        ...g.process,
        ...i.steps.flatMap((s) => [s.title, s.notice?.title ?? '', s.notice?.text ?? '']),
        ...i.steps.flatMap((s) => s.fields.flatMap((f) => [f, ...(f.fields ?? [])])).flatMap((f) => [f.label, f.hint ?? '', f.excludeProvinces?.message ?? '']),
        ...i.applicationTypes.map((t) => t.label),
        ...i.attachmentSlots.flatMap((s) => [s.title, s.hint]),
      ];
      for (const t of texts) assert.doesNotMatch(t, /[(),;?!<>]|\.\s|。。/, `${i.code}: ${t}`);
    }
  });
});
