/** 三员 administration (/api/admin): staff accounts, role grants, the audit log, the holiday table. */
import { z } from 'zod';
import { DAY_PATTERN, DaySchema, TimestampSchema } from './common.ts';

/** A staff account of the bundled identity provider. */
export const StaffAccountSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  name: z.string(),
  mobile: z.string(),
  roles: z.array(z.string()),
  disabled: z.boolean(),
  totpEnrolled: z.boolean(),
  createdAt: TimestampSchema,
});
export type StaffAccount = z.infer<typeof StaffAccountSchema>;
export const StaffListSchema = z.object({ staff: z.array(StaffAccountSchema) });
export type StaffList = z.infer<typeof StaffListSchema>;

/** 新建工作人员账号 (系统管理员); the service checks the username, mobile and password policy. */
export const CreateStaffInputSchema = z.strictObject({
  username: z.string().max(32),
  name: z.string().max(50),
  mobile: z.string().max(20),
  password: z.string().max(64),
});
export type CreateStaffInput = z.infer<typeof CreateStaffInputSchema>;
export const CreatedSchema = z.object({ id: z.string() });
export type Created = z.infer<typeof CreatedSchema>;

/** 分配岗位 (安全管理员); roleSetProblem (domain/roles) decides which sets are allowed. */
export const SetRolesInputSchema = z.strictObject({ roles: z.array(z.string().max(20)).max(10) });
export type SetRolesInput = z.infer<typeof SetRolesInputSchema>;

/** 停用 / 启用 (系统管理员). */
export const SetDisabledInputSchema = z.strictObject({ disabled: z.boolean() });
export type SetDisabledInput = z.infer<typeof SetDisabledInputSchema>;

export const YearParamsSchema = z.strictObject({ year: z.int().min(2000).max(2100) });

export const HolidayKindSchema = z.enum(['holiday', 'workday']);

/** One day of the State Council's arrangement: 休 (a day off, weekends included) or 班 (a weekend worked). */
export const HolidayEntrySchema = z.strictObject({ date: z.string().regex(DAY_PATTERN), kind: HolidayKindSchema, name: z.string().max(30) });
export type HolidayEntry = z.infer<typeof HolidayEntrySchema>;

/** Days a year's arrangement may list (休 and 班 together). */
export const HOLIDAY_ENTRIES_MAX = 120;

/** A year's arrangement replaces the stored one; `source` is the notice's 文号. */
export const HolidaysInputSchema = z.strictObject({ source: z.string().max(200), entries: z.array(HolidayEntrySchema).max(HOLIDAY_ENTRIES_MAX) });
export type HolidaysInput = z.infer<typeof HolidaysInputSchema>;

/** One year of the holiday table as stored. */
export const HolidayListSchema = z.object({
  entries: z.array(z.object({ date: DaySchema, kind: HolidayKindSchema, name: z.string(), source: z.string() })),
});
export type HolidayList = z.infer<typeof HolidayListSchema>;

/** The audit page's filters; dates are YYYY-MM-DD (Beijing days), both inclusive. */
export const AuditFilterSchema = z.strictObject({
  /** A fragment of the actor's name, 用户名 (staff) or 统一社会信用代码 (法人). */
  person: z.string().max(50).optional(),
  /** An action code, e.g. case.accept; one ending in '.' (case.) is a prefix. */
  action: z.string().max(60).regex(/^[a-z][a-z.-]*$/).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  from: z.string().max(10).regex(DAY_PATTERN).optional(),
  to: z.string().max(10).regex(DAY_PATTERN).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

/** A page of the audit log: the filters and the last id of the previous page. */
export const AuditQuerySchema = AuditFilterSchema.extend({ before: z.string().max(20).optional() });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** One audit row as the audit administrator reads it: people, actions and objects by name. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: TimestampSchema,
  action: z.string(),
  actionLabel: z.string(),
  /** success | failure. */
  outcome: z.string(),
  /** 姓名（岗位） for staff, 名称（法人/自然人） for applicants, 系统 for jobs. */
  person: z.string(),
  /** 用户名 of staff, 统一社会信用代码 of a 法人; never a natural person's ID number or phone. */
  login: z.string().nullable(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  /** 申报编号 …, the batch title, the account's name; empty when the row names no object. */
  object: z.string(),
  clientIp: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema) });
export type AuditPage = z.infer<typeof AuditPageSchema>;
