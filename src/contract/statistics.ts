/** 统计 of the staff console (/api/staff/statistics), for the 负责人. */
import { z } from 'zod';
import { DAY_PATTERN, TimestampSchema } from './common.ts';

/** The longest period one report covers (a year, leap day included). */
export const STATISTICS_MAX_DAYS = 366;

export const StatisticsQuerySchema = z.strictObject({
  /** First and last day of the period (Beijing), both included. */
  from: z.string().max(10).regex(DAY_PATTERN),
  to: z.string().max(10).regex(DAY_PATTERN),
  item: z.string().max(40).optional(),
});
export type StatisticsQuery = z.infer<typeof StatisticsQuerySchema>;

/** Time spent in one node, over the stays that ended in the period. */
export const NodeTimeSchema = z.object({
  node: z.string(),
  label: z.string(),
  /** Stays counted. */
  visits: z.number(),
  /** Working days per stay, one decimal. */
  averageWorkingDays: z.number(),
  maxWorkingDays: z.number(),
});
export type NodeTime = z.infer<typeof NodeTimeSchema>;

/** The figures of one 申请内容 (or of all): each defined where the page explains it. */
export const StatisticsFiguresSchema = z.object({
  /** 收件: submitted in the period. */
  received: z.number(),
  /** 受理: accepted in the period. */
  accepted: z.number(),
  /** 办结: ended in the period by a decision (准予 or 不予; a withdrawal is not one). */
  decided: z.number(),
  /** 准予 (许可、备案、注销、转报). */
  granted: z.number(),
  /** 不予 (不予许可、不予受理). */
  refused: z.number(),
  /** 撤回 (by the applicant, or 逾期未补正). */
  withdrawn: z.number(),
  /** 按时办结: decided within the legal limits. */
  onTime: z.number(),
  /** onTime / decided, null when nothing was decided. */
  onTimeRate: z.number().nullable(),
  /** 当前逾期: open cases past their node's deadline now (not bound to the period). */
  overdueNow: z.number(),
  nodes: z.array(NodeTimeSchema),
});
export type StatisticsFigures = z.infer<typeof StatisticsFiguresSchema>;

export const StatisticsRowSchema = StatisticsFiguresSchema.extend({
  item: z.string(),
  itemTitle: z.string(),
  applicationType: z.string().nullable(),
  applicationTypeLabel: z.string().nullable(),
});
export type StatisticsRow = z.infer<typeof StatisticsRowSchema>;

export const StatisticsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  item: z.string().nullable(),
  /** When the figures were taken (当前逾期 is as of then). */
  asOf: TimestampSchema,
  /** One row per item and 申请内容 with anything to count, in the catalogue's order. */
  rows: z.array(StatisticsRowSchema),
  total: StatisticsFiguresSchema,
  /** Cases whose stored history could not be read (left out, and said so). */
  skipped: z.number(),
});
export type StatisticsReport = z.infer<typeof StatisticsReportSchema>;
