import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';

export interface RelyingPartyOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
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

/** OpenID Connect relying party: authorization code + PKCE, state and nonce. */
export function createRelyingParty(opts: RelyingPartyOptions) {
  let configPromise: Promise<client.Configuration> | undefined;

  const config = () => {
    configPromise ??= (async () => {
      const issuer = new URL(opts.issuer);
      const fetchImpl = opts.inProcess ? injectFetch(opts.inProcess) : undefined;
      const cfg = await client.discovery(issuer, opts.clientId, undefined, client.ClientSecretBasic(opts.clientSecret), {
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

    async start(redirectUri: string, extra: Record<string, string> = {}) {
      const cfg = await config();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri,
        scope: 'openid profile email phone zizhi',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        // How the person authenticated: checked for staff (second factor, fresh authentication).
        claims: JSON.stringify({ id_token: { acr: null, amr: null, auth_time: { essential: true } } }),
        ...extra,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    async finish(callbackUrl: URL, pending: { state: string; nonce: string; codeVerifier: string }) {
      const cfg = await config();
      const tokens = await client.authorizationCodeGrant(cfg, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no id_token');
      const userinfo = await client.fetchUserInfo(cfg, tokens.access_token, idClaims.sub);
      return { claims: { ...userinfo, ...idClaims } as Record<string, unknown>, idToken: tokens.id_token };
    },

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
