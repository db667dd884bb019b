import type { Ok } from '../../contract/common.ts';
import type {
  BatchResult,
  CasePage,
  CaseActionInput,
  CaseHandOverInput,
  CaseListSearch,
  CaseSearchPage,
  CaseSearchParams,
  CaseSort,
  CaseView,
  ExtensionDecision,
  ExtensionQueue,
  OpinionTemplateInput,
  OpinionTemplateList,
  QueueList,
} from '../../contract/staff.ts';
import { api } from './client.ts';

export type {
  BatchResult,
  CaseAction,
  CasePage,
  CaseRow,
  CaseSearchPage,
  CaseSearchParams,
  CaseSearchRow,
  CaseState,
  CaseView,
  ExtensionQueueRow,
  ExtensionRequest,
  ExtensionStatus,
  NodeDeadline,
  OpinionTemplate,
  QueueView,
} from '../../contract/staff.ts';

/** Orders of a queue (the server's CASE_SORTS). */
export const CASE_SORT_LABELS = { entered: '按办理时限（进入本环节先后）', submitted: '按提交时间', item: '按事项和申请内容' } as const satisfies Record<CaseSort, string>;

export const staffApi = {
  queues: () => api<QueueList>('GET', '/api/staff/queues'),
  /** One page of a queue, ordered and filtered on the server; `total` counts the whole queue. */
  cases: (filter: CaseListSearch) => {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    return api<CasePage>('GET', `/api/staff/cases?${q}`);
  },
  /** 全部案件: any submitted case, open or closed; `total` counts every match. */
  search: (filter: CaseSearchParams) => {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    return api<CaseSearchPage>('GET', `/api/staff/search?${q}`);
  },
  /** 导出 of the queues shown: the same filters and order as an .xlsx download. */
  casesExportUrl: (filter: CaseListSearch) => {
    const q = new URLSearchParams(Object.entries(filter).filter(([k, v]) => v && k !== 'page' && k !== 'pageSize') as [string, string][]);
    return `/api/staff/cases/export?${q}`;
  },
  /** 导出: the same filters as an .xlsx download (every match up to CASE_EXPORT_MAX). */
  searchExportUrl: (filter: CaseSearchParams) => {
    const q = new URLSearchParams(Object.entries(filter).filter(([k, v]) => v && k !== 'page' && k !== 'pageSize') as [string, string][]);
    return `/api/staff/search/export?${q}`;
  },
  getCase: (id: string) => api<CaseView>('GET', `/api/staff/cases/${id}`),
  act: (id: string, body: CaseActionInput) =>
    api<CaseView>('POST', `/api/staff/cases/${id}/actions`, body),
  /** 认领 at the node the page shows. */
  claim: (id: string, node: string) => api<CaseView>('POST', `/api/staff/cases/${id}/claim`, { node }),
  release: (id: string) => api<CaseView>('POST', `/api/staff/cases/${id}/release`),
  /** 转办 (the holder) or 指派 (the 负责人). */
  handOver: (id: string, kind: 'transfer' | 'assign', body: CaseHandOverInput) => api<CaseView>('POST', `/api/staff/cases/${id}/${kind}`, body),
  /** 中止审查 with the reason the applicant is told; 恢复审查. */
  suspend: (id: string, reason: string, node: string) => api<CaseView>('POST', `/api/staff/cases/${id}/suspend`, { reason, node }),
  resume: (id: string, note?: string) => api<CaseView>('POST', `/api/staff/cases/${id}/resume`, note ? { note } : {}),
  /** 常用意见: the account's roles' templates (the 负责人: all); kept by the 负责人. */
  templates: () => api<OpinionTemplateList>('GET', '/api/staff/templates'),
  createTemplate: (body: OpinionTemplateInput) => api<OpinionTemplateList>('POST', '/api/staff/templates', body),
  updateTemplate: (id: string, body: OpinionTemplateInput) => api<OpinionTemplateList>('PUT', `/api/staff/templates/${id}`, body),
  deleteTemplate: (id: string) => api<OpinionTemplateList>('DELETE', `/api/staff/templates/${id}`),
  requestExtension: (id: string, reason: string) => api<Ok>('POST', `/api/staff/cases/${id}/extension`, { reason }),
  extensions: () => api<ExtensionQueue>('GET', '/api/staff/extensions'),
  decideExtension: (id: string, body: ExtensionDecision) =>
    api<ExtensionQueue>('POST', `/api/staff/extensions/${id}/decision`, body),
  /** 打印受理通知书: the notices of the cases chosen as one PDF. */
  acceptanceNoticesUrl: (ids: readonly string[]) => `/api/staff/cases/acceptance-notices?ids=${ids.join(',')}`,
  /** 批量制证完成: a result per case; a refused case is left as it was. */
  batchIssue: (ids: string[]) => api<BatchResult>('POST', '/api/staff/cases/batch-issue', { ids }),
  /** 制证: the certificate 制证完成 would issue now, as a 样张. */
  issuePreviewUrl: (id: string) => `/api/staff/cases/${id}/issue-preview`,
  attachmentUrl: (id: string, slot: string) => `/api/staff/cases/${id}/attachments/${slot}`,
  /** Any version of a case's file, current or replaced, by its id. */
  attachmentVersionUrl: (id: string, versionId: string) => `/api/staff/cases/${id}/attachment-versions/${versionId}`,
  documentUrl: (id: string, documentId: string) => `/api/staff/cases/${id}/documents/${documentId}`,
};
