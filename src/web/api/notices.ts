import type { Batch, BatchInput, BatchList, BatchPreview, CandidateList, NoticeKind, StatementList, StatementReply, StatementView } from '../../contract/notices.ts';
import { api } from './client.ts';

export type {
  Batch,
  BatchEntry,
  BatchInput,
  BatchPreview,
  BatchSummary,
  CandidateCase,
  NoticeEntryFacts,
  NoticeKind,
  NoticePeriod,
  StatementOutcome,
  StatementRow,
  StatementView,
} from '../../contract/notices.ts';

/** Where the public reads a batch (server-rendered pages). */
export const publicBatchUrl = (kind: NoticeKind, id: string) => (kind === 'notice' ? `/public/notices/${id}` : `/public/announcements/${id}`);

/** 公示公告岗 (role `publisher`) only; everyone else gets 403. */
export const noticesApi = {
  candidates: (kind: NoticeKind) => api<CandidateList>('GET', `/api/staff/notices/candidates?kind=${kind}`),
  preview: (input: BatchInput) => api<BatchPreview>('POST', '/api/staff/notices/preview', input),
  /** 409 when a chosen case is no longer waiting (someone else published it). */
  publish: (input: BatchInput) => api<Batch>('POST', '/api/staff/notices/batches', input),
  batches: (kind?: NoticeKind) => api<BatchList>('GET', `/api/staff/notices/batches${kind ? `?kind=${kind}` : ''}`),
  batch: (id: string) => api<Batch>('GET', `/api/staff/notices/batches/${encodeURIComponent(id)}`),
};

export const statementsApi = {
  list: (status: 'pending' | 'all') => api<StatementList>('GET', `/api/staff/statements?status=${status}`),
  get: (id: string) => api<StatementView>('GET', `/api/staff/statements/${encodeURIComponent(id)}`),
  /** 409 when the statement has been answered already. */
  reply: (id: string, body: StatementReply) => api<StatementView>('POST', `/api/staff/statements/${encodeURIComponent(id)}/reply`, body),
  fileUrl: (id: string, fileId: string) => `/api/staff/statements/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`,
};
