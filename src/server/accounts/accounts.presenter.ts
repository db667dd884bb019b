import { basicInfoOf } from '../../domain/items/index.ts';
import type { Account } from '../db/schema.ts';

/** What the logged-in user sees of their own account (prefill data included, nothing else). */
export function presentSelf(account: Account) {
  return {
    id: account.id,
    kind: account.kind,
    displayName: account.displayName,
    profile: account.profile,
    /** 完善基本信息: the wizard prefills every step from it. */
    basicInfo: basicInfoOf(account.basicInfo),
    roles: account.roles,
  };
}

export type SelfView = ReturnType<typeof presentSelf>;
