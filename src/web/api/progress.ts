import { api, ApiError, csrfHeader } from './client.ts';

export interface CaseDeadline {
  due: string | null;
  remainingDays: number;
  overdue: boolean;
  paused: boolean;
  limitDays: number;
  /** Years the period runs into whose 放假安排 is not published yet: the due date is provisional. */
  unpublishedYears: number[];
  /** What stops the clock now (专家评审, 公示 …). */
  pausedFor?: string | null;
  /** Art.42: days an approved 延期 added to the limit. */
  extensionDays?: number;
}

/** 补正期限: the last day to resubmit; past it the application is 视为撤回. */
export interface CorrectionDue {
  due: string;
  overdue: boolean;
  remainingDays: number;
  unpublishedYears: number[];
}

export type ProgressAction =
  | { key: 'continue' }
  | { key: 'track' }
  | { key: 'correct' }
  | { key: 'acceptance'; documentId: string }
  | { key: 'notice' }
  | { key: 'collect' };

export interface ProgressRow {
  id: string;
  number: string | null;
  item: string;
  itemTitle: string;
  applicationTypeLabel: string | null;
  status: 'draft' | 'submitted' | 'correction' | 'closed';
  submittedAt: string | null;
  updatedAt: string;
  nodeLabel: string;
  statusText: string;
  deadline: CaseDeadline | null;
  correctionMessage?: string | null;
  correctionDue?: CorrectionDue | null;
  actions: ProgressAction[];
}

export type TrackStatus = 'done' | 'current' | 'ahead' | 'skipped';

export interface TrackView {
  nodes: { key: string; label: string; status: TrackStatus; detour: boolean; enteredAt?: string; leftAt?: string }[];
  end: { label: string; status: 'reached' | 'ahead'; at?: string; outcome?: string };
}

export interface IssuedDocumentView {
  id: string;
  kind: string;
  title: string;
  number: string;
  issuedAt: string;
  status: 'valid' | 'superseded' | 'revoked';
  revokedReason: string | null;
  verificationCode: string;
}

export interface CollectionView {
  method: 'hall' | 'post';
  recipient: string;
  phone: string;
  address: string | null;
  postalCode: string | null;
  chosenAt: string;
}

export interface CaseTrack extends Omit<ProgressRow, 'updatedAt'> {
  /** `publishes`: whether this case's workflow has a 公示 / 公告 node (its tabs are shown only then). */
  workflow: { name: string; label: string; publishes: { notice: boolean; announcement: boolean } };
  track: TrackView;
  steps: { nodeLabel: string; actionLabel: string; at: string; opinion: string | null; negative: boolean }[];
  correction: { items: string[]; message: string; requestedAt: string } | null;
  /** Art.42: an approved 延期, with its reason and the dates before and after. */
  extension: { days: number; reason: string; approvedAt: string; dueBefore: string; dueAfter: string } | null;
  documents: IssuedDocumentView[];
  collection: CollectionView | null;
  canCollect: boolean;
}

export interface NotificationView {
  id: string;
  applicationId: string | null;
  number: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export const documentUrl = (caseId: string, documentId: string) => `/api/progress/${caseId}/documents/${documentId}`;

export const progressApi = {
  list: () => api<{ cases: ProgressRow[] }>('GET', '/api/progress'),
  track: (id: string) => api<CaseTrack>('GET', `/api/progress/${id}`),
  collect: (id: string, body: { method: 'hall' | 'post'; recipient: string; phone: string; address?: string; postalCode?: string }) =>
    api<CaseTrack>('PUT', `/api/progress/${id}/collection`, body),
  notifications: (before?: string) =>
    api<{ items: NotificationView[]; more: boolean; unread: number }>('GET', `/api/notifications${before ? `?before=${before}` : ''}`),
  unread: () => api<{ unread: number }>('GET', '/api/notifications/unread-count'),
  markRead: (ids?: string[]) => api<{ unread: number }>('POST', '/api/notifications/read', ids ? { ids } : {}),
};

export interface NoticeLine {
  batchId: string;
  title: string;
  publishedAt: string;
  startsOn: string | null;
  endsOn: string | null;
  periodDays: number | null;
  running: boolean;
  subjectName: string;
  applicationType: string | null;
  qualification: string | null;
  opinion: string;
  reason: string | null;
  url: string;
}

export interface StatementView {
  id: string;
  batchId: string;
  text: string;
  submittedAt: string;
  status: 'pending' | 'replied';
  reply: string | null;
  outcome: 'kept' | 'returned' | null;
  repliedAt: string | null;
  attachments: { id: string; originalName: string; size: number; pages: number }[];
}

export interface CaseNotices {
  notices: NoticeLine[];
  announcements: NoticeLine[];
  statements: StatementView[];
  canFileStatement: boolean;
  statementDeadline: string | null;
}

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
  const data = res.headers.get('content-type')?.includes('application/json') ? await res.json() : undefined;
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? '提交失败，请稍后再试', data?.error?.fieldErrors ?? []);
  return data as CaseNotices;
}
