/**
 * The forms the system writes for the applicant (issue 20, 行政许可法 第三十条 示范文本): the item's
 * 申请表 prefilled from the wizard's data, and for 外埠 filings the 企业诚信守法承诺书, the 任命书 and
 * the 资质信息汇总表. The applicant prints one, signs and seals it, scans it and uploads it into the
 * slot it is for. Without data (办事指南) the same form comes blank, to be filled by hand.
 * What a form says is decided here; the server draws it (documents/render/form-pdf.ts).
 */
import { findQualification } from '../qualifications/index.ts';
import { regionPath } from '../regions/index.ts';
import type { ItemDefinition } from '../items/types.ts';
import { isFieldVisible, optionLabel, optionsOf } from './fields.ts';
import type { ApplicationData, FieldDefinition, FormStepDefinition, StepValues } from './types.ts';

export type FormBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'fields'; caption?: string; rows: ReadonlyArray<readonly [string, string]> }
  | { type: 'table'; caption?: string; columns: readonly { title: string; weight: number }[]; rows: ReadonlyArray<readonly string[]> };

export interface GeneratedForm {
  /** The attachment slot the signed scan goes into (also the form's key in URLs). */
  slot: string;
  title: string;
  /** 申报编号 when the application has one; printed under the title. */
  number?: string;
  blocks: readonly FormBlock[];
  /** Lines at the foot for seal, signature and date, each followed by a blank. */
  signatures: readonly string[];
  /** Printed small at the foot of every page. */
  footer: string;
}

/** What the system can write, per item: the slot and the form's title. */
export function generatedForms(item: ItemDefinition): readonly { slot: string; title: string }[] {
  switch (item.code) {
    case 'survey-b':
    case 'design-b':
      return [{ slot: 'applicationForm', title: `${item.title.replace(/认定.*$/, '')}申请表` }];
    case 'struct-eng-2':
      return [{ slot: 'applicationForm', title: '二级注册结构工程师注册申请表' }];
    case 'nonlocal-filing':
      return [
        { slot: 'integrityPledge', title: '企业诚信守法承诺书' },
        { slot: 'localManagerAppointment', title: '任命书' },
        { slot: 'qualificationSummary', title: '外埠建设工程勘察设计企业资质信息汇总表' },
      ];
    default:
      return [];
  }
}

/** A stored value as text on paper: option labels, region and qualification names, one per line. */
export function fieldText(field: FieldDefinition, value: unknown, { regionSeparator = ' ' }: { regionSeparator?: string } = {}): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  switch (field.kind) {
    case 'select':
    case 'radio':
      return optionLabel(field, String(value));
    case 'region':
      return regionPath(String(value))?.join(regionSeparator) ?? String(value);
    case 'qualifications':
      return (value as string[]).map((code) => findQualification(code)?.name ?? code).join('\n');
    case 'date':
      return chineseDay(String(value));
    case 'group':
      return (value as StepValues[])
        .map((row, i) => `${i + 1}. ${(field.fields ?? []).filter((f) => isFieldVisible(f, row)).map((f) => `${f.label}：${fieldText(f, row[f.name])}`).join('；')}`)
        .join('\n');
    default:
      return String(value);
  }
}

/** 2026-12-07 → 2026年12月7日. */
function chineseDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

const BLANK_DATE = '        年    月    日';
const SEAL = ['申请单位（盖章）', '法定代表人（签字）', `日期：${BLANK_DATE}`];

/**
 * The form for `slot`, from the application's data, or blank without it. `today` (YYYY-MM-DD)
 * dates the footer; `number` is the 申报编号 if the application has one.
 */
