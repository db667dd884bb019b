import { CASE_ROLES, isStaffRole, type StaffRole } from '../../domain/roles.ts';
import type { Account } from '../db/schema.ts';
import { appError } from '../errors.ts';

/** Staff roles of the account; anyone else is refused (403: the console is not theirs). */
export function staffRolesOrThrow(account: Account | undefined): StaffRole[] {
  if (!account) throw appError('UNAUTHENTICATED');
  const roles = account.kind === 'staff' ? (account.roles as string[]).filter(isStaffRole) : [];
  if (roles.length === 0) throw appError('STAFF_ONLY');
  return roles;
}

/** Case work (queues, case pages, actions) is for the case roles; the 三员 administrators have none. */
export function caseRolesOrThrow(account: Account | undefined): StaffRole[] {
  const roles = staffRolesOrThrow(account).filter((r) => (CASE_ROLES as readonly StaffRole[]).includes(r));
  if (roles.length === 0) throw appError('CASE_ROLE_REQUIRED');
  return roles;
}

/** The account must hold one of `allowed`; the message names the role needed. */
export function requireRole(account: Account | undefined, allowed: readonly StaffRole[]): StaffRole[] {
  const roles = staffRolesOrThrow(account);
  if (!roles.some((r) => allowed.includes(r))) throw appError('ROLE_REQUIRED', { roles: allowed });
  return roles;
}
