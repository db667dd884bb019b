import type { LoaderFunctionArgs } from 'react-router';
import { staffApi } from '../../api/staff.ts';
import { later, requireAccount } from '../../app/loaders.ts';

/** The filters of 审批工作台 kept in its address. */
export const CASE_FILTERS = ['queue', 'q', 'item', 'type', 'overdue', 'sort', 'page', 'pageSize'] as const;

/** 审批工作台: the queues and the page of cases the address asks for, not awaited (the page shows them loading). */
export async function staffHomeLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  const params = new URL(request.url).searchParams;
  const filter = Object.fromEntries(CASE_FILTERS.map((k) => [k, params.get(k) ?? '']));
  return {
    roles: account.roles,
    queues: later(staffApi.queues().then((r) => r.queues)),
    cases: later(staffApi.cases(filter)),
    /** 负责人: 延期申请 waiting for a decision (the badge counts them). */
    pendingExtensions: account.roles.includes('head') ? later(staffApi.extensions().then((r) => r.pending.length)) : null,
  };
}
