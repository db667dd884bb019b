import type { FastifyInstance } from 'fastify';
import type { IdentityRules } from '../accounts/claims.ts';
import type { Config } from '../config.ts';
import { BUNDLED_CLAIM_MAP, claimMapWarnings } from './identity-mapping.ts';
import { BUNDLED_CLIENT_ID, IDP_MOUNT } from './idp/provider.ts';
import { createRelyingParty, type RelyingParty } from './relying-party.ts';

/** Who logs in where: the login page and the staff console each start their own issuer. */
export type Audience = 'applicant' | 'staff';

/** One issuer as the app uses it: its relying party and what it may say about a person. */
export interface IssuerBinding {
  rp: RelyingParty;
  rules: Omit<IdentityRules, 'today' | 'expect'>;
  /** The bundled identity provider: its sessions end in-process at 退出, and it knows zz_screen=register. */
  bundled: boolean;
}

export interface Issuers {
  applicant: IssuerBinding;
  staff: IssuerBinding;
  /** Said once at start: what the applicants' claim map cannot do. */
  warnings: string[];
}

/**
 * Applicants log in at the configured issuer (OIDC_ISSUER) or the bundled identity provider;
 * staff always at the bundled one, with password and 动态口令, their roles granted there by the
 * 安全管理员. An external issuer never makes anyone staff: its binding does not read that kind
 * or roles, and accounts are keyed by (issuer, subject), so its subjects are never staff accounts.
 */
export function createIssuers(opts: { config: Config; bundledClientSecret: string; inProcess: FastifyInstance }): Issuers {
  const { config } = opts;
  const bundledRp = createRelyingParty({
    issuer: `${config.publicUrl}${IDP_MOUNT}`,
    clientId: BUNDLED_CLIENT_ID,
    clientAuth: { method: 'client_secret_basic', secret: opts.bundledClientSecret },
    redirectUri: `${config.publicUrl}/auth/callback`,
    scope: BUNDLED_CLAIM_MAP.scope,
    authContext: true,
    inProcess: opts.inProcess,
  });
  if (config.oidc.mode === 'bundled') {
    const both: IssuerBinding = { rp: bundledRp, rules: { map: BUNDLED_CLAIM_MAP, staff: true, applicants: true }, bundled: true };
    return { applicant: both, staff: both, warnings: [] };
  }
  const external = config.oidc;
  return {
    applicant: {
      rp: createRelyingParty({
        issuer: external.issuer,
        clientId: external.clientId,
        clientAuth: external.clientAuth,
        redirectUri: external.redirectUri,
        scope: external.claimMap.scope,
        authContext: false,
      }),
      rules: { map: external.claimMap, staff: false, applicants: true },
      bundled: false,
    },
    staff: { rp: bundledRp, rules: { map: BUNDLED_CLAIM_MAP, staff: true, applicants: false }, bundled: true },
    warnings: claimMapWarnings(external.claimMap),
  };
}
