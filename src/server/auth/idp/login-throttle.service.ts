import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Audit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import type { DB, IdpUser, LoginFailureScope } from '../../db/schema.ts';
import { writeMessage } from '../../notifications/notify.ts';
import type { ChallengeCheck } from './login-challenge.ts';
import {
  claimAlert,
  countFailingAddresses,
  deleteCounter,
  findAlertRecipient,
  findCounters,
  findSecurityAdministrators,
  lockCounters,
  purgeCounters,
  queueSms,
  uncountAttempt,
  updateCounter,
  useChallenge,
  type AlertRecipient,
  type CounterKey,
  type FailureCounter,
} from './login-throttle.repository.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Login throttle (security issue 14): failures are counted per identifier from one client
 * address, per address and per identifier, never locking an account for its owner.
 * - `pair`: one identifier from one address. The challenge (人机验证) from the 3rd failure on;
 *   from the 5th, each next attempt waits 1 s, 2 s, 4 s … up to 15 min after the last one.
 *   Forgotten 24 h after its last failure; cleared by a successful login.
 * - `address`: every identifier from one address (credential stuffing), per hour: the challenge
 *   from 10 failures, growing delays from 30.
 * - `subject`: one identifier from every address (distributed guessing), per hour: the challenge
 *   from 10 failures, never a delay (the owner must still get in); from 5 the account holder
 *   (and for staff the 安全管理员) is told, at most once an hour.
 * Wrong passwords and wrong 动态口令 count alike. An identifier that names an account counts as
 * that account, whichever of its identifiers was typed; an unknown one counts as typed.
 */
export const LOGIN_THROTTLE = {
  pair: { challengeAt: 3, delayAt: 5, forgetAfterMs: 24 * HOUR },
  address: { challengeAt: 10, delayAt: 30, windowMs: HOUR },
  subject: { challengeAt: 10, alertAt: 5, windowMs: HOUR },
  firstDelayMs: 1000,
  maxDelayMs: 15 * MINUTE,
  alertEveryMs: HOUR,
} as const;

type Scope = 'pair' | 'address' | 'subject';
const SCOPES: readonly Scope[] = ['pair', 'address', 'subject'];

export type ThrottleKeys = Record<Scope, CounterKey>;
export type Counts = Record<Scope, number>;

export type Claim =
  /** Refused unchecked until `retryAt`. */
  | { kind: 'delayed'; retryAt: Date }
  /** Refused unchecked: the challenge was needed and not (validly) solved. */
  | { kind: 'challenge'; problem: 'missing' | 'invalid' | 'expired' | 'replayed' }
  /** Counted as a failure in advance (so parallel attempts cannot all pass); `succeeded` takes it back. */
  | { kind: 'claimed'; counts: Counts; retryAt: Date | null; subjectSince: Date };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const key = (scope: LoginFailureScope, k: string, subjectHash: string | null = null): CounterKey => ({ key: k, scope, subjectHash });
const addressKey = (address: string) => key('address', sha256(`address:${address}`));

/** The counters of one attempt: `subject` is `account:<idp user id>` or `typed:<identifier>`. */
export function throttleKeys(subject: string, address: string): ThrottleKeys {
  const subjectKey = sha256(`subject:${subject}`);
  return {
    pair: key('pair', sha256(`pair:${subject}\n${address}`), subjectKey),
    address: addressKey(address),
    subject: key('subject', subjectKey),
  };
}

/** The wait before the next attempt after `failures` (0 below the scope's threshold). */
export function delayAfter(failures: number, delayAt: number): number {
  if (failures < delayAt) return 0;
  return Math.min(LOGIN_THROTTLE.firstDelayMs * 2 ** Math.min(failures - delayAt, 30), LOGIN_THROTTLE.maxDelayMs);
}

const delayAtOf = (scope: Scope): number | undefined => (scope === 'subject' ? undefined : LOGIN_THROTTLE[scope].delayAt);

/** A counter as it stands at `now`: an expired window counts nothing. */
function current(scope: Scope, row: FailureCounter | undefined, now: Date) {
  const t = now.getTime();
  const expired =
    !row ||
    row.failures === 0 ||
    (scope === 'pair'
      ? t - row.lastFailureAt.getTime() >= LOGIN_THROTTLE.pair.forgetAfterMs
      : t - row.windowStartedAt.getTime() >= LOGIN_THROTTLE[scope].windowMs);
  if (expired) return { failures: 0, windowStartedAt: now, delayedUntil: null };
  return { failures: row.failures, windowStartedAt: row.windowStartedAt, delayedUntil: row.delayedUntil };
}

