import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { idNumberCheckChar } from '../identifiers/index.ts';
import { findItem } from '../items/catalog.ts';
import { sampleApplication, sampleAttachmentSlots, sampleUscc } from '../items/fixtures.ts';
import type { ItemCode } from '../items/types.ts';
import { addToIsoDate, parseIsoDate, shanghaiDate } from './dates.ts';
import { placeholderOf } from './fields.ts';
import type { FieldDefinition, FormStepDefinition } from './types.ts';
import { cleanStep, validateApplication, validateFieldValue, validateStep } from './validate.ts';
import { validateField } from './validate-field.ts';

const CTX = { today: '2025-06-01' };

function step(code: ItemCode, key: string): FormStepDefinition {
  const s = findItem(code)?.steps.find((x) => x.key === key);
  assert.ok(s && s.kind === 'form', `${code}/${key}`);
  return s;
}

function field(code: ItemCode, key: string, name: string): FieldDefinition {
  const f = step(code, key).fields.find((x) => x.name === name);
  assert.ok(f, `${code}/${key}/${name}`);
  return f;
}

function groupField(name: string): FieldDefinition {
  const f = field('nonlocal-filing', 'content', 'certificates').fields?.find((x) => x.name === name);
  assert.ok(f, name);
  return f;
}

/** [input, expected normalised value | { error }] against one field, with optional sibling values. */
type Case = [input: unknown, expected: string | string[] | { error: string }];

function table(name: string, f: FieldDefinition, cases: Case[], siblings: Record<string, unknown> = {}) {
  describe(name, () => {
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        const errors = validateFieldValue(f, input, { ...siblings, [f.name]: input }, CTX);
        if (typeof expected === 'object' && !Array.isArray(expected)) {
          assert.deepEqual(errors, [{ path: f.name, message: expected.error }]);
        } else {
          assert.deepEqual(errors, []);
          const s: FormStepDefinition = { key: 's', title: 's', kind: 'form', fields: [f] };
          assert.deepEqual(cleanStep(s, { ...siblings, [f.name]: input }, CTX)[f.name], expected);
        }
      });
    }
  });
}

const USCC = sampleUscc('110108', 'MA01D3M0');
const ID = `11010519850307123${idNumberCheckChar('11010519850307123')}`;

table('统一社会信用代码', field('survey-b', 'applicant', 'uscc'), [
  [USCC, USCC],
  [` ${USCC.toLowerCase()} `, USCC],
  ['', { error: '请输入统一社会信用代码' }],
  ['91110108MA01D3M07', { error: '统一社会信用代码应为18位' }],
  ['91110108MA01D3M0I4', { error: '统一社会信用代码含有无效字符：I' }],
  [`${USCC.slice(0, 17)}${USCC.endsWith('0') ? '1' : '0'}`, { error: '统一社会信用代码校验位错误，请核对后重新输入' }],
]);

table('证件号码 (居民身份证)', field('struct-eng-2', 'applicant', 'idNumber'), [
  [ID, ID],
  [`${ID.slice(0, 6)}-${ID.slice(6)}`, ID],
  ['', { error: '请输入证件号码' }],
  ['110105850307123', { error: '15位旧身份证号码已停用，请输入18位号码' }],
  [`${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`, { error: '身份证号码校验位错误，请核对后重新输入' }],
  ['110105203001011234', { error: '身份证号码出生日期晚于当前日期' }],
], { idType: '居民身份证' });

table('证件号码 (护照)', field('struct-eng-2', 'applicant', 'idNumber'), [
  ['e12345678', 'E12345678'],
  ['E1234-5678', { error: '证件号码只能包含字母和数字' }],
], { idType: '护照' });

table('邮政编码', field('survey-b', 'applicant', 'postalCode'), [
  ['100044', '100044'],
  ['010010', '010010'],
  ['10004', { error: '邮政编码应为6位数字' }],
  ['000000', { error: '邮政编码无效' }],
  [100044, '100044'],
]);

table('手机', field('survey-b', 'applicant', 'mobile'), [
  ['+86 138 0000 0001', '13800000001'],
  ['12800000001', { error: '请输入正确的手机号码' }],
]);

