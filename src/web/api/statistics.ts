import type { StatisticsQuery, StatisticsReport, StatisticsRow, NodeTime, StatisticsFigures } from '../../contract/statistics.ts';
import { api } from './client.ts';

export type { StatisticsQuery, StatisticsReport, StatisticsRow, NodeTime, StatisticsFigures };

const query = (q: StatisticsQuery) => new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]);

/** 统计 (负责人). */
export const statisticsApi = {
  report: (q: StatisticsQuery) => api<StatisticsReport>('GET', `/api/staff/statistics?${query(q)}`),
  /** The same figures as an .xlsx download. */
  exportUrl: (q: StatisticsQuery) => `/api/staff/statistics/export?${query(q)}`,
};
