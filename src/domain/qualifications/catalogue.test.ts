import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESIGN_QUALIFICATIONS,
  INACTIVE_HINT,
  MOHURD_HINT,
  QUALIFICATIONS_BY_ITEM,
  SURVEY_QUALIFICATIONS,
  checkQualifications,
  findQualification,
  isSelectableQualification,
  qualificationPath,
  qualificationTree,
  type Qualification,
  type QualificationTreeNode,
} from './index.ts';

const ALL = [...SURVEY_QUALIFICATIONS, ...DESIGN_QUALIFICATIONS];
const GRADE_LETTER: Record<string, string> = { 甲级: 'A', 乙级: 'B', 丙级: 'C', 丁级: 'D', 不分等级: 'X' };
const codes = (list: readonly Qualification[], pred: (q: Qualification) => boolean) => list.filter(pred).map((q) => q.code);

/** REFERENCE §1.1.4: the 乙级 this item offers. */
const DESIGN_OFFERED = [
  'A201B', 'A202B', 'A203B', 'A204B', 'A205B', 'A206B', 'A207B', 'A208B', 'A21101B', 'A21102B', 'A212B', 'A217B', 'A21701B', 'A21801B', 'A21802B', 'A220B', 'A221B',
  'A30101B', 'A30102B', 'A30103B',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `A3020${n}B`),
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => `A3030${n}B`),
  ...[1, 2, 3, 4, 5, 6].map((n) => `A3040${n}B`),
  ...[1, 2, 3, 4].map((n) => `A3050${n}B`),
  ...Array.from({ length: 18 }, (_, i) => `A306${String(i + 1).padStart(2, '0')}B`),
  ...Array.from({ length: 11 }, (_, i) => `A307${String(i + 1).padStart(2, '0')}B`),
  ...[1, 2, 3, 4, 5, 6].map((n) => `A3080${n}B`),
  'A30902B', 'A30903B', 'A30904B', 'A30905B',
  ...Array.from({ length: 13 }, (_, i) => `A311${String(i + 1).padStart(2, '0')}B`),
  ...[1, 2, 3, 4, 5].map((n) => `A3120${n}B`),
  'A31701B', 'A31702B', 'A31703B', 'A31704B', 'A31705B', 'A31706B', 'A31708B', 'A31711B',
  ...Array.from({ length: 10 }, (_, i) => `A318${String(i + 1).padStart(2, '0')}B`),
  'A32001B', 'A32002B', 'A32003B', 'A32004B',
  'A32101B', 'A32102B',
  'A501B', 'A502B', 'A503B', 'A504B', 'A505B', 'A506B', 'A50701B', 'A50702B', 'A50703B', 'A50704B', 'A50705B', 'A508B',
];

/** REFERENCE §1.1.4: 乙级 that MOHURD approves (铁路、交通、水利、信息产业、民航). */
const DESIGN_MOHURD_B = [
  'A21001B', 'A21002B', 'A21003B', 'A213B', 'A215B', 'A216B', 'A219B',
  ...Array.from({ length: 14 }, (_, i) => `A310${String(i + 1).padStart(2, '0')}B`),
  'A31401B', 'A31404B',
  ...[1, 2, 3, 4, 5, 6].map((n) => `A3150${n}B`),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `A3190${n}B`),
];

describe('qualification catalogue', () => {
  it('codes are unique, follow the dictionary grammar and the display-name pattern', () => {
    assert.equal(new Set(ALL.map((q) => q.code)).size, ALL.length);
    for (const q of ALL) {
      assert.match(q.code, /^[AB]\d{1,5}[ABCDX]$/, q.code);
      assert.equal(q.code.slice(-1), GRADE_LETTER[q.grade], `${q.code}: grade`);
      if (q.grade !== '不分等级') assert.ok(q.name.endsWith(q.grade), `${q.code}: ${q.name}`);
      assert.equal(findQualification(q.code), q);
    }
    for (const q of SURVEY_QUALIFICATIONS) {
      assert.ok(q.code.startsWith('B') && q.name.startsWith('工程勘察'), q.code);
      if (q.kind === '专业') assert.match(q.name, /^工程勘察.+专业(（.+）)?[甲乙丙]级$/, q.name);
    }
    for (const q of DESIGN_QUALIFICATIONS) {
      assert.ok(q.code.startsWith('A') && q.name.startsWith('工程设计'), q.code);
      const kindByCode = { '1': '综合', '2': '行业', '3': '专业', '4': '事务所', '5': '专项' }[q.code.charAt(1)];
      assert.equal(q.kind, kindByCode, q.code);
      if (q.kind === '专项') assert.match(q.name, /^工程设计.+专项(（.+）)?[甲乙丙丁]级$/, q.name);
      if (q.kind === '行业' || q.kind === '专业') assert.ok(q.name.includes(q.industry), `${q.code}: ${q.industry}`);
    }
  });

  it('survey offers exactly the 乙级 of REFERENCE §1.1.3', () => {
    assert.deepEqual(codes(SURVEY_QUALIFICATIONS, isSelectableQualification).sort(), [
      'B201B', 'B202B', 'B203B', 'B20301B', 'B20302B', 'B20303B', 'B204B', 'B20401B', 'B20402B', 'B20403B',
    ].sort());
    assert.deepEqual(codes(SURVEY_QUALIFICATIONS, (q) => q.authority === 'mohurd').sort(), ['B1A', 'B201A', 'B202A', 'B203A', 'B204A']);
    assert.deepEqual(codes(SURVEY_QUALIFICATIONS, (q) => !q.active).sort(), ['B201C', 'B202C', 'B20301C', 'B301X', 'B302X'].sort());
    assert.equal(findQualification('B20301B')?.parent, 'B203B');
  });

  it('design offers exactly the 部分乙级 of REFERENCE §1.1.4 and shows the MOHURD 乙级 disabled', () => {
    assert.deepEqual(codes(DESIGN_QUALIFICATIONS, isSelectableQualification).sort(), [...DESIGN_OFFERED].sort());
    assert.deepEqual(codes(DESIGN_QUALIFICATIONS, (q) => q.authority === 'mohurd' && q.grade === '乙级').sort(), [...DESIGN_MOHURD_B].sort());
    assert.deepEqual(codes(DESIGN_QUALIFICATIONS, (q) => q.authority === 'mohurd' && q.grade !== '乙级'), ['A1A']);
    for (const q of DESIGN_QUALIFICATIONS.filter((x) => x.grade === '丙级' || x.grade === '丁级')) {
      assert.equal(q.active, false, q.code);
      assert.equal(q.authority, 'province', q.code);
    }
    assert.ok(codes(DESIGN_QUALIFICATIONS, (q) => !q.active).includes('A32101D'));
  });

  it('maps each enterprise item to its list', () => {
    assert.equal(QUALIFICATIONS_BY_ITEM['survey-b'], SURVEY_QUALIFICATIONS);
    assert.equal(QUALIFICATIONS_BY_ITEM['design-b'], DESIGN_QUALIFICATIONS);
    assert.equal(findQualification('Z1A'), undefined);
  });
});

