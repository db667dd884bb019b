import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { requestActor, type Actor } from '../actor.ts';
import { appError } from '../errors.ts';
import { SESSION_COOKIE, type Session, type SessionStore } from '../auth/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
    /** Who asks, and from where: what handlers pass first to every service (actor.ts). */
    actor: Actor;
  }
}

/** Paths that carry the app session; the rest (assets, IdP, health) never touch the table. */
const SESSION_PATHS = /^\/(api|auth)(\/|$)/;

export interface SessionPluginOptions {
  store: SessionStore;
  secure: boolean;
  publicOrigin: string;
}

export function sessionCookieName(secure: boolean): string {
  // __Host- binds the cookie to this exact origin (ASVS V3.3.4); browsers accept it only over https.
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export const sessionPlugin = fp(async (app: FastifyInstance, opts: SessionPluginOptions) => {
  const cookieName = sessionCookieName(opts.secure);
  app.decorateRequest('session', undefined);
  app.decorateRequest('actor');

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '/';
    const withSession = SESSION_PATHS.test(path);
    if (withSession) {
      request.session = await opts.store.load(request.cookies[cookieName]);
      if (!request.session && request.cookies[cookieName]) reply.clearCookie(cookieName, { path: '/' });
    }
    // Once the session is read and before the CSRF check, so a refused request's audit row has it.
    request.actor = requestActor({ account: request.session?.account, clientAddress: request.ip, requestId: String(request.id) });
    if (withSession) checkCsrf(request, opts.publicOrigin);
  });

  app.decorateReply('setSessionCookie', function (this: FastifyReply, session: Session) {
    this.setCookie(cookieName, session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secure,
      // A session cookie (no Max-Age): closing the browser ends it; the server enforces 12 h anyway.
    });
  });
  app.decorateReply('clearSessionCookie', function (this: FastifyReply) {
    this.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure });
  });
});

declare module 'fastify' {
  interface FastifyReply {
    setSessionCookie(session: Session): void;
    clearSessionCookie(): void;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * CSRF for /api and /auth: a state-changing request must come from our origin (Origin /
 * Sec-Fetch-Site) and carry the session's synchronizer token in a header a cross-site
 * form cannot set. SameSite=Lax on the cookie is the third layer.
 */
function checkCsrf(request: FastifyRequest, publicOrigin: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  assertSameOrigin(request, publicOrigin);
  const token = request.headers[CSRF_HEADER];
  if (!request.session || typeof token !== 'string' || !timingSafeEqualString(token, request.session.csrfToken)) {
    throw appError('CSRF_TOKEN_INVALID');
  }
}

/** Refuse a browser request that says it comes from another site. */
export function assertSameOrigin(request: FastifyRequest, publicOrigin: string): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== publicOrigin) {
    throw appError('CROSS_ORIGIN_REJECTED');
  }
  if (origin === undefined && request.headers['sec-fetch-site'] === 'cross-site') {
    throw appError('CROSS_ORIGIN_REJECTED');
  }
}

export function timingSafeEqualString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
