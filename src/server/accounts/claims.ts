import { isStaffRole } from '../../domain/roles.ts';
import type { AccountSnapshot } from './accounts.repository.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Map OIDC claims to the app's account: kind, display name, prefill profile, staff roles. */
export function accountFromClaims(issuer: string, claims: Record<string, unknown>): AccountSnapshot {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string' && isStaffRole(r)) : [];
  const declared = str(claims.account_kind);
  const kind =
    declared === 'legal' || declared === 'natural' || declared === 'staff'
      ? declared
      : roles.length > 0
        ? 'staff'
        : str(claims.uscc)
          ? 'legal'
          : 'natural';
  const profile: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    const v = str(value);
    if (v) profile[key] = v;
  };
  put('orgName', claims.org_name);
  put('uscc', claims.uscc);
  put('legalRep', claims.legal_rep);
  put('agentName', claims.agent_name);
  put('name', claims.name);
  put('idType', claims.id_type);
  put('idNumber', claims.id_number);
  put('mobile', claims.phone_number);
  put('email', claims.email);
  return {
    issuer,
    subject: String(claims.sub),
    kind,
    displayName: str(claims.org_name) ?? str(claims.name) ?? String(claims.sub),
    profile,
    roles: kind === 'staff' ? roles : [],
  };
}
