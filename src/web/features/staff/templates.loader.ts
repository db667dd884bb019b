import type { LoaderFunctionArgs } from 'react-router';
import { staffApi } from '../../api/staff.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

/** 常用意见管理 (role `head`): every role's templates, not awaited. */
export async function templatesLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (!account.roles.includes('head')) return { allowed: false as const };
  return settle({ allowed: true as const, list: staffApi.templates() });
}
