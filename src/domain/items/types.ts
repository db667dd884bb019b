/** Service item (事项) definitions shared by server and browser. */
import type { AttachmentSlot, StepDefinition } from '../forms/types.ts';
import type { WorkflowVariantName } from '../workflow/variant-names.ts';

export type {
  AttachmentSlot,
  AttachmentsStepDefinition,
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
  /** 申请内容 options; at least one (外埠备案 has the single type 'filing'). */
  applicationTypes: readonly ApplicationType[];
  /** The four wizard steps: applicant, 申请内容, 附件上传, 提交. */
  steps: readonly StepDefinition[];
  /** The slots of the 附件上传 step (kept for code that predates the step). */
  attachmentSlots: readonly AttachmentSlot[];
}

export type ItemCode = 'survey-b' | 'design-b' | 'struct-eng-2' | 'nonlocal-filing';
