/**
 * Working-day arithmetic for statutory time limits (行政许可法第八十二条：期限以工作日计算，不含法定节假日).
 *
 * Pure and runtime-neutral. Every date is a calendar date 'YYYY-MM-DD' in Asia/Shanghai (UTC+8,
 * no DST); turn an instant into one with shanghaiDateOf. Malformed or impossible dates throw a
 * RangeError — nothing is silently rolled over (2025-02-30 is refused, not read as 03-02).
 */
import { HOLIDAY_ENTRIES, PUBLISHED_YEARS, type CalendarEntry } from './holidays.ts';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
/** Upper bound of any count of days (≈ 270 years): keeps a typo from looping for minutes. */
const MAX_COUNT = 100_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An ISO 8601 instant with an explicit offset; a local time without one means nothing here. */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

// ---------------------------------------------------------------------------
// Dates

/** Days since 1970-01-01 of a real date 'YYYY-MM-DD' (years 1900–9999), or undefined. */
function dayNumberOf(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

function toDayNumber(date: string, what = 'date'): number {
  const n = typeof date === 'string' ? dayNumberOf(date) : undefined;
  if (n === undefined) throw new RangeError(`${what} is not a real YYYY-MM-DD date: ${String(date)}`);
  return n;
}

function fromDayNumber(n: number): string {
  const iso = new Date(n * DAY_MS).toISOString();
  if (!ISO_DATE.test(iso.slice(0, 10)) || Number(iso.slice(0, 4)) > MAX_YEAR) throw new RangeError('date out of range');
  return iso.slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function checkCount(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_COUNT) {
    throw new RangeError(`${what} must be a whole number from 0 to ${MAX_COUNT}: ${String(n)}`);
  }
  return n;
}

/** Whether `value` is a real calendar date written 'YYYY-MM-DD' (years 1900–9999). */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && dayNumberOf(value) !== undefined;
}

/** `date` itself when it is a real 'YYYY-MM-DD' date; otherwise a RangeError. */
export function assertIsoDate(date: string, what = 'date'): string {
  toDayNumber(date, what);
  return date;
}

