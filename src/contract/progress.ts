/** 办事进度, 流程跟踪, 结果领取 and 站内消息: the applicant's API (/api/progress, /api/notifications). */
import { z } from 'zod';
import { ApplicationStatusSchema, CorrectionRequestSchema, DaySchema, TimestampSchema } from './common.ts';

/** The statutory deadline of the whole case (办理时限), counted in working days. */
export const CaseDeadlineSchema = z.object({
  due: DaySchema.nullable(),
  remainingDays: z.number(),
  overdue: z.boolean(),
  paused: z.boolean(),
  /** What stops the clock now (专家评审, 公示 …). */
  pausedFor: z.string().nullable(),
  limitDays: z.number(),
  /** Art.42: days an approved 延期 added to the limit. */
  extensionDays: z.number(),
  /** Years the period runs into whose 放假安排 is not published yet: the due date is provisional. */
  unpublishedYears: z.array(z.number()),
});
export type CaseDeadline = z.infer<typeof CaseDeadlineSchema>;

/** 补正期限: the last day to resubmit; past it the application is 视为撤回. */
export const CorrectionDueSchema = z.object({ due: DaySchema, overdue: z.boolean(), remainingDays: z.number(), unpublishedYears: z.array(z.number()) });
export type CorrectionDue = z.infer<typeof CorrectionDueSchema>;

/** What the applicant can do with a case now: the buttons of 办事进度. */
export const ProgressActionSchema = z.discriminatedUnion('key', [
  z.object({ key: z.literal('continue') }),
  z.object({ key: z.literal('track') }),
  z.object({ key: z.literal('correct') }),
  z.object({ key: z.literal('acceptance'), documentId: z.string() }),
  z.object({ key: z.literal('notice') }),
  z.object({ key: z.literal('collect') }),
]);
export type ProgressAction = z.infer<typeof ProgressActionSchema>;

/** One application in 办事进度. */
export const ProgressRowSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  item: z.string(),
  itemTitle: z.string(),
  applicationTypeLabel: z.string().nullable(),
  status: ApplicationStatusSchema,
  submittedAt: TimestampSchema.nullable(),
  updatedAt: TimestampSchema,
  nodeLabel: z.string(),
  statusText: z.string(),
  deadline: CaseDeadlineSchema.nullable(),
  /** The staff's 补正 message while the applicant has to correct. */
  correctionMessage: z.string().nullable(),
  correctionDue: CorrectionDueSchema.nullable(),
  actions: z.array(ProgressActionSchema),
});
export type ProgressRow = z.infer<typeof ProgressRowSchema>;
export const ProgressListSchema = z.object({ cases: z.array(ProgressRowSchema) });
export type ProgressList = z.infer<typeof ProgressListSchema>;

export const TrackStatusSchema = z.enum(['done', 'current', 'ahead', 'skipped']);
export type TrackStatus = z.infer<typeof TrackStatusSchema>;

/** The flow chart of the case's own workflow with its position (domain/workflow trackOf). */
export const TrackViewSchema = z.object({
  nodes: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      status: TrackStatusSchema,
      /** Off the main path (补正, 专家评审). */
      detour: z.boolean(),
      enteredAt: TimestampSchema.optional(),
      leftAt: TimestampSchema.optional(),
    }),
  ),
  end: z.object({ label: z.string(), status: z.enum(['reached', 'ahead']), at: TimestampSchema.optional(), outcome: z.string().optional() }),
});
export type TrackView = z.infer<typeof TrackViewSchema>;

/** An issued document (受理通知书, 决定书, certificate …) as its applicant lists it. */
export const IssuedDocumentViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  number: z.string(),
  issuedAt: TimestampSchema,
  status: z.enum(['valid', 'superseded', 'revoked']),
  revokedReason: z.string().nullable(),
  verificationCode: z.string(),
});
export type IssuedDocumentView = z.infer<typeof IssuedDocumentViewSchema>;

export const CollectionMethodSchema = z.enum(['hall', 'post']);

/** 结果领取 as chosen. */
export const CollectionViewSchema = z.object({
  method: CollectionMethodSchema,
  recipient: z.string(),
  phone: z.string(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  chosenAt: TimestampSchema,
});
export type CollectionView = z.infer<typeof CollectionViewSchema>;

/** 结果领取: the paper original at the service hall or by post. */
export const CollectionInputSchema = z.strictObject({
  method: CollectionMethodSchema,
  recipient: z.string().max(50),
  phone: z.string().max(30),
  address: z.string().max(200).optional(),
  postalCode: z.string().max(10).optional(),
});
export type CollectionInput = z.infer<typeof CollectionInputSchema>;

/** 流程跟踪 of one case. */
export const CaseTrackSchema = ProgressRowSchema.omit({ updatedAt: true, correctionMessage: true }).extend({
  /** `publishes`: whether this case's workflow has a 公示 / 公告 node (its tabs are shown only then). */
  workflow: z.object({ name: z.string(), label: z.string(), publishes: z.object({ notice: z.boolean(), announcement: z.boolean() }) }),
  track: TrackViewSchema,
  steps: z.array(z.object({ nodeLabel: z.string(), actionLabel: z.string(), at: TimestampSchema, opinion: z.string().nullable(), negative: z.boolean() })),
  /** Open 补正 request: the parts reopened (step keys, attachments.<slot>) and the staff's message. */
  correction: CorrectionRequestSchema.nullable(),
  /** Art.42: an approved 延期, with its reason and the dates before and after. */
  extension: z.object({ days: z.number(), reason: z.string(), approvedAt: TimestampSchema.nullable(), dueBefore: DaySchema, dueAfter: DaySchema.nullable() }).nullable(),
  documents: z.array(IssuedDocumentViewSchema),
  collection: CollectionViewSchema.nullable(),
  canCollect: z.boolean(),
});
export type CaseTrack = z.infer<typeof CaseTrackSchema>;

/** 站内消息. */
export const NotificationViewSchema = z.object({
  id: z.string(),
  applicationId: z.string().nullable(),
  number: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: TimestampSchema,
  readAt: TimestampSchema.nullable(),
});
export type NotificationView = z.infer<typeof NotificationViewSchema>;

/** A notification id (a bigint as text). */
const NotificationIdSchema = z.string().regex(/^[0-9]{1,18}$/);

/** Keyset paging: `before` is the last id of the previous page. */
export const NotificationsQuerySchema = z.strictObject({ before: NotificationIdSchema.optional() });
export const NotificationPageSchema = z.object({ items: z.array(NotificationViewSchema), more: z.boolean(), unread: z.number() });
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

/** 标为已读: the given messages, or all without `ids`. */
export const MarkReadInputSchema = z.strictObject({ ids: z.array(NotificationIdSchema).max(100).optional() });
export type MarkReadInput = z.infer<typeof MarkReadInputSchema>;
export const UnreadCountSchema = z.object({ unread: z.number() });
export type UnreadCount = z.infer<typeof UnreadCountSchema>;
