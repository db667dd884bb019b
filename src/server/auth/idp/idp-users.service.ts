import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
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
import type { DB, IdpUser } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';
import { checkPasswordPolicy, DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.ts';
import {
  claimTotpStep,
  clearLoginFailures,
  deletePendingSecondFactor,
  enrollTotp,
  findPendingSecondFactor,
  findIdpUserById,
  findIdpUserByLogin,
  findLoginFailures,
  findTakenIdentifiers,
  insertIdpUser,
  saveLoginFailures,
  savePendingSecondFactor,
  type PendingSecondFactor,
} from './idp-users.repository.ts';

export type FieldErrors = Record<string, string>;
export type RegisterResult = { ok: true; userId: string } | { ok: false; errors: FieldErrors };
/** `secondFactor`: the password was right, but the account (staff) still owes a TOTP code. */
export type LoginResult = { ok: true; user: IdpUser; secondFactor: boolean } | { ok: false; message: string };
/** A staff member's accepted password awaiting the second factor, with the (active staff) account. */
export interface PendingSecondFactorState {
  pending: PendingSecondFactor;
  user: IdpUser;
}
/** `restart`: this login attempt is over (locked, account gone): back to the password step. */
export type SecondFactorResult = { ok: true } | { ok: false; message: string; restart: boolean };

/** Lockout policy: 5 failures within 15 minutes lock the identifier for 15 minutes. */
export const LOCKOUT = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

const LOGIN_FAILED = '账号或密码错误，请重新输入';
const LOCKED = `登录失败次数过多，请${LOCKOUT.lockMs / 60_000}分钟后再试`;

/** TOTP as authenticator apps expect it (RFC 6238 defaults). */
export const TOTP_PARAMS = { issuer: '北京市统一身份认证', algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Codes of the neighbouring time steps are accepted too: one step of clock drift either way. */
const TOTP_WINDOW = 1;

const TOTP_WRONG = '动态口令错误，请重新输入';
const TOTP_REUSED = '该动态口令已使用过，请等待手机令牌显示新的动态口令后输入';
const TOTP_MALFORMED = '请输入手机令牌显示的6位数字动态口令';
const TOTP_RESTART = '登录已失效，请重新输入账号和密码';

type FailureRow = Awaited<ReturnType<typeof findLoginFailures>>;

const failureKey = (k: string) => createHash('sha256').update(k).digest('hex');
const accountKey = (userId: string) => failureKey(`account:${userId}`);
const isLocked = (c: FailureRow, now: Date) => Boolean(c?.lockedUntil && c.lockedUntil.getTime() > now.getTime());

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

export function createIdpUsersService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps;

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

  /** Count one failure against each key; true when that locks any of them. */
  async function recordFailures(keys: readonly string[], counters: readonly FailureRow[], now: Date): Promise<boolean> {
    let locked = false;
    for (const [i, key] of keys.entries()) {
      const c = counters[i];
      const inWindow = c && now.getTime() - c.windowStartedAt.getTime() < LOCKOUT.windowMs && !c.lockedUntil;
      const count = inWindow ? c.failures + 1 : 1;
      const lock = count >= LOCKOUT.maxFailures;
      locked ||= lock;
      await saveLoginFailures(db, {
        identifierHash: key,
        failures: count,
        windowStartedAt: inWindow ? c.windowStartedAt : now,
        lockedUntil: lock ? new Date(now.getTime() + LOCKOUT.lockMs) : null,
      });
    }
    return locked;
  }

  const totpOf = (secret: string, label = '') =>
    new TOTP({ ...TOTP_PARAMS, label, secret: Secret.fromBase32(secret) });

  /**
   * Check `code` against `secret` at the clock's time; wrong codes count against the account
   * (the password lockout), as do replays. On success `onValid(step)` must claim the step.
   */
  async function checkCode(
    user: IdpUser | undefined,
    secret: string | null,
    rawCode: string,
    onValid: (user: IdpUser, step: number) => Promise<'ok' | 'replayed' | 'conflict'>,
  ): Promise<SecondFactorResult> {
    const now = clock.now();
    if (!user || user.disabled || user.kind !== 'staff' || !secret) return { ok: false, message: TOTP_RESTART, restart: true };
    const key = accountKey(user.id);
    const counter = await findLoginFailures(db, key);
    if (isLocked(counter, now)) return { ok: false, message: LOCKED, restart: true };
    const code = rawCode.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) return { ok: false, message: TOTP_MALFORMED, restart: false };

    const delta = totpOf(secret).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
    if (delta !== null) {
      const step = TOTP.counter({ period: TOTP_PARAMS.period, timestamp: now.getTime() }) + delta;
      const outcome = await onValid(user, step);
      if (outcome === 'conflict') return { ok: false, message: TOTP_RESTART, restart: true };
      if (outcome === 'ok') {
        if (counter) await clearLoginFailures(db, key);
        return { ok: true };
      }
    }
    const locked = await recordFailures([key], [counter], now);
    if (locked) return { ok: false, message: LOCKED, restart: true };
    return { ok: false, message: delta === null ? TOTP_WRONG : TOTP_REUSED, restart: false };
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

    /** Login by 统一社会信用代码, 证件号码, 手机 or (staff) username; never says which part was wrong. */
    async authenticate(loginId: string, password: string): Promise<LoginResult> {
      const code = normalizeCode(loginId).slice(0, 64);
      const username = loginId.trim().toLowerCase().slice(0, 64);
      const now = clock.now();
      const user = code ? await findIdpUserByLogin(db, code, username) : undefined;
      // Failures count against what was typed and, when it names an account, against the
      // account too: switching from 手机 to 统一社会信用代码 does not buy more guesses.
      const keys = [failureKey(code), ...(user ? [accountKey(user.id)] : [])];
      const counters = await Promise.all(keys.map((k) => findLoginFailures(db, k)));
      if (counters.some((c) => isLocked(c, now))) return { ok: false, message: LOCKED };

      const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      if (user && passwordOk && !user.disabled) {
        // Staff still owe a TOTP code: the account's count stands until that succeeds too, so
        // a known password does not reset the guesses at the second factor.
        const secondFactor = user.kind === 'staff';
        for (const [i, key] of keys.entries()) {
          if (counters[i] && !(secondFactor && i > 0)) await clearLoginFailures(db, key);
        }
        return { ok: true, user, secondFactor };
      }

      const locked = await recordFailures(keys, counters, now);
      return { ok: false, message: locked ? LOCKED : LOGIN_FAILED };
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
    async confirmEnrollment(userId: string, secret: string, code: string): Promise<SecondFactorResult> {
      const user = await findIdpUserById(db, userId);
      if (user?.totpSecret) return { ok: false, message: TOTP_RESTART, restart: true };
      return checkCode(user, secret, code, async (u, step) =>
        (await enrollTotp(db, u.id, secret, clock.now(), step)) ? 'ok' : 'conflict',
      );
    },

    /** The second factor of an enrolled staff account; a code (time step) is accepted once. */
    async verifyTotp(userId: string, code: string): Promise<SecondFactorResult> {
      const user = await findIdpUserById(db, userId);
      return checkCode(user, user?.totpSecret ?? null, code, async (u, step) =>
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