/** The date `days` calendar days after `date` (negative: before). */
export function addCalendarDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be a whole number: ${String(days)}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** The same day `years` later (29 February → 28 February in a common year). */
export function addYears(date: string, years: number): string {
  if (!Number.isSafeInteger(years)) throw new RangeError(`years must be a whole number: ${String(years)}`);
  const [y, m, d] = assertIsoDate(date).split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  // Date.UTC rolls 29 Feb of a common year over to 1 March: step back to the month's last day.
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** 2026-11-27 → 2026年11月27日, as official documents and public pages write a date. */
export function chineseDate(date: string): string {
  const [y, m, d] = assertIsoDate(date).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The instant Shanghai's day `date` begins, `plusDays` days later (a range's exclusive end: plusDays 1). */
export function shanghaiDayStart(date: string, plusDays = 0): Date {
  return new Date(Date.parse(`${addCalendarDays(date, plusDays)}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

/**
 * The calendar date in Asia/Shanghai of an instant: a Date, or an ISO 8601 date-time with an
 * explicit offset ('2026-11-27T16:30:00Z' → '2026-11-28'). A bare 'YYYY-MM-DD' is taken as
 * already being a Shanghai date and returned as is (after validation). Anything else — an invalid
 * Date, a date-time without offset (its meaning would depend on the machine), an impossible
 * date — is a RangeError.
 */
export function shanghaiDateOf(instant: Date | string): string {
  let ms: number;
  if (instant instanceof Date) {
    ms = instant.getTime();
  } else if (typeof instant === 'string') {
    if (ISO_DATE.test(instant)) return assertIsoDate(instant);
    const match = ISO_INSTANT.exec(instant);
    const [hour, minute, second] = [Number(match?.[2]), Number(match?.[3]), Number(match?.[4] ?? 0)];
    if (!match || !isIsoDate(match[1]) || hour > 23 || minute > 59 || second > 59) {
      throw new RangeError(`not an ISO 8601 instant with offset, nor a YYYY-MM-DD date: ${instant}`);
    }
    ms = Date.parse(instant);
  } else {
    throw new RangeError(`not a Date or string: ${String(instant)}`);
  }
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  const date = new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  return assertIsoDate(date);
}

/** An instant as Beijing wall-clock time, 'YYYY-MM-DD HH:mm:ss' (lists, exports, file names). */
export function shanghaiDateTime(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** An instant as Beijing wall-clock time to the minute, 'YYYY-MM-DD HH:mm' (messages, exports). */
export function shanghaiMinute(instant: Date): string {
  return shanghaiDateTime(instant).slice(0, 16);
}

// ---------------------------------------------------------------------------
// Calendar

export interface WorkingDayCalendar {
  /** A weekday unless listed as a holiday; a Saturday or Sunday only when listed as a workday. */
  isWorkingDay(date: string): boolean;
  /**
   * The date of the n-th working day after `date` (n ≥ 0). Day 1 is the first working day AFTER
   * `date` — a statutory period starts the next day — whatever `date` itself is; n = 0 gives `date`.
   */
  addWorkingDays(date: string, n: number): string;
  /**
   * Working days d with fromExclusive < d ≤ toInclusive; negative (the same count, negated) when
   * toInclusive is before fromExclusive. addWorkingDays(a, n) = b ⇔ workingDaysBetween(a, b) = n for b a working day.
   */
  workingDaysBetween(fromExclusive: string, toInclusive: string): number;
  /** The first working day strictly after `date` (= addWorkingDays(date, 1)). */
  nextWorkingDay(date: string): string;
  /** `date` if it is a working day, else the first working day after it. */
  workingDayOnOrAfter(date: string): string;
  /** Whether the holiday arrangement of `year` is known; an unknown year counts weekends only. */
  isYearPublished(year: number): boolean;
  /** The listed entry for `date` (holiday or make-up workday), if any — for labels like 春节. */
  entryOf(date: string): CalendarEntry | undefined;
  /** The entries this calendar was built from, in date order. */
  readonly entries: readonly CalendarEntry[];
}

export interface CalendarOptions {
  /**
   * Years whose arrangement is known. Default: every year with at least one entry (a year
   * always has 元旦, so a year without entries has not been entered).
   */
  publishedYears?: Iterable<number>;
}

/**
 * A calendar from holiday/workday entries (the bundled data, or rows of the holidays table).
 * Entries are validated: a real date, kind 'holiday' or 'workday', a name; one entry per date.
 */
export function createCalendar(entries: readonly CalendarEntry[], options: CalendarOptions = {}): WorkingDayCalendar {
  const byDay = new Map<number, CalendarEntry>();
  for (const entry of entries) {
    const day = toDayNumber(entry.date, 'calendar entry date');
    if (entry.kind !== 'holiday' && entry.kind !== 'workday') {
      throw new RangeError(`calendar entry ${entry.date}: kind must be 'holiday' or 'workday', not ${String(entry.kind)}`);
    }
    if (typeof entry.name !== 'string' || entry.name.trim() === '') throw new RangeError(`calendar entry ${entry.date}: name is empty`);
    if (byDay.has(day)) throw new RangeError(`calendar entry ${entry.date} is listed twice`);
    byDay.set(day, Object.freeze({ date: entry.date, kind: entry.kind, name: entry.name }));
  }
  const sorted = Object.freeze([...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e));
  const published = new Set<number>(options.publishedYears ?? sorted.map((e) => Number(e.date.slice(0, 4))));

  const working = (day: number): boolean => {
    const entry = byDay.get(day);
    if (entry) return entry.kind === 'workday';
    const weekday = weekdayOfDayNumber(day);
    return weekday !== 0 && weekday !== 6;
  };

  const addWorkingDays = (date: string, n: number): string => {
    let day = toDayNumber(date);
    let left = checkCount(n, 'n');
    while (left > 0) {
      day += 1;
      if (working(day)) left -= 1;
    }
    return fromDayNumber(day);
  };

  const countBetween = (from: number, to: number): number => {
    let count = 0;
    for (let day = from + 1; day <= to; day++) if (working(day)) count += 1;
    return count;
  };

  return {
    isWorkingDay: (date) => working(toDayNumber(date)),
    addWorkingDays,
    workingDaysBetween(fromExclusive, toInclusive) {
      const from = toDayNumber(fromExclusive, 'fromExclusive');
      const to = toDayNumber(toInclusive, 'toInclusive');
      if (to >= from) return countBetween(from, to);
      const count = countBetween(to, from);
      return count === 0 ? 0 : -count; // never -0
    },
    nextWorkingDay: (date) => addWorkingDays(date, 1),
    workingDayOnOrAfter(date) {
      let day = toDayNumber(date);
      while (!working(day)) day += 1;
      return fromDayNumber(day);
    },
    isYearPublished: (year) => published.has(year),
    entryOf: (date) => byDay.get(toDayNumber(date)),
    entries: sorted,
  };
}

/** The calendar of the bundled State Council data (2025–2026 published; 2027 weekends only until entered). */
export const DEFAULT_CALENDAR: WorkingDayCalendar = createCalendar(HOLIDAY_ENTRIES, { publishedYears: PUBLISHED_YEARS });

/** Whether the bundled data has the holiday arrangement of `year` (false: weekends only — warn). */
export function isYearPublished(year: number): boolean {
  return DEFAULT_CALENDAR.isYearPublished(year);
}

// ---------------------------------------------------------------------------
// Deadlines with stopped clocks

/**
 * A stretch during which the statutory clock is stopped (the applicant's 补正, a 公示 period, an
 * expert review …): no day from `from` to `to`, both inclusive, counts. Without `to` the pause is
 * still open: the clock is stopped from `from` on and the due date is not yet known.
 */
export interface ClockPause {
  from: string;
  to?: string | undefined;
}

export interface DeadlineStatus {
  /** The day the period runs from (day 1 is the first counted working day after it). */
  start: string;
  limitDays: number;
  /** The Shanghai date the counts below are taken on. */
  asOf: string;
  /** The last day of the period; undefined while an open pause stops the clock before it is reached. */
  due: string | undefined;
  /** Counted working days from the day after `start` to `asOf` inclusive (so the due day itself is used up); may exceed limitDays once overdue. */
  usedDays: number;
  /** limitDays − usedDays: 0 on the due day, negative (working days late) once overdue; frozen while paused. */
  remainingDays: number;
  /** Whether `asOf` falls inside a pause (the clock is stopped today). */
  paused: boolean;
  /** asOf is after the due date. */
  overdue: boolean;
  /** Years from the day after `start` to `due` (or `asOf` while it is unknown) with no published arrangement: counted with weekends only — warn. */
  unpublishedYears: number[];
}

interface Interval {
  from: number;
  to: number; // Infinity when open
}

/**
 * isWorkingDay by day number, remembered per calendar (a calendar never changes once built; the
 * server builds a new one when the table changes). The deadline walk asks day by day, and the
 * date-string round trip per day was a third of the staff queue's CPU (docs/benchmarks.md).
 */
const workingDays = new WeakMap<WorkingDayCalendar, Map<number, boolean>>();
function isWorkingDayNumber(calendar: WorkingDayCalendar, day: number): boolean {
  let days = workingDays.get(calendar);
  if (!days) workingDays.set(calendar, (days = new Map()));
  let working = days.get(day);
  if (working === undefined) days.set(day, (working = calendar.isWorkingDay(fromDayNumber(day))));
  return working;
}

function pauseIntervals(pauses: readonly ClockPause[]): Interval[] {
  const intervals = pauses.map((p, i): Interval => {
    const from = toDayNumber(p.from, `pauses[${i}].from`);
    const to = p.to === undefined ? Infinity : toDayNumber(p.to, `pauses[${i}].to`);
    if (to < from) throw new RangeError(`pauses[${i}] ends (${String(p.to)}) before it starts (${p.from})`);
    return { from, to };
  });
  intervals.sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last && interval.from <= last.to + 1) last.to = Math.max(last.to, interval.to);
    else merged.push({ ...interval });
  }
  return merged;
}

/**
 * The state of a statutory period of `limitDays` working days running from `startDate` (day 1 is
 * the first working day after it), with the clock stopped during `pauses`, as of `today`
 * (a Date, an ISO instant, or a Shanghai 'YYYY-MM-DD'; default: now).
 */
export function deadline(
  startDate: string,
  limitDays: number,
  pauses: readonly ClockPause[] = [],
  calendar: WorkingDayCalendar = DEFAULT_CALENDAR,
  today: Date | string = new Date(),
): DeadlineStatus {
  const start = toDayNumber(startDate, 'startDate');
  checkCount(limitDays, 'limitDays');
  const stopped = pauseIntervals(pauses);
  const asOf = shanghaiDateOf(today);
  const now = toDayNumber(asOf);

  /** The pause containing `day`, if any. */
  const pauseAt = (day: number): Interval | undefined => stopped.find((p) => p.from <= day && day <= p.to);

  /** Walks the counted days after `start`; `visit` returns false to stop. Skips whole pauses. */
  const walk = (until: number, visit: (day: number) => boolean): void => {
    let day = start + 1;
    while (day <= until) {
      // Only a calendar without working days could get here; fail instead of spinning.
      if (day - start > 3 * MAX_COUNT) throw new RangeError(`no ${limitDays}th working day within ${3 * MAX_COUNT} days of ${startDate}`);
      const pause = pauseAt(day);
      if (pause) {
        if (pause.to === Infinity) return;
        day = pause.to + 1;
        continue;
      }
      if (isWorkingDayNumber(calendar, day) && !visit(day)) return;
      day += 1;
    }
  };

  let due: number | undefined = limitDays === 0 ? start : undefined;
  if (due === undefined) {
    let counted = 0;
    walk(Infinity, (day) => {
      counted += 1;
      if (counted < limitDays) return true;
      due = day;
      return false;
    });
  }

  let usedDays = 0;
  walk(now, () => {
    usedDays += 1;
    return true;
  });

  const unpublishedYears: number[] = [];
  const rangeEnd = due ?? now;
  if (rangeEnd > start) {
    const firstYear = Number(fromDayNumber(start + 1).slice(0, 4));
    const lastYear = Number(fromDayNumber(rangeEnd).slice(0, 4));
    for (let year = firstYear; year <= lastYear; year++) if (!calendar.isYearPublished(year)) unpublishedYears.push(year);
  }

  return {
    start: startDate,
    limitDays,
    asOf,
    due: due === undefined ? undefined : fromDayNumber(due),
    usedDays,
    remainingDays: limitDays - usedDays,
    paused: pauseAt(now) !== undefined,
    overdue: due !== undefined && now > due,
    unpublishedYears,
  };
}

/** Whether `today` (Shanghai) is after the due date; an unknown due date (clock stopped) is never overdue. */
export function isOverdue(due: string | undefined, today: Date | string = new Date()): boolean {
  if (due === undefined) return false;
  return toDayNumber(shanghaiDateOf(today)) > toDayNumber(due, 'due');
}

/**
 * Working days left until `due`, counted after `today` up to and including `due`: 0 on the due
 * day (or on a non-working day right after it), negative (working days late) once overdue.
 * For a period with pauses still ahead use deadline(…).remainingDays, which skips them.
 */
export function daysLeft(due: string, today: Date | string = new Date(), calendar: WorkingDayCalendar = DEFAULT_CALENDAR): number {
  return calendar.workingDaysBetween(shanghaiDateOf(today), due);
}