table('电话 (landline or mobile)', field('survey-b', 'applicant', 'phone'), [
  ['010-12345678', '010-12345678'],
  ['(010) 12345678', '010-12345678'],
  ['13800000001', '13800000001'],
  ['12345678', { error: '请输入正确的电话号码，如010-12345678或11位手机号码' }],
]);

table('Email', field('survey-b', 'applicant', 'email'), [
  ['Li@Example.CN', 'Li@example.cn'],
  ['li@@example.cn', { error: '电子邮箱应包含且只包含一个@' }],
  ['li@localhost', { error: '电子邮箱域名格式不正确' }],
]);

table('资质证书编号 (cert-number)', field('survey-b', 'content', 'certificateNumber'), [
  [' b211012345 ', 'B211012345'],
  ['ｂ２１１－０１２３', 'B211-0123'],
  ['D-1', { error: '资质证书编号应为4至40个字符' }],
  ['D-10', 'D-10'],
  ['A'.repeat(41), { error: '资质证书编号不能超过40个字' }],
  ['B2110 12345', { error: '资质证书编号只能包含字母、数字和“-”' }],
  ['B211/012345', { error: '资质证书编号只能包含字母、数字和“-”' }],
], { applicationType: 'renew' });

table('原注册证书号 (cert-number)', field('struct-eng-2', 'content', 'formerCertificateNumber'), [
  ['s2111000123', 'S2111000123'],
  ['第S2111000123号', { error: '原注册证书号只能包含字母、数字和“-”' }],
], { applicationType: 'renew' });

table('资质证书有效期至 (date, any real date)', field('survey-b', 'content', 'certificateExpiry'), [
  ['2025-06-30', '2025-06-30'],
  ['2020-01-01', '2020-01-01'],
  ['2024-02-29', '2024-02-29'],
  ['２０２５－０６－３０', '2025-06-30'],
  ['2025-02-29', { error: '资质证书有效期至应为有效日期，格式如2025-06-30' }],
  ['2025-13-01', { error: '资质证书有效期至应为有效日期，格式如2025-06-30' }],
  ['2025/06/30', { error: '资质证书有效期至应为有效日期，格式如2025-06-30' }],
  ['2025-6-30', { error: '资质证书有效期至应为有效日期，格式如2025-06-30' }],
  ['1899-12-31', { error: '资质证书有效期至应为有效日期，格式如2025-06-30' }],
  [20250630, { error: '资质证书有效期至应为有效日期，格式如2025-06-30' }],
], { applicationType: 'renew' });

table('原注册有效期 (date, past allowed)', field('struct-eng-2', 'content', 'formerExpiry'), [
  ['2019-12-31', '2019-12-31'],
  ['2031-12-31', '2031-12-31'],
  ['明年', { error: '原注册有效期应为有效日期，格式如2025-06-30' }],
], { applicationType: 'cancel' });

table('有效期至 (date, not before today)', groupField('validUntil'), [
  ['2025-06-01', '2025-06-01'],
  ['2030-12-31', '2030-12-31'],
  ['2025-05-31', { error: '有效期至不能早于今天' }],
]);

table('行政所属区划 (region, not 北京)', field('nonlocal-filing', 'applicant', 'region'), [
  ['130102', '130102'],
  [['130000', '130100', '130102'], '130102'],
  ['441900', '441900'],
  ['110101', { error: '外埠企业的行政所属区划不能为北京市' }],
  ['110000', { error: '外埠企业的行政所属区划不能为北京市' }],
  [['110000', '110100', '110108'], { error: '外埠企业的行政所属区划不能为北京市' }],
  ['130100', { error: '行政所属区划请选择到区县一级' }],
  ['130000', { error: '行政所属区划请选择到区县一级' }],
  ['130199', { error: '行政所属区划请选择到区县一级' }],
  ['13010', { error: '请从列表中选择行政所属区划' }],
  ['河北省石家庄市', { error: '请从列表中选择行政所属区划' }],
  [{ code: '130102' }, { error: '行政所属区划格式不正确' }],
]);

const HEBEI_USCC = sampleUscc('130102', 'MA0HB001');

