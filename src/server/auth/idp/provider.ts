import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { DB, IdpUser } from '../../db/schema.ts';
import { getOrCreateSecret } from '../../secrets.ts';
import { createIdpStoreAdapter } from './idp-store.adapter.ts';
import { findIdpUserById } from './idp-users.repository.ts';
import { renderIdpError } from './idp.pages.ts';

export const IDP_MOUNT = '/idp';
export const BUNDLED_CLIENT_ID = 'zizhi-web';

/** The claims the app's forms prefill from (manual 3.1: 已维护相关信息带出). */
export function claimsOf(user: IdpUser): Record<string, unknown> {
  const p = user.profile;
  const common = { sub: user.id, account_kind: user.kind, phone_number: user.mobile, email: user.email ?? undefined };
  switch (user.kind) {
    case 'legal':
      return { ...common, name: p.orgName, org_name: p.orgName, uscc: user.uscc, legal_rep: p.legalRep, agent_name: p.agentName };
    case 'natural':
      return { ...common, name: p.name, id_type: user.idType, id_number: user.idNumber };
    case 'staff':
      return { ...common, name: p.name, roles: user.roles };
  }
}

export interface BundledIdp {
  provider: Provider;
  clientSecret: string;
}

/** The bundled identity provider (plays 北京市统一身份认证), its keys and state kept in the database. */
export async function createBundledIdp(opts: {
  db: Kysely<DB>;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean;
}): Promise<BundledIdp> {
  const { db, publicUrl } = opts;
  const signingKey = await getOrCreateSecret(db, 'idp.signing-key', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
  });
  const cookieKeys = await getOrCreateSecret(db, 'idp.cookie-keys', () => [randomBytes(32).toString('base64url')]);
  const clientSecret = await getOrCreateSecret(db, 'idp.client-secret', () => randomBytes(32).toString('base64url'));

  const configuration: Configuration = {
    adapter: createIdpStoreAdapter(db),
    clients: [
      {
        client_id: BUNDLED_CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [`${publicUrl}/auth/callback`],
        post_logout_redirect_uris: [`${publicUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: {
      keys: cookieKeys,
      long: { httpOnly: true, sameSite: 'lax', secure: opts.secureCookies },
      short: { httpOnly: true, sameSite: 'lax', secure: opts.secureCookies },
    },
    pkce: { required: () => true },
    // zz_screen=register opens the registration page instead of the login page.
    extraParams: ['zz_screen'],
    scopes: ['openid', 'profile', 'email', 'phone', 'zizhi'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'account_kind'],
      email: ['email'],
      phone: ['phone_number'],
      zizhi: ['org_name', 'uscc', 'legal_rep', 'agent_name', 'id_type', 'id_number', 'roles'],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `${IDP_MOUNT}/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 1800,
      Session: 12 * 3600,
      Grant: 12 * 3600,
    },
    findAccount: async (_ctx, id) => {
      const user = await findIdpUserById(db, id);
      if (!user || user.disabled) return undefined;
      return { accountId: id, claims: async () => claimsOf(user) as { sub: string } };
    },
    renderError: async (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = renderIdpError(String(out.error_description ?? out.error ?? ''));
    },
  };
  const provider = new Provider(`${publicUrl}${IDP_MOUNT}`, configuration);
  provider.proxy = opts.trustProxy;
  return { provider, clientSecret };
}
