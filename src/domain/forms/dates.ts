/** Calendar dates as YYYY-MM-DD strings; "today" is the date in Asia/Shanghai (UTC+8, no DST). */
import { addCalendarDays, addYears, shanghaiDateOf } from '../calendar/working-days.ts';

/** Accepted years: real certificate and registration dates, not typos like 0202 or 20250. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/** The YYYY-MM-DD form of a real calendar date within 1900–2100, or undefined. */
export function parseIsoDate(input: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? input : undefined;
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD; a string is taken as already being one. */
export function shanghaiDate(today: Date | string = new Date()): string {
  if (typeof today === 'string') {
    const parsed = parseIsoDate(today);
    if (!parsed) throw new RangeError(`not a YYYY-MM-DD date: ${today}`);
    return parsed;
  }
  return shanghaiDateOf(today);
}

/** A YYYY-MM-DD date `years` years and `days` days after `from` (29 Feb + 1 year → 28 Feb). */
export function addToIsoDate(from: string, years: number, days = 0): string {
  return addCalendarDays(addYears(from, years), days);
}
