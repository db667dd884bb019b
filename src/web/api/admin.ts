import { api } from './client.ts';

export interface StaffAccount {
  id: string;
  username: string | null;
  name: string;
  mobile: string;
  roles: string[];
  disabled: boolean;
  totpEnrolled: boolean;
  createdAt: string;
}

/** One audit row as the server presents it (people, actions and objects by name). */
export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  actionLabel: string;
  outcome: 'success' | 'failure';
  person: string;
  login: string | null;
  objectType: string | null;
  objectId: string | null;
  object: string;
  clientIp: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** The audit page's filters; dates are YYYY-MM-DD (Beijing days), both inclusive. */
export interface AuditFilter {
  person?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

const auditQuery = (filter: AuditFilter & { before?: string }) => new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);

export const adminApi = {
  staff: () => api<{ staff: StaffAccount[] }>('GET', '/api/admin/staff'),
  create: (body: { username: string; name: string; mobile: string; password: string }) => api<{ id: string }>('POST', '/api/admin/staff', body),
  setRoles: (id: string, roles: string[]) => api<void>('PUT', `/api/admin/staff/${id}/roles`, { roles }),
  setDisabled: (id: string, disabled: boolean) => api<void>('PUT', `/api/admin/staff/${id}/status`, { disabled }),
  resetTotp: (id: string) => api<void>('POST', `/api/admin/staff/${id}/totp-reset`),
  audit: (filter: AuditFilter & { before?: string }) => api<{ entries: AuditEntry[] }>('GET', `/api/admin/audit?${auditQuery(filter)}`),
  /** A plain link: the browser downloads the CSV with the session cookie. */
  auditExportUrl: (filter: AuditFilter) => `/api/admin/audit/export?${auditQuery(filter)}`,
};
