import type { LoaderFunctionArgs } from 'react-router';
import { basicInfoStep } from '../../../domain/items/index.ts';
import { accountApi } from '../../api/account.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

/** 完善基本信息: the account, and its saved basic information (none for staff), not awaited. */
export async function basicInfoLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  return settle({ account, view: basicInfoStep(account.kind) ? accountApi.basicInfo() : null });
}
