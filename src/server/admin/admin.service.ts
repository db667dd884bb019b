import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { validateMobile } from '../../domain/identifiers/index.ts';
import { roleSetProblem, STAFF_ROLES, type StaffRole } from '../../domain/roles.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import { deleteIdpSessionsOf, insertIdpUser } from '../auth/idp/idp-users.writes.ts';
import { checkPasswordPolicy, hashPassword } from '../auth/idp/passwords.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { requireRole } from '../auth/staff-roles.ts';
import type { Account, DB } from '../db/schema.ts';
import { createCalendar } from '../../domain/calendar/index.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import { appError } from '../errors.ts';
import { checkDayRange } from '../day-range.ts';
import { isUuid } from '../db/sql-helpers.ts';
import { findAuditRows, type AuditFilter } from '../audit/audit.reads.ts';
import { CSV_HEADER, auditCsvLine, csvLine, presentAuditEntry } from '../audit/audit.presenter.ts';
import {
  clearStaffTotp,
  findAccountIdBySubject,
  listHolidaysOfYear,
  listStaffUsers,
  lockStaffUser,
  replaceHolidaysOfYear,
  setStaffDisabled,
  setStaffRoles,
} from './admin.repository.ts';

const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;

/** An export stops here, with a note saying so (a narrower filter gets the rest). */
export const AUDIT_EXPORT_MAX = 100_000;
const EXPORT_PAGE = 1000;

/**
 * Staff administration under 三员分立 (等保 level 3): the system administrator creates and
 * disables staff accounts, the security administrator grants roles, the audit administrator
 * reads the audit log. Nobody changes their own account. Every change is audited with it.
 */
