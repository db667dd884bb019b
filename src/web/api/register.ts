import type { HeldCertificate, Standing, TypeOffer } from '../../domain/register/index.ts';
import { api } from './client.ts';

/** What the register holds for this applicant and what each 申请内容 offers (from /start). */
export interface RegisterOffers {
  held: HeldCertificate | null;
  types: Record<string, TypeOffer>;
}

export interface MyCertificate {
  id: string;
  item: string;
  itemTitle: string;
  title: string;
  number: string;
  holderName: string;
  validFrom: string;
  validUntil: string;
  employer: string | null;
  standing: Standing;
  voidedOn: string | null;
  renewBeforeDays: number | null;
  holdings: { code: string; name: string }[];
  documentId: string | null;
  /** 核验码 of the current electronic certificate (/verify/<code>). */
  verificationCode: string | null;
}

export interface ExpiredCertificate {
  id: string;
  title: string;
  itemTitle: string;
  number: string;
  holderName: string;
  validUntil: string;
  daysOverdue: number;
  employer: string | null;
}

export const registerApi = {
  mine: () => api<{ holderKind: 'enterprise' | 'engineer' | null; certificates: MyCertificate[] }>('GET', '/api/register/mine'),
  renewal: (id: string) => api<{ id: string; item: string }>('POST', `/api/register/certificates/${encodeURIComponent(id)}/renewal`),
  expired: () => api<{ certificates: ExpiredCertificate[] }>('GET', '/api/staff/register/expired'),
  cancelExpired: (id: string) => api<{ documentId: string }>('POST', `/api/staff/register/certificates/${encodeURIComponent(id)}/cancel`),
};

export const certificateDocumentUrl = (id: string) => `/api/register/certificates/${encodeURIComponent(id)}/document`;
