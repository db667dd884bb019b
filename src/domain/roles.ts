/**
 * Staff roles carried by staff accounts of the identity provider. The three administrators
 * follow 等保 level 3 (三员分立): the system administrator manages staff accounts, the security
 * administrator grants roles, the audit administrator reads the audit log; none acts on cases.
 */
export const STAFF_ROLES = {
  acceptor: '受理',
  reviewer: '审查',
  rechecker: '复核',
  publisher: '公示公告',
  issuer: '制证',
  /** 负责人: approves Art.42 extensions and owns 好差评 整改. */
  head: '负责人',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
} as const;

export type StaffRole = keyof typeof STAFF_ROLES;

export function isStaffRole(value: string): value is StaffRole {
  return Object.hasOwn(STAFF_ROLES, value);
}

/** 三员: at most one of these per account, and never together with a case role. */
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const satisfies readonly StaffRole[];
export type AdminRole = (typeof ADMIN_ROLES)[number];
export const isAdminRole = (role: string): role is AdminRole => (ADMIN_ROLES as readonly string[]).includes(role);

/** Roles that work cases (the queues of the staff console). */
export const CASE_ROLES = (Object.keys(STAFF_ROLES) as StaffRole[]).filter((r) => !isAdminRole(r));

/** Why this set of roles may not be held by one account (三员分立), or undefined when it may. */
export function roleSetProblem(roles: readonly string[]): string | undefined {
  const unknown = roles.filter((r) => !isStaffRole(r));
  if (unknown.length > 0) return `未知的岗位：${unknown.join('、')}`;
  const admins = roles.filter(isAdminRole);
  if (admins.length > 1) return '系统管理员、安全管理员、审计管理员须由不同人员担任（三员分立）';
  if (admins.length === 1 && roles.length > 1) return `${STAFF_ROLES[admins[0]!]}不能同时承担审批岗位`;
  return undefined;
}

/** Kinds of identity: 法人 (enterprise), 自然人 (engineer), staff. */
export const ACCOUNT_KINDS = { legal: '法人', natural: '自然人', staff: '工作人员' } as const;
export type AccountKind = keyof typeof ACCOUNT_KINDS;

/** 证件类型 accepted for 自然人 accounts; only 居民身份证 has a check digit we verify. */
export const ID_TYPES = ['居民身份证', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '港澳台居民居住证', '外国人永久居留身份证', '护照'] as const;
export type IdType = (typeof ID_TYPES)[number];
