import type { LoaderFunctionArgs } from 'react-router';
import { progressApi } from '../../api/progress.ts';
import { ratingsApi } from '../../api/ratings.ts';
import { registerApi } from '../../api/register.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

/**
 * 办事进度: the applicant's cases with the 服务评价 of those ended (none if that list fails), and
 * the certificates held (none if that list fails); not awaited.
 */
export async function myApplicationsLoader({ request }: LoaderFunctionArgs) {
  await requireAccount(request);
  const ratings = ratingsApi.mine().then(
    (r) => new Map(r.cases.map((c) => [c.applicationId, c])),
    () => new Map(),
  );
  return settle({
    progress: Promise.all([progressApi.list(), ratings]).then(([list, byCase]) => ({ rows: list.cases, ratings: byCase })),
    certificates: registerApi.mine().then((r) => r.certificates, () => []),
  });
}
