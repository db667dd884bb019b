/**
 * The shared form model: item definitions (src/domain/items) are written in it, the browser
 * renders the wizard from it and the server validates with it (forms/validate.ts).
 */
import type { NameKind } from '../identifiers/names.ts';
import type { QualificationCatalogueKey } from '../qualifications/types.ts';

/** What an applicant keeps in 完善基本信息 (items/basic-info.ts); forms prefill from it. */
export type BasicInfoKey =
  | 'postalCode'
  | 'mailingAddress'
  | 'registeredAddress'
  | 'phone'
  | 'agentName'
  | 'contactName'
  | 'mobile'
  | 'email'
  | 'technicalDirector'
  | 'employer';

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

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'uscc'
  | 'postal'
  | 'email'
  | 'mobile'
  | 'phone'
  | 'id-number'
  | 'select'
  | 'radio'
  /** YYYY-MM-DD. */
  | 'date'
  /** GB/T 2260 county-level code (or a city without counties), chosen province → city → county. */
  | 'region'
  /** Array of qualification codes of `catalogue`. */
  | 'qualifications'
  /** 资质证书编号 / 注册证书号: trimmed, upper-cased, 4–40 of A–Z 0–9 and '-'; format otherwise unconfirmed. */
  | 'cert-number'
  /** Repeatable list of sub-records (`fields`, `minItems`, `maxItems`). */
  | 'group';

export interface FieldOption {
  /** Stored value. */
  value: string;
  /** Text shown, verbatim from the manual where it has one. */
  label: string;
  disabled?: boolean;
  hint?: string;
}

/** Holds when the value of `field` (same step, or same group row) is one of `in`. */
export interface FieldCondition {
  field: string;
  in: readonly string[];
}

export interface FieldDefinition {
  /** Stable key in the stored data. */
  name: string;
  /** Label exactly as the manual writes it. */
  label: string;
  kind: FieldKind;
  /** Required whenever visible; a field with `requiredWhen` sets this to false. */
  required: boolean;
  /** Defaults to 请输入<label> / 请选择<label> (see placeholderOf). */
  placeholder?: string;
  /** Prefill from this identity claim when present. */
  prefill?: ProfileClaim;
  /** Read-only when the identity supplied the value (e.g. 申报单位, 统一社会信用代码). */
  lockedWhenPrefilled?: boolean;
  /** Prefill from the applicant's 完善基本信息 (items/basic-info.ts); wins over an unlocked claim. */
  basicInfo?: BasicInfoKey;
  /** Choices of a select or radio; a plain string is value and label at once. */
  options?: readonly (string | FieldOption)[];
  maxLength?: number;
  /**
   * 'text': a name or an address, limited to the characters such names contain
   * (identifiers/names.ts); they are printed verbatim on official documents and public pages.
   */
  nameKind?: NameKind;
  /** Help text shown under the field. */
  hint?: string;
  /** Shown (and validated and stored) only when this holds. */
  visibleWhen?: FieldCondition;
  /** Required only when this holds (and the field is visible). */
  requiredWhen?: FieldCondition;
  /** 'qualifications': the catalogue the codes come from. */
  catalogue?: QualificationCatalogueKey;
  /** 'region': provinces (XX0000) the value must not lie in, and the message when it does. */
  excludeProvinces?: { codes: readonly string[]; message: string };
  /**
   * 'uscc': provinces (XX0000) whose registration authorities (GB 32100 characters 3–8) may not
   * apply, and why (外埠 filing: 北京). An identity carrying such a code is refused the item.
   */
  excludeRegisteredIn?: { provinces: readonly string[]; reason: string };
  /** 'region': the sibling 'uscc' field it must agree with (same province; same prefecture where the code names one). */
  agreesWithUscc?: string;
  /** 'date': bounds relative to the validation context's today. */
  dateBounds?: { notBeforeToday?: boolean; notAfterToday?: boolean };
  /** 'group': the fields of one row. */
  fields?: readonly FieldDefinition[];
  minItems?: number;
  maxItems?: number;
}

/** A boxed notice shown on a step, e.g. the manual's 温馨提示. */
export interface StepNotice {
  title: string;
  text: string;
}

/** One PDF upload slot of the 附件上传 step. */
export interface AttachmentSlot {
  key: string;
  title: string;
  hint: string;
  accept: 'application/pdf';
  /** Every slot must hold its file before submission (manual: 需要上传…). */
  required: boolean;
}

interface StepBase {
  key: string;
  title: string;
  notice?: StepNotice;
}

export interface FormStepDefinition extends StepBase {
  kind: 'form';
  fields: readonly FieldDefinition[];
}

export interface AttachmentsStepDefinition extends StepBase {
  kind: 'attachments';
  fields: readonly [];
  slots: readonly AttachmentSlot[];
}

export interface ReviewStepDefinition extends StepBase {
  kind: 'review';
  fields: readonly [];
}

/** A wizard step; every kind has `fields` (empty outside form steps) so generic code can iterate. */
export type StepDefinition = FormStepDefinition | AttachmentsStepDefinition | ReviewStepDefinition;

/** Raw values of one step as the browser sends them. */
export type StepValues = Readonly<Record<string, unknown>>;

/** Raw values of a whole application, by step key. */
export type ApplicationData = Readonly<Record<string, StepValues | undefined>>;

/** A normalised value as cleanStep stores it: text, codes, or the rows of a group. */
export type CleanValue = string | string[] | CleanRecord[];

export interface CleanRecord {
  [name: string]: CleanValue;
}

/** One problem; `path` is the field name (`certificates.0.certificateNumber` in a group); validateApplication prefixes the step key (`applicant.uscc`) and names files `attachments.<slot>`. */
export interface FieldError {
  path: string;
  message: string;
}

export interface ValidationContext {
  /** Today for date rules; a Date is read in Asia/Shanghai, a string as YYYY-MM-DD. Defaults to now. */
  today?: Date | string;
  /**
   * The qualifications a '资质类别及等级' field may name for this applicant (the register's offer:
   * 增项 only what is not held, 延续/注销 only what is held — held legacy codes included).
   * Undefined: the catalogue's selectable ones.
   */
  allowedQualifications?: readonly string[];
}
