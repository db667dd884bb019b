import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { findItem } from '../../domain/items/index.ts';
import type { LogoutResult, SessionInfo } from '../../contract/account.ts';
import type { Presented } from '../http/contract.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { upsertAccount } from '../accounts/accounts.writes.ts';
import { accountFromClaims } from '../accounts/claims.ts';
import { presentSelf } from '../accounts/accounts.presenter.ts';
import { deleteIdpSessionsOf } from './idp/idp-users.repository.ts';
import type { Issuers } from './issuers.ts';
import { renderLoginRefused } from './login-refused.page.ts';
import { safeReturnTo } from './return-to.ts';
import { ACR_MFA } from './idp/provider.ts';
import type { SessionStore } from './sessions.ts';

export interface AuthRoutesOptions {
  db: Kysely<DB>;
  issuers: Issuers;
  sessions: SessionStore;
  audit: Audit;
  clock: Clock;
  publicUrl: string;
  hotline: string;
}

/** A pending login is abandoned after this long. */
const LOGIN_TTL_MS = 30 * 60_000;
/** Clock skew allowed between the identity provider's auth_time and the login's start. */
const AUTH_TIME_SKEW_S = 60;

/**
 * Staff must have authenticated for this login, with the second factor: an identity session
 * reused silently or a password-only one is not enough. Freshness is read on the issuer's own
 * clock — the token's iat minus auth_time may not exceed the time this login took (plus skew) —
 * so no two clocks need to agree.
 */
export function staffAuthenticationProblem(claims: Record<string, unknown>, loginTookMs: number): string | undefined {
  const amr = Array.isArray(claims.amr) ? claims.amr.map(String) : [];
  if (claims.acr !== ACR_MFA && !amr.includes('otp')) return 'second factor missing';
  const authTime = typeof claims.auth_time === 'number' ? claims.auth_time : undefined;
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : undefined;
  if (authTime === undefined || issuedAt === undefined || issuedAt - authTime > loginTookMs / 1000 + AUTH_TIME_SKEW_S) return 'authentication not fresh';
  return undefined;
}

/** A login for an enterprise item (网上办理 of /items/:code/apply): the issuer must say something of an enterprise. */
function expectedKindOf(returnTo: string): 'legal' | undefined {
  const code = /^\/items\/([a-z0-9-]{1,40})\/apply$/.exec(new URL(returnTo, 'http://x').pathname)?.[1];
  return code && findItem(code)?.applicantKind === 'enterprise' ? 'legal' : undefined;
}

