/** Typed JSON client for the app's API: same-origin, CSRF token on state-changing calls. */

import type { FieldError } from '../../contract/common.ts';

export type { FieldError } from '../../contract/common.ts';
export type { SessionAccount, SessionInfo } from '../../contract/account.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF header for a state-changing request made outside `api` (uploads). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  const data = res.status !== 204 && res.headers.get('content-type')?.includes('application/json') ? await res.json() : undefined;
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, e.message ?? '系统繁忙，请稍后再试', e.fieldErrors ?? []);
  }
  return data as T;
}

/** The staff console logs in at the staff issuer (password + 动态口令), applicants at 统一身份认证. */
export function loginUrl(returnTo: string, screen?: 'register'): string {
  const q = new URLSearchParams({ returnTo });
  if (/^\/(staff|admin)(\/|$|\?)/.test(returnTo)) q.set('audience', 'staff');
  else if (screen) q.set('screen', screen);
  return `/auth/login?${q}`;
}
