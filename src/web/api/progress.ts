import type { CaseNotices } from '../../contract/notices.ts';
import type { CaseTrack, CollectionInput, NotificationPage, ProgressList, UnreadCount } from '../../contract/progress.ts';
import { api, ApiError, apiErrorOf, csrfHeader, jsonOf } from './client.ts';

export type { CaseStatement, CaseNotices, NoticeLine } from '../../contract/notices.ts';
export type {
  CaseDeadline,
  CaseTrack,
  CollectionView,
  CorrectionDue,
  IssuedDocumentView,
  NotificationView,
  ProgressAction,
  ProgressRow,
  TrackStatus,
  TrackView,
} from '../../contract/progress.ts';

export const documentUrl = (caseId: string, documentId: string) => `/api/progress/${caseId}/documents/${documentId}`;

export const progressApi = {
  list: () => api<ProgressList>('GET', '/api/progress'),
  track: (id: string) => api<CaseTrack>('GET', `/api/progress/${id}`),
  collect: (id: string, body: CollectionInput) =>
    api<CaseTrack>('PUT', `/api/progress/${id}/collection`, body),
  notifications: (before?: string) =>
    api<NotificationPage>('GET', `/api/notifications${before ? `?before=${before}` : ''}`),
  unread: () => api<UnreadCount>('GET', '/api/notifications/unread-count'),
  markRead: (ids?: string[]) => api<UnreadCount>('POST', '/api/notifications/read', ids ? { ids } : {}),
};

export const noticesOfCase = (id: string) => api<CaseNotices>('GET', `/api/progress/${id}/notices`);
export const statementFileUrl = (caseId: string, statementId: string, fileId: string) => `/api/progress/${caseId}/statements/${statementId}/files/${fileId}`;

/** 陈述: text and PDF files in one multipart request (the server checks each file like the wizard's uploads). */
export async function fileStatement(caseId: string, text: string, files: readonly File[]): Promise<CaseNotices> {
  const form = new FormData();
  form.append('text', text);
  for (const f of files) form.append('files', f, f.name);
  let res: Response;
  try {
    res = await fetch(`/api/progress/${caseId}/statements`, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', ...csrfHeader() } });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  const data = await jsonOf(res);
  if (!res.ok) throw apiErrorOf(res, data, '提交失败，请稍后再试');
  return data as CaseNotices;
}
