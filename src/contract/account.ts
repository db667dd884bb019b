/** The session (/api/session) and 完善基本信息 (/api/me/basic-info). */
import { z } from 'zod';
import type { BasicInfo } from '../domain/items/index.ts';
import { TimestampSchema } from './common.ts';

const BasicInfoSchema = z.custom<BasicInfo>();

/** What the logged-in user sees of their own account (prefill data included, nothing else). */
export const SessionAccountSchema = z.object({
  id: z.string(),
  kind: z.enum(['legal', 'natural', 'staff']),
  displayName: z.string(),
  profile: z.record(z.string(), z.string()),
  /** 完善基本信息 (applicants): prefilled into every item. */
  basicInfo: BasicInfoSchema,
  roles: z.array(z.string()),
});
export type SessionAccount = z.infer<typeof SessionAccountSchema>;

/** Who is logged in, and the CSRF token the browser sends back on state-changing requests. */
export const SessionInfoSchema = z.object({
  account: SessionAccountSchema.nullable(),
  csrfToken: z.string().nullable(),
  /** The session's absolute end, when logged in. */
  expiresAt: TimestampSchema.optional(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** After 退出: where the browser goes (the identity provider's logout, or home). */
export const LogoutResultSchema = z.object({ redirectTo: z.string() });
export type LogoutResult = z.infer<typeof LogoutResultSchema>;

/** 完善基本信息 as the server keeps it. */
export const BasicInfoViewSchema = z.object({
  /** What the identity service supplies: shown, not editable here. */
  identity: z.array(z.object({ label: z.string(), value: z.string() })),
  values: BasicInfoSchema,
  updatedAt: TimestampSchema.nullable(),
});
export type BasicInfoView = z.infer<typeof BasicInfoViewSchema>;

/** The whole record (an emptied field is removed); each field is checked like the forms check it. */
export const BasicInfoInputSchema = z.strictObject({ values: z.record(z.string(), z.string().max(300)).meta({ maxProperties: 20 }) });
export type BasicInfoInput = z.infer<typeof BasicInfoInputSchema>;
