import type { FollowUpMethod, FollowUpResponse, LevelCounts, RatingLevel } from '../../domain/ratings.ts';
import { api } from './client.ts';

export interface FollowUpView {
  on: string;
  method: FollowUpMethod;
  methodLabel: string;
  response: FollowUpResponse;
  responseLabel: string;
  note: string | null;
}

/** The 服务评价 of one case as its applicant sees it. */
export interface RatingView {
  applicationId: string;
  number: string | null;
  /** not-ended: still running; excluded: 撤回; ratable: waiting for a rating; rated: given. */
  state: 'not-ended' | 'excluded' | 'ratable' | 'rated';
  message: string | null;
  rating: { level: RatingLevel; levelLabel: string; comment: string | null; ratedAt: string } | null;
  rectification: { status: 'open' | 'closed'; dueOn: string; overdue: boolean; measures: string | null; followUp: FollowUpView | null; closedAt: string | null } | null;
}

/** An ended case of the applicant that takes a rating. */
export interface RatableCase {
  applicationId: string;
  rated: boolean;
  level: RatingLevel | null;
  levelLabel: string | null;
  rectification: 'open' | 'closed' | null;
}

export interface RatingStatsRow {
  item: string;
  itemTitle: string;
  total: number;
  levels: LevelCounts;
  satisfactionRate: number | null;
  rectifications: { open: number; overdue: number; closed: number; closedLate: number };
}

export interface RatingStats {
  asOf: string;
  items: RatingStatsRow[];
  total: RatingStatsRow;
}

/** A 差评整改 task as the 负责人 sees it. */
export interface Rectification {
  id: string;
  status: 'open' | 'closed';
  openedAt: string;
  dueOn: string;
  overdue: boolean;
  remainingDays: number | null;
  closedLate: boolean;
  applicationId: string;
  number: string | null;
  item: string;
  itemTitle: string;
  applicantName: string | null;
  outcomeLabel: string | null;
  level: RatingLevel;
  levelLabel: string;
  comment: string | null;
  ratedAt: string;
  measures: string | null;
  followUp: FollowUpView | null;
  closedAt: string | null;
  closedByName: string | null;
}

export interface RectificationInput {
  measures: string;
  followUpOn: string;
  followUpMethod: FollowUpMethod;
  followUpResponse: FollowUpResponse;
  followUpNote?: string;
}

export const ratingsApi = {
  mine: () => api<{ cases: RatableCase[] }>('GET', '/api/ratings/mine'),
  get: (caseId: string) => api<RatingView>('GET', `/api/progress/${encodeURIComponent(caseId)}/rating`),
  rate: (caseId: string, body: { level: RatingLevel; comment?: string }) => api<RatingView>('POST', `/api/progress/${encodeURIComponent(caseId)}/rating`, body),
  stats: () => api<RatingStats>('GET', '/api/staff/ratings/stats'),
  rectifications: (status: 'open' | 'closed' | 'all' = 'all') => api<{ today: string; rectifications: Rectification[] }>('GET', `/api/staff/rectifications?status=${status}`),
  rectification: (id: string) => api<Rectification>('GET', `/api/staff/rectifications/${encodeURIComponent(id)}`),
  close: (id: string, body: RectificationInput) => api<Rectification>('POST', `/api/staff/rectifications/${encodeURIComponent(id)}/close`, body),
};
