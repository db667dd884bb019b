/**
 * China's public holidays (法定节假日, including the days moved onto them by 调休) and make-up
 * working days (调休上班: a Saturday or Sunday that is a working day), per year, as announced by
 * the State Council General Office (国务院办公厅关于XXXX年部分节假日安排的通知).
 *
 * Every day of each announced 放假 span is listed as a holiday, weekend days included, so the
 * UI can name them; for the arithmetic only weekday holidays and weekend workdays change anything.
 *
 * Frozen copy: the migration 2026-11-27T20-00-00_create-holidays seeds the `holidays` table with
 * the same rows (inline, not imported). Later years are edited by staff in the database.
 */

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarEntry {
  /** YYYY-MM-DD. */
  date: string;
  /** holiday: not a working day even on a weekday; workday: a working day even on a weekend. */
  kind: CalendarDayKind;
  /** The festival the day belongs to, e.g. 春节 (for a workday: the festival it makes up for). */
  name: string;
}

export interface HolidayYear {
  year: number;
  /** false: no notice was available — the year counts weekends only and the UI must warn. */
  published: boolean;
  /** The notice (and where the data was read), as stored in holidays.source. */
  source: string;
  entries: readonly CalendarEntry[];
}

const h = (date: string, name: string): CalendarEntry => ({ date, kind: 'holiday', name });
const w = (date: string, name: string): CalendarEntry => ({ date, kind: 'workday', name });

/**
 * 2025 — 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号, 2024-11-12）.
 * First year under the revised 全国年节及纪念日放假办法 (amended 2024-11): 春节 and 劳动节 gain one
 * statutory day each (春节 4 days from 除夕, 劳动节 2 days); 国庆节 and 中秋节 (10-06) merge.
 * Data read from npm chinese-days@1.5.7 (src/holidays/generate.ts, dist/years/2025.json), which
 * cites this notice; cross-checked day by day with npm chinese-workday@1.16.1 (src/index.js): identical.
 *   元旦 1/1 (周三) 1 day, no 调休.
 *   春节 1/28 (除夕, 周二) – 2/4 (周二), 8 days; 1/26 (周日) and 2/8 (周六) are working days.
 *   清明节 4/4 (周五) – 4/6, 3 days.
 *   劳动节 5/1 (周四) – 5/5 (周一), 5 days; 4/27 (周日) is a working day.
 *   端午节 5/31 (周六) – 6/2 (周一), 3 days.
 *   国庆节、中秋节 10/1 (周三) – 10/8 (周三), 8 days; 9/28 (周日) and 10/11 (周六) are working days.
 */
const Y2025: HolidayYear = {
  year: 2025,
  published: true,
  source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
  entries: [
    h('2025-01-01', '元旦'),
    w('2025-01-26', '春节'),
    h('2025-01-28', '春节'),
    h('2025-01-29', '春节'),
    h('2025-01-30', '春节'),
    h('2025-01-31', '春节'),
    h('2025-02-01', '春节'),
    h('2025-02-02', '春节'),
    h('2025-02-03', '春节'),
    h('2025-02-04', '春节'),
    w('2025-02-08', '春节'),
    h('2025-04-04', '清明节'),
    h('2025-04-05', '清明节'),
    h('2025-04-06', '清明节'),
    w('2025-04-27', '劳动节'),
    h('2025-05-01', '劳动节'),
    h('2025-05-02', '劳动节'),
    h('2025-05-03', '劳动节'),
    h('2025-05-04', '劳动节'),
    h('2025-05-05', '劳动节'),
    h('2025-05-31', '端午节'),
    h('2025-06-01', '端午节'),
    h('2025-06-02', '端午节'),
    w('2025-09-28', '国庆节、中秋节'),
    h('2025-10-01', '国庆节、中秋节'),
    h('2025-10-02', '国庆节、中秋节'),
    h('2025-10-03', '国庆节、中秋节'),
    h('2025-10-04', '国庆节、中秋节'),
    h('2025-10-05', '国庆节、中秋节'),
    h('2025-10-06', '国庆节、中秋节'),
    h('2025-10-07', '国庆节、中秋节'),
    h('2025-10-08', '国庆节、中秋节'),
    w('2025-10-11', '国庆节、中秋节'),
  ],
};

