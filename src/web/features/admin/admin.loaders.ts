import type { LoaderFunctionArgs } from 'react-router';
import { adminApi, type AuditFilter } from '../../api/admin.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

/** The audit page's filters in its address; `before` pages back from the newest. */
export const AUDIT_FILTER_KEYS = ['person', 'action', 'outcome', 'from', 'to'] as const;

/** 工作人员账号: the accounts, not awaited; the server decides who may see them. */
export async function staffAccountsLoader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  return settle({ roles: account.roles, rows: adminApi.staff().then((r) => r.staff) });
}

/** 审计日志: one page of entries for the filters in the address (`?before=` for older ones), not awaited. */
export async function auditLogLoader({ request }: LoaderFunctionArgs) {
  await requireAccount(request);
  const params = new URL(request.url).searchParams;
  const filter = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as AuditFilter;
  return settle({ entries: adminApi.audit({ ...filter, before: params.get('before') ?? undefined }).then((r) => r.entries) });
}

/** The years the holiday table can be kept for. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** 节假日维护: the year in the address (`?year=`, next year by default) and its days, not awaited. */
export async function holidaysLoader({ request }: LoaderFunctionArgs) {
  await requireAccount(request);
  const asked = Number(new URL(request.url).searchParams.get('year'));
  const year = Number.isInteger(asked) && asked >= MIN_YEAR && asked <= MAX_YEAR ? asked : new Date().getFullYear() + 1;
  return settle({ year, entries: adminApi.holidays(year).then((r) => r.entries) });
}
