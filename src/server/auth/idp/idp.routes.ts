import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type Provider from 'oidc-provider';
import type { Audit } from '../../audit/audit.service.ts';
import { assertSameOrigin, timingSafeEqualString } from '../../plugins/session.plugin.ts';
import { AppError, appError } from '../../errors.ts';
import type { AttemptRefused, AttemptSource, IdpUsersService, PendingSecondFactorState } from './idp-users.service.ts';
import { CHALLENGE_ASSETS, CHALLENGE_FIELD } from './login-challenge.ts';
import {
  IDP_CSS,
  IDP_CSS_PATH,
  renderIdpError,
  renderLoginPage,
  renderRegisterPage,
  renderTotpEnrollPage,
  renderTotpVerifyPage,
  type RegisterKind,
} from './idp.pages.ts';
import { ACR_MFA, ACR_PASSWORD, IDP_MOUNT } from './provider.ts';

const CSRF_COOKIE = 'zz_idp_csrf';

export interface IdpRoutesOptions {
  provider: Provider;
  users: IdpUsersService;
  audit: Audit;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean;
  hotline: string;
  /** Enterprises and engineers register here (default); false when they come from an external issuer. */
  registration?: boolean;
}

const QR = { errorCorrectionLevel: 'M', margin: 2, scale: 4 } as const;

/** The enrollment QR code as a PNG data: URL (the CSP allows data: images) and its pixel size. */
async function qrCode(text: string): Promise<{ dataUrl: string; size: number }> {
  // Loaded when someone binds a 动态口令, not by every server at start (idle memory, issue 19.5).
  const { default: QRCode } = await import('qrcode');
  const modules = QRCode.create(text, { errorCorrectionLevel: QR.errorCorrectionLevel }).modules.size;
  return { dataUrl: await QRCode.toDataURL(text, QR), size: (modules + 2 * QR.margin) * QR.scale };
}

