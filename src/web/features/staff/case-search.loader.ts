import type { LoaderFunctionArgs } from 'react-router';
import type { CaseSearchParams } from '../../api/staff.ts';
import { staffApi } from '../../api/staff.ts';
import { later, requireAccount, settle } from '../../app/loaders.ts';

/** The filters of 全部案件 kept in its address. */
export const CASE_SEARCH_KEYS = ['q', 'item', 'type', 'from', 'to', 'state', 'mine', 'page', 'pageSize'] as const satisfies readonly (keyof CaseSearchParams)[];

/** 全部案件: the page of cases the address asks for (no filter: every case, newest submission first). */
export async function caseSearchLoader({ request }: LoaderFunctionArgs) {
  await requireAccount(request);
  const params = new URL(request.url).searchParams;
  const filter = Object.fromEntries(CASE_SEARCH_KEYS.map((k) => [k, params.get(k) ?? ''])) as CaseSearchParams;
  return settle({ found: later(staffApi.search(filter)) });
}