export function buildGeneratedForm(item: ItemDefinition, slot: string, source: { data?: ApplicationData; number?: string; today: string }): GeneratedForm | undefined {
  const known = generatedForms(item).find((f) => f.slot === slot);
  if (!known) return undefined;
  const data = source.data;
  const footer = data
    ? `本表由网上申报系统依申报内容于${chineseDay(source.today)}生成，打印后签字盖章，扫描上传至“${slotTitle(item, slot)}”栏。`
    : `空白表格，请如实填写后签字盖章，扫描上传至“${slotTitle(item, slot)}”栏。`;
  const base = { slot, title: known.title, ...(source.number ? { number: source.number } : {}), footer };
  const steps = item.steps.filter((s): s is FormStepDefinition => s.kind === 'form');
  const value = (step: string, name: string) => (data?.[step]?.[name] as string | undefined) ?? '';

  if (slot === 'applicationForm') {
    const sections = steps.map((step) => ({ type: 'fields' as const, caption: step.title, rows: stepRows(step, data?.[step.key]) }));
    const declaration =
      item.applicantKind === 'engineer'
        ? '本人承诺：所填内容及所附材料真实、准确、有效，如有虚假，愿承担相应法律责任。'
        : '本单位承诺：所填内容及所附材料真实、准确、有效，如有虚假，愿承担相应法律责任。';
    const signatures = item.applicantKind === 'engineer' ? ['申请人（签字）', '聘用单位（盖章）', `日期：${BLANK_DATE}`] : SEAL;
    return { ...base, blocks: [...sections, { type: 'paragraph', text: declaration }], signatures };
  }

  const enterprise = value('content', 'enterpriseName') || value('applicant', 'orgName') || '　'.repeat(10);
  const legalRep = value('content', 'legalRepresentative') || '　'.repeat(4);
  if (slot === 'integrityPledge') {
    return {
      ...base,
      blocks: [
        { type: 'paragraph', text: `${enterprise}（统一社会信用代码：${value('applicant', 'uscc') || '　'.repeat(9)}）拟在北京市行政区域内从事建设工程勘察设计活动，现郑重承诺：` },
        { type: 'paragraph', text: '一、遵守国家和北京市有关建设工程勘察设计的法律、法规、规章和技术标准，在资质证书许可的范围内承揽业务，不转包、违法分包，不出借、挂靠资质。' },
        { type: 'paragraph', text: '二、所提交的备案材料及填报信息真实、准确、完整、有效；相关信息发生变化的，及时办理备案变更。' },
        { type: 'paragraph', text: '三、接受北京市规划和自然资源委员会及有关部门的监督检查，如实提供有关资料。' },
        { type: 'paragraph', text: '如违反上述承诺，愿意承担相应的法律责任，并接受相关部门依法作出的处理。' },
      ],
      signatures: ['承诺单位（盖章）', `法定代表人（签字）：${legalRep}`, `日期：${BLANK_DATE}`],
    };
  }
  if (slot === 'localManagerAppointment') {
    return {
      ...base,
      blocks: [
        { type: 'paragraph', text: `经${enterprise}研究决定，任命____________同志（身份证号码：__________________）为本单位在北京市承揽建设工程勘察设计业务的负责人，全面负责本单位在京勘察设计业务的承揽、合同履行和质量安全管理，并代表本单位与北京市有关部门联系。` },
        { type: 'paragraph', text: '任期自任命之日起，至本单位另行任命时止。' },
        { type: 'fields', caption: '本单位信息', rows: [['企业名称', data ? enterprise : ''], ['法定代表人', value('content', 'legalRepresentative')], ['技术负责人', value('content', 'technicalDirector')], ['单位地址', value('content', 'unitAddress')]] },
      ],
      signatures: ['任命单位（盖章）', `法定代表人（签字）：${legalRep}`, `日期：${BLANK_DATE}`],
    };
  }
  // qualificationSummary: the certificates of step 2, one row each (blank rows to fill by hand).
  const certificates = (data?.content?.certificates as StepValues[] | undefined) ?? [];
  const rows = certificates.length > 0 ? certificates.map((c, i) => [String(i + 1), String(c.certificateNumber ?? ''), String(c.scope ?? ''), String(c.issuer ?? ''), c.validUntil ? chineseDay(String(c.validUntil)) : '']) : Array.from({ length: 6 }, (_, i) => [String(i + 1), '', '', '', '']);
  return {
    ...base,
    blocks: [
      {
        type: 'fields',
        caption: '企业基本信息',
        rows: [
          ['企业名称', data ? enterprise : ''],
          ['统一社会信用代码', value('applicant', 'uscc')],
          ['法定代表人', value('content', 'legalRepresentative')],
          ['技术负责人', value('content', 'technicalDirector')],
          ['单位地址', value('content', 'unitAddress')],
          ['联系人及手机', [value('applicant', 'contactName'), value('applicant', 'mobile')].filter(Boolean).join('　')],
        ],
      },
      {
        type: 'table',
        caption: '资质证书信息（填写企业持有的全部工程勘察、工程设计资质）',
        columns: [
          { title: '序号', weight: 0.9 },
          { title: '资质证书编号', weight: 2.2 },
          { title: '资质类别及等级', weight: 3.4 },
          { title: '发证机关', weight: 2.4 },
          { title: '有效期至', weight: 2.1 },
        ],
        rows,
      },
      { type: 'paragraph', text: '本单位承诺：以上信息与资质证书一致，真实、有效。' },
    ],
    signatures: SEAL,
  };
}

function slotTitle(item: ItemDefinition, slot: string): string {
  return item.attachmentSlots.find((s) => s.key === slot)?.title ?? slot;
}

/**
 * A wizard step's fields as label/value rows: the visible ones with their values, or, blank, every
 * field (the conditional ones apply to some 申请内容) with its choices as boxes to tick.
 */
function stepRows(step: FormStepDefinition, values: StepValues | undefined): [string, string][] {
  if (values) return step.fields.filter((f) => isFieldVisible(f, values)).map((f) => [f.label, fieldText(f, values[f.name])]);
  return step.fields.map((f) => [f.label, f.kind === 'select' || f.kind === 'radio' ? optionsOf(f).map((o) => `□${o.label}`).join('\n') : '']);
}
