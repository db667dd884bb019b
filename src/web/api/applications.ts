import type { Prefill } from '../../domain/items/index.ts';
import { partReopened, reopenedFields } from '../../domain/workflow/index.ts';
import type { RegisterOffers } from './register.ts';
import { ApiError, api, csrfHeader } from './client.ts';

export interface AttachmentView {
  slot: string;
  originalName: string;
  size: number;
  pages: number;
  sha256: string;
  uploadedAt: string;
}

export interface ApplicationView {
  id: string;
  item: string;
  number: string | null;
  applicationType: string | null;
  status: 'draft' | 'submitted' | 'correction' | 'closed';
  version: number;
  node: string | null;
  outcome: string | null;
  /** Open 补正 request: the parts reopened (step keys, attachments.<slot>) and the staff's message. */
  correction: { items: string[]; message: string; requestedAt: string } | null;
  data: Record<string, Record<string, unknown>>;
  savedSteps: string[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  attachments: AttachmentView[];
}

export interface ApplicationSummary {
  id: string;
  item: string;
  number: string | null;
  applicationType: string | null;
  status: 'draft' | 'submitted' | 'correction' | 'closed';
  /** The staff's 补正 message while the applicant has to correct. */
  correctionMessage: string | null;
  savedSteps: string[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
}

export interface StartInfo {
  prefill: Prefill;
  /** Items whose result enters the register: the applicant's certificate and each type's offer. */
  register: RegisterOffers | null;
  open: { id: string; status: 'draft' | 'submitted' | 'correction' | 'closed'; number: string | null } | null;
}

export const applicationsApi = {
  start: (item: string) => api<StartInfo>('GET', `/api/items/${encodeURIComponent(item)}/start`),
  list: () => api<{ applications: ApplicationSummary[] }>('GET', '/api/applications'),
  get: (id: string) => api<ApplicationView>('GET', `/api/applications/${id}`),
  create: (item: string, values: Record<string, unknown>) => api<ApplicationView>('POST', '/api/applications', { item, values }),
  saveStep: (id: string, step: string, version: number, values: Record<string, unknown>) =>
    api<ApplicationView>('PUT', `/api/applications/${id}/steps/${step}`, { version, values }),
  discard: (id: string) => api<void>('DELETE', `/api/applications/${id}`),
  removeAttachment: (id: string, slot: string) => api<ApplicationView>('DELETE', `/api/applications/${id}/attachments/${slot}`),
  resubmit: (id: string, version: number) => api<ApplicationView>('POST', `/api/applications/${id}/resubmit`, { version }),
  submit: (id: string) => api<{ number: string; alreadySubmitted: boolean; application: ApplicationView }>('POST', `/api/applications/${id}/submit`),
  attachmentUrl: (id: string, slot: string) => `/api/applications/${id}/attachments/${slot}`,

  /** Multipart upload of one file into a slot. */
  async upload(id: string, slot: string, file: File): Promise<ApplicationView> {
    const body = new FormData();
    body.append('file', file, file.name);
    let res: Response;
    try {
      res = await fetch(`/api/applications/${id}/attachments/${slot}`, { method: 'POST', body, headers: csrfHeader(), credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'NETWORK', '网络连接中断，文件未上传，请重试');
    }
    const data = res.headers.get('content-type')?.includes('application/json') ? await res.json() : undefined;
    if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? '上传失败，请重试');
    return data as ApplicationView;
  },
};

/** During 补正: whether a step (or one attachment slot) was reopened by the staff. */
export function isReopened(application: ApplicationView, part: { step?: string; slot?: string }): boolean {
  if (application.status === 'draft') return true;
  return partReopened(application.correction?.items ?? [], part);
}

/** During 补正: the fields of a step that may change — all of them, or only those listed. */
export function editableFields(application: ApplicationView | null, step: string): 'all' | ReadonlySet<string> {
  if (!application || application.status !== 'correction') return 'all';
  return reopenedFields(application.correction?.items ?? [], step);
}
