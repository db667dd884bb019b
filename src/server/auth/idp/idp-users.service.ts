import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import {
  validateEmail,
  validateIdNumber,
  validateMobile,
  validateNameText,
  validateUscc,
  isAdultIdNumber,
  normalizeCode,
  type NameKind,
} from '../../../domain/identifiers/index.ts';
import { ID_TYPES, type IdType } from '../../../domain/roles.ts';
import type { IdpUser } from '../../db/schema.ts';
import { checkPasswordPolicy, DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.ts';
import {
  claimTotpStep,
  deletePendingSecondFactor,
  enrollTotp,
  findPendingSecondFactor,
  findIdpUserById,
  findIdpUserByLogin,
  findTakenIdentifiers,
  insertIdpUser,
  savePendingSecondFactor,
  type PendingSecondFactor,
} from './idp-users.repository.ts';
import { createLoginChallenges } from './login-challenge.ts';
import { createLoginThrottle, retryAfterSeconds, retryMessage, throttleKeys, type Claim, type LoginThrottleDeps, type ThrottleKeys } from './login-throttle.service.ts';

export type FieldErrors = Record<string, string>;
export type RegisterResult = { ok: true; userId: string } | { ok: false; errors: FieldErrors };
/** A refused login or second-factor attempt. */
export interface AttemptRefused {
  ok: false;
  message: string;
  /** 429: delayed, nothing was checked (Retry-After: `retryAfter` seconds); 401 otherwise. */
  status: 401 | 429;
  retryAfter?: number;
  /** The next attempt needs the challenge (人机验证): the page shows it. */
  challenge: boolean;
  /** For the audit log. */
  reason: 'credentials' | 'delayed' | 'challenge-missing' | 'challenge-invalid' | 'challenge-expired' | 'challenge-replayed' | 'malformed' | 'restart';
  /** The account the identifier names, if any (audit log only; the page never says). */
  userId?: string;
}
/** `secondFactor`: the password was right, but the account (staff) still owes a TOTP code. */
export type LoginResult = { ok: true; user: IdpUser; secondFactor: boolean } | AttemptRefused;
/** Where an attempt comes from: the client address and the challenge solution it carries, if any. */
export interface AttemptSource {
  address: string;
  challenge?: unknown;
}
/** A staff member's accepted password awaiting the second factor, with the (active staff) account. */
export interface PendingSecondFactorState {
  pending: PendingSecondFactor;
  user: IdpUser;
}
/** `restart`: this login attempt is over (account gone or disabled): back to the password step. */
export type SecondFactorResult = { ok: true } | (AttemptRefused & { restart: boolean });

const LOGIN_FAILED = '账号或密码错误，请重新输入';
const CHALLENGE_NEEDED = '登录失败次数较多，请先完成下方的人机验证，再重新输入后提交';
const CHALLENGE_FAILED = '人机验证未完成或已失效，请重新完成下方的人机验证后再提交';

/** TOTP as authenticator apps expect it (RFC 6238 defaults). */
export const TOTP_PARAMS = { issuer: '北京市统一身份认证', algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Codes of the neighbouring time steps are accepted too: one step of clock drift either way. */
const TOTP_WINDOW = 1;

const TOTP_WRONG = '动态口令错误，请重新输入';
const TOTP_REUSED = '该动态口令已使用过，请等待手机令牌显示新的动态口令后输入';
const TOTP_MALFORMED = '请输入手机令牌显示的6位数字动态口令';
const TOTP_RESTART = '登录已失效，请重新输入账号和密码';

/** The answer to an attempt the throttle refused before checking anything. */
function refusal(claim: Exclude<Claim, { kind: 'claimed' }>, now: Date): AttemptRefused {
  if (claim.kind === 'delayed') {
    return { ok: false, status: 429, message: retryMessage(claim.retryAt, now), retryAfter: retryAfterSeconds(claim.retryAt, now), challenge: true, reason: 'delayed' };
  }
  return { ok: false, status: 401, message: claim.problem === 'missing' ? CHALLENGE_NEEDED : CHALLENGE_FAILED, challenge: true, reason: `challenge-${claim.problem}` };
}

/** A wrong password or code; the delay it starts, if any, is announced with it. */
const wrongWith = (message: string, claim: Extract<Claim, { kind: 'claimed' }>, now: Date) =>
  claim.retryAt ? `${message}。${retryMessage(claim.retryAt, now)}` : message;

function text(form: Record<string, unknown>, key: string, max = 100): string {
  const value = form[key];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function required(errors: FieldErrors, key: string, value: string, label: string): void {
  if (!value) errors[key] ??= `请输入${label}`;
}

/** A required name: its normal form, or '' with the field's error (empty, or a character no name has). */
function nameField(errors: FieldErrors, form: Record<string, unknown>, key: string, label: string, kind: NameKind, max: number): string {
  const raw = text(form, key, max);
  required(errors, key, raw, label);
  if (!raw) return '';
  const checked = validateNameText(kind, label, raw);
  if (checked.ok) return checked.value;
  errors[key] ??= checked.message;
  return '';
}

export function createIdpUsersService(deps: LoginThrottleDeps) {
  const { db, clock } = deps;
  const throttle = createLoginThrottle(deps);
  const challenges = createLoginChallenges(deps);

  async function finishRegistration(
    errors: FieldErrors,
    candidate: { uscc?: string; idType?: string; idNumber?: string; mobile: string },
    password: string,
    build: (id: string, passwordHash: string) => Parameters<typeof insertIdpUser>[1],
  ): Promise<RegisterResult> {
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const taken = await findTakenIdentifiers(db, candidate);
    if (taken.uscc) errors.uscc = '该统一社会信用代码已注册，请直接登录或找回密码';
    if (taken.idNumber) errors.idNumber = '该证件号码已注册，请直接登录或找回密码';
    if (taken.mobile) errors.mobile = '该手机号码已被其他账号使用';
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const id = randomUUID();
    try {
      await insertIdpUser(db, build(id, await hashPassword(password)));
    } catch (error) {
      // A concurrent registration of the same identifier loses on the unique index.
      if ((error as { code?: string }).code === '23505') {
        return { ok: false, errors: { form: '该账号已注册，请直接登录' } };
      }
      throw error;
    }
    return { ok: true, userId: id };
  }

  function checkCommon(form: Record<string, unknown>, errors: FieldErrors, loginIds: string[]) {
    const mobile = validateMobile(text(form, 'mobile', 32));
    if (!mobile.ok) errors.mobile = mobile.message;
    const emailRaw = text(form, 'email', 254);
    const email = emailRaw ? validateEmail(emailRaw) : undefined;
    if (email && !email.ok) errors.email = email.message;
    const password = typeof form.password === 'string' ? form.password : '';
    const confirm = typeof form.passwordConfirm === 'string' ? form.passwordConfirm : '';
    if (!password) errors.password = '请输入密码';
    else {
      const policy = checkPasswordPolicy(password, [...loginIds, mobile.ok ? mobile.value : '']);
      if (policy) errors.password = policy;
      else if (password !== confirm) errors.passwordConfirm = '两次输入的密码不一致';
    }
    return {
      mobile: mobile.ok ? mobile.value : '',
      email: email?.ok ? email.value : null,
      password,
    };
  }

  const totpOf = (secret: string, label = '') =>
    new TOTP({ ...TOTP_PARAMS, label, secret: Secret.fromBase32(secret) });

  const accountKeys = (user: IdpUser, source: AttemptSource) => throttleKeys(`account:${user.id}`, source.address);

  /**
   * Check `code` against `secret` at the clock's time, throttled like the password (the same
   * counters): wrong codes and replays count as failures. On success `onValid(step)` must claim the step.
   */
  async function checkCode(
    user: IdpUser | undefined,
    secret: string | null,
    rawCode: string,
    source: AttemptSource,
    onValid: (user: IdpUser, step: number) => Promise<'ok' | 'replayed' | 'conflict'>,
  ): Promise<SecondFactorResult> {
    const now = clock.now();
    if (!user || user.disabled || user.kind !== 'staff' || !secret) {
      return { ok: false, message: TOTP_RESTART, restart: true, status: 401, challenge: false, reason: 'restart', userId: user?.id };
    }
    const keys = accountKeys(user, source);
    const code = rawCode.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) {
      return { ok: false, message: TOTP_MALFORMED, restart: false, status: 401, challenge: await throttle.challengeNeeded(keys), reason: 'malformed', userId: user.id };
    }
    const claim = await throttle.claim(keys, await challenges.check(source.challenge));
    if (claim.kind !== 'claimed') return { ...refusal(claim, now), restart: false, userId: user.id };

    const delta = totpOf(secret).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
    if (delta !== null) {
      const step = TOTP.counter({ period: TOTP_PARAMS.period, timestamp: now.getTime() }) + delta;
      const outcome = await onValid(user, step);
      if (outcome === 'conflict') {
        await throttle.withdraw(keys);
        return { ok: false, message: TOTP_RESTART, restart: true, status: 401, challenge: false, reason: 'restart', userId: user.id };
      }
      if (outcome === 'ok') {
        await throttle.succeeded(keys, { secondFactorPending: false });
        return { ok: true };
      }
    }
    const after = await throttle.failed(keys, claim, user);
    const message = wrongWith(delta === null ? TOTP_WRONG : TOTP_REUSED, claim, now);
    return { ok: false, message, restart: false, status: 401, challenge: after.challenge, reason: 'credentials', userId: user.id };
  }

  return {
    /** 法人 registration: 单位名称, 统一社会信用代码, 法定代表人, 经办人姓名, 手机, Email, 密码. */
    async registerLegal(form: Record<string, unknown>): Promise<RegisterResult> {
      const errors: FieldErrors = {};
      const orgName = nameField(errors, form, 'orgName', '单位名称', 'org-name', 100);
      const uscc = validateUscc(text(form, 'uscc', 40));
      if (!uscc.ok) errors.uscc = uscc.message;
      const legalRep = nameField(errors, form, 'legalRep', '法定代表人', 'person-name', 50);
      const agentName = nameField(errors, form, 'agentName', '经办人姓名', 'person-name', 50);
      const common = checkCommon(form, errors, uscc.ok ? [uscc.value] : []);
      const usccValue = uscc.ok ? uscc.value : '';
      return finishRegistration(errors, { uscc: usccValue, mobile: common.mobile }, common.password, (id, passwordHash) => ({
        id,
        kind: 'legal',
        uscc: usccValue,
        mobile: common.mobile,
        email: common.email,
        passwordHash,
        profile: { orgName, legalRep, agentName },
      }));
    },

    /** 自然人 registration: 姓名, 证件类型, 证件号码, 手机, Email, 密码. */
    async registerNatural(form: Record<string, unknown>): Promise<RegisterResult> {
      const errors: FieldErrors = {};
      const name = nameField(errors, form, 'name', '姓名', 'person-name', 50);
      const idTypeRaw = text(form, 'idType', 30);
      const idType = (ID_TYPES as readonly string[]).includes(idTypeRaw) ? (idTypeRaw as IdType) : undefined;
      if (!idType) errors.idType = '请选择证件类型';
      let idNumber = normalizeCode(text(form, 'idNumber', 40));
      if (idType === '居民身份证') {
        const checked = validateIdNumber(idNumber, clock.now());
        if (!checked.ok) errors.idNumber = checked.message;
        else if (!isAdultIdNumber(checked.value, clock.now())) errors.idNumber = '注册人须年满16周岁';
        else idNumber = checked.value;
      } else if (!idNumber) errors.idNumber = '请输入证件号码';
      else if (!/^[A-Z0-9]{5,30}$/.test(idNumber)) errors.idNumber = '证件号码只能包含字母和数字';
      const common = checkCommon(form, errors, idNumber ? [idNumber] : []);
      return finishRegistration(
        errors,
        { idType: idType ?? '', idNumber, mobile: common.mobile },
        common.password,
        (id, passwordHash) => ({
          id,
          kind: 'natural',
          idType: idType ?? null,
          idNumber,
          mobile: common.mobile,
          email: common.email,
          passwordHash,
          profile: { name },
        }),
      );
    },

    /**
     * Login by 统一社会信用代码, 证件号码, 手机 or (staff) username; never says which part was wrong.
     * Throttled per (identifier, address), address and identifier (login-throttle.service.ts):
     * a delayed attempt, or one without the challenge when it is needed, is refused before the
     * password is looked at, so the answer says nothing about the password.
     */
    async authenticate(loginId: string, password: string, source: AttemptSource): Promise<LoginResult> {
      const code = normalizeCode(loginId).slice(0, 64);
      const username = loginId.trim().toLowerCase().slice(0, 64);
      const now = clock.now();
      const user = code ? await findIdpUserByLogin(db, code, username) : undefined;
      // An identifier that names an account counts as the account: switching from 手机 to
      // 统一社会信用代码 does not buy more guesses. An unknown one counts as typed, alike.
      const keys: ThrottleKeys = user ? accountKeys(user, source) : throttleKeys(`typed:${code}`, source.address);
      const claim = await throttle.claim(keys, await challenges.check(source.challenge));
      if (claim.kind !== 'claimed') return { ...refusal(claim, now), userId: user?.id };

      const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      if (user && passwordOk && !user.disabled) {
        // Staff still owe a TOTP code: the pair's count stands until that succeeds too, so a
        // known password does not reset the guesses at the second factor.
        const secondFactor = user.kind === 'staff';
        await throttle.succeeded(keys, { secondFactorPending: secondFactor });
        return { ok: true, user, secondFactor };
      }
      const after = await throttle.failed(keys, claim, user);
      return { ok: false, status: 401, message: wrongWith(LOGIN_FAILED, claim, now), challenge: after.challenge, reason: 'credentials', userId: user?.id };
    },

    /** A fresh challenge (人机验证) for a page, as the widget's JSON. */
    issueChallenge(): Promise<string> {
      return challenges.issue();
    },

    /** Whether the login page shown to `address` carries the challenge from the start. */
    loginPageNeedsChallenge(address: string): Promise<boolean> {
      return throttle.addressNeedsChallenge(address);
    },

    /** Whether the second-factor page of `user` from `address` carries the challenge. */
    secondFactorNeedsChallenge(user: IdpUser, address: string): Promise<boolean> {
      return throttle.challengeNeeded(accountKeys(user, { address }));
    },

    /** A fresh TOTP secret (160 bits, base32) for a staff account that has none yet. */
    beginEnrollment(): string {
      return new Secret({ size: 20 }).base32;
    },

    /** The otpauth:// URI an authenticator app scans (issuer 北京市统一身份认证, label the username). */
    enrollmentUri(user: IdpUser, secret: string): string {
      return totpOf(secret, user.username ?? user.mobile).toString();
    },

    /** Bind `secret` (from beginEnrollment) to the account when `code` proves the app has it. */
    async confirmEnrollment(userId: string, secret: string, code: string, source: AttemptSource): Promise<SecondFactorResult> {
      const user = await findIdpUserById(db, userId);
      if (user?.totpSecret) return { ok: false, message: TOTP_RESTART, restart: true, status: 401, challenge: false, reason: 'restart', userId };
      return checkCode(user, secret, code, source, async (u, step) =>
        (await enrollTotp(db, u.id, secret, clock.now(), step)) ? 'ok' : 'conflict',
      );
    },

    /** The second factor of an enrolled staff account; a code (time step) is accepted once. */
    async verifyTotp(userId: string, code: string, source: AttemptSource): Promise<SecondFactorResult> {
      const user = await findIdpUserById(db, userId);
      return checkCode(user, user?.totpSecret ?? null, code, source, async (u, step) =>
        (await claimTotpStep(db, u.id, step)) ? 'ok' : 'replayed',
      );
    },

    /** Remember an accepted password for interaction `uid` until `expiresAt` (the interaction's end). */
    savePendingSecondFactor(uid: string, pending: PendingSecondFactor, expiresAt: Date): Promise<void> {
      return savePendingSecondFactor(db, uid, pending, expiresAt);
    },

    /** The pending second factor of interaction `uid`, if any and its account is still an active staff account. */
    async findPendingSecondFactor(uid: string): Promise<PendingSecondFactorState | undefined> {
      const pending = await findPendingSecondFactor(db, uid);
      const user = pending ? await findIdpUserById(db, pending.accountId) : undefined;
      if (!pending || !user || user.kind !== 'staff' || user.disabled) return undefined;
      return { pending, user };
    },

    deletePendingSecondFactor(uid: string): Promise<void> {
      return deletePendingSecondFactor(db, uid);
    },
  };
}

export type IdpUsersService = ReturnType<typeof createIdpUsersService>;
