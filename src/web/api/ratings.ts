import type { RatableCases, RatingInput, RatingStats, RatingView, Rectification, RectificationInput, RectificationList } from '../../contract/ratings.ts';
import { api } from './client.ts';

export type { FollowUpView, RatableCase, RatingStats, RatingStatsRow, RatingView, Rectification, RectificationInput } from '../../contract/ratings.ts';

export const ratingsApi = {
  mine: () => api<RatableCases>('GET', '/api/ratings/mine'),
  get: (caseId: string) => api<RatingView>('GET', `/api/progress/${encodeURIComponent(caseId)}/rating`),
  rate: (caseId: string, body: RatingInput) => api<RatingView>('POST', `/api/progress/${encodeURIComponent(caseId)}/rating`, body),
  stats: () => api<RatingStats>('GET', '/api/staff/ratings/stats'),
  rectifications: (status: 'open' | 'closed' | 'all' = 'all') => api<RectificationList>('GET', `/api/staff/rectifications?status=${status}`),
  rectification: (id: string) => api<Rectification>('GET', `/api/staff/rectifications/${encodeURIComponent(id)}`),
  close: (id: string, body: RectificationInput) => api<Rectification>('POST', `/api/staff/rectifications/${encodeURIComponent(id)}/close`, body),
};