/**
 * 2026 — 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号, published 2025-11;
 * gov.cn zhengceku/202511/content_7047091 as cited by chinese-days, content/202511/content_7047090
 * as cited by chinese-workday). Neither package states the 文号; confirm it against the gov.cn text.
 * Data read from npm chinese-days@1.5.7 (src/holidays/generate.ts, dist/years/2026.json);
 * cross-checked day by day with npm chinese-workday@1.16.1 (src/index.js): identical.
 *   元旦 1/1 (周四) – 1/3 (周六), 3 days; 1/4 (周日) is a working day.
 *   春节 2/15 (周日) – 2/23 (周一), 9 days; 2/14 (周六) and 2/28 (周六) are working days.
 *   清明节 4/4 (周六) – 4/6 (周一), 3 days.
 *   劳动节 5/1 (周五) – 5/5 (周二), 5 days; 5/9 (周六) is a working day.
 *   端午节 6/19 (周五) – 6/21 (周日), 3 days.
 *   中秋节 9/25 (周五) – 9/27 (周日), 3 days.
 *   国庆节 10/1 (周四) – 10/7 (周三), 7 days; 9/20 (周日) and 10/10 (周六) are working days.
 */
const Y2026: HolidayYear = {
  year: 2026,
  published: true,
  source: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
  entries: [
    h('2026-01-01', '元旦'),
    h('2026-01-02', '元旦'),
    h('2026-01-03', '元旦'),
    w('2026-01-04', '元旦'),
    w('2026-02-14', '春节'),
    h('2026-02-15', '春节'),
    h('2026-02-16', '春节'),
    h('2026-02-17', '春节'),
    h('2026-02-18', '春节'),
    h('2026-02-19', '春节'),
    h('2026-02-20', '春节'),
    h('2026-02-21', '春节'),
    h('2026-02-22', '春节'),
    h('2026-02-23', '春节'),
    w('2026-02-28', '春节'),
    h('2026-04-04', '清明节'),
    h('2026-04-05', '清明节'),
    h('2026-04-06', '清明节'),
    h('2026-05-01', '劳动节'),
    h('2026-05-02', '劳动节'),
    h('2026-05-03', '劳动节'),
    h('2026-05-04', '劳动节'),
    h('2026-05-05', '劳动节'),
    w('2026-05-09', '劳动节'),
    h('2026-06-19', '端午节'),
    h('2026-06-20', '端午节'),
    h('2026-06-21', '端午节'),
    w('2026-09-20', '国庆节'),
    h('2026-09-25', '中秋节'),
    h('2026-09-26', '中秋节'),
    h('2026-09-27', '中秋节'),
    h('2026-10-01', '国庆节'),
    h('2026-10-02', '国庆节'),
    h('2026-10-03', '国庆节'),
    h('2026-10-04', '国庆节'),
    h('2026-10-05', '国庆节'),
    h('2026-10-06', '国庆节'),
    h('2026-10-07', '国庆节'),
    w('2026-10-10', '国庆节'),
  ],
};

/**
 * 2027 — NOT PUBLISHED in any source available to this build (2026-11-27): neither
 * chinese-days@1.5.7 (the newest on npm, released 2026-05) nor chinese-workday@1.16.1 carries
 * 2027, and no copy of a 国务院办公厅关于2027年部分节假日安排的通知 was at hand. Until staff enter
 * the notice, 2027 counts Saturdays and Sundays as its only non-working days (so 元旦 and 春节
 * count as working days); callers check isYearPublished(2027) and warn.
 */
const Y2027: HolidayYear = {
  year: 2027,
  published: false,
  source: '未发布：2027年部分节假日安排尚未收录（按周末计算）',
  entries: [],
};

export const HOLIDAY_YEARS: readonly HolidayYear[] = [Y2025, Y2026, Y2027];

/** Every bundled entry, all years, in date order. */
export const HOLIDAY_ENTRIES: readonly CalendarEntry[] = HOLIDAY_YEARS.flatMap((y) => y.entries);

/** Years whose holiday arrangement is in the bundled data. */
export const PUBLISHED_YEARS: readonly number[] = HOLIDAY_YEARS.filter((y) => y.published).map((y) => y.year);
