import type { LoaderFunctionArgs } from 'react-router';
import { findItem } from '../../../domain/items/index.ts';
import { applicationsApi } from '../../api/applications.ts';
import { isApiError } from '../../api/client.ts';
import type { RegisterOffers } from '../../api/register.ts';
import { sessionAccount } from '../../app/session.tsx';

/** What the advisor knows of the visitor: nothing (not logged in), or the register's answer. */
export type AdvisorContext =
  | { kind: 'anonymous' }
  | { kind: 'known'; register: RegisterOffers | null }
  /** The account cannot apply for this item at all (an engineer on an enterprise item …). */
  | { kind: 'refused'; message: string };

/**
 * 我该选哪个申请内容 (/items/:code/choose): open to everyone; for a logged-in applicant the register
 * answers whether they hold the item's certificate, and each 申请内容's offer says whether it is open.
 */
export async function typeAdvisorLoader({ params }: LoaderFunctionArgs): Promise<{ code: string | null; context: AdvisorContext }> {
  const item = findItem(params.code ?? '');
  if (!item) return { code: null, context: { kind: 'anonymous' } };
  if (!(await sessionAccount())) return { code: item.code, context: { kind: 'anonymous' } };
  try {
    return { code: item.code, context: { kind: 'known', register: (await applicationsApi.start(item.code)).register } };
  } catch (e) {
    if (isApiError(e, 'WRONG_APPLICANT_KIND', 'APPLICANT_NOT_ELIGIBLE')) return { code: item.code, context: { kind: 'refused', message: e.message } };
    // The advice works without the register: ask instead of failing the page.
    return { code: item.code, context: { kind: 'anonymous' } };
  }
}
