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

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  outcome: string;
  objectType: string | null;
  objectId: string | null;
  clientIp: string | null;
  actorLabel: string | null;
  actorName: string | null;
  details: Record<string, unknown>;
}

export const adminApi = {
  staff: () => api<{ staff: StaffAccount[] }>('GET', '/api/admin/staff'),
  create: (body: { username: string; name: string; mobile: string; password: string }) => api<{ id: string }>('POST', '/api/admin/staff', body),
  setRoles: (id: string, roles: string[]) => api<void>('PUT', `/api/admin/staff/${id}/roles`, { roles }),
  setDisabled: (id: string, disabled: boolean) => api<void>('PUT', `/api/admin/staff/${id}/status`, { disabled }),
  resetTotp: (id: string) => api<void>('POST', `/api/admin/staff/${id}/totp-reset`),
  audit: (filter: { action?: string; before?: string }) => {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    return api<{ entries: AuditEntry[] }>('GET', `/api/admin/audit?${q}`);
  },
};
