import type { BasicInfoInput, BasicInfoView, LogoutResult, SessionInfo } from '../../contract/account.ts';
import { api } from './client.ts';

export type { BasicInfoView } from '../../contract/account.ts';

export const sessionApi = {
  /** Who is logged in, and the CSRF token. */
  get: () => api<SessionInfo>('GET', '/api/session'),
  logout: () => api<LogoutResult>('POST', '/auth/logout'),
};

export const accountApi = {
  basicInfo: () => api<BasicInfoView>('GET', '/api/me/basic-info'),
  saveBasicInfo: (values: BasicInfoInput['values']) => api<BasicInfoView>('PUT', '/api/me/basic-info', { values }),
};
