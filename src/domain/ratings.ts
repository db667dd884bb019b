/**
 * 政务服务好差评 (国办发〔2019〕51号; 北京市优化营商环境条例 Art. 58): after a case ends the
 * applicant rates the service once on five national levels; a 差评 opens a 整改 that the 负责人
 * closes with the measures taken and a 回访 of the applicant.
 */
import type { EndOutcome } from './workflow/types.ts';

/** The five national levels, best first. */
export const RATING_LEVELS = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RATING_LABELS: Record<RatingLevel, string> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
};

export const isRatingLevel = (value: unknown): value is RatingLevel => (RATING_LEVELS as readonly unknown[]).includes(value);

/** 差评 (不满意, 非常不满意): opens a 整改. */
export const isBadRating = (level: RatingLevel): boolean => level === 'dissatisfied' || level === 'very-dissatisfied';

/** The optional comment, in characters (code points). */
export const RATING_COMMENT_MAX = 500;

/** 差评整改: closed within 15 working days of the rating (国办发〔2019〕51号). */
export const RECTIFICATION_DAYS = 15;

/** Ends a rating may follow: every 办结 (准予, 已备案, 已注销, 已转报), 不予受理 and 不予许可 — not 撤回. */
export const RATABLE_OUTCOMES: readonly EndOutcome[] = ['approved', 'filed', 'cancelled', 'forwarded', 'not-accepted', 'rejected'];

export const isRatableOutcome = (outcome: string | null | undefined): boolean => (RATABLE_OUTCOMES as readonly string[]).includes(outcome ?? '');

/** How the 负责人 reached the applicant for the 回访. */
export const FOLLOW_UP_METHODS = { phone: '电话回访', sms: '短信回访', visit: '上门回访', hall: '窗口当面回访', online: '网上回访' } as const;
export type FollowUpMethod = keyof typeof FOLLOW_UP_METHODS;

/** The applicant's answer in the 回访: how satisfied it is after the 整改. */
export const FOLLOW_UP_RESPONSES = { satisfied: '满意', 'basically-satisfied': '基本满意', dissatisfied: '不满意' } as const;
export type FollowUpResponse = keyof typeof FOLLOW_UP_RESPONSES;

/** Limits of the 整改 record, in characters. */
export const MEASURES_MAX = 2000;
export const FOLLOW_UP_NOTE_MAX = 500;

/** Shown wherever the rate is: the definition the numbers follow. */
export const SATISFACTION_RATE_DEFINITION = '满意率 =（非常满意 + 满意 + 基本满意）÷ 评价总数 × 100%';

export type LevelCounts = Record<RatingLevel, number>;

export const emptyLevelCounts = (): LevelCounts => ({ 'very-satisfied': 0, satisfied: 0, 'basically-satisfied': 0, dissatisfied: 0, 'very-dissatisfied': 0 });

/** (非常满意 + 满意 + 基本满意) / count, 0…1; null without any rating. */
export function satisfactionRate(counts: LevelCounts): number | null {
  const total = RATING_LEVELS.reduce((sum, level) => sum + counts[level], 0);
  if (total === 0) return null;
  return (counts['very-satisfied'] + counts.satisfied + counts['basically-satisfied']) / total;
}

/** A rate as a percentage with one decimal ('96.5%'); '—' without ratings. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
