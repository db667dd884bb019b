import type { LoaderFunctionArgs } from 'react-router';
import { statementsApi } from '../../api/notices.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

/** 陈述处理 (role `publisher`): the statements of the filter in the address (`?status=all`, else 待答复), not awaited. */
export async function statementsLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (!account.roles.includes('publisher')) return { allowed: false as const };
  const status: 'pending' | 'all' = new URL(request.url).searchParams.get('status') === 'all' ? 'all' : 'pending';
  return settle({ allowed: true as const, status, rows: statementsApi.list(status).then((r) => r.statements) });
}

/** One 陈述 (role `publisher`), not awaited. */
export async function statementLoader({ request, params }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (!account.roles.includes('publisher')) return { allowed: false as const };
  return settle({ allowed: true as const, view: statementsApi.get(params.id ?? '') });
}
