import type { AuditFilter, AuditPage, AuditQuery, Created, CreateStaffInput, HolidayList, HolidaysInput, StaffList } from '../../contract/admin.ts';
import { api } from './client.ts';

export type { AuditEntry, AuditFilter, CreateStaffInput, HolidayEntry, StaffAccount } from '../../contract/admin.ts';

const auditQuery = (filter: AuditQuery) => new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);

export const adminApi = {
  staff: () => api<StaffList>('GET', '/api/admin/staff'),
  create: (body: CreateStaffInput) => api<Created>('POST', '/api/admin/staff', body),
  setRoles: (id: string, roles: string[]) => api<void>('PUT', `/api/admin/staff/${id}/roles`, { roles }),
  setDisabled: (id: string, disabled: boolean) => api<void>('PUT', `/api/admin/staff/${id}/status`, { disabled }),
  resetTotp: (id: string) => api<void>('POST', `/api/admin/staff/${id}/totp-reset`),
  holidays: (year: number) => api<HolidayList>('GET', `/api/admin/holidays/${year}`),
  /** Replaces the year's arrangement. */
  saveHolidays: (year: number, body: HolidaysInput) => api<void>('PUT', `/api/admin/holidays/${year}`, body),
  audit: (query: AuditQuery) => api<AuditPage>('GET', `/api/admin/audit?${auditQuery(query)}`),
  /** A plain link: the browser downloads the CSV with the session cookie. */
  auditExportUrl: (filter: AuditFilter) => `/api/admin/audit/export?${auditQuery(filter)}`,
};
