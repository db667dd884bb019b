import type { LoaderFunctionArgs } from 'react-router';
import { staffApi } from '../../api/staff.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

/** 延期审批 (role `head`): the requests waiting and those decided lately, not awaited. */
export async function extensionsLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  if (!account.roles.includes('head')) return { allowed: false as const };
  return settle({ allowed: true as const, queue: staffApi.extensions() });
}