describe('qualificationTree', () => {
  const leaves = (nodes: QualificationTreeNode[]): QualificationTreeNode[] => nodes.flatMap((n) => (n.children ? leaves(n.children) : [n]));

  it('is category → industry → qualification, MOHURD leaves disabled with the hint', () => {
    const tree = qualificationTree('design');
    assert.deepEqual(tree.map((n) => n.label), ['综合资质', '行业资质', '专业资质', '专项资质']);
    for (const category of tree) {
      for (const industry of category.children ?? []) {
        for (const leaf of industry.children ?? []) {
          assert.equal(leaf.children, undefined);
          const q = findQualification(leaf.value);
          assert.ok(q, leaf.value);
          assert.equal(`${q.kind}资质`, category.label);
          assert.equal(q.industry, industry.label);
          assert.equal(leaf.label, q.name);
          assert.deepEqual(qualificationPath(q.code), [category.value, industry.value, q.code]);
        }
      }
    }
    const all = leaves(tree);
    assert.deepEqual(all.filter((l) => !l.disabled).map((l) => l.value).sort(), [...DESIGN_OFFERED].sort());
    for (const l of all.filter((x) => x.disabled)) assert.equal(l.hint, MOHURD_HINT, l.value);
    const municipal = tree.find((n) => n.label === '专业资质')?.children?.find((n) => n.label === '市政行业');
    assert.equal(municipal?.children?.length, 8);
    const values = [...tree.map((n) => n.value), ...tree.flatMap((n) => n.children ?? []).map((n) => n.value), ...all.map((l) => l.value)];
    assert.equal(new Set(values).size, values.length, 'cascader values unique');
  });

  it('leaves legacy entries out unless asked, then disabled with their own hint', () => {
    assert.equal(leaves(qualificationTree('survey')).some((l) => l.value === 'B202C'), false);
    const legacy = leaves(qualificationTree('survey', { includeInactive: true })).find((l) => l.value === 'B202C');
    assert.deepEqual(legacy, { value: 'B202C', label: '工程勘察工程测量专业丙级', disabled: true, hint: INACTIVE_HINT });
    assert.deepEqual(qualificationTree('survey').map((n) => n.label), ['综合资质', '专业资质']);
  });
});

describe('checkQualifications', () => {
  it('accepts unique, active, provincial codes of the catalogue, normalised', () => {
    assert.deepEqual(checkQualifications('design', ['a32101b', ' A501B ']), { ok: true, value: ['A32101B', 'A501B'] });
  });

  const rejected: [catalogue: 'survey' | 'design', value: unknown, message: string][] = [
    ['survey', undefined, '资质类别及等级格式不正确，请从列表中选择'],
    ['survey', [], '请选择资质类别及等级'],
    ['survey', ['B203B', ''], '资质类别及等级中有无效的资质代码：（空）'],
    ['survey', ['NOPE'], '资质类别及等级中有无效的资质代码：NOPE'],
    ['design', ['B203B'], '“工程勘察岩土工程专业乙级”不属于本事项可申请的资质'],
    ['design', ['A216B'], '“工程设计民航行业乙级”该资质由住房和城乡建设部审批，不在本事项办理范围内'],
    ['design', ['A501C'], '“工程设计建筑装饰工程专项丙级”该资质已停止受理，请选择其他资质'],
    ['design', ['A501B', 'A501B'], '资质类别及等级不能重复选择“工程设计建筑装饰工程专项乙级”'],
  ];
  for (const [catalogue, value, message] of rejected) {
    it(`${catalogue} ${JSON.stringify(value)}: ${message}`, () => assert.deepEqual(checkQualifications(catalogue, value), { ok: false, message }));
  }
});