table('统一社会信用代码 (外埠: not registered in 北京)', field('nonlocal-filing', 'applicant', 'uscc'), [
  [HEBEI_USCC, HEBEI_USCC],
  [sampleUscc('120116', 'MA0HB001'), sampleUscc('120116', 'MA0HB001')],
  [USCC, { error: `统一社会信用代码${USCC}的登记管理机关行政区划码110108属于北京市，北京市企业无需办理外埠企业进京备案` }],
  [sampleUscc('110000', 'MA0HB001'), { error: `统一社会信用代码${sampleUscc('110000', 'MA0HB001')}的登记管理机关行政区划码110000属于北京市，北京市企业无需办理外埠企业进京备案` }],
  ['91110108MA01D3M07', { error: '统一社会信用代码应为18位' }],
]);

table('行政所属区划 agrees with the 统一社会信用代码', field('nonlocal-filing', 'applicant', 'region'), [
  ['130102', '130102'],
  ['130105', '130105'],
  [['130000', '130100', '130181'], '130181'],
  ['130203', { error: '行政所属区划河北省唐山市路北区（130203）与统一社会信用代码的登记管理机关行政区划码130102（河北省石家庄市长安区）不符，应选择河北省石家庄市内的区划' }],
  ['120101', { error: '行政所属区划天津市和平区（120101）与统一社会信用代码的登记管理机关行政区划码130102（河北省石家庄市长安区）不符，应选择河北省石家庄市内的区划' }],
  ['110108', { error: '外埠企业的行政所属区划不能为北京市' }],
], { uscc: HEBEI_USCC });

table('行政所属区划 with a USCC not yet valid: no cross-check', field('nonlocal-filing', 'applicant', 'region'), [['120101', '120101']], { uscc: '9113' });

// Names and addresses (identifiers/names.ts): printed verbatim on documents and the 公示 page.
table('申报单位 (org-name)', field('survey-b', 'applicant', 'orgName'), [
  ['中国建筑设计研究院有限公司', '中国建筑设计研究院有限公司'],
  ['北京XYZ工程咨询有限公司', '北京XYZ工程咨询有限公司'],
  ['北京测试勘察设计有限公司123456', '北京测试勘察设计有限公司123456'],
  ['<script>', { error: '申报单位含有不允许的字符“<”“>”，请只填写单位的登记名称' }],
]);

table('申请人 (person-name)', field('struct-eng-2', 'applicant', 'applicantName'), [
  ['阿卜杜热合曼·买买提', '阿卜杜热合曼·买买提'],
  ['张三（曾用名李四）', '张三（曾用名李四）'],
  ['张三\u202E', { error: '申请人含有不可见的文字方向控制符（U+202E），请删除后重新输入' }],
  ['张三😀', { error: '申请人含有不允许的字符“😀”，请按身份证件填写姓名' }],
]);

table('注册单位 (org-name)', field('struct-eng-2', 'applicant', 'employer'), [
  ['北京市规划和自然资源委员会', '北京市规划和自然资源委员会'],
  ['"><img src=x onerror=1>', { error: '注册单位含有不允许的字符“"”“>”“<”，请只填写单位的登记名称' }],
]);

table('通讯地址 (address)', field('survey-b', 'applicant', 'mailingAddress'), [
  ['北京市海淀区中关村大街1号院3号楼、5号楼，B1-101', '北京市海淀区中关村大街1号院3号楼、5号楼，B1-101'],
  ['北京市\u3000海淀区', '北京市 海淀区'],
  ['北京市\u200B海淀区', { error: '通讯地址含有不可见的零宽字符（U+200B），请删除后重新输入' }],
]);

table('发证机关 (org-name, in a group row)', groupField('issuer'), [
  ['河北省住房和城乡建设厅', '河北省住房和城乡建设厅'],
  ['<b>厅</b>', { error: '发证机关含有不允许的字符“<”“>”“/”，请只填写单位的登记名称' }],
]);