export function createAdminService(deps: { db: Kysely<DB>; audit: Audit; sessions: SessionStore; issuer: string; calendar?: CalendarService }) {
  const { db, audit, sessions } = deps;

  async function staffUserOrThrow(executor: Kysely<DB>, id: string) {
    if (!isUuid(id)) throw appError('STAFF_ACCOUNT_NOT_FOUND');
    const user = await lockStaffUser(executor, id);
    if (!user) throw appError('STAFF_ACCOUNT_NOT_FOUND');
    return user;
  }

  function notSelf(account: Account, idpUserId: string) {
    if (account.issuer === deps.issuer && account.subject === idpUserId) throw appError('SELF_CHANGE_FORBIDDEN');
  }

  /** Changes take effect now: the account's app and identity-provider sessions end. */
  async function endSessionsOf(idpUserId: string) {
    const accountId = await findAccountIdBySubject(db, deps.issuer, idpUserId);
    if (accountId) await sessions.destroyAllOf(accountId);
    await deleteIdpSessionsOf(db, idpUserId);
  }

  return {
    async listStaff(actor: Actor) {
      requireRole(actor, ['sysadmin', 'secadmin']);
      const users = await listStaffUsers(db);
      return users.map((u) => ({
        id: u.id,
        username: u.username,
        name: (u.profile as Record<string, string>).name ?? '',
        mobile: u.mobile,
        roles: u.roles as string[],
        disabled: u.disabled,
        totpEnrolled: u.totpEnrolledAt !== null,
        createdAt: u.createdAt,
      }));
    },

    async createStaff(actor: Actor, body: { username: string; name: string; mobile: string; password: string }) {
      const { account } = requireRole(actor, ['sysadmin']);
      const username = body.username.trim().toLowerCase();
      const errors = [];
      if (!USERNAME.test(username)) errors.push({ path: 'username', message: '用户名应以字母开头，3至32位字母、数字或 . _ -' });
      if (!body.name.trim()) errors.push({ path: 'name', message: '请输入姓名' });
      const mobile = validateMobile(body.mobile);
      if (!mobile.ok) errors.push({ path: 'mobile', message: mobile.message });
      const policy = checkPasswordPolicy(body.password, [username, mobile.ok ? mobile.value : '']);
      if (policy) errors.push({ path: 'password', message: policy });
      if (errors.length > 0) throw appError('STAFF_ACCOUNT_INVALID', { first: errors[0]!.message }, { fieldErrors: errors });
      const id = randomUUID();
      const passwordHash = await hashPassword(body.password);
      try {
        await db.transaction().execute(async (tx) => {
          await insertIdpUser(tx, { id, kind: 'staff', username, mobile: mobile.ok ? mobile.value : '', passwordHash, profile: { name: body.name.trim() }, roles: [] });
          await audit.record({ action: 'admin.staff-create', actorAccountId: account.id, objectType: 'idp_user', objectId: id, actor, details: { username } }, tx);
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw appError('STAFF_ACCOUNT_TAKEN');
        throw error;
      }
      return { id };
    },

    async setDisabled(actor: Actor, id: string, disabled: boolean) {
      const { account } = requireRole(actor, ['sysadmin']);
      notSelf(account, id);
      await db.transaction().execute(async (tx) => {
        await staffUserOrThrow(tx, id);
        await setStaffDisabled(tx, id, disabled);
        await audit.record({ action: disabled ? 'admin.staff-disable' : 'admin.staff-enable', actorAccountId: account.id, objectType: 'idp_user', objectId: id, actor }, tx);
      });
      if (disabled) await endSessionsOf(id);
    },

    /** 重置动态口令 (lost phone): the next login enrolls a new authenticator. */
    async resetTotp(actor: Actor, id: string) {
      const { account } = requireRole(actor, ['sysadmin']);
      notSelf(account, id);
      await db.transaction().execute(async (tx) => {
        await staffUserOrThrow(tx, id);
        await clearStaffTotp(tx, id);
        await audit.record({ action: 'admin.staff-totp-reset', actorAccountId: account.id, objectType: 'idp_user', objectId: id, actor }, tx);
      });
      await endSessionsOf(id);
    },

    async setRoles(actor: Actor, id: string, roles: string[]) {
      const { account } = requireRole(actor, ['secadmin']);
      notSelf(account, id);
      const unique = [...new Set(roles)];
      const problem = roleSetProblem(unique);
      if (problem) throw appError('ROLE_SET_INVALID', { reason: problem });
      await db.transaction().execute(async (tx) => {
        const user = await staffUserOrThrow(tx, id);
        await setStaffRoles(tx, id, unique);
        await audit.record(
          { action: 'admin.staff-roles', actorAccountId: account.id, objectType: 'idp_user', objectId: id, actor, details: { from: user.roles, to: unique } },
          tx,
        );
      });
      await endSessionsOf(id);
    },

    /** The audit log, newest first, for the audit administrator only; people, actions and objects by name. */
    async auditLog(actor: Actor, filter: AuditFilter & { before?: string; limit?: number }) {
      requireRole(actor, ['auditor']);
      checkDayRange(filter);
      const before = filter.before && /^\d{1,18}$/.test(filter.before) ? filter.before : undefined;
      const rows = await findAuditRows(db, deps.issuer, filter, { before, limit: Math.min(filter.limit ?? 50, 200) });
      return rows.map(presentAuditEntry);
    },

    /**
     * 导出: the rows the filters show, as CSV lines (header first), at most AUDIT_EXPORT_MAX. The
     * export is audited before the first row is read, and covers the rows written before it.
     */
    async auditExport(actor: Actor, filter: AuditFilter): Promise<AsyncIterable<string>> {
      const { account } = requireRole(actor, ['auditor']);
      checkDayRange(filter);
      const exportId = await audit.recordReturningId({
        action: 'audit.export',
        actorAccountId: account.id,
        objectType: 'audit_log',
        actor,
        details: { filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), limit: AUDIT_EXPORT_MAX },
      });
      return (async function* () {
        yield `\uFEFF${csvLine(CSV_HEADER)}`;
        let before = exportId;
        for (let written = 0; ; ) {
          const limit = Math.min(EXPORT_PAGE, AUDIT_EXPORT_MAX - written);
          if (limit === 0) {
            const more = await findAuditRows(db, deps.issuer, filter, { before, limit: 1 });
            if (more.length > 0) yield csvLine([`（仅导出了前 ${AUDIT_EXPORT_MAX} 条记录，请缩小筛选范围后分次导出）`]);
            return;
          }
          const rows = await findAuditRows(db, deps.issuer, filter, { before, limit });
          if (rows.length > 0) yield rows.map((r) => auditCsvLine(presentAuditEntry(r))).join('');
          if (rows.length < limit) return;
          written += rows.length;
          before = rows.at(-1)!.id;
        }
      })();
    },

    /** One year of the holiday table (节假日和调休). */
    async holidays(actor: Actor, year: number) {
      requireRole(actor, ['sysadmin']);
      return listHolidaysOfYear(db, year);
    },

    /** Replace a year's holidays, e.g. when the State Council publishes the next year's arrangement. */
    async replaceHolidays(
      actor: Actor,
      year: number,
      body: { source: string; entries: { date: string; kind: 'holiday' | 'workday'; name: string }[] },
    ) {
      const { account } = requireRole(actor, ['sysadmin']);
      const outside = body.entries.find((e) => !e.date.startsWith(`${year}-`));
      if (outside) throw appError('HOLIDAY_OUTSIDE_YEAR', { date: outside.date, year });
      try {
        createCalendar(body.entries);
      } catch (error) {
        throw appError('HOLIDAYS_INVALID', { reason: (error as Error).message });
      }
      if (!body.source.trim()) throw appError('HOLIDAY_SOURCE_REQUIRED');
      await db.transaction().execute(async (tx) => {
        await replaceHolidaysOfYear(tx, year, body.entries.map((e) => ({ date: e.date, kind: e.kind, name: e.name.trim(), source: body.source.trim() })));
        await audit.record({ action: 'admin.holidays-replace', actorAccountId: account.id, objectType: 'holidays', objectId: String(year), actor, details: { count: body.entries.length, source: body.source } }, tx);
      });
      deps.calendar?.invalidate();
    },

    roleLabels: STAFF_ROLES as Record<StaffRole, string>,
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
