import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  validateEmail,
  validateIdNumber,
  validateMobile,
  validateUscc,
  isAdultIdNumber,
  normalizeCode,
} from '../../../domain/identifiers/index.ts';
import { ID_TYPES, type IdType } from '../../../domain/roles.ts';
import type { DB, IdpUser } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';
import { checkPasswordPolicy, DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.ts';
import {
  clearLoginFailures,
  findIdpUserByLogin,
  findLoginFailures,
  findTakenIdentifiers,
  insertIdpUser,
  saveLoginFailures,
} from './idp-users.repository.ts';

export type FieldErrors = Record<string, string>;
export type RegisterResult = { ok: true; userId: string } | { ok: false; errors: FieldErrors };
export type LoginResult = { ok: true; user: IdpUser } | { ok: false; message: string };

/** Lockout policy: 5 failures within 15 minutes lock the identifier for 15 minutes. */
export const LOCKOUT = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

const LOGIN_FAILED = '账号或密码错误，请重新输入';
const LOCKED = `登录失败次数过多，请${LOCKOUT.lockMs / 60_000}分钟后再试`;

function text(form: Record<string, unknown>, key: string, max = 100): string {
  const value = form[key];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function required(errors: FieldErrors, key: string, value: string, label: string): void {
  if (!value) errors[key] ??= `请输入${label}`;
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

  return {
    /** 法人 registration: 单位名称, 统一社会信用代码, 法定代表人, 经办人姓名, 手机, Email, 密码. */
    async registerLegal(form: Record<string, unknown>): Promise<RegisterResult> {
      const errors: FieldErrors = {};
      const orgName = text(form, 'orgName');
      const legalRep = text(form, 'legalRep', 50);
      const agentName = text(form, 'agentName', 50);
      required(errors, 'orgName', orgName, '单位名称');
      const uscc = validateUscc(text(form, 'uscc', 40));
      if (!uscc.ok) errors.uscc = uscc.message;
      required(errors, 'legalRep', legalRep, '法定代表人');
      required(errors, 'agentName', agentName, '经办人姓名');
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
      const name = text(form, 'name', 50);
      required(errors, 'name', name, '姓名');
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
      const keys = [code, ...(user ? [`account:${user.id}`] : [])].map((k) => createHash('sha256').update(k).digest('hex'));
      const counters = await Promise.all(keys.map((k) => findLoginFailures(db, k)));
      if (counters.some((c) => c?.lockedUntil && c.lockedUntil.getTime() > now.getTime())) return { ok: false, message: LOCKED };

      const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      if (user && passwordOk && !user.disabled) {
        for (const [i, key] of keys.entries()) if (counters[i]) await clearLoginFailures(db, key);
        return { ok: true, user };
      }

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
      return { ok: false, message: locked ? LOCKED : LOGIN_FAILED };
    },
  };
}

export type IdpUsersService = ReturnType<typeof createIdpUsersService>;
