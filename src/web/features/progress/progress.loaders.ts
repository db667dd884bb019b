import type { LoaderFunctionArgs, ShouldRevalidateFunction } from 'react-router';
import { noticesOfCase, progressApi } from '../../api/progress.ts';
import { ratingsApi, type RatableCase } from '../../api/ratings.ts';
import { announceUnread } from '../../app/unread.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

/**
 * 流程跟踪 of one case: the case; its 公示/公告 where its workflow publishes them (null if none, or
 * if they cannot be read); its 服务评价. None awaited.
 */
export async function caseTrackLoader({ request, params }: LoaderFunctionArgs) {
  await requireAccount(request);
  const id = params.id ?? '';
  const view = progressApi.track(id);
  const notices = view.then(
    (v) => (v.workflow.publishes.notice || v.workflow.publishes.announcement ? noticesOfCase(id).catch(() => null) : null),
    () => null,
  );
  return settle({ view, notices, rating: ratingsApi.get(id) });
}

/** A tab of 流程跟踪 (`?tab=`) shows what is loaded already. */
export const caseTrackShouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  currentUrl.pathname === nextUrl.pathname && currentUrl.search !== nextUrl.search ? false : defaultShouldRevalidate;

/**
 * 消息中心: the newest page of messages (the header's unread count follows it), with the cases that
 * can be rated (none if that list fails); not awaited.
 */
export async function messagesLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  // Staff read their deadline warnings here; they rate nothing.
  const staff = account.kind === 'staff';
  const ratings = (staff ? Promise.reject(new Error('staff')) : ratingsApi.mine()).then(
    (r) => new Map(r.cases.map((x) => [x.applicationId, x])),
    () => new Map<string, RatableCase>(),
  );
  const page = progressApi.notifications().then((p) => {
    announceUnread(p.unread);
    return p;
  });
  return settle({ staff, first: Promise.all([page, ratings]).then(([p, byCase]) => ({ items: p.items, more: p.more, ratings: byCase })) });
}
