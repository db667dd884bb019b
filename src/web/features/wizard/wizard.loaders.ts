import type { LoaderFunctionArgs } from 'react-router';
import { findItem, type Prefill } from '../../../domain/items/index.ts';
import { applicationsApi, type ApplicationView } from '../../api/applications.ts';
import { isApiError, loginUrl } from '../../api/client.ts';
import type { RegisterOffers } from '../../api/register.ts';
import { requireAccount, settle } from '../../app/loaders.ts';

/** Where 网上办理 of an item starts for this account. */
export type WizardStart =
  | { kind: 'refused'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'in-progress'; number: string | null }
  /** `load`: which load this is; the wizard starts afresh on each. */
  | { kind: 'ready'; load: number; prefill: Prefill; register: RegisterOffers | null; application: ApplicationView | null };

let loads = 0;

async function startOf(code: string, path: string): Promise<WizardStart> {
  try {
    const start = await applicationsApi.start(code);
    if (start.open && start.open.status !== 'draft' && start.open.status !== 'correction') return { kind: 'in-progress', number: start.open.number };
    const application = start.open ? await applicationsApi.get(start.open.id) : null;
    return { kind: 'ready', load: ++loads, prefill: start.prefill, register: start.register, application };
  } catch (e) {
    if (isApiError(e, 'UNAUTHENTICATED')) {
      // The session ended meanwhile: log in again, the page keeps saying it is loading until then.
      window.location.assign(loginUrl(path));
      return new Promise<never>(() => {});
    }
    // Wrong kind of account, or one the item excludes (a 北京 USCC filing as 外埠): say why before any typing.
    if (isApiError(e, 'WRONG_APPLICANT_KIND', 'APPLICANT_NOT_ELIGIBLE')) return { kind: 'refused', message: e.message };
    return { kind: 'error', message: e instanceof Error ? e.message : '加载失败' };
  }
}

/** 网上办理 (/items/:code/apply): the item's draft or 补正 to continue, or why there is none; not awaited. An unknown item needs no login. */
export async function wizardLoader({ request, params }: LoaderFunctionArgs) {
  const item = findItem(params.code ?? '');
  if (!item) return { code: null, start: null };
  await requireAccount(request);
  return settle({ code: item.code, start: startOf(item.code, new URL(request.url).pathname) });
}

/** 提交成功: the application just submitted, not awaited; the server decides who may see it. */
export function submittedLoader({ params }: LoaderFunctionArgs) {
  return settle({ application: applicationsApi.get(params.id ?? '') });
}