export async function authRoutes(app: FastifyInstance, opts: AuthRoutesOptions): Promise<void> {
  const { db, issuers, sessions, audit, clock, publicUrl, hotline } = opts;

  /**
   * 网上办理 / 登录: go to the identity provider, remembering where to come back to. Applicants go
   * to the applicants' issuer; `audience=staff` (the staff console) to the staff issuer.
   */
  app.get<{ Querystring: { returnTo?: string; screen?: string; audience?: 'applicant' | 'staff' } }>(
    '/auth/login',
    {
      schema: {
        querystring: {
          type: 'object',
          // Links into the login may carry other parameters (a portal's tracking): ignored, not refused.
          properties: {
            returnTo: { type: 'string', maxLength: 2000 },
            screen: { type: 'string', enum: ['login', 'register'] },
            audience: { type: 'string', enum: ['applicant', 'staff'] },
          },
        },
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const returnTo = safeReturnTo(request.query.returnTo);
      if (request.session?.account) return reply.redirect(returnTo, 303);
      const staff = request.query.audience === 'staff';
      const issuer = staff ? issuers.staff : issuers.applicant;
      // zz_screen is the bundled identity provider's own parameter; an external issuer has its own 注册.
      const start = await issuer.rp.start(!staff && issuer.bundled && request.query.screen === 'register' ? { zz_screen: 'register' } : {});
      const expect = staff ? undefined : expectedKindOf(returnTo);
      const login = {
        state: start.state,
        nonce: start.nonce,
        codeVerifier: start.codeVerifier,
        returnTo,
        startedAt: clock.now().getTime(),
        ...(staff ? { audience: 'staff' as const } : {}),
        ...(expect ? { expect } : {}),
      };
      if (request.session) {
        request.session.data.login = login;
        await sessions.saveData(request.session);
      } else {
        reply.setSessionCookie(await sessions.create({ login }, null));
      }
      return reply.header('cache-control', 'no-store').redirect(start.url, 303);
    },
  );

  app.get('/auth/callback', async (request, reply) => {
    const pending = request.session?.data.login;
    const query = request.query as Record<string, string | undefined>;
    if (!request.session || !pending || clock.now().getTime() - pending.startedAt > LOGIN_TTL_MS) {
      return reply.redirect(`/?notice=login-expired`, 303);
    }
    if (query.error) {
      // The user backed out at the identity provider.
      return reply.redirect(safeReturnTo('/'), 303);
    }
    const issuer = pending.audience === 'staff' ? issuers.staff : issuers.applicant;
    let result;
    try {
      const search = request.url.indexOf('?');
      result = await issuer.rp.finish(new URLSearchParams(search < 0 ? '' : request.url.slice(search + 1)), pending);
    } catch (error) {
      request.log.warn({ err: error }, 'oidc callback rejected');
      await audit.record({ action: 'auth.login', outcome: 'failure', actor: request.actor, details: { reason: (error as Error).message } });
      return reply.redirect(`/?notice=login-failed`, 303);
    }
    const identity = accountFromClaims(issuer.rp.issuer, result.claims, { ...issuer.rules, today: clock.now(), ...(pending.expect ? { expect: pending.expect } : {}) });
    if (!identity.ok) {
      // Nothing of the identity is stored; the login ends here, with the reason and whom to ask.
      delete request.session.data.login;
      await sessions.saveData(request.session);
      // Nor does the bundled provider keep the refused identity signed in.
      if (issuer.bundled && typeof result.claims.sub === 'string') await deleteIdpSessionsOf(db, result.claims.sub);
      await audit.record({
        action: 'auth.login',
        outcome: 'failure',
        actor: request.actor,
        details: { reason: identity.code, issuer: issuer.rp.issuer, subject: typeof result.claims.sub === 'string' ? result.claims.sub.slice(0, 255) : null },
      });
      return reply.code(403).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderLoginRefused({ message: identity.message, hotline }));
    }
    const snapshot = identity.account;
    if (snapshot.kind === 'staff') {
      const problem = staffAuthenticationProblem(result.claims, clock.now().getTime() - pending.startedAt);
      if (problem) {
        await audit.record({ action: 'auth.login', outcome: 'failure', actor: request.actor, details: { reason: `staff: ${problem}`, reauth: Boolean(pending.reauth) } });
        if (pending.reauth) return reply.redirect(`/?notice=login-failed`, 303);
        // Once: back to the identity provider, which must ask for password and 动态口令 now.
        const start = await issuer.rp.start({ prompt: 'login', max_age: '0' });
        request.session.data.login = {
          state: start.state,
          nonce: start.nonce,
          codeVerifier: start.codeVerifier,
          returnTo: pending.returnTo,
          startedAt: clock.now().getTime(),
          reauth: true,
          ...(pending.audience ? { audience: pending.audience } : {}),
        };
        await sessions.saveData(request.session);
        return reply.header('cache-control', 'no-store').redirect(start.url, 303);
      }
    }
    const session = await db.transaction().execute(async (tx) => {
      const account = await upsertAccount(tx, snapshot, clock.now());
      await audit.record({ action: 'auth.login', actorAccountId: account.id, objectType: 'account', objectId: account.id, actor: request.actor }, tx);
      return account;
    });
    const fresh = await sessions.rotate(request.session, session.id, { idToken: result.idToken });
    reply.setSessionCookie(fresh);
    return reply.header('cache-control', 'no-store').redirect(pending.returnTo, 303);
  });

  /**
   * 退出: destroys the app session; then the bundled IdP's sessions are deleted, an external
   * issuer with an end_session_endpoint gets the browser (RP-initiated logout), and one without
   * is left alone (local logout).
   */
  app.post('/auth/logout', async (request, reply) => {
    const session = request.session;
    let redirectTo = '/';
    if (session) {
      await sessions.destroy(session);
      const account = session.account;
      if (account) {
        await audit.record({ action: 'auth.logout', actorAccountId: account.id, objectType: 'account', objectId: account.id, actor: request.actor });
        const issuer = [issuers.applicant, issuers.staff].find((b) => b.rp.issuer === account.issuer);
        if (issuer?.bundled) await deleteIdpSessionsOf(db, account.subject);
        else if (issuer) redirectTo = (await issuer.rp.endSessionUrl(session.data.idToken, `${publicUrl}/`).catch(() => undefined)) ?? '/';
      }
    }
    reply.clearSessionCookie();
    return { redirectTo } satisfies LogoutResult;
  });

  /** Who is logged in, and the CSRF token the SPA sends back on state-changing requests. */
  app.get('/api/session', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const session = request.session;
    if (!session?.account) return { account: null, csrfToken: session?.csrfToken ?? null } satisfies Presented<SessionInfo>;
    return { account: presentSelf(session.account), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() } satisfies Presented<SessionInfo>;
  });
}
