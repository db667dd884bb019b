import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Issuer, OAuth2Service, type MutableRedirectUri, type MutableResponse, type MutableToken } from 'oauth2-mock-server';

/**
 * A third-party OpenID Connect issuer for tests: oauth2-mock-server (npm) on a loopback port,
 * standing in for 北京市统一身份认证. It has no login page — its authorize endpoint redirects
 * straight back with a code — so the test says who logs in next (`persona`). Each persona's
 * claims go into the ID token and the userinfo answer under the issuer's own names.
 */
/**
 * A commission's claim map (OIDC_CLAIM_MAP) for the mock 统一身份认证: everything nested under
 * `user`, kinds as codes, 证件类型 as GB/T codes — names unlike the bundled provider's own.
 */
export const CITY_CLAIM_MAP = {
  scope: 'openid profile bj_org',
  kind: { claim: 'user.type', legal: ['2'], natural: ['1'] },
  claims: {
    orgName: 'user.org.name',
    uscc: 'user.org.credit_code',
    legalRep: 'user.org.legal_person',
    agentName: 'user.name',
    name: 'user.name',
    idType: 'user.cert_type',
    idNumber: 'user.cert_no',
    mobile: 'user.mobile',
    email: 'user.mail',
  },
  idTypes: { '111': '居民身份证', '414': '护照' },
};

export interface Persona {
  sub: string;
  /** Extra ID token claims. */
  idToken?: Record<string, unknown>;
  /** The userinfo answer (besides sub). */
  userinfo?: Record<string, unknown>;
}

export interface TokenRequest {
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export class MockIssuer {
  /** Who the next authorization request logs in. */
  persona: Persona | undefined;
  /** Every token request as it arrived (client authentication included). */
  readonly tokenRequests: TokenRequest[] = [];
  private readonly byCode = new Map<string, Persona>();
  private readonly bySub = new Map<string, Persona>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    /** Every end-session request's query. */
    readonly endSessions: URLSearchParams[],
  ) {}

  /** `endSession: false`: discovery advertises no end_session_endpoint (an issuer without RP-initiated logout). */
  static async start(opts: { endSession?: boolean } = {}): Promise<MockIssuer> {
    const issuer = new OAuth2Issuer();
    await issuer.keys.generate('RS256');
    const service = new OAuth2Service(issuer);
    const handler = service.requestHandler;
    const endSessions: URLSearchParams[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/endsession')) endSessions.push(new URL(req.url, 'http://x').searchParams);
      if (opts.endSession === false && req.url === '/.well-known/openid-configuration') {
        // Drop end_session_endpoint from the discovery document the library writes.
        const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
        res.end = ((chunk?: unknown, ...rest: unknown[]) => {
          const doc = JSON.parse(String(chunk)) as Record<string, unknown>;
          delete doc.end_session_endpoint;
          const body = JSON.stringify(doc);
          res.setHeader('content-length', Buffer.byteLength(body));
          res.removeHeader('etag');
          return end(body, ...rest.filter((r) => typeof r !== 'string'));
        }) as ServerResponse['end'];
      }
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    issuer.url = url;
    const m = new MockIssuer(server, url, endSessions);

    service.on('beforeAuthorizeRedirect', (redirect: MutableRedirectUri) => {
      const code = redirect.url.searchParams.get('code');
      if (!code) return;
      if (!m.persona) {
        redirect.url.searchParams.delete('code');
        redirect.url.searchParams.set('error', 'access_denied');
        return;
      }
      m.byCode.set(code, m.persona);
      m.bySub.set(m.persona.sub, m.persona);
    });
    service.on('beforeTokenSigning', (token: MutableToken, req: IncomingMessage & { body: Record<string, unknown> }) => {
      const persona = m.byCode.get(String(req.body.code));
      if (!persona) return;
      token.payload.sub = persona.sub;
      // The ID token is the one with an audience (the client id); the access token carries the scope.
      if (token.payload.aud !== undefined) Object.assign(token.payload, persona.idToken ?? {});
    });
    service.on('beforeResponse', (_response: MutableResponse, req: IncomingMessage & { body: Record<string, unknown> }) => {
      m.tokenRequests.push({ authorization: req.headers.authorization, body: { ...req.body } });
    });
    service.on('beforeUserinfo', (response: MutableResponse, req: IncomingMessage) => {
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const payload = token ? (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string }) : {};
      const persona = payload.sub ? m.bySub.get(payload.sub) : undefined;
      if (!persona) {
        response.statusCode = 401;
        response.body = { error: 'invalid_token' };
        return;
      }
      response.body = { ...(persona.userinfo ?? {}), sub: persona.sub };
    });
    return m;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
