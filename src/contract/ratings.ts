/** 政务服务好差评: the applicant's rating (/api/progress/:id/rating), 整改 and statistics (/api/staff). */
import { z } from 'zod';
import { FOLLOW_UP_METHODS, FOLLOW_UP_NOTE_MAX, FOLLOW_UP_RESPONSES, MEASURES_MAX, RATING_COMMENT_MAX, RATING_LEVELS, type LevelCounts } from '../domain/ratings.ts';
import { DAY_PATTERN, DaySchema, TimestampSchema } from './common.ts';

export const RatingLevelSchema = z.enum(RATING_LEVELS);
const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
export const FollowUpMethodSchema = z.enum(keysOf(FOLLOW_UP_METHODS));
export const FollowUpResponseSchema = z.enum(keysOf(FOLLOW_UP_RESPONSES));
const RectificationStatusSchema = z.enum(['open', 'closed']);

/** One rating per ended case by its applicant (the service counts the comment in characters). */
export const RatingInputSchema = z.strictObject({ level: RatingLevelSchema, comment: z.string().max(RATING_COMMENT_MAX).optional() });
export type RatingInput = z.infer<typeof RatingInputSchema>;

/** 整改措施 and 回访, recorded once by the 负责人. */
export const RectificationInputSchema = z.strictObject({
  measures: z.string().max(MEASURES_MAX),
  followUpOn: z.string().regex(DAY_PATTERN),
  followUpMethod: FollowUpMethodSchema,
  followUpResponse: FollowUpResponseSchema,
  followUpNote: z.string().max(FOLLOW_UP_NOTE_MAX).optional(),
});
export type RectificationInput = z.infer<typeof RectificationInputSchema>;

export const RectificationsQuerySchema = z.strictObject({ status: z.enum(['open', 'closed', 'all']).optional() });

export const FollowUpViewSchema = z.object({
  on: DaySchema,
  method: FollowUpMethodSchema,
  methodLabel: z.string(),
  response: FollowUpResponseSchema,
  responseLabel: z.string(),
  note: z.string().nullable(),
});
export type FollowUpView = z.infer<typeof FollowUpViewSchema>;

/** The 服务评价 of one case as its applicant sees it. */
export const RatingViewSchema = z.object({
  applicationId: z.string(),
  number: z.string().nullable(),
  /** not-ended: still running; excluded: 撤回; ratable: waiting for a rating; rated: given. */
  state: z.enum(['not-ended', 'excluded', 'ratable', 'rated']),
  message: z.string().nullable(),
  rating: z.object({ level: RatingLevelSchema, levelLabel: z.string(), comment: z.string().nullable(), ratedAt: TimestampSchema }).nullable(),
  rectification: z
    .object({
      status: RectificationStatusSchema,
      dueOn: DaySchema,
      overdue: z.boolean(),
      measures: z.string().nullable(),
      followUp: FollowUpViewSchema.nullable(),
      closedAt: TimestampSchema.nullable(),
    })
    .nullable(),
});
export type RatingView = z.infer<typeof RatingViewSchema>;

/** An ended case of the applicant that takes a rating. */
export const RatableCaseSchema = z.object({
  applicationId: z.string(),
  rated: z.boolean(),
  level: RatingLevelSchema.nullable(),
  levelLabel: z.string().nullable(),
  rectification: RectificationStatusSchema.nullable(),
});
export type RatableCase = z.infer<typeof RatableCaseSchema>;
export const RatableCasesSchema = z.object({ cases: z.array(RatableCaseSchema) });
export type RatableCases = z.infer<typeof RatableCasesSchema>;

/** Per item (or all items): counts per level, the satisfaction rate and the 整改 in each state. */
export const RatingStatsRowSchema = z.object({
  item: z.string(),
  itemTitle: z.string(),
  total: z.number(),
  levels: z.custom<LevelCounts>(),
  /** (非常满意 + 满意 + 基本满意) / total, 0…1; null without ratings. */
  satisfactionRate: z.number().nullable(),
  rectifications: z.object({ open: z.number(), overdue: z.number(), closed: z.number(), closedLate: z.number() }),
});
export type RatingStatsRow = z.infer<typeof RatingStatsRowSchema>;

export const RatingStatsSchema = z.object({
  /** The Shanghai day the 逾期 counts are taken on. */
  asOf: DaySchema,
  items: z.array(RatingStatsRowSchema),
  total: RatingStatsRowSchema,
});
export type RatingStats = z.infer<typeof RatingStatsSchema>;

/** A 差评整改 task as the 负责人 sees it. */
export const RectificationSchema = z.object({
  id: z.string(),
  status: RectificationStatusSchema,
  openedAt: TimestampSchema,
  dueOn: DaySchema,
  overdue: z.boolean(),
  /** Working days left after today up to the due day; negative once overdue; null when closed. */
  remainingDays: z.number().nullable(),
  closedLate: z.boolean(),
  applicationId: z.string(),
  number: z.string().nullable(),
  item: z.string(),
  itemTitle: z.string(),
  applicantName: z.string().nullable(),
  outcomeLabel: z.string().nullable(),
  level: RatingLevelSchema,
  levelLabel: z.string(),
  comment: z.string().nullable(),
  ratedAt: TimestampSchema,
  measures: z.string().nullable(),
  followUp: FollowUpViewSchema.nullable(),
  closedAt: TimestampSchema.nullable(),
  closedByName: z.string().nullable(),
});
export type Rectification = z.infer<typeof RectificationSchema>;
export const RectificationListSchema = z.object({ today: DaySchema, rectifications: z.array(RectificationSchema) });
export type RectificationList = z.infer<typeof RectificationListSchema>;
