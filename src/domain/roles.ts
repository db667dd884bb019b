/** Staff roles carried by staff accounts of the identity provider. */
export const STAFF_ROLES = {
  acceptor: '受理',
  reviewer: '审查',
  rechecker: '复核',
  publisher: '公示公告',
  issuer: '制证',
  admin: '管理员',
} as const;

export type StaffRole = keyof typeof STAFF_ROLES;

export function isStaffRole(value: string): value is StaffRole {
  return Object.hasOwn(STAFF_ROLES, value);
}

/** Kinds of identity: 法人 (enterprise), 自然人 (engineer), staff. */
export const ACCOUNT_KINDS = { legal: '法人', natural: '自然人', staff: '工作人员' } as const;
export type AccountKind = keyof typeof ACCOUNT_KINDS;

/** 证件类型 accepted for 自然人 accounts; only 居民身份证 has a check digit we verify. */
export const ID_TYPES = ['居民身份证', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '港澳台居民居住证', '外国人永久居留身份证', '护照'] as const;
export type IdType = (typeof ID_TYPES)[number];
