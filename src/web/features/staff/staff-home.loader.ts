import type { LoaderFunctionArgs } from 'react-router';
import { staffApi } from '../../api/staff.ts';
import { later, requireAccount, settle } from '../../app/loaders.ts';
import { errorMessage } from '../../app/RouteError.tsx';

/** The filters of 审批工作台 kept in its address. */
export const CASE_FILTERS = ['queue', 'q', 'item', 'type', 'overdue', 'holder', 'sort', 'page', 'pageSize'] as const;

/**
 * 审批工作台: the queues (awaited: without them the page is refused) and, not awaited, the page of
 * cases the address asks for and the 负责人's pending 延期 count.
 */
export async function staffHomeLoader({ request }: LoaderFunctionArgs) {
  // Asked at once, not after the session: the queues decide whether the page shows at all.
  const asked = later(staffApi.queues());
  const account = await requireAccount(request);
  const params = new URL(request.url).searchParams;
  const filter = Object.fromEntries(CASE_FILTERS.map((k) => [k, params.get(k) ?? '']));
  const cases = later(staffApi.cases(filter));
  const pendingExtensions = account.roles.includes('head') ? later(staffApi.extensions().then((r) => r.pending.length)) : null;
  try {
    const { queues } = await asked;
    return settle({ refused: null, roles: account.roles, queues, cases, pendingExtensions });
  } catch (e) {
    return { refused: errorMessage(e) };
  }
}
