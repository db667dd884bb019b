/** Service item (事项) definitions shared by server and browser. */
import type { AttachmentSlot, StepDefinition } from '../forms/types.ts';
import type { Outcome, RegisterRules } from '../register/types.ts';
import type { WorkflowVariantName } from '../workflow/variant-names.ts';

export type {
  AttachmentSlot,
  AttachmentsStepDefinition,
  BasicInfoKey,
  FieldCondition,
  FieldDefinition,
  FieldKind,
  FieldOption,
  FormStepDefinition,
  ProfileClaim,
  ReviewStepDefinition,
  StepDefinition,
  StepNotice,
} from '../forms/types.ts';

export type ApplicantKind = 'enterprise' | 'engineer';

/** 申请内容: what is applied for; decides conditional fields and the workflow variant. */
export interface ApplicationType {
  /** Stable code stored with the application, e.g. 'first', 'renew'. */
  value: string;
  /** Verbatim manual text. */
  label: string;
  workflow: WorkflowVariantName;
  /** What a 准予 decision of this type does to the register (src/domain/register/types.ts). */
  outcome: Outcome;
}

/** The document a granted case ends with. */
export type ResultKind = 'qualification-certificate' | 'registration-certificate' | 'filing-certificate';

/** Where the register's values go in the 申请内容 step, prefilled and locked. */
export interface RegisterFields {
  /** 原证书号 / 资质证书编号. */
  number: string;
  /** 原有效期 / 资质证书有效期至. */
  expiry: string;
  /** 原注册单位 (engineers' 变更注册). */
  employer?: string;
  /** The qualifications field (enterprises). */
  qualifications?: string;
}

/** Every rule of an item's result in one place: document kind and titles, register rules. */
export interface ItemResult {
  kind: ResultKind;
  /** 工程勘察资质证书 / 工程设计资质证书 / 注册证书 / 备案证明. */
  title: string;
  /** 准予 decision document: 准予行政许可决定书 / 准予注册决定书. */
  approvalTitle: string;
  /** 不予 decision document: 不予行政许可决定书 / 不予注册决定书 / 不予备案通知书. */
  refusalTitle: string;
  /** The act's own word in decision texts: 行政许可, 注册, 备案. */
  act: string;
  /** Results that enter the register (资质, 注册); a 备案 does not. */
  register?: RegisterRules & { fields: RegisterFields };
}

export interface TimeLimit {
  /** 法定办结时限, working days. */
  legalDays: number;
  /** 承诺办结时限, working days. */
  promisedDays: number;
}

/** One 申请材料 of the 办事指南. */
export interface GuideMaterial {
  name: string;
  note?: string;
  slot?: string;
  types?: readonly string[];
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
  /** `types`: the 申请内容 (values) a material is for; absent, every one of them. */
  materials: readonly GuideMaterial[];
  timeLimit: TimeLimit;
  fees: string;
  legalBasis: readonly string[];
  process: readonly string[];
  contact: string;
}

export interface ItemDefinition {
  code: ItemCode;
  title: string;
  /** 申报编号 prefix: KC2026000017. */
  numberPrefix: string;
  result: ItemResult;
  /** Department that owns the item (市规划自然资源委员会). */
  department: string;
  /** Catalog group shown in the breadcrumb: 勘察设计资格管理. */
  group: string;
  applicantKind: ApplicantKind;
  guide: ServiceGuide;
  /** 申请内容 options; at least one (外埠备案 has the single type 'filing'). */
  applicationTypes: readonly ApplicationType[];
  /** The four wizard steps: applicant, 申请内容, 附件上传, 提交. */
  steps: readonly StepDefinition[];
  /** The slots of the 附件上传 step (kept for code that predates the step). */
  attachmentSlots: readonly AttachmentSlot[];
}

export type ItemCode = 'survey-b' | 'design-b' | 'struct-eng-2' | 'nonlocal-filing';
