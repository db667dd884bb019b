import { validateEmail, validateIdNumber, validateMobile, validateUscc } from '../../domain/identifiers/index.ts';
import { ID_TYPES, isStaffRole } from '../../domain/roles.ts';
import { BUNDLED_STAFF_CLAIMS, resolveClaim, resolveClaimList, type ClaimMap } from '../auth/identity-mapping.ts';
import type { AccountSnapshot } from './accounts.repository.ts';

/** Why an identity is not let in; the message is for the person, in Chinese. */
export type IdentityRefusalCode =
  | 'SUBJECT_MISSING'
  | 'KIND_UNKNOWN'
  | 'ENTERPRISE_CLAIMS_MISSING'
  | 'USCC_INVALID'
  | 'ID_NUMBER_INVALID'
  | 'APPLICANT_AT_STAFF_ISSUER';

export type IdentityResult =
  | { ok: true; account: AccountSnapshot }
  | { ok: false; code: IdentityRefusalCode; message: string };

export interface IdentityRules {
  map: ClaimMap;
  /** This issuer grants the staff kind and roles (the bundled identity provider, where the 安全管理员 grants them). */
  staff: boolean;
  /** This issuer identifies enterprises and engineers. */
  applicants: boolean;
  /** The login was started for an enterprise item: the issuer must say the account is an enterprise. */
  expect?: 'legal';
  /** For the 居民身份证 birth-date check. */
  today: Date;
}

/** Longest text kept from a claim; anything longer is not a name or an identifier. */
const MAX_TEXT = 200;

/** A validator's message without its advice to retype (the person did not type it). */
const reason = (message: string) => message.replace(/，请[^，]*$/, '');

const refuse = (code: IdentityRefusalCode, message: string): IdentityResult => ({ ok: false, code, message });

/**
 * Map an issuer's claims to the app's account by the claim map. Only the issuer says who an
 * account is: the kind comes from its kind claim (or a 统一社会信用代码 it sends), identifiers are
 * checked as if typed (GB 32100, GB 11643) and a broken one refuses the login, and the staff kind
 * and roles come only from an issuer that `rules.staff` trusts with them.
 */
export function accountFromClaims(issuer: string, claims: Record<string, unknown>, rules: IdentityRules): IdentityResult {
  const { map } = rules;
  const subject = typeof claims.sub === 'string' && claims.sub.length > 0 && claims.sub.length <= 255 ? claims.sub : undefined;
  if (!subject) return refuse('SUBJECT_MISSING', '统一身份认证未返回账号标识，无法登录。');
  const text = (key: keyof ClaimMap['claims']) => {
    const value = resolveClaim(claims, map.claims[key]);
    return value !== undefined && value.length <= MAX_TEXT ? value : undefined;
  };
  const contacts = () => {
    const out: Record<string, string> = {};
    const mobile = text('mobile');
    const email = text('email');
    const m = mobile === undefined ? undefined : validateMobile(mobile);
    const e = email === undefined ? undefined : validateEmail(email);
    // Contacts only prefill editable fields: a malformed one is left out, not a reason to refuse.
    if (m?.ok) out.mobile = m.value;
    if (e?.ok) out.email = e.value;
    return out;
  };
  const rawKind = map.kind ? resolveClaim(claims, map.kind.claim) : undefined;

  if (rules.staff && rawKind === BUNDLED_STAFF_CLAIMS.kindValue) {
    const roles = (resolveClaimList(claims, BUNDLED_STAFF_CLAIMS.roles) ?? []).filter(isStaffRole);
    const name = text('name');
    return {
      ok: true,
      account: { issuer, subject, kind: 'staff', displayName: name ?? subject, profile: { ...(name ? { name } : {}), ...contacts() }, roles },
    };
  }
  if (!rules.applicants) {
    return refuse('APPLICANT_AT_STAFF_ISSUER', '此登录入口仅供审批工作人员使用。企业和个人请返回首页，通过北京市统一身份认证登录。');
  }

  const rawUscc = text('uscc');
  let kind: 'legal' | 'natural';
  if (map.kind && rawKind !== undefined) {
    if (map.kind.legal.includes(rawKind)) kind = 'legal';
    else if (!map.kind.natural || map.kind.natural.includes(rawKind)) kind = 'natural';
    else return refuse('KIND_UNKNOWN', `统一身份认证返回的账号类型（${rawKind.slice(0, 20)}）不是法人或自然人，本系统无法办理。`);
  } else {
    kind = rawUscc ? 'legal' : 'natural';
  }

  if (kind === 'legal') {
    const orgName = text('orgName') ?? text('name');
    if (!rawUscc || !orgName) {
      return refuse('ENTERPRISE_CLAIMS_MISSING', '统一身份认证认定此账号为企业（法人），但未提供单位名称和统一社会信用代码，本系统无法确认企业身份。');
    }
    const uscc = validateUscc(rawUscc);
    if (!uscc.ok) {
      return refuse('USCC_INVALID', `统一身份认证提供的统一社会信用代码无效（${reason(uscc.message)}），本系统不能以此登录办理。请在统一身份认证核对单位信息。`);
    }
    const profile: Record<string, string> = { orgName, uscc: uscc.value };
    for (const key of ['legalRep', 'agentName', 'name'] as const) {
      const value = text(key);
      if (value) profile[key] = value;
    }
    return { ok: true, account: { issuer, subject, kind, displayName: orgName, profile: { ...profile, ...contacts() }, roles: [] } };
  }

  // An enterprise item asked for an enterprise, and the issuer said nothing of one.
  if (rules.expect === 'legal' && rawKind === undefined) {
    return refuse(
      'ENTERPRISE_CLAIMS_MISSING',
      '您要办理的是企业（法人）事项，但统一身份认证没有提供此账号的企业身份信息（单位名称、统一社会信用代码），本系统无法确认您是企业用户。请使用单位的法人账号登录；如确为法人账号仍不能办理，请联系咨询热线。',
    );
  }
  const profile: Record<string, string> = {};
  const name = text('name');
  if (name) profile.name = name;
  const rawIdType = text('idType');
  const idType = rawIdType === undefined ? undefined : (map.idTypes?.[rawIdType] ?? rawIdType);
  const knownIdType = idType !== undefined && (ID_TYPES as readonly string[]).includes(idType) ? idType : undefined;
  const rawIdNumber = text('idNumber');
  if (rawIdNumber) {
    // No type sent reads as 居民身份证, as the wizard's default; an unknown type is not checked.
    if (knownIdType === '居民身份证' || rawIdType === undefined) {
      const id = validateIdNumber(rawIdNumber, rules.today);
      if (!id.ok) return refuse('ID_NUMBER_INVALID', `统一身份认证提供的身份证号码无效（${reason(id.message)}），本系统不能以此登录办理。请在统一身份认证核对本人信息。`);
      profile.idType = '居民身份证';
      profile.idNumber = id.value;
    } else {
      if (knownIdType) profile.idType = knownIdType;
      profile.idNumber = rawIdNumber;
    }
  } else if (knownIdType) {
    profile.idType = knownIdType;
  }
  return { ok: true, account: { issuer, subject, kind, displayName: name ?? subject, profile: { ...profile, ...contacts() }, roles: [] } };
}