describe('names and addresses', () => {
  it('every free one-line text field of the items follows a name or address rule', () => {
    const loose: string[] = [];
    const visit = (fields: readonly FieldDefinition[], where: string) => {
      for (const f of fields) {
        if (f.kind === 'text' && !f.nameKind) loose.push(`${where}.${f.name}`);
        if (f.fields) visit(f.fields, `${where}.${f.name}`);
      }
    };
    for (const code of ['survey-b', 'design-b', 'struct-eng-2', 'nonlocal-filing'] as const) {
      for (const s of findItem(code)!.steps) visit(s.fields, `${code}.${s.key}`);
    }
    assert.deepEqual(loose, []);
  });

  it('a group row names its row and field', () => {
    const s = step('nonlocal-filing', 'content');
    const base = sampleApplication('nonlocal-filing', 'filing', CTX).content ?? {};
    const row = (base.certificates as Record<string, unknown>[])[0] ?? {};
    assert.deepEqual(validateStep(s, { ...base, certificates: [row, { ...row, issuer: '<i>厅' }] }, CTX), [
      { path: 'certificates.1.issuer', message: '第2条资质证书：发证机关含有不允许的字符“<”“>”，请只填写单位的登记名称' },
    ]);
  });
});

describe('资质类别及等级 (qualifications)', () => {
  const survey = field('survey-b', 'content', 'qualifications');
  const design = field('design-b', 'content', 'qualifications');
  const siblings = { applicationType: 'first' };
  const cases: [FieldDefinition, unknown, string[] | string][] = [
    [survey, ['B203B', 'B202B'], ['B203B', 'B202B']],
    [survey, [' b20301b '], ['B20301B']],
    [design, ['A32101B', 'A50701B', 'A217B'], ['A32101B', 'A50701B', 'A217B']],
    [survey, [], '请选择资质类别及等级'],
    [survey, 'B203B', '资质类别及等级格式不正确，请从列表中选择'],
    [survey, ['B999B'], '资质类别及等级中有无效的资质代码：B999B'],
    [survey, ['A32101B'], '“工程设计建筑行业（建筑工程）乙级”不属于本事项可申请的资质'],
    [survey, ['B1A'], '“工程勘察综合资质甲级”该资质由住房和城乡建设部审批，不在本事项办理范围内'],
    [design, ['A213B'], '“工程设计铁道行业乙级”该资质由住房和城乡建设部审批，不在本事项办理范围内'],
    [design, ['A32101B', 'A31901B'], '“工程设计水利行业水库枢纽专业乙级”该资质由住房和城乡建设部审批，不在本事项办理范围内'],
    [survey, ['B202C'], '“工程勘察工程测量专业丙级”该资质已停止受理，请选择其他资质'],
    [design, ['A32101D'], '“工程设计建筑行业（建筑工程）丁级”该资质已停止受理，请选择其他资质'],
    [survey, ['B203B', 'b203b'], '资质类别及等级不能重复选择“工程勘察岩土工程专业乙级”'],
    [survey, [42], '资质类别及等级格式不正确，请从列表中选择'],
  ];
  for (const [f, input, expected] of cases) {
    it(`${f.catalogue} ${JSON.stringify(input)}`, () => {
      const errors = validateFieldValue(f, input, siblings, CTX);
      if (typeof expected === 'string') {
        assert.deepEqual(errors, [{ path: 'qualifications', message: expected }]);
      } else {
        assert.deepEqual(errors, []);
        const s: FormStepDefinition = { key: 's', title: 's', kind: 'form', fields: [field('survey-b', 'content', 'applicationType'), f] };
        assert.deepEqual(cleanStep(s, { ...siblings, qualifications: input }, CTX).qualifications, expected);
      }
    });
  }
});

