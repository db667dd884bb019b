/**
 * Values shared by several item definitions. Kept apart from catalog.ts so that the item
 * files never import the catalog (which imports them) — no import cycle.
 */
import type { QualificationCatalogueKey } from '../qualifications/types.ts';
import { BEIJING_CODE, PROVINCES } from '../regions/provinces.ts';
import { ACCEPT_LIMIT_DAYS, DECISION_LIMIT_DAYS } from '../workflow/variants.ts';
import type { ApplicationType, AttachmentSlot, FieldCondition, FieldDefinition, FormStepDefinition, ItemResult, StepDefinition, StepNotice } from './types.ts';

/** Department as listed in the 首都之窗 政务服务目录. */
export const DEPARTMENT = '市规划自然资源委员会';

/** Catalog group shown in the breadcrumb 首页 / 勘察设计资格管理 / <事项名>. */
export const GROUP = '勘察设计资格管理';

/**
 * PLACEHOLDER: consultation line and hours; the commission configures the real value.
 * (010-58511090 is the unified-identity hotline, not the item's own consultation line.)
 */
export const CONTACT = '咨询电话：010-55595000（工作日 9:00-17:30）';

export const FEES = '不收费';

/** 法定办结时限: 20 working days from 受理 (《中华人民共和国行政许可法》第四十二条). */
export const LEGAL_DAYS = DECISION_LIMIT_DAYS;

/**
 * 办理时限 of a licence item. The promise is the limit the workflow tracks (guides.test.ts): the
 * commission's own 承诺办结时限 is unconfirmed (REFERENCE §1.1.5); a shorter promise needs shorter
 * node limits in the variants first.
 */
export const LICENCE_TIME_LIMIT = { legalDays: LEGAL_DAYS, promisedDays: 20 } as const;

/** The laws every licence item rests on, before its own regulations. */
export const LICENCE_LAWS = ['《中华人民共和国行政许可法》', '《建设工程勘察设计管理条例》（国务院令第293号）'] as const;

/** The 受理 step of a licence item's 办理流程 (Art.32: 补正 told at once, within the 受理 limit). */
export const ACCEPT_STEP_TEXT = `受理：申请材料齐全、符合法定形式的，予以受理并出具受理单；材料不齐全或者不符合法定形式的，在${ACCEPT_LIMIT_DAYS}个工作日内一次性告知需要补正的全部内容。`;

/** Manual 3.1–3.3 step 3: 附件要求格式为 pdf，且只能上传一个. */
export const PDF_ONLY_HINT = '附件要求格式为PDF，且只能上传一个文件。';

/** Items 1–3: 申请表 and 其他附件, one PDF each. */
export const FORM_AND_OTHER_SLOTS: readonly AttachmentSlot[] = [
  { key: 'applicationForm', title: '申请表', hint: `上传填写完整的申请表扫描件。${PDF_ONLY_HINT}`, accept: 'application/pdf', required: true },
  {
    key: 'otherAttachments',
    title: '其他附件',
    hint: `申请表以外的材料按申请内容的要求整合为一个文件上传，列出目录及详细页码范围。${PDF_ONLY_HINT}`,
    accept: 'application/pdf',
    required: true,
  },
];

/** 温馨提示 of manual 3.1 step 3, verbatim (items 1/2; the manual's page break inside 技术人员 removed). */
export const SURVEY_DESIGN_ATTACHMENT_NOTICE: StepNotice = {
  title: '温馨提示',
  text:
    '企业上报材料内容依据不同申请类型的相关材料要求，材料全部为电子扫描件上传申报，取消纸质材料，' +
    '但所要求的纸质材料要变更为电子扫描件上传（重复上传的除外）。' +
    '所上传的技术人员材料（按照技术负责人、全部注册人员、全部非注册人员的顺序）应以“个人”为单位，' +
    '身份证、毕业证、职称证、《专业技术人员基本情况及业绩表》等整合在一起，依据资质申请表填报的人员顺序排序整合后上传。' +
    '（列出目录及详细页码范围，页面清晰、可识别）',
};

/** 温馨提示 of the manual (items 1/2), general part. */
export const SCAN_ONLY_NOTE =
  '申请材料全部以电子扫描件上传，不再提交纸质材料；原要求提交的纸质材料改为上传电子扫描件（重复上传的除外）。';

/** 温馨提示 of the manual (items 1/2), technical-personnel part. */
export const TECH_PERSONNEL_NOTE =
  '所上传的技术人员材料按照技术负责人、全部注册人员、全部非注册人员的顺序，以“个人”为单位，' +
  '将身份证、毕业证、职称证、《专业技术人员基本情况及业绩表》等整合在一起，' +
  '依据资质申请表填报的人员顺序排序整合后上传。';

