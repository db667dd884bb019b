import { CASE_ROLES, type StaffRole } from '../../domain/roles.ts';
import { requireAccount, type Actor } from '../actor.ts';
import type { Account } from '../db/schema.ts';
import { appError } from '../errors.ts';

/** A staff member past a role check: the account, and the roles that check counts. */
export interface Staff {
  readonly account: Account;
  readonly roles: StaffRole[];
}

/** Staff roles of the actor; anyone else is refused (403: the console is not theirs). */
export function staffRolesOrThrow(actor: Actor): Staff {
  const account = requireAccount(actor);
  const roles = [...actor.roles];
  if (roles.length === 0) throw appError('STAFF_ONLY');
  return { account, roles };
}

/** Case work (queues, case pages, actions) is for the case roles; the 三员 administrators have none. */
export function caseRolesOrThrow(actor: Actor): Staff {
  const { account, roles: staffRoles } = staffRolesOrThrow(actor);
  const roles = staffRoles.filter((r) => (CASE_ROLES as readonly StaffRole[]).includes(r));
  if (roles.length === 0) throw appError('CASE_ROLE_REQUIRED');
  return { account, roles };
}

/** The actor must hold one of `allowed`; the message names the role needed. */
export function requireRole(actor: Actor, allowed: readonly StaffRole[]): Staff {
  const staff = staffRolesOrThrow(actor);
  if (!staff.roles.some((r) => allowed.includes(r))) throw appError('ROLE_REQUIRED', { roles: allowed });
  return staff;
}
