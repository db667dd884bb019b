import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanStep, isFieldRequired, isFieldVisible, optionsOf, placeholderOf, validateApplication, validateStep } from '../forms/index.ts';
import type { FieldDefinition, FormStepDefinition, StepValues } from '../forms/types.ts';
import { WORKFLOW_VARIANT_NAMES, isWorkflowVariantName } from '../workflow/variant-names.ts';
import { applicationTypeOf, attachmentsStepOf, findStep, formSteps, workflowOf } from './application-types.ts';
import { ITEMS, findItem } from './catalog.ts';
import { sampleApplication, sampleAttachmentSlots } from './fixtures.ts';
import { prefillStep } from './prefill.ts';
import type { ItemCode, ItemDefinition } from './types.ts';

const TODAY = '2025-06-01';
const CTX = { today: TODAY };

function item(code: ItemCode): ItemDefinition {
  const found = findItem(code);
  assert.ok(found, code);
  return found;
}

function contentStep(code: ItemCode): FormStepDefinition {
  const step = findStep(item(code), 'content');
  assert.ok(step && step.kind === 'form', `${code}: content step`);
  return step;
}

/** Every field with its group sub-fields, with a display path. */
function allFields(i: ItemDefinition): { where: string; field: FieldDefinition }[] {
  return i.steps.flatMap((s) =>
    s.fields.flatMap((f) => [
      { where: `${i.code}/${s.key}/${f.name}`, field: f },
      ...(f.fields ?? []).map((sub) => ({ where: `${i.code}/${s.key}/${f.name}/${sub.name}`, field: sub })),
    ]),
  );
}

const CHOICE = new Set(['select', 'radio', 'date', 'region', 'qualifications']);

