import type { LoaderFunctionArgs } from 'react-router';
import { noticesApi, type NoticeKind } from '../../api/notices.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

const TABS = ['notice', 'announcement', 'batches'] as const;
export type NoticesTab = (typeof TABS)[number];
export type BatchFilter = NoticeKind | 'all';

/** Where 公示公告管理 is: its tab (`?tab=`, 待公示 by default), the batch list's filter (`?kind=`) and the batch open (`?batch=`). */
export function noticesPlace(params: URLSearchParams): { tab: NoticesTab; kind: BatchFilter; batchId: string | null } {
  const tab = params.get('tab');
  const kind = params.get('kind');
  return {
    tab: (TABS as readonly (string | null)[]).includes(tab) ? (tab as NoticesTab) : 'notice',
    kind: kind === 'notice' || kind === 'announcement' ? kind : 'all',
    batchId: params.get('batch'),
  };
}

/** The address of a place in 公示公告管理; the defaults are left out. */
export function noticesHref(place: { tab: NoticesTab; kind?: BatchFilter; batchId?: string | null }): string {
  const p = new URLSearchParams();
  if (place.tab !== 'notice') p.set('tab', place.tab);
  if (place.kind && place.kind !== 'all') p.set('kind', place.kind);
  if (place.batchId) p.set('batch', place.batchId);
  const query = p.toString();
  return query ? `/staff/notices?${query}` : '/staff/notices';
}

/**
 * 公示公告管理 (role `publisher`): the open tab's data, not awaited, so that the page shows at once
 * with its tables loading.
 */
export async function noticesLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (!account.roles.includes('publisher')) return { allowed: false as const };
  const { tab, kind, batchId } = noticesPlace(new URL(request.url).searchParams);
  return settle({
    allowed: true as const,
    /** The 待公示 or 待公告 list, of the tab open. */
    candidates: tab === 'batches' ? null : noticesApi.candidates(tab).then((r) => r.cases),
    batches: tab === 'batches' ? noticesApi.batches(kind === 'all' ? undefined : kind).then((r) => r.batches) : null,
    batch: tab === 'batches' && batchId ? noticesApi.batch(batchId) : null,
  });
}
