import { isStaffRole, type StaffRole } from '../domain/roles.ts';
import type { Account } from './db/schema.ts';
import { appError } from './errors.ts';

/**
 * Who a service acts for, and from where: the first argument of every service method that acts
 * for someone. Built once per request by the session plugin (after the session is read), or by
 * `systemActor` for a job. Frozen; services never see the HTTP request.
 */
export interface Actor {
  /** The session's account; undefined for the public and for jobs. */
  readonly account: Account | undefined;
  /** Staff roles of a staff account; none for applicants, the public and jobs. */
  readonly roles: readonly StaffRole[];
  /** The client's address as the app sees it (behind TRUST_PROXY, the forwarded one); null for jobs. */
  readonly clientAddress: string | null;
  /** The request id `x-request-id` names; null for jobs. */
  readonly requestId: string | null;
  /** A job's name ('notice-period-job'); undefined for requests. */
  readonly job?: string;
}

/** The actor of one request; the session plugin calls it once the session is read. */
export function requestActor(parts: { account: Account | undefined; clientAddress: string; requestId: string }): Actor {
  const { account } = parts;
  const roles = account?.kind === 'staff' ? (account.roles as string[]).filter(isStaffRole) : [];
  return Object.freeze({ account, roles: Object.freeze(roles), clientAddress: parts.clientAddress, requestId: parts.requestId });
}

/**
 * A timer job acting as the system: no account, no request. Audit rows it writes carry the
 * request it runs in, if any (a job run by hand through a TEST_HOOKS route), else none.
 */
export function systemActor(job: string): Actor {
  return Object.freeze({ account: undefined, roles: Object.freeze([]), clientAddress: null, requestId: null, job });
}

/** The actor's account; the public is refused (401, UNAUTHENTICATED). */
export function requireAccount(actor: Actor): Account {
  if (!actor.account) throw appError('UNAUTHENTICATED');
  return actor.account;
}
