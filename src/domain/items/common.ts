/**
 * Values shared by several item definitions. Kept apart from catalog.ts so that the item
 * files never import the catalog (which imports them) — no import cycle.
 */
import type { FieldDefinition, StepDefinition } from './types.ts';

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
export const LEGAL_DAYS = 20;

/** Items 1–3: 申请表 and 其他附件, one PDF each. */
export const FORM_AND_OTHER_SLOTS = [
  { key: 'applicationForm', title: '申请表' },
  { key: 'otherAttachments', title: '其他附件' },
] as const;

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
  { name: 'orgName', label: '申报单位', kind: 'text', required: true, prefill: 'org_name', lockedWhenPrefilled: true, maxLength: 100 },
  { name: 'uscc', label: '统一社会信用代码', kind: 'uscc', required: true, prefill: 'uscc', lockedWhenPrefilled: true },
  { name: 'postalCode', label: '邮政编码', kind: 'postal', required: true },
  { name: 'email', label: 'Email', kind: 'email', required: true, prefill: 'email', maxLength: 254 },
  { name: 'mailingAddress', label: '通讯地址', kind: 'text', required: true, maxLength: 200 },
  { name: 'registeredAddress', label: '注册地址', kind: 'text', required: true, maxLength: 200 },
  { name: 'agent', label: '委托代理人', kind: 'text', required: true, prefill: 'agent_name', maxLength: 50 },
  { name: 'phone', label: '电话', kind: 'phone', required: true, maxLength: 30 },
  { name: 'mobile', label: '手机', kind: 'mobile', required: true, prefill: 'phone_number', maxLength: 20 },
];

export const ENTERPRISE_APPLICANT_STEP: StepDefinition = {
  key: 'applicant',
  title: '申请单位',
  fields: enterpriseApplicantFields,
};
