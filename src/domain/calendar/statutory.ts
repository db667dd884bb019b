/**
 * The statutory holidays of any year, from the rules of 全国年节及纪念日放假办法 (as revised
 * 2024-11-10, Art. 2; REFERENCE §6.2): 元旦 1月1日; 春节 农历除夕、正月初一至初三; 清明节 (the day of
 * the solar term); 劳动节 5月1日、2日; 端午节 农历五月初五; 中秋节 农历八月十五; 国庆节 10月1日至3日.
 * Only the yearly 调休 (which weekend days become working days, which bridge days are off) needs
 * the State Council's notice. Lunar dates and solar terms come from lunar-javascript (6tail).
 *
 * Kept out of calendar/index.ts on purpose: the browser never counts working days, and the lunar
 * tables are large.
 */
import lunarJs from 'lunar-javascript';
import { addCalendarDays, createCalendar, type WorkingDayCalendar } from './working-days.ts';
import type { CalendarEntry } from './holidays.ts';

const { Lunar } = lunarJs;

const holiday = (date: string, name: string): CalendarEntry => ({ date, kind: 'holiday', name });

/** The statutory holidays of `year` (no 调休), in date order. */
export function statutoryHolidays(year: number): CalendarEntry[] {
  const lunar = (month: number, day: number) => Lunar.fromYmd(year, month, day).getSolar().toYmd();
  const springFestival = lunar(1, 1);
  // 除夕 is the last day of the twelfth lunar month (the 29th or the 30th): the day before 正月初一.
  const days = [
    holiday(`${year}-01-01`, '元旦'),
    holiday(addCalendarDays(springFestival, -1), '春节'),
    holiday(springFestival, '春节'),
    holiday(addCalendarDays(springFestival, 1), '春节'),
    holiday(addCalendarDays(springFestival, 2), '春节'),
    holiday(Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明']!.toYmd(), '清明节'),
    holiday(`${year}-05-01`, '劳动节'),
    holiday(`${year}-05-02`, '劳动节'),
    holiday(lunar(5, 5), '端午节'),
    holiday(lunar(8, 15), '中秋节'),
    holiday(`${year}-10-01`, '国庆节'),
    holiday(`${year}-10-02`, '国庆节'),
    holiday(`${year}-10-03`, '国庆节'),
  ];
  // 中秋 may fall on a 国庆 day (2028-10-03): one entry per day, named after both.
  const byDate = new Map<string, CalendarEntry>();
  for (const d of days) {
    const same = byDate.get(d.date);
    byDate.set(d.date, same ? { ...same, name: `${same.name}、${d.name}` } : d);
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * A calendar from the published arrangements (`entries`, per year as the notices give them) plus,
 * for every year in `years` without a published arrangement, its statutory holidays: dates there
 * never fall on a statutory holiday, and the year stays unpublished (provisional) until the notice
 * is entered, since its 调休 is unknown.
 */
export function calendarWithStatutoryHolidays(entries: readonly CalendarEntry[], years: { from: number; to: number }): WorkingDayCalendar {
  const published = new Set(entries.map((e) => Number(e.date.slice(0, 4))));
  const computed: CalendarEntry[] = [];
  for (let year = years.from; year <= years.to; year++) if (!published.has(year)) computed.push(...statutoryHolidays(year));
  return createCalendar([...entries, ...computed], { publishedYears: [...published] });
}