describe('item definitions: structure', () => {
  it('every item has the four steps applicant → content → attachments → review with unique keys', () => {
    for (const i of ITEMS) {
      assert.deepEqual(
        i.steps.map((s) => [s.key, s.kind]),
        [['applicant', 'form'], ['content', 'form'], ['attachments', 'attachments'], ['review', 'review']],
        i.code,
      );
      assert.equal(new Set(i.steps.map((s) => s.key)).size, i.steps.length, i.code);
      assert.deepEqual(i.steps.slice(1).map((s) => s.title), ['申请内容', '附件上传', '提交'], i.code);
      for (const s of i.steps) if (s.kind !== 'form') assert.deepEqual(s.fields, [], `${i.code}/${s.key}: no fields`);
    }
  });

  it('field names are unique per item and per group; labels are non-empty and unique per step', () => {
    for (const i of ITEMS) {
      const names = i.steps.flatMap((s) => s.fields.map((f) => f.name));
      assert.equal(new Set(names).size, names.length, `${i.code}: names`);
      for (const s of i.steps) {
        const labels = s.fields.map((f) => f.label);
        assert.equal(new Set(labels).size, labels.length, `${i.code}/${s.key}: labels`);
        for (const f of s.fields) {
          if (!f.fields) continue;
          assert.equal(new Set(f.fields.map((x) => x.name)).size, f.fields.length, `${i.code}/${f.name}: row names`);
          assert.equal(new Set(f.fields.map((x) => x.label)).size, f.fields.length, `${i.code}/${f.name}: row labels`);
        }
      }
      for (const { where, field } of allFields(i)) {
        assert.match(field.name, /^[a-z][A-Za-z0-9]*$/, where);
        assert.ok(field.label.trim().length > 0, `${where}: label`);
        assert.equal(field.label, field.label.trim(), `${where}: label untrimmed`);
      }
    }
  });

  it('placeholders are 请输入/请选择/请添加 + label', () => {
    for (const i of ITEMS) {
      for (const { where, field } of allFields(i)) {
        const verb = field.kind === 'group' ? '请添加' : CHOICE.has(field.kind) ? '请选择' : '请输入';
        assert.equal(placeholderOf(field), `${verb}${field.label}`, where);
      }
    }
  });

  it('conditions refer to a choice field of the same step and to its option values', () => {
    for (const i of ITEMS) {
      for (const s of formSteps(i)) {
        for (const f of s.fields) {
          for (const cond of [f.visibleWhen, f.requiredWhen]) {
            if (!cond) continue;
            const target = s.fields.find((x) => x.name === cond.field);
            assert.ok(target && target !== f, `${i.code}/${f.name}: condition on ${cond.field}`);
            const values = optionsOf(target).map((o) => o.value);
            for (const v of cond.in) assert.ok(values.includes(v), `${i.code}/${f.name}: ${v} is no option of ${cond.field}`);
          }
          if (f.requiredWhen) {
            assert.equal(f.required, false, `${i.code}/${f.name}: requiredWhen with required`);
            const visible = f.visibleWhen?.in ?? [];
            for (const v of f.requiredWhen.in) assert.ok(!f.visibleWhen || visible.includes(v), `${i.code}/${f.name}: required while hidden (${v})`);
          }
        }
      }
    }
  });

  it('the attachments step holds the item attachment slots: PDF, required, with hints', () => {
    for (const i of ITEMS) {
      const step = attachmentsStepOf(i);
      assert.ok(step, i.code);
      assert.deepEqual(step.slots, i.attachmentSlots, i.code);
      for (const slot of step.slots) {
        assert.equal(slot.accept, 'application/pdf', `${i.code}/${slot.key}`);
        assert.equal(slot.required, true, `${i.code}/${slot.key}`);
        assert.match(slot.hint, /PDF/, `${i.code}/${slot.key}`);
        assert.match(slot.hint, /只能上传一个/, `${i.code}/${slot.key}`);
      }
    }
  });

  it('survey and design show the manual 温馨提示 verbatim on the attachments step; the others none', () => {
    const manual =
      '企业上报材料内容依据不同申请类型的相关材料要求，材料全部为电子扫描件上传申报，取消纸质材料，但所要求的纸质材料要变更为电子扫描件上传（重复上传的除外）。所上传的技术人员材料（按照技术负责人、全部注册人员、全部非注册人员的顺序）应以“个人”为单位，身份证、毕业证、职称证、《专业技术人员基本情况及业绩表》等整合在一起，依据资质申请表填报的人员顺序排序整合后上传。（列出目录及详细页码范围，页面清晰、可识别）';
    for (const code of ['survey-b', 'design-b'] as const) {
      assert.deepEqual(attachmentsStepOf(item(code))?.notice, { title: '温馨提示', text: manual }, code);
    }
    for (const code of ['struct-eng-2', 'nonlocal-filing'] as const) assert.equal(attachmentsStepOf(item(code))?.notice, undefined, code);
  });

  it('step 1 keeps the field names and kinds of today (行政所属区划 becomes a region)', () => {
    const shape = (code: ItemCode) => item(code).steps[0]?.fields.map((f) => `${f.name}:${f.kind}`);
    const enterprise = ['orgName:text', 'uscc:uscc', 'postalCode:postal', 'email:email', 'mailingAddress:text', 'registeredAddress:text', 'agent:text', 'phone:phone', 'mobile:mobile'];
    assert.deepEqual(shape('survey-b'), enterprise);
    assert.deepEqual(shape('design-b'), enterprise);
    assert.deepEqual(shape('struct-eng-2'), ['applicantName:text', 'idType:select', 'idNumber:id-number', 'contact:mobile', 'employer:text', 'mailingAddress:text']);
    assert.deepEqual(shape('nonlocal-filing'), [
      'orgName:text', 'uscc:uscc', 'address:text', 'region:region', 'orgNature:select', 'postalCode:postal', 'contactName:text', 'mobile:mobile', 'email:email',
    ]);
  });
});

