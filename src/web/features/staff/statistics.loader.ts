import type { LoaderFunctionArgs } from 'react-router';
import { statisticsApi, type StatisticsQuery } from '../../api/statistics.ts';
import { later, requireAccount, settle } from '../../app/loaders.ts';
import { shanghaiDateOf } from '../../../domain/calendar/index.ts';

/** The period the address names, else this month so far (Beijing days). */
export function statisticsPeriod(params: URLSearchParams, now = new Date()): StatisticsQuery {
  const today = shanghaiDateOf(now);
  const item = params.get('item') || undefined;
  return { from: params.get('from') || `${today.slice(0, 8)}01`, to: params.get('to') || today, ...(item ? { item } : {}) };
}

/** 统计 (role `head`): the period's report, not awaited. */
export async function statisticsLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (!account.roles.includes('head')) return { allowed: false as const };
  const query = statisticsPeriod(new URL(request.url).searchParams);
  return settle({ allowed: true as const, query, report: later(statisticsApi.report(query)) });
}