/** The bundled identity provider: protocol endpoints under /idp, and its own Chinese pages. */
export async function idpRoutes(app: FastifyInstance, opts: IdpRoutesOptions): Promise<void> {
  const { provider, users, audit, hotline } = opts;
  const registration = opts.registration ?? true;
  const publicUrl = new URL(opts.publicUrl);
  const publicOrigin = publicUrl.origin;
  const callback = provider.callback();

  // Protocol endpoints: hand the raw request to oidc-provider (a Koa app). The body stays
  // unread for it, and host/proto are pinned to PUBLIC_URL so every URL it builds is ours.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const handler = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      if (!opts.trustProxy) delete raw.headers['x-forwarded-for'];
      raw.headers['x-forwarded-host'] = publicUrl.host;
      raw.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(IDP_MOUNT.length) || '/';
      void callback(raw, reply.raw);
    };
    scope.all(IDP_MOUNT, handler);
    scope.all(`${IDP_MOUNT}/*`, handler);
  });
  provider.proxy = true;

  app.get(IDP_CSS_PATH, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(IDP_CSS),
  );
  // The challenge widget (ALTCHA), from our own origin.
  for (const [path, file] of Object.entries(CHALLENGE_ASSETS)) {
    app.get(path, async (_request, reply) => reply.type(file.type).header('cache-control', 'public, max-age=3600').send(file.body));
  }

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 16 * 1024 });

    const csrfFor = (request: FastifyRequest, reply: FastifyReply): string => {
      let token = request.cookies[CSRF_COOKIE];
      if (!token || token.length !== 43) {
        token = randomBytes(32).toString('base64url');
        reply.setCookie(CSRF_COOKIE, token, { path: IDP_MOUNT, httpOnly: true, sameSite: 'strict', secure: opts.secureCookies });
      }
      return token;
    };
    const checkCsrf = (request: FastifyRequest) => {
      assertSameOrigin(request, publicOrigin);
      const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
      const expected = request.cookies[CSRF_COOKIE];
      if (typeof sent !== 'string' || !expected || !timingSafeEqualString(sent, expected)) {
        throw appError('IDP_FORM_EXPIRED');
      }
    };
    const details = async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return await provider.interactionDetails(request.raw, reply.raw);
      } catch {
        throw appError('IDP_INTERACTION_EXPIRED');
      }
    };
    const html = (reply: FastifyReply, body: string, status = 200) =>
      reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

    scope.setErrorHandler((error, request, reply) => {
      const status = error instanceof AppError ? error.status : (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'idp page error');
      // Our own errors carry Chinese messages; the framework's (rate limit, body size, content type) are English.
      const message =
        error instanceof AppError ? error.message : status === 429 ? '操作过于频繁，请稍后再试' : status < 500 ? '请求无法处理，请返回重新打开登录页面' : '系统繁忙，请稍后再试';
      return html(reply, renderIdpError(message), status);
    });

    /** Finish the interaction as `accountId`: login plus the grant for our own first-party client. */
    const finish = async (request: FastifyRequest, reply: FastifyReply, accountId: string, factors: { otp: boolean } = { otp: false }) => {
      const interaction = await details(request, reply);
      const grant = new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
      grant.addOIDCScope(String(interaction.params.scope));
      const grantId = await grant.save();
      reply.hijack();
      await provider.interactionFinished(
        request.raw,
        reply.raw,
        // remember: false — the identity cookie is a browser-session cookie, gone when the browser closes.
        {
          login: { accountId, remember: false, acr: factors.otp ? ACR_MFA : ACR_PASSWORD, amr: factors.otp ? ['pwd', 'otp'] : ['pwd'] },
          consent: { grantId },
        },
        { mergeWithLastSubmission: false },
      );
    };

    const base = `${IDP_MOUNT}/interaction/:uid`;
    const loginUrl = (uid: string) => `${IDP_MOUNT}/interaction/${uid}`;
    const loginAction = (uid: string) => `${IDP_MOUNT}/interaction/${uid}/login`;
    const totpUrl = (uid: string) => `${IDP_MOUNT}/interaction/${uid}/totp`;
    const registerUrl = (uid: string, kind: RegisterKind) => `${IDP_MOUNT}/interaction/${uid}/register/${kind}`;
    /** `challenge`: the next attempt needs the 人机验证 (default: when this client address does). */
    const loginPage = async (request: FastifyRequest, reply: FastifyReply, uid: string, extra: { loginId?: string; message?: string; challenge?: boolean } = {}) => {
      const { challenge: needed, ...rest } = extra;
      const challenge = (needed ?? (await users.loginPageNeedsChallenge(request.ip))) ? await users.issueChallenge() : undefined;
      return renderLoginPage({ action: loginAction(uid), ...(registration ? { registerUrl: registerUrl(uid, 'legal') } : {}), csrf: csrfFor(request, reply), hotline, ...rest, challenge });
    };
    const source = (request: FastifyRequest<{ Body: Record<string, unknown> }>): AttemptSource => ({ address: request.ip, challenge: request.body[CHALLENGE_FIELD] });
    /** A refused attempt: 429 with Retry-After while delayed, else 401; audited either way. */
    const refused = async (request: FastifyRequest, reply: FastifyReply, action: string, result: AttemptRefused, actorLabel: string | null) => {
      const object = result.userId ? { objectType: 'idp_user', objectId: result.userId } : {};
      if (result.status === 429) {
        reply.header('retry-after', String(result.retryAfter ?? 1));
        await audit.record({ action: 'idp.login-throttled', outcome: 'failure', actorLabel, ...object, actor: request.actor, details: { step: action, retryAfter: result.retryAfter } });
      } else {
        await audit.record({ action, outcome: 'failure', actorLabel, ...object, actor: request.actor, details: { reason: result.message, refusal: result.reason } });
      }
      return result.status;
    };

    scope.get<{ Params: { uid: string } }>(base, async (request, reply) => {
      const interaction = await details(request, reply);
      if (interaction.prompt.name === 'consent' && interaction.session?.accountId) {
        return finish(request, reply, interaction.session.accountId);
      }
      if (registration && interaction.params.zz_screen === 'register') {
        return reply.redirect(registerUrl(interaction.uid, 'legal'), 303);
      }
      return html(reply, await loginPage(request, reply, interaction.uid));
    });

    scope.post<{ Params: { uid: string }; Body: Record<string, unknown> }>(
      `${base}/login`,
      { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
      async (request, reply) => {
        checkCsrf(request);
        const interaction = await details(request, reply);
        const loginId = typeof request.body.loginId === 'string' ? request.body.loginId.slice(0, 64) : '';
        const password = typeof request.body.password === 'string' ? request.body.password.slice(0, 128) : '';
        if (!loginId.trim() || !password) {
          return html(reply, await loginPage(request, reply, interaction.uid, { loginId, message: '请输入账号和密码' }), 400);
        }
        const result = await users.authenticate(loginId, password, source(request));
        if (!result.ok) {
          const status = await refused(request, reply, 'idp.login', result, null);
          return html(reply, await loginPage(request, reply, interaction.uid, { loginId, message: result.message, challenge: result.challenge }), status);
        }
        await audit.record({ action: 'idp.login', outcome: 'success', actorLabel: result.user.id, objectType: 'idp_user', objectId: result.user.id, actor: request.actor, details: result.secondFactor ? { factor: 'password' } : {} });
        if (!result.secondFactor) return finish(request, reply, result.user.id);
        // Staff: the password alone does not log in. Remember it for this interaction only.
        await users.savePendingSecondFactor(interaction.uid, { accountId: result.user.id, enrollSecret: null }, new Date(interaction.exp * 1000));
        return reply.redirect(totpUrl(interaction.uid), 303);
      },
    );

    /**
     * The second factor of this interaction: the pending password step, its (staff) account and
     * the page to show. Without a pending step the browser goes back to the login page.
     */
    const secondFactorState = async (request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) => {
      const interaction = await details(request, reply);
      // The uid comes from oidc-provider's signed interaction cookie, not from the URL alone.
      const state = request.params.uid === interaction.uid ? await users.findPendingSecondFactor(interaction.uid) : undefined;
      return { interaction, state };
    };

    /** `challenge`: the next attempt needs the 人机验证 (default: as the throttle says for this account and address). */
    const totpPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      interaction: { uid: string; exp: number },
      state: PendingSecondFactorState,
      message?: string,
      challengeNeeded?: boolean,
    ) => {
      const { pending, user } = state;
      const { uid } = interaction;
      const challenge = (challengeNeeded ?? (await users.secondFactorNeedsChallenge(user, request.ip))) ? await users.issueChallenge() : undefined;
      const common = { action: totpUrl(uid), loginUrl: loginUrl(uid), csrf: csrfFor(request, reply), hotline, username: user.username ?? '', message, challenge };
      if (user.totpSecret) return renderTotpVerifyPage(common);
      let secret = pending.enrollSecret;
      if (!secret) {
        // One candidate secret per interaction: reloading the page shows the same QR code.
        secret = users.beginEnrollment();
        await users.savePendingSecondFactor(uid, { ...pending, enrollSecret: secret }, new Date(interaction.exp * 1000));
      }
      return renderTotpEnrollPage({ ...common, secret, qr: await qrCode(users.enrollmentUri(user, secret)) });
    };

    scope.get<{ Params: { uid: string } }>(`${base}/totp`, async (request, reply) => {
      const { interaction, state } = await secondFactorState(request, reply);
      if (!state) return reply.redirect(loginUrl(interaction.uid), 303);
      return html(reply, await totpPage(request, reply, interaction, state));
    });

    scope.post<{ Params: { uid: string }; Body: Record<string, unknown> }>(
      `${base}/totp`,
      { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
      async (request, reply) => {
        checkCsrf(request);
        const { interaction, state } = await secondFactorState(request, reply);
        if (!state) return reply.redirect(loginUrl(interaction.uid), 303);
        const { pending, user } = state;
        const code = typeof request.body.code === 'string' ? request.body.code.slice(0, 32) : '';
        const enrolling = !user.totpSecret;
        const candidate = pending.enrollSecret;
        // No secret shown yet for this interaction: show the enrollment page first.
        if (enrolling && !candidate) return reply.redirect(totpUrl(interaction.uid), 303);
        const result = enrolling && candidate ? await users.confirmEnrollment(user.id, candidate, code, source(request)) : await users.verifyTotp(user.id, code, source(request));
        const action = enrolling ? 'idp.totp-enroll' : 'idp.totp';
        if (!result.ok) {
          const status = await refused(request, reply, action, { ...result, userId: user.id }, user.id);
          if (result.restart) {
            await users.deletePendingSecondFactor(interaction.uid);
            return html(reply, await loginPage(request, reply, interaction.uid, { loginId: user.username ?? '', message: result.message }), status);
          }
          return html(reply, await totpPage(request, reply, interaction, state, result.message, result.challenge), status);
        }
        await users.deletePendingSecondFactor(interaction.uid);
        await audit.record({ action, outcome: 'success', actorLabel: user.id, objectType: 'idp_user', objectId: user.id, actor: request.actor });
        return finish(request, reply, user.id, { otp: true });
      },
    );

    const registerPage = (request: FastifyRequest, reply: FastifyReply, uid: string, kind: RegisterKind, values?: Record<string, string>, errors?: Record<string, string>) =>
      renderRegisterPage({
        kind,
        action: registerUrl(uid, kind),
        switchUrl: registerUrl(uid, kind === 'legal' ? 'natural' : 'legal'),
        loginUrl: loginUrl(uid),
        csrf: csrfFor(request, reply),
        hotline,
        values,
        errors,
      });

    const parseKind = (kind: string): RegisterKind => {
      if (!registration) throw appError('IDP_REGISTRATION_CLOSED');
      if (kind === 'legal' || kind === 'natural') return kind;
      throw appError('IDP_REGISTER_KIND_UNKNOWN');
    };

    scope.get<{ Params: { uid: string; kind: string } }>(`${base}/register/:kind`, async (request, reply) => {
      const interaction = await details(request, reply);
      return html(reply, registerPage(request, reply, interaction.uid, parseKind(request.params.kind)));
    });

    scope.post<{ Params: { uid: string; kind: string }; Body: Record<string, unknown> }>(
      `${base}/register/:kind`,
      { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
      async (request, reply) => {
        checkCsrf(request);
        const kind = parseKind(request.params.kind);
        const interaction = await details(request, reply);
        const result = kind === 'legal' ? await users.registerLegal(request.body) : await users.registerNatural(request.body);
        if (!result.ok) {
          const values = Object.fromEntries(
            Object.entries(request.body).filter(([k, v]) => typeof v === 'string' && !k.startsWith('password') && k !== '_csrf'),
          ) as Record<string, string>;
          return html(reply, registerPage(request, reply, interaction.uid, kind, values, result.errors), 400);
        }
        await audit.record({ action: 'idp.register', actorLabel: result.userId, objectType: 'idp_user', objectId: result.userId, actor: request.actor, details: { kind } });
        return finish(request, reply, result.userId);
      },
    );
  });
}