describe('item definitions: 申请内容', () => {
  it('survey step 2 offers the eight manual texts verbatim', () => {
    const field = contentStep('survey-b').fields[0];
    assert.ok(field);
    assert.equal(field.name, 'applicationType');
    assert.equal(field.label, '申请内容');
    assert.deepEqual(optionsOf(field).map((o) => o.label), [
      '首次申请工程勘察资质',
      '申请晋升工程勘察资质',
      '申请增加工程勘察其他资质',
      '申请延续工程勘察资质',
      '企业名称发生变化需变更资质证书申请',
      '企业合并、分立、改制、重组后，需重新核定资质申请',
      '具有工程勘察甲级、工程设计甲级以及涉及铁路、交通、水利、信息产业、民航等方面的工程设计乙级资质的企业申请工商注册地跨省、自治区、直辖市变更申请',
      '申请注销工程勘察资质',
    ]);
  });

  it('design step 2 mirrors survey with 工程设计 where the text names the item', () => {
    const survey = optionsOf(contentStep('survey-b').fields[0]!);
    const design = optionsOf(contentStep('design-b').fields[0]!);
    assert.deepEqual(design.map((o) => o.value), survey.map((o) => o.value));
    assert.deepEqual(design.map((o) => o.label), [
      '首次申请工程设计资质',
      '申请晋升工程设计资质',
      '申请增加工程设计其他资质',
      '申请延续工程设计资质',
      '企业名称发生变化需变更资质证书申请',
      '企业合并、分立、改制、重组后，需重新核定资质申请',
      survey[6]?.label,
      '申请注销工程设计资质',
    ]);
  });

  it('struct-eng-2 offers the six manual options', () => {
    assert.deepEqual(optionsOf(contentStep('struct-eng-2').fields[0]!).map((o) => o.label), [
      '初始注册', '延续注册', '变更注册', '更改、补办注册', '注销注册', '预注册',
    ]);
  });

  it('the 申请内容 field options are exactly the item application types', () => {
    for (const i of ITEMS) {
      assert.ok(i.applicationTypes.length >= 1, i.code);
      const values = i.applicationTypes.map((t) => t.value);
      assert.equal(new Set(values).size, values.length, i.code);
      const field = formSteps(i).flatMap((s) => s.fields).find((f) => f.name === 'applicationType');
      if (i.applicationTypes.length === 1) {
        assert.equal(field, undefined, `${i.code}: a single type needs no choice`);
        continue;
      }
      assert.ok(field, i.code);
      assert.deepEqual(optionsOf(field), i.applicationTypes.map((t) => ({ value: t.value, label: t.label })), i.code);
    }
    assert.deepEqual(item('nonlocal-filing').applicationTypes.map((t) => t.value), ['filing']);
  });

  it('every application type maps to a named workflow variant', () => {
    const expected: Record<ItemCode, Record<string, string>> = {
      'survey-b': {
        first: 'full-review', upgrade: 'full-review', add: 'full-review', renew: 'full-review',
        rename: 'document-check', restructure: 'full-review', 'relocate-province': 'forward-mohurd', cancel: 'cancel',
      },
      'design-b': {
        first: 'full-review', upgrade: 'full-review', add: 'full-review', renew: 'full-review',
        rename: 'document-check', restructure: 'full-review', 'relocate-province': 'forward-mohurd', cancel: 'cancel',
      },
      'struct-eng-2': {
        initial: 'engineer-registration', renew: 'engineer-registration', change: 'engineer-registration',
        'amend-reissue': 'engineer-reissue', cancel: 'engineer-cancel', pre: 'engineer-registration',
      },
      'nonlocal-filing': { filing: 'filing' },
    };
    for (const i of ITEMS) {
      assert.deepEqual(Object.fromEntries(i.applicationTypes.map((t) => [t.value, t.workflow])), expected[i.code], i.code);
      for (const t of i.applicationTypes) {
        assert.equal(isWorkflowVariantName(t.workflow), true, `${i.code}/${t.value}`);
        assert.equal(workflowOf(i, t.value), t.workflow);
      }
      assert.equal(workflowOf(i, 'nonsense'), undefined);
    }
  });

  it('every workflow variant name is used by some application type, and names are unique', () => {
    assert.equal(new Set(WORKFLOW_VARIANT_NAMES).size, WORKFLOW_VARIANT_NAMES.length);
    const used = new Set(ITEMS.flatMap((i) => i.applicationTypes.map((t) => t.workflow)));
    assert.deepEqual([...WORKFLOW_VARIANT_NAMES].filter((n) => !used.has(n)), []);
    assert.equal(isWorkflowVariantName('approve-everything'), false);
  });

  it('applicationTypeOf reads step 2, or takes the single type of a filing', () => {
    assert.equal(applicationTypeOf(item('survey-b'), { content: { applicationType: 'renew' } })?.value, 'renew');
    assert.equal(applicationTypeOf(item('survey-b'), { content: { applicationType: 'nonsense' } }), undefined);
    assert.equal(applicationTypeOf(item('survey-b'), {}), undefined);
    assert.equal(applicationTypeOf(item('struct-eng-2'), { content: { applicationType: 'pre' } })?.label, '预注册');
    assert.equal(applicationTypeOf(item('nonlocal-filing'), {})?.value, 'filing');
  });
});