/** 其他附件 layout rule (目录 + 页码范围, legible pages). */
export const TABLE_OF_CONTENTS_NOTE = '合并后的文件应列出目录及详细页码范围，页面清晰、可识别。';

/** Step 1 (申请单位) of items 1 and 2, labels exactly as the manual's screens show them. */
const enterpriseApplicantFields: readonly FieldDefinition[] = [
  { name: 'orgName', label: '申报单位', kind: 'text', nameKind: 'org-name', required: true, prefill: 'org_name', lockedWhenPrefilled: true, maxLength: 100 },
  { name: 'uscc', label: '统一社会信用代码', kind: 'uscc', required: true, prefill: 'uscc', lockedWhenPrefilled: true },
  { name: 'postalCode', label: '邮政编码', kind: 'postal', required: true, basicInfo: 'postalCode' },
  { name: 'email', label: 'Email', kind: 'email', required: true, prefill: 'email', maxLength: 254, basicInfo: 'email' },
  { name: 'mailingAddress', label: '通讯地址', kind: 'text', nameKind: 'address', required: true, maxLength: 200, basicInfo: 'mailingAddress' },
  { name: 'registeredAddress', label: '注册地址', kind: 'text', nameKind: 'address', required: true, maxLength: 200, basicInfo: 'registeredAddress' },
  { name: 'agent', label: '委托代理人', kind: 'text', nameKind: 'person-name', required: true, prefill: 'agent_name', maxLength: 50, basicInfo: 'agentName' },
  { name: 'phone', label: '电话', kind: 'phone', required: true, maxLength: 30, basicInfo: 'phone' },
  { name: 'mobile', label: '手机', kind: 'mobile', required: true, prefill: 'phone_number', maxLength: 20, basicInfo: 'mobile' },
];

export const ENTERPRISE_APPLICANT_STEP: StepDefinition = {
  key: 'applicant',
  title: '申请单位',
  kind: 'form',
  fields: enterpriseApplicantFields,
};

/** Step 3 (附件上传). */
export function attachmentsStep(slots: readonly AttachmentSlot[], notice?: StepNotice): StepDefinition {
  return { key: 'attachments', title: '附件上传', kind: 'attachments', fields: [], slots, ...(notice ? { notice } : {}) };
}

/** Step 4 (提交): the applicant reviews everything and submits. */
export const REVIEW_STEP: StepDefinition = { key: 'review', title: '提交', kind: 'review', fields: [] };

/** Name of the 申请内容 field in step 2; conditions refer to it. */
export const APPLICATION_TYPE_FIELD = 'applicationType';

/** Condition "申请内容 is one of …". */
export function whenType(...values: string[]): FieldCondition {
  return { field: APPLICATION_TYPE_FIELD, in: values };
}

/** The 申请内容 radio group, options = the item's application types (verbatim labels). */
export function applicationTypeField(types: readonly ApplicationType[]): FieldDefinition {
  return {
    name: APPLICATION_TYPE_FIELD,
    label: '申请内容',
    kind: 'radio',
    required: true,
    options: types.map((t) => ({ value: t.value, label: t.label })),
  };
}

/** Manual 3.1 / REFERENCE §0.4 #7, the same text for 勘察 and 设计. */
export const RELOCATE_PROVINCE_LABEL =
  '具有工程勘察甲级、工程设计甲级以及涉及铁路、交通、水利、信息产业、民航等方面的工程设计乙级资质的企业申请工商注册地跨省、自治区、直辖市变更申请';

/**
 * The eight 申请内容 of items 1/2 (manual 3.1), `subject` = 工程勘察 | 工程设计 where the text names
 * the item. Workflows per REFERENCE §1.1.5: 名称变更 is a document check, 跨省变更 is forwarded to
 * MOHURD, 注销 has only 公告; 延续 keeps the full flow (公示 "often" there, a per-variant setting).
 */
export function enterpriseApplicationTypes(subject: '工程勘察' | '工程设计'): ApplicationType[] {
  return [
    { value: 'first', label: `首次申请${subject}资质`, workflow: 'full-review', outcome: 'issue' },
    { value: 'upgrade', label: `申请晋升${subject}资质`, workflow: 'full-review', outcome: 'upgrade' },
    { value: 'add', label: `申请增加${subject}其他资质`, workflow: 'full-review', outcome: 'add' },
    // 行政许可法 Art. 50: 延续 runs from the old expiry date.
    { value: 'renew', label: `申请延续${subject}资质`, workflow: 'full-review', outcome: 'renew' },
    // Art. 49: 变更 is not 延续 — the certificate is reissued with its validity unchanged.
    { value: 'rename', label: '企业名称发生变化需变更资质证书申请', workflow: 'document-check', outcome: 'change' },
    { value: 'restructure', label: '企业合并、分立、改制、重组后，需重新核定资质申请', workflow: 'full-review', outcome: 'reassess' },
    // Decided by MOHURD (REFERENCE §1.1.5): nothing changes in this register.
    { value: 'relocate-province', label: RELOCATE_PROVINCE_LABEL, workflow: 'forward-mohurd', outcome: 'none' },
    { value: 'cancel', label: `申请注销${subject}资质`, workflow: 'cancel', outcome: 'cancel' },
  ];
}