describe('text, select and radio', () => {
  it('text is trimmed and limited to maxLength', () => {
    const f = field('survey-b', 'applicant', 'orgName');
    assert.deepEqual(validateFieldValue(f, '  单位  ', {}, CTX), []);
    assert.deepEqual(validateFieldValue(f, '单'.repeat(101), {}, CTX), [{ path: 'orgName', message: '申报单位不能超过100个字' }]);
    assert.deepEqual(validateFieldValue(f, { x: 1 }, {}, CTX), [{ path: 'orgName', message: '申报单位格式不正确' }]);
  });

  it('select and radio accept only option values', () => {
    const nature = field('nonlocal-filing', 'applicant', 'orgNature');
    assert.deepEqual(validateFieldValue(nature, '事业单位', {}, CTX), []);
    assert.deepEqual(validateFieldValue(nature, '个体户', {}, CTX), [{ path: 'orgNature', message: '请从列表中选择单位性质' }]);
    const type = field('survey-b', 'content', 'applicationType');
    assert.deepEqual(validateFieldValue(type, 'renew', {}, CTX), []);
    assert.deepEqual(validateFieldValue(type, '申请延续工程勘察资质', {}, CTX), [{ path: 'applicationType', message: '请从列表中选择申请内容' }]);
    const province = field('survey-b', 'content', 'targetProvince');
    const siblings = { applicationType: 'relocate-province' };
    assert.deepEqual(validateFieldValue(province, '130000', siblings, CTX), []);
    assert.deepEqual(validateFieldValue(province, '110000', siblings, CTX), [{ path: 'targetProvince', message: '请从列表中选择迁入省份' }]);
  });

  it('a disabled option is refused', () => {
    const f: FieldDefinition = { name: 'x', label: '选项', kind: 'select', required: true, options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B', disabled: true }] };
    assert.deepEqual(validateFieldValue(f, 'a', {}, CTX), []);
    assert.deepEqual(validateFieldValue(f, 'b', {}, CTX), [{ path: 'x', message: '请从列表中选择选项' }]);
  });
});

describe('group rows (资质证书)', () => {
  const s = step('nonlocal-filing', 'content');
  const base = sampleApplication('nonlocal-filing', 'filing', CTX).content ?? {};
  const row = (base.certificates as Record<string, unknown>[])[0] ?? {};

  it('paths name the row and sub-field, messages name the row and field', () => {
    const errors = validateStep(s, { ...base, certificates: [row, { ...row, certificateNumber: '?', validUntil: '2020-01-01' }] }, CTX);
    assert.deepEqual(errors, [
      { path: 'certificates.1.certificateNumber', message: '第2条资质证书：资质证书编号应为4至40个字符' },
      { path: 'certificates.1.validUntil', message: '第2条资质证书：有效期至不能早于今天' },
    ]);
  });

  it('requires 1 to 10 rows of objects', () => {
    assert.deepEqual(validateStep(s, { ...base, certificates: [] }, CTX), [{ path: 'certificates', message: '请添加资质证书' }]);
    assert.deepEqual(validateStep(s, { ...base, certificates: Array(11).fill(row) }, CTX), [{ path: 'certificates', message: '资质证书最多填写10条' }]);
    assert.deepEqual(validateStep(s, { ...base, certificates: 'A113000001' }, CTX), [{ path: 'certificates', message: '资质证书格式不正确' }]);
    const errors = validateStep(s, { ...base, certificates: ['A113000001'] }, CTX);
    assert.deepEqual(errors[0], { path: 'certificates.0', message: '第1条资质证书：格式不正确' });
    assert.equal(errors.length, 5);
  });

  it('cleanStep keeps only known sub-fields, normalised', () => {
    const cleaned = cleanStep(s, { ...base, certificates: [{ ...row, certificateNumber: ' a113000001 ', extra: 'x' }] }, CTX);
    assert.deepEqual(cleaned.certificates, [{ ...row, certificateNumber: 'A113000001' }]);
  });
});

describe('cleanStep', () => {
  it('drops hidden and unknown fields and normalises visible ones', () => {
    const s = step('survey-b', 'content');
    const cleaned = cleanStep(
      s,
      {
        applicationType: 'rename',
        qualifications: ['b203b'],
        certificateNumber: ' b211012345 ',
        formerName: ' 原名称 ',
        certificateExpiry: '2026-01-01', // 延续 only
        cancelReason: '不需要', // 注销 only
        targetProvince: '130000', // 跨省变更 only
        isAdmin: true,
        __proto__: { polluted: 1 },
      },
      CTX,
    );
    assert.deepEqual(cleaned, { applicationType: 'rename', qualifications: ['B203B'], certificateNumber: 'B211012345', formerName: '原名称' });
  });

  it('keeps an invalid draft value as typed (trimmed) and drops empty ones', () => {
    const s = step('survey-b', 'applicant');
    assert.deepEqual(cleanStep(s, { postalCode: ' 1000 ', email: '', mobile: '   ', orgName: null }, CTX), { postalCode: '1000' });
  });

  it('returns nothing for non-form steps', () => {
    const attachments = findItem('survey-b')?.steps[2];
    assert.ok(attachments);
    assert.deepEqual(cleanStep(attachments, { applicationForm: 'x' }), {});
    assert.deepEqual(validateStep(attachments, {}), []);
  });
});

describe('validateApplication', () => {
  it('names each missing attachment slot', () => {
    const item = findItem('nonlocal-filing');
    assert.ok(item);
    const data = sampleApplication('nonlocal-filing', 'filing', CTX);
    assert.deepEqual(validateApplication(item, data, new Set(['localManagerAppointment']), CTX), [
      { path: 'attachments.integrityPledge', message: '请上传企业诚信守法承诺书' },
      { path: 'attachments.qualificationSummary', message: '请上传外埠建设工程勘察设计企业资质信息汇总表' },
    ]);
    assert.deepEqual(validateApplication(item, data, sampleAttachmentSlots('nonlocal-filing'), CTX), []);
  });

  it('collects the errors of every step, applicant step first', () => {
    const item = findItem('struct-eng-2');
    assert.ok(item);
    const data = sampleApplication('struct-eng-2', 'renew', CTX);
    const errors = validateApplication(
      item,
      { applicant: { ...data.applicant, contact: '123' }, content: { applicationType: 'renew' } },
      new Set(['applicationForm']),
      CTX,
    );
    assert.deepEqual(errors, [
      { path: 'applicant.contact', message: '请输入正确的手机号码' },
      { path: 'content.formerCertificateNumber', message: '请输入原注册证书号' },
      { path: 'content.formerExpiry', message: '请选择原注册有效期' },
      { path: 'attachments.otherAttachments', message: '请上传其他附件' },
    ]);
  });

  it('treats a missing or malformed step as empty', () => {
    const item = findItem('survey-b');
    assert.ok(item);
    const data = sampleApplication('survey-b', 'first', CTX);
    const errors = validateApplication(item, { applicant: data.applicant, content: 'first' as never }, sampleAttachmentSlots('survey-b'), CTX);
    assert.deepEqual(errors, [{ path: 'content.applicationType', message: '请选择申请内容' }]);
  });
});

describe('validateField (compatible with step 1 of the apply page)', () => {
  it('returns the first message or undefined', () => {
    const email = field('survey-b', 'applicant', 'email');
    assert.equal(validateField(email, ''), '请输入Email');
    assert.equal(validateField(email, 'a@b.cn'), undefined);
    const idType = field('struct-eng-2', 'applicant', 'idType');
    assert.equal(validateField(idType, undefined), '请选择证件类型');
    const idNumber = field('struct-eng-2', 'applicant', 'idNumber');
    assert.equal(validateField(idNumber, 'AB12345', { idType: '护照' }), undefined);
    assert.equal(validateField(idNumber, 'AB12345', { idType: '居民身份证' }), '身份证号码应为18位');
  });

  it('respects visibility and conditional requiredness from the sibling values', () => {
    const f = field('struct-eng-2', 'content', 'formerCertificateNumber');
    assert.equal(validateField(f, '', { applicationType: 'initial' }), undefined);
    assert.equal(validateField(f, '', { applicationType: 'cancel' }), placeholderOf(f));
  });
});

describe('dates', () => {
  it('parseIsoDate accepts real dates 1900–2100 only', () => {
    assert.equal(parseIsoDate('2024-02-29'), '2024-02-29');
    for (const bad of ['2023-02-29', '2024-00-10', '2024-01-32', '1899-12-31', '2101-01-01', '24-01-01', '2024-1-1', '']) {
      assert.equal(parseIsoDate(bad), undefined, bad);
    }
  });

  it('shanghaiDate reads a Date in UTC+8', () => {
    assert.equal(shanghaiDate(new Date('2025-05-31T15:59:59Z')), '2025-05-31');
    assert.equal(shanghaiDate(new Date('2025-05-31T16:00:00Z')), '2025-06-01');
    assert.equal(shanghaiDate('2025-06-01'), '2025-06-01');
    assert.throws(() => shanghaiDate('2025-6-1'), RangeError);
  });

  it('addToIsoDate adds years and days', () => {
    assert.equal(addToIsoDate('2024-02-29', 1), '2025-02-28', 'the same day a year later, as a validity counts it');
    assert.equal(addToIsoDate('2025-12-31', 0, 1), '2026-01-01');
  });
});
