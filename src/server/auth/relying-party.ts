import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';

/** How the app authenticates at the issuer's token endpoint (OIDC_TOKEN_AUTH). */
export type ClientAuth =
  | { method: 'client_secret_basic' | 'client_secret_post'; secret: string }
  /** RFC 7523 client assertion signed with our private key (RSA → RS256, EC P-256 → ES256). */
  | { method: 'private_key_jwt'; jwk: JsonWebKey; kid?: string };

export interface RelyingPartyOptions {
  issuer: string;
  clientId: string;
  clientAuth: ClientAuth;
  /** The one redirect URI registered at the issuer; sent in the authorization and the token request alike. */
  redirectUri: string;
  scope: string;
  /** Ask for acr, amr and auth_time in the ID token (the staff issuer: the app checks the second factor). */
  authContext: boolean;
  /** When the issuer is the bundled IdP, back-channel calls go in-process (no loopback HTTP). */
  inProcess?: FastifyInstance;
}

/** Back-channel fetch that serves requests to our own bundled IdP through fastify.inject. */
function injectFetch(app: FastifyInstance): client.CustomFetch {
  return async (url, options) => {
    const target = new URL(url);
    const headers = Object.fromEntries(new Headers(options.headers as HeadersInit).entries());
    const body = options.body === undefined || options.body === null ? undefined : String(options.body);
    const res = await app.inject({
      method: options.method as 'GET' | 'POST',
      url: `${target.pathname}${target.search}`,
      headers: { ...headers, host: target.host },
      ...(body === undefined ? {} : { payload: body }),
    });
    const responseHeaders = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    }
    return new Response(res.rawPayload.length > 0 ? new Uint8Array(res.rawPayload) : null, {
      status: res.statusCode,
      headers: responseHeaders,
    });
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Userinfo and ID token claims as one object; nested objects (user.org.…) are merged too, the ID
 * token winning a conflict. Keys that could reach a prototype are dropped.
 */
export function mergeClaims(base: Record<string, unknown>, top: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of [base, top]) {
    for (const [key, value] of Object.entries(source)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      const current = out[key];
      out[key] = isPlainObject(current) && isPlainObject(value) ? mergeClaims(current, value) : value;
    }
  }
  return out;
}

async function clientAuthentication(auth: ClientAuth): Promise<client.ClientAuth> {
  switch (auth.method) {
    case 'client_secret_basic':
      return client.ClientSecretBasic(auth.secret);
    case 'client_secret_post':
      return client.ClientSecretPost(auth.secret);
    case 'private_key_jwt': {
      const algorithm = auth.jwk.kty === 'EC' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
      const { kty, crv, n, e, d, p, q, dp, dq, qi, x, y } = auth.jwk;
      const key = await crypto.subtle.importKey('jwk', { kty, crv, n, e, d, p, q, dp, dq, qi, x, y }, algorithm, false, ['sign']);
      return client.PrivateKeyJwt(auth.kid ? { key, kid: auth.kid } : key);
    }
  }
}

/** OpenID Connect relying party: discovery, authorization code + PKCE, state and nonce. */
export function createRelyingParty(opts: RelyingPartyOptions) {
  let configPromise: Promise<client.Configuration> | undefined;

  const config = () => {
    configPromise ??= (async () => {
      const issuer = new URL(opts.issuer);
      const fetchImpl = opts.inProcess ? injectFetch(opts.inProcess) : undefined;
      const cfg = await client.discovery(issuer, opts.clientId, undefined, await clientAuthentication(opts.clientAuth), {
        ...(fetchImpl ? { [client.customFetch]: fetchImpl } : {}),
        ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
      });
      if (fetchImpl) cfg[client.customFetch] = fetchImpl;
      return cfg;
    })().catch((error) => {
      configPromise = undefined; // retry discovery on the next login
      throw error;
    });
    return configPromise;
  };

  return {
    issuer: opts.issuer,
    redirectUri: opts.redirectUri,

    async start(extra: Record<string, string> = {}) {
      const cfg = await config();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: opts.redirectUri,
        scope: opts.scope,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        // How the person authenticated: checked for staff (second factor, fresh authentication).
        ...(opts.authContext ? { claims: JSON.stringify({ id_token: { acr: null, amr: null, auth_time: { essential: true } } }) } : {}),
        ...extra,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    /** `query`: the callback's query string as it arrived; the redirect URI is always the registered one. */
    async finish(query: URLSearchParams, pending: { state: string; nonce: string; codeVerifier: string }) {
      const cfg = await config();
      const callbackUrl = new URL(opts.redirectUri);
      for (const [k, v] of query) callbackUrl.searchParams.append(k, v);
      const tokens = await client.authorizationCodeGrant(cfg, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no id_token');
      // The ID token's claims win; an issuer without a userinfo endpoint puts everything there.
      const userinfo = cfg.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(cfg, tokens.access_token, idClaims.sub) : {};
      return { claims: mergeClaims(userinfo as Record<string, unknown>, idClaims as Record<string, unknown>), idToken: tokens.id_token };
    },

    /** RP-initiated logout at the issuer, or undefined when it has no end_session_endpoint (local logout only). */
    async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
      const cfg = await config();
      if (!cfg.serverMetadata().end_session_endpoint) return undefined;
      return client
        .buildEndSessionUrl(cfg, {
          post_logout_redirect_uri: postLogoutRedirectUri,
          ...(idToken ? { id_token_hint: idToken } : {}),
        })
        .toString();
    },
  };
}

export type RelyingParty = ReturnType<typeof createRelyingParty>;
