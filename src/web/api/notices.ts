import { api } from './client.ts';

/** 公示 (notice of review opinions) or 公告 (announcement of decisions). */
export type NoticeKind = 'notice' | 'announcement';

/** One line of a 公示/公告 as the public reads it (no 申报编号, no ID number). */
export interface PublicEntryFacts {
  subjectName: string;
  uscc: string | null;
  /** Item code, e.g. `survey-b`. */
  item: string;
  /** 申请内容 label. */
  applicationType: string | null;
  qualification: string | null;
  /** 同意 / 不同意 (公示); 准予许可 / 不予许可 / 准予注册 / 不予注册 / 准予注销 (公告). */
  opinion: string;
  reason: string | null;
}

/** A case waiting in 待公示 / 待公告, with the line it would get. */
export interface CandidateCase extends PublicEntryFacts {
  applicationId: string;
  number: string;
  itemTitle: string;
  /** The workflow action publishing takes (publish / publish-refusal). */
  action: string;
}

export interface NoticePeriod {
  startsOn: string;
  endsOn: string;
  days: number;
}

export interface BatchInput {
  kind: NoticeKind;
  applicationIds: string[];
  title?: string;
  body?: string;
  /** 公示 only: NOTICE_PERIOD_MIN_DAYS–NOTICE_PERIOD_MAX_DAYS working days (default NOTICE_PERIOD_DAYS). */
  periodDays?: number;
}

export interface BatchPreview {
  kind: NoticeKind;
  title: string;
  body: string;
  period: NoticePeriod | null;
  entries: CandidateCase[];
}

export interface BatchEntry extends PublicEntryFacts {
  position: number;
  applicationId: string;
  number: string;
  /** The case's current node (null once ended). */
  node: string | null;
}

export interface BatchSummary {
  id: string;
  kind: NoticeKind;
  title: string;
  status: 'published' | 'closed';
  periodDays: number | null;
  startsOn: string | null;
  endsOn: string | null;
  entryCount: number;
  publishedAt: string;
  closedAt: string | null;
  pendingStatements: number;
}

export interface Batch extends Omit<BatchSummary, 'pendingStatements'> {
  body: string;
  entries: BatchEntry[];
}

export type StatementOutcome = 'kept' | 'returned';

export interface StatementRow {
  id: string;
  submittedAt: string;
  status: 'pending' | 'replied';
  outcome: StatementOutcome | null;
  applicationId: string;
  number: string;
  item: string;
  batchTitle: string;
  endsOn: string | null;
  applicantName: string | null;
}

export interface StatementView {
  id: string;
  text: string;
  submittedAt: string;
  status: 'pending' | 'replied';
  reply: string | null;
  outcome: StatementOutcome | null;
  repliedAt: string | null;
  applicationId: string;
  number: string;
  item: string;
  node: string | null;
  version: number;
  batchId: string;
  batchTitle: string;
  endsOn: string | null;
  entry: { opinion: string; reason: string | null; subjectName: string; qualification: string | null } | undefined;
  attachments: { id: string; originalName: string; size: number; pages: number }[];
}

/** Where the public reads a batch (server-rendered pages). */
export const publicBatchUrl = (kind: NoticeKind, id: string) => (kind === 'notice' ? `/public/notices/${id}` : `/public/announcements/${id}`);

/** 公示公告岗 (role `publisher`) only; everyone else gets 403. */
export const noticesApi = {
  candidates: (kind: NoticeKind) => api<{ cases: CandidateCase[] }>('GET', `/api/staff/notices/candidates?kind=${kind}`),
  preview: (input: BatchInput) => api<BatchPreview>('POST', '/api/staff/notices/preview', input),
  /** 409 when a chosen case is no longer waiting (someone else published it). */
  publish: (input: BatchInput) => api<Batch>('POST', '/api/staff/notices/batches', input),
  batches: (kind?: NoticeKind) => api<{ batches: BatchSummary[] }>('GET', `/api/staff/notices/batches${kind ? `?kind=${kind}` : ''}`),
  batch: (id: string) => api<Batch>('GET', `/api/staff/notices/batches/${encodeURIComponent(id)}`),
};

export const statementsApi = {
  list: (status: 'pending' | 'all') => api<{ statements: StatementRow[] }>('GET', `/api/staff/statements?status=${status}`),
  get: (id: string) => api<StatementView>('GET', `/api/staff/statements/${encodeURIComponent(id)}`),
  /** 409 when the statement has been answered already. */
  reply: (id: string, body: { reply: string; outcome: StatementOutcome }) => api<StatementView>('POST', `/api/staff/statements/${encodeURIComponent(id)}/reply`, body),
  fileUrl: (id: string, fileId: string) => `/api/staff/statements/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`,
};
