/** 公示/公告 batches and 陈述: the staff console's API (/api/staff/notices, /api/staff/statements) and the applicant's (/api/progress/:id/notices). */
import { z } from 'zod';
import { NOTICE_PERIOD_MAX_DAYS, NOTICE_PERIOD_MIN_DAYS } from '../domain/notices/period.ts';
import { DaySchema, FileSummarySchema, IdSchema, TimestampSchema } from './common.ts';

/** 公示 (notice of review opinions) or 公告 (announcement of decisions). */
export const NoticeKindSchema = z.enum(['notice', 'announcement']);
export type NoticeKind = z.infer<typeof NoticeKindSchema>;

/** One line of a 公示/公告 as the public reads it: no 申报编号, no account, never an ID number. */
export const NoticeEntryFactsSchema = z.object({
  subjectName: z.string(),
  uscc: z.string().nullable(),
  /** Item code, e.g. `survey-b`. */
  item: z.string(),
  /** 申请内容 label. */
  applicationType: z.string().nullable(),
  qualification: z.string().nullable(),
  /** 同意 / 不同意 (公示); 准予许可 / 不予许可 / 准予注册 / 不予注册 / 准予注销 (公告). */
  opinion: z.string(),
  reason: z.string().nullable(),
});
export type NoticeEntryFacts = z.infer<typeof NoticeEntryFactsSchema>;

/** A case waiting in 待公示 / 待公告, with the line it would get. */
export const CandidateCaseSchema = NoticeEntryFactsSchema.extend({
  applicationId: z.string(),
  number: z.string().nullable(),
  itemTitle: z.string(),
  /** The workflow action publishing takes (publish / publish-refusal). */
  action: z.string(),
});
export type CandidateCase = z.infer<typeof CandidateCaseSchema>;

export const NoticePeriodSchema = z.object({ startsOn: DaySchema, endsOn: DaySchema, days: z.number() });
export type NoticePeriod = z.infer<typeof NoticePeriodSchema>;

export const KindQuerySchema = z.strictObject({ kind: NoticeKindSchema.optional() });

/** What the publisher chose: the cases in their order, and optionally the text and the 公示 period. */
export const BatchInputSchema = z.strictObject({
  kind: NoticeKindSchema,
  applicationIds: z.array(IdSchema).min(1).max(500).meta({ uniqueItems: true }),
  title: z.string().max(200).optional(),
  body: z.string().max(5000).optional(),
  /** 公示 only: NOTICE_PERIOD_MIN_DAYS–NOTICE_PERIOD_MAX_DAYS working days (default NOTICE_PERIOD_DAYS). */
  periodDays: z.int().min(NOTICE_PERIOD_MIN_DAYS).max(NOTICE_PERIOD_MAX_DAYS).optional(),
});
export type BatchInput = z.infer<typeof BatchInputSchema>;

export const BatchPreviewSchema = z.object({
  kind: NoticeKindSchema,
  title: z.string(),
  body: z.string(),
  period: NoticePeriodSchema.nullable(),
  entries: z.array(CandidateCaseSchema),
});
export type BatchPreview = z.infer<typeof BatchPreviewSchema>;

export const BatchEntrySchema = NoticeEntryFactsSchema.extend({
  position: z.number(),
  applicationId: z.string(),
  number: z.string().nullable(),
  /** The case's current node (null once ended). */
  node: z.string().nullable(),
});
export type BatchEntry = z.infer<typeof BatchEntrySchema>;

