import type { LoaderFunctionArgs } from 'react-router';
import { isAdminRole } from '../../../domain/roles.ts';
import { ratingsApi } from '../../api/ratings.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

export type RectificationStatus = 'open' | 'closed' | 'all';

/** 好差评统计 (staff with a case role), not awaited. */
export async function ratingStatsLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (account.kind !== 'staff' || !account.roles.some((r) => !isAdminRole(r))) return { allowed: false as const };
  return settle({ allowed: true as const, isHead: account.roles.includes('head'), stats: ratingsApi.stats() });
}

/** 差评整改 (负责人): the tasks of the tab in the address (`?status=`, 待整改 by default), not awaited. */
export async function rectificationsLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (!account.roles.includes('head')) return { allowed: false as const };
  const asked = new URL(request.url).searchParams.get('status');
  const status: RectificationStatus = asked === 'closed' || asked === 'all' ? asked : 'open';
  return settle({ allowed: true as const, status, rows: ratingsApi.rectifications(status).then((r) => r.rectifications) });
}

/** One 差评整改 task (负责人), not awaited. */
export async function rectificationLoader({ request, params }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (!account.roles.includes('head')) return { allowed: false as const };
  return settle({ allowed: true as const, task: ratingsApi.rectification(params.id ?? '') });
}