describe('item definitions: conditional fields per application type', () => {
  const ENTERPRISE_CONDITIONAL = ['qualifications', 'heldQualifications', 'certificateNumber', 'certificateExpiry', 'formerName', 'restructureDescription', 'targetProvince', 'cancelReason'];
  const ENTERPRISE: Record<string, { visible: string[]; required: string[] }> = {
    '': { visible: [], required: [] },
    first: { visible: ['qualifications'], required: ['qualifications'] },
    upgrade: { visible: ['qualifications', 'certificateNumber'], required: ['qualifications', 'certificateNumber'] },
    add: { visible: ['qualifications', 'certificateNumber'], required: ['qualifications', 'certificateNumber'] },
    renew: { visible: ['qualifications', 'certificateNumber', 'certificateExpiry'], required: ['qualifications', 'certificateNumber', 'certificateExpiry'] },
    rename: { visible: ['qualifications', 'certificateNumber', 'formerName'], required: ['qualifications', 'certificateNumber', 'formerName'] },
    restructure: { visible: ['qualifications', 'certificateNumber', 'restructureDescription'], required: ['qualifications', 'restructureDescription'] },
    'relocate-province': { visible: ['heldQualifications', 'certificateNumber', 'targetProvince'], required: ['heldQualifications', 'certificateNumber', 'targetProvince'] },
    cancel: { visible: ['qualifications', 'certificateNumber', 'cancelReason'], required: ['qualifications', 'certificateNumber', 'cancelReason'] },
  };
  const ENGINEER: Record<string, { visible: string[]; required: string[] }> = {
    '': { visible: [], required: [] },
    initial: { visible: [], required: [] },
    renew: { visible: ['formerCertificateNumber', 'formerExpiry'], required: ['formerCertificateNumber', 'formerExpiry'] },
    change: { visible: ['formerCertificateNumber', 'formerExpiry', 'formerEmployer'], required: ['formerCertificateNumber', 'formerExpiry', 'formerEmployer'] },
    'amend-reissue': { visible: ['formerCertificateNumber', 'formerExpiry'], required: ['formerCertificateNumber', 'formerExpiry'] },
    cancel: { visible: ['formerCertificateNumber', 'formerExpiry'], required: ['formerCertificateNumber', 'formerExpiry'] },
    pre: { visible: [], required: [] },
  };

  function check(code: ItemCode, table: Record<string, { visible: string[]; required: string[] }>) {
    const step = contentStep(code);
    const conditional = step.fields.filter((f) => f.visibleWhen || f.requiredWhen);
    assert.deepEqual(Object.keys(table).filter(Boolean).sort(), item(code).applicationTypes.map((t) => t.value).sort(), `${code}: every type covered`);
    for (const [type, expected] of Object.entries(table)) {
      const values: StepValues = { applicationType: type };
      const visible = conditional.filter((f) => isFieldVisible(f, values)).map((f) => f.name);
      const required = conditional.filter((f) => isFieldRequired(f, values)).map((f) => f.name);
      assert.deepEqual(visible, expected.visible, `${code}/${type || '(none)'}: visible`);
      assert.deepEqual(required, expected.required, `${code}/${type || '(none)'}: required`);
    }
    return conditional.map((f) => f.name);
  }

  it('survey-b', () => assert.deepEqual(check('survey-b', ENTERPRISE), ENTERPRISE_CONDITIONAL));
  it('design-b', () => assert.deepEqual(check('design-b', ENTERPRISE), ENTERPRISE_CONDITIONAL));
  it('struct-eng-2: 原注册证书号 and 原注册有效期 exactly for 延续、变更、更改补办、注销', () => {
    assert.deepEqual(check('struct-eng-2', ENGINEER), ['formerCertificateNumber', 'formerExpiry', 'formerEmployer']);
    const step = contentStep('struct-eng-2');
    const labels = step.fields.filter((f) => f.name.startsWith('formerC') || f.name === 'formerExpiry').map((f) => f.label);
    assert.deepEqual(labels, ['原注册证书号', '原注册有效期']);
    const holding = item('struct-eng-2').applicationTypes.filter((t) => isFieldRequired(step.fields[1]!, { applicationType: t.value })).map((t) => t.label);
    assert.deepEqual(holding, ['延续注册', '变更注册', '更改、补办注册', '注销注册']);
  });
  it('nonlocal-filing has no conditional field', () => {
    for (const s of formSteps(item('nonlocal-filing'))) for (const f of s.fields) assert.equal(f.visibleWhen ?? f.requiredWhen, undefined, f.name);
  });

  it('a hidden field is never required and never stored, whatever its value', () => {
    const step = contentStep('struct-eng-2');
    const values = { applicationType: 'initial', formerCertificateNumber: '!!', formerExpiry: 'bad', formerEmployer: 'x' };
    assert.deepEqual(validateStep(step, values, CTX), []);
    assert.deepEqual(cleanStep(step, values, CTX), { applicationType: 'initial' });
  });
});

