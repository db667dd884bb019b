import type { ApplicationList, ApplicationView, DossierMoveInput, DossierPartFields, DossierView, StartInfo, SubmitResult } from '../../contract/applications.ts';
import { ApiError, api, apiErrorOf, csrfHeader, jsonOf } from './client.ts';

export type { ApplicationSummary, ApplicationView, AttachmentView, DossierPartView, DossierView, StartInfo } from '../../contract/applications.ts';

export const applicationsApi = {
  start: (item: string) => api<StartInfo>('GET', `/api/items/${encodeURIComponent(item)}/start`),
  list: () => api<ApplicationList>('GET', '/api/applications'),
  get: (id: string) => api<ApplicationView>('GET', `/api/applications/${id}`),
  create: (item: string, values: Record<string, unknown>) => api<ApplicationView>('POST', '/api/applications', { item, values }),
  saveStep: (id: string, step: string, version: number, values: Record<string, unknown>) =>
    api<ApplicationView>('PUT', `/api/applications/${id}/steps/${step}`, { version, values }),
  discard: (id: string) => api<void>('DELETE', `/api/applications/${id}`),
  removeAttachment: (id: string, slot: string) => api<ApplicationView>('DELETE', `/api/applications/${id}/attachments/${slot}`),
  resubmit: (id: string, version: number) => api<ApplicationView>('POST', `/api/applications/${id}/resubmit`, { version }),
  submit: (id: string) => api<SubmitResult>('POST', `/api/applications/${id}/submit`),
  attachmentUrl: (id: string, slot: string) => `/api/applications/${id}/attachments/${slot}`,
  /** The form the system writes for a slot, filled from the saved draft (issue 20). */
  generatedFormUrl: (id: string, slot: string) => `/api/applications/${id}/forms/${slot}`,
  blankFormUrl: (item: string, slot: string) => `/api/items/${item}/forms/${slot}`,

  /** 在线整合材料 of a slot: its documents per person; add, remove, move; assemble into the slot. */
  dossier: (id: string, slot: string) => api<DossierView>('GET', `/api/applications/${id}/dossier/${slot}`),
  removeDossierPart: (id: string, slot: string, partId: string) => api<DossierView>('DELETE', `/api/applications/${id}/dossier/${slot}/parts/${partId}`),
  moveDossier: (id: string, slot: string, move: DossierMoveInput) => api<DossierView>('POST', `/api/applications/${id}/dossier/${slot}/move`, move),
  assembleDossier: (id: string, slot: string) => api<ApplicationView>('POST', `/api/applications/${id}/dossier/${slot}/assemble`),
  addDossierPart: (id: string, slot: string, fields: DossierPartFields, file: File) => sendDossierFile('POST', `/api/applications/${id}/dossier/${slot}/parts`, file, fields),
  /** A clearer scan for a document: it keeps its person, title and place. */
  replaceDossierPart: (id: string, slot: string, partId: string, file: File) => sendDossierFile('POST', `/api/applications/${id}/dossier/${slot}/parts/${partId}`, file),

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
    const data = await jsonOf(res);
    if (!res.ok) throw apiErrorOf(res, data, '上传失败，请重试');
    return data as ApplicationView;
  },
};

/** A dossier document's file, multipart, its fields first (the server reads them with the file). */
async function sendDossierFile(method: 'POST', url: string, file: File, fields?: DossierPartFields): Promise<DossierView> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields ?? {})) body.append(name, value);
  body.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(url, { method, body, headers: csrfHeader(), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接中断，文件未上传，请重试');
  }
  const data = await jsonOf(res);
  if (!res.ok) throw apiErrorOf(res, data, '上传失败，请重试');
  return data as DossierView;
}
