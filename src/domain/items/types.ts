/** Service item (事项) definitions shared by server and browser. */

export type ApplicantKind = 'enterprise' | 'engineer';

/** Profile claims the identity provider supplies; forms prefill from them. */
export type ProfileClaim =
  | 'org_name' // 单位名称
  | 'uscc' // 统一社会信用代码
  | 'legal_rep' // 法定代表人
  | 'agent_name' // 经办人姓名
  | 'name' // 自然人姓名
  | 'id_type' // 证件类型
  | 'id_number' // 证件号码
  | 'phone_number' // 手机
  | 'email';

export type FieldKind = 'text' | 'uscc' | 'postal' | 'email' | 'mobile' | 'phone' | 'id-number' | 'select' | 'textarea';

export interface FieldDefinition {
  /** Stable key in the stored data. */
  name: string;
  /** Label exactly as the manual writes it. */
  label: string;
  kind: FieldKind;
  required: boolean;
  /** Prefill from this identity claim when present. */
  prefill?: ProfileClaim;
  /** Read-only when the identity supplied the value (e.g. 申报单位, 统一社会信用代码). */
  lockedWhenPrefilled?: boolean;
  options?: readonly string[];
  maxLength?: number;
}

export interface StepDefinition {
  key: string;
  title: string;
  fields: readonly FieldDefinition[];
}

export interface TimeLimit {
  /** 法定办结时限, working days. */
  legalDays: number;
  /** 承诺办结时限, working days. */
  promisedDays: number;
}

/** 办事指南 content. Each string is shown as a paragraph or list entry. */
export interface ServiceGuide {
  summary: string;
  applicants: readonly string[];
  conditions: readonly string[];
  /**
   * 申请材料. `slot` names the attachment slot (ItemDefinition.attachmentSlots[].key) the
   * material is uploaded in; entries sharing a slot are merged into that slot's single PDF.
   */
  materials: readonly { name: string; note?: string; slot?: string }[];
  timeLimit: TimeLimit;
  fees: string;
  legalBasis: readonly string[];
  process: readonly string[];
  contact: string;
}

export interface ItemDefinition {
  code: ItemCode;
  title: string;
  /** Department that owns the item (市规划自然资源委员会). */
  department: string;
  /** Catalog group shown in the breadcrumb: 勘察设计资格管理. */
  group: string;
  applicantKind: ApplicantKind;
  guide: ServiceGuide;
  /** Step 1 of the wizard; the remaining steps arrive with the full wizard. */
  steps: readonly StepDefinition[];
  attachmentSlots: readonly { key: string; title: string }[];
}

export type ItemCode = 'survey-b' | 'design-b' | 'struct-eng-2' | 'nonlocal-filing';