/**
 * Register rules of the two enterprise items. 资质证书 valid 5 years (160号令, REFERENCE §1.1.1);
 * 延续 due 60 days before expiry, so reminders come at 90, 60 and 30 days. Certificate numbers
 * follow the national 资质证书编号 coding (REFERENCE §6.1 [M]): the letter, approval level 2
 * (省级 — a Beijing certificate must not read as approved by the ministry, level 1), province 11,
 * a five-digit serial and a check digit.
 */
export function enterpriseRegister(letter: 'A' | 'B'): ItemResult['register'] {
  return {
    holder: 'enterprise',
    validityYears: 5,
    reassessValidityYears: { years: 1, unverified: true },
    numbering: { template: `${letter}211{serial:5}{check}`, series: `cert-${letter}2-11`, perYear: false },
    reminderDays: [90, 60, 30],
    renewBeforeDays: 60,
    fields: { number: 'certificateNumber', expiry: 'certificateExpiry', qualifications: 'qualifications' },
  };
}

/** Decision documents of a 行政许可 (items 1/2). */
export const LICENCE_DECISIONS = { approvalTitle: '准予行政许可决定书', refusalTitle: '不予行政许可决定书', act: '行政许可' } as const;

/** 迁入省份 choices: every province but 北京. */
const TARGET_PROVINCES = PROVINCES.filter((p) => p.code !== BEIJING_CODE).map((p) => ({ value: p.code, label: p.name }));

/**
 * Step 2 (申请内容) of items 1/2. Choices where REFERENCE is silent:
 * - 资质类别及等级 is hidden for 跨省变更: such a firm holds 甲级 or MOHURD 乙级, which this item's
 *   catalogue cannot express; it states them as text (现有资质类别及等级) instead.
 * - 资质证书编号 is asked whenever the firm already holds a certificate; optional for 重新核定
 *   (a newly formed successor may have none), required otherwise.
 * - 资质证书有效期至 (延续) accepts any real date: a late 延续 is for staff to judge, not the form.
 */
export function enterpriseContentStep(catalogue: QualificationCatalogueKey, types: readonly ApplicationType[]): FormStepDefinition {
  return {
    key: 'content',
    title: '申请内容',
    kind: 'form',
    fields: [
      applicationTypeField(types),
      {
        name: 'qualifications',
        label: '资质类别及等级',
        kind: 'qualifications',
        required: true,
        catalogue,
        visibleWhen: whenType('first', 'upgrade', 'add', 'renew', 'rename', 'restructure', 'cancel'),
        hint: '可选择多项；置灰的资质由住房和城乡建设部审批，不在本事项办理范围内。',
      },
      {
        name: 'heldQualifications',
        label: '现有资质类别及等级',
        kind: 'textarea',
        required: true,
        visibleWhen: whenType('relocate-province'),
        maxLength: 500,
        hint: '按资质证书填写企业现有的工程勘察甲级、工程设计甲级或涉及铁路、交通、水利、信息产业、民航等方面的工程设计乙级资质。',
      },
      {
        name: 'certificateNumber',
        label: '资质证书编号',
        kind: 'cert-number',
        required: false,
        visibleWhen: whenType('upgrade', 'add', 'renew', 'rename', 'restructure', 'relocate-province', 'cancel'),
        requiredWhen: whenType('upgrade', 'add', 'renew', 'rename', 'relocate-province', 'cancel'),
        maxLength: 40,
        hint: '填写企业现持有的资质证书编号。',
      },
      { name: 'certificateExpiry', label: '资质证书有效期至', kind: 'date', required: true, visibleWhen: whenType('renew') },
      { name: 'formerName', label: '原企业名称', kind: 'text', nameKind: 'org-name', required: true, visibleWhen: whenType('rename'), maxLength: 100 },
      {
        name: 'restructureDescription',
        label: '合并、分立、改制、重组情况说明',
        kind: 'textarea',
        required: true,
        visibleWhen: whenType('restructure'),
        maxLength: 1000,
        hint: '请写明原企业名称、统一社会信用代码、原资质证书编号，以及合并、分立、改制或重组的方式。',
      },
      { name: 'targetProvince', label: '迁入省份', kind: 'select', required: true, visibleWhen: whenType('relocate-province'), options: TARGET_PROVINCES },
      { name: 'cancelReason', label: '注销原因', kind: 'textarea', required: true, visibleWhen: whenType('cancel'), maxLength: 500 },
    ],
  };
}
