import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { DB, IdpUser } from '../../db/schema.ts';
import { getOrCreateSecret } from '../../secrets.ts';
import { createIdpStoreAdapter } from './idp-store.adapter.ts';
import { findIdpUserById } from './idp-users.repository.ts';
import { renderIdpError } from './idp.pages.ts';

export const IDP_MOUNT = '/idp';
/** Authentication context classes: password only, or password plus 动态口令 (staff). */
export const ACR_PASSWORD = 'urn:zizhi:acr:pwd';
export const ACR_MFA = 'urn:zizhi:acr:mfa';

/**
 * The login prompt, plus: a session authenticated with the second factor (staff) never signs
 * anyone in silently — every app login asks for password and 动态口令 again (a shared hall PC).
 */
function loginPolicy() {
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  login.checks.add(
    new interactionPolicy.Check('staff_reauthentication', '工作人员每次登录须重新验证密码和动态口令', (ctx) =>
      ctx.oidc.session?.accountId && ctx.oidc.session.acr === ACR_MFA && !ctx.oidc.result?.login
        ? interactionPolicy.Check.REQUEST_PROMPT
        : interactionPolicy.Check.NO_NEED_TO_PROMPT,
    ),
  );
  return policy;
}
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

/**
 * The identity provider's signing key, cookie keys and client secret: made by the first instance
 * on a database, read by every later one. (The test tiers make them once, in their template.)
 */
export async function idpSecrets(db: Kysely<DB>) {
  const signingKey = await getOrCreateSecret(db, 'idp.signing-key', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
  });
  const cookieKeys = await getOrCreateSecret(db, 'idp.cookie-keys', () => [randomBytes(32).toString('base64url')]);
  const clientSecret = await getOrCreateSecret(db, 'idp.client-secret', () => randomBytes(32).toString('base64url'));
  return { signingKey, cookieKeys, clientSecret };
}

/** The bundled identity provider (plays 北京市统一身份认证), its keys and state kept in the database. */
export async function createBundledIdp(opts: {
  db: Kysely<DB>;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean;
  /** The app's idle limit: the identity session never outlives it. */
  sessionTtlSeconds: number;
}): Promise<BundledIdp> {
  const { db, publicUrl } = opts;
  const { signingKey, cookieKeys, clientSecret } = await idpSecrets(db);

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
        // The app checks when and how a staff member authenticated (auth_time, acr, amr).
        require_auth_time: true,
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
      // How and when the person authenticated: the app checks them for staff.
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub'],
      profile: ['name', 'account_kind'],
      email: ['email'],
      phone: ['phone_number'],
      zizhi: ['org_name', 'uscc', 'legal_rep', 'agent_name', 'id_type', 'id_number', 'roles'],
    },
    features: {
      devInteractions: { enabled: false },
      // The relying party asks for acr and amr in the ID token (OIDC Core 5.5).
      claimsParameter: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `${IDP_MOUNT}/interaction/${interaction.uid}`, policy: loginPolicy() },
    acrValues: [ACR_PASSWORD, ACR_MFA],
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 1800,
      // Saved at login and not renewed by use of the app: it ends no later than the app's idle limit.
      // The cookie itself ends with the browser (a transient login, idp.routes finish()).
      Session: opts.sessionTtlSeconds,
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
  // A path the provider does not serve: the IdP's Chinese error page, not Koa's bare "Not Found".
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      ctx.type = 'html';
      ctx.body = renderIdpError('页面不存在，请返回网上申报系统重新登录');
      ctx.status = 404;
    }
  });
  return { provider, clientSecret };
}
