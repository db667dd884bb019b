import type { FieldError } from '../forms/types.ts';
import { usccRegisteredInMessage } from '../regions/uscc-region.ts';
import type { BasicInfo } from './basic-info.ts';
import type { ApplicantKind, ItemDefinition, ProfileClaim, StepDefinition } from './types.ts';

/** Where each identity claim lives in an account's profile. */
export const CLAIM_PROFILE_KEY: Record<ProfileClaim, string> = {
  org_name: 'orgName',
  uscc: 'uscc',
  legal_rep: 'legalRep',
  agent_name: 'agentName',
  name: 'name',
  id_type: 'idType',
  id_number: 'idNumber',
  phone_number: 'mobile',
  email: 'email',
};

export interface Prefill {
  values: Record<string, string>;
  /** Field names the identity supplied and the applicant may not change. */
  locked: string[];
}

/**
 * Step values taken from the identity profile and the applicant's 完善基本信息 (manual 3.1:
 * 已维护相关信息带出). A claim the field locks wins; otherwise what the applicant keeps wins over
 * an unlocked claim (a 委托代理人 or 手机 the applicant changed is the one they want).
 */
export function prefillStep(step: StepDefinition, profile: Readonly<Record<string, string>>, basicInfo: BasicInfo = {}): Prefill {
  const values: Record<string, string> = {};
  const locked: string[] = [];
  for (const field of step.fields) {
    const claimed = field.prefill ? profile[CLAIM_PROFILE_KEY[field.prefill]] : undefined;
    if (claimed && field.lockedWhenPrefilled) {
      values[field.name] = claimed;
      locked.push(field.name);
      continue;
    }
    const value = (field.basicInfo ? basicInfo[field.basicInfo] : undefined) || claimed;
    if (value) values[field.name] = value;
  }
  return { values, locked };
}

const KIND_OF_ACCOUNT: Record<string, ApplicantKind | undefined> = { legal: 'enterprise', natural: 'engineer' };

/** Why this account cannot apply for this item, in words for the user; undefined when it can. */
export function applyRefusal(item: ItemDefinition, accountKind: string): string | undefined {
  const kind = KIND_OF_ACCOUNT[accountKind];
  if (kind === item.applicantKind) return undefined;
  if (kind === undefined) return '工作人员账号不能办理申报事项，请使用法人或自然人账号登录。';
  return item.applicantKind === 'enterprise'
    ? `“${item.title}”由企业（法人）申报。您当前使用的是自然人账号，请退出后使用单位的法人账号（统一社会信用代码）登录办理。`
    : `“${item.title}”由注册人员本人（自然人）申报。您当前使用的是法人账号，请退出后使用本人的自然人账号（证件号码）登录办理。`;
}

/**
 * Why this identity cannot apply for this item although its kind may: a 统一社会信用代码 from the
 * identity service that the item excludes (北京 for the 外埠 filing). `path` is the field
 * (`applicant.uscc`); undefined when it may apply.
 */
export function profileRefusal(item: ItemDefinition, profile: Readonly<Record<string, string>>): FieldError | undefined {
  for (const step of item.steps) {
    for (const field of step.fields) {
      if (field.kind !== 'uscc' || !field.prefill || !field.excludeRegisteredIn) continue;
      const value = profile[CLAIM_PROFILE_KEY[field.prefill]];
      const message = value ? usccRegisteredInMessage(value, field.excludeRegisteredIn.provinces, field.excludeRegisteredIn.reason) : undefined;
      if (message) return { path: `${step.key}.${field.name}`, message };
    }
  }
  return undefined;
}
