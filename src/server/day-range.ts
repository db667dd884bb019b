import { isIsoDate } from '../domain/calendar/index.ts';
import { appError } from './errors.ts';

/** A filter's from/to days (YYYY-MM-DD, Beijing): each a real day, the range in order. */
export function checkDayRange(filter: { from?: string | undefined; to?: string | undefined }): void {
  for (const field of ['from', 'to'] as const) {
    const value = filter[field];
    if (value !== undefined && !isIsoDate(value)) throw appError('DATE_INVALID', { field });
  }
  if (filter.from && filter.to && filter.from > filter.to) throw appError('DATE_RANGE_REVERSED');
}

