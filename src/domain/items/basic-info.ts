import type { BasicInfoKey, FieldDefinition, FormStepDefinition } from '../forms/types.ts';

/**
 * 完善基本信息 (manual 3.1: 若您已完善过基本信息，此处系统会自动将已维护相关信息带出): what an
 * applicant keeps once and every item's form takes from — postal code, addresses, phones, the
 * 委托代理人 and contacts. What the identity service owns (name, 统一社会信用代码, 证件号码) is not
 * here: it comes from the claims and stays locked (WCAG 2.2 3.3.7, redundant entry).
 */
export type BasicInfo = Partial<Record<BasicInfoKey, string>>;

/** A field of the form: optional, kept under its own name; an unlocked claim (委托代理人, 手机, Email) is offered until a value is kept. */
const optional = (field: Omit<FieldDefinition, 'required' | 'name'> & { name: BasicInfoKey }): FieldDefinition => ({ ...field, required: false, basicInfo: field.name });

/** An enterprise's basic information (items 1, 2 and the 外埠 filing). */
const ENTERPRISE_FIELDS: readonly FieldDefinition[] = [
  optional({ name: 'postalCode', label: '邮政编码', kind: 'postal' }),
  optional({ name: 'mailingAddress', label: '通讯地址', kind: 'text', nameKind: 'address', maxLength: 200 }),
  optional({ name: 'registeredAddress', label: '注册地址', kind: 'text', nameKind: 'address', maxLength: 200, hint: '营业执照载明的住所。' }),
  optional({ name: 'phone', label: '电话', kind: 'phone', maxLength: 30 }),
  optional({ name: 'technicalDirector', label: '技术负责人', kind: 'text', nameKind: 'person-name', maxLength: 50 }),
  optional({ name: 'agentName', label: '委托代理人', kind: 'text', nameKind: 'person-name', maxLength: 50, prefill: 'agent_name' }),
  optional({ name: 'contactName', label: '联系人', kind: 'text', nameKind: 'person-name', maxLength: 50 }),
  optional({ name: 'mobile', label: '手机', kind: 'mobile', maxLength: 20, prefill: 'phone_number' }),
  optional({ name: 'email', label: 'Email', kind: 'email', maxLength: 254, prefill: 'email' }),
];

/** A registered engineer's (item 3). */
const ENGINEER_FIELDS: readonly FieldDefinition[] = [
  optional({ name: 'mobile', label: '联系方式', kind: 'mobile', maxLength: 20, prefill: 'phone_number' }),
  optional({ name: 'email', label: 'Email', kind: 'email', maxLength: 254, prefill: 'email' }),
  optional({ name: 'employer', label: '注册单位', kind: 'text', nameKind: 'org-name', maxLength: 100 }),
  optional({ name: 'mailingAddress', label: '通讯地址', kind: 'text', nameKind: 'address', maxLength: 200 }),
  optional({ name: 'postalCode', label: '邮政编码', kind: 'postal' }),
];

/** The 完善基本信息 form of an account kind (法人 or 自然人); staff have none. */
export function basicInfoStep(accountKind: string): FormStepDefinition | undefined {
  if (accountKind === 'legal') return { key: 'basic-info', title: '完善基本信息', kind: 'form', fields: ENTERPRISE_FIELDS };
  if (accountKind === 'natural') return { key: 'basic-info', title: '完善基本信息', kind: 'form', fields: ENGINEER_FIELDS };
  return undefined;
}

/** The stored basic information as the forms read it: known keys with a text value only. */
export function basicInfoOf(value: unknown): BasicInfo {
  if (!value || typeof value !== 'object') return {};
  const out: BasicInfo = {};
  for (const field of [...ENTERPRISE_FIELDS, ...ENGINEER_FIELDS]) {
    const v = (value as Record<string, unknown>)[field.name];
    if (typeof v === 'string' && v !== '') out[field.name as BasicInfoKey] = v;
  }
  return out;
}