describe('item definitions: required fields and sample applications', () => {
  for (const i of ITEMS) {
    for (const t of i.applicationTypes) {
      it(`${i.code}/${t.value}: the sample is valid and stable under cleanStep`, () => {
        const data = sampleApplication(i.code, t.value, { today: TODAY });
        assert.deepEqual(validateApplication(i, data, sampleAttachmentSlots(i.code), CTX), []);
        const cleaned = Object.fromEntries(formSteps(i).map((s) => [s.key, cleanStep(s, data[s.key] ?? {}, CTX)]));
        assert.deepEqual(cleaned, data, 'sample values are already normal');
        assert.equal(applicationTypeOf(i, data)?.value, t.value);
      });

      it(`${i.code}/${t.value}: every visible required field reports 请输入/请选择<label> when empty`, () => {
        const data = sampleApplication(i.code, t.value, { today: TODAY });
        let checked = 0;
        for (const step of formSteps(i)) {
          const values = data[step.key] ?? {};
          for (const field of step.fields) {
            if (!isFieldRequired(field, values)) continue;
            for (const empty of field.kind === 'group' || field.kind === 'qualifications' ? [[], undefined] : ['', '   ', undefined]) {
              const errors = validateStep(step, { ...values, [field.name]: empty }, CTX);
              assert.deepEqual(errors, [{ path: field.name, message: placeholderOf(field) }], `${i.code}/${t.value}/${field.name}=${JSON.stringify(empty)}`);
            }
            for (const sub of field.fields ?? []) {
              const rows = values[field.name] as Record<string, unknown>[];
              const errors = validateStep(step, { ...values, [field.name]: [{ ...rows[0], [sub.name]: '' }] }, CTX);
              assert.deepEqual(errors, [{ path: `${field.name}.0.${sub.name}`, message: `第1条${field.label}：${placeholderOf(sub)}` }], sub.name);
            }
            checked++;
          }
        }
        assert.ok(checked >= 5, `${i.code}/${t.value}: checked ${checked}`);
      });
    }
  }

  it('nonlocal-filing step 2 prefills 企业名称 (locked) and 法定代表人 from the identity', () => {
    const profile = { orgName: '河北示范工程勘察设计有限公司', legalRep: '赵法人', agentName: '王联系' };
    assert.deepEqual(prefillStep(contentStep('nonlocal-filing'), profile), {
      values: { enterpriseName: '河北示范工程勘察设计有限公司', legalRepresentative: '赵法人' },
      locked: ['enterpriseName'],
    });
  });

  it('sampleApplication rejects an unknown type and applies applicant overrides', () => {
    assert.throws(() => sampleApplication('survey-b', 'initial'), RangeError);
    const data = sampleApplication('survey-b', 'first', { today: TODAY, applicant: { orgName: '测试单位' } });
    assert.equal(data.applicant?.orgName, '测试单位');
    assert.equal(sampleApplication('struct-eng-2').content?.applicationType, 'initial');
  });
});