export const BatchSummarySchema = z.object({
  id: z.string(),
  kind: NoticeKindSchema,
  title: z.string(),
  status: z.enum(['published', 'closed']),
  periodDays: z.number().nullable(),
  startsOn: DaySchema.nullable(),
  endsOn: DaySchema.nullable(),
  entryCount: z.number(),
  publishedAt: TimestampSchema,
  closedAt: TimestampSchema.nullable(),
  pendingStatements: z.number(),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

export const BatchSchema = BatchSummarySchema.omit({ pendingStatements: true }).extend({
  /** 第N批 of its kind in that year. */
  year: z.number(),
  seq: z.number(),
  /** Account id of the publisher. */
  publishedBy: z.string().nullable(),
  body: z.string(),
  entries: z.array(BatchEntrySchema),
});
export type Batch = z.infer<typeof BatchSchema>;

export const CandidateListSchema = z.object({ cases: z.array(CandidateCaseSchema) });
export type CandidateList = z.infer<typeof CandidateListSchema>;
export const BatchListSchema = z.object({ batches: z.array(BatchSummarySchema) });
export type BatchList = z.infer<typeof BatchListSchema>;

export const StatementStatusSchema = z.enum(['pending', 'replied']);
export const StatementOutcomeSchema = z.enum(['kept', 'returned']);
export type StatementOutcome = z.infer<typeof StatementOutcomeSchema>;

export const StatementsQuerySchema = z.strictObject({ status: z.enum(['pending', 'all']).optional() });

/** A 陈述 in the publisher's list. */
export const StatementRowSchema = z.object({
  id: z.string(),
  submittedAt: TimestampSchema,
  status: StatementStatusSchema,
  outcome: StatementOutcomeSchema.nullable(),
  applicationId: z.string(),
  number: z.string().nullable(),
  item: z.string(),
  batchTitle: z.string(),
  endsOn: DaySchema.nullable(),
  applicantName: z.string().nullable(),
});
export type StatementRow = z.infer<typeof StatementRowSchema>;
export const StatementListSchema = z.object({ statements: z.array(StatementRowSchema) });
export type StatementList = z.infer<typeof StatementListSchema>;

/** A 陈述 as the publisher reads and answers it, with the 公示 line it is about. */
export const StatementViewSchema = z.object({
  id: z.string(),
  text: z.string(),
  submittedAt: TimestampSchema,
  status: StatementStatusSchema,
  reply: z.string().nullable(),
  outcome: StatementOutcomeSchema.nullable(),
  repliedAt: TimestampSchema.nullable(),
  applicationId: z.string(),
  number: z.string().nullable(),
  item: z.string(),
  node: z.string().nullable(),
  version: z.number(),
  batchId: z.string(),
  batchTitle: z.string(),
  endsOn: DaySchema.nullable(),
  entry: NoticeEntryFactsSchema.pick({ opinion: true, reason: true, subjectName: true, qualification: true }).optional(),
  attachments: z.array(FileSummarySchema),
});
export type StatementView = z.infer<typeof StatementViewSchema>;

export const StatementReplySchema = z.strictObject({ reply: z.string().max(2000), outcome: StatementOutcomeSchema });
export type StatementReply = z.infer<typeof StatementReplySchema>;

/** A statement's file, through the staff console (no `:id`) or the applicant's case. */
export const StatementFileParamsSchema = z.strictObject({ id: IdSchema.optional(), statementId: IdSchema, fileId: IdSchema });

/** A 公示/公告 line of the applicant's own case, with its batch. */
export const NoticeLineSchema = NoticeEntryFactsSchema.pick({ subjectName: true, applicationType: true, qualification: true, opinion: true, reason: true }).extend({
  batchId: z.string(),
  title: z.string(),
  publishedAt: TimestampSchema,
  startsOn: DaySchema.nullable(),
  endsOn: DaySchema.nullable(),
  periodDays: z.number().nullable(),
  /** A 公示 whose period has not ended. */
  running: z.boolean(),
  /** The public page of the batch. */
  url: z.string(),
});
export type NoticeLine = z.infer<typeof NoticeLineSchema>;

/** The applicant's own 陈述 and its answer. */
export const CaseStatementSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  text: z.string(),
  submittedAt: TimestampSchema,
  status: StatementStatusSchema,
  reply: z.string().nullable(),
  outcome: StatementOutcomeSchema.nullable(),
  repliedAt: TimestampSchema.nullable(),
  attachments: z.array(FileSummarySchema),
});
export type CaseStatement = z.infer<typeof CaseStatementSchema>;

/** 公示/公告 and 陈述 of one case, for its applicant (流程跟踪). */
export const CaseNoticesSchema = z.object({
  notices: z.array(NoticeLineSchema),
  announcements: z.array(NoticeLineSchema),
  statements: z.array(CaseStatementSchema),
  canFileStatement: z.boolean(),
  /** Last day a 陈述 is accepted, while one may be filed. */
  statementDeadline: DaySchema.nullable(),
});
export type CaseNotices = z.infer<typeof CaseNoticesSchema>;
