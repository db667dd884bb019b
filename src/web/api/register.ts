import type { Cancelled, ExpiredCertificates, MyCertificates, RenewalDraft } from '../../contract/register.ts';
import { api } from './client.ts';

export type { ExpiredCertificate, MyCertificate, RegisterOffers } from '../../contract/register.ts';

export const registerApi = {
  mine: () => api<MyCertificates>('GET', '/api/register/mine'),
  renewal: (id: string) => api<RenewalDraft>('POST', `/api/register/certificates/${encodeURIComponent(id)}/renewal`),
  expired: () => api<ExpiredCertificates>('GET', '/api/staff/register/expired'),
  cancelExpired: (id: string) => api<Cancelled>('POST', `/api/staff/register/certificates/${encodeURIComponent(id)}/cancel`),
};

export const certificateDocumentUrl = (id: string) => `/api/register/certificates/${encodeURIComponent(id)}/document`;