const needsChallenge = (c: Counts) =>
  c.pair >= LOGIN_THROTTLE.pair.challengeAt || c.address >= LOGIN_THROTTLE.address.challengeAt || c.subject >= LOGIN_THROTTLE.subject.challengeAt;

const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function beijing(at: Date) {
  const p = Object.fromEntries(BEIJING.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}年${p.month}月${p.day}日`, minute: `${p.hour}:${p.minute}`, second: `${p.hour}:${p.minute}:${p.second}` };
}

/** 登录失败次数过多，请于10:00:04（北京时间，约4秒后）再试 */
export function retryMessage(retryAt: Date, now: Date): string {
  const ms = Math.max(retryAt.getTime() - now.getTime(), 1000);
  const wait = ms < MINUTE ? `${Math.ceil(ms / 1000)}秒` : `${Math.ceil(ms / MINUTE)}分钟`;
  return `登录失败次数过多，请于${beijing(retryAt).second}（北京时间，约${wait}后）再试`;
}

/** Seconds for the Retry-After header. */
export const retryAfterSeconds = (retryAt: Date, now: Date) => Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));

export interface LoginThrottleDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Audit;
  /** For the alerts about repeated login failures (站内消息, SMS, email). */
  emailEnabled: boolean;
  hotline: string;
  publicUrl: string;
}

export function createLoginThrottle(deps: LoginThrottleDeps) {
  const { db, clock } = deps;

  async function alertHolder(tx: Kysely<DB>, user: IdpUser, counts: Counts, since: Date, now: Date, addresses: number) {
    const period = `${beijing(since).date}${beijing(since).minute}至${beijing(now).minute}（北京时间）`;
    const staff = user.kind === 'staff';
    const holder = await findAlertRecipient(tx, user.id);
    const admins = staff ? (await findSecurityAdministrators(tx)).filter((a) => a.idpUserId !== user.id) : [];
    const help = staff
      ? '如需重置密码或动态口令，请联系系统管理员。'
      : `如需修改或重置密码，请拨打登录注册问题咨询热线${deps.hotline}。`;
    const tell = (to: AlertRecipient, kind: string, title: string, body: string) =>
      to.accountId
        ? writeMessage(tx, { accountId: to.accountId, applicationId: null, kind, title, body, link: `${deps.publicUrl}/messages` }, { email: to.email ?? undefined, mobile: to.mobile }, { emailEnabled: deps.emailEnabled, now })
        : queueSms(tx, to.mobile, title, `【北京市规划和自然资源委员会】${title}。${body}`, now);
    if (holder) {
      await tell(
        holder,
        'security.login-failures',
        '账号登录失败提醒',
        `您的统一身份认证账号于${period}登录失败${counts.subject}次，来自${addresses}个网络地址，系统会对反复失败的来源限制登录，您本人仍可正常登录（可能需要完成人机验证）。` +
          `如果不是您本人操作，可能有人在尝试猜测您的密码，请勿向他人透露密码。${help}`,
      );
    }
    const name = `${user.profile.name ?? ''}（用户名${user.username ?? ''}）`;
    for (const admin of admins) {
      await tell(
        admin,
        'security.staff-login-failures',
        '工作人员账号登录失败告警',
        `工作人员${name}的账号于${period}登录失败${counts.subject}次（含密码和动态口令），来自${addresses}个网络地址。` +
          '请与本人核实是否为其本人操作；如不是，请由系统管理员为其重置密码、动态口令或停用账号。来源地址请审计管理员在审计日志中查看。',
      );
    }
    await deps.audit.record(
      {
        action: 'idp.login-alert',
        actorLabel: 'system',
        objectType: 'idp_user',
        objectId: user.id,
        details: { failures: counts.subject, addresses, since: since.toISOString(), holder: holder ? (holder.accountId ? 'message' : 'sms') : 'none', securityAdministrators: admins.length },
      },
      tx,
    );
  }

  return {
    /** Whether the login page should carry the challenge before anything is typed (a busy address). */
    async addressNeedsChallenge(address: string): Promise<boolean> {
      const [row] = await findCounters(db, [addressKey(address).key]);
      return current('address', row, clock.now()).failures >= LOGIN_THROTTLE.address.challengeAt;
    },

    /** Whether the next attempt on `keys` needs the challenge (for a page shown before any attempt). */
    async challengeNeeded(keys: ThrottleKeys): Promise<boolean> {
      const now = clock.now();
      const rows = await findCounters(db, SCOPES.map((s) => keys[s].key));
      const count = (s: Scope) => current(s, rows.find((r) => r.identifierHash === keys[s].key), now).failures;
      return needsChallenge({ pair: count('pair'), address: count('address'), subject: count('subject') });
    },

    /**
     * Start one attempt: refused while a delay runs, or without a valid challenge solution when
     * one is needed (then nothing is counted); otherwise counted as a failure until `succeeded`.
     */
    async claim(keys: ThrottleKeys, challenge: ChallengeCheck): Promise<Claim> {
      const now = clock.now();
      return db.transaction().execute(async (tx): Promise<Claim> => {
        const rows = await lockCounters(tx, SCOPES.map((s) => keys[s]), now);
        const state = Object.fromEntries(SCOPES.map((s) => [s, current(s, rows.find((r) => r.identifierHash === keys[s].key), now)])) as Record<Scope, ReturnType<typeof current>>;
        const waits = SCOPES.map((s) => state[s].delayedUntil).filter((d): d is Date => d !== null && d.getTime() > now.getTime());
        if (waits.length > 0) return { kind: 'delayed', retryAt: new Date(Math.max(...waits.map((d) => d.getTime()))) };
        if (needsChallenge({ pair: state.pair.failures, address: state.address.failures, subject: state.subject.failures })) {
          if (!challenge.ok) return { kind: 'challenge', problem: challenge.problem };
          if (!(await useChallenge(tx, challenge.id, challenge.expiresAt, now))) return { kind: 'challenge', problem: 'replayed' };
        }
        const counts = { pair: 0, address: 0, subject: 0 };
        let retryAt: Date | null = null;
        for (const s of SCOPES) {
          const failures = state[s].failures + 1;
          const delayAt = delayAtOf(s);
          const wait = delayAt === undefined ? 0 : delayAfter(failures, delayAt);
          const delayedUntil = wait > 0 ? new Date(now.getTime() + wait) : null;
          if (delayedUntil && (!retryAt || delayedUntil > retryAt)) retryAt = delayedUntil;
          counts[s] = failures;
          await updateCounter(tx, keys[s].key, { failures, windowStartedAt: state[s].windowStartedAt, lastFailureAt: now, delayedUntil });
        }
        return { kind: 'claimed', counts, retryAt, subjectSince: state.subject.windowStartedAt };
      });
    },

    /**
     * The claimed attempt succeeded: it was no failure. The pair's count is cleared, unless the
     * account still owes its second factor (then only this attempt's count and delay go).
     */
    async succeeded(keys: ThrottleKeys, opts: { secondFactorPending: boolean }): Promise<void> {
      if (opts.secondFactorPending) {
        await uncountAttempt(db, SCOPES.map((s) => keys[s].key), { clearDelayOf: keys.pair.key });
        return;
      }
      await deleteCounter(db, keys.pair.key);
      await uncountAttempt(db, [keys.address.key, keys.subject.key]);
    },

    /** The claimed attempt turned out to be no attempt at all (e.g. a concurrent enrollment). */
    async withdraw(keys: ThrottleKeys): Promise<void> {
      await uncountAttempt(db, SCOPES.map((s) => keys[s].key), { clearDelayOf: keys.pair.key });
    },

    /**
     * The claimed attempt failed. Tells the account holder (and for staff every 安全管理员) once
     * the identifier's count reaches the alert threshold, at most once an hour. Answers whether
     * the next attempt needs the challenge; true when alerted.
     */
    async failed(keys: ThrottleKeys, claim: Extract<Claim, { kind: 'claimed' }>, user: IdpUser | undefined): Promise<{ challenge: boolean; alerted: boolean }> {
      const now = clock.now();
      await purgeCounters(db, new Date(now.getTime() - LOGIN_THROTTLE.pair.forgetAfterMs - HOUR));
      let alerted = false;
      if (user && claim.counts.subject >= LOGIN_THROTTLE.subject.alertAt) {
        alerted = await db.transaction().execute(async (tx) => {
          if (!(await claimAlert(tx, keys.subject.key, now, new Date(now.getTime() - LOGIN_THROTTLE.alertEveryMs)))) return false;
          const addresses = await countFailingAddresses(tx, keys.subject.key, claim.subjectSince);
          await alertHolder(tx, user, claim.counts, claim.subjectSince, now, addresses);
          return true;
        });
      }
      return { challenge: needsChallenge(claim.counts), alerted };
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
