import { api } from './client.ts';

export interface QueueView {
  queue: string;
  role: string;
  count: number;
}

export interface NodeDeadline {
  due: string | null;
  remainingDays: number;
  overdue: boolean;
  nearDue: boolean;
  deemedAccepted: boolean;
  unpublishedYears: number[];
}

export interface CaseRow {
  id: string;
  number: string;
  item: string;
  itemTitle: string;
  applicationType: string | null;
  applicationTypeLabel: string | null;
  applicantName: string;
  node: string;
  nodeEnteredAt: string;
  submittedAt: string;
  version: number;
  deadline: NodeDeadline | null;
}

export interface CaseAction {
  key: string;
  label: string;
  opinion: 'required' | 'optional' | 'none';
  negative: boolean;
  requestsCorrection: boolean;
  /** Starts a 特别程序 (专家评审): the expected working days are asked for (Art.45). */
  expectedPeriod: boolean;
}

export type ExtensionStatus = 'pending' | 'approved' | 'refused';

export interface ExtensionRequest {
  id: string;
  node: string;
  reason: string;
  days: number;
  status: ExtensionStatus;
  requestedAt: string;
  dueBefore: string;
  dueAfter: string | null;
  decidedAt: string | null;
  decisionOpinion: string | null;
  requestedByName: string | null;
  decidedByName: string | null;
}

export interface ExtensionQueueRow extends ExtensionRequest {
  applicationId: string;
  number: string;
  item: string;
  itemTitle: string;
  applicantName: string | null;
}

export interface CaseView {
  id: string;
  number: string;
  item: string;
  applicationType: string | null;
  status: string;
  version: number;
  data: Record<string, Record<string, unknown>>;
  correction: { items: string[]; message: string; requestedAt: string } | null;
  submittedAt: string;
  deadline: NodeDeadline | null;
  caseDeadline: {
    due: string | null;
    remainingDays: number;
    overdue: boolean;
    paused: boolean;
    pausedFor: string | null;
    limitDays: number;
    extensionDays: number;
    unpublishedYears: number[];
  } | null;
  /** What a 补正 may name: this case's fields and slots. */
  correctionChoices: { value: string; label: string }[];
  /** Art.42 延期: this case's requests and whether this account may ask now. */
  extension: { requests: ExtensionRequest[]; canRequest: boolean; days: number };
  workflow: { name: string; label: string };
  state: { status: 'open'; node: string; nodeLabel: string; enteredAt: string } | { status: 'ended'; end: string; endLabel: string };
  actions: CaseAction[];
  attachments: { slot: string; originalName: string; size: number; pages: number; sha256: string }[];
  history: {
    node: string;
    nodeLabel: string;
    action: string;
    actionLabel: string;
    actorRole: string | null;
    actor: string | null;
    opinion: string | null;
    correctionItems: string[] | null;
    expectedDays: number | null;
    remark: string | null;
    at: string;
  }[];
  documents: { id: string; kind: string; number: string; title: string; issuedAt: string; status: string; revokedReason: string | null }[];
}

export interface CasePage {
  cases: CaseRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** Orders of a queue (the server's CASE_SORTS). */
export const CASE_SORT_LABELS = { entered: '按办理时限（进入本环节先后）', submitted: '按提交时间', item: '按事项和申请内容' } as const;

export const staffApi = {
  queues: () => api<{ queues: QueueView[] }>('GET', '/api/staff/queues'),
  /** One page of a queue, ordered and filtered on the server; `total` counts the whole queue. */
  cases: (filter: { queue?: string; q?: string; item?: string; type?: string; overdue?: string; sort?: string; page?: string; pageSize?: string }) => {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    return api<CasePage>('GET', `/api/staff/cases?${q}`);
  },
  getCase: (id: string) => api<CaseView>('GET', `/api/staff/cases/${id}`),
  act: (id: string, body: { action: string; version: number; opinion?: string; remark?: string; correctionItems?: string[]; expectedDays?: number }) =>
    api<CaseView>('POST', `/api/staff/cases/${id}/actions`, body),
  requestExtension: (id: string, reason: string) => api<{ ok: true }>('POST', `/api/staff/cases/${id}/extension`, { reason }),
  extensions: () => api<{ pending: ExtensionQueueRow[]; decided: ExtensionQueueRow[] }>('GET', '/api/staff/extensions'),
  decideExtension: (id: string, body: { approve: boolean; opinion?: string }) =>
    api<{ pending: ExtensionQueueRow[]; decided: ExtensionQueueRow[] }>('POST', `/api/staff/extensions/${id}/decision`, body),
  attachmentUrl: (id: string, slot: string) => `/api/staff/cases/${id}/attachments/${slot}`,
  documentUrl: (id: string, documentId: string) => `/api/staff/cases/${id}/documents/${documentId}`,
};
