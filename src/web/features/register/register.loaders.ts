import { replace, type LoaderFunctionArgs } from 'react-router';
import { registerApi } from '../../api/register.ts';
import { errorMessage } from '../../app/RouteError.tsx';
import { requireAccount, settle } from '../../app/loaders.ts';

/** 我的资质: the certificates the applicant holds, not awaited. */
export async function myQualificationsLoader({ request }: LoaderFunctionArgs) {
  await requireAccount(request);
  return settle({ certificates: registerApi.mine().then((r) => r.certificates) });
}

/**
 * 申请延续, the reminders' link: opens a prefilled 延续 draft and goes on to the wizard in place of
 * this address; or says why it cannot.
 */
export async function renewCertificateLoader({ request, params }: LoaderFunctionArgs) {
  await requireAccount(request);
  try {
    const draft = await registerApi.renewal(params.id ?? '');
    return replace(`/items/${draft.item}/apply`);
  } catch (e) {
    return { error: errorMessage(e) };
  }
}

/** 依职权注销 (制证岗): certificates expired without 延续, not awaited. */
export async function expiredCertificatesLoader({ request }: LoaderFunctionArgs) {
  await requireAccount(request);
  return settle({ rows: registerApi.expired().then((r) => r.certificates) });
}
